#include "fault_proxy.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

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
    }
    return u"Fault(%1)"_s.arg(int(f));
}

namespace {

using Headers = std::vector<std::pair<QByteArray, QByteArray>>;

struct Request {
    QByteArray method;
    QByteArray target;
    QByteArray version;
    Headers headers;
    QByteArray body;
    bool keepAlive = true;
};

struct Response {
    QByteArray statusLine;
    Headers headers; // end to end only: the proxy speaks for its own connections
    QByteArray body;
};

constexpr qsizetype kMaxHead = 64 * 1024;
constexpr qint64 kMaxBody = 256 * 1024 * 1024;
// Long enough for any request the server is not stuck on; a stuck one becomes a 502, not a
// test that hangs until ctest kills it.
constexpr int kUpstreamTimeoutMs = 30000;

QByteArray headerValue(const Headers& headers, QByteArrayView name)
{
    for (const auto& [n, v] : headers)
        if (n.compare(name, Qt::CaseInsensitive) == 0)
            return v;
    return {};
}

bool hasToken(const QByteArray& value, QByteArrayView token)
{
    for (const QByteArray& part : value.split(','))
        if (part.trimmed().compare(token, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

// Hop-by-hop headers describe one connection, and the proxy has two of its own on either side.
bool isHopByHop(const QByteArray& name)
{
    for (const char* hop :
         {"Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Upgrade", "Expect"})
        if (name.compare(hop, Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

bool sendAll(int fd, const QByteArray& data)
{
    qsizetype sent = 0;
    while (sent < data.size()) {
        // MSG_NOSIGNAL: a client that hung up must not kill the test with SIGPIPE.
        const ssize_t n =
            ::send(fd, data.constData() + sent, size_t(data.size() - sent), MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        sent += n;
    }
    return true;
}

// Appends what arrives; false on end of stream, error or timeout (timeoutMs < 0: none).
bool receive(int fd, QByteArray& buffer, int timeoutMs)
{
    for (;;) {
        if (timeoutMs >= 0) {
            pollfd p{fd, POLLIN, 0};
            const int ready = ::poll(&p, 1, timeoutMs);
            if (ready < 0 && errno == EINTR)
                continue;
            if (ready <= 0)
                return false;
        }
        char chunk[65536];
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        buffer.append(chunk, n);
        return true;
    }
}

// "start line CRLF (name: value CRLF)*", without the blank line that ends it.
bool parseHead(const QByteArray& head, QByteArray* startLine, Headers* headers)
{
    const QList<QByteArray> lines = head.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines[i];
        if (line.endsWith('\r'))
            line.chop(1);
        if (i == 0) {
            *startLine = line;
            continue;
        }
        const qsizetype colon = line.indexOf(':');
        // Folded continuation lines are obsolete (RFC 9112 5.2) and nothing here sends them.
        if (colon <= 0 || line.startsWith(' ') || line.startsWith('\t'))
            return false;
        headers->emplace_back(line.left(colon).trimmed(), line.mid(colon + 1).trimmed());
    }
    return !startLine->isEmpty();
}

// -1 when there is no usable Content-Length header value.
qint64 contentLength(const Headers& headers, bool* present)
{
    const QByteArray value = headerValue(headers, "Content-Length");
    *present = !value.isNull();
    if (value.isNull())
        return 0;
    bool ok = false;
    const qint64 length = value.toLongLong(&ok);
    return ok && length >= 0 && length <= kMaxBody ? length : -1;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 400:
        return "Bad Request"_ba;
    case 429:
        return "Too Many Requests"_ba;
    case 431:
        return "Request Header Fields Too Large"_ba;
    case 500:
        return "Internal Server Error"_ba;
    case 501:
        return "Not Implemented"_ba;
    case 502:
        return "Bad Gateway"_ba;
    case 503:
        return "Service Unavailable"_ba;
    }
    return "Error"_ba;
}

// An answer of the proxy's own, shaped like the server's errors so clients parse it the same way.
Response errorResponse(int status, const QString& code, const QString& message,
                       int retryAfterSeconds = 0)
{
    Response r;
    r.statusLine = "HTTP/1.1 "_ba + QByteArray::number(status) + ' ' + reasonPhrase(status);
    r.body = QJsonDocument(
                 QJsonObject{{u"error"_s, QJsonObject{{u"code"_s, code}, {u"message"_s, message}}}})
                 .toJson(QJsonDocument::Compact);
    r.headers.emplace_back("Content-Type"_ba, "application/json"_ba);
    r.headers.emplace_back("Content-Length"_ba, QByteArray::number(r.body.size()));
    if (retryAfterSeconds > 0)
        r.headers.emplace_back("Retry-After"_ba, QByteArray::number(retryAfterSeconds));
    return r;
}

Response injected(int status, int retryAfterSeconds = 0)
{
    return errorResponse(
        status, u"injected"_s,
        u"fault proxy: injected %1 (the server never saw this request)"_s.arg(status),
        retryAfterSeconds);
}

Response badGateway(const QString& message)
{
    return errorResponse(502, u"bad_gateway"_s, u"fault proxy: "_s + message);
}

QByteArray wire(const Response& r, bool keepAlive)
{
    QByteArray out = r.statusLine + "\r\n";
    for (const auto& [name, value] : r.headers)
        out += name + ": " + value + "\r\n";
    out += keepAlive ? "Connection: keep-alive\r\n\r\n"_ba : "Connection: close\r\n\r\n"_ba;
    return out + r.body;
}

// One request over a fresh upstream connection, read to the end of the answer.
Response exchange(int fd, quint16 port, const Request& request)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        return badGateway(u"cannot connect to 127.0.0.1:%1"_s.arg(port));
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

    // Connection: close lets the answer end with the stream when it carries no length.
    QByteArray out = request.method + ' ' + request.target + " HTTP/1.1\r\n";
    for (const auto& [name, value] : request.headers)
        if (!isHopByHop(name))
            out += name + ": " + value + "\r\n";
    out += "Connection: close\r\n\r\n" + request.body;
    if (!sendAll(fd, out))
        return badGateway(u"the upstream hung up while the request was sent"_s);

    QByteArray buffer;
    for (;;) {
        qsizetype end;
        while ((end = buffer.indexOf("\r\n\r\n")) < 0) {
            if (buffer.size() > kMaxHead)
                return badGateway(u"the upstream's answer head is too large"_s);
            if (!receive(fd, buffer, kUpstreamTimeoutMs))
                return badGateway(u"the upstream closed or timed out before answering"_s);
        }
        Response response;
        Headers headers;
        if (!parseHead(buffer.left(end), &response.statusLine, &headers) ||
            !response.statusLine.startsWith("HTTP/1."))
            return badGateway(u"the upstream's answer is not HTTP/1.x"_s);
        buffer.remove(0, end + 4);
        const int status = response.statusLine.mid(9, 3).toInt();
        if (status >= 100 && status < 200)
            continue; // interim answers are for the proxy, not the client
        for (auto& header : headers)
            if (!isHopByHop(header.first))
                response.headers.push_back(std::move(header));
        if (!headerValue(response.headers, "Transfer-Encoding").isNull())
            return badGateway(u"chunked answers from the upstream are not supported"_s);
        const bool noBody = request.method == "HEAD" || status == 204 || status == 304;
        bool hasLength = false;
        const qint64 length = noBody ? 0 : contentLength(response.headers, &hasLength);
        if (length < 0)
            return badGateway(u"the upstream's Content-Length is invalid"_s);
        if (noBody || hasLength) {
            while (buffer.size() < length)
                if (!receive(fd, buffer, kUpstreamTimeoutMs))
                    return badGateway(u"the upstream closed or timed out within the body"_s);
            response.body = buffer.left(length);
        } else {
            while (receive(fd, buffer, kUpstreamTimeoutMs)) { }
            response.body = buffer;
            // The client is told where the body ends, since it may keep its connection.
            response.headers.emplace_back("Content-Length"_ba,
                                          QByteArray::number(response.body.size()));
        }
        return response;
    }
}

} // namespace

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
    std::function<Fault(int)> schedule;
    std::atomic<int> requests{0};

    mutable std::mutex mutex;
    std::condition_variable stopped;
    bool stopping = false;
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

void FaultProxy::Impl::stop()
{
    {
        std::lock_guard lock(mutex);
        stopping = true;
        for (int fd : openFds)
            ::shutdown(fd, SHUT_RDWR);
    }
    stopped.notify_all();
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
    const Fault fault = schedule ? schedule(index) : Fault::None;
    std::lock_guard lock(mutex);
    const qsizetype query = request.target.indexOf('?');
    const QByteArray path = query < 0 ? request.target : request.target.left(query);
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
