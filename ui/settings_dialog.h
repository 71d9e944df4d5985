#pragma once

#include <QDialog>

class QCheckBox;
class QKeySequenceEdit;
class QSpinBox;

namespace moddesk::ui {

// Settings a moderator changes: the keys (any action remapped; conflicts refused), and the
// wellness defaults (blur, grayscale, break reminders) for themselves or for one queue.
// Saved with QSettings in the platform's standard place.
class SettingsDialog final : public QDialog {
    Q_OBJECT
public:
    SettingsDialog(const QString& queue, QWidget* parent = nullptr);
    void accept() override;

private:
    QString m_queue;
    std::vector<std::pair<QString, QKeySequenceEdit*>> m_keys;
    QCheckBox* m_blur;
    QCheckBox* m_grayscale;
    QSpinBox* m_breakMinutes;
    QCheckBox* m_queueOnly;
};

} // namespace moddesk::ui
