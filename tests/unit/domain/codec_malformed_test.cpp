// Protects: a precise, crash-free error naming the offending field for every kind of
// malformed input to the small domain codecs and decisions and policies (wrong types, missing,
// out of range, bad formats). Items, the largest, have item_malformed_test.cpp.
#include "codec_fixtures.h"

using namespace codec_fixtures;

class CodecMalformedTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void scoreRejectsMalformed_data();
    void scoreRejectsMalformed();
    void hashMatchRejectsMalformed_data();
    void hashMatchRejectsMalformed();
    void leaseRejectsMalformed_data();
    void leaseRejectsMalformed();
    void decisionRejectsMalformed_data();
    void decisionRejectsMalformed();
    void policyRejectsMalformed_data();
    void policyRejectsMalformed();
};

// --- Malformed input -------------------------------------------------------------------------

void CodecMalformedTest::scoreRejectsMalformed_data()
{
    malformedColumns();
    const QJsonObject base = fullScoreJson();
    auto with = [&](const QList<Edit>& edits, const QByteArray& raw = {}) {
        return edited(base, edits, raw);
    };
    const QJsonValue remove(QJsonValue::Undefined);

    reject("score 1.5", with({{u"score"_s, 1.5}}), u"score"_s, u"must be between 0 and 1"_s);
    reject("score -0.01", with({{u"score"_s, -0.01}}), u"score"_s, u"must be between 0 and 1"_s);
    reject("score 1e308", with({{u"score"_s, kRaw}}, "1e308"), u"score"_s,
           u"must be between 0 and 1"_s);
    reject("score as string", with({{u"score"_s, u"0.5"_s}}), u"score"_s, kNumber);
    reject("score as bool", with({{u"score"_s, true}}), u"score"_s, kNumber);
    reject("score as array", with({{u"score"_s, QJsonArray{0.5}}}), u"score"_s, kNumber);
    reject("score null", with({{u"score"_s, QJsonValue::Null}}), u"score"_s, kRequired);
    reject("score missing", with({{u"score"_s, remove}}), u"score"_s, kRequired);
    reject("threshold 2", with({{u"threshold"_s, 2}}), u"threshold"_s,
           u"must be between 0 and 1"_s);
    reject("threshold missing", with({{u"threshold"_s, remove}}), u"threshold"_s, kRequired);
    reject("model as number", with({{u"model"_s, 5}}), u"model"_s, kString);
    reject("model empty", with({{u"model"_s, u""_s}}), u"model"_s, kNotEmpty);
    reject("model 201 chars", with({{u"model"_s, chars(201)}}), u"model"_s, tooLong(201, 200));
    reject("model_version as array", with({{u"model_version"_s, QJsonArray{}}}), u"model_version"_s,
           kString);
    reject("model_version missing", with({{u"model_version"_s, remove}}), u"model_version"_s,
           kRequired);
    reject("label missing", with({{u"label"_s, remove}}), u"label"_s, kRequired);
    reject("label object", with({{u"label"_s, QJsonObject{}}}), u"label"_s, kString);
}

void CodecMalformedTest::scoreRejectsMalformed()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, fragment);
    verifyRejected(decodeObject<Score>(json), field, fragment);
}

void CodecMalformedTest::hashMatchRejectsMalformed_data()
{
    malformedColumns();
    const QJsonObject base = fullHashMatchJson();
    auto with = [&](const QList<Edit>& edits, const QByteArray& raw = {}) {
        return edited(base, edits, raw);
    };
    const QJsonValue remove(QJsonValue::Undefined);

    reject("distance 300", with({{u"distance"_s, 300}}), u"distance"_s, between(0, 256));
    reject("distance 257", with({{u"distance"_s, 257}}), u"distance"_s, between(0, 256));
    reject("distance -1", with({{u"distance"_s, -1}}), u"distance"_s, between(0, 256));
    reject("distance 1.5", with({{u"distance"_s, 1.5}}), u"distance"_s, kWhole);
    reject("distance as string", with({{u"distance"_s, u"3"_s}}), u"distance"_s, kWhole);
    reject("distance 2^63", with({{u"distance"_s, kRaw}}, k2Pow63), u"distance"_s, between(0, 256));
    reject("distance -2^63", with({{u"distance"_s, kRaw}}, kInt64Min), u"distance"_s,
           between(0, 256));
    reject("distance null", with({{u"distance"_s, QJsonValue::Null}}), u"distance"_s, kRequired);
    reject("distance missing", with({{u"distance"_s, remove}}), u"distance"_s, kRequired);
    reject("list missing", with({{u"list"_s, remove}}), u"list"_s, kRequired);
    reject("list 201 chars", with({{u"list"_s, chars(201)}}), u"list"_s, tooLong(201, 200));
    reject("algorithm as number", with({{u"algorithm"_s, 1}}), u"algorithm"_s, kString);
    reject("labels as string", with({{u"labels"_s, u"a"_s}}), u"labels"_s, kStrings);
    reject("labels as object", with({{u"labels"_s, QJsonObject{}}}), u"labels"_s, kStrings);
    reject("labels[1] number", with({{u"labels[1]"_s, 7}}), u"labels[1]"_s, kString);
    reject("labels[0] 201 chars", with({{u"labels[0]"_s, chars(201)}}), u"labels[0]"_s,
           u"is longer than 200 characters"_s);
    reject("1001 labels", with({{u"labels"_s, stringArray(1001, u"l"_s)}}), u"labels"_s,
           tooMany(1001, 1000));
}

