// Deciding from the window: one-key decisions, the form, undo (a retract, or a review request
// once synced) and skip. Each decision is durable before the next item is shown. Part of
// MainWindow (main_window.h).
#include "decision_panel.h"
#include "item_pane.h"
#include "main_window.h"
#include "review_request_dialog.h"
#include "session.h"
#include "untrusted_text.h"

#include <QLineEdit>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace moddesk::ui {

void MainWindow::quickDecide(const QuickDecision& d)
{
    if (m_currentId.isEmpty() || !currentPageShown())
        return;
    m_panel->setChoice(d.verdict, d.reason, d.action);
    const VerdictRule* rule = m_session.policy().verdict(d.verdict);
    if (rule && rule->requiredFields.contains(u"notes"_s)) {
        // The policy wants words for this one: the form is filled, the moderator writes.
        m_panel->showProblem(
            tr("Notes are required for this verdict: write them, then Esc and Enter."));
        m_panel->focusField(u"notes"_s);
        return;
    }
    recordForm();
}

void MainWindow::recordForm()
{
    if (m_filter->hasFocus()) {
        m_itemPane->setFocus(); // Enter in the filter ends filtering; it never records
        return;
    }
    if (m_currentId.isEmpty())
        return;
    if (!currentPageShown()) {
        statusBar()->showMessage(tr("The item is still being shown: decide when you see it."),
                                 3000);
        return;
    }
    const QString itemId = m_currentId;
    const int row = visibleRowOf(itemId);
    net::TriageChoice choice = m_panel->choice();
    choice.shown = shownHash(itemId);
    auto recorded = m_session.decide(itemId, choice);
    if (!recorded) {
        const Error& e = recorded.error();
        m_panel->showProblem(tr("Not recorded — %1").arg(e.toString()));
        if (!e.field.isEmpty())
            m_panel->focusField(e.field);
        return;
    }
    m_itemPane->setFocus(); // keys act on the window again
    statusBar()->showMessage(tr("Recorded: %1 / %2 / %3 (#%4)")
                                 .arg(*recorded->verdict, recorded->reason.value_or(QString()),
                                      recorded->action.value_or(QString()))
                                 .arg(recorded->seq),
                             4000);
    Q_EMIT decisionRecorded(itemId, recorded->seq);
    // Move on to the item that followed the decided one.
    const QString next = visibleIdAt(std::min(row, visibleRows() - 1));
    if (!next.isEmpty() && next != m_currentId)
        showItem(next);
}

void MainWindow::undo()
{
    const std::optional<Decision> last = m_session.lastDecision();
    auto undone = m_session.undo();
    if (undone) {
        statusBar()->showMessage(tr("Undone: the decision is retracted in the log (#%1); decide "
                                    "the item again.")
                                     .arg(undone->seq),
                                 6000);
        if (last)
            showItem(last->itemId);
        return;
    }
    if (undone.error().code == u"synced" && last) {
        ReviewRequestDialog dialog(last->itemId,
                                   QStringList{last->verdict.value_or(QString()),
                                               last->reason.value_or(QString()),
                                               last->action.value_or(QString())}
                                       .join(u" / "),
                                   this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        if (auto asked = m_session.requestReview(dialog.reason()); !asked)
            statusBar()->showMessage(
                tr("The review request was not kept: %1").arg(asked.error().message), 8000);
        else
            statusBar()->showMessage(tr("Review requested for %1; it goes to the supervisors "
                                        "with the next sync.")
                                         .arg(isolatedPlainText(last->itemId)),
                                     8000);
        return;
    }
    statusBar()->showMessage(undone.error().message, 5000);
}

void MainWindow::skip()
{
    if (m_currentId.isEmpty())
        return;
    const int row = visibleRowOf(m_currentId);
    if (auto skipped = m_session.skip(m_currentId); !skipped) {
        statusBar()->showMessage(skipped.error().message, 5000);
        return;
    }
    const QString next = visibleIdAt(std::min(row, visibleRows() - 1));
    if (!next.isEmpty() && next != m_currentId)
        showItem(next);
}

} // namespace moddesk::ui
