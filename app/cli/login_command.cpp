#include "cli_support.h"
#include "commands.h"
#include "profile_option.h"
#include "sign_in.h"

#include <QFile>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace moddesk::cli {

namespace {

Result<QByteArray> readToken(const QString& tokenFile)
{
    QFile file;
    const bool opened = tokenFile.isEmpty()
                            ? file.open(stdin, QIODevice::ReadOnly)
                            : (file.setFileName(tokenFile), file.open(QIODevice::ReadOnly));
    if (!opened)
        return Error{u"cannot read the token from "_s +
                     (tokenFile.isEmpty() ? u"standard input"_s : tokenFile)};
    const QByteArray token = file.readLine(4096).trimmed();
    if (token.isEmpty())
        return fieldError(u"token"_s, u"is empty (give it on standard input or --token-file)"_s);
    for (char c : token)
        if (c <= ' ' || c > '~')
            return fieldError(u"token"_s, u"has characters a bearer token cannot have"_s);
    return token;
}

} // namespace

int runLogin(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption(
        {u"server"_s, u"The server's base URL, e.g. https://queue.example"_s, u"URL"_s});
    parser.addOption({u"token-file"_s, u"Read the token from FILE instead of stdin."_s, u"FILE"_s});
    parser.addOption({u"https-only"_s, u"Refuse plain http:// for this profile."_s});
    parser.addOption({u"ca-file"_s, u"Also trust the CA certificates in FILE (PEM)."_s, u"FILE"_s});
    parser.addOption(
        {u"pin"_s, u"Pin the server's public key: sha256//BASE64[;sha256//...]."_s, u"PINS"_s});
    parser.addOption({u"timeout-ms"_s, u"Give up on a request after MS milliseconds."_s, u"MS"_s});
    addProfileOption(parser);
    if (auto done = parseCommand(
            parser, args,
            u"Signs a profile in to a server: checks the token (read from stdin or "
            u"--token-file) with GET /v1/me, caches the server's policy, and keeps the token in "
            u"the system keychain, or in a file only you can read when there is none."_s))
        return *done;
    const auto server = requiredOption(parser, u"server"_s);
    if (!server)
        return kUsage;
    if (!server->startsWith(u"http://") && !server->startsWith(u"https://")) {
        printError(u"--server must be an http:// or https:// URL"_s);
        return kUsage;
    }
    auto token = readToken(parser.value(u"token-file"_s));
    if (!token) {
        printError(token.error().toString());
        return kBadInput;
    }
    auto opened = openProfile(parser);
    if (auto* code = std::get_if<int>(&opened))
        return *code;
    net::Profile& profile = *std::get<std::unique_ptr<net::Profile>>(opened);
    net::SignInOptions options;
    options.httpsOnly = parser.isSet(u"https-only"_s);
    options.caFile = parser.value(u"ca-file"_s);
    options.pinnedKey = parser.value(u"pin"_s);
    options.timeoutMs = parser.value(u"timeout-ms"_s);
    auto signedIn = net::signIn(profile, *server, *token, options);
    if (!signedIn) {
        if (signedIn.error().code == u"other_user") {
            printError(terminalSafe(signedIn.error().message));
            return kUsage;
        }
        return reportServerFailure(profile, signedIn.error());
    }
    if (!signedIn->warning.isEmpty())
        printError(u"warning: "_s + signedIn->warning);
    printLine(u"signed in as "_s + terminalSafe(signedIn->user) + u" ("_s + signedIn->role +
              u") on "_s + *server + u", policy "_s + terminalSafe(signedIn->policyVersion) +
              u", token in "_s + signedIn->tokenWhere);
    return kOk;
}

} // namespace moddesk::cli
