#include "http_service.h"

#include "json_fields.h"

#include <QFile>
#include <QHttpServer>
#include <QSslCertificate>
#include <QSslKey>
#include <QtConcurrent>

using namespace Qt::StringLiterals;

namespace moddesk::server {

namespace {

ApiRequest toApiRequest(const QHttpServerRequest& request)
{
    ApiRequest r;
    const QByteArray auth = request.value("Authorization");
    if (auth.startsWith("Bearer "))
        r.token = QString::fromLatin1(auth.mid(7).trimmed());
    r.body = request.body();
    r.query = request.query();
    r.contentType = request.value("Content-Type");
    return r;
}

QHttpServerResponse toHttp(const ApiResponse& a)
{
    const auto status = static_cast<QHttpServerResponse::StatusCode>(a.status);
    QHttpServerResponse response =
        a.raw.isNull() ? QHttpServerResponse("application/json"_ba, toCompactJson(a.json), status)
                       : QHttpServerResponse(a.mimeType, a.raw, status);
    if (a.retryAfterSeconds > 0)
        response.setHeader("Retry-After"_ba, QByteArray::number(a.retryAfterSeconds));
    response.setHeader("Cache-Control"_ba, "no-store"_ba);
    response.setHeader("X-Content-Type-Options"_ba, "nosniff"_ba);
    return response;
}

} // namespace

HttpService::HttpService(const ServerDatabase& db, int threads, std::function<qint64()> clock)
    : m_api(db, std::move(clock))
    , m_http(std::make_unique<QHttpServer>())
{
    m_pool.setMaxThreadCount(threads);
    // Threads keep their database connection: never let idle ones expire.
    m_pool.setExpiryTimeout(-1);
    addRoutes();
}

HttpService::~HttpService()
{
    m_http.reset();
    m_pool.waitForDone();
}

void HttpService::addRoutes()
{
    using Method = QHttpServerRequest::Method;
    Api* api = &m_api;
    QThreadPool* pool = &m_pool;
    // Each route copies what it needs out of the request, then answers from the pool.
    auto run = [pool](auto handler) { return QtConcurrent::run(pool, std::move(handler)); };
    m_http->route(u"/v1/me"_s, Method::Get, [=](const QHttpServerRequest& q) {
        return run([=, r = toApiRequest(q)] { return toHttp(api->me(r)); });
    });
    m_http->route(u"/v1/queues"_s, Method::Get, [=](const QHttpServerRequest& q) {
        return run([=, r = toApiRequest(q)] { return toHttp(api->queues(r)); });
    });
    m_http->route(u"/v1/policy"_s, Method::Get, [=](const QHttpServerRequest& q) {
        return run([=, r = toApiRequest(q)] { return toHttp(api->policy(r)); });
    });
    m_http->route(u"/v1/queues/<arg>/leases"_s, Method::Post,
                  [=](const QString& queue, const QHttpServerRequest& q) {
                      return run([=, r = toApiRequest(q)] { return toHttp(api->lease(r, queue)); });
                  });
    m_http->route(u"/v1/leases/<arg>/renew"_s, Method::Post,
                  [=](const QString& id, const QHttpServerRequest& q) {
                      return run([=, r = toApiRequest(q)] { return toHttp(api->renew(r, id)); });
                  });
    m_http->route(u"/v1/leases/<arg>"_s, Method::Delete,
                  [=](const QString& id, const QHttpServerRequest& q) {
                      return run([=, r = toApiRequest(q)] { return toHttp(api->release(r, id)); });
                  });
    m_http->route(u"/v1/decisions"_s, Method::Post, [=](const QHttpServerRequest& q) {
        return run([=, r = toApiRequest(q)] { return toHttp(api->decide(r)); });
    });
    m_http->route(u"/v1/decisions"_s, Method::Get, [=](const QHttpServerRequest& q) {
        return run([=, r = toApiRequest(q)] { return toHttp(api->feed(r)); });
    });
    m_http->route(u"/v1/items"_s, Method::Post, [=](const QHttpServerRequest& q) {
        return run([=, r = toApiRequest(q)] { return toHttp(api->ingest(r)); });
    });
    m_http->route(
        u"/v1/media/<arg>"_s, Method::Get, [=](const QString& sha256, const QHttpServerRequest& q) {
            return run([=, r = toApiRequest(q)] { return toHttp(api->media(r, sha256)); });
        });
    m_http->route(
        u"/v1/media/<arg>"_s, Method::Put, [=](const QString& sha256, const QHttpServerRequest& q) {
            return run([=, r = toApiRequest(q)] { return toHttp(api->putMedia(r, sha256)); });
        });
    m_http->route(u"/v1/review-requests"_s, Method::Post, [=](const QHttpServerRequest& q) {
        return run([=, r = toApiRequest(q)] { return toHttp(api->requestReview(r)); });
    });
    m_http->route(u"/v1/review-requests"_s, Method::Get, [=](const QHttpServerRequest& q) {
        return run([=, r = toApiRequest(q)] { return toHttp(api->reviewRequests(r)); });
    });
    m_http->setMissingHandler([](const QHttpServerRequest& q, QHttpServerResponder&& responder) {
        const ApiResponse missing = ApiResponse::error(
            404, u"not_found"_s, u"no endpoint "_s + q.url().path() + u" for this method"_s);
        responder.write(toCompactJson(missing.json), "application/json"_ba,
                        QHttpServerResponder::StatusCode::NotFound);
    });
}

Status HttpService::useTls(const QString& certFile, const QString& keyFile)
{
    QFile cert(certFile);
    QFile key(keyFile);
    if (!cert.open(QIODevice::ReadOnly) || !key.open(QIODevice::ReadOnly))
        return Error{u"cannot read the TLS certificate or key ("_s + certFile + u", "_s + keyFile +
                     u')'};
    const auto chain = QSslCertificate::fromData(cert.readAll(), QSsl::Pem);
    const QSslKey privateKey(key.readAll(), QSsl::Rsa, QSsl::Pem);
    if (chain.isEmpty() || privateKey.isNull())
        return Error{u"the TLS certificate or key is not PEM (RSA key expected)"_s};
    m_http->sslSetup(chain.first(), privateKey);
    return {};
}

Result<quint16> HttpService::listen(const QHostAddress& address, quint16 port)
{
    const int bound = m_http->listen(address, port);
    if (bound <= 0)
        return Error{u"cannot listen on "_s + address.toString() + u':' + QString::number(port)};
    return quint16(bound);
}

} // namespace moddesk::server
