// Protects: lossless JSON round trips of every domain type (Score, HashMatch, Item and its
// parts, Lease, Decision, Policy), from objects and from serialised text.
#include "codec_fixtures.h"

using namespace codec_fixtures;

class CodecRoundTripTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void fullItemFileSetsEveryField();
    void fullItemRoundTrips();
    void fullItemPartsRoundTrip();
    void minimalItemRoundTrips();
    void minimalItemPartsRoundTrip();
    void scoreRoundTrips();
    void hashMatchRoundTrips();
    void leaseRoundTrips();
    void fullDecisionDecodesEveryField();
    void decisionRoundTrips();
    void sampleDecisionsRoundTrip_data();
    void sampleDecisionsRoundTrip();
    void policyRoundTrips();
};

// --- Round trips -----------------------------------------------------------------------------

void CodecRoundTripTest::fullItemFileSetsEveryField()
{
    const Result<Item> parsed = Item::fromJsonBytes(fullItemBytes());
    QVERIFY2(parsed.ok(), describe(parsed).constData());
    const Item& it = *parsed;

    QCOMPARE(it.id, u"synthetic-tg-000001"_s);
    QCOMPARE(it.platform, u"telegram"_s);
    QVERIFY(!it.url.isEmpty());
    QCOMPARE(it.contentType, u"text/plain"_s);
    QVERIFY(it.text.startsWith(u"SYNTHETIC"_s));
    QVERIFY(it.text.contains(u"#Caliphate"_s));
    QVERIFY(it.text.contains(u"лож"_s));     // Cyrillic
    QVERIFY(it.text.contains(u"الخلافة"_s)); // Arabic
    QCOMPARE(it.lang, u"ru"_s);
    QCOMPARE(it.createdAt, Q_INT64_C(1795162530250)); // 2026-11-20T08:15:30.250Z

    QCOMPARE(it.author.handle, u"synthetic_counter_voice"_s);
    QVERIFY(!it.author.displayName.isEmpty());
    QCOMPARE(it.author.followers, std::optional<qint64>(12345));
    QCOMPARE(it.author.accountCreatedAt, std::optional<qint64>(1614834367008));
    QCOMPARE(it.author.priorStrikes, 1);

    QVERIFY(it.venue.has_value());
    QCOMPARE(it.venue->kind, u"channel"_s);
    QCOMPARE(it.venue->members, std::optional<qint64>(987654));
    QCOMPARE(it.forwardedFrom.size(), size_t(2));
    QCOMPARE(it.forwardedFrom[0].handle, u"synthetic_forwarder"_s);
    QCOMPARE(it.forwardedFrom[0].venue.kind, u"group"_s);
    QVERIFY(!it.forwardedFrom[1].venue.members);
    QCOMPARE(it.reposts, std::optional<qint64>(42));

    QVERIFY(it.context.parent.has_value());
    QCOMPARE(it.context.parent->authorHandle, u"synthetic_newsroom"_s);
    QCOMPARE(it.context.parent->authorDisplayName, u"SYNTHETIC Newsroom"_s);
    QCOMPARE(it.context.thread.size(), size_t(2));
    QCOMPARE(it.context.thread[0].createdAt, Q_INT64_C(1795162800500));
    QCOMPARE(it.context.thread[1].authorHandle, u"synthetic_reader_2"_s);
    QCOMPARE(it.context.authorRecent.size(), size_t(1));

    QVERIFY(!it.transcript.isEmpty());
    QCOMPARE(it.media.size(), size_t(1));
    QCOMPARE(it.media[0].sha256, kHexA);
    QCOMPARE(it.media[0].mime, u"image/jpeg"_s);
    QCOMPARE(it.media[0].width, 1280);
    QCOMPARE(it.media[0].height, 720);
    QCOMPARE(it.links.size(), 2);
    QCOMPARE(it.hashtags,
             (QStringList{u"#Caliphate"_s, u"#NoToExtremism"_s, u"#Халифат"_s, u"#الخلافة"_s}));

    QCOMPARE(it.source.type, u"removal_order"_s);
    QCOMPARE(it.source.reference, u"SYNTHETIC-RO-2026-0042"_s);
    QCOMPARE(it.source.receivedAt, Q_INT64_C(1795165200000));    // 2026-11-20T09:00:00Z
    QCOMPARE(it.deadline, std::optional<qint64>(1795168800000)); // one hour later

    QCOMPARE(it.scores.size(), size_t(3));
    QCOMPARE(it.scores[0].model, u"synthetic-tvec"_s);
    QCOMPARE(it.scores[0].modelVersion, u"2026.10.1"_s);
    QCOMPARE(it.scores[0].label, u"terrorist_propaganda"_s);
    QCOMPARE(it.scores[0].score, 0.93);
    QCOMPARE(it.scores[0].threshold, 0.8);
    QVERIFY(it.scores[0].exceedsThreshold());
    QVERIFY(!it.scores[2].exceedsThreshold());

    QCOMPARE(it.hashMatches.size(), size_t(1));
    QCOMPARE(it.hashMatches[0].list, u"synthetic-shared-hash-list"_s);
    QCOMPARE(it.hashMatches[0].algorithm, u"pdq"_s);
    QCOMPARE(it.hashMatches[0].distance, 12);
    QCOMPARE(it.hashMatches[0].labels.size(), 2);
    QVERIFY(!it.hashMatches[0].isExact());
    QCOMPARE(it.priority, 900);
}

