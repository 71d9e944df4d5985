// verify() throughput on a large audit log (1,000,000 entries unless --entries N), plus the
// time to build it in batches and to open it (the quick_check at open included).
#include "audit_log.h"
#include "sample_decisions.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace moddesk;

int main(int argc, char** argv)
{
    qint64 entries = 1'000'000;
    QString existing; // --log PATH: build the log there if missing, else verify it as it is
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--log") == 0 && i + 1 < argc)
            existing = QString::fromLocal8Bit(argv[++i]);
        if (std::strcmp(argv[i], "--smoke") == 0)
            entries = 2000;
        else if (std::strcmp(argv[i], "--entries") == 0 && i + 1 < argc)
            entries = std::atoll(argv[++i]);
    }
    QTemporaryDir dir;
    const QString path = existing.isEmpty() ? dir.filePath(QStringLiteral("audit.db")) : existing;
    QElapsedTimer t;
    const bool build = existing.isEmpty() || !QFileInfo::exists(existing);
    if (build) {
        auto log = AuditLog::open(path);
        if (!log)
            return 1;
        t.start();
        const qint64 batch = 50'000;
        for (qint64 from = 0; from < entries; from += batch) {
            std::vector<Decision> decisions;
            for (qint64 i = from; i < std::min(entries, from + batch); ++i)
                decisions.push_back(test::sampleDecision(int(i)));
            if (!(*log)->appendBatch(decisions)) {
                std::fprintf(stderr, "append failed\n");
                return 1;
            }
        }
        std::printf("| build %lld entries (batches of 50,000) | %.1f s, %.0f entries/s |\n",
                    entries, t.nsecsElapsed() / 1e9, entries * 1e9 / double(t.nsecsElapsed()));
    }
    t.start();
    auto log = AuditLog::openReadOnly(path);
    if (!log)
        return 1;
    std::printf("| open (quick_check, schema check) | %.0f ms |\n", t.nsecsElapsed() / 1e6);
    t.start();
    const VerifyReport report = (*log)->verify();
    const double seconds = t.nsecsElapsed() / 1e9;
    if (!report.ok() || (build && report.entries != entries)) {
        std::fprintf(stderr, "verify failed: %s\n", qPrintable(report.reason));
        return 1;
    }
    std::printf("| verify %lld entries | %.2f s, %.0f rows/s |\n", report.entries, seconds,
                report.entries / seconds);
    return 0;
}
