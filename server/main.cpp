// moddesk-server: the reference queue server speaking protocol v1 (docs/protocol.md).
#include "database_url.h"
#include "http_service.h"
#include "seed.h"
#include "server_clock.h"
#include "server_database.h"
#include "user_store.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QHostAddress>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::server;

namespace {

enum Exit { kOk = 0, kFailed = 1, kUsage = 2 };

void say(const QString& line, FILE* to = stdout)
{
    std::fputs((line + u'\n').toUtf8().constData(), to);
    std::fflush(to);
}

void fail(const QString& message)
{
    say(u"moddesk-server: "_s + message, stderr);
}

// Parses a command's options; returns an exit code when it is done (help or usage error).
std::optional<int> parse(QCommandLineParser& parser, const QStringList& args,
                         const QString& description, const QString& usage)
{
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    parser.addOption({u"db"_s, u"sqlite:PATH or postgresql://user@host:port/dbname"_s, u"URL"_s});
    if (!parser.parse(args)) {
        fail(parser.errorText() + u" (see "_s + usage + u" --help)"_s);
        return kUsage;
    }
    if (parser.isSet(u"help"_s)) {
        QString help = parser.helpText();
        help.replace(0, help.indexOf(u'\n'), u"Usage: "_s + usage);
        std::fputs(help.toUtf8().constData(), stdout);
        return kOk;
    }
    if (parser.value(u"db"_s).isEmpty()) {
        fail(u"--db is required"_s);
        return kUsage;
    }
    return std::nullopt;
}

std::optional<ServerDatabase> migratedDatabase(const QString& dbText)
{
    auto url = DatabaseUrl::parse(dbText);
    if (!url) {
        fail(url.error().message);
        return std::nullopt;
    }
    ServerDatabase db(*url);
    if (auto migrated = db.migrate(); !migrated) {
        fail(migrated.error().message);
        return std::nullopt;
    }
    return db;
}

int runMigrate(const QStringList& args)
{
    QCommandLineParser parser;
    if (auto done = parse(parser, args, u"Creates or upgrades the server's database schema."_s,
                          u"moddesk-server migrate --db URL"_s))
        return *done;
    auto db = migratedDatabase(parser.value(u"db"_s));
    if (!db)
        return kFailed;
    say(u"database "_s + db->url().display() + u" is up to date"_s);
    return kOk;
}

int runUserAdd(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addPositionalArgument(u"NAME"_s, u"The user's name."_s);
    parser.addOption({u"role"_s, u"moderator, supervisor, trainer, admin or ingest"_s, u"ROLE"_s});
    if (auto done = parse(parser, args,
                          u"Adds a user and prints their bearer token as the last line. The token "
                          u"is shown once; the server keeps only its hash."_s,
                          u"moddesk-server user add NAME --role ROLE --db URL"_s))
        return *done;
    if (parser.positionalArguments().size() != 1 || parser.value(u"role"_s).isEmpty()) {
        fail(u"name one user and give --role"_s);
        return kUsage;
    }
    auto db = migratedDatabase(parser.value(u"db"_s));
    if (!db)
        return kFailed;
    auto token = UserStore(*db).add(parser.positionalArguments().first(), parser.value(u"role"_s));
    if (!token) {
        fail(token.error().toString());
        return token.error().field.isEmpty() ? kFailed : kUsage;
    }
    say(u"added "_s + parser.value(u"role"_s) + u' ' + parser.positionalArguments().first() +
        u"; bearer token (shown once):"_s);
    say(*token);
    return kOk;
}

int runSeed(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption({u"items"_s, u"How many items."_s, u"N"_s, u"200"_s});
    parser.addOption(
        {u"seed"_s, u"Random seed: the same seed writes the same corpus."_s, u"S"_s, u"1"_s});
    parser.addOption({u"queue"_s, u"The queue to fill."_s, u"NAME"_s, u"default"_s});
    parser.addOption({u"now"_s,
                      u"Place the items' times before this instant (ms since 1970; default: "
                      u"now). The same --now, seed and count write the same bytes."_s,
                      u"MS"_s});
    if (auto done = parse(parser, args,
                          u"Writes a deterministic, clearly synthetic corpus of flagged items "
                          u"(no real content) into a queue."_s,
                          u"moddesk-server seed --db URL --items N --seed S [--queue NAME]"_s))
        return *done;
    bool countOk = false;
    bool seedOk = false;
    const int count = parser.value(u"items"_s).toInt(&countOk);
    const quint32 seed = parser.value(u"seed"_s).toUInt(&seedOk);
    if (!countOk || count < 1 || count > 1'000'000 || !seedOk) {
        fail(u"--items takes 1 to 1000000 and --seed a whole number"_s);
        return kUsage;
    }
    auto db = migratedDatabase(parser.value(u"db"_s));
    if (!db)
        return kFailed;
    bool nowOk = true;
    const qint64 now = parser.isSet(u"now"_s) ? parser.value(u"now"_s).toLongLong(&nowOk)
                                              : QDateTime::currentMSecsSinceEpoch();
    if (!nowOk || now <= 0) {
        fail(u"--now takes milliseconds since 1970"_s);
        return kUsage;
    }
    auto written = seedCorpus(*db, parser.value(u"queue"_s), count, seed, now);
    if (!written) {
        fail(written.error().message);
        return kFailed;
    }
    say(u"seeded "_s + QString::number(written->items) + u" synthetic items ("_s +
        QString::number(written->media) + u" images, "_s + QString::number(written->gold) +
        u" gold) into queue "_s + parser.value(u"queue"_s));
    return kOk;
}

int runServe(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption({u"listen"_s, u"Address and port, e.g. 127.0.0.1:8080 (port 0: any free)."_s,
                      u"HOST:PORT"_s, u"127.0.0.1:8080"_s});
    parser.addOption({u"tls-cert"_s, u"PEM certificate chain for HTTPS."_s, u"FILE"_s});
    parser.addOption({u"tls-key"_s, u"PEM private key for HTTPS."_s, u"FILE"_s});
    parser.addOption({u"threads"_s, u"Worker threads (database connections)."_s, u"N"_s, u"8"_s});
    const HttpLimits defaults;
    parser.addOption({u"max-connections"_s, u"Connections at once; more wait until one ends."_s,
                      u"N"_s, QString::number(defaults.maxConnections)});
    parser.addOption({u"idle-timeout"_s, u"Seconds a connection may send and read nothing."_s,
                      u"S"_s, QString::number(defaults.idleTimeoutSeconds)});
    // Tests move the server's clock instead of sleeping until leases run out. Only in builds
    // with the tests (MODDESK_TESTS): a packaged server has no such option.
    QCommandLineOption clockOffset(u"clock-offset-file"_s,
                                   u"Tests only: add the milliseconds FILE holds to the clock."_s,
                                   u"FILE"_s);
    clockOffset.setFlags(QCommandLineOption::HiddenFromHelp);
#ifdef MODDESK_TEST_HOOKS
    parser.addOption(clockOffset);
#endif
    if (auto done =
            parse(parser, args, u"Serves protocol v1 until stopped."_s,
                  u"moddesk-server serve --db URL --listen HOST:PORT [--tls-cert F --tls-key F]"_s))
        return *done;
    const QString listen = parser.value(u"listen"_s);
    const qsizetype colon = listen.lastIndexOf(u':');
    bool portOk = false;
    const int port = listen.mid(colon + 1).toInt(&portOk);
    const QHostAddress address(listen.left(colon).remove(u'[').remove(u']'));
    if (colon < 0 || !portOk || port < 0 || port > 65535 || address.isNull()) {
        fail(u"--listen takes HOST:PORT, e.g. 127.0.0.1:8080"_s);
        return kUsage;
    }
    HttpLimits limits;
    bool connectionsOk = false;
    bool timeoutOk = false;
    limits.maxConnections = parser.value(u"max-connections"_s).toInt(&connectionsOk);
    limits.idleTimeoutSeconds = parser.value(u"idle-timeout"_s).toInt(&timeoutOk);
    if (!connectionsOk || limits.maxConnections < 16) {
        fail(u"--max-connections takes a whole number of at least 16"_s);
        return kUsage;
    }
    if (!timeoutOk || limits.idleTimeoutSeconds < 1) {
        fail(u"--idle-timeout takes a whole number of seconds, at least 1"_s);
        return kUsage;
    }
    auto db = migratedDatabase(parser.value(u"db"_s));
    if (!db)
        return kFailed;
    HttpService service(*db, std::max(1, parser.value(u"threads"_s).toInt()),
#ifdef MODDESK_TEST_HOOKS
                        serverClock(parser.value(clockOffset)), limits);
#else
                        serverClock(), limits);
#endif
    if (parser.isSet(u"tls-cert"_s) || parser.isSet(u"tls-key"_s)) {
        if (auto tls = service.useTls(parser.value(u"tls-cert"_s), parser.value(u"tls-key"_s));
            !tls) {
            fail(tls.error().message);
            return kFailed;
        }
    }
    auto bound = service.listen(address, quint16(port));
    if (!bound) {
        fail(bound.error().message);
        return kFailed;
    }
    // Scripts and tests read this line to learn the port.
    say(u"listening on "_s + address.toString() + u':' + QString::number(*bound) + u" ("_s +
        db->url().display() + u')');
    return QCoreApplication::exec();
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"moddesk-server"_s);
    const QStringList args = QCoreApplication::arguments().mid(1);
    const auto command = [&](int words) { return args.mid(0, words).join(u' '); };
    auto withName = [&](int words) {
        return QStringList{u"moddesk-server "_s + command(words)} + args.mid(words);
    };
    if (command(1) == u"serve")
        return runServe(withName(1));
    if (command(1) == u"migrate")
        return runMigrate(withName(1));
    if (command(2) == u"user add")
        return runUserAdd(withName(2));
    if (command(1) == u"seed")
        return runSeed(withName(1));
    const bool askedForHelp =
        command(1) == u"--help" || command(1) == u"-h" || command(1) == u"help";
    say(u"Usage: moddesk-server COMMAND [OPTIONS]   (COMMAND --help for more)\n\n"
        u"Commands:\n"
        u"  serve      serve protocol v1 over HTTP(S)\n"
        u"  migrate    create or upgrade the database schema\n"
        u"  user add   add a user and print their bearer token\n"
        u"  seed       write a synthetic corpus into a queue"_s,
        askedForHelp ? stdout : stderr);
    return askedForHelp ? kOk : kUsage;
}
