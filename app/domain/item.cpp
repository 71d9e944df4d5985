#include "item.h"

#include "input_limits.h"
#include "json_fields.h"
#include "timestamp.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace moddesk {

namespace {

template <typename T>
QJsonArray toJsonArray(const std::vector<T>& values)
{
    QJsonArray array;
    for (const T& v : values)
        array.append(v.toJson());
    return array;
}

void putOptional(QJsonObject& json, const QString& key, const std::optional<qint64>& value)
{
    if (value)
        json.insert(key, *value);
}

void putOptionalTime(QJsonObject& json, const QString& key, const std::optional<qint64>& value)
{
    if (value)
        json.insert(key, timestamp::format(*value));
}

void putNonEmpty(QJsonObject& json, const QString& key, const QString& value)
{
    if (!value.isEmpty())
        json.insert(key, value);
}

} // namespace

Result<Author> Author::fromJson(const QJsonObject& json, QString path)
{
    JsonFields f(json, std::move(path));
    Author a;
    a.handle = f.string(u"handle", limits::kMaxIdChars);
    a.displayName = f.optString(u"display_name", limits::kMaxNameChars).value_or(QString());
    a.followers = f.optInteger(u"followers", 0, limits::kMaxCount);
    a.accountCreatedAt = f.optTimestamp(u"account_created_at");
    a.priorStrikes = f.optInteger(u"prior_strikes", 0, 1'000'000).value_or(0);
    if (!f.ok())
        return f.error();
    return a;
}

QJsonObject Author::toJson() const
{
    QJsonObject json{{u"handle"_s, handle}, {u"prior_strikes"_s, priorStrikes}};
    putNonEmpty(json, u"display_name"_s, displayName);
    putOptional(json, u"followers"_s, followers);
    putOptionalTime(json, u"account_created_at"_s, accountCreatedAt);
    return json;
}

Result<Venue> Venue::fromJson(const QJsonObject& json, QString path)
{
    JsonFields f(json, std::move(path));
    Venue v;
    v.kind =
        f.oneOf(u"kind", {u"channel", u"group", u"page", u"room", u"site", u"board", u"profile"});
    v.name = f.string(u"name", limits::kMaxNameChars);
    v.members = f.optInteger(u"members", 0, limits::kMaxCount);
    if (!f.ok())
        return f.error();
    return v;
}

QJsonObject Venue::toJson() const
{
    QJsonObject json{{u"kind"_s, kind}, {u"name"_s, name}};
    putOptional(json, u"members"_s, members);
    return json;
}

Result<Forward> Forward::fromJson(const QJsonObject& json, QString path)
{
    JsonFields f(json, std::move(path));
    Forward fw;
    fw.venue = f.object<Venue>(u"venue", &Venue::fromJson);
    fw.handle = f.optString(u"handle", limits::kMaxIdChars).value_or(QString());
    if (!f.ok())
        return f.error();
    return fw;
}

QJsonObject Forward::toJson() const
{
    QJsonObject json{{u"venue"_s, venue.toJson()}};
    putNonEmpty(json, u"handle"_s, handle);
    return json;
}

namespace {

struct PostAuthor {
    QString handle;
    QString displayName;
};

Result<PostAuthor> postAuthorFromJson(const QJsonObject& json, QString path)
{
    JsonFields f(json, std::move(path));
    PostAuthor a;
    a.handle = f.string(u"handle", limits::kMaxIdChars);
    a.displayName = f.optString(u"display_name", limits::kMaxNameChars).value_or(QString());
    if (!f.ok())
        return f.error();
    return a;
}

} // namespace

Result<Post> Post::fromJson(const QJsonObject& json, QString path)
{
    JsonFields f(json, std::move(path));
    Post p;
    p.id = f.string(u"id", limits::kMaxIdChars);
    p.text = f.string(u"text", limits::kMaxItemTextChars, false);
    p.createdAt = f.timestamp(u"created_at");
    const PostAuthor author = f.object<PostAuthor>(u"author", &postAuthorFromJson);
    p.authorHandle = author.handle;
    p.authorDisplayName = author.displayName;
    if (!f.ok())
        return f.error();
    return p;
}

QJsonObject Post::toJson() const
{
    QJsonObject author{{u"handle"_s, authorHandle}};
    putNonEmpty(author, u"display_name"_s, authorDisplayName);
    return {{u"id"_s, id},
            {u"text"_s, text},
            {u"created_at"_s, timestamp::format(createdAt)},
            {u"author"_s, author}};
}

Result<ItemContext> ItemContext::fromJson(const QJsonObject& json, QString path)
{
    JsonFields f(json, std::move(path));
    ItemContext c;
    c.parent = f.optObject<Post>(u"parent", &Post::fromJson);
    c.thread = f.objectList<Post>(u"thread", limits::kMaxListItems, &Post::fromJson);
    c.authorRecent = f.objectList<Post>(u"author_recent", limits::kMaxListItems, &Post::fromJson);
    if (!f.ok())
        return f.error();
    return c;
}

QJsonObject ItemContext::toJson() const
{
    return {{u"parent"_s, parent ? QJsonValue(parent->toJson()) : QJsonValue(QJsonValue::Null)},
            {u"thread"_s, toJsonArray(thread)},
            {u"author_recent"_s, toJsonArray(authorRecent)}};
}