void CodecMalformedTest::hashMatchRejectsMalformed()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, fragment);
    verifyRejected(decodeObject<HashMatch>(json), field, fragment);
}

void CodecMalformedTest::leaseRejectsMalformed_data()
{
    malformedColumns();
    const QJsonObject base = fullLeaseJson();
    auto with = [&](const QList<Edit>& edits, const QByteArray& raw = {}) {
        return edited(base, edits, raw);
    };
    const QJsonValue remove(QJsonValue::Undefined);
    const QString tokenRange = between(1, std::numeric_limits<qint64>::max());

    reject("token 0", with({{u"token"_s, 0}}), u"token"_s, tokenRange);
    reject("token -1", with({{u"token"_s, -1}}), u"token"_s, tokenRange);
    reject("token 1.5", with({{u"token"_s, 1.5}}), u"token"_s, kWhole);
    reject("token as string", with({{u"token"_s, u"17"_s}}), u"token"_s, kWhole);
    reject("token 2^63", with({{u"token"_s, kRaw}}, k2Pow63), u"token"_s, tokenRange);
    reject("token 2^64", with({{u"token"_s, kRaw}}, k2Pow64), u"token"_s, tokenRange);
    reject("token -2^63", with({{u"token"_s, kRaw}}, kInt64Min), u"token"_s, tokenRange);
    reject("token null", with({{u"token"_s, QJsonValue::Null}}), u"token"_s, kRequired);
    reject("token missing", with({{u"token"_s, remove}}), u"token"_s, kRequired);
    reject("id missing", with({{u"id"_s, remove}}), u"id"_s, kRequired);
    reject("id empty", with({{u"id"_s, u""_s}}), u"id"_s, kNotEmpty);
    reject("id 201 chars", with({{u"id"_s, chars(201)}}), u"id"_s, tooLong(201, 200));
    reject("item_id as number", with({{u"item_id"_s, 1}}), u"item_id"_s, kString);
    reject("moderator 201 chars", with({{u"moderator"_s, chars(201)}}), u"moderator"_s,
           tooLong(201, 200));
    reject("expires_at missing", with({{u"expires_at"_s, remove}}), u"expires_at"_s, kRequired);
    reject("expires_at without offset", with({{u"expires_at"_s, u"2026-11-23T15:00:00.000"_s}}),
           u"expires_at"_s, kTime);
    reject("expires_at as epoch ms", with({{u"expires_at"_s, 1795446000000.0}}), u"expires_at"_s,
           kString);
    reject("expires_at 65 chars", with({{u"expires_at"_s, chars(65, u'1')}}), u"expires_at"_s,
           tooLong(65, 64));
}

void CodecMalformedTest::leaseRejectsMalformed()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, fragment);
    verifyRejected(decodeObject<Lease>(json), field, fragment);
}

