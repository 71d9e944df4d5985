#pragma once

#include <QProcess>

#include <csignal>
#include <sys/prctl.h>

namespace moddesk::test {

// A program a test starts (a server, a helper) is killed by the kernel when the test's process
// ends, however it ends: a test that crashes leaves nothing running, and cleanup never has to
// guess by name which processes were the tests' (on a shared machine, other people's are not).
inline void endWithTest(QProcess& process)
{
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
}

} // namespace moddesk::test
