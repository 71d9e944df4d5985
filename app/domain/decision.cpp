#include "decision.h"

#include "decision_record.h"
#include "input_limits.h"
#include "json_fields.h"
#include "sha256.h"
#include "timestamp.h"

#include <QJsonArray>

#include <vector>

using namespace Qt::StringLiterals;

namespace moddesk {

bool isCanonicalUuid(QStringView text)
{
    if (text.size() != 36)
        return false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != u'-')
                return false;
        } else if (!((c >= u'0' && c <= u'9') || (c >= u'a' && c <= u'f'))) {
            return false;
        }
    }
    return true;
}

namespace {

// Optional strings are absent or non-empty: "" and null mean the same to a person, so the log
// keeps one spelling of "nothing" and a hash cannot be dodged by swapping one for the other.
void dropEmpty(std::optional<QString>& s)
{
    if (s && s->isEmpty())
        s.reset();
}

Result<DsaStatement> dsaFromJson(const QJsonObject& json, QString path)
{
    JsonFields f(json, std::move(path));
    f.rejectUnknown(
        {u"decision_ground", u"category", u"territorial_scope", u"automated_detection", u"facts"});
    DsaStatement d;
    d.decisionGround = f.string(u"decision_ground", limits::kMaxIdChars);
    d.category = f.optString(u"category", limits::kMaxIdChars);
    d.territorialScope = f.stringList(u"territorial_scope", 300, 3);
    d.automatedDetection = f.optBoolean(u"automated_detection");
    d.facts = f.optString(u"facts", limits::kMaxNotesChars);
    if (!f.ok())
        return f.error();
    return d;
}

Result<RemovalOrderAction> removalOrderFromJson(const QJsonObject& json, QString path)
{
    JsonFields f(json, std::move(path));
    f.rejectUnknown({u"order_ref", u"actioned_at"});
    RemovalOrderAction r;
    r.orderRef = f.string(u"order_ref", limits::kMaxIdChars);
    r.actionedAt = f.timestamp(u"actioned_at");
    if (!f.ok())
        return f.error();
    return r;
}

// Collects the first broken value rule, naming the field as the JSON form spells it.
class RuleCheck final {
public:
    std::optional<Error> error;

    void require(bool holds, const QString& field, const QString& message)
    {
        if (!error && !holds)
            error = fieldError(field, message);
    }
    // Messages are built only on failure: validate() runs on every append.
    void text(const QString& field, const QString& value, qsizetype maxChars, bool required)
    {
        if (required && value.trimmed().isEmpty())
            require(false, field, value.isEmpty() ? u"is required"_s : u"must not be empty"_s);
        if (value.size() > maxChars)
            require(false, field,
                    QStringLiteral("is %1 characters long; at most %2 are accepted")
                        .arg(value.size())
                        .arg(maxChars));
    }
    void text(const QString& field, const std::optional<QString>& value, qsizetype maxChars)
    {
        if (value)
            text(field, *value, maxChars, false);
    }
    void uuid(const QString& field, const std::optional<QString>& value)
    {
        if (value && !isCanonicalUuid(*value))
            require(
                isCanonicalUuid(*value), field,
                u"\""_s + value->left(40) +
                    u"\" is not a lower-case UUID (like 0b5c2c9e-6a43-4a8f-9a57-1d2f0c3b4a5e)"_s);
    }
    void instant(const QString& field, qint64 value)
    {
        require(value >= timestamp::kMin && value <= timestamp::kMax, field,
                u"must lie between 1970 and 9999"_s);
    }
    void oneOf(const QString& field, const QString& value, const QStringList& allowed)
    {
        if (!allowed.contains(value))
            require(allowed.contains(value), field,
                    u"\""_s + value.left(40) + u"\" is not one of: "_s + allowed.join(u", "));
    }
};

} // namespace

void Decision::dropEmptyOptionals()
{
    for (auto* s : {&leaseId, &reviews, &verdict, &reason, &action, &notes, &shown})
        dropEmpty(*s);
    if (dsa) {
        dropEmpty(dsa->category);
        dropEmpty(dsa->facts);
    }
}

Decision Decision::withoutChainFields() const
{
    Decision d = *this;
    d.seq = 0;
    d.prevHash.clear();
    d.hash.clear();
    return d;
}

