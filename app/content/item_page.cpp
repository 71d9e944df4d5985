// The item page: the app's own HTML template, filled with item text that is escaped,
// bidi-isolated and has its invisible characters shown as markers. See docs/overview.md "Untrusted
// content": WebEngine must never see attacker-controlled markup, so nothing from the item is
// ever emitted except through escapedWithMarkers().
#include "item_page.h"

#include "html_reducer.h"
#include "spoof_check.h"
#include "timestamp.h"
#include "untrusted_text.h"

#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <algorithm>
#include <iterator>
#include <utility>

using namespace Qt::StringLiterals;

namespace moddesk::ui {
namespace {

// What the page being built needs to know deep in its helpers: whether invisible characters
// are shown raw, and which handles and domains were flagged as look-alikes. Set for the
// duration of one itemPageHtml() call on this thread (the builders are plain functions).
struct PageContext {
    bool rawText = false;
    QSet<QString> lookalikeHandles; // case-folded
    QSet<QString> lookalikeDomains; // ACE, lower case
};
thread_local const PageContext* t_page = nullptr;

// The five characters that could end a text node or an attribute value.
constexpr std::pair<char32_t, const char*> kEntities[] = {
    {u'&', "&amp;"}, {u'<', "&lt;"}, {u'>', "&gt;"}, {u'"', "&quot;"}, {u'\'', "&#39;"}};

void appendMarker(QString& out, const InvisibleMarker& marker)
{
    out += u"<span class=\"mark\" title=\""_s + marker.description + u"\">\u27EA"_s +
           marker.shortName + u"\u27EB</span>"_s;
}

void appendCodePoint(QString& out, char32_t cp)
{
    const auto entity = std::find_if(std::begin(kEntities), std::end(kEntities),
                                     [cp](const auto& e) { return e.first == cp; });
    if (entity != std::end(kEntities))
        return void(out += QLatin1StringView(entity->second));
    // Raw view: the character itself, except controls that HTML cannot carry as text.
    const bool raw = t_page && t_page->rawText && cp >= 0x80 && cp != 0xFFFD;
    if (auto marker = invisibleMarker(cp); marker && !raw)
        return appendMarker(out, *marker);
    if (QChar::requiresSurrogates(cp)) {
        out += QChar(QChar::highSurrogate(cp));
        out += QChar(QChar::lowSurrogate(cp));
    } else {
        out += QChar(char16_t(cp));
    }
}

// Untrusted text as an inline bidi isolate: it cannot reorder the app's text around it.
QString text(QStringView untrusted)
{
    return u"<bdi>"_s + escapedWithMarkers(untrusted) + u"</bdi>"_s;
}

QString span(QLatin1StringView cssClass, const QString& html)
{
    return u"<span class=\""_s + cssClass + u"\">"_s + html + u"</span>"_s;
}

// A handle, with a badge when the spoof check flagged it (the card at the top says why).
QString handleHtml(const QString& handle)
{
    QString html = span("handle"_L1, u'@' + text(handle));
    if (t_page && t_page->lookalikeHandles.contains(handle.toCaseFolded()))
        html += u' ' + span("badge lookalike"_L1, u"look-alike"_s);
    return html;
}

// A titled card, or nothing when it would be empty.
QString card(const QString& title, const QString& body)
{
    return body.isEmpty()
               ? QString()
               : u"<section class=\"card\"><h2>"_s + title + u"</h2>"_s + body + u"</section>"_s;
}

const QString kSep = u"<span class=\"sep\">\u00B7</span>"_s;

QString number(qint64 n)
{
    // A fixed locale: the same item renders the same bytes on every workstation.
    return QLocale(QLocale::English, QLocale::UnitedStates).toString(n);
}

// Minutes are what a moderator reads; the exact instant is in the title (tooltip).
QString timeHtml(qint64 msecs)
{
    const QString exact = timestamp::format(msecs);
    const QString shown =
        QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC).toString(u"yyyy-MM-dd HH:mm"_s) + u" UTC"_s;
    return u"<span class=\"time\" title=\""_s + exact + u"\">"_s + shown + u"</span>"_s;
}

// Mirrors what a browser does with a pasted link (WHATWG URL): tabs and newlines vanish, and
// "\" is "/" in http(s) URLs, so "https://evil.example\@bank.example" is evil.example there.
QString browserLike(const QString& link)
{
    QString url = link.trimmed();
    url.remove(u'\t').remove(u'\n').remove(u'\r');
    static const QRegularExpression special(u"^(https?|wss?|ftp|file):"_s,
                                            QRegularExpression::CaseInsensitiveOption);
    if (special.match(url).hasMatch())
        url.replace(u'\\', u'/');
    return url;
}

// The real domain: ACE (punycode) first, since that is the name DNS resolves; the Unicode form
// in brackets, decoded even outside Qt's IDN whitelist so homographs are always visible.
QString domainHtml(const QString& link)
{
    const QString ace = linkDomain(link);
    if (ace.isEmpty())
        return span("domain none"_L1, u"no domain"_s);
    QString html = text(ace);
    const QString unicode = QUrl::fromAce(ace.toLatin1(), QUrl::IgnoreIDNWhitelist);
    if (!unicode.isEmpty() && unicode != ace)
        html += u" ("_s + text(unicode) + u')';
    if (t_page && t_page->lookalikeDomains.contains(ace.toLower()))
        html += u' ' + span("badge lookalike"_L1, u"look-alike"_s);
    return span("domain"_L1, html);
}

QString linkHtml(const QString& link)
{
    return domainHtml(link) + u' ' + span("link"_L1, text(link));
}

QString venueHtml(const Venue& venue)
{
    QString html = span("label"_L1, text(venue.kind)) + u' ' + span("venue"_L1, text(venue.name));
    if (venue.members)
        html += u' ' + span("meta"_L1, number(*venue.members) + u" members"_s);
    return html;
}

QString sourceHtml(const ItemSource& source)
{
    const bool order = source.type == u"removal_order";
    // The words the queue uses; an unknown type is shown as it came (escaped).
    static const QHash<QString, QString> words{{u"trusted_flagger"_s, u"Trusted flagger"_s},
                                               {u"hash_match"_s, u"Hash match"_s},
                                               {u"classifier"_s, u"Classifier"_s},
                                               {u"user_report"_s, u"User report"_s}};
    QString html = span(order ? "badge removal-order"_L1 : "badge neutral"_L1,
                        order ? u"REMOVAL ORDER"_s : words.value(source.type, text(source.type)));
    if (!source.reference.isEmpty())
        html += u' ' + span("meta"_L1, text(source.reference));
    return html;
}

QString headerSection(const Item& item)
{
    QString line = span("platform"_L1, text(item.platform));
    if (item.venue)
        line += kSep + venueHtml(*item.venue);
    line += kSep + sourceHtml(item.source) + kSep + timeHtml(item.createdAt);
    if (item.deadline)
        line += kSep + span("label"_L1, u"deadline "_s) + timeHtml(*item.deadline);
    QString html = u"<header class=\"card\"><div class=\"line\">"_s + line + u"</div>"_s;
    if (!item.url.isEmpty())
        html += u"<div class=\"line\">"_s + span("label"_L1, u"URL"_s) + u' ' + linkHtml(item.url) +
                u"</div>"_s;
    return html + u"</header>"_s;
}

// A block of post text: an isolate of its own (dir="auto"), line breaks kept by CSS.
QString textBlock(QLatin1StringView cssClass, QStringView untrusted, const QString& lang = {})
{
    const QString langAttr = lang.isEmpty() ? QString() : u" lang=\""_s + lang + u'"';
    return u"<p class=\"text "_s + cssClass + u"\" dir=\"auto\""_s + langAttr + u'>' +
           escapedWithMarkers(untrusted) + u"</p>"_s;
}

// Only a well-formed BCP 47-like tag reaches the attribute. Anchored as a whole, because "$"
// alone would accept a trailing newline.
QString validLang(const QString& lang)
{
    static const QRegularExpression tag(
        QRegularExpression::anchoredPattern(u"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*"_s));
    return tag.match(lang).hasMatch() ? lang : QString();
}

QString postSection(const Item& item)
{
    QString html;
    if (item.contentType == u"text/html") {
        // Parsed and rebuilt as the app's own inert markup; what was taken out is said.
        const HtmlReduction reduced = reduceHtml(item.text);
        const QString summary = reduced.shownAsText
                                    ? u"too large or too deep to reduce: shown as source text"_s
                                    : reduced.summary();
        html += u"<p class=\"note\">HTML post, shown as plain formatting"_s +
                (summary.isEmpty() ? QString() : u" (" + summary.toHtmlEscaped() + u')') +
                u"</p>"_s;
        const QString lang = validLang(item.lang);
        html += u"<div class=\"text post-text html-post\" dir=\"auto\""_s +
                (lang.isEmpty() ? QString() : u" lang=\""_s + lang + u'"') + u'>' + reduced.html +
                u"</div>"_s;
    } else {
        html += textBlock("post-text"_L1, item.text, validLang(item.lang));
    }
    if (!item.transcript.isEmpty())
        html += u"<h3>Transcript</h3>"_s + textBlock("transcript"_L1, item.transcript);
    return card(u"Post"_s, html);
}

// Account age at the time of the post, not now: the page of one item is the same bytes
// whenever it is rendered, and "two days old when it posted" is what matters for review.
QString accountAge(qint64 accountCreatedAt, qint64 postedAt, bool* isNew)
{
    const qint64 days = (postedAt - accountCreatedAt) / (24 * 3600 * 1000);
    *isNew = days < 30;
    if (postedAt < accountCreatedAt)
        return u"created after this post"_s;
    if (days < 1)
        return u"less than a day"_s;
    if (days < 60)
        return number(days) + u" days"_s;
    if (days < 730)
        return number(days / 30) + u" months"_s;
    return number(days / 365) + u" years"_s;
}

QString authorSection(const Item& item)
{
    const Author& a = item.author;
    QString html = u"<div class=\"line\">"_s + handleHtml(a.handle);
    if (!a.displayName.isEmpty())
        html += u' ' + span("display-name"_L1, text(a.displayName));
    html += u"</div><div class=\"line\">"_s;
    if (a.followers)
        html += span("meta"_L1, number(*a.followers) + u" followers"_s) + kSep;
    if (a.accountCreatedAt) {
        bool isNew = false;
        const QString age = accountAge(*a.accountCreatedAt, item.createdAt, &isNew);
        html += span(isNew ? "badge new-account"_L1 : "meta"_L1, u"account age "_s + age) + u' ' +
                span("meta"_L1, u"(created "_s + timeHtml(*a.accountCreatedAt) + u')') + kSep;
    }
    html += span(a.priorStrikes > 0 ? "badge strikes"_L1 : "meta"_L1,
                 number(a.priorStrikes) + u" prior strikes"_s);
    return card(u"Author"_s, html + u"</div>"_s);
}

QString forwardSection(const Item& item)
{
    QString hops;
    for (const Forward& hop : item.forwardedFrom) {
        hops += u"<li>"_s + venueHtml(hop.venue);
        if (!hop.handle.isEmpty())
            hops += kSep + handleHtml(hop.handle);
        hops += u"</li>"_s;
    }
    QString html = hops.isEmpty() ? QString() : u"<ol class=\"chain\">"_s + hops + u"</ol>"_s;
    if (item.reposts)
        html += span("meta"_L1, number(*item.reposts) + u" reposts"_s);
    return card(u"Forwarded from"_s, html);
}

QString postHtml(const Post& post)
{
    QString head = handleHtml(post.authorHandle);
    if (!post.authorDisplayName.isEmpty())
        head += u' ' + span("display-name"_L1, text(post.authorDisplayName));
    return u"<article class=\"post\"><div class=\"line\">"_s + head + kSep +
           timeHtml(post.createdAt) + u"</div>"_s + textBlock("context-text"_L1, post.text) +
           u"</article>"_s;
}

QString postList(const QString& title, const std::vector<Post>& posts)
{
    if (posts.empty())
        return {};
    QString html = u"<h3>"_s + title + u"</h3>"_s;
    for (const Post& post : posts)
        html += postHtml(post);
    return html;
}

QString contextSection(const ItemContext& context)
{
    QString html;
    if (context.parent)
        html += u"<h3>In reply to</h3>"_s + postHtml(*context.parent);
    html += postList(u"Thread"_s, context.thread) +
            postList(u"Author's recent posts"_s, context.authorRecent);
    return card(u"Context"_s, html);
}

bool isSha256Hex(const QString& s)
{
    static const QRegularExpression hex(QRegularExpression::anchoredPattern(u"[0-9a-f]{64}"_s));
    return hex.match(s).hasMatch();
}

// The image's size scaled into a 320x320 box, so the grid is laid out before the image loads.
QString sizeAttributes(qint64 width, qint64 height)
{
    if (width <= 0 || height <= 0)
        return {};
    const double scale = std::min({1.0, 320.0 / double(width), 320.0 / double(height)});
    const auto w = std::max<qint64>(1, qint64(double(width) * scale));
    const auto h = std::max<qint64>(1, qint64(double(height) * scale));
    return u" width=\""_s + QString::number(w) + u"\" height=\""_s + QString::number(h) + u'"';
}

QString frameMarkHtml(quint32 mark)
{
    if (mark == 0)
        return {};
    const auto [r, g, b] = frameMarkColour(mark);
    return u"<div class=\"frame-mark\" style=\"background: rgb(%1, %2, %3)\"></div>\n"_s.arg(r)
        .arg(g)
        .arg(b);
}

QString mediaHtml(const Media& media, const QString& figureClass)
{
    // The codec already checks the hash; checking again keeps a codec bug from putting
    // anything but 64 hex digits into a URL.
    const QString image = isSha256Hex(media.sha256)
                              ? u"<span class=\"frame\"><img src=\"item://app/media/"_s +
                                    media.sha256 + u"\" alt=\"\""_s +
                                    sizeAttributes(media.width, media.height) + u"></span>"_s
                              : span("none"_L1, u"(invalid media hash)"_s);
    return u"<figure class=\""_s + figureClass + u"\">"_s + image + u"<figcaption>"_s +
           text(media.mime) + kSep + number(media.width) + u" \u00D7 "_s + number(media.height) +
           u"<br>"_s + span("hash"_L1, escapedWithMarkers(media.sha256)) +
           u"</figcaption></figure>"_s;
}

QString mediaSection(const Item& item, const PageOptions& options)
{
    QString figureClass = u"media"_s;
    if (options.blurMedia && !options.revealed)
        figureClass += u" blur"_s;
    if (options.grayscaleMedia && !options.revealed)
        figureClass += u" gray"_s;
    QString figures;
    for (const Media& media : item.media)
        figures += mediaHtml(media, figureClass);
    return card(u"Media"_s, figures.isEmpty()
                                ? figures
                                : u"<div class=\"media-grid\">"_s + figures + u"</div>"_s);
}

QString linksSection(const QStringList& links)
{
    QString items;
    for (const QString& link : links)
        items += u"<li>"_s + linkHtml(link) + u"</li>"_s;
    return card(u"Links (not opened)"_s, items.isEmpty() ? items : u"<ul>"_s + items + u"</ul>"_s);
}

QString hashtagsSection(const QStringList& hashtags)
{
    QString tags;
    for (const QString& tag : hashtags)
        tags += span("hashtag"_L1, text(tag)) + u' ';
    return card(u"Hashtags"_s, tags);
}

// The stylesheet ships inside the binary (qt_add_resources); the CSP allows inline style only.
const QString& stylesheet()
{
    static const QString css = [] {
        QFile file(u":/moddesk/item_page/item_page.css"_s);
        return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
    }();
    return css;
}

} // namespace

