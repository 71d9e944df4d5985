// Protects: handles and link domains that imitate known accounts, known domains or each other
// are flagged (ICU's confusable skeletons and restriction levels), and real names in one
// script, or Latin with CJK, are not.
#include "spoof_check.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace moddesk;

namespace {

const QStringList kKnownAccounts{u"synthetic_news_agency"_s, u"synthetic_ministry"_s};
const QStringList kKnownDomains{u"news.example"_s, u"ministry.example"_s};

Item itemBy(const QString& handle, QStringList links = {}, QStringList threadHandles = {})
{
    Item item;
    item.id = u"syn-spoof"_s;
    item.author.handle = handle;
    item.links = std::move(links);
    for (const QString& h : threadHandles) {
        Post p;
        p.authorHandle = h;
        item.context.thread.push_back(p);
    }
    return item;
}

} // namespace

class SpoofCheckTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aLookAlikeOfAKnownAccountIsFlagged()
    {
        // "а" is CYRILLIC SMALL LETTER A.
        const auto w =
            spoofWarnings(itemBy(u"synthetic_news_\u0430gency"_s), kKnownAccounts, kKnownDomains);
        QCOMPARE(w.size(), size_t(1));
        QCOMPARE(w[0].kind, SpoofWarning::Kind::Handle);
        QCOMPARE(w[0].looksLike, u"synthetic_news_agency"_s);
        QVERIFY2(w[0].why.contains(u"known account @synthetic_news_agency"_s),
                 qPrintable(w[0].why));
        QVERIFY2(w[0].why.contains(u"Cyrillic"_s) && w[0].why.contains(u"Latin"_s),
                 qPrintable(w[0].why));
    }

    void theRealAccountAndHonestNamesAreNot()
    {
        QVERIFY(spoofWarnings(itemBy(u"synthetic_news_agency"_s), kKnownAccounts, kKnownDomains)
                    .empty());
        QVERIFY(spoofWarnings(itemBy(u"SYNTHETIC_NEWS_AGENCY"_s), kKnownAccounts, kKnownDomains)
                    .empty());
        QVERIFY(
            spoofWarnings(
                itemBy(
                    u"\u0645\u0631\u0627\u0642\u0628_\u0627\u0644\u0623\u062E\u0628\u0627\u0631"_s),
                kKnownAccounts, kKnownDomains)
                .empty()); // Arabic only
        QVERIFY(spoofWarnings(itemBy(u"tokyo_\u6771\u4EAC"_s), kKnownAccounts, kKnownDomains)
                    .empty()); // Latin with Han, as Japanese is written
        QVERIFY(spoofWarnings(itemBy(u"\u0441\u0438\u043D\u0442\u0435\u0437"_s), kKnownAccounts,
                              kKnownDomains)
                    .empty()); // Cyrillic only, imitating nobody
    }

    void twoHandlesInOneItemThatLookAlike()
    {
        // The author and a reply in the thread: "i" and CYRILLIC "і".
        const auto w =
            spoofWarnings(itemBy(u"synthetic_reporter"_s, {}, {u"synthet\u0456c_reporter"_s}),
                          kKnownAccounts, kKnownDomains);
        QCOMPARE(w.size(), size_t(1));
        QCOMPARE(w[0].text, u"synthet\u0456c_reporter"_s);
        QCOMPARE(w[0].looksLike, u"synthetic_reporter"_s);
        QVERIFY(w[0].why.contains(u"also in this item"_s));
    }

    void lookAlikeDomains()
    {
        // Cyrillic "е" in punycode, and a digit one for an l.
        const auto w = spoofWarnings(
            itemBy(u"someone"_s, {u"https://xn--nws-rdd.example/story"_s,
                                  u"https://ministry.examp1e/x"_s, u"https://news.example/real"_s}),
            kKnownAccounts, kKnownDomains);
        QStringList flagged;
        for (const SpoofWarning& s : w) {
            QCOMPARE(s.kind, SpoofWarning::Kind::Domain);
            flagged.append(s.text + u" → "_s + s.looksLike);
        }
        QVERIFY2(flagged.contains(u"n\u0435ws.example → news.example"_s),
                 qPrintable(flagged.join(u", ")));
        QVERIFY2(flagged.contains(u"ministry.examp1e → ministry.example"_s),
                 qPrintable(flagged.join(u", ")));
        QCOMPARE(w.size(), size_t(2)); // the real news.example is not flagged
    }
};

QTEST_GUILESS_MAIN(SpoofCheckTest)
#include "spoof_check_test.moc"
