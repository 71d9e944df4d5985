#include "seed.h"

#include "item.h"
#include "item_store.h"
#include "png_writer.h"
#include "server_database.h"
#include "sha256.h"

#include <QRandomGenerator>

#include <array>

using namespace Qt::StringLiterals;

namespace moddesk::server {

namespace {

// 2026-11-23T08:00:00Z: a fixed origin keeps the corpus identical for the same seed.

struct Platform {
    const char16_t* name;
    const char16_t* venueKind;
    bool forwards; // a forward chain (Telegram-like) rather than a repost count
};

constexpr std::array<Platform, 11> kPlatforms{{
    {u"twitter", u"profile", false},
    {u"facebook", u"page", false},
    {u"vkontakte", u"group", true},
    {u"telegram", u"channel", true},
    {u"whatsapp", u"group", true},
    {u"youtube", u"channel", false},
    {u"rocketchat", u"room", false},
    {u"zeronet", u"site", false},
    {u"paltalk", u"room", false},
    {u"gab", u"profile", false},
    {u"forum", u"board", false},
}};

enum class Truth { ProGroup, CounterSpeech, News, Research, Benign };

struct Label {
    const char16_t* verdict;
    const char16_t* reason;
};

Label labelOf(Truth t)
{
    switch (t) {
    case Truth::ProGroup:
        return {u"violating", u"glorification"};
    case Truth::CounterSpeech:
        return {u"not_violating", u"counter_speech"};
    case Truth::News:
        return {u"not_violating", u"news_reporting"};
    case Truth::Research:
        return {u"not_violating", u"academic"};
    case Truth::Benign:
        return {u"not_violating", u"benign"};
    }
    return {u"not_violating", u"benign"};
}

// Placeholder sentences per kind and language: the shape of a post, none of its substance.
QString textFor(Truth t, const QString& lang, int variant)
{
    static const QHash<QString, std::array<QString, 5>> texts{
        {u"en"_s,
         {u"[SYNTHETIC] Placeholder for a post praising a listed group and urging others to follow it."_s,
          u"[SYNTHETIC] Placeholder for a post mocking a group's claims and pointing to its victims."_s,
          u"[SYNTHETIC] Placeholder for a news report quoting a group's claim of responsibility."_s,
          u"[SYNTHETIC] Placeholder for a researcher's thread analysing recruitment messaging."_s,
          u"[SYNTHETIC] Placeholder for a history lecture announcement that shares a hashtag."_s}},
        {u"ar"_s,
         {u"[SYNTHETIC] نص تجريبي يمثل منشوراً يمجد جماعة محظورة."_s,
          u"[SYNTHETIC] نص تجريبي يمثل منشوراً يسخر من ادعاءات الجماعة."_s,
          u"[SYNTHETIC] نص تجريبي يمثل تقريراً إخبارياً يقتبس بياناً."_s,
          u"[SYNTHETIC] نص تجريبي يمثل تحليلاً أكاديمياً للرسائل الدعائية."_s,
          u"[SYNTHETIC] نص تجريبي يمثل إعلاناً عن محاضرة في التاريخ."_s}},
        {u"ru"_s,
         {u"[SYNTHETIC] Заглушка: пост, восхваляющий запрещённую группировку."_s,
          u"[SYNTHETIC] Заглушка: пост, высмеивающий заявления группировки."_s,
          u"[SYNTHETIC] Заглушка: новостная заметка с цитатой заявления."_s,
          u"[SYNTHETIC] Заглушка: исследовательский разбор вербовочных сообщений."_s,
          u"[SYNTHETIC] Заглушка: анонс лекции по истории с тем же хэштегом."_s}},
        {u"kk"_s,
         {u"[SYNTHETIC] Үлгі мәтін: тыйым салынған топты мадақтайтын жазба."_s,
          u"[SYNTHETIC] Үлгі мәтін: топтың мәлімдемелерін келеке ететін жазба."_s,
          u"[SYNTHETIC] Үлгі мәтін: мәлімдемеден үзінді келтіретін жаңалық."_s,
          u"[SYNTHETIC] Үлгі мәтін: үгіт хабарламаларын зерттейтін талдау."_s,
          u"[SYNTHETIC] Үлгі мәтін: тарих дәрісі туралы хабарландыру."_s}},
        {u"fr"_s,
         {u"[SYNTHETIC] Texte factice : message glorifiant un groupe interdit."_s,
          u"[SYNTHETIC] Texte factice : message tournant en dérision les revendications du groupe."_s,
          u"[SYNTHETIC] Texte factice : dépêche citant une revendication."_s,
          u"[SYNTHETIC] Texte factice : analyse universitaire de messages de recrutement."_s,
          u"[SYNTHETIC] Texte factice : annonce d'une conférence d'histoire."_s}},
    };
    const QString base = texts.value(lang, texts.value(u"en"_s))[size_t(t)];
    return variant % 3 == 0 ? base + u" (variant "_s + QString::number(variant) + u')' : base;
}

QStringList hashtagsFor(Truth t, QRandomGenerator& rng)
{
    switch (t) {
    case Truth::ProGroup:
        return rng.bounded(2) ? QStringList{u"#Caliphate"_s, u"#AllEyesOnIsis"_s}
                              : QStringList{u"#AllEyesOnIsis"_s};
    case Truth::CounterSpeech:
        return {u"#Daesh"_s, u"#NotInMyName"_s};
    case Truth::News:
        return {u"#Breaking"_s, u"#Caliphate"_s};
    case Truth::Research:
        return {u"#CVE"_s, u"#Daesh"_s};
    case Truth::Benign:
        return {u"#CaliphateHistory"_s};
    }
    return {};
}

Truth drawTruth(QRandomGenerator& rng)
{
    // Counter-speech and reporting far outnumber pro-group posts, as on real platforms.
    const int r = int(rng.bounded(100));
    if (r < 12)
        return Truth::ProGroup;
    if (r < 52)
        return Truth::CounterSpeech;
    if (r < 70)
        return Truth::News;
    if (r < 80)
        return Truth::Research;
    return Truth::Benign;
}

// A classifier score that usually agrees with the truth and sometimes does not.
double scoreFor(Truth t, QRandomGenerator& rng)
{
    const double u = rng.generateDouble();
    if (t == Truth::ProGroup)
        return u < 0.15 ? 0.2 + 0.3 * rng.generateDouble() : 0.7 + 0.29 * rng.generateDouble();
    if (t == Truth::CounterSpeech || t == Truth::News)
        return u < 0.25 ? 0.55 + 0.35 * rng.generateDouble() : 0.02 + 0.4 * rng.generateDouble();
    return 0.01 + 0.3 * rng.generateDouble();
}

Post postFor(const QString& id, const QString& text, qint64 at, const QString& handle)
{
    return Post{id, text, at, handle, QString()};
}

QByteArray placeholderImage(quint32 tint, int variant)
{
    const int width = 240 + 40 * (variant % 3);
    const int height = 160 + 40 * (variant % 2);
    return encodePng(width, height, [tint, variant](int x, int y) -> quint32 {
        const bool stripe = ((x + y * (variant % 2 ? 1 : -1) + 4096) / 16) % 2;
        return stripe ? tint : 0x202020u;
    });
}

} // namespace

Result<SeedReport> seedCorpus(const ServerDatabase& db, const QString& queue, int count,
                              quint32 seed, qint64 nowMs)
{
    QRandomGenerator rng(seed);
    ItemStore store(db);
    static const QStringList langs{u"en"_s, u"en"_s, u"en"_s, u"en"_s, u"ar"_s, u"ar"_s,
                                   u"ar"_s, u"ru"_s, u"ru"_s, u"kk"_s, u"fr"_s};
    SeedReport report;
    std::vector<Item> batch;
    QStringList gold;
    auto flush = [&]() -> Status {
        auto added = store.ingest(queue, batch, gold);
        if (!added)
            return added.error();
        report.items += *added;
        batch.clear();
        gold.clear();
        return {};
    };

    for (int i = 0; i < count; ++i) {
        const Truth truth = drawTruth(rng);
        const Platform& platform = kPlatforms[rng.bounded(int(kPlatforms.size()))];
        const QString lang = langs[rng.bounded(int(langs.size()))];
        Item item;
        item.id = u"syn-%1-%2"_s.arg(seed).arg(i, 6, 10, QChar(u'0'));
        item.platform = QString::fromUtf16(platform.name);
        item.contentType = u"text/plain"_s;
        item.lang = lang;
        item.text = textFor(truth, lang, i);
        item.createdAt = nowMs - 50 * 60'000 - qint64(i) * 37'000;
        item.url = u"https://"_s + item.platform + u".example/post/"_s + item.id;

        const QString handle = u"synthetic_user_%1"_s.arg(rng.bounded(5000));
        item.author.handle = handle;
        item.author.displayName = u"Synthetic User %1"_s.arg(handle.section(u'_', 2));
        item.author.followers = rng.bounded(3) == 0 ? 1500
                                : rng.bounded(2)    ? 300
                                                    : rng.bounded(50000);
        item.author.accountCreatedAt = item.createdAt - qint64(rng.bounded(2000)) * 86'400'000;
        item.author.priorStrikes = truth == Truth::ProGroup ? rng.bounded(4) : rng.bounded(10) == 0;

        item.venue = Venue{QString::fromUtf16(platform.venueKind),
                           u"Synthetic "_s + QString::fromUtf16(platform.venueKind) + u' ' +
                               QString::number(rng.bounded(300)),
                           qint64(rng.bounded(200000))};
        if (platform.forwards && rng.bounded(2)) {
            for (int hop = 0; hop < 1 + int(rng.bounded(2)); ++hop)
                item.forwardedFrom.push_back(
                    Forward{Venue{QString::fromUtf16(platform.venueKind),
                                  u"Synthetic source "_s + QString::number(rng.bounded(90)),
                                  qint64(rng.bounded(90000))},
                            u"synthetic_origin_%1"_s.arg(rng.bounded(400))});
        } else if (!platform.forwards) {
            item.reposts = rng.bounded(2000);
        }

        if (rng.bounded(3) == 0)
            item.context.parent = postFor(item.id + u"-parent"_s, textFor(Truth::News, lang, i + 1),
                                          item.createdAt - 600'000, u"synthetic_parent"_s);
        for (int p = 0; p < int(rng.bounded(4)); ++p)
            item.context.thread.push_back(postFor(item.id + u"-reply-"_s + QString::number(p),
                                                  textFor(Truth::CounterSpeech, lang, i + p),
                                                  item.createdAt + 60'000 * (p + 1),
                                                  u"synthetic_reply_%1"_s.arg(p)));
        for (int p = 0; p < int(rng.bounded(3)); ++p)
            item.context.authorRecent.push_back(postFor(
                item.id + u"-recent-"_s + QString::number(p), textFor(truth, lang, i + 7 + p),
                item.createdAt - 86'400'000 * (p + 1), handle));

        item.hashtags = hashtagsFor(truth, rng);
        if (rng.bounded(3) == 0)
            item.links << u"https://news.example/story/%1"_s.arg(rng.bounded(10000));
        if (rng.bounded(8) == 0)
            item.transcript = u"[SYNTHETIC transcript] "_s + textFor(truth, lang, i);

        const bool withMedia = rng.bounded(10) < 4;
        if (withMedia) {
            const int images = 1 + int(rng.bounded(2));
            for (int m = 0; m < images; ++m) {
                const quint32 tint = 0x404040u + (quint32(rng.bounded(0xbfbfbf)) & 0xbfbfbf);
                const QByteArray png = placeholderImage(tint, i + m);
                const QString sha = QString::fromLatin1(Sha256::hexDigest(png));
                if (auto stored = store.putMedia(sha, u"image/png"_s, png); !stored)
                    return stored.error();
                ++report.media;
                item.media.push_back(
                    Media{sha, u"image/png"_s, 240 + 40 * ((i + m) % 3), 160 + 40 * ((i + m) % 2)});
            }
        }

        const int source = int(rng.bounded(100));
        item.source.receivedAt = std::min(nowMs, item.createdAt + 60'000 * (1 + rng.bounded(120)));
        if (source < 10) {
            item.source.type = u"removal_order"_s;
            item.source.reference = u"RO-SYN-%1"_s.arg(i);
            // Orders arrive all the time: this one came in the last 55 minutes, so its hour to
            // act is still running when the demo starts (spread by the item's number, which
            // keeps the random stream, and so every other seeded value, as it was).
            item.source.receivedAt =
                std::max(item.createdAt, nowMs - 60'000 * qint64((i * 7) % 55));
            item.deadline = item.source.receivedAt + 3'600'000; // one hour to act
            item.priority = 100;
        } else if (source < 20) {
            item.source.type = u"trusted_flagger"_s;
            item.source.reference = u"TF-SYN-%1"_s.arg(rng.bounded(20));
            item.priority = 50;
        } else if (source < 30) {
            item.source.type = u"hash_match"_s;
            item.priority = 20;
        } else if (source < 60) {
            item.source.type = u"classifier"_s;
            item.priority = 10;
        } else {
            item.source.type = u"user_report"_s;
            item.source.reference = u"report-%1"_s.arg(rng.bounded(100000));
            item.priority = int(rng.bounded(10));
        }

        item.scores.push_back(
            Score{u"tvec-text"_s, u"2026.10"_s, u"terrorist_content"_s, scoreFor(truth, rng), 0.7});
        if (withMedia)
            item.scores.push_back(Score{u"tvec-image"_s, u"2026.09"_s, u"terrorist_imagery"_s,
                                        scoreFor(truth, rng), 0.8});
        if ((truth == Truth::ProGroup && withMedia && rng.bounded(3) == 0) ||
            item.source.type == u"hash_match") {
            item.hashMatches.push_back(HashMatch{u"synthetic-shared-list"_s,
                                                 u"pdq"_s,
                                                 qint64(rng.bounded(32)),
                                                 {u"synthetic"_s, u"tvec"_s}});
        }

        const Label label = labelOf(truth);
        const bool isGold = rng.bounded(20) == 0;
        gold << (isGold
                     ? QString::fromUtf16(label.verdict) + u'/' + QString::fromUtf16(label.reason)
                     : QString());
        report.gold += isGold;
        batch.push_back(std::move(item));
        if (batch.size() == 500) {
            if (auto flushed = flush(); !flushed)
                return flushed.error();
        }
    }
    if (!batch.empty()) {
        if (auto flushed = flush(); !flushed)
            return flushed.error();
    }
    return report;
}

} // namespace moddesk::server
