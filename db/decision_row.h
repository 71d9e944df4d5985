#pragma once

#include "decision.h"
#include "decision_record.h"
#include "result.h"

#include <QVarLengthArray>

namespace moddesk {

class SqliteStatement;

// How a Decision maps onto a row of the `decisions` table: the one place that knows the
// column order. Reading a row checks what a rewritten file could smuggle in (wrong types,
// invalid UTF-8, '' where the log writes NULL), so verify() can name the row.
namespace decision_row {

// "seq, id, prev_hash, ..." in the order bind() and decode() use.
extern const char* const kColumns;
// "?1, ?2, ..." matching kColumns.
extern const char* const kPlaceholders;

void bind(SqliteStatement& stmt, const Decision& decision);

// The current row of a statement that selected kColumns, checked and viewed in place: valid
// until the statement steps again. Not copyable: the record points into it.
struct CheckedRow {
    CheckedRow() = default;
    Q_DISABLE_COPY_MOVE(CheckedRow)

    DecisionRecord record;
    QByteArrayView hash;
    QVarLengthArray<QByteArrayView, 8> territorialScope; // what record.dsaTerritorialScope shows
};
Status check(const SqliteStatement& stmt, CheckedRow& row);

// The current row as a Decision (check() plus conversion).
Result<Decision> decode(const SqliteStatement& stmt);

} // namespace decision_row
} // namespace moddesk
