// The libcurl transport against real servers: moddesk-server over HTTP and HTTPS, nghttpd for
// HTTP/2, the fault proxy, and a canned-answer socket server for what no real server sends
// (compressed answers, lies about their size). Each failure must be the right kind of error:
// transient ones retried by the sync engine, the rest reported.
#include "fault_proxy.h"
#include "http_transport.h"
#include "ports.h"
#include "protocol_client.h"
#include "server_process.h"
#include "test_child.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <arpa/inet.h>
#include <atomic>
#include <netinet/in.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::net;
using namespace moddesk::test;

namespace {

// Answers every connection with the same bytes and remembers the last request's head.
class CannedServer final {
public:
    explicit CannedServer(QByteArray answer)
        : m_answer(std::move(answer))
    {
        m_socket = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(m_socket, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        ::listen(m_socket, 8);
        socklen_t len = sizeof addr;
        ::getsockname(m_socket, reinterpret_cast<sockaddr*>(&addr), &len);
        m_port = ntohs(addr.sin_port);
        m_thread = std::thread([this] { serve(); });
    }
    ~CannedServer()
    {
        m_stop = true;
        ::shutdown(m_socket, SHUT_RDWR);
        ::close(m_socket);
        m_thread.join();
    }
    QString url() const { return u"http://127.0.0.1:%1"_s.arg(m_port); }
    QByteArray lastRequest() const
    {
        std::lock_guard lock(m_mutex);
        return m_request;
    }

private:
    void serve()
    {
        while (!m_stop) {
            const int c = ::accept(m_socket, nullptr, nullptr);
            if (c < 0)
                return;
            QByteArray head;
            char buffer[4096];
            while (!head.contains("\r\n\r\n")) {
                const ssize_t n = ::read(c, buffer, sizeof buffer);
                if (n <= 0)
                    break;
                head.append(buffer, n);
            }
            {
                std::lock_guard lock(m_mutex);
                m_request = head;
            }
            (void)::write(c, m_answer.constData(), size_t(m_answer.size()));
            ::close(c);
        }
    }

    QByteArray m_answer;
    int m_socket = -1;
    quint16 m_port = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
    mutable std::mutex m_mutex;
    QByteArray m_request;
};

QByteArray answer(const QByteArray& headers, const QByteArray& body)
{
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n" + headers +
           "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

bool runTool(const QString& program, const QStringList& args, QByteArray* out = nullptr)
{
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        qWarning().noquote() << program << args.join(u' ') << p.readAllStandardError();
        return false;
    }
    if (out)
        *out = p.readAllStandardOutput();
    return true;
}

Result<HttpResponse> get(HttpTransport& t, const QString& url, const QByteArray& token = {})
{
    HttpRequest r;
    r.url = url;
    r.bearerToken = token;
    return t.perform(r);
}

} // namespace

class HttpTransportTest final : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_cert;
    QString m_key;
    QString m_pin; // sha256//… of the certificate's public key
    std::unique_ptr<ServerProcess> m_server;

private Q_SLOTS:
    void initTestCase()
    {
        m_cert = m_dir.filePath(u"cert.pem"_s);
        m_key = m_dir.filePath(u"key.pem"_s);
        QVERIFY(runTool(u"openssl"_s,
                        {u"req"_s, u"-x509"_s, u"-newkey"_s, u"rsa:2048"_s, u"-nodes"_s,
                         u"-keyout"_s, m_key, u"-out"_s, m_cert, u"-days"_s, u"2"_s, u"-subj"_s,
                         u"/CN=127.0.0.1"_s, u"-addext"_s, u"subjectAltName=IP:127.0.0.1"_s}));
        const QString der = m_dir.filePath(u"pub.der"_s);
        QByteArray pem;
        QVERIFY(
            runTool(u"openssl"_s, {u"x509"_s, u"-in"_s, m_cert, u"-pubkey"_s, u"-noout"_s}, &pem));
        QFile pub(m_dir.filePath(u"pub.pem"_s));
        QVERIFY(pub.open(QIODevice::WriteOnly) && pub.write(pem) == pem.size());
        pub.close();
        QVERIFY(runTool(u"openssl"_s, {u"pkey"_s, u"-pubin"_s, u"-in"_s, pub.fileName(),
                                       u"-outform"_s, u"der"_s, u"-out"_s, der}));
        QFile derFile(der);
        QVERIFY(derFile.open(QIODevice::ReadOnly));
        m_pin =
            u"sha256//"_s +
            QString::fromLatin1(
                QCryptographicHash::hash(derFile.readAll(), QCryptographicHash::Sha256).toBase64());
        m_server = std::make_unique<ServerProcess>(QString(), 3);
        m_server->useTls(m_cert, m_key);
        QVERIFY2(m_server->start(), qPrintable(m_server->error()));
    }

