// The client's side of protocol v1 without a server: every malformed answer is an error value
// that says what was wrong; backoff spreads and caps its waits; the chain check catches a server
// that rewrote, reordered or rolled back decisions.
#include "backoff.h"
#include "http_transport.h"
#include "protocol_client.h"
#include "sample_decisions.h"
#include "sync_engine.h"

#include <QElapsedTimer>
#include <QTest>

#include <algorithm>
#include <numeric>
#include <set>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::net;

namespace {

// JSON written with ' for " (readable in a table, and moc cannot read raw string literals).
QByteArray q(const char* text)
{
    return QByteArray(text).replace('\'', '"');
}

const QByteArray kItem =
    q("{'id':'syn-1','platform':'telegram','content_type':'text/plain','text':'[SYNTHETIC]',"
      "'lang':'en','created_at':'2026-11-23T10:00:00.000Z','author':{'handle':'a'},"
      "'source':{'type':'user_report','received_at':'2026-11-23T10:00:00.000Z'}}");
const QByteArray kLease = q("{'id':'l-1','token':3,'expires_at':'2026-11-23T10:05:00.000Z'}");
const QString kHash = QString(64, u'a');

Decision sentDecision(int n)
{
    Decision d = test::sampleDecision(1);
    d.id = test::sampleUuid(n, 5);
    return d.withoutChainFields();
}

// The answer an honest server gives for `sent`, chained after `head`.
SubmitAnswer honestAnswer(const std::vector<Decision>& sent, ChainHead head)
{
    SubmitAnswer a;
    for (const Decision& d : sent) {
        Decision chained = d;
        chained.placeInChain(head.seq + 1, head.hash);
        a.results.push_back(
            {d.id, u"accepted"_s, {}, {}, chained.seq, chained.prevHash, chained.hash});
        head = ChainHead{chained.seq, chained.hash};
    }
    a.head = head;
    return a;
}

} // namespace

class ProtocolDecodersTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void wellFormedAnswersDecode()
    {
        const QByteArray body =
            q("{'leases':[{'item':") + kItem + q(",'lease':") + kLease + "}]}"_ba;
        auto leases = ProtocolClient::decodeLeases(body);
        QVERIFY2(leases.ok(), leases ? "" : qPrintable(leases.error().toString()));
        QCOMPARE(leases->size(), size_t(1));
        QCOMPARE(leases->front().lease.itemId, u"syn-1"_s);
        QCOMPARE(leases->front().lease.token, 3);
        QVERIFY(Item::fromJsonBytes(leases->front().itemJson).ok());

        auto me = ProtocolClient::decodeMe(q("{'name':'alice','role':'moderator'}"));
        QVERIFY(me.ok());
        QCOMPARE(me->name, u"alice"_s);
    }

    void malformedAnswers_data()
    {
        QTest::addColumn<QString>("decoder");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("mentions"); // what the message must name

        QTest::newRow("me: empty") << u"me"_s << ""_ba << u"answer"_s;
        QTest::newRow("me: not json") << u"me"_s << "<html>502</html>"_ba << u"answer"_s;
        QTest::newRow("me: array") << u"me"_s << "[1,2]"_ba << u"object"_s;
        QTest::newRow("me: name a number")
            << u"me"_s << q("{'name':7,'role':'moderator'}") << u"name"_s;
        QTest::newRow("me: unknown role")
            << u"me"_s << q("{'name':'a','role':'root'}") << u"role"_s;
        QTest::newRow("me: truncated") << u"me"_s << q("{'name':'a','ro") << u"answer"_s;
        QTest::newRow("me: invalid utf-8") << u"me"_s << "{\"name\":\"\xff\xfe\"}"_ba << u"UTF8"_s;
        QTest::newRow("leases: missing") << u"leases"_s << "{}"_ba << u"leases"_s;
        QTest::newRow("leases: not a list") << u"leases"_s << q("{'leases':{}}") << u"leases"_s;
        QTest::newRow("leases: item missing")
            << u"leases"_s << q("{'leases':[{'lease':") + kLease + "}]}"_ba << u"leases[0].item"_s;
        QTest::newRow("leases: token zero")
            << u"leases"_s
            << q("{'leases':[{'item':") + kItem +
                   q(",'lease':{'id':'l','token':0,'expires_at':'2026-11-23T10:05:00.000Z'}}]}")
            << u"leases[0].lease.token"_s;
        QTest::newRow("leases: bad expiry")
            << u"leases"_s
            << q("{'leases':[{'item':") + kItem +
                   q(",'lease':{'id':'l','token':1,'expires_at':'tomorrow'}}]}")
            << u"leases[0].lease.expires_at"_s;
        QTest::newRow("leases: item of another id")
            << u"leases"_s
            << q("{'leases':[{'item':") + kItem +
                   q(",'lease':{'id':'l','item_id':'other','token':1,'expires_at':'2026-11-23T10:"
                     "05:00.000Z'}}]}")
            << u"item_id"_s;
        QTest::newRow("leases: item text too long")
            << u"leases"_s
            << q("{'leases':[{'item':") +
                   QByteArray(kItem).replace("[SYNTHETIC]", QByteArray(1'000'001, 'x')) +
                   q(",'lease':") + kLease + "}]}"_ba
            << u"leases[0].item.text"_s;
        QTest::newRow("submit: results missing")
            << u"submit"_s << q("{'chain_head':{'seq':0,'hash':'") + kHash.toLatin1() + "\"}}"
            << u"results"_s;
        QTest::newRow("submit: wrong count")
            << u"submit"_s
            << q("{'results':[],'chain_head':{'seq':0,'hash':'") + kHash.toLatin1() + "\"}}"
            << u"0 answers for 1 decisions"_s;
        QTest::newRow("submit: unknown status")
            << u"submit"_s
            << q("{'results':[{'id':'x','status':'maybe'}],'chain_head':{'seq':0,'hash':'") +
                   kHash.toLatin1() + "\"}}"
            << u"results[0].status"_s;
        QTest::newRow("submit: accepted without seq")
            << u"submit"_s
            << q("{'results':[{'id':'x','status':'accepted'}],'chain_head':{'seq':0,'hash':'") +
                   kHash.toLatin1() + "\"}}"
            << u"results[0].seq"_s;
        QTest::newRow("submit: head hash not hex")
            << u"submit"_s
            << q("{'results':[{'id':'x','status':'duplicate'}],'chain_head':{'seq':1,'hash':'zz'}}")
            << u"chain_head.hash"_s;
        QTest::newRow("submit: answers another id")
            << u"submit"_s
            << q("{'results':[{'id':'not-sent','status':'duplicate'}],'chain_head':{'seq':0,'hash':"
                 "'") +
                   kHash.toLatin1() + "\"}}"
            << u"results[0].id"_s;
        QTest::newRow("submit: seq a string")
            << u"submit"_s
            << q("{'results':[{'id':'x','status':'accepted','seq':'1','prev_hash':'") +
                   kHash.toLatin1() + q("','hash':'") + kHash.toLatin1() +
                   q("'}],'chain_head':{'seq':1,'hash':'") + kHash.toLatin1() + q("'}}")
            << u"results[0].seq"_s;
        QTest::newRow("renew: lease missing") << u"renew"_s << "{}"_ba << u"lease"_s;
        QTest::newRow("policy: no verdicts")
            << u"policy"_s << q("{'version':'v'}") << u"verdicts"_s;
        QTest::newRow("huge nesting")
            << u"me"_s << QByteArray(100000, '[') + QByteArray(100000, ']') << u"answer"_s;
    }

    void malformedAnswers()
    {
        QFETCH(QString, decoder);
        QFETCH(QByteArray, body);
        QFETCH(QString, mentions);
        std::vector<Decision> sent{sentDecision(1)};
        if (decoder == u"submit")
            body.replace("\"x\"", QByteArray("\"" + sent[0].id.toLatin1() + "\""));
        Error e;
        if (decoder == u"me")
            e = ProtocolClient::decodeMe(body).error();
        else if (decoder == u"leases")
            e = ProtocolClient::decodeLeases(body).error();
        else if (decoder == u"submit")
            e = ProtocolClient::decodeSubmit(body, sent).error();
        else if (decoder == u"renew")
            e = ProtocolClient::decodeRenew(body).error();
        else
            e = ProtocolClient::decodePolicy(body).error();
        QVERIFY2(e.toString().contains(mentions), qPrintable(e.toString()));
        QVERIFY2(e.toString().contains(u"malformed"_s), qPrintable(e.toString()));
        QCOMPARE(e.code, u"bad_answer"_s);
    }

    void failuresKeepTheServersWords()
    {
        HttpResponse r;
        r.status = 409;
        r.body = q("{'error':{'code':'lease_lost','message':'the item was decided'}}");
        Error e = ProtocolClient::decodeFailure(r, u"POST renew"_s);
        QCOMPARE(e.code, u"lease_lost"_s);
        QVERIFY(e.message.contains(u"the item was decided"_s));
        QVERIFY(!e.transient);

        r.status = 503;
        r.body = "<html>busy</html>";
        r.headers.insert("retry-after", "7");
        e = ProtocolClient::decodeFailure(r, u"POST decisions"_s);
        QVERIFY(e.transient);
        QCOMPARE(e.retryAfterSeconds, 7);
        QCOMPARE(e.code, u"http_503"_s);

        r.status = 429;
        r.headers.insert("retry-after", "soon");
        e = ProtocolClient::decodeFailure(r, u"x"_s);
        QVERIFY(e.transient);
        QCOMPARE(e.retryAfterSeconds, -1); // unreadable: ignored, backoff alone decides
        for (int status : {400, 401, 403, 404, 413})
            QVERIFY(!isTransientStatus(status));
        for (int status : {408, 429, 500, 502, 503, 504})
            QVERIFY(isTransientStatus(status));
    }

    void retryAfterForms()
    {
        QCOMPARE(parseRetryAfter("120"), 120);
        QCOMPARE(parseRetryAfter(" 0 "), 0);
        QCOMPARE(parseRetryAfter("-5"), -1);
        QCOMPARE(parseRetryAfter(""), -1);
        QCOMPARE(parseRetryAfter("999999999"), 24 * 3600); // capped
        // An HTTP date a minute ahead: about 60 s, less the time this test took to get there
        // (measured, however slow the machine) and the date's whole-second rounding.
        QElapsedTimer took;
        took.start();
        const QDateTime inAMinute = QDateTime::currentDateTimeUtc().addSecs(60);
        const QByteArray date =
            QLocale::c().toString(inAMinute, u"ddd, dd MMM yyyy HH:mm:ss"_s).toLatin1() + " GMT";
        const int seconds = parseRetryAfter(date);
        QVERIFY2(seconds <= 60 && seconds >= 59 - int(took.elapsed() / 1000),
                 qPrintable(QString::number(seconds)));
    }

    void backoffIsFullJitterAndCapped()
    {
        Backoff b({100, 2000, 10'000}, 42);
        const Error transient = [] {
            Error e{u"x"_s};
            e.transient = true;
            return e;
        }();
        // Attempt n waits within [0, min(cap, base * 2^n)], spread over the whole range.
        for (int attempt = 0; attempt < 8; ++attempt) {
            const int ceiling = std::min(2000, 100 << attempt);
            std::vector<int> waits;
            for (int i = 0; i < 400; ++i) {
                Backoff fresh({100, 2000, 10'000}, quint32(i * 7919 + attempt));
                for (int k = 0; k < attempt; ++k)
                    (void)fresh.nextDelayMs(transient);
                waits.push_back(fresh.nextDelayMs(transient));
            }
            const auto [lo, hi] = std::minmax_element(waits.begin(), waits.end());
            QVERIFY2(*hi <= ceiling,
                     qPrintable(u"attempt %1 waited %2 > %3"_s.arg(attempt).arg(*hi).arg(ceiling)));
            QVERIFY(*lo < ceiling / 10);     // full jitter reaches down to zero...
            QVERIFY(*hi > ceiling * 9 / 10); // ...and up to the ceiling
            const double mean = std::accumulate(waits.begin(), waits.end(), 0.0) / waits.size();
            QVERIFY2(qAbs(mean - ceiling / 2.0) < ceiling * 0.1,
                     qPrintable(u"mean %1 for ceiling %2"_s.arg(mean).arg(ceiling)));
        }
        for (int i = 0; i < 50; ++i)
            QVERIFY(b.nextDelayMs(transient) <= 2000);

        // Retry-After is a floor, itself capped.
        Error busy = transient;
        busy.retryAfterSeconds = 3;
        Backoff c({100, 2000, 10'000}, 1);
        QVERIFY(c.nextDelayMs(busy) >= 3000);
        busy.retryAfterSeconds = 86400;
        QCOMPARE(c.nextDelayMs(busy), 10'000);
    }

    void honestChainsCheckOut()
    {
        const std::vector<Decision> sent{sentDecision(1), sentDecision(2), sentDecision(3)};
        const ChainHead start{41, QString(64, u'c')};
        QVERIFY(SyncEngine::checkAnswer(sent, honestAnswer(sent, start), start).ok());
        QVERIFY(
            SyncEngine::checkAnswer(sent, honestAnswer(sent, {0, QString(64, u'0')}), std::nullopt)
                .ok());
        // Other moderators' decisions in between: seq jumps, still fine.
        SubmitAnswer gap = honestAnswer(sent, {50, QString(64, u'd')});
        QVERIFY(SyncEngine::checkAnswer(sent, gap, start).ok());
    }

    void tamperedChainsAreCaught_data()
    {
        QTest::addColumn<QString>("tamper");
        QTest::newRow("content rewritten") << u"content"_s;
        QTest::newRow("seq reused") << u"seq"_s;
        QTest::newRow("fork from the known head") << u"fork"_s;
        QTest::newRow("head rolled back") << u"rollback"_s;
        QTest::newRow("head hash differs") << u"headhash"_s;
    }

    void tamperedChainsAreCaught()
    {
        QFETCH(QString, tamper);
        std::vector<Decision> sent{sentDecision(1), sentDecision(2)};
        const ChainHead start{41, QString(64, u'c')};
        SubmitAnswer a = honestAnswer(sent, start);
        if (tamper == u"content") {
            Decision other = sent[1];
            other.verdict = u"violating"_s;
            a = honestAnswer({sent[0], other}, start);
        } else if (tamper == u"seq") {
            a = honestAnswer(sent, {40, QString(64, u'e')}); // seq 41 again
        } else if (tamper == u"fork") {
            a = honestAnswer(sent, {41, QString(64, u'f')}); // 42 after another 41
        } else if (tamper == u"rollback") {
            std::vector<Decision> none;
            a = SubmitAnswer{};
            a.head = ChainHead{12, QString(64, u'1')};
            sent = none;
        } else {
            a = SubmitAnswer{};
            a.head = ChainHead{41, QString(64, u'9')};
            sent = {};
        }
        const Status checked = SyncEngine::checkAnswer(sent, a, start);
        QVERIFY(!checked.ok());
        QCOMPARE(checked.error().code, u"chain_mismatch"_s);
        QVERIFY(checked.error().message.contains(u"tampering"_s));
    }
};

QTEST_GUILESS_MAIN(ProtocolDecodersTest)
#include "protocol_decoders_test.moc"
