// The attack corpus (tests/data/attack_strings.txt, 300+ strings written for ModDesk) in every
// field of an item that reaches the page, rendered in the real locked-down view: no script
// runs (the title stays the app's), also with JavaScript forced on, where the page's CSP must
// stop it; and nothing leaves item: — the request guard refuses nothing because nothing is even
// asked for, and a loopback HTTP server that every payload aims at hears nothing.
#include "gui_fixture.h"
#include "item_page.h"
#include "item_pane.h"
#include "item_scheme.h"
#include "item_web_page.h"
#include "request_guard.h"
#include "timestamp.h"

#include <QFile>
#include <QTcpServer>
#include <QTest>
#include <QWebEnginePage>
#include <QWebEngineProfile>
#include <QWebEngineSettings>
#include <QWebEngineView>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

namespace {

QStringList attackStrings(const QString& bait)
{
    QFile file(QStringLiteral(MODDESK_ATTACK_STRINGS));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QStringList out;
    for (const QByteArray& raw : file.readAll().split('\n')) {
        if (raw.isEmpty() || raw.startsWith('#'))
            continue;
        QString s = QString::fromUtf8(raw);
        // The file's escapes: \\, \n, \t and \uXXXX.
        QString decoded;
        for (qsizetype i = 0; i < s.size(); ++i) {
            if (s[i] != u'\\' || i + 1 == s.size()) {
                decoded += s[i];
                continue;
            }
            const QChar next = s[++i];
            if (next == u'n')
                decoded += u'\n';
            else if (next == u't')
                decoded += u'\t';
            else if (next == u'u' && i + 4 < s.size()) {
                decoded += QChar(char16_t(s.mid(i + 1, 4).toUInt(nullptr, 16)));
                i += 4;
            } else
                decoded += next;
        }
        out.append(decoded.replace(u"{{BAIT}}"_s, bait));
    }
    return out;
}

// A loopback HTTP listener every payload aims at: any fetch a page tried would reach it.
struct Bait {
    QTcpServer server;
    int connections = 0;
    Bait()
    {
        server.listen(QHostAddress::LocalHost);
        QObject::connect(&server, &QTcpServer::newConnection, &server, [this] { ++connections; });
    }
    bool listening() const { return server.isListening(); }
    QString url() const { return u"http://127.0.0.1:%1/"_s.arg(server.serverPort()); }
};

// `attack` in every field the page shows; the post as HTML (the reducer's path), the
// transcript and context as plain text (the escaping path).
Item itemCarrying(const QString& attack, int n)
{
    const qint64 at = timestamp::parse(u"2026-11-20T08:00:00Z"_s).value_or(0);
    Item item;
    item.id = u"syn-attack-%1"_s.arg(n);
    item.platform = attack;
    item.url = attack;
    item.contentType = u"text/html"_s;
    item.text = u"[SYNTHETIC] "_s + attack;
    item.transcript = attack;
    item.lang = attack;
    item.createdAt = at;
    item.author.handle = attack;
    item.author.displayName = attack;
    item.venue = Venue{attack, attack, 10};
    item.links = {attack, u"https://synthetic.example/"_s + attack};
    item.hashtags = {attack, u"#"_s + attack};
    item.media = {Media{QString(64, u'a'), attack, 320, 200}};
    item.source = ItemSource{attack, attack, at};
    const Post post{u"p1"_s, attack, at, attack, attack};
    item.context.parent = post;
    item.context.thread = {post};
    item.context.authorRecent = {post};
    item.forwardedFrom = {Forward{Venue{attack, attack, std::nullopt}, attack}};
    return item;
}

} // namespace

class AttackCorpusTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nothingRunsNothingLeaves();
    void theLocksHoldEvenIfEscapingFailed();
};

