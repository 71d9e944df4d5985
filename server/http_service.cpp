#include "http_service.h"

#include "http_routes.h"
#include "json_fields.h"
#include "server_database.h"

#include <QFile>
#include <QThreadPool>
#include <QUrlQuery>

#include <algorithm>
#include <arpa/inet.h>
#include <cstring>
#include <microhttpd.h>
#include <mutex>
#include <netinet/in.h>
#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace moddesk::server {

namespace {

// One request on its way through the server, from its headers to its answer (MHD's
// per-request pointer).
struct Exchange {
    QByteArray method;
    QByteArray path;
    ApiRequest request;
    qsizetype bodyBytes = 0; // as received, also past the limit (then not kept)
    bool handedOver = false; // to the worker pool; the connection is suspended until answered
    std::mutex mutex;
    std::optional<ApiResponse> answer; // set by the worker, read by MHD's thread
};

bool sameHeader(const char* a, const char* b)
{
    return strcasecmp(a, b) == 0;
}

// The token from "Authorization: Bearer <token>" (the scheme is case-insensitive).
QString bearerToken(const char* authorization)
{
    if (!authorization)
        return {};
    const QByteArray value(authorization);
    if (value.size() < 7 || qstrnicmp(value.constData(), "bearer ", 7) != 0)
        return {};
    return QString::fromLatin1(value.mid(7).trimmed());
}

MHD_Result queue(MHD_Connection* connection, const ApiResponse& a)
{
    const QByteArray body = a.raw.isNull() ? toCompactJson(a.json) : a.raw;
    MHD_Response* response = MHD_create_response_from_buffer(
        size_t(body.size()), const_cast<char*>(body.constData()), MHD_RESPMEM_MUST_COPY);
    if (!response)
        return MHD_NO;
    MHD_add_response_header(response, "Content-Type",
                            a.raw.isNull() ? "application/json" : a.mimeType.constData());
    if (a.retryAfterSeconds > 0)
        MHD_add_response_header(response, "Retry-After",
                                QByteArray::number(a.retryAfterSeconds).constData());
    MHD_add_response_header(response, "Cache-Control", "no-store");
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    const MHD_Result queued = MHD_queue_response(connection, unsigned(a.status), response);
    MHD_destroy_response(response);
    return queued;
}

MHD_Result refuse(MHD_Connection* connection, int status, const QString& code,
                  const QString& message)
{
    return queue(connection, ApiResponse::error(status, code, message));
}

QString tooLarge(qsizetype limit)
{
    return u"the request body is larger than %1 bytes"_s.arg(limit);
}

// Keeps paths and query strings as sent: segments are split first, then decoded
// (http_routes.cpp), and QUrlQuery decodes the query.
size_t keepEscapes(void*, MHD_Connection*, char* text)
{
    return std::strlen(text);
}

struct HeaderCount {
    int headers = 0;
    int contentLengths = 0;
};

MHD_Result countHeader(void* cls, MHD_ValueKind, const char* key, const char*)
{
    auto* count = static_cast<HeaderCount*>(cls);
    ++count->headers;
    if (sameHeader(key, "Content-Length"))
        ++count->contentLengths;
    return MHD_YES;
}

MHD_Result appendQueryItem(void* cls, MHD_ValueKind, const char* key, const char* value)
{
    auto* query = static_cast<QByteArray*>(cls);
    if (!query->isEmpty())
        query->append('&');
    query->append(key);
    if (value)
        query->append('=').append(value);
    return MHD_YES;
}

} // namespace

struct HttpService::Impl {
    Impl(const ServerDatabase& database, std::function<qint64()> clock, HttpLimits l)
        : db(database)
        , api(database, std::move(clock))
        , limits(l)
    { }

    const ServerDatabase& db;
    Api api;
    HttpLimits limits;
    QThreadPool pool;
    MHD_Daemon* daemon = nullptr;
    QByteArray tlsCert;
    QByteArray tlsKey;

    static MHD_Result onRequest(void* cls, MHD_Connection* connection, const char* url,
                                const char* method, const char* version, const char* uploadData,
                                size_t* uploadSize, void** perRequest);
    static void onCompleted(void* cls, MHD_Connection*, void** perRequest,
                            MHD_RequestTerminationCode);

