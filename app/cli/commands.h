#pragma once

#include <QStringList>

// Each moddeskctl command: `args` starts with the command's own name path (e.g.
// "moddeskctl log append") followed by its options. Returns the process exit code.
namespace moddesk::cli {

int runLogAppend(const QStringList& args);
int runLogList(const QStringList& args);
int runVerify(const QStringList& args);
int runBackup(const QStringList& args);
int runLogin(const QStringList& args);
int runLease(const QStringList& args);
int runRelease(const QStringList& args);
int runDecide(const QStringList& args);
int runSync(const QStringList& args);
int runStatus(const QStringList& args);
int runRender(const QStringList& args);

} // namespace moddesk::cli
