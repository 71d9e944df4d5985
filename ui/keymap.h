#pragma once

#include <QKeySequence>
#include <QString>

#include <vector>

class QSettings;

namespace moddesk::ui {

// A one-key decision: the verdict, reason and action it fills in. It records and moves on only
// when the policy needs nothing more for that verdict (e.g. escalations require notes).
struct QuickDecision {
    QString verdict;
    QString reason;
    QString action;
};

// Every action of the window, with the key it has unless the moderator remapped it.
struct KeyAction {
    QString id;    // settings key: "keys/<id>"
    QString title; // what the cheat sheet and the settings say
    QKeySequence defaultKey;
    std::optional<QuickDecision> decision;
};

const std::vector<KeyAction>& keyActions();

// The key for `id`: the moderator's choice from settings, else the default.
QKeySequence keyFor(const QSettings& settings, const KeyAction& action);

} // namespace moddesk::ui
