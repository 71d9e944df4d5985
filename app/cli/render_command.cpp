#include "cli_support.h"
#include "commands.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace moddesk::cli {

namespace {

// moddesk-render is part of the workstation build (it needs Qt WebEngine; moddeskctl stays
// GUI-free): next to moddeskctl when installed, in the build tree when built, or on PATH.
QString renderProgram()
{
    const QString here = QCoreApplication::applicationDirPath();
    QStringList candidates{here + u"/moddesk-render"_s, here + u"/../moddesk-render"_s};
#ifdef MODDESK_RENDER_PATH
    candidates.append(QStringLiteral(MODDESK_RENDER_PATH));
#endif
    for (const QString& candidate : candidates)
        if (QFileInfo(candidate).isExecutable())
            return QDir::cleanPath(candidate);
    return QStandardPaths::findExecutable(u"moddesk-render"_s);
}

} // namespace

int runRender(const QStringList& args)
{
    if (args.size() > 1 && (args[1] == u"--help" || args[1] == u"-h")) {
        std::printf("Usage: moddeskctl render ITEM.json --png OUT.png [--reveal-media] "
                    "[--media DIR] [--policy FILE] [--width PX]\n\n"
                    "Renders the item exactly as the workstation shows it (the same page, "
                    "headless) to a PNG. Exits 1 listing what was refused or could not be "
                    "decoded, if anything.\n");
        return kOk;
    }
    const QString program = renderProgram();
    if (program.isEmpty()) {
        printError(u"render needs moddesk-render, which comes with the workstation build "
                   u"(MODDESK_GUI=ON); it is not next to moddeskctl nor on PATH"_s);
        return kEnvironment;
    }
    QProcess process;
    process.setProcessChannelMode(QProcess::ForwardedChannels);
    process.start(program, args.mid(1));
    if (!process.waitForStarted(10'000)) {
        printError(u"cannot start "_s + program + u": "_s + process.errorString());
        return kEnvironment;
    }
    process.waitForFinished(-1);
    return process.exitStatus() == QProcess::NormalExit ? process.exitCode() : kEnvironment;
}

} // namespace moddesk::cli
