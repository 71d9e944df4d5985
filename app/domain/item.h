#pragma once

#include "hash_match.h"
#include "result.h"
#include "score.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>
#include <vector>

namespace moddesk {

struct Author {
    QString handle;
    QString displayName;
    std::optional<qint64> followers;
    std::optional<qint64> accountCreatedAt;
    qint64 priorStrikes = 0;

    static Result<Author> fromJson(const QJsonObject& json, QString path = {});
    QJsonObject toJson() const;
    friend bool operator==(const Author&, const Author&) = default;
};

// Where the item was posted: a Telegram channel, a VK community, a RocketChat room, a ZeroNet
// site... with its reach.
struct Venue {
    QString kind; // channel | group | page | room | site | board | profile
    QString name;
    std::optional<qint64> members;

    static Result<Venue> fromJson(const QJsonObject& json, QString path = {});
    QJsonObject toJson() const;
    friend bool operator==(const Venue&, const Venue&) = default;
};

// One hop of a forward or repost chain.
struct Forward {
    Venue venue;
    QString handle;

    static Result<Forward> fromJson(const QJsonObject& json, QString path = {});
    QJsonObject toJson() const;
    friend bool operator==(const Forward&, const Forward&) = default;
};

// A neighbouring post shown as context (the parent, the thread, the author's recent posts).
struct Post {
    QString id;
    QString text;
    qint64 createdAt = 0;
    QString authorHandle;
    QString authorDisplayName;

    static Result<Post> fromJson(const QJsonObject& json, QString path = {});
    QJsonObject toJson() const;
    friend bool operator==(const Post&, const Post&) = default;
};

struct ItemContext {
    std::optional<Post> parent;
    std::vector<Post> thread;
    std::vector<Post> authorRecent;

    static Result<ItemContext> fromJson(const QJsonObject& json, QString path = {});
    QJsonObject toJson() const;
    friend bool operator==(const ItemContext&, const ItemContext&) = default;
};

struct Media {
    QString sha256;
    QString mime;
    qint64 width = 0;
    qint64 height = 0;

    static Result<Media> fromJson(const QJsonObject& json, QString path = {});
    QJsonObject toJson() const;
    friend bool operator==(const Media&, const Media&) = default;
};

// Why the item is in the queue.
struct ItemSource {
    QString type; // user_report | classifier | hash_match | trusted_flagger | removal_order
    QString reference;
    qint64 receivedAt = 0;

    static Result<ItemSource> fromJson(const QJsonObject& json, QString path = {});
    QJsonObject toJson() const;
    friend bool operator==(const ItemSource&, const ItemSource&) = default;
};

// A flagged piece of content waiting for a human decision. Every string in it was written by
// someone who may be hostile; the codec only guarantees types and sizes, not harmlessness.
struct Item {
    QString id;
    QString platform;
    QString url;
    QString contentType; // text/plain | text/html
    QString text;
    QString lang;
    qint64 createdAt = 0;
    Author author;
    std::optional<Venue> venue;
    std::vector<Forward> forwardedFrom;
    std::optional<qint64> reposts;
    ItemContext context;
    QString transcript;
    std::vector<Media> media;
    QStringList links;
    QStringList hashtags;
    ItemSource source;
    std::optional<qint64> deadline;
    std::vector<Score> scores;
    std::vector<HashMatch> hashMatches;
    qint64 priority = 0;

    // Decodes one item document of at most limits::kMaxItemDocumentBytes.
    static Result<Item> fromJsonBytes(QByteArrayView bytes);
    static Result<Item> fromJson(const QJsonObject& json, QString path = {});
    QJsonObject toJson() const;
    friend bool operator==(const Item&, const Item&) = default;
};

} // namespace moddesk
