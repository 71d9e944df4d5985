#pragma once

#include "api.h"

#include <QHostAddress>

#include <functional>
#include <memory>

namespace moddesk::server {

// What one client may ask of the server, checked before any handler runs (docs/protocol.md,
// "Limits"). The defaults suit a team's server behind nginx or on a private network.
struct HttpLimits {
    // Request line plus headers, in bytes (431 beyond), and how many headers (431 beyond).
    int maxHeaderBytes = 32 * 1024;
    int maxHeaders = 100;
    // A body larger than this is refused from its Content-Length, before it is read (413), and
    // never kept. A client that asked "Expect: 100-continue", or announced more than
    // `maxDiscardBytes`, gets the 413 at once and the connection closes; up to that, the body is
    // read and thrown away first, so that a client still sending it reads the answer instead of
    // a reset connection.
    qsizetype maxBodyBytes = kMaxRequestBytes;
    qsizetype maxDiscardBytes = 4 * kMaxRequestBytes;
    // A connection that sends or reads nothing for this long is closed (slow clients).
    int idleTimeoutSeconds = 30;
    // Connections at once; more wait in the listen backlog until a slot frees up (and the
    // descriptor limit is raised to the hard limit).
    int maxConnections = 1000;
};

// Serves the Api over HTTP/1.1 (and HTTPS through GnuTLS) with libmicrohttpd, a mature
// embedded server: one thread reads and writes every connection (epoll); each complete request
// is handed to a pool of worker threads, each with its own database connection, while its
// connection waits (suspended), so a slow query never stalls other clients. Answers on one
// connection go back in request order (pipelining), `Connection: close` and HTTP/1.0 are
// honoured, and the limits above are applied before a handler sees the request.
class HttpService final {
public:
    HttpService(const ServerDatabase& db, int threads, std::function<qint64()> clock,
                HttpLimits limits = {});
    ~HttpService();
    Q_DISABLE_COPY_MOVE(HttpService)

    // Optional HTTPS: PEM certificate chain and private key (read now, used by listen()).
    Status useTls(const QString& certFile, const QString& keyFile);
    // Starts serving; the port listened on (useful with port 0), or an error.
    Result<quint16> listen(const QHostAddress& address, quint16 port);

    struct Impl;

private:
    std::unique_ptr<Impl> d;
};

} // namespace moddesk::server
