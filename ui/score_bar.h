#pragma once

#include "score.h"

#include <QWidget>

namespace moddesk::ui {

// One classifier score as a bar with its threshold marked: filled red when the score is at or
// over the threshold, grey below it, with the score and its label underneath, then the model,
// its version and the threshold.
class ScoreBar final : public QWidget {
    Q_OBJECT
public:
    explicit ScoreBar(Score score, QWidget* parent = nullptr);
    QSize sizeHint() const override;
    const Score& score() const { return m_score; }
    // Shows another score in the same widget (the panel reuses its bars from item to item).
    void setScore(Score score);

protected:
    void paintEvent(QPaintEvent*) override;

private:
    Score m_score;
};

} // namespace moddesk::ui
