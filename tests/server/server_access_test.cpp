// Protects: protocol v1's access rules and plumbing as docs/protocol.md states them, on both
// engines: who may call what (every cell of the role matrix), clear errors for malformed
// requests with nothing half-applied, ingest, media by hash, TLS, and JSON 404s.
#include "contract_support.h"
#include "decision.h"
#include "sample_decisions.h"
#include "sha256.h"
#include "timestamp.h"

#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::test;

class ServerAccessTest final : public QObject {
    Q_OBJECT

    EngineServers m_servers;

private Q_SLOTS:
    void initTestCase_data() { EngineServers::addEngineRows(); }
    void initTestCase() { m_servers.startPostgres(); }
    void init()
    {
        const QString why = m_servers.unavailable();
        QVERIFY2(why.isEmpty(), qPrintable(why));
    }

    void meNamesTheCallerAndRole()
    {
        auto s = m_servers.fresh(0);
        QVERIFY(s);
        for (const QString& role :
             {u"moderator"_s, u"supervisor"_s, u"trainer"_s, u"admin"_s, u"ingest"_s}) {
            const HttpResult r = s->get(u"/v1/me"_s, role);
            QCOMPARE(r.status, 200);
            QCOMPARE(r.json().value(u"name"_s).toString(), role);
            QCOMPARE(r.json().value(u"role"_s).toString(), role);
        }
    }

    void missingOrWrongTokensAre401()
    {
        auto s = m_servers.fresh(0);
        QVERIFY(s);
        HttpResult r = s->call("GET"_ba, u"/v1/me"_s, {});
        QCOMPARE(r.status, 401);
        QCOMPARE(r.json().value(u"error"_s).toObject().value(u"code"_s).toString(),
                 u"unauthenticated"_s);
        r = s->call("GET"_ba, u"/v1/me"_s, u"mdk_not-a-real-token"_s);
        QCOMPARE(r.status, 401);
    }

