#include "spoof_check.h"

#include "item_page.h" // linkDomain

#include <QHash>
#include <QSet>
#include <QUrl>

#include <algorithm>
#include <memory>
#include <set>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>

using namespace Qt::StringLiterals;

namespace moddesk {
namespace {

struct CheckerDeleter {
    void operator()(USpoofChecker* c) const { uspoof_close(c); }
};
using Checker = std::unique_ptr<USpoofChecker, CheckerDeleter>;

// One checker per thread: ICU checkers are not to be shared while in use.
USpoofChecker* checker()
{
    thread_local Checker instance = [] {
        UErrorCode status = U_ZERO_ERROR;
        Checker c(uspoof_open(&status));
        if (U_FAILURE(status))
            return Checker();
        uspoof_setChecks(c.get(), USPOOF_RESTRICTION_LEVEL | USPOOF_INVISIBLE, &status);
        // Latin with Han, Hiragana, Katakana, Hangul or Bopomofo is how real names are
        // written; Latin with Cyrillic or Greek is how impostors are.
        uspoof_setRestrictionLevel(c.get(), USPOOF_HIGHLY_RESTRICTIVE);
        return U_FAILURE(status) ? Checker() : std::move(c);
    }();
    return instance.get();
}

const UChar* utf16(const QString& s)
{
    return reinterpret_cast<const UChar*>(s.utf16());
}

// The scripts of the letters in `text`, by name ("Latin and Cyrillic").
QString scriptsOf(const QString& text)
{
    std::set<QString> names;
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t cp = text[i].unicode();
        if (text[i].isHighSurrogate() && i + 1 < text.size()) {
            cp = QChar::surrogateToUcs4(text[i], text[i + 1]);
            ++i;
        }
        UErrorCode status = U_ZERO_ERROR;
        const UScriptCode script = uscript_getScript(UChar32(cp), &status);
        if (U_FAILURE(status) || script == USCRIPT_COMMON || script == USCRIPT_INHERITED)
            continue;
        names.insert(QString::fromLatin1(uscript_getName(script)));
    }
    QStringList list(names.begin(), names.end());
    if (list.size() <= 1)
        return list.join(QString());
    const QString last = list.takeLast();
    return list.join(u", ") + u" and "_s + last;
}

// Why `text` alone is suspect (mixed scripts), or "".
QString suspectAlone(const QString& text)
{
    USpoofChecker* c = checker();
    if (!c || text.isEmpty())
        return {};
    UErrorCode status = U_ZERO_ERROR;
    const int32_t result = uspoof_check(c, utf16(text), int32_t(text.size()), nullptr, &status);
    if (U_FAILURE(status) || result == 0)
        return {};
    if (result & USPOOF_RESTRICTION_LEVEL)
        return u"mixes %1 letters"_s.arg(scriptsOf(text));
    if (result & USPOOF_INVISIBLE)
        return u"contains invisible combining marks"_s;
    return {};
}

struct Candidate {
    SpoofWarning::Kind kind;
    QString text;
};

// The link's host as the page names it (linkDomain: read as a browser would), in its Unicode
// form: confusables are a matter of how it reads.
QString domainOf(const QString& link)
{
    const QString ace = ui::linkDomain(link);
    return ace.isEmpty() ? QString() : QUrl::fromAce(ace.toLatin1(), QUrl::IgnoreIDNWhitelist);
}

// The characters that make the difference, by name: "а U+0430 CYRILLIC SMALL LETTER A".
// A homoglyph looks the same on screen; its name does not.
QString foreignLetters(const QString& text, const QString& genuine)
{
    QStringList named;
    int shown = 0;
    for (qsizetype i = 0; i < text.size() && shown < 4; ++i) {
        char32_t cp = text[i].unicode();
        if (text[i].isHighSurrogate() && i + 1 < text.size())
            cp = QChar::surrogateToUcs4(text[i], text[i + 1]);
        const bool inGenuine = genuine.contains(QString::fromUcs4(&cp, 1), Qt::CaseInsensitive);
        if (cp < 0x80 || (inGenuine && !genuine.isEmpty()))
            continue;
        char name[128] = {};
        UErrorCode status = U_ZERO_ERROR;
        u_charName(UChar32(cp), U_UNICODE_CHAR_NAME, name, sizeof name, &status);
        named.append(QString::fromUcs4(&cp, 1) + u" U+"_s +
                     QString::number(uint(cp), 16).toUpper().rightJustified(4, u'0') +
                     (U_SUCCESS(status) && *name ? u' ' + QString::fromLatin1(name) : QString()));
        ++shown;
    }
    return named.join(u", ");
}

// Skeleton → the known name it belongs to. A policy may list thousands and every page is
// checked against them: the map is made once per list. The window passes the same list (one
// shared copy of the policy's) for every page, so the list's data pointer identifies it.
const QHash<QString, QString>& skeletonsOf(const QStringList& names)
{
    struct Cached {
        const QString* data = nullptr;
        qsizetype size = -1;
        QStringList keep; // holds the data alive, so the pointer cannot be reused meanwhile
        QHash<QString, QString> skeletons;
    };
    thread_local Cached cache[2]; // accounts and domains alternate
    thread_local int next = 0;
    for (Cached& c : cache)
        if (c.data == names.constData() && c.size == names.size())
            return c.skeletons;
    Cached& c = cache[next];
    next = 1 - next;
    c.data = names.constData();
    c.size = names.size();
    c.keep = names;
    c.skeletons.clear();
    for (const QString& n : names)
        c.skeletons.insert(confusableSkeleton(n), n);
    return c.skeletons;
}

} // namespace

