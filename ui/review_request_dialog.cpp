#include "review_request_dialog.h"

#include "review_request.h"
#include "untrusted_text.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace moddesk::ui {

ReviewRequestDialog::ReviewRequestDialog(const QString& itemId, const QString& decided,
                                         QWidget* parent)
    : QDialog(parent)
    , m_reason(new QPlainTextEdit(this))
{
    setWindowTitle(tr("Ask for a review"));
    auto* layout = new QVBoxLayout(this);
    auto* explanation = new QLabel(
        tr("Your decision on %1 (%2) has already reached the server, so it cannot be undone "
           "here.\n\nA supervisor can review it. Say what went wrong:")
            .arg(isolatedPlainText(itemId), decided),
        this);
    explanation->setTextFormat(Qt::PlainText);
    explanation->setWordWrap(true);
    layout->addWidget(explanation);
    m_reason->setObjectName(u"reviewReason"_s);
    m_reason->setTabChangesFocus(true);
    m_reason->setPlaceholderText(tr("For example: pressed 6 (benign) on a removal order"));
    layout->addWidget(m_reason);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_send = buttons->addButton(tr("Ask for review"), QDialogButtonBox::AcceptRole);
    m_send->setObjectName(u"sendReviewRequest"_s);
    m_send->setEnabled(false);
    layout->addWidget(buttons);
    connect(m_reason, &QPlainTextEdit::textChanged, this, [this] {
        const QString text = reason();
        m_send->setEnabled(!text.isEmpty() && text.size() <= ReviewRequest::kMaxReasonChars);
    });
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    m_reason->setFocus();
}

QString ReviewRequestDialog::reason() const
{
    return m_reason->toPlainText().trimmed();
}

} // namespace moddesk::ui
