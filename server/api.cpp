#include "api.h"

#include "json_fields.h"
#include "policy.h"
#include "timestamp.h"

#include <QHash>
#include <QJsonArray>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace moddesk::server {

ApiResponse ApiResponse::error(int status, const QString& code, const QString& message,
                               const QString& field)
{
    QJsonObject e{{u"code"_s, code}, {u"message"_s, message}};
    if (!field.isEmpty())
        e.insert(u"field"_s, field);
    ApiResponse r;
    r.status = status;
    r.json = {{u"error"_s, e}};
    return r;
}

Api::Api(const ServerDatabase& db, std::function<qint64()> clock)
    : m_clock(std::move(clock))
    , m_users(db)
    , m_items(db)
    , m_leases(db)
    , m_decisions(db)
    , m_reviewRequests(db)
{ }

const QStringList& Api::rolesFor(const QString& endpoint)
{
    static const QHash<QString, QStringList> matrix{
        {u"me"_s, {u"moderator"_s, u"supervisor"_s, u"trainer"_s, u"admin"_s, u"ingest"_s}},
        {u"queues"_s, {u"moderator"_s, u"supervisor"_s, u"trainer"_s, u"admin"_s}},
        {u"policy"_s, {u"moderator"_s, u"supervisor"_s, u"trainer"_s, u"admin"_s, u"ingest"_s}},
        {u"lease"_s, {u"moderator"_s, u"supervisor"_s}},
        {u"renew"_s, {u"moderator"_s, u"supervisor"_s}},
        {u"release"_s, {u"moderator"_s, u"supervisor"_s}},
        {u"decide"_s, {u"moderator"_s, u"supervisor"_s}},
        {u"feed"_s, {u"supervisor"_s, u"trainer"_s, u"admin"_s}},
        {u"ingest"_s, {u"ingest"_s, u"admin"_s}},
        {u"media"_s, {u"moderator"_s, u"supervisor"_s, u"trainer"_s, u"admin"_s}},
        {u"put_media"_s, {u"ingest"_s, u"admin"_s}},
        {u"request_review"_s, {u"moderator"_s, u"supervisor"_s}},
        {u"review_requests"_s, {u"supervisor"_s, u"admin"_s}},
    };
    static const QStringList none;
    const auto it = matrix.constFind(endpoint);
    return it == matrix.constEnd() ? none : *it;
}

ApiResponse Api::storeError(const Error& e)
{
    if (e.code == u"lease_not_found")
        return ApiResponse::error(404, e.code, e.message);
    if (e.code == u"lease_not_yours")
        return ApiResponse::error(403, e.code, e.message);
    if (e.code == u"lease_lost" || e.code == u"id_reused" || e.code == u"media_type_conflict")
        return ApiResponse::error(409, e.code, e.message);
    if (e.code == u"not_yours")
        return ApiResponse::error(403, e.code, e.message);
    if (!e.field.isEmpty())
        return ApiResponse::error(400, u"invalid"_s, e.message, e.field);
    // The database is busy or away: worth retrying. What failed, with the database's URL and
    // its driver's words, is for the log, not for a caller who may have no token.
    qWarning("moddesk-server: %s", qPrintable(e.message));
    ApiResponse r = ApiResponse::error(503, u"unavailable"_s,
                                       u"the database is not available at the moment; try again"_s);
    r.retryAfterSeconds = 1;
    return r;
}

std::variant<User, ApiResponse> Api::authorize(const ApiRequest& r, const QString& endpoint)
{
    if (r.token.isEmpty())
        return ApiResponse::error(401, u"unauthenticated"_s,
                                  u"send \"Authorization: Bearer <token>\""_s);
    auto user = m_users.authenticate(r.token);
    if (!user) {
        if (user.error().message == u"the token is not valid")
            return ApiResponse::error(401, u"unauthenticated"_s, user.error().message);
        return storeError(user.error());
    }
    if (!rolesFor(endpoint).contains(user->role))
        return ApiResponse::error(403, u"forbidden"_s,
                                  u"role "_s + user->role + u" may not use this endpoint"_s);
    return *user;
}

#define MODDESK_AUTHORIZE(endpoint)                                                                \
    auto authorized = authorize(r, endpoint);                                                      \
    if (auto* denied = std::get_if<ApiResponse>(&authorized))                                      \
        return *denied;                                                                            \
    const User& user = std::get<User>(authorized);                                                 \
    Q_UNUSED(user)

