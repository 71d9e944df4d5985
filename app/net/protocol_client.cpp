#include "protocol_client.h"

#include "input_limits.h"
#include "json_fields.h"
#include "sha256.h"

#include <QJsonArray>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace moddesk::net {

namespace {

// The largest answer that is not media: a full lease batch of big items.
constexpr qsizetype kMaxAnswerBytes = 100 * limits::kMaxItemDocumentBytes;

Error malformed(const QString& what, const Error& e)
{
    Error out{u"the server's answer to "_s + what + u" is malformed: "_s + e.toString()};
    out.code = u"bad_answer"_s;
    return out;
}

Result<QJsonObject> answerObject(QByteArrayView body, const QString& what)
{
    auto object = parseJsonObject(body, kMaxAnswerBytes, u"answer");
    if (!object)
        return malformed(what, object.error());
    return object;
}

} // namespace

ProtocolClient::ProtocolClient(HttpTransport& transport, QString serverUrl, QByteArray token)
    : m_transport(transport)
    , m_serverUrl(std::move(serverUrl))
    , m_token(std::move(token))
{
    while (m_serverUrl.endsWith(u'/'))
        m_serverUrl.chop(1);
}

Result<HttpResponse> ProtocolClient::call(QByteArray method, const QString& path, QByteArray body)
{
    HttpRequest request;
    request.method = std::move(method);
    request.url = m_serverUrl + path;
    request.bearerToken = m_token;
    if (!body.isNull())
        request.contentType = "application/json"_ba;
    request.body = std::move(body);
    const QString what = QString::fromLatin1(request.method) + u' ' + path;
    auto response = m_transport.perform(std::move(request));
    if (!response)
        return response.error();
    if (response->status < 200 || response->status > 299)
        return decodeFailure(*response, what);
    return response;
}

Error ProtocolClient::decodeFailure(const HttpResponse& response, const QString& what)
{
    Error e{what + u": HTTP "_s + QString::number(response.status)};
    e.code = u"http_"_s + QString::number(response.status);
    // The protocol's error body, when there is one; the status alone otherwise.
    if (auto object = parseJsonObject(response.body, 64 * 1024, u"error")) {
        const QJsonObject error = object->value(u"error"_s).toObject();
        const QString code = error.value(u"code"_s).toString().left(limits::kMaxIdChars);
        const QString message = error.value(u"message"_s).toString().left(1000);
        if (!code.isEmpty())
            e.code = code;
        if (!message.isEmpty())
            e.message = what + u": "_s + message;
        e.field = error.value(u"field"_s).toString().left(limits::kMaxNameChars);
    }
    e.transient = isTransientStatus(response.status);
    if (e.transient)
        e.retryAfterSeconds = parseRetryAfter(response.headers.value("retry-after"_ba));
    return e;
}

Result<Me> ProtocolClient::me()
{
    auto r = call("GET"_ba, u"/v1/me"_s);
    return r ? decodeMe(r->body) : Result<Me>(r.error());
}

Result<Me> ProtocolClient::decodeMe(QByteArrayView body)
{
    auto object = answerObject(body, u"GET /v1/me"_s);
    if (!object)
        return object.error();
    JsonFields f(*object, {});
    Me me;
    me.name = f.string(u"name", limits::kMaxIdChars);
    me.role = f.oneOf(u"role", {u"moderator", u"supervisor", u"trainer", u"admin", u"ingest"});
    if (!f.ok())
        return malformed(u"GET /v1/me"_s, f.error());
    return me;
}

Result<PolicyDocument> ProtocolClient::policy()
{
    auto r = call("GET"_ba, u"/v1/policy"_s);
    return r ? decodePolicy(r->body) : Result<PolicyDocument>(r.error());
}

Result<PolicyDocument> ProtocolClient::decodePolicy(QByteArrayView body)
{
    auto policy = Policy::fromJsonBytes(body);
    if (!policy)
        return malformed(u"GET /v1/policy"_s, policy.error());
    return PolicyDocument{std::move(policy).value(), body.toByteArray()};
}

Result<std::vector<LeasedItem>> ProtocolClient::lease(const QString& queue, int maxItems,
                                                      int leaseSeconds)
{
    const QByteArray body =
        toCompactJson(QJsonObject{{u"max_items"_s, maxItems}, {u"lease_seconds"_s, leaseSeconds}});
    auto r =
        call("POST"_ba,
             u"/v1/queues/"_s + QString::fromLatin1(QUrl::toPercentEncoding(queue)) + u"/leases"_s,
             body);
    if (!r)
        return r.error();
    auto leases = decodeLeases(r->body);
    if (leases && qsizetype(leases->size()) > maxItems)
        return malformed(u"POST leases"_s,
                         Error{u"asked for "_s + QString::number(maxItems) + u" items, got "_s +
                               QString::number(leases->size())});
    return leases;
}

Result<std::vector<LeasedItem>> ProtocolClient::decodeLeases(QByteArrayView body)
{
    const QString what = u"POST leases"_s;
    auto object = answerObject(body, what);
    if (!object)
        return object.error();
    JsonFields f(*object, {});
    const std::function<Result<LeasedItem>(const QJsonObject&, QString)> decodeOne =
        [](const QJsonObject& json, QString path) -> Result<LeasedItem> {
        JsonFields g(json, path);
        LeasedItem leased;
        leased.item = g.object<Item>(u"item", &Item::fromJson);
        leased.lease = g.object<Lease>(u"lease", &Lease::fromJson);
        if (!g.ok())
            return g.error();
        if (!leased.lease.itemId.isEmpty() && leased.lease.itemId != leased.item.id)
            return fieldError(path + u".lease.item_id"_s, u"does not match the item"_s);
        leased.lease.itemId = leased.item.id;
        leased.itemJson = toCompactJson(json.value(u"item"_s).toObject());
        return leased;
    };
    if (!object->contains(u"leases"_s))
        return malformed(what, fieldError(u"leases"_s, u"is required"_s));
    auto leases = f.objectList<LeasedItem>(u"leases", 100, decodeOne);
    if (!f.ok())
        return malformed(what, f.error());
    return leases;
}

