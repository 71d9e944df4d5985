#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>
#include <span>

namespace moddesk {

// The hashed content of one audit-log entry, as UTF-8 views, flat, as the log stores it.
// Decision::canonicalBytes() fills it from a Decision; the audit log fills it straight from a
// row's bytes, so verify() hashes a million rows without building a QString. Both feed the one
// serialization below, so they cannot drift apart.
struct DecisionRecord {
    using Text = std::optional<QByteArrayView>;

    qint64 seq = 0;
    QByteArrayView id;
    QByteArrayView prevHash;
    QByteArrayView itemId;
    Text leaseId;
    std::optional<qint64> leaseToken;
    QByteArrayView kind;
    Text reviews;
    Text verdict;
    Text reason;
    Text action;
    Text notes;
    QByteArrayView moderator;
    qint64 decidedAt = 0;
    std::optional<qint64> handleMs;
    QByteArrayView policyVersion;
    Text shown;
    Text dsaDecisionGround;
    Text dsaCategory;
    std::span<const QByteArrayView> dsaTerritorialScope; // codes; empty for none
    std::optional<bool> dsaAutomatedDetection;
    Text dsaFacts;
    Text orderRef;
    std::optional<qint64> orderActionedAt;

    // Canonical JSON of every field above (keys ascending; timestamps in their canonical
    // RFC 3339 spelling; absent as null).
    QByteArray canonicalBytes() const;
    // Writes canonicalBytes() into `scratch` (reset first) and shows them: a loop over many
    // records reuses one buffer.
    QByteArrayView canonicalView(class CanonicalJsonWriter& scratch) const;

private:
    void write(CanonicalJsonWriter& w) const;
};

} // namespace moddesk
