#pragma once

#include <QString>

#include <utility>
#include <vector>

class QWidget;

namespace moddesk::ui {

// The "?" dialog: every key the window answers to, as currently mapped, and what it does.
void showCheatSheet(QWidget* parent, const std::vector<std::pair<QString, QString>>& keysAndTitles);

} // namespace moddesk::ui
