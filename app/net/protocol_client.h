#pragma once

#include "chain_head.h"
#include "decision.h"
#include "http_transport.h"
#include "item.h"
#include "lease.h"
#include "policy.h"
#include "result.h"
#include "review_request.h"

#include <vector>

namespace moddesk::net {

struct Me {
    QString name;
    QString role;
};

// An item granted to us, with the item exactly as the server sent it (kept for the cache).
struct LeasedItem {
    Lease lease;
    Item item;
    QByteArray itemJson;
};

// The server's answer for one decision (docs/protocol.md, POST /v1/decisions).
struct DecisionAnswer {
    QString id;
    QString status; // accepted | duplicate | conflict | invalid
    QString reason;
    QString field;
    qint64 seq = 0; // accepted: where the server chained it
    QString prevHash;
    QString hash;
};

struct SubmitAnswer {
    std::vector<DecisionAnswer> results;
    ChainHead head;
};

struct PolicyDocument {
    Policy policy;
    QByteArray json;
};

// Protocol v1, typed. Every call blocks its thread until the answer is in; any thread may call
// (the transport is shared). Every answer is decoded completely before it is believed: a
// malformed, truncated, oversized or mistyped answer is an error value naming what was wrong,
// never a crash or a half-filled result.
class ProtocolClient final {
public:
    ProtocolClient(HttpTransport& transport, QString serverUrl, QByteArray token);

    const QString& serverUrl() const { return m_serverUrl; }

    Result<Me> me();
    Result<PolicyDocument> policy();
    Result<std::vector<LeasedItem>> lease(const QString& queue, int maxItems, int leaseSeconds);
    Result<Lease> renew(const QString& leaseId, int leaseSeconds);
    Status release(const QString& leaseId);
    Result<SubmitAnswer> submit(const std::vector<Decision>& decisions);
    // POST /v1/review-requests: stored now or before (a repeat is harmless); errors as above.
    Status requestReview(const ReviewRequest& request);
    // The media bytes, checked against their SHA-256.
    Result<QByteArray> media(const QString& sha256);

    // The decoders, on their own so that they can be tested and fuzzed without a server.
    static Result<Me> decodeMe(QByteArrayView body);
    static Result<PolicyDocument> decodePolicy(QByteArrayView body);
    static Result<std::vector<LeasedItem>> decodeLeases(QByteArrayView body);
    static Result<Lease> decodeRenew(QByteArrayView body);
    // `sent` is what was submitted: the answer must name the same decisions, in order.
    static Result<SubmitAnswer> decodeSubmit(QByteArrayView body,
                                             const std::vector<Decision>& sent);
    // The error an HTTP answer other than 2xx stands for.
    static Error decodeFailure(const HttpResponse& response, const QString& what);

private:
    Result<HttpResponse> call(QByteArray method, const QString& path, QByteArray body = {});

    HttpTransport& m_transport;
    QString m_serverUrl;
    QByteArray m_token;
};

} // namespace moddesk::net