void AttackCorpusTest::nothingRunsNothingLeaves()
{
    Bait bait;
    QVERIFY(bait.listening());
    const QStringList attacks = attackStrings(bait.url());
    QVERIFY2(attacks.size() >= 300, qPrintable(u"only %1 strings"_s.arg(attacks.size())));

    ui::ItemPane pane([](const QString&) { return QByteArray(); }, 1);
    pane.resize(900, 700);
    pane.show();
    QVERIFY(QTest::qWaitForWindowExposed(&pane, kGuiWaitMs));
    QString shownId;
    connect(&pane, &ui::ItemPane::shown, this, [&](const QString& id) { shownId = id; });

    auto renderAll = [&](const QString& pass) {
        int n = 0;
        for (const QString& attack : attacks) {
            const Item item = itemCarrying(attack, n++);
            shownId.clear();
            pane.showItem(item, {});
            QVERIFY2(spinUntil([&] { return shownId == item.id; }, kGuiWaitMs),
                     qPrintable(pass + u": no page for "_s + attack));
            QCOMPARE(pane.currentView()->page()->title(), u"ModDesk item"_s);
        }
    };

    renderAll(u"JavaScript off"_s);
    spinUntil([] { return false; }, 500);

    // JavaScript forced on: the CSP alone must hold. First, that a script that runs would be
    // seen: in a page of its own (no CSP, no guard), the same title trick works.
    {
        QWebEnginePage control;
        control.settings()->setAttribute(QWebEngineSettings::JavascriptEnabled, true);
        control.setHtml(u"<title>control</title><script>document.title='pwned'</script>"_s);
        QVERIFY(spinUntil([&] { return control.title() == u"pwned"; }, kGuiWaitMs));
    }
    QWebEngineView* view = pane.currentView();
    view->page()->settings()->setAttribute(QWebEngineSettings::JavascriptEnabled, true);
    // ...and that it is on in the item view itself: the embedder's own script answers there.
    shownId.clear();
    pane.showItem(itemCarrying(u"control"_s, -1), {});
    QVERIFY(spinUntil([&] { return !shownId.isEmpty(); }, kGuiWaitMs));
    QVariant answer;
    bool answered = false;
    view->page()->runJavaScript(u"document.title.length"_s, [&](const QVariant& v) {
        answer = v;
        answered = true;
    });
    QVERIFY(spinUntil([&] { return answered; }, kGuiWaitMs));
    QCOMPARE(answer.toInt(), 12); // "ModDesk item": script runs in this view now

    renderAll(u"JavaScript forced on"_s);
    spinUntil([] { return false; }, 1000); // late loads, timers and beacons have their chance

    QCOMPARE(bait.connections, 0);       // the bait heard nothing
    QCOMPARE(pane.refusedRequests(), 0); // nothing even asked to leave item:
    QVERIFY2(pane.refusedUrls().isEmpty(), qPrintable(pane.refusedUrls().join(u", ")));
    QVERIFY(pane.allowedRequests() >= 2 * attacks.size());
    std::printf("attack corpus: %lld strings × every field × 2 (JavaScript off, forced on): no "
                "script ran, 0 requests refused, 0 bait connections\n",
                static_cast<long long>(attacks.size()));
}

// Defence in depth: the corpus injected into the page *unescaped*, as if the template had a
// bug, with JavaScript on. The page's CSP, the navigation lock and the request guard alone
// must keep every payload inert: no script runs, the bait hears nothing.
void AttackCorpusTest::theLocksHoldEvenIfEscapingFailed()
{
    Bait bait;
    QVERIFY(bait.listening());
    const QStringList attacks = attackStrings(bait.url());
    QVERIFY(attacks.size() >= 300);

    // The app's own head: its CSP meta tag and title, as itemPageHtml() writes them.
    const QString page = ui::itemPageHtml(itemCarrying(u"x"_s, 0));
    const QString head = page.left(page.indexOf(u"<style>"_s));
    QVERIFY(head.contains(u"Content-Security-Policy"_s));

    QWebEngineProfile profile; // off the record, like the pane's
    ui::RequestGuard guard;
    profile.setUrlRequestInterceptor(&guard);
    ui::ItemSchemeHandler scheme([](const QString&) { return QByteArray(); });
    profile.installUrlSchemeHandler("item", &scheme);
    QWebEngineView view;
    auto* lockedPage = new ui::ItemWebPage(&profile, &view);
    lockedPage->settings()->setAttribute(QWebEngineSettings::JavascriptEnabled, true);
    view.setPage(lockedPage);
    view.resize(800, 600);
    view.show();
    bool loaded = false;
    connect(lockedPage, &QWebEnginePage::loadFinished, this, [&] { loaded = true; });
    int n = 0;
    for (const QString& attack : attacks) {
        const QString key = u"injected-%1"_s.arg(n++);
        scheme.setPage(key, head + u"</head><body><p>"_s + attack + u"</p></body></html>"_s);
        loaded = false;
        lockedPage->loadAppPage(QUrl(u"item://app/page/"_s + key));
        QVERIFY2(spinUntil([&] { return loaded; }, kGuiWaitMs), qPrintable(attack));
        spinUntil([] { return false; }, 20); // handlers, timers and refreshes get their turn
        QVERIFY2(lockedPage->title() == u"ModDesk item", qPrintable(attack));
        scheme.dropPage(key);
    }
    spinUntil([] { return false; }, 1000);
    QCOMPARE(bait.connections, 0);
    std::printf("injected unescaped with JavaScript on: %lld strings, no script ran, 0 bait "
                "connections; the guard refused %d requests, the page %d navigations\n",
                static_cast<long long>(attacks.size()), guard.refused(),
                lockedPage->refusedNavigations());
    view.setPage(nullptr);
    delete lockedPage; // before the profile
}

int main(int argc, char** argv)
{
    GuiApplication app(argc, argv, u"ModDesk-test"_s);
    AttackCorpusTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "attack_corpus_test.moc"
