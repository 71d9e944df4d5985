// Protects: pictures from an item are decoded in the app with limits and shown only as fresh
// PNGs; a 30000×30000 header, a decompression bomb, an animation of thousands of frames, a
// truncated JPEG and files whose name or type lies become placeholders that say why, without a
// crash and without the memory the file asks for.
#include "media_decode.h"

#include <QBuffer>
#include <QFile>
#include <QImage>
#include <QImageReader>
#include <QPainter>
#include <QTest>
#include <QtEndian>

#include <zlib.h>

using namespace Qt::StringLiterals;
using namespace moddesk;

namespace {

// Peak resident memory of this process so far (VmHWM), in MiB.
double peakMiB()
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray& line : f.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').first().toDouble() / 1024.0;
    return 0;
}

QByteArray chunk(const char* type, const QByteArray& data)
{
    QByteArray c(4, 0);
    qToBigEndian(quint32(data.size()), c.data());
    const QByteArray body = QByteArray(type, 4) + data;
    c += body;
    QByteArray crc(4, 0);
    qToBigEndian(
        quint32(crc32(0, reinterpret_cast<const Bytef*>(body.constData()), uInt(body.size()))),
        crc.data());
    return c + crc;
}

// A grey PNG of width × height whose pixel data is `idat` (zlib); built by hand, so the test
// never holds the pixels it describes.
QByteArray handMadePng(quint32 width, quint32 height, const QByteArray& idat)
{
    QByteArray ihdr(13, 0);
    qToBigEndian(width, ihdr.data());
    qToBigEndian(height, ihdr.data() + 4);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 0; // greyscale
    return QByteArray("\x89PNG\r\n\x1a\n", 8) + chunk("IHDR", ihdr) + chunk("IDAT", idat) +
           chunk("IEND", {});
}

// zlib of `rows` rows of `width` zero pixels, compressed as it goes (a bomb: small on disk).
QByteArray zeroRows(quint32 width, quint32 rows)
{
    z_stream z{};
    deflateInit(&z, 9);
    const QByteArray row(int(width) + 1, 0); // filter byte + pixels
    QByteArray out;
    char buffer[65536];
    for (quint32 r = 0; r <= rows; ++r) {
        const bool last = r == rows;
        z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(row.constData()));
        z.avail_in = last ? 0 : uInt(row.size());
        do {
            z.next_out = reinterpret_cast<Bytef*>(buffer);
            z.avail_out = sizeof buffer;
            deflate(&z, last ? Z_FINISH : Z_NO_FLUSH);
            out.append(buffer, qsizetype(sizeof buffer - z.avail_out));
        } while (z.avail_out == 0);
    }
    deflateEnd(&z);
    return out;
}

QByteArray encoded(const QImage& image, const char* format, int quality = -1)
{
    QByteArray out;
    QBuffer b(&out);
    b.open(QIODevice::WriteOnly);
    image.save(&b, format, quality);
    return out;
}

QImage picture(int w, int h)
{
    QImage image(w, h, QImage::Format_RGB32);
    image.fill(Qt::white);
    QPainter p(&image);
    p.fillRect(0, 0, w / 2, h / 2, Qt::red);
    p.end();
    return image;
}

// An animated GIF of `frames` 1×1 frames, written by hand (Qt cannot write GIF).
QByteArray animatedGif(int frames)
{
    QByteArray g("GIF89a");
    g += QByteArray("\x01\x00\x01\x00\x80\x00\x00", 7); // 1×1, global table of 2 colours
    g += QByteArray("\x00\x00\x00\xff\xff\xff", 6);
    g += QByteArray("\x21\xff\x0bNETSCAPE2.0\x03\x01\x00\x00\x00", 19); // loop forever
    for (int i = 0; i < frames; ++i) {
        g += QByteArray("\x21\xf9\x04\x00\x01\x00\x00\x00", 8);          // 10 ms
        g += QByteArray("\x2c\x00\x00\x00\x00\x01\x00\x01\x00\x00", 10); // the frame
        g += QByteArray("\x02\x02\x44\x01\x00", 5);                      // one pixel, LZW
    }
    return g + ';';
}

} // namespace

class MediaDecodeTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // First, while the process is small: the files that ask for the most memory.
    void hugeHeaderAndBombStayPlaceholders()
    {
        const double before = peakMiB();
        // 30000×30000 declared (3.6 GB as RGBA), a few bytes of data.
        const DisplayMedia huge = decodeForDisplay(handMadePng(30000, 30000, zeroRows(1, 1)));
        QVERIFY2(huge.problem.contains(u"30000×30000 pixels is over the limit"_s),
                 qPrintable(huge.problem));
        // A bomb: 10000×10000 of zeros, about 100 kB compressed, 100 MB inflated.
        const QByteArray bomb = handMadePng(10000, 10000, zeroRows(10000, 10000));
        QVERIFY(bomb.size() < 1024 * 1024);
        const DisplayMedia exploded = decodeForDisplay(bomb);
        QVERIFY2(exploded.problem.contains(u"10000×10000"_s), qPrintable(exploded.problem));
        // The placeholders are real pictures that say so.
        QImage shown;
        QVERIFY(shown.loadFromData(exploded.png, "PNG"));
        QCOMPARE(shown.size(), QSize(320, 180));
        const double grown = peakMiB() - before;
        QVERIFY2(grown < 64, qPrintable(u"peak memory grew by %1 MiB"_s.arg(grown)));
    }

    void aPictureIsShownAsAFreshPng()
    {
        QImage image = picture(800, 400);
        image.setText(u"Comment"_s, u"metadata the author left"_s);
        const DisplayMedia shown = decodeForDisplay(encoded(image, "PNG"));
        QCOMPARE(shown.problem, QString());
        QImage back;
        QVERIFY(back.loadFromData(shown.png, "PNG"));
        QCOMPARE(back.size(), QSize(640, 320)); // scaled to 640 a side
        QVERIFY(back.text(u"Comment"_s).isEmpty());
        QVERIFY(!shown.png.contains("metadata the author left"));
    }

    void thousandsOfFramesAreRefused()
    {
        const DisplayMedia many = decodeForDisplay(animatedGif(3000));
        QVERIFY2(many.problem.contains(u"animation of 3000 frames is over the limit"_s),
                 qPrintable(many.problem));
        const DisplayMedia few = decodeForDisplay(animatedGif(3)); // a short one is shown
        QCOMPARE(few.problem, QString());
    }

    void aTruncatedJpegIsDamaged()
    {
        const QByteArray jpeg = encoded(picture(400, 300), "JPEG", 90);
        QCOMPARE(decodeForDisplay(jpeg).problem, QString());
        const DisplayMedia cut = decodeForDisplay(jpeg.left(jpeg.size() / 2));
        QVERIFY2(cut.problem.startsWith(u"damaged image"_s), qPrintable(cut.problem));
    }

    void theBytesDecideNotTheName()
    {
        // PNG bytes (served as image/jpeg, named .jpg): decoded as what they are.
        QCOMPARE(decodeForDisplay(encoded(picture(10, 10), "PNG")).problem, QString());
        // HTML and SVG that claim to be pictures: never decoded as pictures.
        const DisplayMedia html =
            decodeForDisplay("<html><script>document.title='pwned'</script></html>");
        QCOMPARE(html.problem, u"not a readable image"_s);
        const DisplayMedia svg =
            decodeForDisplay("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\">"
                             "<script>alert(1)</script></svg>");
        QVERIFY2(!svg.problem.isEmpty(), "an SVG was rendered");
        QCOMPARE(decodeForDisplay({}).problem, u"not in the local cache"_s);
        QVERIFY(decodeForDisplay(QByteArray(21 * 1024 * 1024, 'x'))
                    .problem.startsWith(u"file larger than"_s));
    }
};

QTEST_MAIN(MediaDecodeTest) // a QGuiApplication: placeholders are drawn with a font
#include "media_decode_test.moc"
