// GroupCommit: every caller gets its own answer, groups respect their size limit, and callers
// that arrive while a group runs are served together by the next one.
#include "group_commit.h"

#include <QTest>

#include <atomic>
#include <thread>

using moddesk::server::GroupCommit;

class GroupCommitTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void everyCallerGetsItsOwnAnswer()
    {
        constexpr int kThreads = 16;
        constexpr int kCalls = 300;
        GroupCommit<int, int> groups(8);
        std::atomic<int> groupsRun{0};
        std::atomic<int> largestGroup{0};
        std::atomic<int> wrongAnswers{0};
        std::atomic<bool> overweight{false};
        const auto runGroup = [&](std::span<const int* const> requests) {
            ++groupsRun;
            int weight = 0;
            std::vector<int> answers;
            for (const int* r : requests) {
                weight += *r % 3 + 1;
                answers.push_back(*r * 2);
            }
            if (requests.size() > 1 && weight > 8)
                overweight = true;
            int seen = largestGroup.load();
            while (int(requests.size()) > seen &&
                   !largestGroup.compare_exchange_weak(seen, int(requests.size()))) { }
            std::this_thread::sleep_for(std::chrono::microseconds(200)); // a commit
            return answers;
        };
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < kCalls; ++i) {
                    const int request = t * kCalls + i;
                    if (groups.run(request, size_t(request % 3 + 1), runGroup) != request * 2)
                        ++wrongAnswers;
                }
            });
        for (std::thread& t : threads)
            t.join();
        QCOMPARE(wrongAnswers.load(), 0);
        QVERIFY2(!overweight, "a group of several requests went over its weight limit");
        // Sixteen callers and a slow commit: callers must have shared groups.
        QVERIFY2(groupsRun.load() < kThreads * kCalls,
                 qPrintable(QStringLiteral("%1 groups for %2 calls")
                                .arg(groupsRun.load())
                                .arg(kThreads * kCalls)));
        QVERIFY(largestGroup.load() > 1);
    }

    void aHeavyRequestRunsAlone()
    {
        GroupCommit<int, int> groups(4);
        int seenSize = 0;
        const int answer = groups.run(7, 100, [&](std::span<const int* const> requests) {
            seenSize = int(requests.size());
            return std::vector<int>{*requests[0] + 1};
        });
        QCOMPARE(answer, 8);
        QCOMPARE(seenSize, 1);
    }
};

QTEST_GUILESS_MAIN(GroupCommitTest)
#include "group_commit_test.moc"
