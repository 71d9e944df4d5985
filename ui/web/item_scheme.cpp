#include "item_scheme.h"

#include <QBuffer>
#include <QImage>
#include <QImageReader>
#include <QPainter>
#include <QPointer>
#include <QRegularExpression>
#include <QUrl>
#include <QWebEngineUrlRequestJob>
#include <QWebEngineUrlScheme>

using namespace Qt::StringLiterals;

namespace moddesk::ui {

namespace {

QByteArray pngOf(const QImage& image)
{
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG"); // a fresh file: no metadata, no original bytes
    return out;
}

QByteArray placeholder(const QString& why)
{
    QImage image(320, 180, QImage::Format_RGB32);
    image.fill(QColor(0xe8, 0xe8, 0xec));
    QPainter p(&image);
    p.setPen(QColor(0x44, 0x44, 0x4c));
    p.drawText(image.rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
               u"media not shown\n"_s + why);
    p.end();
    return pngOf(image);
}

} // namespace

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

QByteArray ItemSchemeHandler::displayPng(const QByteArray& original)
{
    if (original.isEmpty())
        return placeholder(u"(not in the local cache)"_s);
    if (original.size() > kMaxBytes)
        return placeholder(u"(file larger than 20 MB)"_s);
    QBuffer buffer;
    buffer.setData(original);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer); // the format from the bytes, never from a name or MIME type
    reader.setDecideFormatFromContent(true);
    const QSize size = reader.size();
    if (!size.isValid())
        return placeholder(u"(not a readable image)"_s);
    if (qint64(size.width()) * size.height() > kMaxPixels)
        return placeholder(
            u"(%1×%2 pixels is over the limit)"_s.arg(size.width()).arg(size.height()));
    if (std::max(size.width(), size.height()) > kMaxSide)
        reader.setScaledSize(size.scaled(kMaxSide, kMaxSide, Qt::KeepAspectRatio));
    const QImage image = reader.read(); // the first frame only
    if (image.isNull())
        return placeholder(u"(damaged image: "_s + reader.errorString() + u')');
    return pngOf(image);
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
        replyWith(job, "image/png", cached);
        return;
    }
    // Decoding a camera-sized picture takes tens of milliseconds: off the window's thread, so a
    // page rendered ahead never holds up the key the moderator presses meanwhile.
    QPointer<QWebEngineUrlRequestJob> pending(job);
    m_decoders.start([this, pending, sha] {
        const QByteArray original = m_media ? m_media(sha) : QByteArray();
        const QByteArray png = displayPng(original);
        QMetaObject::invokeMethod(this, [this, pending, sha, png, found = !original.isEmpty()] {
            // A picture not yet in the cache (still downloading) is not remembered as missing.
            if (found) {
                QMutexLocker cache(&m_mutex);
                m_pngs.insert(sha, new QByteArray(png), std::max<qsizetype>(1, png.size() / 1024));
            }
            if (pending) // the page may have gone meanwhile
                replyWith(pending, "image/png", png);
        });
    });
}

} // namespace moddesk::ui
