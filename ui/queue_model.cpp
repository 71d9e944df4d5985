#include "queue_model.h"

#include "untrusted_text.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QSet>

using namespace Qt::StringLiterals;

namespace moddesk::ui {

namespace {

constexpr qint64 kUrgentMs = 60 * 60 * 1000; // removal orders: red under one hour

} // namespace

QString formatTimeLeft(qint64 ms)
{
    if (ms <= 0)
        return QObject::tr("expired");
    const qint64 s = ms / 1000;
    if (s >= 3600)
        return u"%1:%2:%3"_s.arg(s / 3600)
            .arg((s / 60) % 60, 2, 10, QChar(u'0'))
            .arg(s % 60, 2, 10, QChar(u'0'));
    return u"%1:%2"_s.arg(s / 60).arg(s % 60, 2, 10, QChar(u'0'));
}

QueueModel::QueueModel(QObject* parent)
    : QAbstractTableModel(parent)
    , m_now(QDateTime::currentMSecsSinceEpoch())
{ }

namespace {

QueueModel::Row rowFor(const QueueEntry& e);

} // namespace

void QueueModel::setEntries(const std::vector<QueueEntry>& entries)
{
    // Rows removed and added in place, not a reset: the view keeps its scroll position and
    // does not measure every row again after each decision.
    QSet<QString> wanted;
    for (const QueueEntry& e : entries)
        wanted.insert(e.item.id);
    for (int i = int(m_rows.size()) - 1; i >= 0; --i) {
        if (wanted.contains(m_rows[size_t(i)].itemId))
            continue;
        beginRemoveRows({}, i, i);
        m_rows.erase(m_rows.begin() + i);
        endRemoveRows();
    }
    // The rows left must be in the new order; new ones are inserted where they belong.
    size_t kept = 0;
    for (size_t i = 0; i < entries.size(); ++i) {
        if (kept < m_rows.size() && m_rows[kept].itemId == entries[i].item.id) {
            Row fresh = rowFor(entries[i]);
            if (!(fresh == m_rows[kept])) {
                m_rows[kept] = std::move(fresh);
                Q_EMIT dataChanged(index(int(kept), 0), index(int(kept), ColumnCount - 1));
            }
            ++kept;
            continue;
        }
        if (std::any_of(m_rows.begin() + qsizetype(kept), m_rows.end(),
                        [&](const Row& r) { return r.itemId == entries[i].item.id; })) {
            // The order changed (a new removal order went ahead): rebuild.
            beginResetModel();
            m_rows.clear();
            for (const QueueEntry& e : entries)
                m_rows.push_back(rowFor(e));
            endResetModel();
            return;
        }
        beginInsertRows({}, int(kept), int(kept));
        m_rows.insert(m_rows.begin() + qsizetype(kept), rowFor(entries[i]));
        endInsertRows();
        ++kept;
    }
}

namespace {

QueueModel::Row rowFor(const QueueEntry& e)
{
    QueueModel::Row r;
    r.itemId = e.item.id;
    r.source = e.item.source.type;
    r.deadline = e.item.deadline;
    r.leaseExpiresAt = e.held.lease.expiresAt;
    r.lang = e.item.lang;
    r.platform = e.item.platform;
    for (const Score& s : e.item.scores)
        if (!r.topScore || s.score > *r.topScore) {
            r.topScore = s.score;
            r.topLabel = s.label;
        }
    return r;
}

} // namespace

void QueueModel::tick(qint64 nowMs)
{
    m_now = nowMs;
    if (!m_rows.empty())
        Q_EMIT dataChanged(index(0, TimeLeft), index(int(m_rows.size()) - 1, TimeLeft),
                           {Qt::DisplayRole, Qt::ForegroundRole, UrgentRole});
}

int QueueModel::rowOf(const QString& itemId) const
{
    for (size_t i = 0; i < m_rows.size(); ++i)
        if (m_rows[i].itemId == itemId)
            return int(i);
    return -1;
}

QString QueueModel::itemIdAt(int row) const
{
    return row >= 0 && row < int(m_rows.size()) ? m_rows[size_t(row)].itemId : QString();
}

int QueueModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int QueueModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant QueueModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = m_rows[size_t(index.row())];
    const bool urgent = r.deadline && *r.deadline - m_now < kUrgentMs;
    if (role == ItemIdRole)
        return r.itemId;
    if (role == UrgentRole)
        return urgent;
    if (role == Qt::ForegroundRole && index.column() == TimeLeft)
        // Red: a removal order under an hour; grey: only the lease's own clock.
        return urgent ? QBrush(QColor(0xc6, 0x28, 0x28))
                      : (r.deadline ? QVariant() : QBrush(QColor(0x80, 0x80, 0x80)));
    if (role == Qt::FontRole && urgent) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::ToolTipRole && index.column() == TimeLeft)
        return r.deadline ? tr("Removal order: must be actioned within this time")
                          : tr("Time left on your lease of this item");
    if (role == Qt::TextAlignmentRole && (index.column() == TimeLeft || index.column() == TopScore))
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::AccessibleTextRole)
        return {};
    switch (index.column()) {
    case Source: {
        static const QHash<QString, QString> shortNames{
            {u"removal_order"_s, tr("Removal order")},
            {u"trusted_flagger"_s, tr("Trusted flagger")},
            {u"hash_match"_s, tr("Hash match")},
            {u"classifier"_s, tr("Classifier")},
            {u"user_report"_s, tr("User report")}};
        return shortNames.value(r.source, isolatedPlainText(r.source));
    }
    case TimeLeft:
        return formatTimeLeft((r.deadline ? *r.deadline : r.leaseExpiresAt) - m_now);
    case Language:
        return isolatedPlainText(r.lang);
    case Platform:
        return isolatedPlainText(r.platform);
    case TopScore: {
        if (!r.topScore)
            return u"—"_s;
        // The classifier's label in words ("terrorist content", not "terrorist_content"): the
        // cell is cut at a word when narrow (QueueRowDelegate), and a word can be read.
        QString label = r.topLabel;
        label.replace(u'_', u' ');
        return u"%1 %2"_s.arg(*r.topScore, 0, 'f', 2).arg(isolatedPlainText(label));
    }
    default:
        return {};
    }
}

QVariant QueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Source:
        return tr("Source");
    case TimeLeft:
        return tr("Time left");
    case Language:
        return tr("Lang");
    case Platform:
        return tr("Platform");
    case TopScore:
        return tr("Top score");
    default:
        return {};
    }
}

} // namespace moddesk::ui
