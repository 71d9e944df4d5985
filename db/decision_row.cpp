#include "decision_row.h"

#include "sqlite_database.h"

#include <QUtf8StringView>

using namespace Qt::StringLiterals;

namespace moddesk::decision_row {

const char* const kColumns =
    "seq, id, prev_hash, hash, item_id, lease_id, lease_token, kind, reviews, verdict, reason, "
    "action, notes, moderator, decided_at, handle_ms, policy_version, shown, "
    "dsa_decision_ground, dsa_category, dsa_territorial_scope, dsa_automated_detection, "
    "dsa_facts, order_ref, order_actioned_at";
const char* const kPlaceholders = "?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                                  "?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25";

namespace {

enum Column {
    Seq,
    Id,
    PrevHash,
    Hash,
    ItemId,
    LeaseId,
    LeaseToken,
    Kind,
    Reviews,
    Verdict,
    Reason,
    Action,
    Notes,
    Moderator,
    DecidedAt,
    HandleMs,
    PolicyVersion,
    Shown,
    DsaDecisionGround,
    DsaCategory,
    DsaTerritorialScope,
    DsaAutomatedDetection,
    DsaFacts,
    OrderRef,
    OrderActionedAt,
};

constexpr const char* kNames[] = {"seq",
                                  "id",
                                  "prev_hash",
                                  "hash",
                                  "item_id",
                                  "lease_id",
                                  "lease_token",
                                  "kind",
                                  "reviews",
                                  "verdict",
                                  "reason",
                                  "action",
                                  "notes",
                                  "moderator",
                                  "decided_at",
                                  "handle_ms",
                                  "policy_version",
                                  "shown",
                                  "dsa_decision_ground",
                                  "dsa_category",
                                  "dsa_territorial_scope",
                                  "dsa_automated_detection",
                                  "dsa_facts",
                                  "order_ref",
                                  "order_actioned_at"};

// Reads raw column bytes and keeps the first problem, naming the column.
class RowReader final {
public:
    explicit RowReader(const SqliteStatement& stmt)
        : m_stmt(stmt)
    { }

    std::optional<Error> error;

    // One sqlite3_column_type() per column: this runs 25 times per row in verify().
    QByteArrayView text(Column c) { return checkedText(c, m_stmt.type(c)); }

    DecisionRecord::Text optText(Column c)
    {
        const auto type = m_stmt.type(c);
        if (error || type == SqliteStatement::Type::Null)
            return std::nullopt;
        const QByteArrayView bytes = checkedText(c, type);
        if (!error && bytes.isEmpty())
            fail(c, "holds '' where the log writes NULL");
        return bytes;
    }

    qint64 integer(Column c) { return checkedInteger(c, m_stmt.type(c)); }

    std::optional<qint64> optInteger(Column c)
    {
        const auto type = m_stmt.type(c);
        if (error || type == SqliteStatement::Type::Null)
            return std::nullopt;
        return checkedInteger(c, type);
    }

    void fail(Column c, const char* what)
    {
        if (!error)
            error =
                Error{u"column "_s + QLatin1StringView(kNames[c]) + u' ' + QLatin1StringView(what)};
    }

private:
    QByteArrayView checkedText(Column c, SqliteStatement::Type type)
    {
        if (error)
            return {};
        if (type != SqliteStatement::Type::Text) {
            fail(c, "is not text");
            return {};
        }
        const QByteArrayView bytes = m_stmt.textBytes(c);
        if (!QUtf8StringView(bytes.data(), bytes.size()).isValidUtf8()) {
            fail(c, "is not valid UTF-8");
            return {};
        }
        return bytes;
    }

    qint64 checkedInteger(Column c, SqliteStatement::Type type)
    {
        if (error)
            return 0;
        if (type != SqliteStatement::Type::Integer) {
            fail(c, "is not an integer");
            return 0;
        }
        return m_stmt.integer(c);
    }

