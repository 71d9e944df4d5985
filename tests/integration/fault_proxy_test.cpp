// Protects: the fault proxy the sync client's tests stand on. Each fault must do what it says,
// seen both from the client (no answer, half an answer, an injected status) and from the real
// moddesk-server behind it (the request processed never, once, or twice), or those tests would
// prove nothing.
#include "fault_proxy.h"
#include "server_process.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTest>
#include <QUrl>

#include <memory>

using namespace Qt::StringLiterals;
using namespace moddesk::test;

namespace {

// What a client saw of one exchange.
struct RawReply {
    bool answered = false; // a whole status line and header block arrived
    int status = 0;
    QHash<QByteArray, QByteArray> headers; // names in lower case
    QByteArray body;
    qint64 contentLength = -1;
    bool complete = false; // the body holds all of Content-Length
    bool closed = false;   // the connection was closed before or after the answer
    qint64 elapsedMs = 0;
};

// HTTP/1.1 over a bare socket. QNetworkAccessManager would quietly resend a request whose
// connection closed before any answer, and so hide the very faults under test.
class RawClient final {
public:
    explicit RawClient(quint16 port)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        m_socket.waitForConnected(30000);
    }

    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

    RawReply send(const QByteArray& method, const QString& path, const QString& token = {},
                  const QByteArray& body = {}, int timeoutMs = 30000)
    {
        return exchange(head(method, path, token, body.size()) + "\r\n" + body, timeoutMs);
    }

    static QByteArray head(const QByteArray& method, const QString& path, const QString& token,
                           qsizetype bodySize)
    {
        QByteArray out = method + ' ' + path.toLatin1() + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
        if (!token.isEmpty())
            out += "Authorization: Bearer " + token.toLatin1() + "\r\n";
        if (bodySize > 0)
            out += "Content-Type: application/json\r\nContent-Length: " +
                   QByteArray::number(bodySize) + "\r\n";
        return out;
    }

    void write(const QByteArray& bytes)
    {
        m_socket.write(bytes);
        m_socket.waitForBytesWritten(30000);
    }

    RawReply exchange(const QByteArray& bytes, int timeoutMs = 30000)
    {
        QElapsedTimer timer;
        timer.start();
        write(bytes);
        return read(timer, timeoutMs);
    }

    // Raw bytes up to and including `marker`, for looking at what read() would skip.
    QByteArray readUntil(const QByteArray& marker, int timeoutMs)
    {
        QElapsedTimer timer;
        timer.start();
        QByteArray bytes;
        while (!bytes.contains(marker) && timer.elapsed() < timeoutMs && isOpen()) {
            if (m_socket.bytesAvailable() == 0)
                m_socket.waitForReadyRead(int(timeoutMs - timer.elapsed()));
            bytes += m_socket.read(1);
        }
        return bytes;
    }

    // Reads one answer, skipping interim 1xx ones.
    RawReply read(const QElapsedTimer& timer, int timeoutMs = 30000)
    {
        RawReply r;
        QByteArray buffer;
        for (;;) {
            buffer += m_socket.readAll();
            if (!r.answered) {
                const qsizetype end = buffer.indexOf("\r\n\r\n");
                if (end >= 0) {
                    const QList<QByteArray> lines = buffer.left(end).split('\n');
                    const int status = lines.first().mid(9, 3).toInt();
                    buffer.remove(0, end + 4);
                    if (status >= 200) {
                        r.answered = true;
                        r.status = status;
                        for (qsizetype i = 1; i < lines.size(); ++i) {
                            const QByteArray line = lines[i].trimmed();
                            const qsizetype colon = line.indexOf(':');
                            r.headers.insert(line.left(colon).toLower(),
                                             line.mid(colon + 1).trimmed());
                        }
                        if (r.headers.contains("content-length"_ba))
                            r.contentLength = r.headers.value("content-length"_ba).toLongLong();
                    }
                    continue;
                }
            }
            if (r.answered) {
                r.body = buffer;
                if (r.contentLength >= 0 && r.body.size() >= r.contentLength) {
                    r.complete = true;
                    break;
                }
            }
            if (!isOpen()) {
                r.closed = true;
                break;
            }
            const qint64 left = timeoutMs - timer.elapsed();
            if (left <= 0)
                break;
            m_socket.waitForReadyRead(int(left));
        }
        if (r.complete && r.headers.value("connection"_ba) == "close") {
            // The proxy is expected to close right after: give it the chance, then look.
            m_socket.waitForReadyRead(1000);
            r.closed = !isOpen();
        }
        r.elapsedMs = timer.elapsed();
        return r;
    }

private:
    QTcpSocket m_socket;
};