    void everyEndpointAndRole_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QStringList>("allowed");
        const QStringList all{u"moderator"_s, u"supervisor"_s, u"trainer"_s, u"admin"_s,
                              u"ingest"_s};
        QTest::newRow("GET me") << "GET"_ba << u"/v1/me"_s << all;
        QTest::newRow("GET queues")
            << "GET"_ba << u"/v1/queues"_s
            << QStringList{u"moderator"_s, u"supervisor"_s, u"trainer"_s, u"admin"_s};
        QTest::newRow("GET policy") << "GET"_ba << u"/v1/policy"_s << all;
        QTest::newRow("POST leases") << "POST"_ba << u"/v1/queues/default/leases"_s
                                     << QStringList{u"moderator"_s, u"supervisor"_s};
        QTest::newRow("POST renew") << "POST"_ba << u"/v1/leases/none/renew"_s
                                    << QStringList{u"moderator"_s, u"supervisor"_s};
        QTest::newRow("DELETE lease")
            << "DELETE"_ba << u"/v1/leases/none"_s << QStringList{u"moderator"_s, u"supervisor"_s};
        QTest::newRow("POST decisions")
            << "POST"_ba << u"/v1/decisions"_s << QStringList{u"moderator"_s, u"supervisor"_s};
        QTest::newRow("GET decisions") << "GET"_ba << u"/v1/decisions?after=0"_s
                                       << QStringList{u"supervisor"_s, u"trainer"_s, u"admin"_s};
        QTest::newRow("POST items")
            << "POST"_ba << u"/v1/items"_s << QStringList{u"ingest"_s, u"admin"_s};
        QTest::newRow("PUT media") << "PUT"_ba << u"/v1/media/"_s + QString(64, u'0')
                                   << QStringList{u"ingest"_s, u"admin"_s};
        QTest::newRow("GET media")
            << "GET"_ba << u"/v1/media/"_s + QString(64, u'0')
            << QStringList{u"moderator"_s, u"supervisor"_s, u"trainer"_s, u"admin"_s};
        QTest::newRow("POST review-requests") << "POST"_ba << u"/v1/review-requests"_s
                                              << QStringList{u"moderator"_s, u"supervisor"_s};
        QTest::newRow("GET review-requests")
            << "GET"_ba << u"/v1/review-requests"_s << QStringList{u"supervisor"_s, u"admin"_s};
    }

    void everyEndpointAndRole()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QStringList, allowed);
        ServerProcess* shared = m_servers.shared(5);
        QVERIFY(shared);
        for (const QString& role :
             {u"moderator"_s, u"supervisor"_s, u"trainer"_s, u"admin"_s, u"ingest"_s}) {
            const HttpResult r = shared->call(method, path, shared->token(role), "{}"_ba);
            if (allowed.contains(role))
                QVERIFY2(r.status != 401 && r.status != 403,
                         qPrintable(role + u" was refused: "_s + QString::fromUtf8(r.body)));
            else
                QVERIFY2(r.status == 403,
                         qPrintable(role + u" got "_s + QString::number(r.status)));
        }
        QCOMPARE(shared->call(method, path, {}, "{}"_ba).status, 401);
    }

    void queuesAndPolicy()
    {
        auto s = m_servers.fresh(30);
        QVERIFY(s);
        const QJsonArray queues =
            s->get(u"/v1/queues"_s, u"moderator"_s).json().value(u"queues"_s).toArray();
        QCOMPARE(queues.size(), 1);
        QCOMPARE(queues[0].toObject().value(u"pending"_s).toInteger(), 30);
        QCOMPARE(queues[0].toObject().value(u"leased"_s).toInteger(), 0);
        const QJsonObject policy = s->get(u"/v1/policy"_s, u"moderator"_s).json();
        QCOMPARE(policy.value(u"version"_s).toString(), u"tvec-2026.11"_s);
    }

    void malformedDecisionRequests_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::newRow("not json") << "{\"decisions\": ["_ba << 400;
        QTest::newRow("not an array") << "{\"decisions\": {}}"_ba << 400;
        QTest::newRow("extra field") << "{\"decisions\": [], \"force\": true}"_ba << 400;
        QTest::newRow("array body") << "[]"_ba << 400;
        QTest::newRow("too large") << QByteArray(17 * 1024 * 1024, ' ') << 413;
    }

    void malformedDecisionRequests()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        ServerProcess* shared = m_servers.shared(2);
        QVERIFY(shared);
        const HttpResult r =
            shared->call("POST"_ba, u"/v1/decisions"_s, shared->token(u"moderator"_s), body);
        QCOMPARE(r.status, status);
        QVERIFY(!r.json().value(u"error"_s).toObject().value(u"message"_s).toString().isEmpty());
    }

    void ingestIsAllOrNothing()
    {
        auto s = m_servers.fresh(0);
        QVERIFY(s);
        QJsonObject item{{u"id"_s, u"ingested-1"_s},
                         {u"platform"_s, u"telegram"_s},
                         {u"content_type"_s, u"text/plain"_s},
                         {u"text"_s, u"[SYNTHETIC] ingest test"_s},
                         {u"created_at"_s, u"2026-11-23T10:00:00Z"_s},
                         {u"author"_s, QJsonObject{{u"handle"_s, u"synthetic"_s}}},
                         {u"source"_s, QJsonObject{{u"type"_s, u"user_report"_s},
                                                   {u"received_at"_s, u"2026-11-23T10:01:00Z"_s}}}};
        QJsonObject broken = item;
        broken.insert(u"id"_s, u"ingested-2"_s);
        broken.insert(u"author"_s, QJsonObject{{u"handle"_s, 42}});
        HttpResult r =
            s->post(u"/v1/items"_s, u"ingest"_s,
                    {{u"queue"_s, u"default"_s}, {u"items"_s, QJsonArray{item, broken}}});
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json().value(u"error"_s).toObject().value(u"field"_s).toString(),
                 u"items[1].author.handle"_s);
        QCOMPARE(s->get(u"/v1/queues"_s, u"admin"_s).json().value(u"queues"_s).toArray().size(), 0);

        r = s->post(u"/v1/items"_s, u"ingest"_s,
                    {{u"queue"_s, u"default"_s}, {u"items"_s, QJsonArray{item}}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"added"_s).toInteger(), 1);
        r = s->post(u"/v1/items"_s, u"ingest"_s,
                    {{u"queue"_s, u"default"_s}, {u"items"_s, QJsonArray{item}}});
        QCOMPARE(r.json().value(u"already_present"_s).toInteger(), 1);
    }

    void mediaIsServedByItsHash()
    {
        auto s = m_servers.fresh(30);
        QVERIFY(s);
        QString sha;
        for (const Leased& l : lease(*s, u"moderator"_s, 30)) {
            const QJsonArray media = l.item.value(u"media"_s).toArray();
            if (!media.isEmpty()) {
                sha = media[0].toObject().value(u"sha256"_s).toString();
                break;
            }
        }
        QVERIFY2(!sha.isEmpty(), "the seed put no images in 30 items");
        const HttpResult r = s->get(u"/v1/media/"_s + sha, u"moderator"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.headers.value("content-type"), "image/png"_ba);
        QVERIFY(r.body.startsWith("\x89PNG\r\n\x1a\n"));
        QCOMPARE(QString::fromLatin1(Sha256::hexDigest(r.body)), sha);
        QCOMPARE(s->get(u"/v1/media/"_s + QString(64, u'a'), u"moderator"_s).status, 404);
    }

    void mediaUploadChecksTheHash()
    {
        auto s = m_servers.fresh(0);
        QVERIFY(s);
        const QByteArray png = "\x89PNG\r\n\x1a\n synthetic bytes"_ba;
        const QString sha = QString::fromLatin1(Sha256::hexDigest(png));
        auto put = [&](const QString& hash, const QByteArray& type, const QString& role) {
            return httpRequestWithType("PUT"_ba, s->baseUrl() + u"/v1/media/"_s + hash,
                                       s->token(role), png, type);
        };
        QCOMPARE(put(QString(64, u'b'), "image/png"_ba, u"ingest"_s).status, 400);
        QCOMPARE(put(sha, "text/html"_ba, u"ingest"_s).status, 415);
        QCOMPARE(put(sha, "image/png"_ba, u"moderator"_s).status, 403);
        QCOMPARE(s->get(u"/v1/media/"_s + sha, u"moderator"_s).status, 404); // nothing stored yet
        QCOMPARE(put(sha, "image/png"_ba, u"ingest"_s).status, 201);
        const HttpResult got = s->get(u"/v1/media/"_s + sha, u"moderator"_s);
        QCOMPARE(got.status, 200);
        QCOMPARE(got.body, png);
    }

    void servesHttpsWithTheGivenCertificate()
    {
        QFETCH_GLOBAL(QString, engine);
        if (engine != u"sqlite")
            QSKIP("TLS does not depend on the engine; checked once, on SQLite");
        QTemporaryDir dir;
        const QString cert = dir.filePath(u"cert.pem"_s);
        const QString key = dir.filePath(u"key.pem"_s);
        QProcess openssl;
        openssl.start(u"openssl"_s,
                      {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s, u"-keyout"_s,
                       key, u"-out"_s, cert, u"-days"_s, u"2"_s, u"-subj"_s, u"/CN=127.0.0.1"_s,
                       u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s});
        QVERIFY2(openssl.waitForFinished(60000) && openssl.exitCode() == 0,
                 openssl.readAllStandardError().constData());
        ServerProcess s({}, 0);
        s.useTls(cert, key);
        QVERIFY2(s.start(), qPrintable(s.error()));
        trustCertificate(cert);
        const HttpResult r = s.get(u"/v1/me"_s, u"moderator"_s);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().value(u"name"_s).toString(), u"moderator"_s);
        // Plain HTTP to the TLS port gets no answer.
        QString plain = s.baseUrl();
        plain.replace(u"https://"_s, u"http://"_s);
        QCOMPARE(httpRequest("GET"_ba, plain + u"/v1/me"_s, s.token(u"moderator"_s)).status, 0);
    }

    void unknownPathsAnswerJson404()
    {
        auto s = m_servers.fresh(0);
        QVERIFY(s);
        const HttpResult r = s->get(u"/v1/nothing-here"_s, u"moderator"_s);
        QCOMPARE(r.status, 404);
        QCOMPARE(r.json().value(u"error"_s).toObject().value(u"code"_s).toString(), u"not_found"_s);
    }
};

QTEST_GUILESS_MAIN(ServerAccessTest)
#include "server_access_test.moc"
