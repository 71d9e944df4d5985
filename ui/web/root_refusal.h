#pragma once

namespace moddesk::ui {

// The flag with which tests that must run as root (CI) say so; they turn Chromium's sandbox
// off themselves (QTWEBENGINE_DISABLE_SANDBOX=1). ModDesk never does.
inline constexpr const char* kAllowRootFlag = "--allow-root-for-tests";

// Root is refused before anything starts: Chromium's sandbox, which keeps hostile items away
// from this account, cannot start as root. True (and the reason said on stderr as `program`)
// when the process runs as root without kAllowRootFlag; --help is always answered.
bool refuseRoot(const char* program, int argc, char** argv);

} // namespace moddesk::ui
