#include "item_scheme.h"

#include "media_decode.h"

#include <QBuffer>
#include <QPointer>
#include <QRegularExpression>
#include <QUrl>
#include <QWebEngineUrlRequestJob>
#include <QWebEngineUrlScheme>

using namespace Qt::StringLiterals;

namespace moddesk::ui {

namespace { } // namespace

void ItemSchemeHandler::registerScheme()
{
    QWebEngineUrlScheme scheme("item");
    // Host syntax: every page is of the one origin item://app, so Chromium keeps one renderer
    // for them (a Path-syntax URL has an opaque origin: a new renderer process per page).
    scheme.setSyntax(QWebEngineUrlScheme::Syntax::Host);
    // Secure (so the CSP's img-src item: matches) and local, but no CORS and no network access.
    scheme.setFlags(QWebEngineUrlScheme::SecureScheme);
    QWebEngineUrlScheme::registerScheme(scheme);
}

ItemSchemeHandler::ItemSchemeHandler(MediaLoader media, QObject* parent)
    : QWebEngineUrlSchemeHandler(parent)
    , m_media(std::move(media))
{
    m_decoders.setMaxThreadCount(1); // one core stays with the window and Chromium
}

void ItemSchemeHandler::setPage(const QString& key, const QString& html)
{
    QMutexLocker lock(&m_mutex);
    m_pages.insert(key, html.toUtf8());
}

void ItemSchemeHandler::dropPage(const QString& key)
{
    QMutexLocker lock(&m_mutex);
    m_pages.remove(key);
}

QStringList ItemSchemeHandler::mediaProblems() const
{
    QMutexLocker lock(&m_mutex);
    QStringList out;
    for (auto it = m_problems.begin(); it != m_problems.end(); ++it)
        out.append(u"media "_s + it.key() + u": "_s + it.value());
    out.sort();
    return out;
}

namespace {

void replyWith(QWebEngineUrlRequestJob* job, const QByteArray& type, const QByteArray& body)
{
    if (body.isEmpty()) {
        job->fail(QWebEngineUrlRequestJob::UrlNotFound);
        return;
    }
    auto* device = new QBuffer(job);
    device->setData(body);
    device->open(QIODevice::ReadOnly);
    job->reply(type, device);
}

} // namespace

ItemSchemeHandler::~ItemSchemeHandler()
{
    m_decoders.waitForDone(); // their answers are queued to this object: it must outlive them
}

void ItemSchemeHandler::requestStarted(QWebEngineUrlRequestJob* job)
{
    // Only item://app/…: the one origin the app's pages have.
    if (job->requestUrl().host() != u"app") {
        job->fail(QWebEngineUrlRequestJob::RequestDenied);
        return;
    }
    const QString path = job->requestUrl().path();
    static const QRegularExpression media(u"^/media/([0-9a-f]{64})$"_s);
    if (path.startsWith(u"/page/")) {
        QMutexLocker lock(&m_mutex);
        const QByteArray page = m_pages.value(path.mid(6));
        lock.unlock();
        replyWith(job, "text/html", page);
        return;
    }
    const auto m = media.match(path);
    if (!m.hasMatch()) {
        replyWith(job, {}, {});
        return;
    }
    const QString sha = m.captured(1);
    ++m_mediaServed;
    QMutexLocker lock(&m_mutex);
    const QByteArray* hit = m_pngs.object(sha);
    const QByteArray cached = hit ? *hit : QByteArray();
    lock.unlock();
    if (!cached.isEmpty()) {
        ++m_mediaAnswered;
        replyWith(job, "image/png", cached);
        return;
    }
    // Decoding a camera-sized picture takes tens of milliseconds: off the window's thread, so a
    // page rendered ahead never holds up the key the moderator presses meanwhile.
    QPointer<QWebEngineUrlRequestJob> pending(job);
    m_decoders.start([this, pending, sha] {
        const QByteArray original = m_media ? m_media(sha) : QByteArray();
        const DisplayMedia shown = decodeForDisplay(original);
        QMetaObject::invokeMethod(this, [this, pending, sha, png = shown.png,
                                         problem = shown.problem, found = !original.isEmpty()] {
            // A picture not yet in the cache (still downloading) is not remembered as missing.
            {
                QMutexLocker cache(&m_mutex);
                if (found)
                    m_pngs.insert(sha, new QByteArray(png),
                                  std::max<qsizetype>(1, png.size() / 1024));
                if (!problem.isEmpty())
                    m_problems.insert(sha, problem);
            }
            ++m_mediaAnswered;
            if (pending) // the page may have gone meanwhile
                replyWith(pending, "image/png", png);
        });
    });
}

} // namespace moddesk::ui
