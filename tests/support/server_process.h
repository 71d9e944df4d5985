#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include <memory>

namespace moddesk::test {

struct HttpResult {
    int status = 0;
    QByteArray body;
    QHash<QByteArray, QByteArray> headers;
    QJsonObject json() const;
};

// Real HTTP to a test server (QtNetwork: the product's own transport is libcurl, tested on its
// own; this is the independent client the contract is checked with).
HttpResult httpRequest(const QByteArray& method, const QString& url, const QString& token = {},
                       const QByteArray& body = {});
HttpResult httpRequestWithType(const QByteArray& method, const QString& url, const QString& token,
                               const QByteArray& body, const QByteArray& contentType);
// Trust this PEM certificate (besides the system's) for HTTPS requests made on this thread.
void trustCertificate(const QString& pemFile);

// The PostgreSQL server a test makes its databases on. Under ctest, the one server of the run
// (the "postgres" fixture, tests/support/postgres_fixture.sh, named by MODDESK_TEST_POSTGRES);
// a test run on its own gets one of its own from the same script, stopped at the end. Over TCP
// the server asks for the run's password, which goes to this process's PGPASSWORD (and so to
// every server and tool it starts), never into a URL.
class PostgresInstance final {
public:
    // OwnServer: a server of its own even under ctest (a test that kills it must not kill the
    // run's shared one).
    enum class Which { Shared, OwnServer };
    explicit PostgresInstance(Which which = Which::Shared);
    ~PostgresInstance();
    Q_DISABLE_COPY_MOVE(PostgresInstance)

    // Empty when the server could not be started; error() then says why.
    QString url() const { return m_url; }
    QString error() const { return m_error; }
    // A fresh database for one test, as a URL: `name` made unique to this process, since other
    // tests make theirs on the same server at the same time.
    QString createDatabase(const QString& name);
    // A server of its own only: stop it as a crash would (-m immediate), and start it again
    // on the same port.
    bool kill();
    bool resume();

private:
    bool readState(const QString& stateFile);

    QTemporaryDir m_dir;
    QString m_url;
    QString m_password;
    QString m_error;
    QString m_ownState; // the state file of a server started here, so stopped here
    int m_port = 0;
    int m_databases = 0;
};

// The real moddesk-server process on a temporary database: migrated, with one user per role
// (named after the role) and a seeded queue "default", listening on a free loopback port.
class ServerProcess final {
public:
    // dbUrl: "" for a fresh SQLite file, or a PostgreSQL URL. A negative seedItems starts a
    // second server on a database another ServerProcess has provisioned (no users, no seed).
    explicit ServerProcess(QString dbUrl = {}, int seedItems = 40);
    ~ServerProcess();
    Q_DISABLE_COPY_MOVE(ServerProcess)

    // Starts the server; a restarted one listens on its old port, so clients find it again.
    bool start();
    // Starts it again on any free port (behind a proxy, whose upstream is then moved).
    bool startOnNewPort()
    {
        m_port = 0;
        return start();
    }
    void stop();
    quint16 port() const { return quint16(m_port); }
    QString error() const { return m_error; }
    QString baseUrl() const
    {
        return (m_tls ? QStringLiteral("https://127.0.0.1:")
                      : QStringLiteral("http://127.0.0.1:")) +
               QString::number(m_port);
    }
    // Serve HTTPS with this PEM certificate and key (call before start()).
    void useTls(const QString& certFile, const QString& keyFile)
    {
        m_tls = true;
        m_serveArgs +=
            {QStringLiteral("--tls-cert"), certFile, QStringLiteral("--tls-key"), keyFile};
    }
    // More options for `serve` (call before start()), e.g. {"--idle-timeout", "2"}.
    void addServeArgs(const QStringList& args) { m_serveArgs += args; }
    QString dbUrl() const { return m_dbUrl; }
    // Moves the server's clock this far ahead of the system's (negative: behind), from its next
    // request on: leases run out without the test waiting for them.
    bool setClockOffsetMs(qint64 offsetMs);
    // The running server's process id (0 when it is not running).
    qint64 pid() const;
    QString token(const QString& role) const { return m_tokens.value(role); }
    // Adds another user and returns the token.
    QString addUser(const QString& name, const QString& role);

    HttpResult get(const QString& path, const QString& role) const;
    HttpResult post(const QString& path, const QString& role, const QJsonObject& body) const;
    HttpResult call(const QByteArray& method, const QString& path, const QString& token,
                    const QByteArray& body = {}) const;

private:
    bool runCommand(const QStringList& args, QByteArray* out = nullptr);

    QTemporaryDir m_dir;
    QString m_dbUrl;
    int m_seedItems;
    QHash<QString, QString> m_tokens;
    std::unique_ptr<QProcess> m_process;
    int m_port = 0;
    bool m_tls = false;
    QStringList m_serveArgs;
    QString m_error;
};

QString serverPath();

// A started server on the engine a data-driven test runs on: "sqlite" (a fresh file) or
// "postgres" (a fresh database of `postgres`). nullptr, with a warning saying why, when it
// cannot start.
std::unique_ptr<ServerProcess> startServerOn(const QString& engine, PostgresInstance* postgres,
                                             int seedItems, const QStringList& serveArgs = {});

} // namespace moddesk::test