void CodecMalformedTest::decisionRejectsMalformed_data()
{
    malformedColumns();
    const QJsonObject base = fullDecisionJson();
    auto with = [&](const QList<Edit>& edits, const QByteArray& raw = {}) {
        return edited(base, edits, raw);
    };
    const QJsonValue remove(QJsonValue::Undefined);
    const QJsonValue null(QJsonValue::Null);
    const QString positive = between(1, std::numeric_limits<qint64>::max());
    // A review of decision B: valid as it stands.
    const QList<Edit> review{{u"kind"_s, u"review"_s}, {u"reviews"_s, kUuidB}};
    auto asReview = [&](QList<Edit> edits) { return with(review + edits); };

    // Unknown fields: a misspelt field is not a missing one.
    reject("verdit", with({{u"verdit"_s, u"violating"_s}}), u"verdit"_s, kUnknown);
    reject("verdict misspelt", with({{u"verdict"_s, remove}, {u"verdit"_s, u"violating"_s}}),
           u"verdit"_s, kUnknown);
    reject("upper-case key", with({{u"Notes"_s, u"x"_s}}), u"Notes"_s, kUnknown);
    reject("dsa.grounds", with({{u"dsa.grounds"_s, u"x"_s}}), u"dsa.grounds"_s, kUnknown);
    reject("removal_order.ordered_by", with({{u"removal_order.ordered_by"_s, u"x"_s}}),
           u"removal_order.ordered_by"_s, kUnknown);

    // id
    reject("id missing", with({{u"id"_s, remove}}), u"id"_s, kRequired);
    reject("id null", with({{u"id"_s, null}}), u"id"_s, kRequired);
    reject("id number", with({{u"id"_s, 1}}), u"id"_s, kString);
    reject("id upper-case", with({{u"id"_s, kUuidA.toUpper()}}), u"id"_s, kUuid);
    reject("id in braces", with({{u"id"_s, QString(u'{' + kUuidA + u'}')}}), u"id"_s, kUuid);
    reject("id short", with({{u"id"_s, kUuidA.left(35)}}), u"id"_s, kUuid);
    reject("id without dashes", with({{u"id"_s, QString(kUuidA).remove(u'-')}}), u"id"_s, kUuid);
    reject("id dash misplaced", with({{u"id"_s, u"0b5c2c9e6-a43-4a8f-9a57-1d2f0c3b4a5e"_s}}),
           u"id"_s, kUuid);
    reject("id 37 chars", with({{u"id"_s, QString(kUuidA + u'0')}}), u"id"_s, kUuid);
    reject("id 201 chars", with({{u"id"_s, chars(201, u'a')}}), u"id"_s,
           u"is 201 characters long"_s);
    reject("id empty", with({{u"id"_s, u""_s}}), u"id"_s, kUuid + u'|' + kNotEmpty);

    // chain fields
    reject("seq 0", with({{u"seq"_s, 0}}), u"seq"_s, positive);
    reject("seq 1.5", with({{u"seq"_s, 1.5}}), u"seq"_s, kWhole);
    reject("seq string", with({{u"seq"_s, u"7"_s}}), u"seq"_s, kWhole);
    reject("seq 2^63", with({{u"seq"_s, kRaw}}, k2Pow63), u"seq"_s, positive);
    reject("prev_hash upper-case", with({{u"prev_hash"_s, kHexA.toUpper()}}), u"prev_hash"_s, kHex);
    reject("prev_hash 63 digits", with({{u"prev_hash"_s, kHexA.left(63)}}), u"prev_hash"_s, kHex);
    reject("hash not hex", with({{u"hash"_s, chars(64, u'z')}}), u"hash"_s, kHex);
    reject("shown number", with({{u"shown"_s, 1}}), u"shown"_s, kString);
    reject("shown short", with({{u"shown"_s, u"abc"_s}}), u"shown"_s, kHex);

    // required strings
    reject("item_id missing", with({{u"item_id"_s, remove}}), u"item_id"_s, kRequired);
    reject("item_id null", with({{u"item_id"_s, null}}), u"item_id"_s, kRequired);
    reject("item_id number", with({{u"item_id"_s, 1}}), u"item_id"_s, kString);
    reject("item_id 201 chars", with({{u"item_id"_s, chars(201)}}), u"item_id"_s,
           tooLong(201, 200));
    reject("moderator empty", with({{u"moderator"_s, u""_s}}), u"moderator"_s, kNotEmpty);
    reject("moderator blank", with({{u"moderator"_s, u"   "_s}}), u"moderator"_s, kNotEmpty);
    reject("policy_version missing", with({{u"policy_version"_s, remove}}), u"policy_version"_s,
           kRequired);
    reject("kind appeal", with({{u"kind"_s, u"appeal"_s}}), u"kind"_s,
           u"\"appeal\" is not one of: triage, review, retract"_s);
    reject("kind missing", with({{u"kind"_s, remove}}), u"kind"_s, kRequired);
    reject("kind null", with({{u"kind"_s, null}}), u"kind"_s, kRequired);
    reject("verdict number", with({{u"verdict"_s, 1}}), u"verdict"_s, kString);
    reject("reason 201 chars", with({{u"reason"_s, chars(201)}}), u"reason"_s, tooLong(201, 200));
    reject("notes 20001 chars", with({{u"notes"_s, chars(20001)}}), u"notes"_s,
           tooLong(20001, 20000));
    reject("notes unpaired surrogate", with({{u"notes"_s, kRaw}}, "\"\\udfff\""), u"notes"_s,
           kSurrogate);

    // numbers and times
    reject("lease_token 0", with({{u"lease_token"_s, 0}}), u"lease_token"_s, positive);
    reject("lease_token string", with({{u"lease_token"_s, u"17"_s}}), u"lease_token"_s, kWhole);
    reject("lease_token -2^63", with({{u"lease_token"_s, kRaw}}, kInt64Min), u"lease_token"_s,
           positive);
    reject("handle_ms negative", with({{u"handle_ms"_s, -1}}), u"handle_ms"_s,
           between(0, limits::kMaxHandleMs));
    reject("handle_ms over a week", with({{u"handle_ms"_s, kRaw}}, "604800001"), u"handle_ms"_s,
           between(0, limits::kMaxHandleMs));
    reject("decided_at without offset", with({{u"decided_at"_s, u"2026-11-23T14:50:14.123"_s}}),
           u"decided_at"_s, kTime);
    reject("decided_at space", with({{u"decided_at"_s, u"2026-11-23 14:50:14Z"_s}}),
           u"decided_at"_s, kTime);
    reject("decided_at number", with({{u"decided_at"_s, 1795445414123.0}}), u"decided_at"_s,
           kString);
    reject("decided_at missing", with({{u"decided_at"_s, remove}}), u"decided_at"_s, kRequired);

    // dsa, removal_order
    reject("dsa array", with({{u"dsa"_s, QJsonArray{}}}), u"dsa"_s, kObject);
    reject("dsa.decision_ground other", with({{u"dsa.decision_ground"_s, u"other"_s}}),
           u"dsa.decision_ground"_s,
           u"\"other\" is not one of: illegal_content, incompatible_with_terms"_s);
    reject("dsa.decision_ground missing", with({{u"dsa.decision_ground"_s, remove}}),
           u"dsa.decision_ground"_s, kRequired);
    reject("dsa.territorial_scope lower-case", with({{u"dsa.territorial_scope[1]"_s, u"gb"_s}}),
           u"dsa.territorial_scope[1]"_s, u"is not an ISO 3166 alpha-2 code or EEA"_s);
    reject("dsa.territorial_scope alpha-3", with({{u"dsa.territorial_scope[0]"_s, u"DEU"_s}}),
           u"dsa.territorial_scope[0]"_s, u"ISO 3166"_s);
    reject("dsa.territorial_scope 4 chars", with({{u"dsa.territorial_scope[0]"_s, u"EEAX"_s}}),
           u"dsa.territorial_scope[0]"_s, u"is longer than 3 characters"_s);
    reject("dsa.territorial_scope string", with({{u"dsa.territorial_scope"_s, u"EEA"_s}}),
           u"dsa.territorial_scope"_s, kStrings);
    reject("dsa.automated_detection string", with({{u"dsa.automated_detection"_s, u"yes"_s}}),
           u"dsa.automated_detection"_s, kBool);
    reject("dsa.automated_detection 1", with({{u"dsa.automated_detection"_s, 1}}),
           u"dsa.automated_detection"_s, kBool);
    reject("dsa.facts 20001 chars", with({{u"dsa.facts"_s, chars(20001)}}), u"dsa.facts"_s,
           tooLong(20001, 20000));
    reject("removal_order string", with({{u"removal_order"_s, u"RO-1"_s}}), u"removal_order"_s,
           kObject);
    reject("removal_order.order_ref missing", with({{u"removal_order.order_ref"_s, remove}}),
           u"removal_order.order_ref"_s, kRequired);
    reject("removal_order.actioned_at bad",
           with({{u"removal_order.actioned_at"_s, u"2026-02-30T00:00:00Z"_s}}),
           u"removal_order.actioned_at"_s, kTime);

    // Rules that hold whatever the policy says.
    reject("triage with reviews", with({{u"reviews"_s, kUuidB}}), u"reviews"_s,
           u"only a review or a retract refers to another decision"_s);
    reject("review without reviews", with({{u"kind"_s, u"review"_s}}), u"reviews"_s,
           u"a review must name the decision it refers to"_s);
    reject("retract without reviews", with({{u"kind"_s, u"retract"_s}, {u"verdict"_s, remove}}),
           u"reviews"_s, u"a retract must name the decision it refers to"_s);
    reject("retract with a verdict", with({{u"kind"_s, u"retract"_s}, {u"reviews"_s, kUuidB}}),
           u"verdict"_s, u"a retract withdraws a decision and carries no verdict"_s);
    reject("triage without verdict", with({{u"verdict"_s, remove}}), u"verdict"_s, kRequired);
    reject("triage with empty verdict", with({{u"verdict"_s, u""_s}}), u"verdict"_s, kRequired);
    reject("review without verdict", asReview({{u"verdict"_s, remove}}), u"verdict"_s, kRequired);
    reject("lease_id without lease_token", with({{u"lease_token"_s, remove}}), u"lease_token"_s,
           u"lease_id and lease_token come together or not at all"_s);
    reject("lease_token without lease_id", with({{u"lease_id"_s, remove}}), u"lease_id"_s,
           u"lease_id and lease_token come together or not at all"_s);
    reject("empty lease_id with lease_token", with({{u"lease_id"_s, u""_s}}), u"lease_id"_s,
           u"come together"_s);
    reject("review of itself", asReview({{u"reviews"_s, kUuidA}}), u"reviews"_s,
           u"a decision cannot refer to itself"_s);
    reject("retract of itself",
           with({{u"kind"_s, u"retract"_s}, {u"reviews"_s, kUuidA}, {u"verdict"_s, remove}}),
           u"reviews"_s, u"a decision cannot refer to itself"_s);
    reject("reviews upper-case", asReview({{u"reviews"_s, kUuidB.toUpper()}}), u"reviews"_s, kUuid);
    reject("reviews braces", asReview({{u"reviews"_s, QString(u'{' + kUuidB + u'}')}}),
           u"reviews"_s, kUuid);
}