Status Decision::validate() const
{
    RuleCheck c;
    if (id.isEmpty())
        c.require(false, u"id"_s, u"is required"_s);
    c.uuid(u"id"_s, id);
    c.text(u"item_id"_s, itemId, limits::kMaxIdChars, true);
    c.text(u"lease_id"_s, leaseId, limits::kMaxIdChars);
    c.require(!leaseToken || *leaseToken >= 1, u"lease_token"_s, u"must be 1 or more"_s);
    c.oneOf(u"kind"_s, kind, {u"triage"_s, u"review"_s, u"retract"_s});
    c.uuid(u"reviews"_s, reviews);
    c.text(u"verdict"_s, verdict, limits::kMaxIdChars);
    c.text(u"reason"_s, reason, limits::kMaxIdChars);
    c.text(u"action"_s, action, limits::kMaxIdChars);
    c.text(u"notes"_s, notes, limits::kMaxNotesChars);
    c.text(u"moderator"_s, moderator, limits::kMaxIdChars, true);
    c.instant(u"decided_at"_s, decidedAt);
    if (handleMs && (*handleMs < 0 || *handleMs > limits::kMaxHandleMs))
        c.require(false, u"handle_ms"_s,
                  QStringLiteral("must be between 0 and %1").arg(limits::kMaxHandleMs));
    c.text(u"policy_version"_s, policyVersion, limits::kMaxIdChars, true);
    c.require(!shown || Sha256::isHexDigest(shown->toLatin1()), u"shown"_s,
              u"must be 64 lower-case hex digits (a SHA-256)"_s);
    if (dsa) {
        c.oneOf(u"dsa.decision_ground"_s, dsa->decisionGround,
                {u"illegal_content"_s, u"incompatible_with_terms"_s});
        c.text(u"dsa.category"_s, dsa->category, limits::kMaxIdChars);
        for (qsizetype i = 0; i < dsa->territorialScope.size(); ++i) {
            const QString& code = dsa->territorialScope[i];
            bool valid = code.size() == 2 || code == u"EEA";
            for (QChar ch : code)
                valid = valid && ch >= u'A' && ch <= u'Z';
            c.require(valid, u"dsa.territorial_scope["_s + QString::number(i) + u']',
                      u"\""_s + code.left(10) + u"\" is not an ISO 3166 alpha-2 code or EEA"_s);
        }
        c.text(u"dsa.facts"_s, dsa->facts, limits::kMaxNotesChars);
    }
    if (removalOrder) {
        c.text(u"removal_order.order_ref"_s, removalOrder->orderRef, limits::kMaxIdChars, true);
        c.instant(u"removal_order.actioned_at"_s, removalOrder->actionedAt);
    }

    // Rules between fields, whatever the policy says.
    c.require(kind != u"triage" || !reviews, u"reviews"_s,
              u"only a review or a retract refers to another decision"_s);
    c.require(kind == u"triage" || reviews, u"reviews"_s,
              u"a "_s + kind + u" must name the decision it refers to"_s);
    c.require(kind != u"retract" || !verdict, u"verdict"_s,
              u"a retract withdraws a decision and carries no verdict"_s);
    c.require(kind == u"retract" || verdict, u"verdict"_s, u"is required"_s);
    c.require(leaseId.has_value() == leaseToken.has_value(),
              leaseId ? u"lease_token"_s : u"lease_id"_s,
              u"lease_id and lease_token come together or not at all"_s);
    c.require(!reviews || *reviews != id, u"reviews"_s, u"a decision cannot refer to itself"_s);
    if (c.error)
        return *c.error;
    return {};
}

Result<Decision> Decision::fromJsonBytes(QByteArrayView bytes)
{
    auto object = parseJsonObject(bytes, limits::kMaxDecisionDocumentBytes, u"decision");
    if (!object)
        return object.error();
    return fromJson(*object);
}

Result<Decision> Decision::fromJson(const QJsonObject& json, QString path)
{
    // JsonFields checks types and size bounds; validate() checks values, for decoded and
    // code-built decisions alike.
    JsonFields f(json, path);
    f.rejectUnknown({u"id",
                     u"seq",
                     u"prev_hash",
                     u"hash",
                     u"item_id",
                     u"lease_id",
                     u"lease_token",
                     u"kind",
                     u"reviews",
                     u"verdict",
                     u"reason",
                     u"action",
                     u"notes",
                     u"moderator",
                     u"decided_at",
                     u"handle_ms",
                     u"policy_version",
                     u"shown",
                     u"dsa",
                     u"removal_order"});
    Decision d;
    d.id = f.string(u"id", 64);
    d.seq = f.optInteger(u"seq", 1, std::numeric_limits<qint64>::max()).value_or(0);
    d.prevHash = f.optSha256(u"prev_hash").value_or(QString());
    d.hash = f.optSha256(u"hash").value_or(QString());
    d.itemId = f.string(u"item_id", limits::kMaxIdChars);
    d.leaseId = f.optString(u"lease_id", limits::kMaxIdChars);
    d.leaseToken = f.optInteger(u"lease_token", 1, std::numeric_limits<qint64>::max());
    d.kind = f.string(u"kind", limits::kMaxIdChars);
    d.reviews = f.optString(u"reviews", 64);
    d.verdict = f.optString(u"verdict", limits::kMaxIdChars);
    d.reason = f.optString(u"reason", limits::kMaxIdChars);
    d.action = f.optString(u"action", limits::kMaxIdChars);
    d.notes = f.optString(u"notes", limits::kMaxNotesChars);
    d.moderator = f.string(u"moderator", limits::kMaxIdChars);
    d.decidedAt = f.timestamp(u"decided_at");
    d.handleMs = f.optInteger(u"handle_ms", 0, limits::kMaxHandleMs);
    d.policyVersion = f.string(u"policy_version", limits::kMaxIdChars);
    d.shown = f.optSha256(u"shown");
    d.dsa = f.optObject<DsaStatement>(u"dsa", &dsaFromJson);
    d.removalOrder = f.optObject<RemovalOrderAction>(u"removal_order", &removalOrderFromJson);
    if (!f.ok())
        return f.error();
    d.dropEmptyOptionals();
    if (auto valid = d.validate(); !valid) {
        Error e = valid.error();
        if (!path.isEmpty())
            e.field = path + u'.' + e.field;
        return e;
    }
    return d;
}

