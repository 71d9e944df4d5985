// The status bar's words: online, offline with its banner, and the warning that appears only
// when an item page had a request blocked (it never should), with the URLs in its tooltip.
#include "gui_fixture.h"
#include "status_strip.h"

#include <QLabel>
#include <QMainWindow>
#include <QStatusBar>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

class StatusStripTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void saysOnlineOfflineAndBlockedRequests()
    {
        QMainWindow window;
        auto* central = new QWidget(&window);
        window.setCentralWidget(central);
        ui::StatusStrip strip(window.statusBar(), central);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window, kGuiWaitMs));

        ui::SessionStatus online;
        online.checked = true;
        online.online = true;
        online.pending = 2;
        strip.show(online, 65'000, 3, 1);
        strip.showBlocked(0, {});
        QVERIFY(strip.text().contains(u"Online"_s));
        QVERIFY(strip.text().contains(u"2 to sync"_s));
        QVERIFY(!strip.text().contains(u"blocked"_s));
        QVERIFY(!strip.offlineBanner()->isVisible());

        ui::SessionStatus offline = online;
        offline.online = false;
        offline.problem = u"connection refused"_s;
        strip.show(offline, 70'000, 3, 1);
        QVERIFY(strip.text().contains(u"Offline"_s));
        QVERIFY(strip.offlineBanner()->isVisible());
        QVERIFY(strip.offlineBanner()->text().contains(u"2 decisions are kept"_s));

        strip.showBlocked(2, {u"http://127.0.0.1:9/a.png"_s, u"https://evil.example/x"_s});
        QVERIFY(strip.text().contains(u"2 requests from item pages blocked"_s));
        auto* blocked = window.statusBar()->findChild<QLabel*>(u"blocked"_s);
        QVERIFY(blocked && blocked->isVisible());
        QVERIFY(blocked->toolTip().contains(u"https://evil.example/x"_s));
    }
};

int main(int argc, char** argv)
{
    GuiApplication app(argc, argv, u"ModDesk-test"_s);
    StatusStripTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "status_strip_test.moc"