void CodecRoundTripTest::fullItemRoundTrips()
{
    const Result<Item> parsed = Item::fromJsonBytes(fullItemBytes());
    QVERIFY2(parsed.ok(), describe(parsed).constData());
    verifyRoundTrip(*parsed);
    if (QTest::currentTestFailed())
        return;

    const Result<Item> again = Item::fromJsonBytes(compact(parsed->toJson()));
    QVERIFY2(again.ok(), describe(again).constData());
    QCOMPARE(*again, *parsed);
}

void CodecRoundTripTest::fullItemPartsRoundTrip()
{
    const Result<Item> parsed = Item::fromJsonBytes(fullItemBytes());
    QVERIFY2(parsed.ok(), describe(parsed).constData());
    const Item& it = *parsed;

    verifyRoundTrip(it.author);
    verifyRoundTrip(*it.venue);
    for (const Forward& f : it.forwardedFrom)
        verifyRoundTrip(f);
    verifyRoundTrip(*it.context.parent);
    for (const Post& p : it.context.thread)
        verifyRoundTrip(p);
    verifyRoundTrip(it.context);
    for (const Media& m : it.media)
        verifyRoundTrip(m);
    verifyRoundTrip(it.source);
    for (const Score& s : it.scores)
        verifyRoundTrip(s);
    for (const HashMatch& h : it.hashMatches)
        verifyRoundTrip(h);
}

void CodecRoundTripTest::minimalItemRoundTrips()
{
    const Result<Item> parsed = Item::fromJsonBytes(compact(minimalItemJson()));
    QVERIFY2(parsed.ok(), describe(parsed).constData());
    const Item& it = *parsed;
    QCOMPARE(it.text, QString());
    QVERIFY(it.url.isEmpty());
    QVERIFY(!it.venue);
    QVERIFY(!it.reposts);
    QVERIFY(!it.deadline);
    QVERIFY(!it.author.followers);
    QVERIFY(!it.author.accountCreatedAt);
    QCOMPARE(it.author.priorStrikes, 0);
    QVERIFY(!it.context.parent);
    QVERIFY(it.context.thread.empty());
    QVERIFY(it.media.empty());
    QVERIFY(it.scores.empty());
    QVERIFY(it.hashMatches.empty());
    QCOMPARE(it.priority, 0);
    verifyRoundTrip(it);
}

