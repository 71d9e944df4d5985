// Lease+decide cycles per second with 32 concurrent clients against the real moddesk-server
// over HTTP, on PostgreSQL (started for the run) and on SQLite, with p50/p99 latency; and the
// same SQL run directly through the server's own stores (no HTTP, no JSON) with 32 threads in
// the same run, as the baseline the ratio is taken against.
#include "api.h"
#include "decision.h"
#include "http_transport.h"
#include "lease_store.h"
#include "protocol_client.h"
#include "sample_decisions.h"
#include "server_database.h"
#include "server_process.h"
#include "user_store.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <functional>
#include <mutex>
#include <thread>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

namespace {

constexpr int kClients = 32;

struct Figures {
    double cyclesPerSecond = 0;
    double p50Ms = 0;
    double p99Ms = 0;
    int cycles = 0;
    int failures = 0;
};

Figures summarise(std::vector<double> latencies, double seconds, int failures)
{
    std::sort(latencies.begin(), latencies.end());
    Figures f;
    f.cycles = int(latencies.size());
    f.failures = failures;
    f.cyclesPerSecond = latencies.size() / seconds;
    if (!latencies.empty()) {
        f.p50Ms = latencies[latencies.size() / 2];
        f.p99Ms = latencies[std::min(latencies.size() - 1, latencies.size() * 99 / 100)];
    }
    return f;
}

Decision decisionFor(const QString& itemId, const QString& leaseId, qint64 token,
                     const QString& moderator, int n)
{
    Decision d = sampleDecision(1);
    d.id = sampleUuid(n, 31337);
    d.decidedAt = QDateTime::currentMSecsSinceEpoch(); // after the item was received
    d.itemId = itemId;
    d.moderator = moderator;
    d.leaseId = leaseId;
    d.leaseToken = token;
    return d;
}

enum class Cycle { Done, Failed, Empty };

// Runs `threads` clients at once, each calling `cycle(client)` `cycles` times (or until the
// queue is empty), timing every call.
Figures runClients(int threads, int cycles, const std::function<Cycle(int client)>& cycle)
{
    std::vector<double> latencies;
    std::mutex mutex;
    std::atomic<int> failures{0};
    QElapsedTimer wall;
    wall.start();
    std::vector<std::thread> running;
    for (int c = 0; c < threads; ++c) {
        running.emplace_back([&, c] {
            std::vector<double> mine;
            for (int i = 0; i < cycles; ++i) {
                QElapsedTimer t;
                t.start();
                const Cycle outcome = cycle(c);
                if (outcome != Cycle::Done)
                    ++failures;
                if (outcome == Cycle::Empty)
                    break;
                mine.push_back(t.nsecsElapsed() / 1e6);
            }
            std::lock_guard lock(mutex);
            latencies.insert(latencies.end(), mine.begin(), mine.end());
        });
    }
    for (auto& t : running)
        t.join();
    return summarise(std::move(latencies), wall.nsecsElapsed() / 1e9, failures);
}

// 32 clients over HTTP, each running lease(1) + decide `perClient` times through the
// workstation's own protocol client; one libcurl transport (one event-driven thread) carries
// them all, as a load generator should: light enough to leave the CPU to the server.
Figures overHttp(ServerProcess& server, int perClient, int salt)
{
    net::HttpTransport transport;
    std::vector<std::unique_ptr<net::ProtocolClient>> clients;
    for (int c = 0; c < kClients; ++c)
        clients.push_back(std::make_unique<net::ProtocolClient>(
            transport, server.baseUrl(),
            server.addUser(u"bench-%1-%2"_s.arg(salt).arg(c), u"moderator"_s).toLatin1()));
    std::atomic<int> counter{salt * 1'000'000};
    return runClients(kClients, perClient, [&](int c) {
        auto grants = clients[size_t(c)]->lease(u"default"_s, 1, 300);
        if (!grants || grants->empty())
            return grants ? Cycle::Empty : Cycle::Failed;
        const net::LeasedItem& g = grants->front();
        const Decision d = decisionFor(g.lease.itemId, g.lease.id, g.lease.token,
                                       u"bench-%1-%2"_s.arg(salt).arg(c), counter++);
        auto answer = clients[size_t(c)]->submit({d});
        if (answer && answer->results.front().status == u"accepted")
            return Cycle::Done;
        std::fprintf(stderr, "decision failed: %s\n",
                     answer ? qPrintable(answer->results.front().reason)
                            : qPrintable(answer.error().message));
        return Cycle::Failed;
    });
}

// The same statements through the server's stores, no HTTP, on as many threads (database
// connections) as the server's pool has.
Figures direct(const QString& dbUrl, int perClient, int salt)
{
    constexpr int kConnections = 8; // moddesk-server serve --threads default
    server::ServerDatabase db(*server::DatabaseUrl::parse(dbUrl));
    server::UserStore users(db);
    std::vector<server::User> people;
    for (int c = 0; c < kConnections; ++c) {
        const QString name = u"direct-%1-%2"_s.arg(salt).arg(c);
        (void)users.add(name, u"moderator"_s);
        people.push_back({name, u"moderator"_s});
    }
    std::atomic<int> counter{salt * 1'000'000};
    server::DecisionStore decisions(db); // one per server, as its concurrent submissions share it
    return runClients(kConnections, perClient * kClients / kConnections, [&](int c) {
        const server::User& me = people[size_t(c)];
        auto grants = server::LeaseStore(db).claim(u"default"_s, me.name, 1, 300,
                                                   QDateTime::currentMSecsSinceEpoch());
        if (!grants || grants->empty())
            return Cycle::Empty;
        const server::Grant& g = grants->front();
        const Decision d =
            decisionFor(g.lease.itemId, g.lease.id, g.lease.token, me.name, counter++);
        const auto outcome =
            decisions.submit(me, QJsonArray{d.toJson()}, QDateTime::currentMSecsSinceEpoch());
        return outcome.results.front().status == u"accepted" ? Cycle::Done : Cycle::Failed;
    });
}

void print(const char* engine, const char* path, const Figures& f)
{
    std::printf("| %s | %s | %d cycles | %.0f cycles/s | p50 %.1f ms | p99 %.1f ms | %d failed |\n",
                engine, path, f.cycles, f.cyclesPerSecond, f.p50Ms, f.p99Ms, f.failures);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const bool smoke = argc > 1 && std::strcmp(argv[1], "--smoke") == 0;
    const int perClient = smoke ? 3 : 60;
    // Enough items for both runs on each engine, plus slack.
    const int items = kClients * perClient * 2 + 64;

    std::unique_ptr<PostgresInstance> postgres;
    if (!smoke) {
        postgres = std::make_unique<PostgresInstance>();
        if (postgres->url().isEmpty()) {
            std::fprintf(stderr, "PostgreSQL: %s\n", qPrintable(postgres->error()));
            return 1;
        }
    }
    std::printf(
        "| engine | path | cycles | rate | p50 | p99 | failed |\n|---|---|---|---|---|---|---|\n");
    for (const char* engine : {"postgresql", "sqlite"}) {
        if (smoke && std::strcmp(engine, "postgresql") == 0)
            continue;
        const bool pg = std::strcmp(engine, "postgresql") == 0;
        ServerProcess server(pg ? postgres->createDatabase(u"bench"_s) : QString(), items);
        if (!server.start()) {
            std::fprintf(stderr, "%s\n", qPrintable(server.error()));
            return 1;
        }
        // Alternate the two paths twice so that drift hits both.
        Figures h1 = overHttp(server, perClient / 2, 1);
        Figures d1 = direct(server.dbUrl(), perClient / 2, 2);
        Figures h2 = overHttp(server, perClient / 2, 3);
        Figures d2 = direct(server.dbUrl(), perClient / 2, 4);
        print(engine, "HTTP, moddesk-server", h1);
        print(engine, "same SQL, direct", d1);
        print(engine, "HTTP, moddesk-server", h2);
        print(engine, "same SQL, direct", d2);
        const double ratio = (h1.cyclesPerSecond + h2.cyclesPerSecond) /
                             std::max(1.0, d1.cyclesPerSecond + d2.cyclesPerSecond);
        std::printf("| %s | ratio HTTP / direct | %.2f | | | | |\n", engine, ratio);
        if (h1.failures + h2.failures + d1.failures + d2.failures > 0)
            return 1;
    }
    return 0;
}
