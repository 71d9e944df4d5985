// Protects: a precise, crash-free error naming the offending field, by its full path, for
// every kind of malformed item (the document every queue hands a moderator, written by someone
// who may be hostile).
#include "codec_fixtures.h"

using namespace codec_fixtures;

class ItemMalformedTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void itemRejectsMalformed_data();
    void itemRejectsMalformed();
    void itemPartsNameTheirPath();
};

void ItemMalformedTest::itemRejectsMalformed_data()
{
    malformedColumns();
    const QJsonObject base = fullItemJson();
    auto with = [&](const QList<Edit>& edits, const QByteArray& raw = {}) {
        return edited(base, edits, raw);
    };
    const QJsonValue remove(QJsonValue::Undefined);
    const QJsonValue null(QJsonValue::Null);
    const QString countRange = between(0, limits::kMaxCount);

    // Top-level scalars.
    reject("id missing", with({{u"id"_s, remove}}), u"id"_s, kRequired);
    reject("id null", with({{u"id"_s, null}}), u"id"_s, kRequired);
    reject("id number", with({{u"id"_s, 5}}), u"id"_s, kString);
    reject("id empty", with({{u"id"_s, u""_s}}), u"id"_s, kNotEmpty);
    reject("id blank", with({{u"id"_s, u" \t "_s}}), u"id"_s, kNotEmpty);
    reject("id 201 chars", with({{u"id"_s, chars(201)}}), u"id"_s, tooLong(201, 200));
    reject("platform array", with({{u"platform"_s, QJsonArray{u"tg"_s}}}), u"platform"_s, kString);
    reject("url 1001 chars", with({{u"url"_s, chars(1001)}}), u"url"_s, tooLong(1001, 1000));
    reject("content_type image/png", with({{u"content_type"_s, u"image/png"_s}}), u"content_type"_s,
           u"\"image/png\" is not one of: text/plain, text/html"_s);
    reject("content_type upper-case", with({{u"content_type"_s, u"TEXT/PLAIN"_s}}),
           u"content_type"_s, u"is not one of"_s);
    reject("content_type missing", with({{u"content_type"_s, remove}}), u"content_type"_s,
           kRequired);
    reject("text number", with({{u"text"_s, 42}}), u"text"_s, kString);
    reject("text null", with({{u"text"_s, null}}), u"text"_s, kRequired);
    reject("text unpaired surrogate", with({{u"text"_s, kRaw}}, "\"SYNTHETIC \\ud800 x\""),
           u"text"_s, kSurrogate);
    reject("text unpaired low surrogate", with({{u"text"_s, kRaw}}, "\"\\udc00\""), u"text"_s,
           kSurrogate);
    reject("text 1000001 chars", with({{u"text"_s, chars(1000001)}}), u"text"_s,
           tooLong(1000001, 1000000));
    reject("lang 36 chars", with({{u"lang"_s, chars(36, u'a')}}), u"lang"_s, tooLong(36, 35));
    reject("transcript number", with({{u"transcript"_s, 1}}), u"transcript"_s, kString);
    reject("created_at garbage", with({{u"created_at"_s, u"yesterday"_s}}), u"created_at"_s, kTime);
    reject("created_at 2023-02-29", with({{u"created_at"_s, u"2023-02-29T00:00:00Z"_s}}),
           u"created_at"_s, u"date or time out of range"_s);
    reject("created_at without offset", with({{u"created_at"_s, u"2026-11-20T08:15:30.250"_s}}),
           u"created_at"_s, u"UTC offset"_s);
    reject("created_at number", with({{u"created_at"_s, 1795248930250.0}}), u"created_at"_s,
           kString);
    reject("created_at null", with({{u"created_at"_s, null}}), u"created_at"_s, kRequired);
    reject("reposts -1", with({{u"reposts"_s, -1}}), u"reposts"_s, countRange);
    reject("priority 5000", with({{u"priority"_s, 5000}}), u"priority"_s, between(-1000, 1000));
    reject("priority -1001", with({{u"priority"_s, -1001}}), u"priority"_s, between(-1000, 1000));
    reject("priority 0.5", with({{u"priority"_s, 0.5}}), u"priority"_s, kWhole);
    reject("priority string", with({{u"priority"_s, u"high"_s}}), u"priority"_s, kWhole);
    reject("priority 2^63", with({{u"priority"_s, kRaw}}, k2Pow63), u"priority"_s,
           between(-1000, 1000));
    reject("first error wins", with({{u"id"_s, 5}, {u"priority"_s, 5000}}), u"id"_s, kString);

    // author
    reject("author missing", with({{u"author"_s, remove}}), u"author"_s, kRequired);
    reject("author null", with({{u"author"_s, null}}), u"author"_s, kRequired);
    reject("author string", with({{u"author"_s, u"synthetic"_s}}), u"author"_s, kObject);
    reject("author array", with({{u"author"_s, QJsonArray{}}}), u"author"_s, kObject);
    reject("author.handle missing", with({{u"author.handle"_s, remove}}), u"author.handle"_s,
           kRequired);
    reject("author.handle number", with({{u"author.handle"_s, 7}}), u"author.handle"_s, kString);
    reject("author.display_name array", with({{u"author.display_name"_s, QJsonArray{}}}),
           u"author.display_name"_s, kString);
    reject("author.followers negative", with({{u"author.followers"_s, -1}}), u"author.followers"_s,
           countRange);
    reject("author.followers 1.5", with({{u"author.followers"_s, 1.5}}), u"author.followers"_s,
           kWhole);
    reject("author.followers string", with({{u"author.followers"_s, u"12345"_s}}),
           u"author.followers"_s, kWhole);
    reject("author.followers bool", with({{u"author.followers"_s, true}}), u"author.followers"_s,
           kWhole);
    reject("author.followers above kMaxCount", with({{u"author.followers"_s, kRaw}}, "10000000001"),
           u"author.followers"_s, countRange);
    reject("author.followers 2^63", with({{u"author.followers"_s, kRaw}}, k2Pow63),
           u"author.followers"_s, countRange);
    reject("author.followers 2^64", with({{u"author.followers"_s, kRaw}}, k2Pow64),
           u"author.followers"_s, countRange);
    reject("author.followers 1e300", with({{u"author.followers"_s, kRaw}}, "1e300"),
           u"author.followers"_s, countRange);
    reject("author.prior_strikes negative", with({{u"author.prior_strikes"_s, -3}}),
           u"author.prior_strikes"_s, between(0, 1000000));
    reject("author.account_created_at month 13",
           with({{u"author.account_created_at"_s, u"2021-13-04T05:06:07Z"_s}}),
           u"author.account_created_at"_s, kTime);

    // venue, forwards
    reject("venue array", with({{u"venue"_s, QJsonArray{}}}), u"venue"_s, kObject);
    reject("venue.kind forum", with({{u"venue.kind"_s, u"forum"_s}}), u"venue.kind"_s,
           u"\"forum\" is not one of: channel, group, page, room, site, board, profile"_s);
    reject("venue.kind missing", with({{u"venue.kind"_s, remove}}), u"venue.kind"_s, kRequired);
    reject("venue.name empty", with({{u"venue.name"_s, u""_s}}), u"venue.name"_s, kNotEmpty);
    reject("venue.members negative", with({{u"venue.members"_s, -5}}), u"venue.members"_s,
           countRange);
    reject("forwarded_from object", with({{u"forwarded_from"_s, QJsonObject{}}}),
           u"forwarded_from"_s, kArray);
    reject("forwarded_from[1] string", with({{u"forwarded_from[1]"_s, u"x"_s}}),
           u"forwarded_from[1]"_s, kObject);
    reject("forwarded_from[0].venue missing", with({{u"forwarded_from[0].venue"_s, remove}}),
           u"forwarded_from[0].venue"_s, kRequired);
    reject("forwarded_from[1].venue.kind forum",
           with({{u"forwarded_from[1].venue.kind"_s, u"forum"_s}}),
           u"forwarded_from[1].venue.kind"_s, u"is not one of"_s);
    reject("forwarded_from[0].handle number", with({{u"forwarded_from[0].handle"_s, 1}}),
           u"forwarded_from[0].handle"_s, kString);

    // context
    reject("context array", with({{u"context"_s, QJsonArray{}}}), u"context"_s, kObject);
    reject("context.parent string", with({{u"context.parent"_s, u"p"_s}}), u"context.parent"_s,
           kObject);
    reject("context.parent.id number", with({{u"context.parent.id"_s, 1}}), u"context.parent.id"_s,
           kString);
    reject("context.parent.author.handle missing",
           with({{u"context.parent.author.handle"_s, remove}}), u"context.parent.author.handle"_s,
           kRequired);
    reject("context.thread object", with({{u"context.thread"_s, QJsonObject{}}}),
           u"context.thread"_s, kArray);
    reject("context.thread[1].author.handle empty",
           with({{u"context.thread[1].author.handle"_s, u""_s}}),
           u"context.thread[1].author.handle"_s, kNotEmpty);
    reject("context.thread[1].author.handle 201 chars",
           with({{u"context.thread[1].author.handle"_s, chars(201)}}),
           u"context.thread[1].author.handle"_s, tooLong(201, 200));
    reject("context.thread[1].author missing", with({{u"context.thread[1].author"_s, remove}}),
           u"context.thread[1].author"_s, kRequired);
    reject("context.thread[0].created_at bad",
           with({{u"context.thread[0].created_at"_s, u"2026-11-20 08:20:00Z"_s}}),
           u"context.thread[0].created_at"_s, kTime);
    reject("context.thread[0].text null", with({{u"context.thread[0].text"_s, null}}),
           u"context.thread[0].text"_s, kRequired);
    reject("context.thread[1] number", with({{u"context.thread[1]"_s, 1}}), u"context.thread[1]"_s,
           kObject);
    reject("context.author_recent[0].id missing",
           with({{u"context.author_recent[0].id"_s, remove}}), u"context.author_recent[0].id"_s,
           kRequired);
    {
        QJsonArray thread;
        const QJsonObject post = base[u"context"_s][u"thread"_s][0].toObject();
        for (int i = 0; i < 1001; ++i)
            thread.append(post);
        reject("context.thread 1001 posts", with({{u"context.thread"_s, thread}}),
               u"context.thread"_s, tooMany(1001, 1000));
    }

    // media
    reject("media object", with({{u"media"_s, QJsonObject{}}}), u"media"_s, kArray);
    reject("media[0].sha256 upper-case", with({{u"media[0].sha256"_s, kHexA.toUpper()}}),
           u"media[0].sha256"_s, kHex);
    reject("media[0].sha256 63 digits", with({{u"media[0].sha256"_s, kHexA.left(63)}}),
           u"media[0].sha256"_s, kHex);
    reject("media[0].sha256 65 digits", with({{u"media[0].sha256"_s, QString(kHexA + u'0')}}),
           u"media[0].sha256"_s, tooLong(65, 64));
    reject("media[0].sha256 not hex", with({{u"media[0].sha256"_s, chars(64, u'g')}}),
           u"media[0].sha256"_s, kHex);
    reject("media[0].sha256 non-Latin-1",
           with({{u"media[0].sha256"_s, QString(kHexA.left(63) + QChar(0x0161))}}),
           u"media[0].sha256"_s, kHex);
    reject("media[0].sha256 missing", with({{u"media[0].sha256"_s, remove}}), u"media[0].sha256"_s,
           kRequired);
    reject("media[0].mime missing", with({{u"media[0].mime"_s, remove}}), u"media[0].mime"_s,
           kRequired);
    reject("media[0].width 70000", with({{u"media[0].width"_s, 70000}}), u"media[0].width"_s,
           between(0, 65535));
    reject("media[0].height -1", with({{u"media[0].height"_s, -1}}), u"media[0].height"_s,
           between(0, 65535));

    // links, hashtags
    reject("links string", with({{u"links"_s, u"https://example.invalid"_s}}), u"links"_s,
           kStrings);
    reject("links[1] number", with({{u"links[1]"_s, 5}}), u"links[1]"_s, kString);
    reject("links[0] 1001 chars", with({{u"links[0]"_s, chars(1001)}}), u"links[0]"_s,
           u"is longer than 1000 characters"_s);
    reject("1001 hashtags", with({{u"hashtags"_s, stringArray(1001, u"#tag"_s)}}), u"hashtags"_s,
           tooMany(1001, 1000));
    reject("hashtags[3] object", with({{u"hashtags[3]"_s, QJsonObject{}}}), u"hashtags[3]"_s,
           kString);
    reject("hashtags[2] null", with({{u"hashtags[2]"_s, null}}), u"hashtags[2]"_s, kString);
    reject("hashtags[0] 201 chars", with({{u"hashtags[0]"_s, chars(201)}}), u"hashtags[0]"_s,
           u"is longer than 200 characters"_s);
    reject("hashtags[1] unpaired surrogate", with({{u"hashtags[1]"_s, kRaw}}, "\"#\\ud83d\""),
           u"hashtags[1]"_s, kSurrogate);

    // source, deadline
    reject("source missing", with({{u"source"_s, remove}}), u"source"_s, kRequired);
    reject("source number", with({{u"source"_s, 1}}), u"source"_s, kObject);
    reject("source.type rumour", with({{u"source.type"_s, u"rumour"_s}}), u"source.type"_s,
           u"\"rumour\" is not one of: user_report, classifier, hash_match, trusted_flagger, "
           u"removal_order"_s);
    reject("source.type null", with({{u"source.type"_s, null}}), u"source.type"_s, kRequired);
    reject("source.received_at missing", with({{u"source.received_at"_s, remove}}),
           u"source.received_at"_s, kRequired);
    reject("source.reference number", with({{u"source.reference"_s, 42}}), u"source.reference"_s,
           kString);
    reject("deadline garbage", with({{u"deadline"_s, u"tomorrow"_s}}), u"deadline"_s, kTime);
    reject("deadline before 1970", with({{u"deadline"_s, u"1969-07-20T20:17:40Z"_s}}),
           u"deadline"_s, kTime);

    // scores, hash matches
    reject("scores object", with({{u"scores"_s, QJsonObject{}}}), u"scores"_s, kArray);
    reject("scores[2].score 1.5", with({{u"scores[2].score"_s, 1.5}}), u"scores[2].score"_s,
           u"must be between 0 and 1"_s);
    reject("scores[0].score negative", with({{u"scores[0].score"_s, -0.5}}), u"scores[0].score"_s,
           u"must be between 0 and 1"_s);
    reject("scores[1].score string", with({{u"scores[1].score"_s, u"0.9"_s}}), u"scores[1].score"_s,
           kNumber);
    reject("scores[2].threshold missing", with({{u"scores[2].threshold"_s, remove}}),
           u"scores[2].threshold"_s, kRequired);
    reject("scores[0].model empty", with({{u"scores[0].model"_s, u""_s}}), u"scores[0].model"_s,
           kNotEmpty);
    {
        QJsonArray scores;
        for (int i = 0; i < 1001; ++i)
            scores.append(fullScoreJson());
        reject("1001 scores", with({{u"scores"_s, scores}}), u"scores"_s, tooMany(1001, 1000));
    }
    reject("hash_matches[0].distance 300", with({{u"hash_matches[0].distance"_s, 300}}),
           u"hash_matches[0].distance"_s, between(0, 256));
    reject("hash_matches[0].distance 1.5", with({{u"hash_matches[0].distance"_s, 1.5}}),
           u"hash_matches[0].distance"_s, kWhole);
    reject("hash_matches[0].labels string", with({{u"hash_matches[0].labels"_s, u"x"_s}}),
           u"hash_matches[0].labels"_s, kStrings);
    reject("hash_matches[0].labels[1] number", with({{u"hash_matches[0].labels[1]"_s, 1}}),
           u"hash_matches[0].labels[1]"_s, kString);
    reject("hash_matches[0].algorithm missing", with({{u"hash_matches[0].algorithm"_s, remove}}),
           u"hash_matches[0].algorithm"_s, kRequired);
}

