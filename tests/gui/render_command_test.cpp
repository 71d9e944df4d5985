// `moddeskctl render ITEM.json --png OUT.png`: the page a moderator would see, to a PNG, by the
// real programs. Trojan-source text and a look-alike handle show up in the picture (the marker
// and warning colours are there, and not in a clean item's picture); a picture that cannot be
// decoded makes it exit 1 naming it; an invalid item exits 3 naming the field.
#include "ctl_runner.h" // MODDESKCTL_PATH
#include "gui_fixture.h"
#include "sha256.h"
#include "timestamp.h"

#include <QBuffer>
#include <QImage>
#include <QJsonDocument>
#include <QPainter>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

namespace {

using Run = ProgramRun;

Run render(const QStringList& args)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    QStringList all = QStringList{u"render"_s} + args;
    if (geteuid() == 0) { // CI: the test turns the sandbox off itself, and says so
        env.insert(u"QTWEBENGINE_DISABLE_SANDBOX"_s, u"1"_s);
        all << u"--allow-root-for-tests"_s;
    } else {
        env.remove(u"QTWEBENGINE_DISABLE_SANDBOX"_s);
    }
    return runProgram(QStringLiteral(MODDESKCTL_PATH), all, env);
}

Item baseItem()
{
    const qint64 at = timestamp::parse(u"2026-11-20T08:00:00Z"_s).value_or(0);
    Item item;
    item.id = u"syn-render-1"_s;
    item.platform = u"forum"_s;
    item.contentType = u"text/plain"_s;
    item.text = u"[SYNTHETIC] a post about the weather"_s;
    item.lang = u"en"_s;
    item.createdAt = at;
    item.author.handle = u"synthetic_reporter"_s;
    item.source = ItemSource{u"user_report"_s, u"SYN-1"_s, at};
    return item;
}

QString writeItem(const QTemporaryDir& dir, const QString& name, const Item& item)
{
    const QString path = dir.filePath(name);
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(QJsonDocument(item.toJson()).toJson());
    return path;
}

// Pixels of exactly `colour` (the page's CSS colours are flat fills).
int pixelsOf(const QImage& image, QRgb colour)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            n += (image.pixel(x, y) & 0xffffff) == (colour & 0xffffff) ? 1 : 0;
    return n;
}

constexpr QRgb kLookalikeBg = 0xffe9b3; // --lookalike-bg in item_page.css
constexpr QRgb kMarkBg = 0xffe3f4;      // --mark-bg

} // namespace

class RenderCommandTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void trojanSourceAndLookAlikesAreInThePicture();
    void undecodableMediaIsReported();
    void anInvalidItemIsRefused();
};

void RenderCommandTest::trojanSourceAndLookAlikesAreInThePicture()
{
    QTemporaryDir dir;
    Item hostile = baseItem();
    // Trojan Source: an override and isolates that make the text read otherwise.
    hostile.text = u"[SYNTHETIC] access\u202E \u2066// admin only\u2069 \u2066granted"_s;
    hostile.author.handle = u"synthetic_news_\u0430gency"_s; // CYRILLIC а: the known account?
    const Run dirty = render(
        {writeItem(dir, u"hostile.json"_s, hostile), u"--png"_s, dir.filePath(u"hostile.png"_s)});
    QVERIFY2(dirty.exitCode == 0, qPrintable(dirty.err));
    QVERIFY(dirty.out.contains(u"rendered syn-render-1 to "_s));
    const QImage shot(dir.filePath(u"hostile.png"_s));
    QVERIFY(!shot.isNull());
    QCOMPARE(shot.width(), 1000);

    const Run clean = render(
        {writeItem(dir, u"clean.json"_s, baseItem()), u"--png"_s, dir.filePath(u"clean.png"_s)});
    QVERIFY2(clean.exitCode == 0, qPrintable(clean.err));
    const QImage plain(dir.filePath(u"clean.png"_s));
    QVERIFY(!plain.isNull());

    // The warning card and badge, and the markers, are in the hostile picture only.
    QVERIFY2(pixelsOf(shot, kLookalikeBg) > 2000,
             qPrintable(u"%1 look-alike pixels"_s.arg(pixelsOf(shot, kLookalikeBg))));
    QVERIFY2(pixelsOf(shot, kMarkBg) > 200,
             qPrintable(u"%1 marker pixels"_s.arg(pixelsOf(shot, kMarkBg))));
    QCOMPARE(pixelsOf(plain, kLookalikeBg), 0);
    QCOMPARE(pixelsOf(plain, kMarkBg), 0);
}

void RenderCommandTest::undecodableMediaIsReported()
{
    QTemporaryDir dir;
    // A JPEG cut in half, stored under its hash next to the item.
    QImage image(400, 300, QImage::Format_RGB32);
    image.fill(Qt::darkCyan);
    QByteArray jpeg;
    QBuffer b(&jpeg);
    b.open(QIODevice::WriteOnly);
    image.save(&b, "JPEG", 90);
    jpeg.truncate(jpeg.size() / 2);
    const QString sha = QString::fromLatin1(Sha256::hexDigest(jpeg));
    QFile media(dir.filePath(sha));
    QVERIFY(media.open(QIODevice::WriteOnly));
    media.write(jpeg);
    media.close();
    Item item = baseItem();
    item.media = {Media{sha, u"image/jpeg"_s, 400, 300}};
    const Run r = render({writeItem(dir, u"item.json"_s, item), u"--png"_s,
                          dir.filePath(u"item.png"_s), u"--reveal-media"_s});
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"media "_s + sha + u": damaged image"_s), qPrintable(r.err));
    QVERIFY(QFile::exists(dir.filePath(u"item.png"_s))); // the page is still rendered
}

void RenderCommandTest::anInvalidItemIsRefused()
{
    QTemporaryDir dir;
    QFile f(dir.filePath(u"bad.json"_s));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"({"id": "x", "platform": 7})");
    f.close();
    const Run r = render({f.fileName(), u"--png"_s, dir.filePath(u"bad.png"_s)});
    QCOMPARE(r.exitCode, 3);
    QVERIFY2(r.err.contains(u"is not a valid item"_s), qPrintable(r.err));
    QVERIFY(!QFile::exists(dir.filePath(u"bad.png"_s)));
}

int main(int argc, char** argv)
{
    GuiApplication app(argc, argv, u"ModDesk-test"_s);
    RenderCommandTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "render_command_test.moc"
