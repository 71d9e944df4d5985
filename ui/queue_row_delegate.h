#pragma once

#include <QHash>
#include <QStaticText>
#include <QStyledItemDelegate>

class QFontMetrics;

namespace moddesk::ui {

// `text` as it fits `width`: whole, else cut after a whole word with an ellipsis, else (not
// even one word fits) cut anywhere.
QString elideAtWord(const QFontMetrics& fm, const QString& text, int width);

// Draws the queue's cells: the row's selection or hover panel from the style, then the cell's
// text, cut to the column at a word, in the colour, weight and alignment the model asks for.
//
// Why not QStyledItemDelegate: it lays every cell's text out again on every paint (the bulk of
// a window repaint after each decision, when every row below the decided one moves up). Here a
// cell's text is laid out once into a QStaticText and reused until the text, font or width
// changes; the model's strings are few (sources, languages, platforms, scores, countdowns).
class QueueRowDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;

    // Laid-out texts held (bounded; for tests).
    qsizetype cachedTexts() const { return m_texts.size(); }

private:
    const QStaticText& laidOut(const QString& text, const QFont& font, int width) const;

    mutable QHash<QString, QStaticText> m_texts;
};

} // namespace moddesk::ui
