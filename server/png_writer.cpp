#include "png_writer.h"

#include <QtEndian>

#include <array>

namespace moddesk::server {

namespace {

quint32 crc32(const QByteArray& bytes)
{
    static const std::array<quint32, 256> table = [] {
        std::array<quint32, 256> t{};
        for (quint32 n = 0; n < 256; ++n) {
            quint32 c = n;
            for (int k = 0; k < 8; ++k)
                c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
            t[n] = c;
        }
        return t;
    }();
    quint32 c = 0xffffffffu;
    for (const char byte : bytes)
        c = table[(c ^ static_cast<quint8>(byte)) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

void appendBigEndian(QByteArray& out, quint32 value)
{
    char bytes[4];
    qToBigEndian(value, bytes);
    out.append(bytes, 4);
}

void appendChunk(QByteArray& png, const char type[4], const QByteArray& data)
{
    appendBigEndian(png, quint32(data.size()));
    const QByteArray typed = QByteArray(type, 4) + data;
    png.append(typed);
    appendBigEndian(png, crc32(typed));
}

} // namespace

QByteArray encodePng(int width, int height, const std::function<quint32(int x, int y)>& pixel)
{
    // Written in place: seeding makes thousands of these, and a per-byte append dominated it.
    QByteArray raw(qsizetype(height) * (1 + qsizetype(width) * 3), Qt::Uninitialized);
    char* out = raw.data();
    for (int y = 0; y < height; ++y) {
        *out++ = '\0'; // filter: none
        for (int x = 0; x < width; ++x) {
            const quint32 rgb = pixel(x, y);
            *out++ = char((rgb >> 16) & 0xff);
            *out++ = char((rgb >> 8) & 0xff);
            *out++ = char(rgb & 0xff);
        }
    }
    QByteArray header;
    appendBigEndian(header, quint32(width));
    appendBigEndian(header, quint32(height));
    header.append("\x08\x02\x00\x00\x00", 5); // 8-bit, truecolour, deflate, no filter, no interlace

    QByteArray png("\x89PNG\r\n\x1a\n", 8);
    appendChunk(png, "IHDR", header);
    // qCompress writes a 4-byte length and then a zlib stream, which is what IDAT holds.
    appendChunk(png, "IDAT", qCompress(raw, 1).mid(4)); // fast: stripes compress well anyway
    appendChunk(png, "IEND", {});
    return png;
}

} // namespace moddesk::server
