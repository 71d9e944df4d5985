#pragma once

#include <QDialog>

class QComboBox;
class QLabel;
class QLineEdit;

namespace moddesk::ui {

// Chooses a profile (one per moderator and server, kept under `profilesRoot`) and signs it in
// when it is not yet: server URL and token, checked against the server before anything is
// saved; the token goes to the system keychain like `moddeskctl login` puts it.
class SignInDialog final : public QDialog {
    Q_OBJECT
public:
    SignInDialog(const QString& profilesRoot, QWidget* parent = nullptr);
    QString profileDir() const;
    void accept() override;

private:
    void onProfileChanged();

    QString m_root;
    QComboBox* m_profile;
    QLineEdit* m_server;
    QLineEdit* m_token;
    QLabel* m_state;
    QLabel* m_problem;
};

} // namespace moddesk::ui
