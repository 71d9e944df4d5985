#pragma once

#include "item.h"

#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace moddesk::ui {

class ScoreBar;

// "Why it is here": the item's classifier scores against their thresholds, and its hash-list
// matches, each with its list, algorithm, distance and labels written out in full on lines of
// their own that wrap to the pane's width (never cut at its edge). Every string is the item's,
// so it is shown isolated, its invisible characters marked.
class EvidencePane final : public QWidget {
    Q_OBJECT
public:
    explicit EvidencePane(QWidget* parent = nullptr);

    void setItem(const Item* item); // nullptr: nothing shown

    // The shown matches' lines, one string per match (for tests and accessibility).
    QStringList matchTexts() const;

private:
    struct MatchView {
        QWidget* box = nullptr;
        QLabel* list = nullptr;
        QLabel* method = nullptr;
        QLabel* labels = nullptr;
    };
    void showScores(const Item* item);
    void showMatches(const Item* item);
    MatchView makeMatchView();

    // Made once and reused (hidden when an item has fewer scores or matches): making and
    // polishing new widgets for every item was most of a repaint.
    QWidget* m_box;
    QLabel* m_noScores;
    QVBoxLayout* m_scoreList;
    std::vector<ScoreBar*> m_scoreBars;
    QLabel* m_noMatches;
    QVBoxLayout* m_matchList;
    std::vector<MatchView> m_matches;
};

// `shown` (already isolated and marked) with places to break a line where a long run has none
// (after _ / . : and within runs of 20 characters without a space), so a narrow pane wraps a
// long list name instead of cutting it. Only for display: the breaks are zero-width spaces.
QString wrappable(const QString& shown);

} // namespace moddesk::ui
