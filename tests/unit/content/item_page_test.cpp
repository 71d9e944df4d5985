// Protects: the item page (ui/web/item_page.cpp), the only HTML WebEngine ever sees. Hostile
// item text stays text (escaped, bidi-isolated, invisible characters shown as markers), links
// are never anchors and show their real domain, media are only item:/media/<sha256>, the CSP is
// present, wellness blur/grayscale is on by default, and the moderator sees every piece of
// context the item carries.
#include "item.h"
#include "item_page.h"
#include "timestamp.h"

#include <QFile>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::ui;

namespace {

const QString kScript = u"<script>alert(1)</script>"_s;
const QString kScriptEscaped = u"&lt;script&gt;alert(1)&lt;/script&gt;"_s;
const QString kHexA = u"aacd367cdaf81b86ee672fd569aed3ab10c46129f8adf6d1e15d08d05ad72534"_s;
const QString kCsp = u"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                     "img-src item:; style-src 'unsafe-inline'\">"_s;

// The zero-width and bidi control characters the page must never emit raw.
const char16_t kInvisible[] = {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x202A,
                               0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067,
                               0x2068, 0x2069, 0x200E, 0x200F, 0x061C};

qint64 at(const char* rfc3339)
{
    return timestamp::parse(QString::fromLatin1(rfc3339)).value();
}

Post post(const QString& id, const QString& handle, const QString& text)
{
    return Post{id, text, at("2026-11-20T08:20:00Z"), handle, u"SYNTHETIC "_s + handle};
}

// A plain item with every section filled with harmless synthetic values.
Item sampleItem()
{
    Item item;
    item.id = u"synthetic-ui-1"_s;
    item.platform = u"telegram"_s;
    item.url = u"https://t.example.invalid/synthetic/1"_s;
    item.contentType = u"text/plain"_s;
    item.text = u"SYNTHETIC post text\nsecond line"_s;
    item.lang = u"en"_s;
    item.createdAt = at("2026-11-20T08:15:30.250Z");
    item.author =
        Author{u"synthetic_author"_s, u"SYNTHETIC Author"_s, 12345, at("2021-03-04T05:06:07Z"), 0};
    item.venue = Venue{u"channel"_s, u"SYNTHETIC Venue"_s, 987654};
    item.forwardedFrom = {
        Forward{Venue{u"group"_s, u"SYNTHETIC Forward Origin"_s, 4321}, u"synthetic_forwarder"_s}};
    item.reposts = 42;
    item.context.parent = post(u"p0"_s, u"synthetic_parent"_s, u"SYNTHETIC parent text"_s);
    item.context.thread = {post(u"t1"_s, u"synthetic_reader"_s, u"SYNTHETIC thread text"_s)};
    item.context.authorRecent = {
        post(u"r1"_s, u"synthetic_author"_s, u"SYNTHETIC author recent text"_s)};
    item.transcript = u"SYNTHETIC transcript text"_s;
    item.media = {Media{kHexA, u"image/jpeg"_s, 1280, 720}};
    item.links = {u"https://news.example.invalid/story"_s};
    item.hashtags = {u"#SyntheticTag"_s};
    item.source = ItemSource{u"user_report"_s, u"SYNTHETIC-REF-1"_s, at("2026-11-20T09:00:00Z")};
    return item;
}

PageOptions options(bool blur, bool gray, bool revealed)
{
    PageOptions o;
    o.blurMedia = blur;
    o.grayscaleMedia = gray;
    o.revealed = revealed;
    return o;
}

// The page's real tags: everything from a literal "<" to the next ">". Item text cannot add
// any, since its "<" is always escaped; the inline stylesheet contains no "<".
QStringList tagsOf(const QString& page)
{
    QStringList tags;
    for (qsizetype i = page.indexOf(u'<'); i >= 0; i = page.indexOf(u'<', i + 1))
        tags += page.mid(i, page.indexOf(u'>', i) - i + 1);
    return tags;
}

// Only the elements the template uses, no event handlers, and every src= is item:/media/.
bool onlyTemplateTags(const QString& page)
{
    static const QStringList allowed{
        u"!DOCTYPE"_s, u"html"_s,   u"head"_s,    u"meta"_s,       u"title"_s, u"style"_s,
        u"body"_s,     u"header"_s, u"section"_s, u"div"_s,        u"span"_s,  u"bdi"_s,
        u"p"_s,        u"h2"_s,     u"h3"_s,      u"ol"_s,         u"ul"_s,    u"li"_s,
        u"article"_s,  u"figure"_s, u"img"_s,     u"figcaption"_s, u"br"_s,    u"strong"_s,
        u"em"_s,       u"u"_s,      u"s"_s,       u"code"_s,       u"pre"_s,   u"blockquote"_s,
        u"hr"_s};
    static const QRegularExpression name(u"^</?([!A-Za-z0-9]+)"_s);
    static const QRegularExpression handler(u"\\son[a-z]+\\s*="_s,
                                            QRegularExpression::CaseInsensitiveOption);
    for (const QString& tag : tagsOf(page)) {
        if (!allowed.contains(name.match(tag).captured(1)) || handler.match(tag).hasMatch()) {
            qWarning("unexpected tag %s", qPrintable(tag));
            return false;
        }
        const qsizetype src = tag.indexOf(u"src="_s);
        if (src >= 0 && !QStringView(tag).mid(src).startsWith(u"src=\"item://app/media/"))
            return false;
    }
    return true;
}

void verifyNoActiveMarkup(const QString& page)
{
    QVERIFY2(!page.contains(u"<script"_s, Qt::CaseInsensitive), "a script element");
    QVERIFY2(!page.contains(u"<a "_s, Qt::CaseInsensitive), "an anchor");
    QVERIFY2(!page.contains(u"href="_s, Qt::CaseInsensitive), "an href");
    QVERIFY2(!page.contains(u"<iframe"_s, Qt::CaseInsensitive), "an iframe");
    QVERIFY2(!page.contains(u"<link"_s, Qt::CaseInsensitive), "an external stylesheet");
    QVERIFY2(onlyTemplateTags(page), "a tag the template does not make");
    for (char16_t c : kInvisible)
        QVERIFY2(!page.contains(QChar(c)), qPrintable(u"raw U+%1"_s.arg(uint(c), 4, 16)));
}

} // namespace

class ItemPageTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void documentHasCspCharsetAndInlineStyle()
    {
        const QString page = itemPageHtml(sampleItem());
        QVERIFY(page.startsWith(u"<!DOCTYPE html>"_s));
        QVERIFY(page.contains(u"<meta charset=\"utf-8\">"_s));
        QVERIFY(page.contains(kCsp));
        // The stylesheet is compiled in and inlined: its rules reach the page.
        QVERIFY(page.contains(u".blur.gray img"_s));
        QVERIFY(page.contains(u"figure.media:hover img"_s));
        verifyNoActiveMarkup(page);
        QCOMPARE(itemPageHtml(sampleItem()), page); // the same item gives the same bytes
    }

    void scriptInEveryFieldStaysText()
    {
        Item item = sampleItem();
        item.platform = kScript;
        item.url = kScript;
        item.text = kScript;
        item.transcript = kScript;
        item.author.handle = kScript;
        item.author.displayName = kScript;
        item.venue->name = kScript;
        item.venue->kind = kScript;
        item.forwardedFrom[0].venue.name = kScript;
        item.forwardedFrom[0].handle = kScript;
        item.context.parent->text = kScript;
        item.context.thread[0].text = kScript;
        item.context.thread[0].authorHandle = kScript;
        item.context.thread[0].authorDisplayName = kScript;
        item.context.authorRecent[0].text = kScript;
        item.media[0].mime = kScript;
        item.links = {kScript};
        item.hashtags = {kScript};
        item.source.type = kScript;
        item.source.reference = kScript;
        const QString page = itemPageHtml(item);
        verifyNoActiveMarkup(page);
        QCOMPARE(page.count(kScriptEscaped), 20);
    }

    void attributeInjectionInLinkStaysText()
    {
        Item item = sampleItem();
        item.links = {u"https://x.example/\"><img src=x onerror=alert(1)>"_s,
                      u"https://y.example/' onmouseover='alert(2)"_s};
        const QString page = itemPageHtml(item);
        verifyNoActiveMarkup(page);
        QCOMPARE(page.count(u"<img"_s), 1); // the one media entry, nothing else
        QVERIFY(page.contains(u"&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"_s));
        QVERIFY(page.contains(u"&#39; onmouseover=&#39;alert(2)"_s));
        QVERIFY(page.contains(u"<span class=\"domain\"><bdi>x.example</bdi></span>"_s));
        QVERIFY(page.contains(u"<span class=\"domain\"><bdi>y.example</bdi></span>"_s));
    }

    void bidiOverrideInHandleIsShownAsMarker()
    {
        Item item = sampleItem();
        item.author.handle = u"admin\u202Egpj.exe"_s;
        item.author.displayName = u"fam\u200Dily"_s;
        const QString page = itemPageHtml(item);
        verifyNoActiveMarkup(page);
        QVERIFY(page.contains(u"<bdi>admin<span class=\"mark\" title=\"U+202E RIGHT-TO-LEFT "
                              "OVERRIDE\">\u27EARLO\u27EB</span>gpj.exe</bdi>"_s));
        QVERIFY(page.contains(u"title=\"U+200D ZERO WIDTH JOINER\">\u27EAZWJ\u27EB</span>"_s));
    }

    void everyInvisibleCharacterBecomesAMarker()
    {
        QString hostile;
        for (char16_t c : kInvisible)
            hostile += QChar(c);
        const QString html = escapedWithMarkers(hostile);
        QCOMPARE(html.count(u"<span class=\"mark\""_s), qsizetype(std::size(kInvisible)));
        for (char16_t c : kInvisible)
            QVERIFY(!html.contains(QChar(c)));
        for (const char* name : {"ZWSP", "ZWNJ", "ZWJ", "WJ", "BOM", "LRE", "RLE", "PDF", "LRO",
                                 "RLO", "LRI", "RLI", "FSI", "PDI", "LRM", "RLM", "ALM"})
            QVERIFY(html.contains(u'\u27EA' + QString::fromLatin1(name) + u'\u27EB'));
    }

    void escapingAndInvalidCharacters()
    {
        QCOMPARE(escapedWithMarkers(u"a<b>&\"'c"), u"a&lt;b&gt;&amp;&quot;&#39;c"_s);
        // A lone surrogate (either half) becomes U+FFFD; a real pair (an emoji) is kept.
        const char16_t lone[] = {u'x', 0xD800, u'y', 0xDC00, 0};
        QCOMPARE(escapedWithMarkers(lone), u"x\uFFFDy\uFFFD"_s);
        QCOMPARE(escapedWithMarkers(u"\U0001F600"), u"\U0001F600"_s);
        // NUL and hidden "tag" characters (ASCII smuggling) are visible too.
        const char16_t nul[] = {u'a', 0, u'b'};
        QVERIFY(escapedWithMarkers(QStringView(nul, 3)).contains(u"U+0000 CONTROL CHARACTER"_s));
        QVERIFY(escapedWithMarkers(u"\U000E0041").contains(u"U+E0041 INVISIBLE FORMAT"_s));
        QCOMPARE(escapedWithMarkers(u"line\nnext\ttab"), u"line\nnext\ttab"_s);
    }

    void linkDomainIsTheRealHost()
    {
        QCOMPARE(linkDomain(u"https://news.example.invalid/a"_s), u"news.example.invalid"_s);
        QCOMPARE(linkDomain(u"https://bank.example@evil.example/login"_s), u"evil.example"_s);
        // A browser reads "\" as "/": the host is evil.example, not bank.example.
        QCOMPARE(linkDomain(u"https://evil.example\\@bank.example/"_s), u"evil.example"_s);
        QCOMPARE(linkDomain(u"https://\u0430\u0440\u0440\u04CF\u0435.com/"_s),
                 u"xn--80ak6aa92e.com"_s);
        QCOMPARE(linkDomain(u"javascript:alert(1)"_s), QString());
        QCOMPARE(linkDomain(u"example.org/no-scheme"_s), QString());
        QCOMPARE(linkDomain(u"not a url"_s), QString());
    }

    void idnDomainShownInPunycodeAndUnicode()
    {
        Item item = sampleItem();
        item.links = {u"https://xn--80ak6aa92e.com/login"_s, u"https://пример.com/путь"_s};
        const QString page = itemPageHtml(item);
        QVERIFY(page.contains(u"<span class=\"domain\"><bdi>xn--80ak6aa92e.com</bdi> "
                              "(<bdi>\u0430\u0440\u0440\u04CF\u0435.com</bdi>)</span>"_s));
        QVERIFY(page.contains(
            u"<span class=\"domain\"><bdi>xn--e1afmkfd.com</bdi> (<bdi>пример.com</bdi>)</span>"_s));
        QVERIFY(page.contains(u"<span class=\"link\"><bdi>https://пример.com/путь</bdi></span>"_s));
    }

    void mediaBlurredAndGrayUntilRevealed()
    {
        const Item item = sampleItem();
        const QString byDefault = itemPageHtml(item);
        QVERIFY(byDefault.contains(u"<figure class=\"media blur gray\">"_s));
        QVERIFY(byDefault.contains(u"<img src=\"item://app/media/"_s + kHexA +
                                   u"\" alt=\"\" width=\"320\" height=\"180\">"_s));
        QVERIFY(byDefault.contains(u"image/jpeg"_s));
        QVERIFY(byDefault.contains(u"1,280 \u00D7 720"_s));

        const QString revealed = itemPageHtml(item, options(true, true, true));
        QVERIFY(revealed.contains(u"<figure class=\"media\">"_s));
        QVERIFY(!revealed.contains(u"class=\"media blur"_s));
        QVERIFY(!revealed.contains(u" gray\""_s));

        QVERIFY(itemPageHtml(item, options(true, false, false))
                    .contains(u"<figure class=\"media blur\">"_s));
        QVERIFY(itemPageHtml(item, options(false, true, false))
                    .contains(u"<figure class=\"media gray\">"_s));
    }

    void mediaWithABadHashGetsNoImage()
    {
        Item item = sampleItem();
        item.media[0].sha256 = u"\"><script>alert(1)</script>"_s;
        const QString page = itemPageHtml(item);
        verifyNoActiveMarkup(page);
        QVERIFY(!page.contains(u"<img"_s));
        QVERIFY(page.contains(u"&quot;&gt;"_s + kScriptEscaped));
    }

    void removalOrderAndStrikesAreBadged()
    {
        Item item = sampleItem();
        QVERIFY(!itemPageHtml(item).contains(u"class=\"badge removal-order\""_s));
        QVERIFY(!itemPageHtml(item).contains(u"class=\"badge strikes\""_s));
        item.source.type = u"removal_order"_s;
        item.deadline = at("2026-11-20T10:00:00Z");
        item.author.priorStrikes = 3;
        const QString page = itemPageHtml(item);
        QVERIFY(page.contains(u"<span class=\"badge removal-order\">REMOVAL ORDER</span>"_s));
        QVERIFY(page.contains(u"2026-11-20T10:00:00.000Z"_s));
        QVERIFY(page.contains(u"<span class=\"badge strikes\">3 prior strikes</span>"_s));
    }

    void langOnlyWhenWellFormed_data()
    {
        QTest::addColumn<QString>("lang");
        QTest::addColumn<bool>("kept");
        QTest::newRow("en") << u"en"_s << true;
        QTest::newRow("zh-Hant-TW") << u"zh-Hant-TW"_s << true;
        QTest::newRow("empty") << QString() << false;
        QTest::newRow("attribute injection") << u"en\"><script>alert(1)</script>"_s << false;
        QTest::newRow("trailing newline") << u"en\n"_s << false;
        QTest::newRow("upper-case primary") << u"EN"_s << false;
        QTest::newRow("too long subtag") << u"en-abcdefghi"_s << false;
    }

    void langOnlyWhenWellFormed()
    {
        QFETCH(QString, lang);
        QFETCH(bool, kept);
        Item item = sampleItem();
        item.lang = lang;
        const QString page = itemPageHtml(item);
        verifyNoActiveMarkup(page);
        QCOMPARE(page.count(u"lang="_s), kept ? 1 : 0);
        if (kept)
            QVERIFY(page.contains(u"<p class=\"text post-text\" dir=\"auto\" lang=\""_s + lang +
                                  u"\">"_s));
    }

    void htmlPostIsReducedToInertFormatting()
    {
        Item item = sampleItem();
        item.contentType = u"text/html"_s;
        item.text = u"<b>bold</b><img src=x onerror=alert(1)><script>steal()</script>"_s;
        const QString page = itemPageHtml(item);
        verifyNoActiveMarkup(page);
        QVERIFY(!page.contains(u"<b>"_s));
        QVERIFY(!page.contains(u"steal()"_s));
        QVERIFY(page.contains(u"<div class=\"text post-text html-post\" dir=\"auto\" lang=\"en\">"
                              "<strong>bold</strong><span class=\"removed\">[image, not loaded]"
                              "</span><span class=\"removed\">[script removed]</span></div>"_s));
        QVERIFY(page.contains(u"HTML post, shown as plain formatting (removed 1 img, 1 script; "
                              "2 attributes dropped)"_s));
    }

    void theSourceIsNamedInWords()
    {
        Item item = sampleItem();
        QVERIFY(itemPageHtml(item).contains(u"<span class=\"badge neutral\">User report</span>"_s));
        item.source.type = u"<b>new_kind</b>"_s; // unknown: shown as it came, escaped
        QVERIFY(itemPageHtml(item).contains(
            u"<span class=\"badge neutral\"><bdi>&lt;b&gt;new_kind&lt;/b&gt;</bdi></span>"_s));
    }

    void rawTextShowsTheCharactersThemselves()
    {
        Item item = sampleItem();
        item.text = u"abc\u202Edef"_s;
        PageOptions raw;
        raw.rawText = true;
        const QString page = itemPageHtml(item, raw);
        QVERIFY(page.contains(u"abc\u202Edef"_s)); // the override itself, inside its isolate
        QVERIFY(page.contains(u"Raw text:"_s));
        QVERIFY(!itemPageHtml(item).contains(QChar(0x202E))); // off again: a marker
    }

    void lookAlikeHandlesAreFlaggedOnThePage()
    {
        Item item = sampleItem();
        item.author.handle = u"synthetic_news_\u0430gency"_s; // CYRILLIC а
        PageOptions options;
        options.knownAccounts = {u"synthetic_news_agency"_s};
        const QString page = itemPageHtml(item, options);
        QVERIFY(page.contains(u"<section class=\"card lookalike\"><h2>Look-alike names</h2>"_s));
        QVERIFY(page.contains(u"looks like the known account @synthetic_news_agency"_s));
        QVERIFY(page.contains(u"<span class=\"badge lookalike\">look-alike</span>"_s));
        QVERIFY(!itemPageHtml(sampleItem(), options).contains(u"card lookalike"_s));
    }

    void everyPieceOfContextIsShown()
    {
        const QString page = itemPageHtml(sampleItem());
        for (const QString& expected :
             {u"SYNTHETIC post text\nsecond line"_s,
              u"SYNTHETIC transcript text"_s,
              u"SYNTHETIC parent text"_s,
              u"SYNTHETIC thread text"_s,
              u"synthetic_reader"_s,
              u"SYNTHETIC synthetic_reader"_s,
              u"SYNTHETIC author recent text"_s,
              u"SYNTHETIC Forward Origin"_s,
              u"synthetic_forwarder"_s,
              u"42 reposts"_s,
              u"12,345 followers"_s,
              u"account age 5 years"_s,
              u"0 prior strikes"_s,
              u"SYNTHETIC Venue"_s,
              u"987,654 members"_s,
              u"telegram"_s,
              u"2026-11-20T08:15:30.250Z"_s,
              u"t.example.invalid"_s,
              u"news.example.invalid"_s,
              u"<span class=\"hashtag\"><bdi>#SyntheticTag</bdi></span>"_s})
            QVERIFY2(page.contains(expected), qPrintable(expected));
        // The page's sections come in the order a moderator reads them.
        qsizetype last = -1;
        for (const QString& heading :
             {u"<h2>Post</h2>"_s, u"<h2>Media</h2>"_s, u"<h2>Links (not opened)</h2>"_s,
              u"<h2>Hashtags</h2>"_s, u"<h2>Author</h2>"_s, u"<h2>Forwarded from</h2>"_s,
              u"<h2>Context</h2>"_s}) {
            const qsizetype at = page.indexOf(heading);
            QVERIFY2(at > last, qPrintable(heading));
            last = at;
        }
    }

    void sampleItemDocumentRenders()
    {
        QFile file(QString::fromUtf8(MODDESK_TEST_DATA_DIR) + u"/domain/item_full.json"_s);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto item = Item::fromJsonBytes(file.readAll());
        QVERIFY2(item.ok(), qPrintable(item.ok() ? QString() : item.error().toString()));
        const QString page = itemPageHtml(item.value());
        verifyNoActiveMarkup(page);
        QVERIFY(page.contains(u"REMOVAL ORDER"_s));
        QVERIFY(page.contains(u" lang=\"ru\""_s));
        QVERIFY(page.contains(u"SYNTHETIC ZeroNet mirror"_s));
        QVERIFY(page.contains(u"helpline numbers for families"_s));
        QVERIFY(page.contains(u"<span class=\"badge strikes\">1 prior strikes</span>"_s));
    }
};

QTEST_GUILESS_MAIN(ItemPageTest)
#include "item_page_test.moc"
