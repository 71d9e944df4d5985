// The item page in the real, locked-down WebEngine view: hostile strings in every field stay
// text, nothing is requested outside item: (the guard's count and a loopback server that must
// hear nothing), no script runs, and invisible characters are visible markers on screen.
#include "gui_fixture.h"
#include "item_pane.h"
#include "timestamp.h"

#include <QApplication>
#include <QLabel>
#include <QTcpServer>
#include <QTest>
#include <QWebEnginePage>
#include <QWebEngineView>

#include <csignal>
#include <sys/types.h>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

class ItemPageRenderTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void hostileItemStaysText();
    void aCrashedRendererIsSaidAndTheWorkGoesOn();
};

void ItemPageRenderTest::hostileItemStaysText()
{
    // A listener on loopback: any fetch the page tried would reach it.
    QTcpServer bait;
    QVERIFY(bait.listen(QHostAddress::LocalHost));
    int connections = 0;
    connect(&bait, &QTcpServer::newConnection, this, [&] { ++connections; });
    const QString url = u"http://127.0.0.1:%1/"_s.arg(bait.serverPort());
    const QString attack = u"<img src=\""_s + url +
                           u"x.png\" onerror=\"document.title='pwned'\">"_s +
                           u"<script>document.title='pwned'</script><iframe src=\""_s + url +
                           u"f\"></iframe><link rel=stylesheet href=\""_s + url +
                           u"s.css\"><meta http-equiv=refresh content=\"0;url="_s + url + u"\">"_s;

    Item item;
    item.id = u"syn-hostile-1"_s;
    item.platform = u"forum"_s;
    item.url = url + u"post"_s;
    item.contentType = u"text/plain"_s;
    item.text = u"[SYNTHETIC] "_s + attack;
    item.lang = u"en"_s;
    item.createdAt = timestamp::parse(u"2026-11-20T08:00:00Z"_s).value_or(0);
    // A handle that reads backwards with an override, and a zero-width joiner.
    item.author.handle = u"synthetic\u202Eevil"_s;
    item.author.displayName = u"Synthetic\u200DName "_s + attack;
    item.links = {u"javascript:document.title='pwned'"_s, url + u"link"_s};
    item.hashtags = {u"#"_s + attack};
    item.context.thread = {Post{u"t1"_s, attack, item.createdAt, u"synthetic_reply"_s, attack}};
    item.source = ItemSource{u"user_report"_s, attack, item.createdAt};

    ui::ItemPane pane([](const QString&) { return QByteArray(); }, 3);
    pane.resize(900, 700);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane, kGuiWaitMs));
    pane.showItem(item, {});
    QVERIFY(spinUntil([&] { return pane.currentLoaded(); }, kGuiWaitMs));
    spinUntil([] { return false; }, 500); // anything the page might try has time to try it

    QWebEnginePage* page = pane.currentView()->page();
    QCOMPARE(page->title(), u"ModDesk item"_s); // no script changed it
    QString text;
    page->toPlainText([&](const QString& t) { text = t; });
    QVERIFY(spinUntil([&] { return !text.isEmpty(); }, kGuiWaitMs));
    QVERIFY2(text.contains(u"<script>document.title='pwned'</script>"_s), "script shown as text");
    QVERIFY(text.contains(u"\u27EARLO\u27EB"_s));           // the override, made visible
    QVERIFY(text.contains(u"\u27EAZWJ\u27EB"_s));           // the joiner, made visible
    QVERIFY(!text.contains(QChar(0x202E)));                 // and not applied
    QVERIFY(text.contains(u"javascript:document.title"_s)); // a link is text, never followed
    QCOMPARE(pane.refusedRequests(), 0);                    // nothing even tried to leave item:
    QVERIFY(pane.allowedRequests() >= 1);
    QCOMPARE(pane.refusedNavigations(), 0);
    QCOMPARE(connections, 0);
    // The context menu has Copy and nothing else (no "open link", "save image", "inspect").
    QWebEngineView* view = pane.currentView();
    QCOMPARE(view->contextMenuPolicy(), Qt::ActionsContextMenu);
    QCOMPARE(view->actions().size(), 1);
    QCOMPARE(view->actions().first(), page->action(QWebEnginePage::Copy));
}

// A renderer that dies (a Chromium bug an item found, or the OOM killer) takes only its page:
// the pane says so in words, and the next item renders in a new renderer.
void ItemPageRenderTest::aCrashedRendererIsSaidAndTheWorkGoesOn()
{
    auto makeItem = [](const QString& id) {
        Item item;
        item.id = id;
        item.platform = u"forum"_s;
        item.contentType = u"text/plain"_s;
        item.text = u"[SYNTHETIC] "_s + id;
        item.createdAt = timestamp::parse(u"2026-11-20T08:00:00Z"_s).value_or(0);
        item.author.handle = u"synthetic_author"_s;
        item.source = ItemSource{u"user_report"_s, {}, item.createdAt};
        return item;
    };
    ui::ItemPane pane([](const QString&) { return QByteArray(); }, 1);
    pane.resize(800, 600);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane, kGuiWaitMs));
    pane.showItem(makeItem(u"syn-crash-1"_s), {});
    QVERIFY(spinUntil([&] { return pane.currentLoaded(); }, kGuiWaitMs));
    const qint64 pid = pane.currentView()->page()->renderProcessPid();
    QVERIFY(pid > 0);
    QCOMPARE(::kill(pid_t(pid), SIGKILL), 0);

    QLabel* message = nullptr;
    QVERIFY(spinUntil(
        [&] {
            for (QLabel* l : pane.findChildren<QLabel*>())
                if (l->isVisible() && l->text().contains(u"stopped"_s))
                    message = l;
            return message != nullptr;
        },
        20000));
    QVERIFY(message->text().contains(u"The item is still in the queue"_s));
    QVERIFY(!pane.currentLoaded());

    pane.showItem(makeItem(u"syn-crash-2"_s), {});
    QVERIFY(spinUntil([&] { return pane.currentLoaded(); }, kGuiWaitMs));
    QCOMPARE(pane.currentItemId(), u"syn-crash-2"_s);
    QVERIFY(pane.currentView()->page()->renderProcessPid() != pid);
    QVERIFY(!message->text().contains(u"stopped"_s)); // the message went with the page
}

int main(int argc, char** argv)
{
    GuiApplication app(argc, argv, u"ModDesk-test"_s);
    ItemPageRenderTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "item_page_render_test.moc"
