#pragma once

#include <QProcess>

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace moddesk::test {

// A program a test starts (a server, a tool, a helper) is killed by the kernel when the test's
// process ends, however it ends: a test that crashes leaves nothing running, and cleanup never
// has to guess by name which processes were the tests' (on a shared machine, other people's are
// not). Limits: the signal follows the *thread* that started the program (start servers from
// the test's main thread, as the fixtures do), and it reaches the program, not what that
// program starts in turn (runuser's child, a daemon that forks away).
inline void endWithTest(QProcess& process)
{
    const pid_t test = ::getpid();
    process.setChildProcessModifier([test] {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != test) // the test died between the fork and the line above
            ::_exit(1);
    });
}

} // namespace moddesk::test