void CodecRoundTripTest::minimalItemPartsRoundTrip()
{
    verifyRoundTrip(Author{u"h"_s, {}, {}, {}, 0});
    verifyRoundTrip(Venue{u"room"_s, u"SYNTHETIC room"_s, {}});
    verifyRoundTrip(Forward{Venue{u"profile"_s, u"SYNTHETIC profile"_s, {}}, {}});
    verifyRoundTrip(Post{u"p1"_s, {}, 0, u"h"_s, {}});
    verifyRoundTrip(ItemContext{});
    verifyRoundTrip(Media{kHexA, u"video/mp4"_s, 0, 0});
    verifyRoundTrip(ItemSource{u"trusted_flagger"_s, {}, timestamp::kMax});
    verifyRoundTrip(HashMatch{u"list"_s, u"md5"_s, 0, {}});
}

void CodecRoundTripTest::scoreRoundTrips()
{
    const Result<Score> full = Score::fromJson(fullScoreJson());
    QVERIFY2(full.ok(), describe(full).constData());
    QCOMPARE(full->score, 0.93);
    verifyRoundTrip(*full);
    // "Minimal": every Score field is required; the extremes of the ranges.
    verifyRoundTrip(Score{u"m"_s, u"1"_s, u"l"_s, 0.0, 1.0});
    verifyRoundTrip(Score{u"m"_s, u"1"_s, u"l"_s, 1.0, 0.0});
    // Values without a short decimal spelling.
    verifyRoundTrip(Score{u"m"_s, u"1"_s, u"l"_s, 1.0 / 3.0, 0.1 + 0.2});
    verifyRoundTrip(Score{u"m"_s, u"1"_s, u"l"_s, std::numeric_limits<double>::denorm_min(),
                          std::nextafter(1.0, 0.0)});
}

void CodecRoundTripTest::hashMatchRoundTrips()
{
    const Result<HashMatch> full = HashMatch::fromJson(fullHashMatchJson());
    QVERIFY2(full.ok(), describe(full).constData());
    verifyRoundTrip(*full);

    QJsonObject minimal = fullHashMatchJson();
    minimal.remove(u"labels"_s);
    const Result<HashMatch> min = HashMatch::fromJson(minimal);
    QVERIFY2(min.ok(), describe(min).constData());
    QVERIFY(min->labels.isEmpty());
    verifyRoundTrip(*min);
}

void CodecRoundTripTest::leaseRoundTrips()
{
    const Result<Lease> full = Lease::fromJson(fullLeaseJson());
    QVERIFY2(full.ok(), describe(full).constData());
    QCOMPARE(full->itemId, u"synthetic-tg-000001"_s);
    QCOMPARE(full->moderator, u"alice"_s);
    QCOMPARE(full->token, 17);
    QCOMPARE(full->expiresAt, Q_INT64_C(1795446000000));
    verifyRoundTrip(*full);

    QJsonObject minimal = fullLeaseJson();
    minimal.remove(u"item_id"_s);
    minimal.remove(u"moderator"_s);
    const Result<Lease> min = Lease::fromJson(minimal);
    QVERIFY2(min.ok(), describe(min).constData());
    verifyRoundTrip(*min);
    verifyRoundTrip(Lease{u"l"_s, {}, {}, std::numeric_limits<qint64>::max(), timestamp::kMax});
}

