#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace moddesk::test {

struct CtlResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QStringList outLines() const;
};

// Runs the real moddeskctl binary of this build with `args`, feeding `input` on stdin, and
// waits for it (failing the test's expectations, not hanging, after `timeoutMs`).
CtlResult runCtl(const QStringList& args, const QByteArray& input = {}, int timeoutMs = 60000);

inline QString ctlPath()
{
    return QStringLiteral(MODDESKCTL_PATH);
}

} // namespace moddesk::test
