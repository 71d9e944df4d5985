#include "fault_proxy.h"

#include "http_wire.h"

#include <QByteArray>
#include <QList>

#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <fcntl.h>
#include <map>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <random>
#include <set>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace moddesk::test {

using namespace http1;

QString faultName(Fault f)
{
    switch (f) {
    case Fault::None:
        return u"None"_s;
    case Fault::DropRequest:
        return u"DropRequest"_s;
    case Fault::DropResponse:
        return u"DropResponse"_s;
    case Fault::Stall:
        return u"Stall"_s;
    case Fault::TruncateBody:
        return u"TruncateBody"_s;
    case Fault::Status500:
        return u"Status500"_s;
    case Fault::Status503RetryAfter:
        return u"Status503RetryAfter"_s;
    case Fault::Status429RetryAfter:
        return u"Status429RetryAfter"_s;
    case Fault::Repeat:
        return u"Repeat"_s;
    case Fault::HoldAnswer:
        return u"HoldAnswer"_s;
    case Fault::HoldMidRequest:
        return u"HoldMidRequest"_s;
    }
    return u"Fault(%1)"_s.arg(int(f));
}

struct FaultProxy::Impl {
    explicit Impl(quint16 upstream)
        : upstreamPort(upstream)
    { }

    void acceptLoop();
    void serve(int client);
    int readRequest(int fd, QByteArray& buffer, Request& request);
    Fault assign(const Request& request);
    bool answer(int client, const Request& request, Fault fault);
    Response forward(const Request& request);
    void forwardHalfAndHold(const Request& request);
    void hold();
    bool watch(int fd);
    void closeFd(int fd);
    void pause(int ms);
    void stop();

    std::atomic<quint16> upstreamPort;
    std::atomic<int> stallMs{3000};
    quint16 port = 0;
    int listenFd = -1;
    int wakePipe[2] = {-1, -1};
    std::thread acceptThread;
    struct Connection {
        std::thread thread;
        std::shared_ptr<std::atomic<bool>> done;
    };
    std::vector<Connection> connections; // the accept thread's, until stop() has joined it

    // Held while a request gets its index and fault, so the schedule sees indices in order and
    // may still read the counters below.
    std::mutex scheduleMutex;
    std::function<Fault(int, const QByteArray&, const QByteArray&)> schedule;
    std::atomic<int> requests{0};

    mutable std::mutex mutex;
    std::condition_variable stopped; // also told when a request is held or released
    mutable std::condition_variable heldChanged;
    bool stopping = false;
    int heldTotal = 0;     // requests ever held
    int releasedUpTo = 0;  // held requests with a number below this may go on
    bool holding = true;   // false after stopHolding(): holds pass straight through
    std::set<int> openFds; // shut down by stop() so that no thread stays blocked in recv()
    std::map<Fault, int> counts;
    std::vector<QString> log;
};

bool FaultProxy::Impl::watch(int fd)
{
    std::lock_guard lock(mutex);
    if (stopping)
        return false;
    openFds.insert(fd);
    return true;
}

void FaultProxy::Impl::closeFd(int fd)
{
    // Under the lock: stop() must never shut down a number the kernel has already reused.
    std::lock_guard lock(mutex);
    openFds.erase(fd);
    ::close(fd);
}

void FaultProxy::Impl::pause(int ms)
{
    std::unique_lock lock(mutex);
    stopped.wait_for(lock, std::chrono::milliseconds(ms), [this] { return stopping; });
}

void FaultProxy::Impl::hold()
{
    std::unique_lock lock(mutex);
    const int number = heldTotal++;
    heldChanged.notify_all();
    stopped.wait(lock, [&] { return stopping || !holding || number < releasedUpTo; });
}

void FaultProxy::Impl::forwardHalfAndHold(const Request& request)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || !watch(fd)) {
        if (fd >= 0)
            ::close(fd);
        hold();
        return;
    }
    const QByteArray bytes = upstreamBytes(request);
    if (connectUpstream(fd, upstreamPort))
        sendAll(fd, bytes.left(bytes.size() - request.body.size() / 2 - 1));
    hold();
    closeFd(fd);
}

void FaultProxy::Impl::stop()
{
    {
        std::lock_guard lock(mutex);
        stopping = true;
        for (int fd : openFds)
            ::shutdown(fd, SHUT_RDWR);
    }
    stopped.notify_all();
    heldChanged.notify_all();
    if (wakePipe[1] >= 0) {
        const char wake = 'x';
        [[maybe_unused]] const ssize_t written = ::write(wakePipe[1], &wake, 1);
    }
    if (acceptThread.joinable())
        acceptThread.join();
    for (Connection& c : connections)
        c.thread.join();
    connections.clear();
    for (int* fd : {&listenFd, &wakePipe[0], &wakePipe[1]}) {
        if (*fd >= 0)
            ::close(*fd);
        *fd = -1;
    }
}

