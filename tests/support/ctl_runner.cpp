#include "ctl_runner.h"

#include "test_child.h"

#include <QProcess>

namespace moddesk::test {

QStringList CtlResult::outLines() const
{
    return QString::fromUtf8(out).split(u'\n', Qt::SkipEmptyParts);
}

CtlResult runCtl(const QStringList& args, const QByteArray& input, int timeoutMs)
{
    QProcess process;
    endWithTest(process);
    process.start(ctlPath(), args);
    CtlResult result;
    if (!process.waitForStarted(timeoutMs)) {
        result.err = "moddeskctl did not start: " + process.errorString().toUtf8();
        return result;
    }
    process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(timeoutMs)) {
        process.kill();
        process.waitForFinished();
        result.err = "moddeskctl timed out";
        return result;
    }
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

} // namespace moddesk::test
