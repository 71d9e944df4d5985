// Drain rate of a large offline backlog: decisions already in the audit log, uploaded by the
// real sync engine (read from the log, batches of 1,000 over libcurl, chain checks, answers
// recorded) to the real moddesk-server on PostgreSQL and on SQLite. Baseline in the same run:
// the same kind of batches, pre-encoded, posted over the same transport with nothing read or
// recorded on the client, i.e. the server and the wire alone.
#include "http_transport.h"
#include "json_fields.h"
#include "protocol_client.h"
#include "sample_decisions.h"
#include "server_process.h"
#include "sync_engine.h"
#include "temp_log.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QUuid>

#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::net;
using namespace moddesk::test;

namespace {

// Text-only synthetic items (images are not what this measures), ingested 1,000 at a time.
bool ingest(const ServerProcess& s, int count, int offset)
{
    for (int first = 0; first < count; first += 1000) {
        QJsonArray items;
        for (int i = first; i < std::min(count, first + 1000); ++i)
            items.append(QJsonObject{
                {u"id"_s, u"bench-%1"_s.arg(offset + i)},
                {u"platform"_s, u"forum"_s},
                {u"content_type"_s, u"text/plain"_s},
                {u"text"_s, u"[SYNTHETIC] bench item %1"_s.arg(offset + i)},
                {u"lang"_s, u"en"_s},
                {u"created_at"_s, u"2026-11-23T10:00:00.000Z"_s},
                {u"author"_s, QJsonObject{{u"handle"_s, u"synthetic_author"_s}}},
                {u"source"_s, QJsonObject{{u"type"_s, u"user_report"_s},
                                          {u"received_at"_s, u"2026-11-23T10:00:00.000Z"_s}}}});
        const HttpResult r =
            s.post(u"/v1/items"_s, u"ingest"_s, {{u"queue"_s, u"default"_s}, {u"items"_s, items}});
        if (r.status != 200) {
            std::fprintf(stderr, "ingest: %d %s\n", r.status, r.body.constData());
            return false;
        }
    }
    return true;
}

std::vector<Decision> leaseAndDecide(ProtocolClient& client, int count)
{
    std::vector<Decision> out;
    while (int(out.size()) < count) {
        auto leased = client.lease(u"default"_s, std::min(100, count - int(out.size())), 3600);
        if (!leased || leased->empty())
            break;
        for (const LeasedItem& l : *leased) {
            Decision d = sampleDecision(1);
            d.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            d.decidedAt = QDateTime::currentMSecsSinceEpoch(); // after the item was received
            d.itemId = l.lease.itemId;
            d.leaseId = l.lease.id;
            d.leaseToken = l.lease.token;
            d.moderator = u"moderator"_s;
            out.push_back(d.withoutChainFields());
        }
    }
    return out;
}

struct Rates {
    double drain = 0;
    double raw = 0;
};

Rates measure(const char* engine, const QString& dbUrl, int backlog, int rawCount)
{
    ServerProcess s(dbUrl, 0);
    if (!s.start() || !ingest(s, backlog + rawCount, 0)) {
        std::fprintf(stderr, "%s: server: %s\n", engine, qPrintable(s.error()));
        return {};
    }
    HttpTransport transport;
    ProtocolClient client(transport, s.baseUrl(), s.token(u"moderator"_s).toLatin1());
    const auto raw = leaseAndDecide(client, rawCount);
    const auto made = leaseAndDecide(client, backlog);
    if (int(made.size()) != backlog || int(raw.size()) != rawCount) {
        std::fprintf(stderr, "%s: leased only %zu\n", engine, made.size());
        return {};
    }

    // Baseline: pre-encoded batches, posted back to back.
    std::vector<QByteArray> bodies;
    for (size_t first = 0; first < raw.size(); first += 1000) {
        QJsonArray list;
        for (size_t i = first; i < std::min(raw.size(), first + 1000); ++i)
            list.append(raw[i].toJson());
        bodies.push_back(toCompactJson(QJsonObject{{u"decisions"_s, list}}));
    }
    QElapsedTimer timer;
    timer.start();
    for (const QByteArray& body : bodies) {
        HttpRequest r;
        r.method = "POST";
        r.url = s.baseUrl() + u"/v1/decisions"_s;
        r.bearerToken = s.token(u"moderator"_s).toLatin1();
        r.contentType = "application/json";
        r.body = body;
        auto answer = transport.perform(r);
        if (!answer || answer->status != 200 || answer->body.contains("\"invalid\"")) {
            std::fprintf(stderr, "%s: raw post failed\n", engine);
            return {};
        }
    }
    Rates rates;
    rates.raw = raw.size() / (timer.nsecsElapsed() / 1e9);

    // The backlog: logged offline, then drained by the sync engine.
    TempLog dir;
    auto log = dir.open();
    for (size_t first = 0; first < made.size(); first += 10000) {
        const std::vector<Decision> chunk(made.begin() + qsizetype(first),
                                          made.begin() +
                                              qsizetype(std::min(made.size(), first + 10000)));
        if (!log->appendBatch(chunk)) {
            std::fprintf(stderr, "%s: append failed\n", engine);
            return {};
        }
    }
    SyncEngine engineUnderTest(*log, client);
    timer.restart();
    const SyncReport report =
        engineUnderTest.drain(std::chrono::steady_clock::now() + std::chrono::minutes(10));
    const double seconds = timer.nsecsElapsed() / 1e9;
    if (!report.drained() || report.accepted != backlog) {
        std::fprintf(stderr, "%s: drain ended with %lld pending: %s\n", engine,
                     qlonglong(report.pending),
                     report.error ? qPrintable(report.error->message) : "");
        return {};
    }
    rates.drain = backlog / seconds;
    std::printf("| %s | %d decisions | drained in %.2f s | **%.0f decisions/s** | raw posts "
                "%.0f decisions/s | ratio %.2f |\n",
                engine, backlog, seconds, rates.drain, rates.raw, rates.drain / rates.raw);
    std::fflush(stdout);
    return rates;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    // --smoke: tiny, SQLite only (ctest); --backlog N and --engine sqlite|postgresql for
    // profiling runs.
    bool smoke = false;
    int backlog = 100000;
    QString only;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--smoke") == 0)
            smoke = true;
        else if (std::strcmp(argv[i], "--backlog") == 0 && i + 1 < argc)
            backlog = std::atoi(argv[++i]);
        else if (std::strcmp(argv[i], "--engine") == 0 && i + 1 < argc)
            only = QString::fromLatin1(argv[++i]);
    }
    if (smoke) {
        backlog = 300;
        only = u"sqlite"_s;
    }
    const int raw = std::max(100, backlog / 5);
    std::unique_ptr<PostgresInstance> postgres;
    if (only.isEmpty() || only == u"postgresql") {
        postgres = std::make_unique<PostgresInstance>();
        if (postgres->url().isEmpty()) {
            std::fprintf(stderr, "PostgreSQL: %s\n", qPrintable(postgres->error()));
            return 1;
        }
    }
    std::printf("| engine | backlog | time | drain rate | baseline | ratio |\n"
                "|---|---|---|---|---|---|\n");
    if (postgres &&
        measure("postgresql", postgres->createDatabase(u"drain"_s), backlog, raw).drain <= 0)
        return 1;
    if (!only.isEmpty() && only != u"sqlite")
        return 0;
    return measure("sqlite", {}, backlog, raw).drain > 0 ? 0 : 1;
}