void CodecMalformedTest::decisionRejectsMalformed()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, fragment);
    verifyRejected(Decision::fromJsonBytes(json), field, fragment);
}

void CodecMalformedTest::policyRejectsMalformed_data()
{
    malformedColumns();
    const QJsonObject base = Policy::builtin().toJson();
    auto with = [&](const QList<Edit>& edits, const QByteArray& raw = {}) {
        return edited(base, edits, raw);
    };
    const QJsonValue remove(QJsonValue::Undefined);

    reject("version missing", with({{u"version"_s, remove}}), u"version"_s, kRequired);
    reject("version number", with({{u"version"_s, 2026}}), u"version"_s, kString);
    reject("actions string", with({{u"actions"_s, u"remove"_s}}), u"actions"_s, kStrings);
    reject("actions[0] number", with({{u"actions[0]"_s, 0}}), u"actions[0]"_s, kString);
    reject("verdicts object", with({{u"verdicts"_s, QJsonObject{}}}), u"verdicts"_s, kArray);
    reject("verdicts empty", with({{u"verdicts"_s, QJsonArray{}}}), u"verdicts"_s,
           u"must list at least one verdict"_s);
    reject("verdicts missing", with({{u"verdicts"_s, remove}}), u"verdicts"_s,
           u"must list at least one verdict"_s);
    reject("verdicts[0] string", with({{u"verdicts[0]"_s, u"violating"_s}}), u"verdicts[0]"_s,
           kObject);
    reject("verdicts[1].name missing", with({{u"verdicts[1].name"_s, remove}}),
           u"verdicts[1].name"_s, kRequired);
    reject("verdicts[0].reasons[2] number", with({{u"verdicts[0].reasons[2]"_s, 2}}),
           u"verdicts[0].reasons[2]"_s, kString);
    reject("verdicts[2].requires colour",
           with({{u"verdicts[2].requires"_s, QJsonArray{u"reason"_s, u"colour"_s}}}),
           u"verdicts[2].requires[1]"_s, u"\"colour\" is not a field a policy can require"_s);
    reject("verdicts[0].actions nuke", with({{u"verdicts[0].actions[4]"_s, u"nuke"_s}}),
           u"verdicts[0].actions"_s, u"\"nuke\" is not in the policy's actions"_s);
}

void CodecMalformedTest::policyRejectsMalformed()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, fragment);
    verifyRejected(Policy::fromJsonBytes(json), field, fragment);
}

QTEST_GUILESS_MAIN(CodecMalformedTest)
#include "codec_malformed_test.moc"