void FaultProxy::Impl::acceptLoop()
{
    for (;;) {
        pollfd fds[2] = {{listenFd, POLLIN, 0}, {wakePipe[0], POLLIN, 0}};
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR)
                continue;
            return;
        }
        if (fds[1].revents != 0)
            return;
        // CLOEXEC: a server process the test starts later must not inherit client connections
        // and keep them open after the proxy closed them.
        const int client = ::accept4(listenFd, nullptr, nullptr, SOCK_CLOEXEC);
        if (client < 0)
            continue;
        if (!watch(client)) {
            ::close(client);
            return;
        }
        const int one = 1;
        ::setsockopt(client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        std::erase_if(connections, [](Connection& c) {
            if (!*c.done)
                return false;
            c.thread.join();
            return true;
        });
        auto done = std::make_shared<std::atomic<bool>>(false);
        connections.push_back(Connection{std::thread([this, client, done] {
                                             serve(client);
                                             *done = true;
                                         }),
                                         done});
    }
}

// 0 with a request; an HTTP status to refuse the request with (then close); -1 when the client
// left.
int FaultProxy::Impl::readRequest(int fd, QByteArray& buffer, Request& request)
{
    qsizetype end;
    for (;;) {
        // Stray CRLFs between requests are allowed (RFC 9112 2.2).
        while (buffer.startsWith("\r\n"))
            buffer.remove(0, 2);
        if ((end = buffer.indexOf("\r\n\r\n")) >= 0)
            break;
        if (buffer.size() > kMaxHead)
            return 431;
        if (!receive(fd, buffer, -1))
            return -1;
    }
    QByteArray startLine;
    if (!parseHead(buffer.left(end), &startLine, &request.headers))
        return 400;
    buffer.remove(0, end + 4);
    const QList<QByteArray> parts = startLine.split(' ');
    if (parts.size() != 3 || !parts[2].startsWith("HTTP/1."))
        return 400;
    request.method = parts[0];
    request.target = parts[1];
    request.version = parts[2];
    // Clients here always send Content-Length; chunked uploads would need a decoder for nothing.
    if (!headerValue(request.headers, "Transfer-Encoding").isNull())
        return 501;
    bool hasLength = false;
    const qint64 length = contentLength(request.headers, &hasLength);
    if (length < 0)
        return 400;
    const QByteArray connection = headerValue(request.headers, "Connection");
    request.keepAlive = request.version == "HTTP/1.0" ? hasToken(connection, "keep-alive")
                                                      : !hasToken(connection, "close");
    // libcurl asks before sending larger bodies and waits a second for permission if not given.
    if (buffer.size() < length &&
        hasToken(headerValue(request.headers, "Expect"), "100-continue") &&
        !sendAll(fd, "HTTP/1.1 100 Continue\r\n\r\n"_ba))
        return -1;
    while (buffer.size() < length)
        if (!receive(fd, buffer, -1))
            return -1;
    request.body = buffer.left(length);
    buffer.remove(0, length);
    return 0;
}

Fault FaultProxy::Impl::assign(const Request& request)
{
    std::lock_guard scheduling(scheduleMutex);
    const int index = requests;
    const qsizetype query = request.target.indexOf('?');
    const QByteArray path = query < 0 ? request.target : request.target.left(query);
    const Fault fault = schedule ? schedule(index, request.method, path) : Fault::None;
    std::lock_guard lock(mutex);
    log.push_back(u"%1 %2 %3 %4"_s.arg(index).arg(QString::fromLatin1(request.method),
                                                  QString::fromLatin1(path), faultName(fault)));
    ++counts[fault];
    ++requests;
    return fault;
}

Response FaultProxy::Impl::forward(const Request& request)
{
    const quint16 upstream = upstreamPort;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return badGateway(u"cannot create a socket"_s);
    if (!watch(fd)) {
        ::close(fd);
        return badGateway(u"the proxy is stopping"_s);
    }
    Response response = exchange(fd, upstream, request);
    closeFd(fd);
    return response;
}

