// The moderator's window, driven from the keyboard against a real moddesk-server: decisions
// land in the audit log and on the server as chosen, refused decisions say why, undo retracts,
// and the work goes on while the server is down.
#include "decision_panel.h"
#include "gui_fixture.h"
#include "item_pane.h"
#include "queue_model.h"
#include "score_bar.h"
#include "sign_in_dialog.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QJsonArray>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QTableView>
#include <QTest>
#include <QTimer>
#include <QWebEnginePage>
#include <QWebEngineView>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

namespace {

// Every decision on the server's chain, in order.
std::vector<Decision> serverDecisions(const ServerProcess& s)
{
    std::vector<Decision> out;
    qint64 after = 0;
    for (;;) {
        const QJsonObject page =
            s.get(u"/v1/decisions?after=%1"_s.arg(after), u"supervisor"_s).json();
        const QJsonArray list = page.value(u"decisions"_s).toArray();
        for (const QJsonValue& v : list)
            if (auto d = Decision::fromJson(v.toObject()))
                out.push_back(*d);
        if (list.isEmpty())
            return out;
        after = page.value(u"next"_s).toInteger();
    }
}

std::vector<Decision> logged(ui::Session& session)
{
    std::vector<Decision> out;
    (void)session.profile().log().forEach(0, -1, [&](const Decision& d) {
        out.push_back(d);
        return true;
    });
    return out;
}

void press(QWidget* w, Qt::Key key, Qt::KeyboardModifiers mods = Qt::NoModifier)
{
    QTest::keyClick(w, key, mods);
}

} // namespace

class TriageWindowTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void decidesTwentyItemsFromTheKeyboard();
    void refusesADecisionThatMissesARequiredField();
    void undoRetractsAndTheItemIsDecidedAgain();
    void sendsDecisionsShortlyAfterTheyAreTaken();
    void keepsWorkingWhileTheServerIsDown();
    void filtersTheQueue();
    void keysAreRemappedAndBreaksAreReminded();
    void settingsRemapKeysAndTurnBlurOff();
    void signsInFromTheDialog();
    void aTrainerIsToldWhatTheWindowIsFor();
    void restoresTheWindowAsItWasLeft();
};

