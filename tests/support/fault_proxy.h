#pragma once

#include <QString>
#include <QtGlobal>

#include <functional>
#include <memory>
#include <vector>

namespace moddesk::test {

// What the proxy does to one request. Each states what the client gets and whether the server
// processed the request: the pair a sync client's retry logic has to get right.
enum class Fault {
    None,         // forward request, return the upstream answer unchanged
    DropRequest,  // close the client connection without forwarding (server never sees it)
    DropResponse, // forward, read the full answer, then close without answering (server DID
                  // process it)
    Stall,        // forward, then hold the answer for stallMs() and close without answering
    TruncateBody, // forward, send the status line + headers (original Content-Length) and only
                  // half the body, then close
    Status500,    // answer 500 {"error":{"code":"injected",...}} without forwarding
    Status503RetryAfter, // answer 503 with Retry-After: 1, not forwarded
    Status429RetryAfter, // answer 429 with Retry-After: 1, not forwarded
    Repeat, // forward the same request twice upstream (sequentially), return the second answer
    // The two holds stop a request half-way until the test calls releaseHeld(), so that it can
    // act (kill the server) at a known point of a client's upload, whatever the machine's speed:
    HoldAnswer,     // forward, read the whole answer, hold it, then close without answering
                    // (the server DID process it)
    HoldMidRequest, // send the server the head and half the body, hold, then close both (the
                    // server never got the whole request)
};

// The enumerator's name, e.g. "Status503RetryAfter".
QString faultName(Fault f);

// An HTTP/1.1 proxy on loopback in front of a test server that injects the failures a sync
// client must survive: lost requests, lost answers, hangs, torn bodies, overload answers and
// duplicate deliveries. It serves on its own threads (plain sockets), so it works whether or not
// the test runs an event loop, and a test blocked in a synchronous client does not starve it.
class FaultProxy final {
public:
    // The upstream is 127.0.0.1:upstreamPort.
    explicit FaultProxy(quint16 upstreamPort);
    ~FaultProxy();
    Q_DISABLE_COPY_MOVE(FaultProxy)

    // Listens on 127.0.0.1 on an ephemeral port.
    bool start();
    quint16 port() const;
    // A restarted server gets a new port; requests from then on go there.
    void setUpstreamPort(quint16 port);

    // Chooses each request's fault from its 0-based index, counted over all connections. Calls
    // come one at a time, in index order; the schedule may call requests(), count() and log().
    void setSchedule(std::function<Fault(int requestIndex)> schedule);
    // The same, told each request's method and path (without its query) too.
    void setRequestSchedule(
        std::function<Fault(int requestIndex, const QByteArray& method, const QByteArray& path)>
            schedule);
    // A fraction `rate` of requests get a fault drawn uniformly from `faults`, from a PRNG seeded
    // with `seed`: the i-th request after this call gets the i-th draws, so the same seed gives
    // the same sequence of faults.
    void setRandomFaults(double rate, std::vector<Fault> faults, quint32 seed);
    void setStallMs(int ms); // default 3000
    int stallMs() const;

    // Requests received so far. One the proxy refuses itself (malformed, chunked) is not counted
    // and gets no fault.
    int requests() const;
    // Waits until `count` requests have been held in all (HoldAnswer, HoldMidRequest), at most
    // timeoutMs; whether they have.
    bool waitForHeld(int count, int timeoutMs) const;
    // Lets every request held so far go on to its end (the connections closed, no answer).
    void releaseHeld();
    // Lets every held request go on and holds none from now on (a test's way out, whatever
    // its schedule still says).
    void stopHolding();
    int count(Fault f) const;
    // One line per request: "<index> <METHOD> <path> <fault name>" (the path without its query).
    std::vector<QString> log() const;

private:
    struct Impl;
    std::unique_ptr<Impl> d;
};

} // namespace moddesk::test