ApiResponse Api::me(const ApiRequest& r)
{
    MODDESK_AUTHORIZE(u"me"_s);
    ApiResponse out;
    out.json = {{u"name"_s, user.name}, {u"role"_s, user.role}};
    return out;
}

ApiResponse Api::queues(const ApiRequest& r)
{
    MODDESK_AUTHORIZE(u"queues"_s);
    auto queues = m_items.queues(m_clock());
    if (!queues)
        return storeError(queues.error());
    QJsonArray list;
    for (const QueueSummary& q : *queues)
        list.append(QJsonObject{
            {u"name"_s, q.name},
            {u"pending"_s, q.pending},
            {u"leased"_s, q.leased},
            {u"next_deadline"_s,
             q.nextDeadline ? QJsonValue(timestamp::format(*q.nextDeadline)) : QJsonValue()}});
    ApiResponse out;
    out.json = {{u"queues"_s, list}};
    return out;
}

ApiResponse Api::policy(const ApiRequest& r)
{
    MODDESK_AUTHORIZE(u"policy"_s);
    ApiResponse out;
    out.json = Policy::builtin().toJson();
    return out;
}

namespace {

// Reads the request body as one JSON object, or says what is wrong with it.
std::variant<QJsonObject, ApiResponse> bodyObject(const ApiRequest& r, bool optional = false)
{
    if (optional && r.body.trimmed().isEmpty())
        return QJsonObject();
    auto object = parseJsonObject(r.body, kMaxRequestBytes, u"request body");
    if (!object) {
        const bool tooBig = r.body.size() > kMaxRequestBytes;
        return ApiResponse::error(tooBig ? 413 : 400, tooBig ? u"too_large"_s : u"bad_json"_s,
                                  object.error().message);
    }
    return *object;
}

} // namespace

ApiResponse Api::lease(const ApiRequest& r, const QString& queue)
{
    MODDESK_AUTHORIZE(u"lease"_s);
    auto body = bodyObject(r, true);
    if (auto* bad = std::get_if<ApiResponse>(&body))
        return *bad;
    JsonFields f(std::get<QJsonObject>(body), {});
    f.rejectUnknown({u"max_items", u"lease_seconds"});
    const qint64 maxItems = f.optInteger(u"max_items", 1, kMaxLeasesPerRequest).value_or(1);
    const qint64 seconds = f.optInteger(u"lease_seconds", 1, 3600).value_or(300);
    if (!f.ok())
        return ApiResponse::error(400, u"invalid"_s, f.error().message, f.error().field);
    auto grants = m_leases.claim(queue, user.name, int(maxItems), int(seconds), m_clock());
    if (!grants)
        return storeError(grants.error());
    // Items go out as stored (they were validated on ingest): splicing them in spares a parse
    // and a re-encode of a few kilobytes per item on the hottest path.
    QByteArray answer = "{\"leases\":[";
    for (size_t i = 0; i < grants->size(); ++i) {
        const Grant& g = (*grants)[i];
        if (i > 0)
            answer += ',';
        answer +=
            "{\"item\":" + g.itemJson + ",\"lease\":" +
            toCompactJson(QJsonObject{{u"id"_s, g.lease.id},
                                      {u"token"_s, g.lease.token},
                                      {u"expires_at"_s, timestamp::format(g.lease.expiresAt)}}) +
            '}';
    }
    answer += "]}";
    ApiResponse out;
    out.raw = answer;
    out.mimeType = "application/json";
    return out;
}

ApiResponse Api::renew(const ApiRequest& r, const QString& leaseId)
{
    MODDESK_AUTHORIZE(u"renew"_s);
    auto body = bodyObject(r, true);
    if (auto* bad = std::get_if<ApiResponse>(&body))
        return *bad;
    JsonFields f(std::get<QJsonObject>(body), {});
    f.rejectUnknown({u"lease_seconds"});
    const qint64 seconds = f.optInteger(u"lease_seconds", 1, 3600).value_or(300);
    if (!f.ok())
        return ApiResponse::error(400, u"invalid"_s, f.error().message, f.error().field);
    auto lease = m_leases.renew(leaseId, user.name, int(seconds), m_clock());
    if (!lease)
        return storeError(lease.error());
    ApiResponse out;
    out.json = {{u"lease"_s, lease->toJson()}};
    return out;
}

