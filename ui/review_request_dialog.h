#pragma once

#include <QDialog>

class QPlainTextEdit;
class QPushButton;

namespace moddesk::ui {

// Ctrl+Z on a decision that has already reached the server: it can no longer be retracted
// from here, so the moderator asks a supervisor to review it and says what went wrong. The
// request cannot be sent without words.
class ReviewRequestDialog final : public QDialog {
    Q_OBJECT
public:
    ReviewRequestDialog(const QString& itemId, const QString& decided, QWidget* parent = nullptr);
    QString reason() const;

private:
    QPlainTextEdit* m_reason;
    QPushButton* m_send;
};

} // namespace moddesk::ui
