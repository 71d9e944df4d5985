#pragma once

#include "item.h"
#include "policy.h"
#include "triage.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;

namespace moddesk::ui {
class EvidencePane;
}

namespace moddesk::ui {

// The right-hand pane: why the item is here (classifier scores against their thresholds, hash
// list matches) and the decision form, built from the server's policy: verdict, then the
// reasons and actions that verdict allows, the DSA statement prefilled from the verdict's
// defaults, and notes. Fields the policy requires for the chosen verdict are marked; the form
// itself never records anything — the window asks choice() and the session checks it.
class DecisionPanel final : public QWidget {
    Q_OBJECT
public:
    explicit DecisionPanel(QWidget* parent = nullptr);

    void setPolicy(const Policy& policy);
    void setItem(const Item* item); // nullptr: nothing to decide
    // Fills the form (used by the one-key decisions and by tests).
    void setChoice(const QString& verdict, const QString& reason, const QString& action);
    net::TriageChoice choice() const;
    void showProblem(const QString& message); // a refused decision: says which field and why
    void focusField(const QString& field);    // "reason", "notes", "dsa.decision_ground"...
    void focusVerdict();
    EvidencePane* evidence() const { return m_evidence; }

Q_SIGNALS:
    void recordRequested();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onVerdictChanged();

    Policy m_policy;
    EvidencePane* m_evidence;
    QComboBox* m_verdict;
    QComboBox* m_reason;
    QComboBox* m_action;
    QComboBox* m_ground;
    QLineEdit* m_category;
    QLineEdit* m_territory;
    QPlainTextEdit* m_notes;
    QLabel* m_required;
    QLabel* m_problem;
    QPushButton* m_record;
};

} // namespace moddesk::ui