Result<Lease> ProtocolClient::renew(const QString& leaseId, int leaseSeconds)
{
    auto r =
        call("POST"_ba,
             u"/v1/leases/"_s + QString::fromLatin1(QUrl::toPercentEncoding(leaseId)) + u"/renew"_s,
             toCompactJson(QJsonObject{{u"lease_seconds"_s, leaseSeconds}}));
    return r ? decodeRenew(r->body) : Result<Lease>(r.error());
}

Result<Lease> ProtocolClient::decodeRenew(QByteArrayView body)
{
    auto object = answerObject(body, u"POST renew"_s);
    if (!object)
        return object.error();
    JsonFields f(*object, {});
    Lease lease = f.object<Lease>(u"lease", &Lease::fromJson);
    if (!f.ok())
        return malformed(u"POST renew"_s, f.error());
    return lease;
}

Status ProtocolClient::release(const QString& leaseId)
{
    auto r =
        call("DELETE"_ba, u"/v1/leases/"_s + QString::fromLatin1(QUrl::toPercentEncoding(leaseId)));
    if (!r)
        return r.error();
    return {};
}

Status ProtocolClient::requestReview(const ReviewRequest& request)
{
    auto r = call("POST"_ba, u"/v1/review-requests"_s, toCompactJson(request.toJson()));
    if (!r)
        return r.error();
    return {};
}

Result<SubmitAnswer> ProtocolClient::submit(const std::vector<Decision>& decisions)
{
    QJsonArray list;
    for (const Decision& d : decisions)
        list.append(d.withoutChainFields().toJson());
    auto r =
        call("POST"_ba, u"/v1/decisions"_s, toCompactJson(QJsonObject{{u"decisions"_s, list}}));
    return r ? decodeSubmit(r->body, decisions) : Result<SubmitAnswer>(r.error());
}

Result<SubmitAnswer> ProtocolClient::decodeSubmit(QByteArrayView body,
                                                  const std::vector<Decision>& sent)
{
    const QString what = u"POST /v1/decisions"_s;
    auto object = answerObject(body, what);
    if (!object)
        return object.error();
    JsonFields f(*object, {});
    const std::function<Result<DecisionAnswer>(const QJsonObject&, QString)> decodeOne =
        [](const QJsonObject& json, QString path) -> Result<DecisionAnswer> {
        JsonFields g(json, path);
        DecisionAnswer a;
        a.id = g.string(u"id", limits::kMaxIdChars, false);
        a.status = g.oneOf(u"status", {u"accepted", u"duplicate", u"conflict", u"invalid"});
        a.reason = g.optString(u"reason", 2000).value_or(QString());
        a.field = g.optString(u"field", limits::kMaxNameChars).value_or(QString());
        if (a.status == u"accepted") {
            a.seq = g.integer(u"seq", 1, std::numeric_limits<qint64>::max());
            a.prevHash = g.sha256(u"prev_hash");
            a.hash = g.sha256(u"hash");
        }
        if (!g.ok())
            return g.error();
        return a;
    };
    const std::function<Result<ChainHead>(const QJsonObject&, QString)> decodeHead =
        [](const QJsonObject& json, QString path) -> Result<ChainHead> {
        JsonFields g(json, path);
        ChainHead head;
        head.seq = g.integer(u"seq", 0, std::numeric_limits<qint64>::max());
        head.hash = g.sha256(u"hash");
        if (!g.ok())
            return g.error();
        return head;
    };
    if (!object->contains(u"results"_s))
        return malformed(what, fieldError(u"results"_s, u"is required"_s));
    SubmitAnswer answer;
    answer.results = f.objectList<DecisionAnswer>(u"results", limits::kMaxListItems, decodeOne);
    answer.head = f.object<ChainHead>(u"chain_head", decodeHead);
    if (!f.ok())
        return malformed(what, f.error());
    if (answer.results.size() != sent.size())
        return malformed(
            what, fieldError(u"results"_s, u"has "_s + QString::number(answer.results.size()) +
                                               u" answers for "_s + QString::number(sent.size()) +
                                               u" decisions"_s));
    for (size_t i = 0; i < sent.size(); ++i) {
        if (answer.results[i].id != sent[i].id)
            return malformed(what, fieldError(u"results[%1].id"_s.arg(i),
                                              u"answers "_s + answer.results[i].id.left(80) +
                                                  u" where "_s + sent[i].id + u" was sent"_s));
    }
    return answer;
}

Result<QByteArray> ProtocolClient::media(const QString& sha256)
{
    if (!Sha256::isHexDigest(sha256.toLatin1()))
        return fieldError(u"sha256"_s, u"is not a SHA-256 (64 lower-case hex digits)"_s);
    auto r = call("GET"_ba, u"/v1/media/"_s + sha256);
    if (!r)
        return r.error();
    if (QString::fromLatin1(Sha256::hexDigest(r->body)) != sha256) {
        Error e{u"media "_s + sha256 + u" arrived with other content (its SHA-256 differs)"_s};
        e.code = u"bad_answer"_s;
        e.transient = true; // a damaged transfer; the next try may be intact
        return e;
    }
    return std::move(r->body);
}

} // namespace moddesk::net
