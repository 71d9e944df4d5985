#include "queue_row_delegate.h"

#include <QApplication>
#include <QPainter>

using namespace Qt::StringLiterals;

namespace moddesk::ui {

namespace {
// More distinct cell texts than a queue shows at once; past it the cache starts over (the
// countdowns change every second, so old ones are dropped this way).
constexpr qsizetype kMaxCachedTexts = 4096;
} // namespace

QString elideAtWord(const QFontMetrics& fm, const QString& text, int width)
{
    if (fm.horizontalAdvance(text) <= width)
        return text;
    // Whole words and an ellipsis ("0.81 terrorist…"), as many as fit; a word cut in the
    // middle ("0.81 terrorist_co…") is what a moderator cannot read.
    const QString ellipsis = u"…"_s;
    for (qsizetype end = text.lastIndexOf(u' '); end > 0; end = text.lastIndexOf(u' ', end - 1)) {
        QString shorter = text.left(end).trimmed() + ellipsis;
        // An isolate opened in the kept words (untrusted text is isolated) is closed again.
        for (qsizetype open = shorter.count(QChar(0x2066)) + shorter.count(QChar(0x2067)) +
                              shorter.count(QChar(0x2068)) - shorter.count(QChar(0x2069));
             open > 0; --open)
            shorter += QChar(0x2069);
        if (fm.horizontalAdvance(shorter) <= width)
            return shorter;
    }
    return fm.elidedText(text, Qt::ElideRight, width); // not even the first word fits
}

const QStaticText& QueueRowDelegate::laidOut(const QString& text, const QFont& font,
                                             int width) const
{
    const QString key =
        font.key() + QChar(u'\x1f') + QString::number(width) + QChar(u'\x1f') + text;
    auto it = m_texts.find(key);
    if (it != m_texts.end())
        return *it;
    if (m_texts.size() >= kMaxCachedTexts)
        m_texts.clear();
    QStaticText laid(elideAtWord(QFontMetrics(font), text, width));
    laid.setTextFormat(Qt::PlainText);
    laid.setPerformanceHint(QStaticText::AggressiveCaching);
    laid.prepare(QTransform(), font);
    return *m_texts.insert(key, laid);
}

void QueueRowDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                             const QModelIndex& index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget* widget = opt.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();

    // The panel: selection, hover and alternate-row colours, as the style draws them.
    style->drawPrimitive(QStyle::PE_PanelItemViewItem, &opt, painter, widget);
    if (opt.text.isEmpty())
        return;

    // The cells have text only (no icon, no check box): the text area is the cell less the
    // style's margin. (SE_ItemViewItemText would lay the text out again to find it.)
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect textRect = opt.rect.adjusted(margin, 0, -margin, 0);
    if (textRect.width() <= 0)
        return;

    const QPalette::ColorGroup group = !(opt.state & QStyle::State_Enabled) ? QPalette::Disabled
                                       : (opt.state & QStyle::State_Active) ? QPalette::Normal
                                                                            : QPalette::Inactive;
    const bool selected = opt.state & QStyle::State_Selected;
    const QStaticText& text = laidOut(opt.text, opt.font, textRect.width());
    const QSizeF size = text.size();
    QPointF at(textRect.left(), textRect.top() + (textRect.height() - size.height()) / 2.0);
    const Qt::Alignment horizontal =
        QStyle::visualAlignment(opt.direction, opt.displayAlignment) & Qt::AlignHorizontal_Mask;
    if (horizontal & Qt::AlignRight)
        at.setX(textRect.right() + 1 - size.width());
    else if (horizontal & Qt::AlignHCenter)
        at.setX(textRect.left() + (textRect.width() - size.width()) / 2.0);

    painter->save();
    painter->setFont(opt.font);
    painter->setPen(
        opt.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text));
    painter->setClipRect(opt.rect);
    painter->drawStaticText(at, text);
    painter->restore();
}

} // namespace moddesk::ui
