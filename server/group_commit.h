#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <span>
#include <vector>

namespace moddesk::server {

// Group commit: requests arriving from many threads are run together, in one transaction per
// group. The first thread to find no group running becomes the leader and runs everything
// queued so far (up to `maxWeight`); the others wait for its answers, and the next group forms
// while this one commits. One transaction then pays one chain-head lock and one WAL flush for
// many decisions, which is what limits a server where each decision commits on its own.
template <typename Request, typename Answer>
class GroupCommit final {
public:
    using RunGroup = std::function<std::vector<Answer>(std::span<const Request* const>)>;

    explicit GroupCommit(std::size_t maxWeight)
        : m_maxWeight(maxWeight)
    { }

    // Runs `request` in a group; `weight` is its share of the group's size limit. `runGroup`
    // answers a group in order, one answer per request.
    Answer run(const Request& request, std::size_t weight, const RunGroup& runGroup)
    {
        Slot mine{&request, weight, {}, false};
        std::unique_lock lock(m_mutex);
        m_queue.push_back(&mine);
        while (!mine.done) {
            if (m_leaderActive) {
                m_changed.wait(lock);
                continue;
            }
            m_leaderActive = true;
            std::vector<Slot*> group = takeGroup();
            lock.unlock();
            std::vector<const Request*> requests;
            requests.reserve(group.size());
            for (const Slot* slot : group)
                requests.push_back(slot->request);
            std::vector<Answer> answers = runGroup(requests);
            lock.lock();
            for (std::size_t i = 0; i < group.size(); ++i) {
                group[i]->answer = std::move(answers[i]);
                group[i]->done = true;
            }
            m_leaderActive = false;
            m_changed.notify_all();
        }
        return std::move(mine.answer);
    }

private:
    struct Slot {
        const Request* request;
        std::size_t weight;
        Answer answer;
        bool done;
    };

    // The oldest queued requests, at least one, together no heavier than m_maxWeight.
    std::vector<Slot*> takeGroup()
    {
        std::size_t taken = 0;
        std::size_t weight = 0;
        while (taken < m_queue.size() &&
               (taken == 0 || weight + m_queue[taken]->weight <= m_maxWeight))
            weight += m_queue[taken++]->weight;
        std::vector<Slot*> group(m_queue.begin(), m_queue.begin() + std::ptrdiff_t(taken));
        m_queue.erase(m_queue.begin(), m_queue.begin() + std::ptrdiff_t(taken));
        return group;
    }

    const std::size_t m_maxWeight;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<Slot*> m_queue;
    bool m_leaderActive = false;
};

} // namespace moddesk::server
