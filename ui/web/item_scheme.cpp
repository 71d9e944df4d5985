#include "item_scheme.h"

#include <QBuffer>
#include <QImage>
#include <QImageReader>
#include <QPainter>
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
{ }

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

void ItemSchemeHandler::requestStarted(QWebEngineUrlRequestJob* job)
{
    const QString path = job->requestUrl().path();
    static const QRegularExpression media(u"^/media/([0-9a-f]{64})$"_s);
    QByteArray body;
    QByteArray type;
    if (path.startsWith(u"/page/")) {
        QMutexLocker lock(&m_mutex);
        body = m_pages.value(path.mid(6));
        type = "text/html";
    } else if (const auto m = media.match(path); m.hasMatch()) {
        const QString sha = m.captured(1);
        {
            QMutexLocker lock(&m_mutex);
            body = m_pngs.value(sha);
        }
        if (body.isEmpty()) {
            body = displayPng(m_media ? m_media(sha) : QByteArray());
            QMutexLocker lock(&m_mutex);
            m_pngs.insert(sha, body);
        }
        type = "image/png";
        ++m_mediaServed;
    }
    if (body.isEmpty()) {
        job->fail(QWebEngineUrlRequestJob::UrlNotFound);
        return;
    }
    auto* device = new QBuffer(job);
    device->setData(body);
    device->open(QIODevice::ReadOnly);
    job->reply(type, device);
}

} // namespace moddesk::ui