QString escapedWithMarkers(QStringView untrusted)
{
    QString out;
    out.reserve(untrusted.size() + untrusted.size() / 8);
    forEachCodePoint(untrusted, [&out](char32_t cp) { appendCodePoint(out, cp); });
    return out;
}

QString linkDomain(const QString& link)
{
    const QUrl url(browserLike(link), QUrl::TolerantMode);
    if (!url.isValid() || url.host().isEmpty())
        return {};
    return QString::fromLatin1(QUrl::toAce(url.host()));
}

namespace {

QString lookalikeSection(const std::vector<SpoofWarning>& warnings)
{
    QString items;
    for (const SpoofWarning& w : warnings) {
        const bool handle = w.kind == SpoofWarning::Kind::Handle;
        // A look-alike domain by the name DNS uses (its Unicode form reads like the real one).
        const QString ace = handle ? QString() : QString::fromLatin1(QUrl::toAce(w.text));
        const QString name = handle                             ? u"@"_s + w.text
                             : (ace.isEmpty() || ace == w.text) ? w.text
                                                                : ace + u" ("_s + w.text + u')';
        items += u"<li>"_s + span(handle ? "handle"_L1 : "domain"_L1, text(name)) + u" — "_s +
                 text(w.why) + u"</li>"_s;
    }
    return items.isEmpty() ? QString()
                           : u"<section class=\"card lookalike\"><h2>Look-alike names</h2><ul>"_s +
                                 items + u"</ul></section>"_s;
}

} // namespace

