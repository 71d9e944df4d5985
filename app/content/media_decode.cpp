#include "media_decode.h"

#include <QBuffer>
#include <QImage>
#include <QImageReader>
#include <QPainter>

using namespace Qt::StringLiterals;

namespace moddesk {
namespace {

QByteArray pngOf(const QImage& image)
{
    // The pixels alone: a QImage keeps the text chunks it was read with (comments, software,
    // anything an author hid there) and would write them out again.
    const QImage pixels = image.convertToFormat(image.hasAlphaChannel() ? QImage::Format_ARGB32
                                                                        : QImage::Format_RGB32);
    const QImage bare(pixels.constBits(), pixels.width(), pixels.height(), pixels.bytesPerLine(),
                      pixels.format());
    QByteArray out;
    QBuffer buffer(&out);
    buffer.open(QIODevice::WriteOnly);
    bare.save(&buffer, "PNG"); // a fresh file: no metadata, no original bytes
    return out;
}

DisplayMedia refused(const QString& why)
{
    return {mediaPlaceholderPng(why), why};
}

// libjpeg fills a JPEG that ends early with grey and calls it decoded: a file without its
// end-of-image marker is damaged, whatever the decoder says.
bool jpegEndsEarly(const QByteArray& bytes)
{
    const qsizetype end = bytes.lastIndexOf("\xFF\xD9");
    return end < 0 || bytes.size() - end > 4096; // a little trailing junk is common, not a tail
}

} // namespace

QByteArray mediaPlaceholderPng(const QString& why)
{
    QImage image(320, 180, QImage::Format_RGB32);
    image.fill(QColor(0xe8, 0xe8, 0xec));
    QPainter p(&image);
    p.setPen(QColor(0x44, 0x44, 0x4c));
    p.drawText(image.rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
               u"media not shown\n("_s + why + u')');
    p.end();
    return pngOf(image);
}

DisplayMedia decodeForDisplay(const QByteArray& original, const MediaLimits& limits)
{
    if (original.isEmpty())
        return refused(u"not in the local cache"_s);
    if (original.size() > limits.maxBytes)
        return refused(u"file larger than %1 MB"_s.arg(limits.maxBytes / (1024 * 1024)));
    QBuffer buffer;
    buffer.setData(original);
    buffer.open(QIODevice::ReadOnly);
    QImageReader reader(&buffer);
    reader.setDecideFormatFromContent(true); // a lying extension or MIME type changes nothing
    const QByteArray format = reader.format();
    if (format.isEmpty())
        return refused(u"not a readable image"_s);
    // Only raster formats: SVG (scripts, external references) and the like never decode here.
    static const QList<QByteArray> raster{"png", "jpeg", "jpg", "gif", "webp", "bmp"};
    if (!raster.contains(format.toLower()))
        return refused(u"image format %1 is not shown"_s.arg(QString::fromLatin1(format)));
    const QSize size = reader.size(); // from the header: nothing decoded yet
    if (!size.isValid() || size.isEmpty())
        return refused(u"not a readable image"_s);
    if (qint64(size.width()) * size.height() > limits.maxPixels)
        return refused(u"%1×%2 pixels is over the limit"_s.arg(size.width()).arg(size.height()));
    if (reader.supportsAnimation()) {
        const int frames = reader.imageCount();
        if (frames > limits.maxFrames)
            return refused(u"animation of %1 frames is over the limit of %2"_s.arg(frames).arg(
                limits.maxFrames));
    }
    if ((format == "jpeg" || format == "jpg") && jpegEndsEarly(original))
        return refused(u"damaged image: the JPEG data ends early"_s);
    if (std::max(size.width(), size.height()) > limits.maxSide)
        reader.setScaledSize(size.scaled(limits.maxSide, limits.maxSide, Qt::KeepAspectRatio));
    const QImage image = reader.read(); // the first frame only
    if (image.isNull())
        return refused(u"damaged image: "_s + reader.errorString());
    return {pngOf(image), {}};
}

} // namespace moddesk
