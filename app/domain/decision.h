#pragma once

#include "result.h"

#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace moddesk {

// The statement-of-reasons fields the EU Digital Services Act asks for (Art. 17).
struct DsaStatement {
    QString decisionGround; // illegal_content | incompatible_with_terms
    std::optional<QString> category;
    QStringList territorialScope; // ISO 3166 alpha-2 codes, or "EEA"
    std::optional<bool> automatedDetection;
    std::optional<QString> facts;

    friend bool operator==(const DsaStatement&, const DsaStatement&) = default;
};

// A legal removal order the decision acted on, and when it was actioned.
struct RemovalOrderAction {
    QString orderRef;
    qint64 actionedAt = 0;

    friend bool operator==(const RemovalOrderAction&, const RemovalOrderAction&) = default;
};

// One human decision: append-only, never updated, never deleted. `id` is made by the client
// and is the idempotency key everywhere. `seq`, `prevHash` and `hash` belong to the audit log
// that recorded it and are empty until then.
struct Decision {
    QString id;
    qint64 seq = 0;
    QString prevHash;
    QString hash;
    QString itemId;
    std::optional<QString> leaseId;
    std::optional<qint64> leaseToken;
    QString kind; // triage | review | retract
    std::optional<QString> reviews;
    std::optional<QString> verdict;
    std::optional<QString> reason;
    std::optional<QString> action;
    std::optional<QString> notes;
    QString moderator;
    qint64 decidedAt = 0;
    std::optional<qint64> handleMs;
    QString policyVersion;
    std::optional<QString> shown;
    std::optional<DsaStatement> dsa;
    std::optional<RemovalOrderAction> removalOrder;

    // Checks every value rule (formats, sizes, vocabularies, and the rules between fields such
    // as "a review names the decision it reviews"); the error names the first broken field.
    Status validate() const;
    // Turns "" in optional fields into absent: the one spelling of "nothing" that is hashed.
    void dropEmptyOptionals();
    // The decision as its author made it, without the seq and hashes a log gave it: what
    // idempotency compares across logs.
    Decision withoutChainFields() const;

    // Decodes one decision document of at most limits::kMaxDecisionDocumentBytes.
    static Result<Decision> fromJsonBytes(QByteArrayView bytes);
    // Checks types, formats and the rules that hold whatever the policy says (a review names
    // the decision it reviews, a lease id comes with its token, ...). Unknown fields are errors.
    static Result<Decision> fromJson(const QJsonObject& json, QString path = {});
    QJsonObject toJson() const;

    // The canonical bytes the audit log hashes: every field but `hash`, including `seq` and
    // `prevHash`, so the hash chains each entry to its place and predecessor.
    QByteArray canonicalBytes() const;
    // SHA-256 hex of canonicalBytes().
    QString computeHash() const;
    // Puts the decision at `seq` after an entry whose hash is `prevHash`, and sets its hash:
    // the one rule every chain (the client's log, the server's) follows.
    void placeInChain(qint64 seq, QString prevHash);

    friend bool operator==(const Decision&, const Decision&) = default;
};

// True for a lower-case RFC 4122 UUID string such as "0b5c2c9e-6a43-4a8f-9a57-1d2f0c3b4a5e".
bool isCanonicalUuid(QStringView text);

} // namespace moddesk
