// What the window shows is the item named, and fits where a moderator reads it: the page in
// the pane is never the previous item's (not for a frame after the window says the new one is
// shown, however fast the keys come); at the window's default size and at 1280×800 the queue's
// top score and its label read in full, and each hash-list match shows its list, algorithm,
// distance and labels, wrapped inside the evidence pane (none cut at its edge); the widths the
// moderator gave the panes come back after a restart.
#include "decision_panel.h"
#include "evidence_pane.h"
#include "gui_fixture.h"
#include "item_pane.h"
#include "queue_model.h"

#include <QHeaderView>
#include <QLabel>
#include <QScrollArea>
#include <QSplitter>
#include <QStyle>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

class WindowLayoutTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsTheNewItemsPageNeverTheLastOnes();
    void scoresAndMatchesReadInFull_data();
    void scoresAndMatchesReadInFull();
    void panesKeepTheWidthsTheyWereGiven();
};

void WindowLayoutTest::showsTheNewItemsPageNeverTheLastOnes()
{
    Workstation ws;
    ui::SessionOptions options;
    options.ahead = 12;
    QVERIFY2(ws.open(30, options), qPrintable(ws.error));
    QVERIFY(ws.waitForItem() && ws.waitForHeld(12));
    // The page's first card (platform, venue, source, time) differs from item to item and holds
    // no pictures, which may come a frame after the text: when the window says the item is
    // shown, that card must already be the one it keeps (not the page the view had before, not
    // a blank frame). Keys one at a time and in bursts,
    // down and back up (back up, nothing is rendered ahead: each page loads then).
    int checked = 0;
    QImage previous; // the last item's card, as it stayed
    QString previousId;
    for (int step = 0; step < 12; ++step) {
        const bool burst = step % 2 == 1;
        const Qt::Key key = step < 6 ? Qt::Key_J : Qt::Key_K;
        // (Nine rows down, nine back up: the queue holds twelve, so every key moves.)
        for (int k = 0; k < (burst ? 2 : 1); ++k)
            QTest::keyClick(ws.window.get(), key);
        QVERIFY(ws.waitForItem());
        ui::ItemPane* pane = ws.window->itemPane();
        // (Without the page's scroll bar, whose handle shrinks as pictures make it taller.)
        const QRect card(0, 0, pane->width() - 24, 60);
        const QImage atShown = pane->grab(card).toImage();
        QVERIFY(spinUntil([&] { return pane->currentPainted(); }, kGuiWaitMs));
        QCOMPARE(pane->grab(card).toImage(), atShown);
        QVERIFY(ws.window->currentItemId() != previousId);
        QVERIFY2(atShown != previous, "the card shown is the previous item's");
        previous = atShown;
        previousId = ws.window->currentItemId();
        ++checked;
    }
    QCOMPARE(checked, 12);
}

void WindowLayoutTest::scoresAndMatchesReadInFull_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("default size") << QSize();
    QTest::newRow("1280x800") << QSize(1280, 800);
}

void WindowLayoutTest::scoresAndMatchesReadInFull()
{
    QFETCH(QSize, size);
    Workstation ws;
    ui::SessionOptions options;
    options.ahead = 12;
    QVERIFY2(ws.open(30, options, {}, addHashMatchedItem), qPrintable(ws.error));
    if (size.isValid())
        ws.window->resize(size);
    QVERIFY(ws.waitForItem() && ws.waitForHeld(12));
    QCoreApplication::processEvents(); // the layout for the new size

    // Every top score in the queue, in bold (what urgent rows use), fits its column whole.
    auto* queue = ws.window->findChild<QTableView*>(u"queue"_s);
    QVERIFY(queue);
    QFont bold = queue->font();
    bold.setBold(true);
    const QFontMetrics fm(bold);
    const int margin = 2 * (queue->style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 1);
    const int column = queue->horizontalHeader()->sectionSize(ui::QueueModel::TopScore) - margin;
    int scored = 0;
    for (int row = 0; row < queue->model()->rowCount(); ++row) {
        const QString text = queue->model()->index(row, ui::QueueModel::TopScore).data().toString();
        if (text == u"—")
            continue;
        ++scored;
        QVERIFY2(!text.contains(u'_'), qPrintable(text)); // the label in words
        QVERIFY2(fm.horizontalAdvance(text) <= column,
                 qPrintable(u"%1 needs %2 px, the column has %3"_s.arg(text)
                                .arg(fm.horizontalAdvance(text))
                                .arg(column)));
    }
    QVERIFY(scored >= 10);

    // The hash-matched item: each match in full, its lines within the pane and not cut short.
    while (ws.window->currentItemId() != u"syn-hash-demo") {
        const QString before = ws.window->currentItemId();
        QTest::keyClick(ws.window.get(), Qt::Key_J);
        GUI_TRY_VERIFY(ws.window->currentItemId() != before);
    }
    QVERIFY(ws.waitForItem());
    ui::EvidencePane* evidence = ws.window->decisionPanel()->evidence();
    QStringList matches = evidence->matchTexts();
    for (QString& m : matches) // each item string is isolated (U+2068 … U+2069)
        m.remove(QChar(0x2068)).remove(QChar(0x2069));
    QCOMPARE(matches.size(), 2);
    for (const QString& expected :
         {u"synthetic-shared-list"_s, u"pdq"_s, u"distance 22"_s, u"synthetic, tvec"_s})
        QVERIFY2(matches[0].contains(expected), qPrintable(matches[0]));
    for (const QString& expected :
         {u"synthetic_industry_hash_sharing_database_v2"_s, u"md5"_s, u"exact match"_s,
          u"synthetic, propaganda_video, known_campaign"_s})
        QVERIFY2(matches[1].contains(expected), qPrintable(matches[1]));
    auto* scroll = evidence->findChild<QScrollArea*>();
    QVERIFY(scroll);
    const int paneWidth = scroll->viewport()->width();
    int lines = 0;
    for (QLabel* label : evidence->findChildren<QLabel*>()) {
        if (!label->isVisibleTo(evidence) || !label->wordWrap())
            continue;
        ++lines;
        const QRect inPane(label->mapTo(scroll->viewport(), QPoint(0, 0)), label->size());
        QVERIFY2(inPane.right() < paneWidth,
                 qPrintable(label->text() + u" runs past the pane's edge"_s));
        QVERIFY2(label->height() >= label->heightForWidth(label->width()),
                 qPrintable(label->text() + u" is cut short"_s));
    }
    QCOMPARE(lines, 6); // list, method and labels of each match
}

void WindowLayoutTest::panesKeepTheWidthsTheyWereGiven()
{
    Workstation ws;
    QVERIFY2(ws.open(3), qPrintable(ws.error));
    auto* panes = ws.window->findChild<QSplitter*>(u"panes"_s);
    QVERIFY(panes);
    const QList<int> before = panes->sizes();
    const int total = before[0] + before[1] + before[2];
    const QList<int> given{before[0] + 60, total - before[0] - 60 - 360, 360};
    QVERIFY(given != before);
    panes->setSizes(given);
    QCOMPARE(panes->sizes(), given);
    ws.close(); // saves geometry, state and the panes (QSettings)
    QVERIFY2(ws.reopen(), qPrintable(ws.error));
    panes = ws.window->findChild<QSplitter*>(u"panes"_s);
    GUI_TRY_COMPARE(panes->sizes(), given);
}

int main(int argc, char** argv)
{
    GuiApplication app(argc, argv, u"ModDesk-test"_s);
    WindowLayoutTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "window_layout_test.moc"
