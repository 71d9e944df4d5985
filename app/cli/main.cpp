// moddeskctl: the ModDesk core without a GUI, for scripts and for people at a terminal.
#include "cli_support.h"
#include "commands.h"

#include <QCoreApplication>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace {

struct Command {
    QStringList path; // e.g. {"log", "append"}
    const char* summary;
    int (*run)(const QStringList&);
};

const Command kCommands[] = {
    {{u"log"_s, u"append"_s},
     "append decisions (JSON lines on stdin) to an audit log",
     &moddesk::cli::runLogAppend},
    {{u"log"_s, u"list"_s}, "list the entries of an audit log", &moddesk::cli::runLogList},
    {{u"verify"_s}, "check that an audit log has not been altered", &moddesk::cli::runVerify},
    {{u"backup"_s}, "copy a live audit log to a file, consistently", &moddesk::cli::runBackup},
    {{u"login"_s}, "sign a profile in to a server", &moddesk::cli::runLogin},
    {{u"lease"_s}, "lease items from a queue into the profile", &moddesk::cli::runLease},
    {{u"release"_s}, "give leased items back", &moddesk::cli::runRelease},
    {{u"decide"_s}, "record a decision on a leased item", &moddesk::cli::runDecide},
    {{u"sync"_s}, "upload decisions, renew leases", &moddesk::cli::runSync},
    {{u"status"_s}, "pending, answers, conflicts, online or not", &moddesk::cli::runStatus},
    {{u"render"_s},
     "an item's page, as the workstation shows it, to a PNG",
     &moddesk::cli::runRender},
};

void printUsage(FILE* to)
{
    QString text = u"Usage: moddeskctl COMMAND [OPTIONS]   (moddeskctl COMMAND --help for more)\n\n"
                   u"Commands:\n"_s;
    for (const Command& c : kCommands)
        text +=
            u"  "_s + c.path.join(u' ').leftJustified(14) + QString::fromLatin1(c.summary) + u'\n';
    text += u"\nExit codes: 0 ok, 1 check failed, 2 usage error, 3 invalid input, "
            u"4 file, database or server unreachable.\n"_s;
    std::fputs(text.toUtf8().constData(), to);
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"moddeskctl"_s);
    QCoreApplication::setApplicationVersion(QStringLiteral(MODDESK_VERSION));
    const QStringList args = QCoreApplication::arguments().mid(1);

    if (args.isEmpty() || args[0] == u"--help" || args[0] == u"-h" || args[0] == u"help") {
        printUsage(args.isEmpty() ? stderr : stdout);
        return args.isEmpty() ? moddesk::cli::kUsage : moddesk::cli::kOk;
    }
    if (args[0] == u"--version") {
        std::printf("moddeskctl %s\n", MODDESK_VERSION);
        return moddesk::cli::kOk;
    }
    for (const Command& c : kCommands) {
        if (args.mid(0, c.path.size()) == c.path) {
            QStringList commandArgs{u"moddeskctl "_s + c.path.join(u' ')};
            commandArgs += args.mid(c.path.size());
            return c.run(commandArgs);
        }
    }
    moddesk::cli::printError(u"unknown command \""_s + args.mid(0, 2).join(u' ') +
                             u"\" (moddeskctl --help lists the commands)"_s);
    return moddesk::cli::kUsage;
}
