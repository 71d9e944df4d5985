#pragma once

// Shared by the sync tests: decisions made the way a workstation makes them (against real
// leases), and what the server ended up holding.
#include "protocol_client.h"
#include "server_process.h"

#include <QStringList>

#include <vector>

namespace moddesk::test {

// Leases `count` items as `moderator` (an hour each) and returns a policy-valid triage
// decision for each, not yet logged. Fails the calling test (empty result) on error.
std::vector<Decision> leaseAndDecide(net::ProtocolClient& client, const QString& moderator,
                                     int count);
// Every decision id on the server's chain, in chain order (paged through GET /v1/decisions).
QStringList serverDecisionIds(const ServerProcess& server);

} // namespace moddesk::test
