// The item page is drawn in software where moderators run the window (X11; Xvfb in this test):
// after pages have been shown and a few decisions made, the window's process has no OpenGL
// driver mapped (no Mesa DRI driver, no LLVM, no GLX/EGL vendor library), so neither the
// driver's memory nor its code is reachable from a hostile page (docs/security.md).
// With MODDESK_WEB_GPU=1 (Qt's OpenGL default; the "gl_control" run) the same check must find
// the driver: that is what shows the check can see one.
#include "gui_fixture.h"
#include "item_pane.h"

#include <QFile>
#include <QGuiApplication>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

namespace {

// The OpenGL libraries in this process's maps, one line each (path only).
QStringList glLibrariesMapped()
{
    QFile maps(u"/proc/self/maps"_s);
    if (!maps.open(QIODevice::ReadOnly))
        return {u"(cannot read /proc/self/maps)"_s};
    // Mesa's drivers (swrast_dri.so, iris_dri.so…), LLVM (llvmpipe's compiler), the GLX and EGL
    // vendor libraries, libGL itself.
    static const QRegularExpression gl(
        uR"((_dri\.so|libLLVM|libGLX_|libEGL_|libGL\.so|libgallium))"_s);
    QStringList found;
    for (const QByteArray& line : maps.readAll().split('\n')) {
        const QString path = QString::fromUtf8(line).section(u' ', 5).trimmed();
        if (!path.isEmpty() && gl.match(path).hasMatch() && !found.contains(path))
            found.append(path);
    }
    return found;
}

} // namespace

class SoftwareDrawingTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void noOpenGlDriverInTheWindowsProcess();
};

void SoftwareDrawingTest::noOpenGlDriverInTheWindowsProcess()
{
    // Offscreen Qt never loads GL: the check would prove nothing there.
    QCOMPARE(QGuiApplication::platformName(), u"xcb"_s);
    const bool glControl = qEnvironmentVariableIntValue("MODDESK_WEB_GPU") == 1;

    Workstation ws;
    QVERIFY2(ws.open(6), qPrintable(ws.error));
    QVERIFY(ws.waitForItem());
    for (int i = 0; i < 3; ++i)
        QVERIFY(ws.decideWith(Qt::Key_6));
    QVERIFY(spinUntil([&] { return ws.window->itemPane()->currentPainted(); }, kGuiWaitMs));

    const QStringList gl = glLibrariesMapped();
    if (glControl) {
        QVERIFY2(!gl.isEmpty(), "with MODDESK_WEB_GPU=1 no OpenGL driver was found in the maps: "
                                "the check cannot see one");
        qInfo("MODDESK_WEB_GPU=1: %s", qPrintable(gl.join(u", "_s)));
    } else {
        QVERIFY2(gl.isEmpty(),
                 qPrintable(u"drawn in software, yet the process maps: "_s + gl.join(u", "_s)));
    }
}

int main(int argc, char** argv)
{
    GuiApplication app(argc, argv, u"ModDesk-test"_s);
    SoftwareDrawingTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "software_drawing_test.moc"
