#include "sync_support.h"

#include "sample_decisions.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUuid>

using namespace Qt::StringLiterals;

namespace moddesk::test {

std::vector<Decision> leaseAndDecide(net::ProtocolClient& client, const QString& moderator,
                                     int count)
{
    std::vector<Decision> out;
    while (int(out.size()) < count) {
        auto leased = client.lease(u"default"_s, std::min(100, count - int(out.size())), 3600);
        if (!leased || leased->empty()) {
            qWarning().noquote() << "leasing failed:"
                                 << (leased ? u"queue empty"_s : leased.error().toString());
            return {};
        }
        for (const net::LeasedItem& l : *leased) {
            Decision d = sampleDecision(1); // not_violating / counter_speech / no_action
            d.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
            d.itemId = l.lease.itemId;
            d.leaseId = l.lease.id;
            d.leaseToken = l.lease.token;
            d.moderator = moderator;
            d.decidedAt = QDateTime::currentMSecsSinceEpoch();
            out.push_back(d.withoutChainFields());
        }
    }
    return out;
}

QStringList serverDecisionIds(const ServerProcess& server)
{
    QStringList ids;
    qint64 after = 0;
    for (;;) {
        const QJsonObject page =
            server.get(u"/v1/decisions?limit=1000&after=%1"_s.arg(after), u"supervisor"_s).json();
        const QJsonArray decisions = page.value(u"decisions"_s).toArray();
        if (decisions.isEmpty())
            return ids;
        for (const QJsonValue& d : decisions)
            ids.append(d.toObject().value(u"id"_s).toString());
        after = page.value(u"next"_s).toInteger();
    }
}

} // namespace moddesk::test
