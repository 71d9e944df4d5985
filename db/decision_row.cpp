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

// Reads columns and keeps the first problem, naming the column.
class RowReader final {
public:
    explicit RowReader(const SqliteStatement& stmt)
        : m_stmt(stmt)
    {}

    std::optional<Error> error;

    QString text(Column c)
    {
        if (error)
            return {};
        if (!m_stmt.isText(c)) {
            fail(c, "is not text");
            return {};
        }
        const QByteArrayView bytes = m_stmt.textBytes(c);
        if (!QUtf8StringView(bytes.data(), bytes.size()).isValidUtf8()) {
            fail(c, "is not valid UTF-8");
            return {};
        }
        return QString::fromUtf8(bytes);
    }

    std::optional<QString> optText(Column c)
    {
        if (error || m_stmt.isNull(c))
            return std::nullopt;
        QString s = text(c);
        if (!error && s.isEmpty())
            fail(c, "holds '' where the log writes NULL");
        return s;
    }

    qint64 integer(Column c)
    {
        if (error)
            return 0;
        if (!m_stmt.isInteger(c)) {
            fail(c, "is not an integer");
            return 0;
        }
        return m_stmt.integer(c);
    }

    std::optional<qint64> optInteger(Column c)
    {
        if (error || m_stmt.isNull(c))
            return std::nullopt;
        return integer(c);
    }

    void fail(Column c, const char* what)
    {
        if (!error)
            error = Error{u"column "_s + QLatin1StringView(kNames[c]) + u' ' +
                          QLatin1StringView(what)};
    }

private:
    const SqliteStatement& m_stmt;
};

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

Result<Decision> decode(const SqliteStatement& stmt)
{
    RowReader r(stmt);
    Decision d;
    d.seq = r.integer(Seq);
    d.id = r.text(Id);
    d.prevHash = r.text(PrevHash);
    d.hash = r.text(Hash);
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

    const auto ground = r.optText(DsaDecisionGround);
    const auto category = r.optText(DsaCategory);
    const auto scope = r.optText(DsaTerritorialScope);
    const auto automated = r.optInteger(DsaAutomatedDetection);
    const auto facts = r.optText(DsaFacts);
    if (ground) {
        d.dsa = DsaStatement{*ground, category,
                             scope ? scope->split(u',') : QStringList(),
                             automated ? std::optional<bool>(*automated != 0) : std::nullopt,
                             facts};
        if (automated && *automated != 0 && *automated != 1)
            r.fail(DsaAutomatedDetection, "is neither 0 nor 1");
    } else if (category || scope || automated || facts) {
        r.fail(DsaDecisionGround, "is NULL while other DSA columns are set");
    }

    const auto orderRef = r.optText(OrderRef);
    const auto actionedAt = r.optInteger(OrderActionedAt);
    if (orderRef && actionedAt)
        d.removalOrder = RemovalOrderAction{*orderRef, *actionedAt};
    else if (orderRef || actionedAt)
        r.fail(orderRef ? OrderActionedAt : OrderRef, "is NULL while its partner column is set");

    if (r.error)
        return *r.error;
    return d;
}

} // namespace moddesk::decision_row
