#include "server_process.h"

#include "test_child.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSaveFile>
#include <QSslConfiguration>
#include <QTimer>

#include <unistd.h>

using namespace Qt::StringLiterals;

namespace moddesk::test {

QString serverPath()
{
    // Benchmarks compare another build of the server against this one (docs/performance.md).
    if (const QString other = qEnvironmentVariable("MODDESK_BENCH_SERVER"); !other.isEmpty())
        return other;
    return QStringLiteral(MODDESK_SERVER_PATH);
}

QJsonObject HttpResult::json() const
{
    return QJsonDocument::fromJson(body).object();
}

namespace {

QList<QSslCertificate>& extraTrust()
{
    thread_local QList<QSslCertificate> certificates;
    return certificates;
}

} // namespace

void trustCertificate(const QString& pemFile)
{
    extraTrust() += QSslCertificate::fromPath(pemFile, QSsl::Pem);
}

HttpResult httpRequest(const QByteArray& method, const QString& url, const QString& token,
                       const QByteArray& body)
{
    return httpRequestWithType(method, url, token, body, "application/json"_ba);
}

HttpResult httpRequestWithType(const QByteArray& method, const QString& url, const QString& token,
                               const QByteArray& body, const QByteArray& contentType)
{
    // One manager per thread: concurrency tests call this from many threads at once.
    thread_local QNetworkAccessManager manager;
    QNetworkRequest request{QUrl(url)};
    request.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    if (!token.isEmpty())
        request.setRawHeader("Authorization"_ba, "Bearer "_ba + token.toLatin1());
    request.setTransferTimeout(30000);
    if (!extraTrust().isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(extraTrust());
        request.setSslConfiguration(tls);
    }
    QNetworkReply* reply = manager.sendCustomRequest(request, method, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    if (!reply->isFinished())
        loop.exec();
    HttpResult result;
    result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    result.body = reply->readAll();
    for (const auto& [name, value] : reply->rawHeaderPairs())
        result.headers.insert(name.toLower(), value);
    reply->deleteLater();
    return result;
}

namespace {

// Runs a PostgreSQL tool, as the postgres user when we are root (the password in PGPASSWORD).
bool runPg(const QString& tool, const QStringList& args, QString* output)
{
    const QString bin = u"/usr/lib/postgresql/15/bin/"_s + tool;
    QProcess p;
    endWithTest(p);
    if (::geteuid() == 0)
        p.start(u"runuser"_s, QStringList{u"-u"_s, u"postgres"_s, u"--"_s, bin} + args);
    else
        p.start(bin, args);
    p.waitForFinished(120000);
    if (output)
        *output = QString::fromLocal8Bit(p.readAllStandardOutput() + p.readAllStandardError());
    return p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

// tests/support/postgres_fixture.sh: the one way a test PostgreSQL is started and stopped.
bool runFixture(const QString& command, const QString& stateFile, QString* output)
{
    QProcess p;
    endWithTest(p);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(MODDESK_POSTGRES_FIXTURE), {command, stateFile});
    const bool ended = p.waitForFinished(300'000);
    if (output)
        *output = QString::fromLocal8Bit(p.readAll());
    return ended && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
}

} // namespace

PostgresInstance::PostgresInstance(Which which)
{
    const QString shared = qEnvironmentVariable("MODDESK_TEST_POSTGRES");
    if (which == Which::Shared && !shared.isEmpty() && readState(shared))
        return;
    // Run on its own (not under ctest): a server of its own, the same way the fixture makes one.
    QString log;
    const QString state = m_dir.filePath(u"postgres.state"_s);
    if (!runFixture(u"start"_s, state, &log) || !readState(state)) {
        m_error = u"PostgreSQL did not start: "_s + log;
        return;
    }
    m_ownState = state;
}

bool PostgresInstance::readState(const QString& stateFile)
{
    QFile state(stateFile);
    if (!state.open(QIODevice::ReadOnly))
        return false;
    for (const QByteArray& line : state.readAll().split('\n')) {
        if (line.startsWith("url="))
            m_url = QString::fromUtf8(line.mid(4));
        else if (line.startsWith("port="))
            m_port = line.mid(5).toInt();
        else if (line.startsWith("password="))
            m_password = QString::fromUtf8(line.mid(9));
    }
    if (m_url.isEmpty() || m_port == 0) {
        m_url.clear();
        return false;
    }
    // In the environment, never in a URL on a command line (which anyone can read in ps): libpq
    // reads it there, in every server and tool this test starts.
    qputenv("PGPASSWORD", m_password.toUtf8());
    return true;
}

bool PostgresInstance::kill()
{
    return !m_ownState.isEmpty() && runFixture(u"kill"_s, m_ownState, nullptr);
}

bool PostgresInstance::resume()
{
    return !m_ownState.isEmpty() && runFixture(u"resume"_s, m_ownState, nullptr);
}

PostgresInstance::~PostgresInstance()
{
    if (!m_ownState.isEmpty())
        runFixture(u"stop"_s, m_ownState, nullptr);
}

QString PostgresInstance::createDatabase(const QString& name)
{
    const QString unique =
        u"%1_%2_%3"_s.arg(name).arg(QCoreApplication::applicationPid()).arg(++m_databases);
    QString log;
    if (!runPg(u"createdb"_s, // createdb lives beside the server binaries on Debian
               {u"-h"_s, u"127.0.0.1"_s, u"-p"_s, QString::number(m_port), u"-U"_s, u"postgres"_s,
                unique},
               &log)) {
        m_error = u"createdb failed: "_s + log;
        return {};
    }
    return u"postgresql://postgres@127.0.0.1:%1/%2"_s.arg(m_port).arg(unique);
}

ServerProcess::ServerProcess(QString dbUrl, int seedItems)
    : m_dbUrl(dbUrl.isEmpty() ? u"sqlite:"_s + m_dir.filePath(u"server.db"_s) : std::move(dbUrl))
    , m_seedItems(seedItems)
{ }

ServerProcess::~ServerProcess()
{
    stop();
}

bool ServerProcess::runCommand(const QStringList& args, QByteArray* out)
{
    QProcess p;
    endWithTest(p);
    p.start(serverPath(), args);
    p.waitForFinished(120000);
    if (out)
        *out = p.readAllStandardOutput();
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        m_error = u"moddesk-server "_s + args.join(u' ') + u" failed: "_s +
                  QString::fromLocal8Bit(p.readAllStandardError());
        return false;
    }
    return true;
}

QString ServerProcess::addUser(const QString& name, const QString& role)
{
    QByteArray out;
    if (!runCommand({u"user"_s, u"add"_s, name, u"--role"_s, role, u"--db"_s, m_dbUrl}, &out))
        return {};
    return QString::fromLatin1(out.trimmed().split('\n').last());
}

bool ServerProcess::start()
{
    if (m_tokens.isEmpty() && m_seedItems >= 0) {
        for (const QString& role :
             {u"moderator"_s, u"supervisor"_s, u"trainer"_s, u"admin"_s, u"ingest"_s}) {
            const QString token = addUser(role, role);
            if (token.isEmpty())
                return false;
            m_tokens.insert(role, token);
        }
        if (m_seedItems > 0 && !runCommand({u"seed"_s, u"--db"_s, m_dbUrl, u"--items"_s,
                                            QString::number(m_seedItems), u"--seed"_s, u"1"_s}))
            return false;
    }
    m_process = std::make_unique<QProcess>();
    endWithTest(*m_process);
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    const QString listen = m_port ? u"127.0.0.1:%1"_s.arg(m_port) : u"127.0.0.1:0"_s;
    m_process->start(serverPath(),
                     QStringList{u"serve"_s, u"--db"_s, m_dbUrl, u"--listen"_s, listen,
                                 u"--clock-offset-file"_s, m_dir.filePath(u"clock-offset"_s)} +
                         m_serveArgs);
    // The server prints "listening on HOST:PORT (...)" once it accepts connections.
    QByteArray line;
    for (int waited = 0; waited < 20000 && !line.contains('\n'); waited += 20) {
        m_process->waitForReadyRead(20);
        line += m_process->readAllStandardOutput();
        if (m_process->state() != QProcess::Running)
            break;
    }
    const int at = line.indexOf("listening on 127.0.0.1:");
    if (at < 0) {
        m_error = u"the server did not start: "_s + QString::fromLocal8Bit(line) +
                  QString::fromLocal8Bit(m_process->readAllStandardError());
        return false;
    }
    m_port = line.mid(at + 23).split(' ').first().toInt();
    return true;
}

bool ServerProcess::setClockOffsetMs(qint64 offsetMs)
{
    // Written whole and renamed into place: the server never reads half a number.
    QSaveFile file(m_dir.filePath(u"clock-offset"_s));
    return file.open(QIODevice::WriteOnly) && file.write(QByteArray::number(offsetMs)) > 0 &&
           file.commit();
}

qint64 ServerProcess::pid() const
{
    return m_process && m_process->state() == QProcess::Running ? m_process->processId() : 0;
}

void ServerProcess::stop()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->kill();
        m_process->waitForFinished();
    }
    m_process.reset();
}

HttpResult ServerProcess::call(const QByteArray& method, const QString& path, const QString& token,
                               const QByteArray& body) const
{
    return httpRequest(method, baseUrl() + path, token, body);
}

HttpResult ServerProcess::get(const QString& path, const QString& role) const
{
    return call("GET"_ba, path, token(role));
}

HttpResult ServerProcess::post(const QString& path, const QString& role,
                               const QJsonObject& body) const
{
    return call("POST"_ba, path, token(role), QJsonDocument(body).toJson(QJsonDocument::Compact));
}

std::unique_ptr<ServerProcess> startServerOn(const QString& engine, PostgresInstance* postgres,
                                             int seedItems, const QStringList& serveArgs)
{
    QString url;
    if (engine == u"postgres") {
        if (!postgres || postgres->url().isEmpty()) {
            qWarning() << "PostgreSQL is not running";
            return nullptr;
        }
        url = postgres->createDatabase(u"test"_s);
    }
    auto server = std::make_unique<ServerProcess>(url, seedItems);
    server->addServeArgs(serveArgs);
    if (!server->start()) {
        qWarning().noquote() << server->error();
        return nullptr;
    }
    return server;
}

} // namespace moddesk::test
