// The queue's cells as a moderator sees them, drawn by QueueRowDelegate into a real table: a
// removal order's countdown in red, long text cut at its column at a word (never over the next
// one, never mid-word while a word fits),
// right-aligned numbers on the right, the selected row in the highlight colours; and the cache
// of laid-out texts stays bounded however many countdowns go by.
#include "gui_fixture.h"
#include "queue_row_delegate.h"

#include <QHeaderView>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

namespace {

bool isRed(QRgb p)
{
    return qRed(p) > 150 && qGreen(p) < 110 && qBlue(p) < 110;
}

bool isDark(QRgb p)
{
    return qGray(p) < 110;
}

// Pixels in `rect` of `image` that satisfy `test`.
template <typename Test>
int count(const QImage& image, QRect rect, Test test)
{
    int n = 0;
    rect = rect.intersected(image.rect());
    for (int y = rect.top(); y <= rect.bottom(); ++y)
        for (int x = rect.left(); x <= rect.right(); ++x)
            n += test(image.pixel(x, y)) ? 1 : 0;
    return n;
}

} // namespace

class QueueRowDelegateTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void drawsCellsAsTheModelAsks();
    void keepsItsCacheBounded();
    void cutsAtAWord();
};

void QueueRowDelegateTest::drawsCellsAsTheModelAsks()
{
    QStandardItemModel model(3, 3);
    // Row 0: a removal order: red, bold countdown; a source far too long for its column.
    model.setData(model.index(0, 0), u"Removal order from a very long named authority "
                                     u"that does not fit its column at all"_s);
    model.setData(model.index(0, 1), u"0:42:10"_s);
    model.setData(model.index(0, 1), QBrush(QColor(0xc6, 0x28, 0x28)), Qt::ForegroundRole);
    // Row 1: a right-aligned score; the last column empty.
    model.setData(model.index(1, 1), u"0.93"_s);
    model.setData(model.index(1, 1), QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter),
                  Qt::TextAlignmentRole);
    // Row 2: selected.
    model.setData(model.index(2, 0), u"User report"_s);

    QTableView view;
    auto* delegate = new ui::QueueRowDelegate(&view);
    view.setItemDelegate(delegate);
    view.setModel(&model);
    view.verticalHeader()->hide();
    view.setShowGrid(false);
    view.horizontalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view.horizontalHeader()->resizeSection(0, 140);
    view.horizontalHeader()->resizeSection(1, 160);
    view.horizontalHeader()->resizeSection(2, 200);
    view.setSelectionBehavior(QAbstractItemView::SelectRows);
    view.resize(520, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view, kGuiWaitMs));
    view.selectRow(2);
    view.activateWindow();
    const QImage shot = view.viewport()->grab().toImage();
    auto cell = [&](int row, int column) { return view.visualRect(model.index(row, column)); };

    // The countdown is red; the plain text is not.
    QVERIFY(count(shot, cell(0, 1), isRed) > 10);
    QCOMPARE(count(shot, cell(0, 0), isRed), 0);
    // The long source is cut at its column: text in it, none spilling into the cell after the
    // countdown's text (the empty third column of row 0).
    QVERIFY(count(shot, cell(0, 0), isDark) > 20);
    QCOMPARE(count(shot, cell(0, 2), isDark), 0);
    // Right-aligned: the score's ink is in the right half of its cell only.
    const QRect score = cell(1, 1);
    const QRect leftHalf(score.left(), score.top(), score.width() / 2, score.height());
    const QRect rightHalf(score.center().x(), score.top(), score.width() / 2, score.height());
    QCOMPARE(count(shot, leftHalf, isDark), 0);
    QVERIFY(count(shot, rightHalf, isDark) > 10);
    // The selected row is painted in the highlight colour, its text in the highlighted-text one.
    const QColor highlight = view.palette().color(QPalette::Active, QPalette::Highlight);
    const QColor highlightedText =
        view.palette().color(QPalette::Active, QPalette::HighlightedText);
    const QRect selected = cell(2, 2);
    QVERIFY(count(shot, selected, [&](QRgb p) { return QColor(p) == highlight; }) >
            selected.width() * selected.height() / 2);
    QVERIFY(count(shot, cell(2, 0),
                  [&](QRgb p) { return qAbs(qGray(p) - qGray(highlightedText.rgb())) < 40; }) > 10);
}

void QueueRowDelegateTest::keepsItsCacheBounded()
{
    QStandardItemModel model(1, 1);
    QTableView view;
    auto* delegate = new ui::QueueRowDelegate(&view);
    view.setItemDelegate(delegate);
    view.setModel(&model);
    view.resize(300, 80);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view, kGuiWaitMs));
    // A countdown ticking for hours: every second a new text in the same cell.
    for (int s = 0; s < 5000; ++s) {
        model.setData(model.index(0, 0), u"%1:%2"_s.arg(s / 60).arg(s % 60, 2, 10, QChar(u'0')));
        view.viewport()->repaint();
    }
    QVERIFY(delegate->cachedTexts() > 0);
    QVERIFY(delegate->cachedTexts() <= 4096);
}

void QueueRowDelegateTest::cutsAtAWord()
{
    const QFontMetrics fm(QApplication::font());
    const QString score = u"0.81 \u2068terrorist content\u2069"_s;
    // Wide enough: whole.
    QCOMPARE(ui::elideAtWord(fm, score, fm.horizontalAdvance(score) + 1), score);
    // Not wide enough for the last word: the words that fit and an ellipsis, the isolate that
    // the untrusted label opened closed again.
    const QString twoWords = u"0.81 \u2068terrorist…\u2069"_s;
    QCOMPARE(ui::elideAtWord(fm, score, fm.horizontalAdvance(twoWords) + 1), twoWords);
    // Not even the first word: cut anywhere, still within the width.
    const int narrow = fm.horizontalAdvance(u"0.8"_s);
    QVERIFY(fm.horizontalAdvance(ui::elideAtWord(fm, u"0.81"_s, narrow)) <= narrow);
}

int main(int argc, char** argv)
{
    GuiApplication app(argc, argv, u"ModDesk-test"_s);
    QueueRowDelegateTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "queue_row_delegate_test.moc"