void TriageWindowTest::decidesTwentyItemsFromTheKeyboard()
{
    Workstation ws;
    QVERIFY2(ws.open(40), qPrintable(ws.error));
    QAbstractItemModelTester tester(ws.window->queueModel(),
                                    QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(ws.waitForItem());
    QVERIFY(ws.window->windowTitle().startsWith(u"ModDesk — moderator"_s));

    // Keys 1, 4 and 6: a removal, counter-speech, benign — each records and moves on.
    const std::vector<std::pair<Qt::Key, std::array<QString, 3>>> keys = {
        {Qt::Key_1, {u"violating"_s, u"terrorist_propaganda"_s, u"remove"_s}},
        {Qt::Key_4, {u"not_violating"_s, u"counter_speech"_s, u"no_action"_s}},
        {Qt::Key_6, {u"not_violating"_s, u"benign"_s, u"no_action"_s}}};
    QHash<QString, std::array<QString, 3>> expected;
    auto* panel = ws.window->findChild<ui::DecisionPanel*>();
    QVERIFY(panel);
    for (int i = 0; i < 20; ++i) {
        QVERIFY2(ws.waitForItem(), qPrintable(u"item %1 never showed"_s.arg(i)));
        const QString item = ws.window->currentItemId();
        QVERIFY2(!expected.contains(item), "the window showed a decided item again");
        // The evidence pane shows this item's scores, in order, and no bar left from another.
        const Item& shown = ws.session->entry(item)->item;
        std::vector<double> bars;
        for (const ui::ScoreBar* bar : panel->findChildren<ui::ScoreBar*>())
            if (bar->isVisibleTo(panel))
                bars.push_back(bar->score().score);
        QCOMPARE(bars.size(), shown.scores.size());
        for (size_t b = 0; b < bars.size(); ++b)
            QCOMPARE(bars[b], shown.scores[b].score);
        const auto& [key, choice] = keys[size_t(i) % keys.size()];
        press(ws.window.get(), key);
        GUI_TRY_VERIFY(ws.window->currentItemId() != item);
        expected.insert(item, choice);
    }
    QCOMPARE(expected.size(), 20);

    // The audit log: 20 triage decisions, each as chosen, each with what was on screen.
    const auto local = logged(*ws.session);
    QCOMPARE(local.size(), size_t(20));
    for (const Decision& d : local) {
        QVERIFY(expected.contains(d.itemId));
        const auto& want = expected.value(d.itemId);
        QCOMPARE(d.kind, u"triage"_s);
        QCOMPARE(*d.verdict, want[0]);
        QCOMPARE(*d.reason, want[1]);
        QCOMPARE(*d.action, want[2]);
        QVERIFY(d.shown && d.shown->size() == 64);
        if (*d.verdict == u"violating")
            QCOMPARE(d.dsa->decisionGround, u"incompatible_with_terms"_s); // policy default
    }

    // Synced: the server holds the same 20, with the same choices.
    QVERIFY(ws.waitForSynced());
    const auto remote = serverDecisions(*ws.server);
    QCOMPARE(remote.size(), size_t(20));
    for (const Decision& d : remote) {
        QVERIFY(expected.contains(d.itemId));
        QCOMPARE(*d.verdict, expected.value(d.itemId)[0]);
        QCOMPARE(*d.reason, expected.value(d.itemId)[1]);
        QCOMPARE(*d.action, expected.value(d.itemId)[2]);
    }
    GUI_TRY_VERIFY(ws.window->statusText().contains(u"0 to sync"_s));
    QTRY_VERIFY2_WITH_TIMEOUT(ws.window->statusText().contains(u"Online"_s),
                              qPrintable(ws.window->statusText()), kGuiWaitMs);
    // Nothing on any page asked for anything outside the item: scheme.
    QCOMPARE(ws.window->itemPane()->refusedRequests(), 0);
    QVERIFY(ws.window->itemPane()->allowedRequests() >= 20);
    // ...and the seeded images reached the pages through it (re-encoded by the app).
    QVERIFY(ws.window->itemPane()->mediaServed() > 0);
}

void TriageWindowTest::refusesADecisionThatMissesARequiredField()
{
    Workstation ws;
    QVERIFY2(ws.open(10), qPrintable(ws.error));
    QVERIFY(ws.waitForItem());
    const QString item = ws.window->currentItemId();
    ui::DecisionPanel* panel = ws.window->decisionPanel();

    // A removal without its DSA ground: refused, the field named, nothing logged.
    panel->setChoice(u"violating"_s, u"recruitment"_s, u"remove"_s);
    panel->findChild<QComboBox*>(u"dsaGround"_s)->setCurrentIndex(0);
    press(ws.window.get(), Qt::Key_Return);
    const auto* problem = panel->findChild<QLabel*>(u"decisionProblem"_s);
    QVERIFY2(problem->text().contains(u"dsa.decision_ground"_s), qPrintable(problem->text()));
    QCOMPARE(logged(*ws.session).size(), size_t(0));
    QCOMPARE(ws.window->currentItemId(), item);

    // Escalating needs notes: E fills the form and waits for them; Enter then records it.
    press(ws.window.get(), Qt::Key_E);
    QCOMPARE(logged(*ws.session).size(), size_t(0));
    QVERIFY(problem->text().contains(u"Notes are required"_s));
    QWidget* notes = panel->findChild<QWidget*>(u"notes"_s);
    GUI_TRY_VERIFY(notes->hasFocus());
    QTest::keyClicks(notes, u"[SYNTHETIC] asks for a second opinion on the flag"_s);
    press(ws.window.get(), Qt::Key_Escape); // leave the notes field: keys go to the window
    press(ws.window.get(), Qt::Key_Return);
    const auto local = logged(*ws.session);
    QCOMPARE(local.size(), size_t(1));
    QCOMPARE(*local[0].verdict, u"escalate"_s);
    QCOMPARE(*local[0].notes, u"[SYNTHETIC] asks for a second opinion on the flag"_s);
    QCOMPARE(local[0].itemId, item);
}

void TriageWindowTest::undoRetractsAndTheItemIsDecidedAgain()
{
    Workstation ws;
    QVERIFY2(ws.open(10), qPrintable(ws.error));
    QVERIFY(ws.waitForItem());
    // Offline for the undo, so the decision cannot sync before Ctrl+Z.
    ws.server->stop();
    const QString item = ws.window->currentItemId();
    press(ws.window.get(), Qt::Key_6);
    GUI_TRY_VERIFY(ws.window->currentItemId() != item);
    press(ws.window.get(), Qt::Key_Z, Qt::ControlModifier);
    GUI_TRY_COMPARE(ws.window->currentItemId(), item); // back on the undone item
    auto local = logged(*ws.session);
    QCOMPARE(local.size(), size_t(2));
    QCOMPARE(local[1].kind, u"retract"_s);
    QCOMPARE(*local[1].reviews, local[0].id);
    // Decided again, differently; then the server sees all three, none refused.
    QVERIFY(ws.waitForItem());
    press(ws.window.get(), Qt::Key_4);
    GUI_TRY_VERIFY(ws.window->currentItemId() != item);
    QVERIFY(ws.server->start());
    QVERIFY(ws.waitForSynced());
    const auto remote = serverDecisions(*ws.server);
    QCOMPARE(remote.size(), size_t(3));
    QCOMPARE(remote[1].kind, u"retract"_s);
    QCOMPARE(*remote[2].reason, u"counter_speech"_s);
    QCOMPARE(ws.session->status().conflicts, 0);

    // Once synced, undo changes nothing in the log: it asks for a supervisor's review instead.
    // Cancelled, nothing is asked.
    QTimer::singleShot(0, [] {
        GUI_TRY_VERIFY(QApplication::activeModalWidget());
        QTest::keyClick(QApplication::activeModalWidget(), Qt::Key_Escape);
    });
    press(ws.window.get(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(logged(*ws.session).size(), size_t(3));
    QVERIFY(ws.server->get(u"/v1/review-requests"_s, u"supervisor"_s)
                .json()
                .value(u"review_requests"_s)
                .toArray()
                .isEmpty());
    // Asked, with words (the button waits for them): the supervisors see it, with the decision.
    ws.window->activateWindow(); // keys go to the window again once the dialog is gone
    QVERIFY(QTest::qWaitForWindowActive(ws.window.get(), kGuiWaitMs));
    bool sendWaitedForWords = false;
    QTimer::singleShot(0, [&] {
        GUI_TRY_VERIFY(QApplication::activeModalWidget());
        QWidget* dialog = QApplication::activeModalWidget();
        auto* reason = dialog->findChild<QPlainTextEdit*>(u"reviewReason"_s);
        auto* send = dialog->findChild<QPushButton*>(u"sendReviewRequest"_s);
        QVERIFY(reason && send);
        sendWaitedForWords = !send->isEnabled();
        QTest::keyClicks(reason, u"Counter-speech was the wrong reason: it is news reporting."_s);
        QVERIFY(send->isEnabled());
        send->click();
    });
    press(ws.window.get(), Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(sendWaitedForWords);
    QCOMPARE(logged(*ws.session).size(), size_t(3)); // the log is not where a request goes
    QJsonArray requests;
    GUI_TRY_VERIFY(!(requests = ws.server->get(u"/v1/review-requests"_s, u"supervisor"_s)
                                    .json()
                                    .value(u"review_requests"_s)
                                    .toArray())
                        .isEmpty());
    QCOMPARE(requests.size(), 1);
    const QJsonObject request = requests[0].toObject();
    QCOMPARE(request.value(u"decision_id"_s).toString(), remote[2].id);
    QCOMPARE(request.value(u"item_id"_s).toString(), item);
    QCOMPARE(request.value(u"requested_by"_s).toString(), u"moderator"_s);
    QCOMPARE(request.value(u"reason"_s).toString(),
             u"Counter-speech was the wrong reason: it is news reporting."_s);
}

void TriageWindowTest::sendsDecisionsShortlyAfterTheyAreTaken()
{
    // Decisions wait for the upload delay (counted from the first of them) and go together:
    // with a delay and background rounds far longer than the test, nothing can send them until
    // the moderator presses F5. The key did not wait for the network, and a slip caught now is
    // still undone locally.
    {
        Workstation ws;
        ui::SessionOptions options;
        options.syncIntervalMs = 3'600'000;
        options.uploadDelayMs = 3'600'000;
        QVERIFY2(ws.open(10, options), qPrintable(ws.error));
        QVERIFY(ws.waitForItem() && ws.waitForHeld(3));
        for (int i = 0; i < 2; ++i)
            QVERIFY(ws.decideWith(Qt::Key_6));
        GUI_TRY_VERIFY(ws.window->statusText().contains(u"2 to sync"_s));
        QCOMPARE(serverDecisions(*ws.server).size(), size_t(0));
        press(ws.window.get(), Qt::Key_F5);
        GUI_TRY_VERIFY(ws.window->statusText().contains(u"0 to sync"_s));
        QCOMPARE(serverDecisions(*ws.server).size(), size_t(2));
    }
    // With the shipped kind of delay, they go by themselves: no key, no background round due.
    Workstation ws;
    ui::SessionOptions options;
    options.syncIntervalMs = 3'600'000;
    options.uploadDelayMs = 300;
    QVERIFY2(ws.open(10, options), qPrintable(ws.error));
    QVERIFY(ws.waitForItem());
    const QString item = ws.window->currentItemId();
    press(ws.window.get(), Qt::Key_6);
    GUI_TRY_VERIFY(ws.window->currentItemId() != item);
    GUI_TRY_COMPARE(serverDecisions(*ws.server).size(), size_t(1));
    GUI_TRY_VERIFY(ws.window->statusText().contains(u"0 to sync"_s));
}

void TriageWindowTest::keepsWorkingWhileTheServerIsDown()
{
    Workstation ws;
    QVERIFY2(ws.open(20), qPrintable(ws.error));
    QVERIFY(ws.waitForItem() && ws.waitForHeld(4));
    ws.server->stop();
    GUI_TRY_VERIFY(ws.window->statusText().contains(u"Offline"_s));
    for (int i = 0; i < 3; ++i)
        QVERIFY(ws.decideWith(Qt::Key_6));
    GUI_TRY_VERIFY(ws.window->statusText().contains(u"3 to sync"_s));
    QVERIFY(ws.server->start());
    // Sync resumes by itself (no key pressed).
    GUI_TRY_VERIFY(ws.window->statusText().contains(u"0 to sync"_s));
    GUI_TRY_VERIFY(ws.window->statusText().contains(u"Online"_s));
    QCOMPARE(serverDecisions(*ws.server).size(), size_t(3));
}

void TriageWindowTest::filtersTheQueue()
{
    Workstation ws;
    ui::SessionOptions options;
    options.ahead = 12;
    QVERIFY2(ws.open(30, options), qPrintable(ws.error));
    QVERIFY(ws.waitForItem() && ws.waitForHeld(12));
    // The platform of some held item that is not the first one.
    const QString platform = ws.session->queue().back().item.platform;
    press(ws.window.get(), Qt::Key_Slash);
    auto* filter = ws.window->findChild<QLineEdit*>(u"queueFilter"_s);
    GUI_TRY_VERIFY(filter->hasFocus());
    QTest::keyClicks(filter, platform);
    press(filter, Qt::Key_Return); // ends filtering, records nothing
    QCOMPARE(logged(*ws.session).size(), size_t(0));
    auto* view = ws.window->findChild<QTableView*>(u"queue"_s);
    QVERIFY(view->model()->rowCount() >= 1);
    QVERIFY(view->model()->rowCount() < int(ws.session->queue().size()));
    for (int r = 0; r < view->model()->rowCount(); ++r)
        QVERIFY(
            view->model()->index(r, ui::QueueModel::Platform).data().toString().contains(platform));
    // The item on screen is one the filter shows, and deciding moves within the filter.
    QVERIFY(ws.waitForItem());
    QCOMPARE(ws.session->entry(ws.window->currentItemId())->item.platform, platform);
    filter->clear();
    QCOMPARE(view->model()->rowCount(), int(ws.session->queue().size()));
}

void TriageWindowTest::keysAreRemappedAndBreaksAreReminded()
{
    Workstation ws;
    QVERIFY2(ws.open(10), qPrintable(ws.error));
    QVERIFY(ws.waitForItem());
    // "benign" moved from 6 to X (as the settings dialog saves it): 6 does nothing now.
    QSettings().setValue(u"keys/decide.benign"_s, u"X"_s);
    ws.window->applyKeys();
    const QString item = ws.window->currentItemId();
    press(ws.window.get(), Qt::Key_6);
    QCOMPARE(logged(*ws.session).size(), size_t(0));
    press(ws.window.get(), Qt::Key_X);
    GUI_TRY_VERIFY(ws.window->currentItemId() != item);
    const auto local = logged(*ws.session);
    QCOMPARE(local.size(), size_t(1));
    QCOMPARE(*local[0].reason, u"benign"_s);
    QSettings().remove(u"keys/decide.benign"_s);
    ws.window->applyKeys();

    // In the form, typed keys belong to the form: V goes to the verdict list, and 6 there picks
    // nothing and decides nothing. Esc gives the keys back.
    QVERIFY(ws.waitForItem());
    press(ws.window.get(), Qt::Key_V);
    GUI_TRY_VERIFY(ws.window->decisionPanel()->findChild<QComboBox*>(u"verdict"_s)->hasFocus());
    press(QApplication::focusWidget(), Qt::Key_6); // where a real key goes: the focused list
    QCOMPARE(logged(*ws.session).size(), size_t(1));
    press(QApplication::focusWidget(), Qt::Key_Escape);
    // Revealing the media keeps what the form says.
    ws.window->decisionPanel()->setChoice(u"escalate"_s, u"legal"_s, u"refer"_s);
    press(ws.window.get(), Qt::Key_Space);
    QVERIFY(ws.waitForItem());
    QCOMPARE(ws.window->decisionPanel()->choice().reason, u"legal"_s);

    // The break reminder: a banner that says so, hidden again with Esc.
    auto* banner = ws.window->findChild<QLabel*>(u"banner"_s);
    QVERIFY(!banner->isVisible());
    ws.window->setNextBreakIn(0);
    GUI_TRY_VERIFY(banner->isVisible());
    QVERIFY(banner->text().contains(u"Take a break"_s));
    press(ws.window.get(), Qt::Key_Escape);
    QVERIFY(!banner->isVisible());

    // T shows the raw text (a banner says so), T again the markers.
    auto pageText = [&] {
        QString text;
        ws.window->itemPane()->currentView()->page()->toPlainText(
            [&](const QString& t) { text = t; });
        spinUntil([&] { return !text.isEmpty(); }, kGuiWaitMs);
        return text;
    };
    QVERIFY(!pageText().contains(u"Raw text:"_s));
    press(ws.window.get(), Qt::Key_T);
    QVERIFY(ws.waitForItem());
    GUI_TRY_VERIFY(pageText().contains(u"Raw text:"_s));
    press(ws.window.get(), Qt::Key_T);
    QVERIFY(ws.waitForItem());
    GUI_TRY_VERIFY(!pageText().contains(u"Raw text:"_s));

    // Exposure: items with media that were on screen are counted in the status bar.
    QVERIFY(
        ws.window->statusText().contains(u"media items seen %1"_s.arg(ws.window->exposureCount())));
}

void TriageWindowTest::settingsRemapKeysAndTurnBlurOff()
{
    Workstation ws;
    QVERIFY2(ws.open(10), qPrintable(ws.error));
    QVERIFY(ws.waitForItem());
    auto pageHtml = [&] {
        QString html;
        ws.window->itemPane()->currentView()->page()->toHtml([&](const QString& h) { html = h; });
        spinUntil([&] { return !html.isEmpty(); }, kGuiWaitMs);
        return html;
    };
    // Find an item with media (the seed gives most of them pictures): blurred by default.
    for (int i = 0; i < 5 && !pageHtml().contains(u"<figure"_s); ++i) {
        press(ws.window.get(), Qt::Key_J);
        QVERIFY(ws.waitForItem());
    }
    // A blurred picture: its figure has the class "blur" (the style sheet's rule is not enough).
    const QRegularExpression blurred(u"<figure[^>]*class=\"[^\"]*\\bblur\\b"_s);
    QVERIFY(pageHtml().contains(blurred));

    // In the dialog (Ctrl+,): "benign" on 1, which "remove" has: refused, nothing saved.
    bool refusedTwice = false;
    QTimer::singleShot(0, [&] {
        GUI_TRY_VERIFY(QApplication::activeModalWidget());
        QWidget* dialog = QApplication::activeModalWidget();
        auto* benign = dialog->findChild<QKeySequenceEdit*>(u"key.decide.benign"_s);
        QVERIFY(benign);
        benign->setKeySequence(QKeySequence(Qt::Key_1));
        QTimer::singleShot(0, [&] {
            GUI_TRY_VERIFY(QApplication::activeModalWidget() != dialog);
            auto* warning = QApplication::activeModalWidget();
            const QList<QLabel*> labels = warning->findChildren<QLabel*>();
            refusedTwice = std::any_of(labels.begin(), labels.end(), [](QLabel* l) {
                return l->text().contains(u"is set for both"_s);
            });
            QTest::keyClick(warning, Qt::Key_Escape);
        });
        QMetaObject::invokeMethod(dialog, "accept");
        QVERIFY(dialog->isVisible()); // still open after the refusal
        // Then X for benign, blur off: saved.
        benign->setKeySequence(QKeySequence(Qt::Key_X));
        dialog->findChild<QCheckBox*>(u"blurMedia"_s)->setChecked(false);
        QMetaObject::invokeMethod(dialog, "accept");
    });
    ws.window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(ws.window.get(), kGuiWaitMs));
    press(ws.window.get(), Qt::Key_Comma, Qt::ControlModifier);
    QVERIFY(refusedTwice);
    QCOMPARE(QSettings().value(u"keys/decide.benign"_s).toString(), u"X"_s);
    // The page is shown again without the blur, and X decides "benign"; 6 no longer does.
    QVERIFY(ws.waitForItem());
    GUI_TRY_VERIFY(!pageHtml().contains(blurred));
    QVERIFY(pageHtml().contains(u"<figure"_s));
    ws.window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(ws.window.get(), kGuiWaitMs));
    const QString item = ws.window->currentItemId();
    press(ws.window.get(), Qt::Key_6);
    QCOMPARE(logged(*ws.session).size(), size_t(0));
    press(ws.window.get(), Qt::Key_X);
    GUI_TRY_VERIFY(ws.window->currentItemId() != item);
    QCOMPARE(*logged(*ws.session).at(0).reason, u"benign"_s);
    QSettings().remove(u"keys/decide.benign"_s);
    QSettings().remove(u"wellness"_s);
}

// Role-aware: a trainer (who may not lease or decide) gets no Decide menu, decision keys that
// do nothing, no lease requests refused in the background, and words saying why.
void TriageWindowTest::aTrainerIsToldWhatTheWindowIsFor()
{
    Workstation ws;
    ws.role = u"trainer"_s;
    QVERIFY2(ws.open(5), qPrintable(ws.error));
    QStringList menus;
    for (QAction* a : ws.window->menuBar()->actions())
        menus.append(a->text());
    QVERIFY2(!menus.contains(u"&Decide"_s), qPrintable(menus.join(u", ")));
    QVERIFY(menus.contains(u"&Session"_s));
    QLabel* said = nullptr;
    QVERIFY(spinUntil(
        [&] {
            for (QLabel* l : ws.window->itemPane()->findChildren<QLabel*>())
                if (l->isVisible() && l->text().contains(u"Signed in as trainer, a trainer"_s))
                    said = l;
            return said != nullptr;
        },
        10000));
    QVERIFY(said->text().contains(u"moderator's or supervisor's profile"_s));
    press(ws.window.get(), Qt::Key_6);
    press(ws.window.get(), Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(logged(*ws.session).size(), size_t(0));
    // The background rounds ask for nothing a trainer is refused.
    GUI_TRY_VERIFY(ws.window->statusText().contains(u"Online"_s));
    QVERIFY2(!ws.window->statusText().contains(u"forbidden"_s),
             qPrintable(ws.window->statusText()));
    QVERIFY(ws.session->queue().empty());
}

void TriageWindowTest::signsInFromTheDialog()
{
    ServerProcess server(QString(), 3);
    QVERIFY2(server.start(), qPrintable(server.error()));
    QTemporaryDir root;
    ui::SignInDialog dialog(root.path());
    auto* profile = dialog.findChild<QComboBox*>(u"profile"_s);
    auto* url = dialog.findChild<QLineEdit*>(u"server"_s);
    auto* token = dialog.findChild<QLineEdit*>(u"token"_s);
    profile->setEditText(u"alice"_s);
    url->setText(server.baseUrl());

    // A wrong token: refused with the server's words, nothing signed in, the dialog stays.
    token->setText(u"mdk_not-a-real-token"_s);
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    const QList<QLabel*> labels = dialog.findChildren<QLabel*>();
    QVERIFY(std::any_of(labels.begin(), labels.end(),
                        [](const QLabel* l) { return l->text().startsWith(u"Not signed in"_s); }));
    // The right one: the profile is signed in and holds the server's policy.
    token->setText(server.token(u"moderator"_s));
    dialog.accept();
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    QCOMPARE(dialog.profileDir(), root.filePath(u"alice"_s));
    auto opened = net::Profile::open(dialog.profileDir());
    QVERIFY(opened.ok());
    QCOMPARE((*opened)->userName(), u"moderator"_s);
    QCOMPARE((*opened)->serverUrl(), server.baseUrl());
}

void TriageWindowTest::restoresTheWindowAsItWasLeft()
{
    Workstation ws;
    QVERIFY2(ws.open(3), qPrintable(ws.error));
    ws.window->resize(1234, 777);
    GUI_TRY_COMPARE(ws.window->size(), QSize(1234, 777));
    ws.close(); // saves geometry and state (QSettings)
    QVERIFY2(ws.reopen(), qPrintable(ws.error));
    QCOMPARE(ws.window->size(), QSize(1234, 777));
}

int main(int argc, char** argv)
{
    GuiApplication app(argc, argv, u"ModDesk-test"_s);
    TriageWindowTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "triage_window_test.moc"
