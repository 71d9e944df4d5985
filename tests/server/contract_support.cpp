#include "contract_support.h"

#include "decision.h"
#include "sample_decisions.h"

#include <QDateTime>
#include <QTest>

using namespace Qt::StringLiterals;

namespace moddesk::test {

std::vector<Leased> lease(const ServerProcess& s, const QString& role, int count, int seconds)
{
    const HttpResult r = s.post(u"/v1/queues/default/leases"_s, role,
                                {{u"max_items"_s, count}, {u"lease_seconds"_s, seconds}});
    std::vector<Leased> out;
    for (const QJsonValue& v : r.json().value(u"leases"_s).toArray()) {
        const QJsonObject o = v.toObject();
        out.push_back({o.value(u"item"_s).toObject(),
                       o.value(u"lease"_s).toObject().value(u"id"_s).toString(),
                       o.value(u"lease"_s).toObject().value(u"token"_s).toInteger()});
    }
    return out;
}

QJsonObject triage(const Leased& l, const QString& moderator, int n, const QString& verdict)
{
    // sampleDecision(1): not_violating / counter_speech / no_action; (0): violating with DSA.
    Decision d = sampleDecision(verdict == u"violating" ? 0 : 1);
    d.id = sampleUuid(n, 77);
    d.decidedAt = QDateTime::currentMSecsSinceEpoch(); // after the item was received
    d.itemId = l.item.value(u"id"_s).toString();
    d.moderator = moderator;
    d.leaseId = l.leaseId;
    d.leaseToken = l.token;
    return d.toJson();
}

QJsonObject results(const ServerProcess& s, const QString& role, const QJsonArray& decisions)
{
    return s.post(u"/v1/decisions"_s, role, {{u"decisions"_s, decisions}}).json();
}

QString statusOf(const QJsonObject& answer, int i)
{
    return answer.value(u"results"_s).toArray().at(i).toObject().value(u"status"_s).toString();
}

void EngineServers::addEngineRows()
{
    QTest::addColumn<QString>("engine");
    QTest::newRow("sqlite") << u"sqlite"_s;
    QTest::newRow("postgres") << u"postgres"_s;
}

void EngineServers::startPostgres()
{
    m_postgres = std::make_unique<PostgresInstance>();
    if (m_postgres->url().isEmpty())
        qWarning().noquote() << "PostgreSQL:" << m_postgres->error();
}

QString EngineServers::unavailable() const
{
    QFETCH_GLOBAL(QString, engine);
    if (engine != u"postgres" || (m_postgres && !m_postgres->url().isEmpty()))
        return {};
    return u"PostgreSQL is not running: "_s + (m_postgres ? m_postgres->error() : QString());
}

std::unique_ptr<ServerProcess> EngineServers::fresh(int seedItems, const QStringList& serveArgs)
{
    QFETCH_GLOBAL(QString, engine);
    return startServerOn(engine, m_postgres.get(), seedItems, serveArgs);
}

ServerProcess* EngineServers::shared(int seedItems)
{
    QFETCH_GLOBAL(QString, engine);
    auto& server = m_shared[QString::fromLatin1(QTest::currentTestFunction()) + u'/' + engine];
    if (!server)
        server = fresh(seedItems);
    return server.get();
}

} // namespace moddesk::test
