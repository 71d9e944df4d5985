#include "settings_dialog.h"

#include "keymap.h"
#include "wellness.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QKeySequenceEdit>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace moddesk::ui {

SettingsDialog::SettingsDialog(const QString& queue, QWidget* parent)
    : QDialog(parent)
    , m_queue(queue)
{
    setWindowTitle(tr("Settings"));
    QSettings settings;
    auto* layout = new QVBoxLayout(this);

    auto* wellnessBox = new QGroupBox(tr("Protection from graphic media"), this);
    auto* wellnessForm = new QFormLayout(wellnessBox);
    const WellnessSettings w = WellnessSettings::load(settings, queue);
    m_blur = new QCheckBox(tr("Blur media until revealed (hover or Space)"), wellnessBox);
    m_blur->setObjectName(u"blurMedia"_s);
    m_blur->setChecked(w.blur);
    m_grayscale = new QCheckBox(tr("Show media in grayscale until revealed"), wellnessBox);
    m_grayscale->setChecked(w.grayscale);
    m_breakMinutes = new QSpinBox(wellnessBox);
    m_breakMinutes->setRange(0, 240);
    m_breakMinutes->setSuffix(tr(" min"));
    m_breakMinutes->setSpecialValueText(tr("never"));
    m_breakMinutes->setValue(w.breakMinutes);
    m_queueOnly = new QCheckBox(tr("Only for the queue “%1”").arg(queue), wellnessBox);
    wellnessForm->addRow(m_blur);
    wellnessForm->addRow(m_grayscale);
    wellnessForm->addRow(tr("Break reminder every"), m_breakMinutes);
    wellnessForm->addRow(m_queueOnly);
    layout->addWidget(wellnessBox);

    auto* keysBox = new QGroupBox(tr("Keys"), this);
    auto* keysOuter = new QVBoxLayout(keysBox);
    auto* scroll = new QScrollArea(keysBox);
    scroll->setWidgetResizable(true);
    auto* keysInner = new QWidget(scroll);
    auto* keysForm = new QFormLayout(keysInner);
    for (const KeyAction& k : keyActions()) {
        auto* edit = new QKeySequenceEdit(keyFor(settings, k), keysInner);
        edit->setObjectName(u"key."_s + k.id);
        keysForm->addRow(k.title, edit);
        m_keys.emplace_back(k.id, edit);
    }
    scroll->setWidget(keysInner);
    keysOuter->addWidget(scroll);
    layout->addWidget(keysBox, 1);

    auto* buttons = new QDialogButtonBox(
        QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::RestoreDefaults, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::RestoreDefaults), &QPushButton::clicked, this,
            [this] {
                for (size_t i = 0; i < m_keys.size(); ++i)
                    m_keys[i].second->setKeySequence(keyActions()[i].defaultKey);
            });
    layout->addWidget(buttons);
    resize(620, 720);
}

void SettingsDialog::accept()
{
    // One key, one action: a remap that would make a key do two things is refused.
    QHash<QKeySequence, QString> used;
    for (size_t i = 0; i < m_keys.size(); ++i) {
        const QKeySequence key = m_keys[i].second->keySequence();
        if (key.isEmpty())
            continue;
        if (used.contains(key)) {
            QMessageBox::warning(this, tr("Key used twice"),
                                 tr("%1 is set for both “%2” and “%3”. Give one of them "
                                    "another key.")
                                     .arg(key.toString(QKeySequence::NativeText), used.value(key),
                                          keyActions()[i].title));
            return;
        }
        used.insert(key, keyActions()[i].title);
    }
    QSettings settings;
    for (size_t i = 0; i < m_keys.size(); ++i) {
        const QKeySequence key = m_keys[i].second->keySequence();
        const QString name = u"keys/"_s + m_keys[i].first;
        if (key == keyActions()[i].defaultKey)
            settings.remove(name);
        else
            settings.setValue(name, key.toString(QKeySequence::PortableText));
    }
    WellnessSettings w;
    w.blur = m_blur->isChecked();
    w.grayscale = m_grayscale->isChecked();
    w.breakMinutes = m_breakMinutes->value();
    w.save(settings, m_queueOnly->isChecked() ? m_queue : QString());
    QDialog::accept();
}

} // namespace moddesk::ui