void CodecRoundTripTest::fullDecisionDecodesEveryField()
{
    const Result<Decision> parsed = Decision::fromJsonBytes(compact(fullDecisionJson()));
    QVERIFY2(parsed.ok(), describe(parsed).constData());

    Decision expected;
    expected.id = kUuidA;
    expected.seq = 7;
    expected.prevHash = kHexB;
    expected.hash = kHexC;
    expected.itemId = u"synthetic-tg-000001"_s;
    expected.leaseId = u"lease-17"_s;
    expected.leaseToken = 17;
    expected.kind = u"triage"_s;
    expected.verdict = u"violating"_s;
    expected.reason = u"recruitment"_s;
    expected.action = u"remove"_s;
    expected.notes = u"SYNTHETIC: recruitment call; Пример, مثال, \"quoted\" \\ tab\there"_s;
    expected.moderator = u"alice"_s;
    expected.decidedAt = 1795445414123;
    expected.handleMs = 5400;
    expected.policyVersion = u"tvec-2026.11"_s;
    expected.shown = kHexA;
    expected.dsa = DsaStatement{u"illegal_content"_s,
                                u"STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH"_s,
                                {u"EEA"_s, u"GB"_s},
                                false,
                                u"SYNTHETIC: post recruits for a listed group"_s};
    expected.removalOrder = RemovalOrderAction{u"SYNTHETIC-RO-2026-0042"_s, 1795445340000};
    QCOMPARE(*parsed, expected);
    QVERIFY(parsed->seq != 0 && !parsed->hash.isEmpty());
}

void CodecRoundTripTest::decisionRoundTrips()
{
    for (const QJsonObject& json :
         {fullDecisionJson(), minimalDecisionJson(), minimalRetractJson()}) {
        const Result<Decision> parsed = Decision::fromJsonBytes(compact(json));
        QVERIFY2(parsed.ok(), describe(parsed).constData());
        verifyRoundTrip(*parsed);
        const Result<Decision> again = Decision::fromJsonBytes(compact(parsed->toJson()));
        QVERIFY2(again.ok(), describe(again).constData());
        QCOMPARE(*again, *parsed);
    }
    const Result<Decision> minimal = Decision::fromJson(minimalDecisionJson());
    QVERIFY2(minimal.ok(), describe(minimal).constData());
    QVERIFY(minimal->seq == 0 && minimal->prevHash.isEmpty() && minimal->hash.isEmpty());
    QVERIFY(!minimal->leaseId && !minimal->leaseToken && !minimal->reason && !minimal->action &&
            !minimal->notes && !minimal->handleMs && !minimal->shown && !minimal->dsa &&
            !minimal->removalOrder && !minimal->reviews);
}

void CodecRoundTripTest::sampleDecisionsRoundTrip_data()
{
    QTest::addColumn<int>("n");
    for (int n = 0; n < 50; ++n)
        QTest::addRow("sample %d", n) << n;
}

void CodecRoundTripTest::sampleDecisionsRoundTrip()
{
    QFETCH(int, n);
    const Decision d = test::sampleDecision(n);
    verifyRoundTrip(d);

    const Result<Decision> fromLine = Decision::fromJsonBytes(test::sampleDecisionLine(n));
    QVERIFY2(fromLine.ok(), describe(fromLine).constData());
    QCOMPARE(*fromLine, d);

    // With the chain fields the audit log adds.
    Decision chained = d;
    chained.seq = n + 1;
    chained.prevHash = kHexB;
    chained.hash = chained.computeHash();
    verifyRoundTrip(chained);
}

void CodecRoundTripTest::policyRoundTrips()
{
    const Policy& builtin = Policy::builtin();
    QVERIFY(!builtin.verdicts.empty());
    verifyRoundTrip(builtin);
    const Result<Policy> fromBytes = Policy::fromJsonBytes(compact(builtin.toJson()));
    QVERIFY2(fromBytes.ok(), describe(fromBytes).constData());
    QCOMPARE(*fromBytes, builtin);

    const QJsonObject minimal{{u"version"_s, u"v1"_s},
                              {u"verdicts"_s, QJsonArray{QJsonObject{{u"name"_s, u"ok"_s}}}}};
    const Result<Policy> min = Policy::fromJson(minimal);
    QVERIFY2(min.ok(), describe(min).constData());
    QCOMPARE(min->verdicts.size(), size_t(1));
    QVERIFY(min->actions.isEmpty());
    verifyRoundTrip(*min);
}

QTEST_GUILESS_MAIN(CodecRoundTripTest)
#include "codec_round_trip_test.moc"