QString itemPageHtml(const Item& item, const PageOptions& options)
{
    PageContext context;
    context.rawText = options.rawText;
    const std::vector<SpoofWarning> warnings =
        spoofWarnings(item, options.knownAccounts, options.knownDomains);
    for (const SpoofWarning& w : warnings) {
        if (w.kind == SpoofWarning::Kind::Handle)
            context.lookalikeHandles.insert(w.text.toCaseFolded());
        else
            context.lookalikeDomains.insert(QString::fromLatin1(QUrl::toAce(w.text)).toLower());
    }
    const PageContext* outer = t_page;
    t_page = &context;
    const QString rawNote =
        options.rawText ? u"<p class=\"raw-note\">Raw text: invisible and direction characters "
                          u"act as they would for the author's audience; the markers are off."
                          u"</p>"_s
                        : QString();
    QString html = u"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                   "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                   "img-src item:; style-src 'unsafe-inline'\">"
                   "<title>ModDesk item</title><style>\n"_s +
                   stylesheet() + u"</style></head><body>\n"_s + frameMarkHtml(options.frameMark) +
                   rawNote + lookalikeSection(warnings) + headerSection(item) + postSection(item) +
                   mediaSection(item, options) + linksSection(item.links) +
                   hashtagsSection(item.hashtags) + authorSection(item) + forwardSection(item) +
                   contextSection(item.context) + u"</body></html>\n"_s;
    t_page = outer;
    return html;
}

std::array<int, 3> frameMarkColour(quint32 mark)
{
    return {0xf0 | int(mark & 7), 0xf0 | int((mark >> 3) & 7), 0xf8 | int((mark >> 6) & 7)};
}

} // namespace moddesk::ui
