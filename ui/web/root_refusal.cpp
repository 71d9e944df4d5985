#include "root_refusal.h"

#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace moddesk::ui {

bool refuseRoot(const char* program, int argc, char** argv)
{
    if (geteuid() != 0)
        return false;
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], kAllowRootFlag) == 0 || std::strcmp(argv[i], "--help") == 0 ||
            std::strcmp(argv[i], "-h") == 0)
            return false;
    std::fprintf(stderr,
                 "%s: refusing to run as root. Chromium's sandbox, which keeps hostile items "
                 "away from this account, cannot start as root, and ModDesk never turns it off. "
                 "Run it as a normal user (scripts/run does: as root it starts the window as "
                 "'nobody').\n",
                 program);
    return true;
}

} // namespace moddesk::ui
