// One lease claim (one item) while 0, 10,000 or 100,000 other items are under live leases, on
// SQLite and PostgreSQL, through the server's own LeaseStore (issue #13). Before the claim had
// an index of free items, it walked every live lease ahead of it in queue order.
//   lease_claim_bench [--smoke]
#include "lease_store.h"
#include "server_database.h"
#include "server_process.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <vector>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::server;

namespace {

// `count` minimal pending items in queue "default", in queue order by their number.
bool addItems(const ServerDatabase& db, int count)
{
    auto connection = db.connection();
    if (!connection)
        return false;
    const QString sql =
        db.isSqlite()
            ? u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?) "
              u"INSERT INTO items (id, queue, body, priority, due, received_at) "
              u"SELECT 'bench-' || i, 'default', '{}', 0, i, i FROM n"_s
            : u"INSERT INTO items (id, queue, body, priority, due, received_at) "
              u"SELECT 'bench-' || i, 'default', '{}', 0, i, i FROM generate_series(1, ?) i"_s;
    return runQuery(*connection, sql, {count}).ok();
}

struct Figures {
    double p50 = 0;
    double p99 = 0;
};

// The first `live` items, leased for an hour, as moderators' claims would lease them.
void holdLeases(const ServerDatabase& db, int live, qint64 now)
{
    LeaseStore leases(db);
    for (int held = 0; held < live; held += 100)
        if (!leases.claim(u"default"_s, u"holder"_s, std::min(100, live - held), 3600, now))
            std::fprintf(stderr, "a claim for the live leases failed\n");
}

// What autovacuum does in time on PostgreSQL (dead row versions out of the indexes, fresh
// statistics); statistics on SQLite.
void vacuum(const ServerDatabase& db)
{
    auto connection = db.connection();
    if (connection)
        (void)runQuery(*connection, db.isSqlite() ? u"ANALYZE"_s : u"VACUUM ANALYZE items"_s);
}

Figures measure(const ServerDatabase& db, int claims, qint64 now)
{
    LeaseStore leases(db);
    std::vector<double> ms;
    for (int i = 0; i < claims; ++i) {
        QElapsedTimer t;
        t.start();
        auto granted = leases.claim(u"default"_s, u"bench"_s, 1, 3600, now);
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
        if (!granted || granted->size() != 1)
            std::fprintf(stderr, "claim %d granted nothing\n", i);
    }
    std::sort(ms.begin(), ms.end());
    return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const bool smoke = argc > 1 && std::strcmp(argv[1], "--smoke") == 0;
    const std::vector<int> lives =
        smoke ? std::vector<int>{0, 100} : std::vector<int>{0, 10'000, 100'000};
    const int claims = smoke ? 20 : 400;
    test::PostgresInstance postgres;
    std::printf("| engine | live leases | claim p50 | claim p99 | after vacuum: p50 | p99 | "
                "p50 / p50 at 0 |\n|---|---|---|---|---|---|---|\n");
    for (const QString engine : {u"sqlite"_s, u"postgresql"_s}) {
        double atZero = 0;
        for (int live : lives) {
            QTemporaryDir dir;
            QString url = u"sqlite:"_s + dir.filePath(u"bench.db"_s);
            if (engine == u"postgresql") {
                if (postgres.url().isEmpty()) {
                    std::printf("| postgresql | PostgreSQL did not start: %s |\n",
                                qPrintable(postgres.error()));
                    break;
                }
                url = postgres.createDatabase(u"claim%1"_s.arg(live));
            }
            auto parsed = DatabaseUrl::parse(url);
            if (!parsed) {
                std::fprintf(stderr, "%s\n", qPrintable(parsed.error().message));
                return 1;
            }
            ServerDatabase db(*parsed);
            if (auto migrated = db.migrate(); !migrated || !addItems(db, live + claims + 100)) {
                std::fprintf(stderr, "cannot prepare %s\n", qPrintable(url));
                return 1;
            }
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            holdLeases(db, live, now);
            const Figures fresh = measure(db, claims / 2, now);
            vacuum(db);
            const Figures f = measure(db, claims / 2, now);
            if (live == 0)
                atZero = f.p50;
            std::printf("| %s | %d | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2f |\n",
                        qPrintable(engine), live, fresh.p50, fresh.p99, f.p50, f.p99,
                        f.p50 / atZero);
            std::fflush(stdout);
        }
    }
    return 0;
}