// Whether the client connection stays open for the next request.
bool FaultProxy::Impl::answer(int client, const Request& request, Fault fault)
{
    const bool keep = request.keepAlive;
    switch (fault) {
    case Fault::None:
        return sendAll(client, wire(forward(request), keep)) && keep;
    case Fault::DropRequest:
        return false;
    case Fault::DropResponse:
        forward(request);
        return false;
    case Fault::Stall:
        forward(request);
        pause(stallMs);
        return false;
    case Fault::TruncateBody: {
        const Response response = forward(request);
        QByteArray bytes = wire(response, keep);
        bytes.chop(response.body.size() - response.body.size() / 2);
        sendAll(client, bytes);
        return false;
    }
    case Fault::Status500:
        return sendAll(client, wire(injected(500), keep)) && keep;
    case Fault::Status503RetryAfter:
        return sendAll(client, wire(injected(503, 1), keep)) && keep;
    case Fault::Status429RetryAfter:
        return sendAll(client, wire(injected(429, 1), keep)) && keep;
    case Fault::Repeat:
        forward(request);
        return sendAll(client, wire(forward(request), keep)) && keep;
    case Fault::HoldAnswer:
        forward(request);
        hold();
        return false;
    case Fault::HoldMidRequest:
        forwardHalfAndHold(request);
        return false;
    }
    return false;
}

void FaultProxy::Impl::serve(int client)
{
    QByteArray buffer;
    for (;;) {
        Request request;
        const int refused = readRequest(client, buffer, request);
        if (refused < 0)
            break;
        if (refused > 0) {
            sendAll(client, wire(errorResponse(refused, u"proxy_refused"_s,
                                               u"fault proxy: cannot handle this request"_s),
                                 false));
            break;
        }
        if (!answer(client, request, assign(request)))
            break;
    }
    closeFd(client);
}

FaultProxy::FaultProxy(quint16 upstreamPort)
    : d(std::make_unique<Impl>(upstreamPort))
{ }

FaultProxy::~FaultProxy()
{
    d->stop();
}

bool FaultProxy::start()
{
    if (d->acceptThread.joinable())
        return true;
    auto fail = [this] {
        d->stop();
        d->stopping = false;
        return false;
    };
    if (::pipe2(d->wakePipe, O_CLOEXEC) != 0)
        return fail();
    d->listenFd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (d->listenFd < 0)
        return fail();
    const int one = 1;
    ::setsockopt(d->listenFd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = 0;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (::bind(d->listenFd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0 ||
        ::listen(d->listenFd, SOMAXCONN) != 0 ||
        ::getsockname(d->listenFd, reinterpret_cast<sockaddr*>(&address), &size) != 0)
        return fail();
    d->port = ntohs(address.sin_port);
    d->acceptThread = std::thread([this] { d->acceptLoop(); });
    return true;
}

quint16 FaultProxy::port() const
{
    return d->port;
}

void FaultProxy::setUpstreamPort(quint16 port)
{
    d->upstreamPort = port;
}

void FaultProxy::setSchedule(std::function<Fault(int requestIndex)> schedule)
{
    if (!schedule)
        return setRequestSchedule({});
    setRequestSchedule(
        [schedule = std::move(schedule)](int index, const QByteArray&, const QByteArray&) {
            return schedule(index);
        });
}

void FaultProxy::setRequestSchedule(
    std::function<Fault(int requestIndex, const QByteArray& method, const QByteArray& path)>
        schedule)
{
    std::lock_guard lock(d->scheduleMutex);
    d->schedule = std::move(schedule);
}

void FaultProxy::setRandomFaults(double rate, std::vector<Fault> faults, quint32 seed)
{
    // mt19937's raw output is fixed by the standard; distributions are not, so the draws are done
    // by hand to give the same faults with every standard library.
    auto rng = std::make_shared<std::mt19937>(seed);
    setSchedule([rng, rate, faults = std::move(faults)](int) {
        // Two draws for every request, faulted or not, so request i always gets draws 2i, 2i+1.
        const double roll = double((*rng)()) / 4294967296.0;
        const std::uint32_t pick = (*rng)();
        if (faults.empty() || roll >= rate)
            return Fault::None;
        return faults[pick % faults.size()];
    });
}

void FaultProxy::setStallMs(int ms)
{
    d->stallMs = ms;
}

int FaultProxy::stallMs() const
{
    return d->stallMs;
}

int FaultProxy::requests() const
{
    return d->requests;
}

bool FaultProxy::waitForHeld(int count, int timeoutMs) const
{
    std::unique_lock lock(d->mutex);
    return d->heldChanged.wait_for(lock, std::chrono::milliseconds(timeoutMs),
                                   [&] { return d->heldTotal >= count; });
}

void FaultProxy::releaseHeld()
{
    {
        std::lock_guard lock(d->mutex);
        d->releasedUpTo = d->heldTotal;
    }
    d->stopped.notify_all();
}

void FaultProxy::stopHolding()
{
    {
        std::lock_guard lock(d->mutex);
        d->holding = false;
    }
    d->stopped.notify_all();
}

int FaultProxy::count(Fault f) const
{
    std::lock_guard lock(d->mutex);
    const auto it = d->counts.find(f);
    return it == d->counts.end() ? 0 : it->second;
}

std::vector<QString> FaultProxy::log() const
{
    std::lock_guard lock(d->mutex);
    return d->log;
}

} // namespace moddesk::test