QJsonObject Decision::toJson() const
{
    QJsonObject json{{u"id"_s, id},
                     {u"item_id"_s, itemId},
                     {u"kind"_s, kind},
                     {u"moderator"_s, moderator},
                     {u"decided_at"_s, timestamp::format(decidedAt)},
                     {u"policy_version"_s, policyVersion}};
    auto put = [&json](const QString& key, const std::optional<QString>& value) {
        if (value)
            json.insert(key, *value);
    };
    if (seq != 0)
        json.insert(u"seq"_s, seq);
    if (!prevHash.isEmpty())
        json.insert(u"prev_hash"_s, prevHash);
    if (!hash.isEmpty())
        json.insert(u"hash"_s, hash);
    put(u"lease_id"_s, leaseId);
    if (leaseToken)
        json.insert(u"lease_token"_s, *leaseToken);
    put(u"reviews"_s, reviews);
    put(u"verdict"_s, verdict);
    put(u"reason"_s, reason);
    put(u"action"_s, action);
    put(u"notes"_s, notes);
    if (handleMs)
        json.insert(u"handle_ms"_s, *handleMs);
    put(u"shown"_s, shown);
    if (dsa) {
        QJsonObject o{{u"decision_ground"_s, dsa->decisionGround},
                      {u"territorial_scope"_s, QJsonArray::fromStringList(dsa->territorialScope)}};
        if (dsa->category)
            o.insert(u"category"_s, *dsa->category);
        if (dsa->automatedDetection)
            o.insert(u"automated_detection"_s, *dsa->automatedDetection);
        if (dsa->facts)
            o.insert(u"facts"_s, *dsa->facts);
        json.insert(u"dsa"_s, o);
    }
    if (removalOrder)
        json.insert(u"removal_order"_s,
                    QJsonObject{{u"order_ref"_s, removalOrder->orderRef},
                                {u"actioned_at"_s, timestamp::format(removalOrder->actionedAt)}});
    return json;
}

QByteArray Decision::canonicalBytes() const
{
    // The views below point into these UTF-8 copies, which live until the bytes are written.
    std::vector<QByteArray> keep;
    keep.reserve(32);
    auto utf8 = [&keep](const QString& s) -> QByteArrayView {
        return keep.emplace_back(s.toUtf8());
    };
    auto optUtf8 = [&utf8](const std::optional<QString>& s) -> DecisionRecord::Text {
        return s ? DecisionRecord::Text(utf8(*s)) : std::nullopt;
    };
    std::vector<QByteArrayView> scope;
    DecisionRecord r;
    r.seq = seq;
    r.id = utf8(id);
    r.prevHash = utf8(prevHash);
    r.itemId = utf8(itemId);
    r.leaseId = optUtf8(leaseId);
    r.leaseToken = leaseToken;
    r.kind = utf8(kind);
    r.reviews = optUtf8(reviews);
    r.verdict = optUtf8(verdict);
    r.reason = optUtf8(reason);
    r.action = optUtf8(action);
    r.notes = optUtf8(notes);
    r.moderator = utf8(moderator);
    r.decidedAt = decidedAt;
    r.handleMs = handleMs;
    r.policyVersion = utf8(policyVersion);
    r.shown = optUtf8(shown);
    if (dsa) {
        r.dsaDecisionGround = utf8(dsa->decisionGround);
        r.dsaCategory = optUtf8(dsa->category);
        for (const QString& code : dsa->territorialScope)
            scope.push_back(utf8(code));
        r.dsaTerritorialScope = scope;
        r.dsaAutomatedDetection = dsa->automatedDetection;
        r.dsaFacts = optUtf8(dsa->facts);
    }
    if (removalOrder) {
        r.orderRef = utf8(removalOrder->orderRef);
        r.orderActionedAt = removalOrder->actionedAt;
    }
    return r.canonicalBytes();
}

void Decision::placeInChain(qint64 seqInChain, QString previous)
{
    seq = seqInChain;
    prevHash = std::move(previous);
    hash = computeHash();
}

QString Decision::computeHash() const
{
    return QString::fromLatin1(Sha256::hexDigest(canonicalBytes()));
}

} // namespace moddesk