ApiResponse Api::release(const ApiRequest& r, const QString& leaseId)
{
    MODDESK_AUTHORIZE(u"release"_s);
    if (auto released = m_leases.release(leaseId, user.name); !released)
        return storeError(released.error());
    ApiResponse out;
    out.json = {{u"released"_s, leaseId}};
    return out;
}

ApiResponse Api::decide(const ApiRequest& r)
{
    MODDESK_AUTHORIZE(u"decide"_s);
    auto body = bodyObject(r);
    if (auto* bad = std::get_if<ApiResponse>(&body))
        return *bad;
    JsonFields f(std::get<QJsonObject>(body), {});
    f.rejectUnknown({u"decisions"});
    const QJsonValue decisions = std::get<QJsonObject>(body).value(u"decisions"_s);
    if (f.ok() && !decisions.isArray())
        f.fail(u"decisions"_s, u"must be an array of decisions"_s);
    if (f.ok() && decisions.toArray().size() > kMaxDecisionsPerBatch)
        f.fail(u"decisions"_s, u"at most %1 decisions per request"_s.arg(kMaxDecisionsPerBatch));
    if (!f.ok())
        return ApiResponse::error(400, u"invalid"_s, f.error().message, f.error().field);

    const auto outcome = m_decisions.submit(user, decisions.toArray(), m_clock());
    QJsonArray list;
    for (const DecisionResult& result : outcome.results) {
        if (result.status == u"error") // a database failure: retry the whole batch later
            return storeError(Error{result.reason});
        list.append(result.toJson());
    }
    // The head after this request's last acceptance, else (nothing accepted) the current one.
    auto head = outcome.head ? Result<ChainHead>(*outcome.head) : m_decisions.head();
    if (!head)
        return storeError(head.error());
    ApiResponse out;
    out.json = {{u"results"_s, list},
                {u"chain_head"_s, QJsonObject{{u"seq"_s, head->seq}, {u"hash"_s, head->hash}}}};
    return out;
}

ApiResponse Api::feed(const ApiRequest& r)
{
    MODDESK_AUTHORIZE(u"feed"_s);
    bool afterOk = true;
    bool limitOk = true;
    const QString afterText = r.query.queryItemValue(u"after"_s);
    const QString limitText = r.query.queryItemValue(u"limit"_s);
    const qint64 after = afterText.isEmpty() ? 0 : afterText.toLongLong(&afterOk);
    const qint64 limit = limitText.isEmpty() ? 100 : limitText.toLongLong(&limitOk);
    if (!afterOk || after < 0)
        return ApiResponse::error(400, u"invalid"_s, u"must be a seq of 0 or more"_s, u"after"_s);
    if (!limitOk || limit < 1 || limit > 1000)
        return ApiResponse::error(400, u"invalid"_s, u"must be between 1 and 1000"_s, u"limit"_s);
    auto decisions = m_decisions.feed(after, int(limit));
    if (!decisions)
        return storeError(decisions.error());
    QJsonArray list;
    for (const Decision& d : *decisions)
        list.append(d.toJson());
    ApiResponse out;
    out.json = {{u"decisions"_s, list},
                {u"next"_s, decisions->empty() ? after : decisions->back().seq}};
    return out;
}

ApiResponse Api::ingest(const ApiRequest& r)
{
    MODDESK_AUTHORIZE(u"ingest"_s);
    auto body = bodyObject(r);
    if (auto* bad = std::get_if<ApiResponse>(&body))
        return *bad;
    const QJsonObject object = std::get<QJsonObject>(body);
    JsonFields f(object, {});
    f.rejectUnknown({u"queue", u"items"});
    const QString queue = f.string(u"queue", 100);
    std::vector<Item> items =
        f.objectList<Item>(u"items", kMaxItemsPerIngest, [](const QJsonObject& o, QString path) {
            return Item::fromJson(o, std::move(path));
        });
    if (f.ok() && items.empty())
        f.fail(u"items"_s, u"must hold at least one item"_s);
    // Ids travel in paths, file names and logs: a plain character set (docs/protocol.md).
    static const QRegularExpression plainId(u"^[A-Za-z0-9][A-Za-z0-9._:@~+-]{0,127}$"_s);
    for (size_t i = 0; f.ok() && i < items.size(); ++i) {
        if (!plainId.match(items[i].id).hasMatch())
            f.fail(u"items[%1].id"_s.arg(i),
                   u"1 to 128 of A-Z a-z 0-9 . _ : @ ~ + -, starting with a letter or digit"_s);
    }
    if (!f.ok())
        return ApiResponse::error(400, u"invalid"_s, f.error().message, f.error().field);
    auto added = m_items.ingest(queue, items);
    if (!added)
        return storeError(added.error());
    ApiResponse out;
    out.json = {{u"added"_s, *added}, {u"already_present"_s, qint64(items.size()) - *added}};
    return out;
}