QByteArray leaseBody()
{
    return QJsonDocument(QJsonObject{{u"max_items"_s, 1}}).toJson(QJsonDocument::Compact);
}

quint16 portOf(const ServerProcess& server)
{
    return quint16(QUrl(server.baseUrl()).port());
}

// A port nothing listens on, for as long as the test needs it not to.
quint16 closedPort()
{
    QTcpSocket probe;
    probe.bind(QHostAddress::LocalHost, 0);
    return probe.localPort();
}

} // namespace

class FaultProxyTest final : public QObject {
    Q_OBJECT

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<FaultProxy> m_proxy;

    // Items of the default queue under a live lease, asked of the server directly.
    int leased() const
    {
        const QJsonArray queues =
            m_server->get(u"/v1/queues"_s, u"moderator"_s).json().value(u"queues"_s).toArray();
        return queues.isEmpty() ? -1 : int(queues[0].toObject().value(u"leased"_s).toInteger());
    }

    RawReply leaseThroughProxy(int timeoutMs = 30000)
    {
        RawClient client(m_proxy->port());
        return client.send("POST"_ba, u"/v1/queues/default/leases"_s,
                           m_server->token(u"moderator"_s), leaseBody(), timeoutMs);
    }

    RawReply meThroughProxy()
    {
        RawClient client(m_proxy->port());
        return client.send("GET"_ba, u"/v1/me"_s, m_server->token(u"moderator"_s));
    }

    void always(Fault f)
    {
        m_proxy->setSchedule([f](int) { return f; });
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_server = std::make_unique<ServerProcess>(QString(), 40);
        QVERIFY2(m_server->start(), qPrintable(m_server->error()));
        m_proxy = std::make_unique<FaultProxy>(portOf(*m_server));
        QVERIFY(m_proxy->start());
        QVERIFY(m_proxy->port() != 0);
        QCOMPARE(leased(), 0);
    }

    void cleanup()
    {
        m_proxy->setSchedule({});
        m_proxy->setStallMs(3000);
        m_proxy->setUpstreamPort(portOf(*m_server));
    }

    void noneAnswersLikeTheServer()
    {
        const HttpResult direct = m_server->get(u"/v1/me"_s, u"moderator"_s);
        QCOMPARE(direct.status, 200);
        const int before = m_proxy->count(Fault::None);
        const RawReply viaProxy = meThroughProxy();
        QVERIFY(viaProxy.answered && viaProxy.complete);
        QCOMPARE(viaProxy.status, 200);
        QCOMPARE(viaProxy.body, direct.body);
        QCOMPARE(viaProxy.headers.value("content-type"_ba),
                 direct.headers.value("content-type"_ba));
        QCOMPARE(m_proxy->count(Fault::None), before + 1);

        // And an ordinary client through the proxy, error answers included.
        const QString url = u"http://127.0.0.1:%1/v1/me"_s.arg(m_proxy->port());
        const HttpResult qt = httpRequest("GET"_ba, url, m_server->token(u"moderator"_s));
        QCOMPARE(qt.status, 200);
        QCOMPARE(qt.body, direct.body);
        QCOMPARE(httpRequest("GET"_ba, url, u"no-such-token"_s).status, 401);
    }

    void noneKeepsTheConnectionAlive()
    {
        const int before = m_proxy->requests();
        const int leasedBefore = leased();
        RawClient client(m_proxy->port());
        const QString token = m_server->token(u"moderator"_s);
        for (int i = 0; i < 3; ++i) {
            const RawReply r =
                client.send("POST"_ba, u"/v1/queues/default/leases"_s, token, leaseBody());
            QCOMPARE(r.status, 200);
            QVERIFY(r.complete);
            QVERIFY(!r.closed);
            QCOMPARE(r.headers.value("connection"_ba), "keep-alive"_ba);
            QCOMPARE(QJsonDocument::fromJson(r.body).object().value(u"leases"_s).toArray().size(),
                     1);
        }
        QCOMPARE(m_proxy->requests(), before + 3);
        QCOMPARE(leased(), leasedBefore + 3);

        // Connection: close is honoured too.
        const QByteArray closing =
            RawClient::head("GET"_ba, u"/v1/me"_s, token, 0) + "Connection: close\r\n\r\n";
        const RawReply last = client.exchange(closing);
        QCOMPARE(last.status, 200);
        QVERIFY(last.complete);
        QVERIFY(last.closed);
    }

    void dropRequestNeverReachesTheServer()
    {
        always(Fault::DropRequest);
        const int before = leased();
        const int counted = m_proxy->count(Fault::DropRequest);
        const RawReply r = leaseThroughProxy();
        QVERIFY(!r.answered);
        QVERIFY(r.closed);
        QCOMPARE(leased(), before);
        QCOMPARE(m_proxy->count(Fault::DropRequest), counted + 1);
    }

