#pragma once

#include "result.h"

#include <QByteArray>
#include <QMap>
#include <QString>

#include <future>
#include <memory>

namespace moddesk::net {

struct HttpRequest {
    QByteArray method = "GET";
    QString url;
    QByteArray bearerToken; // sent as Authorization: Bearer …, never logged
    QByteArray contentType;
    QByteArray body;
};

struct HttpResponse {
    int status = 0;
    QMap<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
    QByteArray httpVersion; // "1.1", "2"
};

struct TransportOptions {
    int connectTimeoutMs = 10'000;
    int totalTimeoutMs = 60'000;
    // A transfer slower than this many bytes per second for lowSpeedSeconds is given up.
    int lowSpeedBytesPerSecond = 64;
    int lowSpeedSeconds = 20;
    // Answers larger than this are refused before they are read into memory.
    qint64 maxResponseBytes = 64LL * 1024 * 1024;
    // Refuse plain http:// (production profiles); tests against loopback servers leave it off.
    bool httpsOnly = false;
    // Extra CA bundle to trust (PEM), e.g. a team's own certificate authority.
    QString caFile;
    // libcurl's pinned public key: "sha256//<base64>[;sha256//…]" or a PEM/DER file path.
    QString pinnedPublicKey;
};

// The only code in ModDesk that speaks HTTP. One libcurl multi handle driven by a worker
// thread of its own: any thread may send, transfers run concurrently and reuse connections
// (HTTP/2 when the server offers it over TLS, compressed answers, the proxy variables of the
// environment), and nobody's event loop has to be running. Certificate and host name checks are
// always on. Errors come back as values: transient ones (timeouts, lost connections, 408, 429,
// 5xx) are marked so, with the server's Retry-After.
class HttpTransport final {
public:
    explicit HttpTransport(TransportOptions options = {});
    ~HttpTransport(); // fails what is still in flight, then stops the worker
    Q_DISABLE_COPY_MOVE(HttpTransport)

    // Starts the request; the future is ready when the whole answer is in (any status) or the
    // transfer failed.
    std::future<Result<HttpResponse>> send(HttpRequest request);
    Result<HttpResponse> perform(HttpRequest request) { return send(std::move(request)).get(); }

    const TransportOptions& options() const;

private:
    struct Worker;
    std::unique_ptr<Worker> m_worker;
};

// An HTTP status that is worth retrying: 408, 429 and 5xx.
bool isTransientStatus(int status);
// Retry-After as seconds (the delta form; an HTTP date is read relative to now), or -1.
int parseRetryAfter(const QByteArray& value);

} // namespace moddesk::net
