#include "score_bar.h"

#include <QPainter>

using namespace Qt::StringLiterals;

namespace moddesk::ui {

ScoreBar::ScoreBar(Score score, QWidget* parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setScore(std::move(score));
}

void ScoreBar::setScore(Score score)
{
    m_score = std::move(score);
    setToolTip(
        u"%1 %2 — %3: %4 (threshold %5)"_s.arg(m_score.model, m_score.modelVersion, m_score.label)
            .arg(m_score.score, 0, 'f', 3)
            .arg(m_score.threshold, 0, 'f', 2));
    setAccessibleName(toolTip());
    update();
}

QSize ScoreBar::sizeHint() const
{
    return {220, fontMetrics().height() * 2 + 12};
}

void ScoreBar::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const int line = fontMetrics().height();
    const QRect bar(0, 2, width() - 1, line - 2);
    const double score = std::clamp(m_score.score, 0.0, 1.0);
    const double threshold = std::clamp(m_score.threshold, 0.0, 1.0);
    const bool over = m_score.exceedsThreshold();
    p.setPen(Qt::NoPen);
    p.setBrush(palette().color(QPalette::AlternateBase));
    p.drawRoundedRect(bar, 3, 3);
    p.setBrush(over ? QColor(0xc6, 0x28, 0x28) : QColor(0x78, 0x84, 0x90));
    p.drawRoundedRect(QRect(bar.left(), bar.top(), int(bar.width() * score), bar.height()), 3, 3);
    // The threshold as a dark tick across the bar.
    const int x = bar.left() + int(bar.width() * threshold);
    p.setPen(QPen(palette().color(QPalette::WindowText), 2));
    p.drawLine(x, bar.top() - 2, x, bar.bottom() + 2);
    // Model strings come from the item document: drawn as plain text, elided.
    p.setPen(palette().color(QPalette::WindowText));
    const QString text = u"%1  %2 / %3 %4  (≥ %5)"_s.arg(m_score.score, 0, 'f', 2)
                             .arg(m_score.label, m_score.model, m_score.modelVersion)
                             .arg(m_score.threshold, 0, 'f', 2);
    const QRect textRect(0, bar.bottom() + 4, width(), line);
    p.drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter,
               fontMetrics().elidedText(text, Qt::ElideRight, width()));
}

} // namespace moddesk::ui
