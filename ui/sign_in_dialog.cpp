#include "sign_in_dialog.h"

#include "sign_in.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace moddesk::ui {

SignInDialog::SignInDialog(const QString& profilesRoot, QWidget* parent)
    : QDialog(parent)
    , m_root(profilesRoot)
{
    setWindowTitle(tr("ModDesk — sign in"));
    auto* layout = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    m_profile = new QComboBox(this);
    m_profile->setEditable(true);
    m_profile->setObjectName(u"profile"_s);
    const QStringList existing = QDir(m_root).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    m_profile->addItems(existing.isEmpty() ? QStringList{u"default"_s} : existing);
    m_server = new QLineEdit(this);
    m_server->setObjectName(u"server"_s);
    m_server->setPlaceholderText(u"https://queue.example.org"_s);
    m_token = new QLineEdit(this);
    m_token->setObjectName(u"token"_s);
    m_token->setEchoMode(QLineEdit::Password);
    m_token->setPlaceholderText(tr("your personal access token"));
    m_state = new QLabel(this);
    m_state->setTextFormat(Qt::PlainText);
    m_problem = new QLabel(this);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(u"color: #b71c1c;"_s);
    form->addRow(tr("&Profile"), m_profile);
    form->addRow(m_state);
    form->addRow(tr("&Server"), m_server);
    form->addRow(tr("&Token"), m_token);
    layout->addLayout(form);
    layout->addWidget(m_problem);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Open"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(buttons);
    connect(m_profile, &QComboBox::currentTextChanged, this, &SignInDialog::onProfileChanged);
    onProfileChanged();
    resize(520, 0);
}

QString SignInDialog::profileDir() const
{
    return QDir(m_root).filePath(m_profile->currentText().trimmed());
}

void SignInDialog::onProfileChanged()
{
    m_problem->clear();
    const QString dir = profileDir();
    if (!QFile::exists(dir + u"/client.sqlite"_s)) {
        m_state->setText(tr("A new profile: sign in to a server."));
        return;
    }
    auto profile = net::Profile::open(dir);
    if (!profile)
        return;
    const QString user = (*profile)->userName();
    m_server->setText((*profile)->serverUrl());
    m_state->setText(user.isEmpty()
                         ? tr("Not signed in yet.")
                         : tr("Signed in as %1. Leave the token empty to go on.").arg(user));
}

void SignInDialog::accept()
{
    const QString name = m_profile->currentText().trimmed();
    if (name.isEmpty() || name.contains(u'/') || name.startsWith(u'.')) {
        m_problem->setText(tr("Give the profile a plain name (no slashes)."));
        return;
    }
    auto profile = net::Profile::open(profileDir());
    if (!profile) {
        m_problem->setText(profile.error().message);
        return;
    }
    const QByteArray token = m_token->text().trimmed().toLatin1();
    if (token.isEmpty()) {
        if ((*profile)->userName().isEmpty()) {
            m_problem->setText(tr("Enter the token your team lead gave you."));
            return;
        }
        QDialog::accept();
        return;
    }
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto signedIn = net::signIn(**profile, m_server->text().trimmed(), token);
    QApplication::restoreOverrideCursor();
    if (!signedIn) {
        m_problem->setText(tr("Not signed in: %1").arg(signedIn.error().toString()));
        return;
    }
    QDialog::accept();
}

} // namespace moddesk::ui
