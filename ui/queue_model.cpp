#include "queue_model.h"

#include "untrusted_text.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFont>

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

void QueueModel::setEntries(const std::vector<QueueEntry>& entries)
{
    beginResetModel();
    m_rows.clear();
    for (const QueueEntry& e : entries) {
        Row r;
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
        m_rows.push_back(std::move(r));
    }
    endResetModel();
}

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
    case TopScore:
        return r.topScore
                   ? u"%1 %2"_s.arg(*r.topScore, 0, 'f', 2).arg(isolatedPlainText(r.topLabel))
                   : u"—"_s;
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
