#include "sync_engine.h"

#include <QDateTime>

#include <future>
#include <thread>

using namespace Qt::StringLiterals;

namespace moddesk::net {

namespace {

Error mismatch(const QString& what)
{
    Error e{u"the server's decision chain does not check out (possible tampering): "_s + what};
    e.code = u"chain_mismatch"_s;
    return e;
}

} // namespace

SyncEngine::SyncEngine(AuditLog& log, ProtocolClient& client, SyncOptions options)
    : m_log(log)
    , m_client(client)
    , m_options(options)
    , m_backoff(options.backoff)
{ }

Status SyncEngine::checkAnswer(const std::vector<Decision>& sent, const SubmitAnswer& answer,
                               const std::optional<ChainHead>& known)
{
    std::optional<ChainHead> last = known;
    for (size_t i = 0; i < sent.size(); ++i) {
        const DecisionAnswer& a = answer.results[i];
        if (a.status != u"accepted")
            continue;
        Decision chained = sent[i].withoutChainFields();
        chained.placeInChain(a.seq, a.prevHash);
        if (chained.hash != a.hash)
            return mismatch(u"decision "_s + a.id + u" was chained as seq "_s +
                            QString::number(a.seq) +
                            u" with a hash that is not of what was sent"_s);
        if (last && a.seq <= last->seq)
            return mismatch(u"decision "_s + a.id + u" got seq "_s + QString::number(a.seq) +
                            u", not after the server's earlier head "_s +
                            QString::number(last->seq));
        if (last && a.seq == last->seq + 1 && a.prevHash != last->hash)
            return mismatch(u"seq "_s + QString::number(a.seq) +
                            u" does not follow the head the server reported before"_s);
        last = ChainHead{a.seq, a.hash};
    }
    if (last && answer.head.seq < last->seq)
        return mismatch(u"the server's head went back from seq "_s + QString::number(last->seq) +
                        u" to "_s + QString::number(answer.head.seq));
    if (last && answer.head.seq == last->seq && answer.head.hash != last->hash)
        return mismatch(u"the server reports another hash for seq "_s + QString::number(last->seq));
    return {};
}

Status SyncEngine::record(const std::vector<Decision>& batch, const SubmitAnswer& answer,
                          std::optional<ChainHead>& known, SyncReport& report)
{
    if (auto checked = checkAnswer(batch, answer, known); !checked) {
        (void)m_log.recordServerMismatch(checked.error().message);
        return checked;
    }
    std::vector<OutboxAnswer> answers;
    answers.reserve(batch.size());
    for (size_t i = 0; i < batch.size(); ++i) {
        const DecisionAnswer& a = answer.results[i];
        answers.push_back({batch[i].seq, a.status, a.reason, a.field});
        report.accepted += a.status == u"accepted";
        report.duplicates += a.status == u"duplicate";
        report.conflicts += a.status == u"conflict";
        report.invalid += a.status == u"invalid";
    }
    if (auto recorded = m_log.recordAnswers(answers, batch.back().seq, answer.head,
                                            QDateTime::currentMSecsSinceEpoch());
        !recorded)
        return recorded;
    known = answer.head;
    report.sent += qint64(batch.size());
    return {};
}

SyncReport SyncEngine::drain(std::chrono::steady_clock::time_point deadline,
                             const std::atomic<bool>* stop)
{
    SyncReport report;
    const auto stopped = [stop] { return stop && stop->load(); };
    auto finish = [&]() -> SyncReport {
        auto pending = m_log.pendingSyncCount();
        report.pending = pending ? *pending : -1;
        return report;
    };
    auto state = m_log.syncState();
    if (!state) {
        report.error = state.error();
        return finish();
    }
    if (!state->serverMismatch.isEmpty()) {
        report.error = mismatch(state->serverMismatch);
        return finish();
    }
    std::optional<ChainHead> known = state->serverHead;
    qint64 cursor = state->syncedThroughSeq; // the last entry sent and answered
    // The answer to the previous batch, checked and recorded while the next one is on the
    // server: the server still sees one batch after the other, in log order.
    struct Answered {
        std::vector<Decision> batch;
        SubmitAnswer answer;
    };
    std::optional<Answered> unrecorded;
    for (;;) {
        auto batch = m_log.entriesAfter(cursor, m_options.batchSize);
        if (!batch) {
            report.error = batch.error();
            break;
        }
        std::future<Result<SubmitAnswer>> sending;
        if (!batch->empty() && !stopped())
            sending =
                std::async(std::launch::async, [this, &batch] { return m_client.submit(*batch); });
        if (unrecorded) {
            if (auto recorded = record(unrecorded->batch, unrecorded->answer, known, report);
                !recorded) {
                report.error = recorded.error();
                if (sending.valid())
                    (void)sending.get(); // sent anyway; its answer comes back as duplicates
                break;
            }
            unrecorded.reset();
        }
        if (!sending.valid())
            break; // nothing left, or stopped
        auto answer = sending.get();
        if (!answer) {
            report.error = answer.error();
            if (!answer.error().transient || std::chrono::steady_clock::now() >= deadline)
                break;
            const int delay = m_backoff.nextDelayMs(answer.error());
            report.backoffDelaysMs.push_back(delay);
            const auto wakeAt = std::min(deadline, std::chrono::steady_clock::now() +
                                                       std::chrono::milliseconds(delay));
            while (!stopped() && std::chrono::steady_clock::now() < wakeAt)
                std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
                    wakeAt - std::chrono::steady_clock::now(), std::chrono::milliseconds(50)));
            continue; // the same batch again: the cursor did not move
        }
        m_backoff.reset();
        report.error.reset();
        cursor = batch->back().seq;
        unrecorded = Answered{std::move(batch).value(), std::move(answer).value()};
    }
    if (unrecorded) {
        if (auto recorded = record(unrecorded->batch, unrecorded->answer, known, report); !recorded)
            report.error = recorded.error();
    }
    return finish();
}

} // namespace moddesk::net