void ItemMalformedTest::itemRejectsMalformed()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, fragment);
    verifyRejected(Item::fromJsonBytes(json), field, fragment);
}

// The parts decode on their own too, prefixing errors with the path they are given.
void ItemMalformedTest::itemPartsNameTheirPath()
{
    verifyRejected(Author::fromJson({{u"handle"_s, u"h"_s}, {u"followers"_s, -1}},
                                    u"forwarded_from[3].author"_s),
                   u"forwarded_from[3].author.followers"_s, between(0, limits::kMaxCount));
    verifyRejected(Venue::fromJson({{u"kind"_s, u"forum"_s}, {u"name"_s, u"n"_s}}), u"kind"_s,
                   u"is not one of"_s);
    verifyRejected(Forward::fromJson({{u"handle"_s, u"h"_s}}, u"f"_s), u"f.venue"_s, kRequired);
    verifyRejected(Post::fromJson({{u"id"_s, u"p"_s},
                                   {u"text"_s, u"t"_s},
                                   {u"created_at"_s, u"2026-11-20T08:20:00Z"_s},
                                   {u"author"_s, QJsonObject{{u"handle"_s, 3}}}},
                                  u"context.thread[7]"_s),
                   u"context.thread[7].author.handle"_s, kString);
    verifyRejected(ItemContext::fromJson({{u"author_recent"_s, QJsonArray{1}}}, u"context"_s),
                   u"context.author_recent[0]"_s, kObject);
    verifyRejected(Media::fromJson({{u"sha256"_s, kHexA}, {u"mime"_s, u"m"_s}, {u"width"_s, -1}},
                                   u"media[4]"_s),
                   u"media[4].width"_s, between(0, 65535));
    verifyRejected(ItemSource::fromJson({{u"type"_s, u"rumour"_s}}, u"source"_s), u"source.type"_s,
                   u"is not one of"_s);
    verifyRejected(Score::fromJson({}, u"scores[9]"_s), u"scores[9].model"_s, kRequired);
    verifyRejected(HashMatch::fromJson({}, u"hash_matches[0]"_s), u"hash_matches[0].list"_s,
                   kRequired);
    verifyRejected(Lease::fromJson({}, u"lease"_s), u"lease.id"_s, kRequired);
}

QTEST_GUILESS_MAIN(ItemMalformedTest)
#include "item_malformed_test.moc"