    MHD_Result begin(MHD_Connection* connection, const char* url, const char* method,
                     const char* version, Exchange*& exchange);
    void handOver(MHD_Connection* connection, Exchange* exchange);
};

MHD_Result HttpService::Impl::begin(MHD_Connection* connection, const char* url, const char* method,
                                    const char* version, Exchange*& exchange)
{
    exchange = new Exchange;
    exchange->method = method;
    exchange->path = url;
    HeaderCount count;
    MHD_get_connection_values(connection, MHD_HEADER_KIND, countHeader, &count);
    if (count.headers > limits.maxHeaders)
        return refuse(connection, 431, u"headers_too_large"_s,
                      u"more than %1 headers"_s.arg(limits.maxHeaders));
    if (count.contentLengths > 1)
        return refuse(connection, 400, u"bad_request"_s, u"more than one Content-Length"_s);
    if (std::strcmp(version, MHD_HTTP_VERSION_1_1) == 0 &&
        !MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Host"))
        return refuse(connection, 400, u"bad_request"_s, u"HTTP/1.1 without Host"_s);
    if (const char* length =
            MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Content-Length")) {
        bool ok = false;
        const qlonglong bytes = QByteArray(length).trimmed().toLongLong(&ok);
        if (!ok || bytes < 0)
            return refuse(connection, 400, u"bad_request"_s, u"Content-Length is not a number"_s);
        if (bytes > limits.maxBodyBytes) {
            const char* expect = MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Expect");
            if ((expect && qstrnicmp(expect, "100-continue", 12) == 0) ||
                bytes > limits.maxDiscardBytes)
                return refuse(connection, 413, u"too_large"_s, tooLarge(limits.maxBodyBytes));
            exchange->bodyBytes = limits.maxBodyBytes + 1; // thrown away as it comes
        }
        // (Nothing is reserved from the announced length: a client that announces 16 MiB and
        // sends nothing must not cost the server 16 MiB per connection.)
    }
    ApiRequest& r = exchange->request;
    r.token =
        bearerToken(MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Authorization"));
    r.contentType =
        QByteArray(MHD_lookup_connection_value(connection, MHD_HEADER_KIND, "Content-Type"));
    QByteArray query;
    MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, appendQueryItem, &query);
    r.query = QUrlQuery(QString::fromLatin1(query));
    return MHD_YES;
}

void HttpService::Impl::handOver(MHD_Connection* connection, Exchange* exchange)
{
    exchange->handedOver = true;
    MHD_suspend_connection(connection);
    pool.start([this, connection, exchange] {
        db.recoverConnection(); // a database that went away may be back
        ApiResponse answer = routeRequest(api, exchange->method, exchange->path, exchange->request);
        {
            std::lock_guard lock(exchange->mutex);
            exchange->answer = std::move(answer);
        }
        MHD_resume_connection(connection); // MHD calls onRequest again, which sends it
    });
}

MHD_Result HttpService::Impl::onRequest(void* cls, MHD_Connection* connection, const char* url,
                                        const char* method, const char* version,
                                        const char* uploadData, size_t* uploadSize,
                                        void** perRequest)
{
    auto* self = static_cast<Impl*>(cls);
    auto*& exchange = reinterpret_cast<Exchange*&>(*perRequest);
    if (!exchange)
        return self->begin(connection, url, method, version, exchange);
    if (*uploadSize > 0) {
        // A body without a Content-Length (chunked) is counted and, past the limit, not kept.
        exchange->bodyBytes += qsizetype(*uploadSize);
        if (exchange->bodyBytes <= self->limits.maxBodyBytes)
            exchange->request.body.append(uploadData, qsizetype(*uploadSize));
        *uploadSize = 0;
        return MHD_YES;
    }
    if (!exchange->handedOver) {
        if (exchange->bodyBytes > self->limits.maxBodyBytes)
            return refuse(connection, 413, u"too_large"_s, tooLarge(self->limits.maxBodyBytes));
        self->handOver(connection, exchange);
        return MHD_YES;
    }
    std::lock_guard lock(exchange->mutex);
    if (!exchange->answer)
        return MHD_YES; // not yet (a spurious call while suspended)
    return queue(connection, *exchange->answer);
}

void HttpService::Impl::onCompleted(void*, MHD_Connection*, void** perRequest,
                                    MHD_RequestTerminationCode)
{
    delete static_cast<Exchange*>(*perRequest);
    *perRequest = nullptr;
}

HttpService::HttpService(const ServerDatabase& db, int threads, std::function<qint64()> clock,
                         HttpLimits limits)
    : d(std::make_unique<Impl>(db, std::move(clock), limits))
{
    d->pool.setMaxThreadCount(threads);
    // Threads keep their database connection: never let idle ones expire.
    d->pool.setExpiryTimeout(-1);
}

HttpService::~HttpService()
{
    if (d->daemon) {
        // No new connections; the requests in the pool finish and resume theirs (MHD must not
        // be stopped with a connection suspended).
        MHD_quiesce_daemon(d->daemon);
        d->pool.waitForDone();
        MHD_stop_daemon(d->daemon);
    }
}

Status HttpService::useTls(const QString& certFile, const QString& keyFile)
{
    QFile cert(certFile);
    QFile key(keyFile);
    if (!cert.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly))
        return Error{u"cannot read the TLS certificate or key ("_s + certFile + u", "_s + keyFile +
                     u')'};
    d->tlsCert = cert.readAll();
    d->tlsKey = key.readAll();
    if (!d->tlsCert.contains("-----BEGIN CERTIFICATE-----") ||
        !d->tlsKey.contains("PRIVATE KEY-----"))
        return Error{u"the TLS certificate or key is not PEM ("_s + certFile + u", "_s + keyFile +
                     u')'};
    return {};
}

