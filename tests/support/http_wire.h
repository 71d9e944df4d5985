#pragma once

// HTTP/1.1 on plain sockets, just enough for test tools that must control every byte (the fault
// proxy): messages, reading and writing them, and one exchange with an upstream server.
#include <QByteArray>
#include <QString>

#include <utility>
#include <vector>

namespace moddesk::test::http1 {

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
    Headers headers; // end to end only: a proxy speaks for its own connections
    QByteArray body;
};

constexpr qsizetype kMaxHead = 64 * 1024;
constexpr qint64 kMaxBody = 256 * 1024 * 1024;

QByteArray headerValue(const Headers& headers, QByteArrayView name);
// Whether a comma-separated header value holds `token` (case-insensitive).
bool hasToken(const QByteArray& value, QByteArrayView token);
bool sendAll(int fd, const QByteArray& data);
// Appends what arrives; false on end of stream, error or timeout (timeoutMs < 0: none).
bool receive(int fd, QByteArray& buffer, int timeoutMs);
// "start line CRLF (name: value CRLF)*", without the blank line that ends it.
bool parseHead(const QByteArray& head, QByteArray* startLine, Headers* headers);
qint64 contentLength(const Headers& headers, bool* present);
// A JSON error answer in the protocol's shape ({"error": {"code", "message"}}).
Response errorResponse(int status, const QString& code, const QString& message,
                       int retryAfterSeconds = 0);
Response injected(int status, int retryAfterSeconds = 0);
Response badGateway(const QString& message);
// The response as bytes, with the Connection header this side of the proxy wants.
QByteArray wire(const Response& r, bool keepAlive);
// One request over a fresh upstream connection `fd` to 127.0.0.1:port, read to the end.
Response exchange(int fd, quint16 port, const Request& request);
// The parts of exchange(), for a proxy that stops half-way: connects `fd` to 127.0.0.1:port;
// the request as sent upstream (hop-by-hop headers dropped, Connection: close); its answer.
bool connectUpstream(int fd, quint16 port);
QByteArray upstreamBytes(const Request& request);
Response readResponse(int fd, const Request& request);

} // namespace moddesk::test::http1
