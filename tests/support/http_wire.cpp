#include "http_wire.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace moddesk::test::http1 {

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
static bool isHopByHop(const QByteArray& name)
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

static QByteArray reasonPhrase(int status)
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
                       int retryAfterSeconds)
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

Response injected(int status, int retryAfterSeconds)
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

bool connectUpstream(int fd, quint16 port)
{
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        return false;
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return true;
}

QByteArray upstreamBytes(const Request& request)
{
    // Connection: close lets the answer end with the stream when it carries no length.
    QByteArray out = request.method + ' ' + request.target + " HTTP/1.1\r\n";
    for (const auto& [name, value] : request.headers)
        if (!isHopByHop(name))
            out += name + ": " + value + "\r\n";
    return out + "Connection: close\r\n\r\n" + request.body;
}

// One request over a fresh upstream connection, read to the end of the answer.
Response exchange(int fd, quint16 port, const Request& request)
{
    if (!connectUpstream(fd, port))
        return badGateway(u"cannot connect to 127.0.0.1:%1"_s.arg(port));
    if (!sendAll(fd, upstreamBytes(request)))
        return badGateway(u"the upstream hung up while the request was sent"_s);
    return readResponse(fd, request);
}

Response readResponse(int fd, const Request& request)
{
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

} // namespace moddesk::test::http1