Result<quint16> HttpService::listen(const QHostAddress& address, quint16 port)
{
    // Each connection takes a descriptor: allow as many as the hard limit lets this process.
    rlimit files{};
    if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
        files.rlim_cur = files.rlim_max;
        setrlimit(RLIMIT_NOFILE, &files);
    }
    // Room for the database connections, the pool's and MHD's own descriptors.
    const auto usable = getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur != RLIM_INFINITY
                            ? int(std::min<rlim_t>(files.rlim_cur, 1 << 20)) - 64
                            : d->limits.maxConnections;
    const unsigned connections = unsigned(std::max(16, std::min(d->limits.maxConnections, usable)));

    sockaddr_storage bind{};
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME;
    if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        auto* in6 = reinterpret_cast<sockaddr_in6*>(&bind);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, &bytes, sizeof bytes);
        flags |= MHD_USE_IPv6;
    } else {
        auto* in4 = reinterpret_cast<sockaddr_in*>(&bind);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(port);
        in4->sin_addr.s_addr = htonl(address.toIPv4Address());
    }
    const bool tls = !d->tlsCert.isEmpty();
    if (tls)
        flags |= MHD_USE_TLS;
    std::vector<MHD_OptionItem> options{
        {MHD_OPTION_SOCK_ADDR, 0, &bind},
        {MHD_OPTION_CONNECTION_LIMIT, connections, nullptr},
        {MHD_OPTION_CONNECTION_TIMEOUT, unsigned(d->limits.idleTimeoutSeconds), nullptr},
        {MHD_OPTION_CONNECTION_MEMORY_LIMIT, intptr_t(d->limits.maxHeaderBytes) + 16 * 1024,
         nullptr},
        {MHD_OPTION_NOTIFY_COMPLETED, intptr_t(&Impl::onCompleted), nullptr},
        {MHD_OPTION_UNESCAPE_CALLBACK, intptr_t(&keepEscapes), nullptr},
        {MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024, nullptr},
    };
    if (tls) {
        options.push_back({MHD_OPTION_HTTPS_MEM_CERT, 0, d->tlsCert.data()});
        options.push_back({MHD_OPTION_HTTPS_MEM_KEY, 0, d->tlsKey.data()});
    }
    options.push_back({MHD_OPTION_END, 0, nullptr});
    d->daemon = MHD_start_daemon(flags, 0, nullptr, nullptr, &Impl::onRequest, d.get(),
                                 MHD_OPTION_ARRAY, options.data(), MHD_OPTION_END);
    if (!d->daemon)
        return Error{u"cannot listen on "_s + address.toString() + u':' + QString::number(port) +
                     (tls ? u" with TLS (is the key the certificate's, both PEM?)"_s : QString())};
    const MHD_DaemonInfo* info = MHD_get_daemon_info(d->daemon, MHD_DAEMON_INFO_BIND_PORT);
    return quint16(info ? info->port : port);
}

} // namespace moddesk::server