Result<Media> Media::fromJson(const QJsonObject& json, QString path)
{
    JsonFields f(json, std::move(path));
    Media m;
    m.sha256 = f.sha256(u"sha256");
    m.mime = f.string(u"mime", limits::kMaxIdChars);
    // 65,535 is the largest side any common image format can declare.
    m.width = f.optInteger(u"width", 0, 65535).value_or(0);
    m.height = f.optInteger(u"height", 0, 65535).value_or(0);
    if (!f.ok())
        return f.error();
    return m;
}

QJsonObject Media::toJson() const
{
    return {{u"sha256"_s, sha256}, {u"mime"_s, mime}, {u"width"_s, width}, {u"height"_s, height}};
}

Result<ItemSource> ItemSource::fromJson(const QJsonObject& json, QString path)
{
    JsonFields f(json, std::move(path));
    ItemSource s;
    s.type = f.oneOf(u"type", {u"user_report", u"classifier", u"hash_match", u"trusted_flagger",
                               u"removal_order"});
    s.reference = f.optString(u"reference", limits::kMaxNameChars).value_or(QString());
    s.receivedAt = f.timestamp(u"received_at");
    if (!f.ok())
        return f.error();
    return s;
}

QJsonObject ItemSource::toJson() const
{
    QJsonObject json{{u"type"_s, type}, {u"received_at"_s, timestamp::format(receivedAt)}};
    putNonEmpty(json, u"reference"_s, reference);
    return json;
}

Result<Item> Item::fromJsonBytes(QByteArrayView bytes)
{
    auto object = parseJsonObject(bytes, limits::kMaxItemDocumentBytes, u"item");
    if (!object)
        return object.error();
    return fromJson(*object);
}

Result<Item> Item::fromJson(const QJsonObject& json, QString path)
{
    JsonFields f(json, std::move(path));
    Item it;
    it.id = f.string(u"id", limits::kMaxIdChars);
    it.platform = f.string(u"platform", limits::kMaxIdChars);
    it.url = f.optString(u"url", limits::kMaxNameChars).value_or(QString());
    it.contentType = f.oneOf(u"content_type", {u"text/plain", u"text/html"});
    it.text = f.string(u"text", limits::kMaxItemTextChars, false);
    it.lang = f.optString(u"lang", 35).value_or(QString()); // BCP 47 tags are short
    it.createdAt = f.timestamp(u"created_at");
    it.author = f.object<Author>(u"author", &Author::fromJson);
    it.venue = f.optObject<Venue>(u"venue", &Venue::fromJson);
    it.forwardedFrom =
        f.objectList<Forward>(u"forwarded_from", limits::kMaxListItems, &Forward::fromJson);
    it.reposts = f.optInteger(u"reposts", 0, limits::kMaxCount);
    it.context =
        f.optObject<ItemContext>(u"context", &ItemContext::fromJson).value_or(ItemContext{});
    it.transcript = f.optString(u"transcript", limits::kMaxItemTextChars).value_or(QString());
    it.media = f.objectList<Media>(u"media", limits::kMaxListItems, &Media::fromJson);
    it.links = f.stringList(u"links", limits::kMaxListItems, limits::kMaxNameChars);
    it.hashtags = f.stringList(u"hashtags", limits::kMaxListItems, limits::kMaxIdChars);
    it.source = f.object<ItemSource>(u"source", &ItemSource::fromJson);
    it.deadline = f.optTimestamp(u"deadline");
    it.scores = f.objectList<Score>(u"scores", limits::kMaxListItems, &Score::fromJson);
    it.hashMatches =
        f.objectList<HashMatch>(u"hash_matches", limits::kMaxListItems, &HashMatch::fromJson);
    it.priority = f.optInteger(u"priority", -1000, 1000).value_or(0);
    if (!f.ok())
        return f.error();
    return it;
}

QJsonObject Item::toJson() const
{
    QJsonObject json{{u"id"_s, id},
                     {u"platform"_s, platform},
                     {u"content_type"_s, contentType},
                     {u"text"_s, text},
                     {u"created_at"_s, timestamp::format(createdAt)},
                     {u"author"_s, author.toJson()},
                     {u"forwarded_from"_s, toJsonArray(forwardedFrom)},
                     {u"context"_s, context.toJson()},
                     {u"media"_s, toJsonArray(media)},
                     {u"links"_s, QJsonArray::fromStringList(links)},
                     {u"hashtags"_s, QJsonArray::fromStringList(hashtags)},
                     {u"source"_s, source.toJson()},
                     {u"scores"_s, toJsonArray(scores)},
                     {u"hash_matches"_s, toJsonArray(hashMatches)},
                     {u"priority"_s, priority}};
    putNonEmpty(json, u"url"_s, url);
    putNonEmpty(json, u"lang"_s, lang);
    putNonEmpty(json, u"transcript"_s, transcript);
    if (venue)
        json.insert(u"venue"_s, venue->toJson());
    putOptional(json, u"reposts"_s, reposts);
    putOptionalTime(json, u"deadline"_s, deadline);
    return json;
}

} // namespace moddesk