QString confusableSkeleton(const QString& text)
{
    USpoofChecker* c = checker();
    if (!c || text.isEmpty())
        return {};
    const QString lower = text.toCaseFolded();
    UErrorCode status = U_ZERO_ERROR;
    const int32_t length =
        uspoof_getSkeleton(c, 0, utf16(lower), int32_t(lower.size()), nullptr, 0, &status);
    if (status != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(status))
        return {};
    QString skeleton(length, Qt::Uninitialized);
    status = U_ZERO_ERROR;
    uspoof_getSkeleton(c, 0, utf16(lower), int32_t(lower.size()),
                       reinterpret_cast<UChar*>(skeleton.data()), length, &status);
    return U_FAILURE(status) ? QString() : skeleton;
}

std::vector<SpoofWarning> spoofWarnings(const Item& item, const QStringList& knownAccounts,
                                        const QStringList& knownDomains)
{
    std::vector<Candidate> candidates;
    QSet<QString> seen;
    auto add = [&](SpoofWarning::Kind kind, const QString& text) {
        const QString key = QString::number(int(kind)) + text.toCaseFolded();
        if (!text.isEmpty() && !seen.contains(key)) {
            seen.insert(key);
            candidates.push_back({kind, text});
        }
    };
    add(SpoofWarning::Kind::Handle, item.author.handle);
    for (const Forward& f : item.forwardedFrom)
        add(SpoofWarning::Kind::Handle, f.handle);
    if (item.context.parent)
        add(SpoofWarning::Kind::Handle, item.context.parent->authorHandle);
    for (const auto* posts : {&item.context.thread, &item.context.authorRecent})
        for (const Post& p : *posts)
            add(SpoofWarning::Kind::Handle, p.authorHandle);
    add(SpoofWarning::Kind::Domain, domainOf(item.url));
    for (const QString& link : item.links)
        add(SpoofWarning::Kind::Domain, domainOf(link));

    const QHash<QString, QString>& knownHandles = skeletonsOf(knownAccounts);
    const QHash<QString, QString>& knownHosts = skeletonsOf(knownDomains);

    std::vector<SpoofWarning> warnings;
    QHash<QString, QString> inItem; // skeleton → first text of the item with it, per kind
    // Known names that appear as they are come first: the look-alike is the other one.
    auto isKnown = [&](const Candidate& c) {
        const QStringList& list =
            c.kind == SpoofWarning::Kind::Handle ? knownAccounts : knownDomains;
        return std::any_of(list.begin(), list.end(), [&](const QString& k) {
            return k.toCaseFolded() == c.text.toCaseFolded();
        });
    };
    std::stable_partition(candidates.begin(), candidates.end(), isKnown);
    for (const Candidate& c : candidates) {
        const bool handle = c.kind == SpoofWarning::Kind::Handle;
        const QString skeleton = confusableSkeleton(c.text);
        const QString shown = handle ? u"@"_s : QString();
        const auto& known = handle ? knownHandles : knownHosts;
        SpoofWarning w{c.kind, c.text, {}, {}};
        if (const auto it = known.constFind(skeleton);
            !skeleton.isEmpty() && it != known.constEnd() &&
            it->toCaseFolded() != c.text.toCaseFolded()) {
            w.looksLike = *it;
            w.why = u"looks like the known %1 %2%3 but is not it"_s.arg(
                handle ? u"account"_s : u"domain"_s, shown, *it);
        } else if (const QString key = QString::number(int(c.kind)) + skeleton;
                   !skeleton.isEmpty() && inItem.contains(key) &&
                   inItem.value(key).toCaseFolded() != c.text.toCaseFolded()) {
            w.looksLike = inItem.value(key);
            w.why = u"looks like %1%2, also in this item"_s.arg(shown, w.looksLike);
        }
        // A domain's labels are judged one by one: a Cyrillic name under .com is honest.
        QString alone;
        if (handle)
            alone = suspectAlone(c.text);
        else
            for (const QString& label : c.text.split(u'.'))
                if (alone.isEmpty())
                    alone = suspectAlone(label);
        if (!alone.isEmpty())
            w.why = w.why.isEmpty() ? alone : w.why + u"; "_s + alone;
        if (!w.why.isEmpty()) {
            if (const QString letters = foreignLetters(c.text, w.looksLike); !letters.isEmpty())
                w.why += u" (it has "_s + letters + u')';
            warnings.push_back(w);
        }
        if (const QString key = QString::number(int(c.kind)) + skeleton; !inItem.contains(key))
            inItem.insert(key, c.text);
    }
    return warnings;
}

} // namespace moddesk
