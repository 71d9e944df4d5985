#pragma once

#include <QString>

class QSettings;

namespace moddesk::ui {

// Protection from graphic media, as the moderator (or their team's defaults) set it: media
// blurred and in grayscale until revealed, per user with a per-queue override, and a break
// reminder after a number of minutes of work.
struct WellnessSettings {
    bool blur = true;
    bool grayscale = true;
    int breakMinutes = 50; // 0: no reminders

    // The user's settings, overridden by those saved for `queue`.
    static WellnessSettings load(const QSettings& settings, const QString& queue);
    // Saves for the user, or for `queue` only when `queue` is not empty.
    void save(QSettings& settings, const QString& queue = {}) const;
};

} // namespace moddesk::ui
