// The window's commands: every action has a key (remappable, from keymap.cpp) and a place in
// the menus, shown by role. Part of MainWindow (main_window.h).
#include "decision_panel.h"
#include "item_pane.h"
#include "keymap.h"
#include "main_window.h"
#include "session.h"

#include <QAction>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>

#include <cstring>

using namespace Qt::StringLiterals;

namespace moddesk::ui {

void MainWindow::buildActions()
{
    for (const KeyAction& k : keyActions()) {
        auto* a = new QAction(k.title, this);
        a->setObjectName(k.id);
        a->setShortcutContext(Qt::WindowShortcut);
        addAction(a);
        m_actions.emplace_back(k.id, a);
        if (k.decision) {
            const QuickDecision d = *k.decision;
            connect(a, &QAction::triggered, this, [this, d] { quickDecide(d); });
        }
    }
    const auto on = [this](const QString& id, auto slot) {
        connect(action(id), &QAction::triggered, this, slot);
    };
    on(u"record"_s, &MainWindow::recordForm);
    on(u"next"_s, [this] { move(1); });
    on(u"previous"_s, [this] { move(-1); });
    on(u"skip"_s, &MainWindow::skip);
    on(u"reveal"_s, &MainWindow::toggleReveal);
    on(u"raw"_s, &MainWindow::toggleRawText);
    on(u"undo"_s, &MainWindow::undo);
    on(u"focus.verdict"_s, [this] { m_panel->focusVerdict(); });
    on(u"focus.reason"_s, [this] { m_panel->focusField(u"reason"_s); });
    on(u"focus.action"_s, [this] { m_panel->focusField(u"action"_s); });
    on(u"focus.notes"_s, [this] { m_panel->focusField(u"notes"_s); });
    on(u"sync"_s, [this] { m_session.syncNow(); });
    on(u"help"_s, &MainWindow::showCheatSheet);
    on(u"settings"_s, &MainWindow::showSettings);
    on(u"quit"_s, &QWidget::close);
    on(u"filter"_s, [this] {
        m_filter->setFocus();
        m_filter->selectAll();
    });
    buildMenus();
    // Escape leaves a form field and gives the keys back to the window.
    auto* escape = new QAction(this);
    escape->setShortcut(Qt::Key_Escape);
    addAction(escape);
    connect(escape, &QAction::triggered, this, [this] {
        m_banner->hide();
        m_itemPane->setFocus();
    });
    applyKeys();
}

void MainWindow::buildMenus()
{
    // The same actions as the keys, so that every command can be found and shows its key.
    // Supervisor and trainer menus join here by role when their views exist.
    QMenu* session = menuBar()->addMenu(tr("&Session"));
    for (const char* id : {"sync", "settings", "quit"})
        session->addAction(action(QString::fromLatin1(id)));
    // Deciding is for the roles that triage; for the others its keys do nothing either.
    static const char* const deciding[] = {
        "record", "undo", "skip", "focus.verdict", "focus.reason", "focus.action", "focus.notes"};
    if (m_session.mayDecide()) {
        QMenu* decide = menuBar()->addMenu(tr("&Decide"));
        for (const KeyAction& k : keyActions())
            if (k.decision)
                decide->addAction(action(k.id));
        decide->addSeparator();
        for (const char* id : deciding)
            if (std::strcmp(id, "skip") != 0)
                decide->addAction(action(QString::fromLatin1(id)));
    } else {
        for (const KeyAction& k : keyActions())
            if (k.decision)
                action(k.id)->setEnabled(false);
        for (const char* id : deciding)
            action(QString::fromLatin1(id))->setEnabled(false);
    }
    QMenu* item = menuBar()->addMenu(tr("&Item"));
    for (const char* id : {"next", "previous", "skip", "reveal", "raw", "filter"})
        item->addAction(action(QString::fromLatin1(id)));
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(action(u"help"_s));
    const QString role = m_session.profile().userRole();
    menuBar()->setToolTip(tr("Signed in as %1 (%2)")
                              .arg(m_session.profile().userName().toHtmlEscaped(),
                                   role.isEmpty() ? tr("?") : role.toHtmlEscaped()));
}

void MainWindow::applyKeys()
{
    QSettings settings;
    for (const KeyAction& k : keyActions()) {
        QKeySequence key = keyFor(settings, k);
        QList<QKeySequence> keys{key};
        if (k.id == u"record")
            keys.append(QKeySequence(Qt::Key_Enter)); // the keypad's Enter as well
        action(k.id)->setShortcuts(keys);
    }
}

QAction* MainWindow::action(const QString& id) const
{
    for (const auto& [name, a] : m_actions)
        if (name == id)
            return a;
    return nullptr;
}

} // namespace moddesk::ui
