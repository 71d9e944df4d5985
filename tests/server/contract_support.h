#pragma once

// Shared by the protocol contract tests (tests/server/*_test.cpp): the real moddesk-server on
// each engine, and the few requests every test makes.
#include "server_process.h"

#include <QJsonArray>
#include <QJsonObject>

#include <map>
#include <memory>
#include <vector>

namespace moddesk::test {

struct Leased {
    QJsonObject item;
    QString leaseId;
    qint64 token = 0;
};

std::vector<Leased> lease(const ServerProcess& s, const QString& role, int count,
                          int seconds = 300);
// A policy-valid triage decision on a leased item, by `moderator` (not_violating, or violating
// with its required DSA ground), with the id sampleUuid(n, 77).
QJsonObject triage(const Leased& l, const QString& moderator, int n,
                   const QString& verdict = QStringLiteral("not_violating"));
// POST /v1/decisions; the answer body.
QJsonObject results(const ServerProcess& s, const QString& role, const QJsonArray& decisions);
QString statusOf(const QJsonObject& answer, int i = 0);

// The servers of a data-driven test class whose global rows are the engines ("sqlite",
// "postgres"): a PostgreSQL started for the run, fresh servers, and one server per test function
// and engine that the function's rows share.
class EngineServers final {
public:
    static void addEngineRows(); // for initTestCase_data()
    void startPostgres();        // for initTestCase()
    // For init(): empty when the current engine can run, else why not (CI installs PostgreSQL;
    // a machine without it must say so, not pass quietly).
    QString unavailable() const;
    // serveArgs: more options for `moddesk-server serve`.
    std::unique_ptr<ServerProcess> fresh(int seedItems = 40, const QStringList& serveArgs = {});
    ServerProcess* shared(int seedItems);

private:
    std::unique_ptr<PostgresInstance> m_postgres;
    std::map<QString, std::unique_ptr<ServerProcess>> m_shared;
};

} // namespace moddesk::test
