#include "decision_panel.h"

#include "evidence_pane.h"

#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace moddesk::ui {

namespace {

QString words(const QString& id)
{
    QString s = id;
    s.replace(u'_', u' ');
    return s;
}

void fill(QComboBox* box, const QStringList& ids)
{
    box->clear();
    box->addItem(u"—"_s, QString());
    for (const QString& id : ids)
        box->addItem(words(id), id);
}

QString selected(const QComboBox* box)
{
    return box->currentData().toString();
}

void select(QComboBox* box, const QString& id)
{
    const int i = box->findData(id);
    box->setCurrentIndex(i < 0 ? 0 : i);
}

} // namespace

DecisionPanel::DecisionPanel(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);

    // Evidence: scores and hash matches, scrollable when an item has many.
    auto* evidenceGroup = new QGroupBox(tr("Why it is here"), this);
    auto* evidenceOuter = new QVBoxLayout(evidenceGroup);
    m_evidence = new EvidencePane(evidenceGroup);
    evidenceOuter->addWidget(m_evidence);
    layout->addWidget(evidenceGroup, 1); // what the form does not need: evidence can be long

    auto* formGroup = new QGroupBox(tr("Decision"), this);
    auto* form = new QFormLayout(formGroup);
    m_verdict = new QComboBox(formGroup);
    m_reason = new QComboBox(formGroup);
    m_action = new QComboBox(formGroup);
    m_ground = new QComboBox(formGroup);
    fill(m_ground, {u"illegal_content"_s, u"incompatible_with_terms"_s});
    m_category = new QLineEdit(formGroup);
    m_category->setPlaceholderText(u"STATEMENT_CATEGORY_…"_s);
    m_territory = new QLineEdit(formGroup);
    m_territory->setPlaceholderText(tr("EEA, or country codes separated by commas"));
    m_notes = new QPlainTextEdit(formGroup);
    m_notes->setTabChangesFocus(true);
    m_notes->setPlaceholderText(tr("Notes for the record (what you saw, why)"));
    m_notes->setMaximumHeight(90);
    m_required = new QLabel(formGroup);
    m_required->setWordWrap(true);
    m_problem = new QLabel(formGroup);
    m_problem->setWordWrap(true);
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setStyleSheet(u"color: #b71c1c; font-weight: bold;"_s);
    m_problem->setObjectName(u"decisionProblem"_s);
    m_record = new QPushButton(tr("Record decision  (Enter)"), formGroup);
    m_record->setFocusPolicy(Qt::NoFocus);
    m_verdict->setObjectName(u"verdict"_s);
    m_reason->setObjectName(u"reason"_s);
    m_action->setObjectName(u"action"_s);
    m_notes->setObjectName(u"notes"_s);
    m_ground->setObjectName(u"dsaGround"_s);
    form->addRow(tr("&Verdict"), m_verdict);
    form->addRow(tr("&Reason"), m_reason);
    form->addRow(tr("&Action"), m_action);
    form->addRow(tr("DSA ground"), m_ground);
    form->addRow(tr("DSA category"), m_category);
    form->addRow(tr("Territory"), m_territory);
    form->addRow(tr("&Notes"), m_notes);
    form->addRow(m_required);
    form->addRow(m_problem);
    form->addRow(m_record);
    layout->addWidget(formGroup, 0);

    // A focused list takes typed letters for itself (to find an entry) instead of letting
    // them decide or skip: the form is being filled in. Enter still records; Esc leaves.
    for (QComboBox* box : {m_verdict, m_reason, m_action, m_ground})
        box->installEventFilter(this);
    connect(m_verdict, &QComboBox::currentIndexChanged, this, &DecisionPanel::onVerdictChanged);
    connect(m_record, &QPushButton::clicked, this, &DecisionPanel::recordRequested);
    setPolicy(Policy::builtin());
    setItem(nullptr);
}

bool DecisionPanel::eventFilter(QObject* watched, QEvent* event)
{
    if (event->type() == QEvent::ShortcutOverride) {
        const auto* key = static_cast<QKeyEvent*>(event);
        const bool plain = (key->modifiers() & ~Qt::KeypadModifier) == Qt::NoModifier;
        if (plain && !key->text().isEmpty() && key->text().front().isPrint()) {
            event->accept();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void DecisionPanel::setPolicy(const Policy& policy)
{
    m_policy = policy;
    QStringList verdicts;
    for (const VerdictRule& r : m_policy.verdicts)
        verdicts.append(r.name);
    fill(m_verdict, verdicts);
    onVerdictChanged();
}

void DecisionPanel::onVerdictChanged()
{
    const VerdictRule* rule = m_policy.verdict(selected(m_verdict));
    fill(m_reason, rule ? rule->reasons : QStringList());
    fill(m_action, rule ? rule->actions : QStringList());
    const DsaStatement dsa = rule && rule->dsaDefaults ? *rule->dsaDefaults : DsaStatement{};
    select(m_ground, dsa.decisionGround);
    m_category->setText(dsa.category.value_or(QString()));
    m_territory->setText(dsa.territorialScope.join(u", "));
    QStringList required;
    if (rule)
        for (const QString& f : rule->requiredFields)
            required.append(words(f));
    m_required->setText(
        rule ? tr("Required for “%1”: %2").arg(words(rule->name), required.join(u", "))
             : tr("Choose a verdict: 1–6 decide and move on, E escalates."));
    m_problem->clear();
}

void DecisionPanel::setItem(const Item* item)
{
    m_evidence->setItem(item);
    m_verdict->setCurrentIndex(0);
    onVerdictChanged();
    m_notes->clear();
    m_problem->clear();
    setEnabled(item != nullptr);
}

void DecisionPanel::setChoice(const QString& verdict, const QString& reason, const QString& action)
{
    select(m_verdict, verdict);
    select(m_reason, reason);
    select(m_action, action);
}

net::TriageChoice DecisionPanel::choice() const
{
    net::TriageChoice c;
    c.verdict = selected(m_verdict);
    c.reason = selected(m_reason);
    c.action = selected(m_action);
    c.notes = m_notes->toPlainText().trimmed();
    const QString ground = selected(m_ground);
    if (!ground.isEmpty()) {
        DsaStatement dsa;
        dsa.decisionGround = ground;
        if (!m_category->text().trimmed().isEmpty())
            dsa.category = m_category->text().trimmed();
        for (const QString& t : m_territory->text().split(u',', Qt::SkipEmptyParts))
            dsa.territorialScope.append(t.trimmed());
        c.dsa = dsa;
    }
    return c;
}

void DecisionPanel::showProblem(const QString& message)
{
    m_problem->setText(message);
}

void DecisionPanel::focusVerdict()
{
    m_verdict->setFocus();
}

void DecisionPanel::focusField(const QString& field)
{
    QWidget* target = m_verdict;
    if (field == u"reason")
        target = m_reason;
    else if (field == u"action")
        target = m_action;
    else if (field == u"notes")
        target = m_notes;
    else if (field == u"dsa.decision_ground" || field == u"dsa")
        target = m_ground;
    else if (field == u"dsa.category")
        target = m_category;
    else if (field == u"dsa.territorial_scope")
        target = m_territory;
    target->setFocus();
}

} // namespace moddesk::ui
