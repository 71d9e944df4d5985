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
    return {220, fontMetrics().height() * 3 + 14};
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
    // Model strings come from the item document: drawn as plain text, elided. The score and its
    // label (in words) first, then the model and its threshold: a narrow pane cuts the model's
    // name, not what the score is about.
    p.setPen(palette().color(QPalette::WindowText));
    QString label = m_score.label;
    label.replace(u'_', u' ');
    const QString what = u"%1  %2"_s.arg(m_score.score, 0, 'f', 2).arg(label);
    const QString model = tr("%1 %2 · threshold %3")
                              .arg(m_score.model, m_score.modelVersion)
                              .arg(m_score.threshold, 0, 'f', 2);
    QRect textRect(0, bar.bottom() + 4, width(), line);
    p.drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter,
               fontMetrics().elidedText(what, Qt::ElideRight, width()));
    textRect.translate(0, line);
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(textRect, Qt::AlignLeft | Qt::AlignVCenter,
               fontMetrics().elidedText(model, Qt::ElideRight, width()));
}

} // namespace moddesk::ui
