#pragma once

#include "result.h"

#include <random>

namespace moddesk::net {

// Capped exponential backoff with full jitter: the n-th retry waits a uniformly random time in
// [0, min(cap, base * 2^n)], so clients that failed together do not come back together. A
// server's Retry-After is a floor (kept under maxRetryAfter, so a hostile answer cannot park
// the client for a day).
class Backoff final {
public:
    struct Options {
        int baseMs = 250;
        int capMs = 30'000;
        int maxRetryAfterMs = 300'000;
    };
    explicit Backoff(Options options, quint32 seed = std::random_device{}());

    // The wait before the next attempt after `failure`; counts the attempt.
    int nextDelayMs(const Error& failure);
    void reset() { m_attempt = 0; }
    int attempts() const { return m_attempt; }
    const Options& options() const { return m_options; }

private:
    Options m_options;
    std::mt19937 m_random;
    int m_attempt = 0;
};

} // namespace moddesk::net