    void dropResponseIsProcessedButNotAnswered()
    {
        always(Fault::DropResponse);
        const int before = leased();
        const int counted = m_proxy->count(Fault::DropResponse);
        const RawReply r = leaseThroughProxy();
        QVERIFY(!r.answered);
        QVERIFY(r.closed);
        QCOMPARE(leased(), before + 1);
        QCOMPARE(m_proxy->count(Fault::DropResponse), counted + 1);
    }

    void stallHoldsTheAnswerThenCloses()
    {
        always(Fault::Stall);
        m_proxy->setStallMs(300);
        const int before = leased();
        const int counted = m_proxy->count(Fault::Stall);
        const RawReply r = leaseThroughProxy();
        QVERIFY(!r.answered);
        QVERIFY(r.closed);
        // Held at least as long as asked, then closed (not held until the client gave up).
        QVERIFY2(r.elapsedMs >= 300, qPrintable(QString::number(r.elapsedMs)));
        QCOMPARE(leased(), before + 1);
        QCOMPARE(m_proxy->count(Fault::Stall), counted + 1);
    }

    void truncateBodySendsHalfTheBody()
    {
        always(Fault::TruncateBody);
        const int before = leased();
        const RawReply r = leaseThroughProxy();
        QVERIFY(r.answered);
        QCOMPARE(r.status, 200);
        QVERIFY(r.contentLength > 0);
        QVERIFY(!r.complete);
        QVERIFY(r.closed);
        QCOMPARE(r.body.size(), r.contentLength / 2);
        QVERIFY(QJsonDocument::fromJson(r.body).isNull());
        QCOMPARE(leased(), before + 1);

        // A client that reads to the end notices, too.
        const QString url = u"http://127.0.0.1:%1/v1/me"_s.arg(m_proxy->port());
        const HttpResult qt = httpRequest("GET"_ba, url, m_server->token(u"moderator"_s));
        QVERIFY(qt.json().isEmpty());
    }

    void injectedStatusesNeverReachTheServer_data()
    {
        QTest::addColumn<Fault>("fault");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("retryAfter");
        QTest::newRow("500") << Fault::Status500 << 500 << QByteArray();
        QTest::newRow("503") << Fault::Status503RetryAfter << 503 << "1"_ba;
        QTest::newRow("429") << Fault::Status429RetryAfter << 429 << "1"_ba;
    }

    void injectedStatusesNeverReachTheServer()
    {
        QFETCH(Fault, fault);
        QFETCH(int, status);
        QFETCH(QByteArray, retryAfter);
        always(fault);
        const int before = leased();
        const int counted = m_proxy->count(fault);
        RawClient client(m_proxy->port());
        const RawReply r = client.send("POST"_ba, u"/v1/queues/default/leases"_s,
                                       m_server->token(u"moderator"_s), leaseBody());
        QCOMPARE(r.status, status);
        QVERIFY(r.complete);
        QCOMPARE(r.headers.value("retry-after"_ba), retryAfter);
        QCOMPARE(r.headers.value("content-type"_ba), "application/json"_ba);
        const QJsonObject error =
            QJsonDocument::fromJson(r.body).object().value(u"error"_s).toObject();
        QCOMPARE(error.value(u"code"_s).toString(), u"injected"_s);
        QVERIFY(!error.value(u"message"_s).toString().isEmpty());
        QCOMPARE(leased(), before);
        QCOMPARE(m_proxy->count(fault), counted + 1);
        // Like a server's error answer, it leaves the connection usable.
        QVERIFY(!r.closed);
        m_proxy->setSchedule({});
        QCOMPARE(client.send("GET"_ba, u"/v1/me"_s, m_server->token(u"moderator"_s)).status, 200);
    }

    void repeatIsProcessedTwice()
    {
        always(Fault::Repeat);
        const int before = leased();
        const int counted = m_proxy->count(Fault::Repeat);
        const RawReply r = leaseThroughProxy();
        QCOMPARE(r.status, 200);
        QVERIFY(r.complete);
        const QJsonArray leases =
            QJsonDocument::fromJson(r.body).object().value(u"leases"_s).toArray();
        QCOMPARE(leases.size(), 1);
        QCOMPARE(leased(), before + 2);
        QCOMPARE(m_proxy->count(Fault::Repeat), counted + 1);
    }

