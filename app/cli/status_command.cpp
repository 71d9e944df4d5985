#include "cli_support.h"
#include "commands.h"
#include "profile_option.h"
#include "timestamp.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace moddesk::cli {

int runStatus(const QStringList& args)
{
    QCommandLineParser parser;
    parser.addOption({u"json"_s, u"Print one JSON object."_s});
    parser.addOption({u"no-probe"_s, u"Do not ask the server; report the last contact."_s});
    addProfileOption(parser);
    if (auto done = parseCommand(parser, args,
                                 u"Shows where a profile stands: decisions pending upload, the "
                                 u"server's answers (accepted, duplicate, conflict, invalid), "
                                 u"the last sync, the server's chain head, leases held and lost, "
                                 u"and whether the server is reachable now."_s))
        return *done;
    auto opened = openProfile(parser);
    if (auto* code = std::get_if<int>(&opened))
        return *code;
    net::Profile& profile = *std::get<std::unique_ptr<net::Profile>>(opened);
    AuditLog& log = profile.log();
    auto pending = log.pendingSyncCount();
    auto counts = log.outboxCounts();
    auto state = log.syncState();
    auto refused = log.refused(20);
    auto held = profile.store().leases(u"held"_s);
    auto lost = profile.store().leases(u"lost"_s);
    if (!pending || !counts || !state || !refused || !held || !lost) {
        printError(u"cannot read the profile's state"_s);
        return kEnvironment;
    }
    // Online means: the server answered just now (or at the last contact with --no-probe).
    bool online = profile.store().setting(u"online"_s).value_or(QString()) == u"1";
    QString lastError = profile.store().setting(u"last_error"_s).value_or(QString());
    if (!parser.isSet(u"no-probe"_s) && !profile.serverUrl().isEmpty()) {
        if (auto client = profile.client()) {
            auto me = (*client)->me();
            profile.noteContact(me ? nullptr : &me.error());
            online = me || !me.error().transient;
            lastError = me ? QString() : me.error().message;
        }
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 live = std::count_if(
        held->begin(), held->end(), [now](const HeldLease& h) { return h.lease.expiresAt > now; });

    QJsonObject json{
        {u"profile"_s, profile.dir()},
        {u"server"_s, profile.serverUrl()},
        {u"user"_s, profile.userName()},
        {u"online"_s, online},
        {u"pending"_s, *pending},
        {u"accepted"_s, counts->accepted},
        {u"duplicates"_s, counts->duplicate},
        {u"conflicts"_s, counts->conflict},
        {u"invalid"_s, counts->invalid},
        {u"leases_held"_s, live},
        {u"leases_expired"_s, qint64(held->size()) - live},
        {u"leases_lost"_s, qint64(lost->size())},
    };
    if (state->lastSyncAt)
        json.insert(u"last_sync"_s, timestamp::format(*state->lastSyncAt));
    if (state->serverHead)
        json.insert(u"server_head"_s, QJsonObject{{u"seq"_s, state->serverHead->seq},
                                                  {u"hash"_s, state->serverHead->hash}});
    if (!state->serverMismatch.isEmpty())
        json.insert(u"server_mismatch"_s, state->serverMismatch);
    if (!lastError.isEmpty())
        json.insert(u"last_error"_s, lastError);
    QJsonArray superseded;
    for (const RefusedDecision& r : *refused)
        superseded.append(QJsonObject{{u"seq"_s, r.decision.seq},
                                      {u"id"_s, r.decision.id},
                                      {u"item_id"_s, r.decision.itemId},
                                      {u"status"_s, r.answer.state},
                                      {u"reason"_s, r.answer.reason}});
    json.insert(u"refused"_s, superseded);

    if (parser.isSet(u"json"_s)) {
        printLine(QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)));
        return kOk;
    }
    printLine(u"profile:   "_s + profile.dir());
    printLine(u"server:    "_s +
              (profile.serverUrl().isEmpty() ? u"(not signed in)"_s : profile.serverUrl()) +
              (online ? u" (online)"_s : u" (OFFLINE)"_s));
    printLine(u"user:      "_s + terminalSafe(profile.userName()));
    printLine(u"pending:   "_s + QString::number(*pending) + u" decisions to upload"_s);
    printLine(
        u"answered:  %1 accepted, %2 duplicate, %3 conflict, %4 invalid"_s.arg(counts->accepted)
            .arg(counts->duplicate)
            .arg(counts->conflict)
            .arg(counts->invalid));
    printLine(u"last sync: "_s +
              (state->lastSyncAt ? timestamp::format(*state->lastSyncAt) : u"never"_s));
    if (state->serverHead)
        printLine(u"server head: seq "_s + QString::number(state->serverHead->seq) + u' ' +
                  state->serverHead->hash);
    printLine(u"leases:    %1 held, %2 expired, %3 lost"_s.arg(live)
                  .arg(qint64(held->size()) - live)
                  .arg(lost->size()));
    for (const RefusedDecision& r : *refused)
        printLine(u"  superseded seq "_s + QString::number(r.decision.seq) + u" on "_s +
                  terminalSafe(r.decision.itemId) + u": "_s + r.answer.state + u", "_s +
                  terminalSafe(r.answer.reason));
    if (!state->serverMismatch.isEmpty())
        printLine(u"TAMPERING SUSPECTED: "_s + terminalSafe(state->serverMismatch));
    if (!lastError.isEmpty())
        printLine(u"last error: "_s + terminalSafe(lastError));
    return kOk;
}

} // namespace moddesk::cli