    const SqliteStatement& m_stmt;
};

std::optional<QString> toString(const DecisionRecord::Text& text)
{
    return text ? std::optional<QString>(QString::fromUtf8(*text)) : std::nullopt;
}

} // namespace

void bind(SqliteStatement& s, const Decision& d)
{
    s.bind(Seq + 1, d.seq);
    s.bind(Id + 1, d.id);
    s.bind(PrevHash + 1, d.prevHash);
    s.bind(Hash + 1, d.hash);
    s.bind(ItemId + 1, d.itemId);
    s.bind(LeaseId + 1, d.leaseId);
    s.bind(LeaseToken + 1, d.leaseToken);
    s.bind(Kind + 1, d.kind);
    s.bind(Reviews + 1, d.reviews);
    s.bind(Verdict + 1, d.verdict);
    s.bind(Reason + 1, d.reason);
    s.bind(Action + 1, d.action);
    s.bind(Notes + 1, d.notes);
    s.bind(Moderator + 1, d.moderator);
    s.bind(DecidedAt + 1, d.decidedAt);
    s.bind(HandleMs + 1, d.handleMs);
    s.bind(PolicyVersion + 1, d.policyVersion);
    s.bind(Shown + 1, d.shown);
    if (d.dsa) {
        s.bind(DsaDecisionGround + 1, d.dsa->decisionGround);
        s.bind(DsaCategory + 1, d.dsa->category);
        if (!d.dsa->territorialScope.isEmpty())
            s.bind(DsaTerritorialScope + 1, d.dsa->territorialScope.join(u','));
        if (d.dsa->automatedDetection)
            s.bind(DsaAutomatedDetection + 1, qint64(*d.dsa->automatedDetection ? 1 : 0));
        s.bind(DsaFacts + 1, d.dsa->facts);
    }
    if (d.removalOrder) {
        s.bind(OrderRef + 1, d.removalOrder->orderRef);
        s.bind(OrderActionedAt + 1, d.removalOrder->actionedAt);
    }
}

Status check(const SqliteStatement& stmt, CheckedRow& row)
{
    RowReader r(stmt);
    row.record = DecisionRecord();
    row.territorialScope.clear();
    DecisionRecord& d = row.record;
    d.seq = r.integer(Seq);
    d.id = r.text(Id);
    d.prevHash = r.text(PrevHash);
    row.hash = r.text(Hash);
    d.itemId = r.text(ItemId);
    d.leaseId = r.optText(LeaseId);
    d.leaseToken = r.optInteger(LeaseToken);
    d.kind = r.text(Kind);
    d.reviews = r.optText(Reviews);
    d.verdict = r.optText(Verdict);
    d.reason = r.optText(Reason);
    d.action = r.optText(Action);
    d.notes = r.optText(Notes);
    d.moderator = r.text(Moderator);
    d.decidedAt = r.integer(DecidedAt);
    d.handleMs = r.optInteger(HandleMs);
    d.policyVersion = r.text(PolicyVersion);
    d.shown = r.optText(Shown);
    d.dsaDecisionGround = r.optText(DsaDecisionGround);
    d.dsaCategory = r.optText(DsaCategory);
    // Stored comma-separated: codes are [A-Z]{2} or EEA, which validate() enforces.
    const QByteArrayView scope = r.optText(DsaTerritorialScope).value_or(QByteArrayView());
    for (qsizetype start = 0; start < scope.size();) {
        qsizetype comma = scope.indexOf(',', start);
        if (comma < 0)
            comma = scope.size();
        row.territorialScope.push_back(scope.sliced(start, comma - start));
        start = comma + 1;
    }
    const auto automated = r.optInteger(DsaAutomatedDetection);
    d.dsaFacts = r.optText(DsaFacts);
    d.orderRef = r.optText(OrderRef);
    d.orderActionedAt = r.optInteger(OrderActionedAt);

    if (automated) {
        if (*automated != 0 && *automated != 1)
            r.fail(DsaAutomatedDetection, "is neither 0 nor 1");
        d.dsaAutomatedDetection = *automated == 1;
    }
    // A DSA statement is there when its decision ground is; its other columns need it.
    if (!d.dsaDecisionGround && (d.dsaCategory || !scope.isEmpty() || automated || d.dsaFacts))
        r.fail(DsaDecisionGround, "is NULL while other DSA columns are set");
    if (d.orderRef.has_value() != d.orderActionedAt.has_value())
        r.fail(d.orderRef ? OrderActionedAt : OrderRef, "is NULL while its partner column is set");
    if (r.error)
        return *r.error;
    d.dsaTerritorialScope =
        std::span(row.territorialScope.data(), static_cast<size_t>(row.territorialScope.size()));
    return {};
}

Result<Decision> decode(const SqliteStatement& stmt)
{
    CheckedRow checked;
    if (auto ok = check(stmt, checked); !ok)
        return ok.error();
    const DecisionRecord& r = checked.record;
    Decision d;
    d.seq = r.seq;
    d.id = QString::fromUtf8(r.id);
    d.prevHash = QString::fromUtf8(r.prevHash);
    d.hash = QString::fromUtf8(checked.hash);
    d.itemId = QString::fromUtf8(r.itemId);
    d.leaseId = toString(r.leaseId);
    d.leaseToken = r.leaseToken;
    d.kind = QString::fromUtf8(r.kind);
    d.reviews = toString(r.reviews);
    d.verdict = toString(r.verdict);
    d.reason = toString(r.reason);
    d.action = toString(r.action);
    d.notes = toString(r.notes);
    d.moderator = QString::fromUtf8(r.moderator);
    d.decidedAt = r.decidedAt;
    d.handleMs = r.handleMs;
    d.policyVersion = QString::fromUtf8(r.policyVersion);
    d.shown = toString(r.shown);
    if (r.dsaDecisionGround) {
        QStringList scope;
        for (QByteArrayView code : r.dsaTerritorialScope)
            scope.append(QString::fromUtf8(code));
        d.dsa = DsaStatement{QString::fromUtf8(*r.dsaDecisionGround), toString(r.dsaCategory),
                             scope, r.dsaAutomatedDetection, toString(r.dsaFacts)};
    }
    if (r.orderRef)
        d.removalOrder = RemovalOrderAction{QString::fromUtf8(*r.orderRef), *r.orderActionedAt};
    return d;
}

} // namespace moddesk::decision_row