ApiResponse Api::media(const ApiRequest& r, const QString& sha256)
{
    MODDESK_AUTHORIZE(u"media"_s);
    auto found = m_items.media(sha256);
    if (!found)
        return found.error().message.startsWith(u"no media"_s)
                   ? ApiResponse::error(404, u"not_found"_s, found.error().message)
                   : storeError(found.error());
    ApiResponse out;
    out.raw = found->second;
    out.mimeType = found->first.toLatin1();
    return out;
}

ApiResponse Api::putMedia(const ApiRequest& r, const QString& sha256)
{
    MODDESK_AUTHORIZE(u"put_media"_s);
    static const QStringList kTypes{u"image/png"_s,  u"image/jpeg"_s, u"image/gif"_s,
                                    u"image/webp"_s, u"video/mp4"_s,  u"audio/mpeg"_s};
    const QString mime = QString::fromLatin1(r.contentType).section(u';', 0, 0).trimmed();
    if (!kTypes.contains(mime))
        return ApiResponse::error(415, u"unsupported_media_type"_s,
                                  u"Content-Type must be one of: "_s + kTypes.join(u", "));
    if (r.body.isEmpty())
        return ApiResponse::error(400, u"invalid"_s, u"the body holds no bytes"_s);
    if (r.body.size() > kMaxRequestBytes)
        return ApiResponse::error(413, u"too_large"_s, u"media is limited to 16 MiB"_s);
    auto stored = m_items.putMedia(sha256, mime, r.body);
    if (!stored)
        return stored.error().field.isEmpty()
                   ? storeError(stored.error())
                   : ApiResponse::error(400, u"invalid"_s, stored.error().message,
                                        stored.error().field);
    ApiResponse out;
    out.status = *stored ? 201 : 200; // 200: the same bytes, of the same type, were there
    out.json = {{u"sha256"_s, sha256}, {u"mime"_s, mime}, {u"bytes"_s, r.body.size()}};
    return out;
}

ApiResponse Api::requestReview(const ApiRequest& r)
{
    MODDESK_AUTHORIZE(u"request_review"_s);
    auto body = bodyObject(r);
    if (auto* bad = std::get_if<ApiResponse>(&body))
        return *bad;
    auto request = ReviewRequest::fromJson(std::get<QJsonObject>(body));
    if (!request)
        return ApiResponse::error(400, u"invalid"_s, request.error().message,
                                  request.error().field);
    auto stored = m_reviewRequests.submit(user, *request, m_clock());
    if (!stored)
        return storeError(stored.error());
    ApiResponse out;
    out.status = *stored ? 201 : 200;
    out.json = {{u"status"_s, *stored ? u"accepted"_s : u"duplicate"_s},
                {u"review_request"_s, request->toJson()}};
    return out;
}

ApiResponse Api::reviewRequests(const ApiRequest& r)
{
    MODDESK_AUTHORIZE(u"review_requests"_s);
    bool limitOk = true;
    const QString limitText = r.query.queryItemValue(u"limit"_s);
    const qint64 limit = limitText.isEmpty() ? 100 : limitText.toLongLong(&limitOk);
    if (!limitOk || limit < 1 || limit > 1000)
        return ApiResponse::error(400, u"invalid"_s, u"must be between 1 and 1000"_s, u"limit"_s);
    auto list = m_reviewRequests.list(int(limit));
    if (!list)
        return storeError(list.error());
    QJsonArray out;
    for (const StoredReviewRequest& s : *list)
        out.append(s.toJson());
    ApiResponse answer;
    answer.json = {{u"review_requests"_s, out}};
    return answer;
}

} // namespace moddesk::server