    void httpsWithTheTeamsCertificateAndPin()
    {
        TransportOptions o;
        o.caFile = m_cert;
        o.pinnedPublicKey = m_pin;
        o.httpsOnly = true;
        HttpTransport t(o);
        auto r = get(t, m_server->baseUrl() + u"/v1/me"_s, m_server->token(u"admin"_s).toLatin1());
        QVERIFY2(r.ok(), r ? "" : qPrintable(r.error().message));
        QCOMPARE(r->status, 200);
        QVERIFY(r->body.contains("\"admin\""));
    }

    void anUntrustedCertificateIsRefused()
    {
        HttpTransport t; // system trust only: the test certificate is self-signed
        auto r = get(t, m_server->baseUrl() + u"/v1/me"_s);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, u"tls"_s);
        QVERIFY(!r.error().transient); // retrying will not make it trustworthy
    }

    void aWrongPinIsRefused()
    {
        TransportOptions o;
        o.caFile = m_cert;
        o.pinnedPublicKey = u"sha256//"_s + QString(43, u'A') + u'=';
        HttpTransport t(o);
        auto r = get(t, m_server->baseUrl() + u"/v1/me"_s);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, u"tls"_s);
        QVERIFY2(r.error().message.contains(u"identity"_s), qPrintable(r.error().message));
    }

    void httpsOnlyRefusesPlainHttp()
    {
        TransportOptions o;
        o.httpsOnly = true;
        HttpTransport t(o);
        CannedServer canned(answer({}, "{}"));
        auto r = get(t, canned.url() + u"/v1/me"_s);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, u"protocol"_s);
        QVERIFY(r.error().message.contains(u"only https"_s));
        QVERIFY(canned.lastRequest().isEmpty()); // nothing was sent
    }

    void http2WhenTheServerOffersIt()
    {
        // nghttpd serves files over HTTP/2 with TLS (ALPN h2).
        QTemporaryDir docroot;
        QVERIFY(QDir(docroot.path()).mkpath(u"v1"_s));
        QFile me(docroot.filePath(u"v1/me"_s));
        QVERIFY(me.open(QIODevice::WriteOnly));
        me.write("{\"name\":\"h2\",\"role\":\"moderator\"}");
        me.close();
        // nghttpd must be told a port; one free a moment ago may be taken by then: it then
        // says "Could not listen" and ends, and another port is tried.
        QProcess nghttpd;
        endWithTest(nghttpd);
        nghttpd.setProcessChannelMode(QProcess::MergedChannels);
        quint16 port = 0;
        for (int attempt = 0; attempt < 10 && port == 0; ++attempt) {
            const quint16 tried = probablyFreePort();
            nghttpd.start(u"nghttpd"_s, {u"-v"_s, u"-d"_s, docroot.path(), u"--address=127.0.0.1"_s,
                                         QString::number(tried), m_key, m_cert});
            QVERIFY2(nghttpd.waitForStarted(), "nghttpd is missing (scripts/install-deps)");
            // With -v it says "IPv4: listen 127.0.0.1:PORT" once it accepts connections.
            QByteArray said;
            while (!said.contains("listen 127.0.0.1") && nghttpd.state() == QProcess::Running)
                if (nghttpd.waitForReadyRead(60'000))
                    said += nghttpd.readAll();
                else
                    break;
            if (said.contains("listen 127.0.0.1"))
                port = tried;
            else
                nghttpd.waitForFinished();
        }
        QVERIFY2(port != 0, "nghttpd found no free port in 10 tries");
        TransportOptions o;
        o.caFile = m_cert;
        HttpTransport t(o);
        const Result<HttpResponse> r = get(t, u"https://127.0.0.1:%1/v1/me"_s.arg(port));
        nghttpd.kill();
        nghttpd.waitForFinished();
        QVERIFY2(r.ok(), r ? "" : qPrintable(r.error().message));
        QCOMPARE(r->httpVersion, "2"_ba);
        QCOMPARE(r->status, 200);
        const auto decoded = ProtocolClient::decodeMe(r->body);
        QVERIFY2(decoded.ok(), r->body.constData());
        QCOMPARE(decoded->name, u"h2"_s);
    }

    void compressedAnswersAreDecoded()
    {
        const QByteArray body = QByteArray("{\"name\":\"zip\",\"role\":\"trainer\",\"pad\":\"") +
                                QByteArray(5000, 'x') + "\"}";
        const QByteArray deflated = qCompress(body).mid(4); // a zlib stream: HTTP's "deflate"
        CannedServer canned(answer("Content-Encoding: deflate\r\n", deflated));
        HttpTransport t;
        auto r = get(t, canned.url() + u"/v1/me"_s);
        QVERIFY2(r.ok(), r ? "" : qPrintable(r.error().message));
        QCOMPARE(r->body, body);
        QVERIFY(canned.lastRequest().toLower().contains("accept-encoding: "));
        QVERIFY(canned.lastRequest().contains("deflate"));
    }

    void oversizedAnswersAreRefusedBeforeTheyAreRead()
    {
        TransportOptions o;
        o.maxResponseBytes = 1000;
        HttpTransport t(o);
        // Announced: refused from the header.
        CannedServer announced(
            "HTTP/1.1 200 OK\r\nContent-Length: 1000000000\r\nConnection: close\r\n\r\nxx");
        auto r = get(t, announced.url() + u"/v1/me"_s);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, u"too_large"_s);
        // Not announced (streamed until close): refused once it passes the limit.
        CannedServer streamed("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" +
                              QByteArray(5000, 'y'));
        r = get(t, streamed.url() + u"/v1/me"_s);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().code, u"too_large"_s);
        QVERIFY(!r.error().transient);
    }

    void garbageFromAServerIsAnErrorValue()
    {
        CannedServer canned(answer({}, "\x00\xff<html>not json</html>"_ba));
        HttpTransport t;
        ProtocolClient client(t, canned.url(), "token");
        auto me = client.me();
        QVERIFY(!me.ok());
        QCOMPARE(me.error().code, u"bad_answer"_s);
        QVERIFY(me.error().message.contains(u"malformed"_s));
        auto leases = client.lease(u"default"_s, 1, 60);
        QVERIFY(!leases.ok());
        QCOMPARE(leases.error().code, u"bad_answer"_s);
    }

    void unreachableAndStalledServersAreTransient()
    {
        TransportOptions o;
        o.connectTimeoutMs = 1000;
        o.totalTimeoutMs = 1000;
        HttpTransport t(o);
        // Nobody listens on a port held bound but never listened on.
        const RefusingPort closed;
        auto refused = get(t, u"http://127.0.0.1:%1/v1/me"_s.arg(closed.port()));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().code, u"connect"_s);
        QVERIFY(refused.error().transient);

        ServerProcess plain({}, 0);
        QVERIFY(plain.start());
        FaultProxy proxy(quint16(QUrl(plain.baseUrl()).port()));
        QVERIFY(proxy.start());
        proxy.setStallMs(600'000); // answered only when the proxy stops
        proxy.setSchedule([](int i) { return i == 0 ? Fault::Stall : Fault::TruncateBody; });
        const QString via = u"http://127.0.0.1:%1/v1/policy"_s.arg(proxy.port());
        QElapsedTimer timer;
        timer.start();
        auto stalled = get(t, via);
        QVERIFY(!stalled.ok());
        QCOMPARE(stalled.error().code, u"timeout"_s);
        QVERIFY(stalled.error().transient);
        QVERIFY2(timer.elapsed() < proxy.stallMs(), "the total timeout was not applied");
        auto truncated = get(t, via);
        QVERIFY(!truncated.ok());
        QCOMPARE(truncated.error().code, u"network"_s);
        QVERIFY(truncated.error().transient);
    }

    void theEnvironmentsProxyIsUsed()
    {
        CannedServer target(answer({}, "{\"name\":\"direct\",\"role\":\"admin\"}"));
        CannedServer proxy(answer({}, "{\"name\":\"via-proxy\",\"role\":\"admin\"}"));
        qputenv("http_proxy", proxy.url().toLatin1());
        qunsetenv("no_proxy");
        HttpTransport t;
        auto r = get(t, target.url() + u"/v1/me"_s);
        QVERIFY2(r.ok(), r ? "" : qPrintable(r.error().message));
        QVERIFY(r->body.contains("via-proxy"));
        // A proxy sees the absolute URL in the request line.
        QVERIFY(proxy.lastRequest().startsWith(
            QByteArray("GET " + target.url().toLatin1() + "/v1/me")));
        qputenv("no_proxy", "127.0.0.1");
        r = get(t, target.url() + u"/v1/me"_s);
        QVERIFY(r.ok() && r->body.contains("direct"));
        qunsetenv("http_proxy");
        qunsetenv("no_proxy");
    }

    void manyThreadsShareOneTransport()
    {
        TransportOptions o;
        o.caFile = m_cert;
        HttpTransport t(o);
        std::atomic<int> ok{0};
        std::vector<std::thread> threads;
        for (int i = 0; i < 16; ++i)
            threads.emplace_back([&] {
                for (int k = 0; k < 10; ++k) {
                    auto r = get(t, m_server->baseUrl() + u"/v1/policy"_s,
                                 m_server->token(u"moderator"_s).toLatin1());
                    ok += r.ok() && r->status == 200;
                }
            });
        for (auto& th : threads)
            th.join();
        QCOMPARE(ok.load(), 160);
    }

    void cleanupTestCase() { m_server.reset(); }
};

QTEST_GUILESS_MAIN(HttpTransportTest)
#include "http_transport_test.moc"
