// Durable appends per second through AuditLog::append, against a bare SQLite insert of a row
// of the same size with the same pragmas (WAL, synchronous=FULL, one transaction per row),
// measured in alternating rounds of the same run so that disk noise hits both alike.
#include "audit_log.h"
#include "sample_decisions.h"

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <sqlite3.h>
#include <vector>

using namespace moddesk;

namespace {

struct BareInsert {
    sqlite3* db = nullptr;
    sqlite3_stmt* begin = nullptr;
    sqlite3_stmt* insert = nullptr;
    sqlite3_stmt* commit = nullptr;

    explicit BareInsert(const QByteArray& path)
    {
        sqlite3_open(path.constData(), &db);
        sqlite3_exec(db,
                     "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                     "CREATE TABLE rows (seq INTEGER PRIMARY KEY, body TEXT NOT NULL) STRICT",
                     nullptr, nullptr, nullptr);
        sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nullptr);
        sqlite3_prepare_v2(db, "INSERT INTO rows (body) VALUES (?1)", -1, &insert, nullptr);
        sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nullptr);
    }
    ~BareInsert()
    {
        sqlite3_finalize(begin);
        sqlite3_finalize(insert);
        sqlite3_finalize(commit);
        sqlite3_close(db);
    }
    bool add(const QByteArray& body)
    {
        sqlite3_step(begin);
        sqlite3_reset(begin);
        sqlite3_bind_text(insert, 1, body.constData(), int(body.size()), SQLITE_STATIC);
        const bool ok = sqlite3_step(insert) == SQLITE_DONE;
        sqlite3_reset(insert);
        const bool committed = sqlite3_step(commit) == SQLITE_DONE;
        sqlite3_reset(commit);
        return ok && committed;
    }
};

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char** argv)
{
    const bool smoke = argc > 1 && std::strcmp(argv[1], "--smoke") == 0;
    const int rounds = smoke ? 2 : 9;
    const int perRound = smoke ? 50 : 600;

    QTemporaryDir dir;
    auto log = AuditLog::open(dir.filePath(QStringLiteral("audit.db")));
    if (!log) {
        std::fprintf(stderr, "%s\n", qPrintable(log.error().message));
        return 1;
    }
    BareInsert bare(dir.filePath(QStringLiteral("bare.db")).toUtf8());

    // Bare rows carry the stored size of a decision row: its canonical bytes plus the hash.
    std::vector<QByteArray> bodies;
    std::vector<Decision> decisions;
    qint64 rowBytes = 0;
    for (int i = 0; i < rounds * perRound; ++i) {
        decisions.push_back(test::sampleDecision(i));
        bodies.push_back(decisions.back().canonicalBytes() + QByteArray(64, 'h'));
        rowBytes += bodies.back().size();
    }

    std::vector<double> bareRates, logRates, ratios;
    QElapsedTimer t;
    qint64 bareNs = 0, logNs = 0;
    for (int r = 0; r < rounds; ++r) {
        t.start();
        for (int i = r * perRound; i < (r + 1) * perRound; ++i) {
            if (!bare.add(bodies[size_t(i)]))
                return 1;
        }
        const qint64 b = t.nsecsElapsed();
        t.start();
        for (int i = r * perRound; i < (r + 1) * perRound; ++i) {
            if (!(*log)->append(decisions[size_t(i)])) {
                std::fprintf(stderr, "append failed\n");
                return 1;
            }
        }
        const qint64 l = t.nsecsElapsed();
        bareNs += b;
        logNs += l;
        bareRates.push_back(perRound * 1e9 / double(b));
        logRates.push_back(perRound * 1e9 / double(l));
        ratios.push_back(double(b) / double(l));
    }
    const int total = rounds * perRound;
    std::printf("durable appends: %d rounds x %d, mean row %lld bytes\n", rounds, perRound,
                rowBytes / total);
    std::printf("| bare SQLite insert (WAL, FULL, 1 row/txn) | %.0f rows/s (median round %.0f) |\n",
                total * 1e9 / double(bareNs), median(bareRates));
    std::printf("| AuditLog::append | %.0f decisions/s (median round %.0f) |\n",
                total * 1e9 / double(logNs), median(logRates));
    std::printf("| ratio append / bare | %.2f overall, %.2f median of rounds |\n",
                double(bareNs) / double(logNs), median(ratios));
    return 0;
}
