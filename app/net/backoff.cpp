#include "backoff.h"

#include <algorithm>

namespace moddesk::net {

Backoff::Backoff(Options options, quint32 seed)
    : m_options(options)
    , m_random(seed)
{ }

int Backoff::nextDelayMs(const Error& failure)
{
    const int exponent = std::min(m_attempt, 20);
    const qint64 ceiling = std::min<qint64>(m_options.capMs, qint64(m_options.baseMs) << exponent);
    ++m_attempt;
    int delay = std::uniform_int_distribution<int>(0, int(ceiling))(m_random);
    if (failure.retryAfterSeconds >= 0)
        delay =
            std::max(delay, std::min(failure.retryAfterSeconds * 1000, m_options.maxRetryAfterMs));
    return delay;
}

} // namespace moddesk::net
