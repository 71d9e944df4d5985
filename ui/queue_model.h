#pragma once

#include "session.h"

#include <QAbstractTableModel>

namespace moddesk::ui {

// The queue pane's rows: the items this profile holds, in the session's order (nearest removal
// deadline first). Columns: source, time left (the deadline of a removal order, else the lease),
// language, platform, top score. Every string is the item's, so it is shown isolated with its
// invisible characters marked.
class QueueModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Source, TimeLeft, Language, Platform, TopScore, ColumnCount };
    enum Role { ItemIdRole = Qt::UserRole + 1, UrgentRole };

    explicit QueueModel(QObject* parent = nullptr);

    void setEntries(const std::vector<QueueEntry>& entries);
    // Re-reads the clock: the time-left column and its colours change every second.
    void tick(qint64 nowMs);
    int rowOf(const QString& itemId) const;
    QString itemIdAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    struct Row {
        QString itemId;
        QString source;
        std::optional<qint64> deadline;
        qint64 leaseExpiresAt = 0;
        QString lang;
        QString platform;
        std::optional<double> topScore;
        QString topLabel;
        friend bool operator==(const Row&, const Row&) = default;
    };

private:
    std::vector<Row> m_rows;
    qint64 m_now = 0;
};

// "59:12", "1:02:00", "expired".
QString formatTimeLeft(qint64 ms);

} // namespace moddesk::ui