    void theScheduleCountsRequestsOverAllConnections()
    {
        const int first = m_proxy->requests();
        auto seen = std::make_shared<std::vector<int>>();
        m_proxy->setSchedule([seen, first](int index) {
            seen->push_back(index);
            return (index - first) % 2 == 1 ? Fault::Status500 : Fault::None;
        });
        RawClient kept(m_proxy->port());
        const QString token = m_server->token(u"moderator"_s);
        QCOMPARE(kept.send("GET"_ba, u"/v1/me"_s, token).status, 200);
        QCOMPARE(meThroughProxy().status, 500);
        QCOMPARE(kept.send("GET"_ba, u"/v1/me?x=1"_s, token).status, 200);
        QCOMPARE(meThroughProxy().status, 500);
        QCOMPARE(*seen, (std::vector<int>{first, first + 1, first + 2, first + 3}));
        QCOMPARE(m_proxy->requests(), first + 4);

        const std::vector<QString> log = m_proxy->log();
        QCOMPARE(log.size(), size_t(first + 4));
        QCOMPARE(log[size_t(first)], u"%1 GET /v1/me None"_s.arg(first));
        QCOMPARE(log[size_t(first + 1)], u"%1 GET /v1/me Status500"_s.arg(first + 1));
        QCOMPARE(log[size_t(first + 2)], u"%1 GET /v1/me None"_s.arg(first + 2));
    }

    void randomFaultsAreReproducible()
    {
        const std::vector<Fault> faults{Fault::Status500, Fault::Status503RetryAfter,
                                        Fault::Status429RetryAfter};
        auto run = [&](quint32 seed) {
            m_proxy->setRandomFaults(0.4, faults, seed);
            RawClient client(m_proxy->port());
            const QString token = m_server->token(u"moderator"_s);
            std::vector<int> statuses;
            for (int i = 0; i < 50; ++i)
                statuses.push_back(client.send("GET"_ba, u"/v1/me"_s, token).status);
            return statuses;
        };
        const int first = m_proxy->requests();
        const std::vector<int> a = run(7);
        const std::vector<int> b = run(7);
        const std::vector<int> c = run(8);
        QCOMPARE(a, b);
        QVERIFY(a != c);
        const auto faulted = std::count_if(a.begin(), a.end(), [](int s) { return s != 200; });
        QVERIFY2(faulted >= 10 && faulted <= 30, qPrintable(QString::number(faulted)));
        for (int status : {500, 503, 429})
            QVERIFY(std::count(a.begin(), a.end(), status) > 0);

        // The log tells the same story as the client saw.
        const std::vector<QString> log = m_proxy->log();
        for (size_t i = 0; i < a.size(); ++i) {
            const QString expected = a[i] == 200   ? u"None"_s
                                     : a[i] == 500 ? u"Status500"_s
                                     : a[i] == 503 ? u"Status503RetryAfter"_s
                                                   : u"Status429RetryAfter"_s;
            QVERIFY(log[size_t(first) + i].endsWith(u' ' + expected));
        }
    }

    void anUnreachableUpstreamIs502()
    {
        m_proxy->setUpstreamPort(closedPort());
        const RawReply r = meThroughProxy();
        QCOMPARE(r.status, 502);
        QCOMPARE(QJsonDocument::fromJson(r.body)
                     .object()
                     .value(u"error"_s)
                     .toObject()
                     .value(u"code"_s)
                     .toString(),
                 u"bad_gateway"_s);
        m_proxy->setUpstreamPort(portOf(*m_server));
        QCOMPARE(meThroughProxy().status, 200);
    }

    void chunkedRequestsAre501()
    {
        const int before = m_proxy->requests();
        RawClient client(m_proxy->port());
        const RawReply r =
            client.exchange(RawClient::head("POST"_ba, u"/v1/queues/default/leases"_s,
                                            m_server->token(u"moderator"_s), 0) +
                            "Transfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
        QCOMPARE(r.status, 501);
        QVERIFY(r.closed);
        QCOMPARE(m_proxy->requests(), before);
    }

    void expectContinueIsAnswered()
    {
        // libcurl holds back a body it announced with Expect until "100 Continue" comes (or a
        // second has passed): the proxy says it before the body, so no request waits for it.
        RawClient client(m_proxy->port());
        const QByteArray body = leaseBody();
        QElapsedTimer timer;
        timer.start();
        client.write(RawClient::head("POST"_ba, u"/v1/queues/default/leases"_s,
                                     m_server->token(u"moderator"_s), body.size()) +
                     "Expect: 100-continue\r\n\r\n");
        QVERIFY(client.readUntil("\r\n\r\n", 30000).startsWith("HTTP/1.1 100 "));
        client.write(body);
        const RawReply r = client.read(timer);
        QCOMPARE(r.status, 200);
        QVERIFY(r.complete);
    }
};

QTEST_GUILESS_MAIN(FaultProxyTest)
#include "fault_proxy_test.moc"
