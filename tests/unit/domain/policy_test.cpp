// Protects: the moderation policy: the built-in tvec-2026.11 policy (verdicts, reasons, actions,
// required fields), Policy::check() naming the first offending decision field, and
// Policy::fromJson() refusing inconsistent policies.
#include "decision.h"
#include "policy.h"
#include "qtest_printers.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <functional>

using namespace Qt::StringLiterals;
using namespace moddesk;

namespace {

const QString kVersion = u"tvec-2026.11"_s;

// The built-in policy as default_policy.json states it.
const QStringList kActions{u"remove"_s,          u"restrict"_s,  u"label"_s,
                           u"suspend_account"_s, u"no_action"_s, u"refer"_s};
const VerdictRule kViolating{u"violating"_s,
                             {u"terrorist_propaganda"_s, u"recruitment"_s, u"incitement"_s,
                              u"glorification"_s, u"instructional"_s, u"financing"_s,
                              u"threat_to_life"_s},
                             {u"remove"_s, u"restrict"_s, u"label"_s, u"suspend_account"_s},
                             {u"reason"_s, u"action"_s, u"dsa.decision_ground"_s},
                             DsaStatement{u"incompatible_with_terms"_s,
                                          u"STATEMENT_CATEGORY_VIOLENCE"_s,
                                          {u"EEA"_s},
                                          std::nullopt,
                                          std::nullopt}};
const VerdictRule kNotViolating{u"not_violating"_s,
                                {u"counter_speech"_s, u"news_reporting"_s, u"academic"_s,
                                 u"satire"_s, u"benign"_s, u"insufficient_evidence"_s},
                                {u"no_action"_s, u"label"_s},
                                {u"reason"_s, u"action"_s}};
const VerdictRule kEscalate{u"escalate"_s,
                            {u"supervisor"_s, u"legal"_s, u"threat_to_life"_s},
                            {u"refer"_s},
                            {u"reason"_s, u"action"_s, u"notes"_s}};

// A triage decision carrying what the built-in policy requires of `verdict`.
Decision decision(const QString& verdict, const QString& reason, const QString& action)
{
    Decision d;
    d.id = u"0b5c2c9e-6a43-4a8f-9a57-1d2f0c3b4a5e"_s;
    d.itemId = u"synthetic-item-1"_s;
    d.kind = u"triage"_s;
    d.moderator = u"alice"_s;
    d.decidedAt = 1795445414123;
    d.policyVersion = kVersion;
    d.verdict = verdict;
    d.reason = reason;
    d.action = action;
    if (verdict == u"violating")
        d.dsa = DsaStatement{u"illegal_content"_s, std::nullopt, {u"EEA"_s}, false, std::nullopt};
    if (verdict == u"escalate")
        d.notes = u"SYNTHETIC: unsure whether this is news reporting"_s;
    return d;
}

Decision violating()
{
    return decision(u"violating"_s, u"recruitment"_s, u"remove"_s);
}
Decision notViolating()
{
    return decision(u"not_violating"_s, u"counter_speech"_s, u"no_action"_s);
}
Decision escalate()
{
    return decision(u"escalate"_s, u"supervisor"_s, u"refer"_s);
}

Decision with(Decision d, const std::function<void(Decision&)>& change)
{
    change(d);
    return d;
}

QByteArray compact(const QJsonObject& json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

QJsonObject verdictJson(const QString& name, const QStringList& reasons, const QStringList& actions,
                        const QStringList& requires_)
{
    return {{u"name"_s, name},
            {u"reasons"_s, QJsonArray::fromStringList(reasons)},
            {u"actions"_s, QJsonArray::fromStringList(actions)},
            {u"requires"_s, QJsonArray::fromStringList(requires_)}};
}

// A policy whose only verdict requires every requirable field.
Policy strictPolicy()
{
    const QJsonObject json{
        {u"version"_s, u"strict-1"_s},
        {u"actions"_s, QJsonArray{u"remove"_s}},
        {u"verdicts"_s, QJsonArray{verdictJson(u"violating"_s, {u"recruitment"_s}, {u"remove"_s},
                                               Policy::requirableFields())}}};
    auto parsed = Policy::fromJson(json);
    Q_ASSERT(parsed.ok());
    return parsed.ok() ? std::move(parsed).value() : Policy{};
}

// A decision that fills every requirable field.
Decision complete()
{
    Decision d = violating();
    d.notes = u"SYNTHETIC notes"_s;
    d.shown = QString(64, u'a');
    d.handleMs = 1200;
    d.dsa = DsaStatement{u"illegal_content"_s,
                         u"STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH"_s,
                         {u"EEA"_s},
                         true,
                         u"SYNTHETIC facts"_s};
    d.removalOrder = RemovalOrderAction{u"SYNTHETIC-RO-1"_s, 1795445000000};
    return d;
}

} // namespace

class PolicyTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void builtinMatchesTheShippedFile();
    void builtinLooksUpVerdicts();
    void requirableFieldsArePinned();
    void checkAcceptsEveryAllowedCombination_data();
    void checkAcceptsEveryAllowedCombination();
    void checkAccepts_data();
    void checkAccepts();
    void checkNamesTheField_data();
    void checkNamesTheField();
    void checkNamesEachMissingRequirableField_data();
    void checkNamesEachMissingRequirableField();
    void fromJsonRejects_data();
    void fromJsonRejects();
};

void PolicyTest::builtinMatchesTheShippedFile()
{
    const Policy& p = Policy::builtin();
    QCOMPARE(p.version, kVersion);
    QCOMPARE(p.actions, kActions);
    QCOMPARE(p.verdicts.size(), size_t(3));
    QCOMPARE(p.verdicts[0], kViolating);
    QCOMPARE(p.verdicts[1], kNotViolating);
    QCOMPARE(p.verdicts[2], kEscalate);

    // And it is exactly what the compiled-in resource says.
    QFile file(u":/moddesk/domain/default_policy.json"_s);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const Result<Policy> parsed = Policy::fromJsonBytes(file.readAll());
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
    QCOMPARE(*parsed, p);
    QCOMPARE(&Policy::builtin(), &p); // loaded once
}

void PolicyTest::builtinLooksUpVerdicts()
{
    const Policy& p = Policy::builtin();
    for (const QString& name : {u"violating"_s, u"not_violating"_s, u"escalate"_s}) {
        const VerdictRule* rule = p.verdict(name);
        QVERIFY(rule);
        QCOMPARE(rule->name, name);
    }
    QVERIFY(!p.verdict(u"appeal"));
    QVERIFY(!p.verdict(u"Violating"));
    QVERIFY(!p.verdict(u""));
}

void PolicyTest::requirableFieldsArePinned()
{
    const QStringList expected{u"reason"_s,       u"action"_s,
                               u"notes"_s,        u"shown"_s,
                               u"handle_ms"_s,    u"dsa.decision_ground"_s,
                               u"dsa.category"_s, u"dsa.territorial_scope"_s,
                               u"dsa.facts"_s,    u"removal_order"_s};
    QCOMPARE(Policy::requirableFields(), expected);
}

void PolicyTest::checkAcceptsEveryAllowedCombination_data()
{
    QTest::addColumn<Decision>("decision");
    for (const VerdictRule* rule : {&kViolating, &kNotViolating, &kEscalate}) {
        for (const QString& reason : rule->reasons) {
            for (const QString& action : rule->actions) {
                QTest::addRow("%s / %s / %s", qPrintable(rule->name), qPrintable(reason),
                              qPrintable(action))
                    << decision(rule->name, reason, action);
            }
        }
    }
}

void PolicyTest::checkAcceptsEveryAllowedCombination()
{
    QFETCH(Decision, decision);
    const Status status = Policy::builtin().check(decision);
    QVERIFY2(status.ok(), qPrintable(status.ok() ? QString() : status.error().toString()));
}

void PolicyTest::checkAccepts_data()
{
    QTest::addColumn<Decision>("decision");

    QTest::newRow("violating") << violating();
    QTest::newRow("not_violating") << notViolating();
    QTest::newRow("escalate") << escalate();
    QTest::newRow("not_violating with optional notes and DSA")
        << with(notViolating(), [](Decision& d) {
               d.notes = u"SYNTHETIC"_s;
               d.dsa = DsaStatement{u"incompatible_with_terms"_s, {}, {}, {}, {}};
           });
    QTest::newRow("violating with a removal order") << with(violating(), [](Decision& d) {
        d.removalOrder = RemovalOrderAction{u"SYNTHETIC-RO-1"_s, 1795445000000};
    });
    QTest::newRow("a review") << with(notViolating(), [](Decision& d) {
        d.kind = u"review"_s;
        d.reviews = u"3f2a9c1e-0d4b-4e8a-b7c6-5a4d3e2f1b0c"_s;
    });
    QTest::newRow("a retract, no verdict") << with(Decision(), [](Decision& d) {
        d.id = u"0b5c2c9e-6a43-4a8f-9a57-1d2f0c3b4a5e"_s;
        d.itemId = u"synthetic-item-1"_s;
        d.kind = u"retract"_s;
        d.reviews = u"3f2a9c1e-0d4b-4e8a-b7c6-5a4d3e2f1b0c"_s;
        d.moderator = u"alice"_s;
        d.policyVersion = kVersion;
    });
    QTest::newRow("a retract with notes, no verdict") << with(violating(), [](Decision& d) {
        d.kind = u"retract"_s;
        d.reviews = u"3f2a9c1e-0d4b-4e8a-b7c6-5a4d3e2f1b0c"_s;
        d.verdict.reset();
        d.reason.reset();
        d.action.reset();
        d.dsa.reset();
        d.notes = u"SYNTHETIC: decided on the wrong item"_s;
    });
}

void PolicyTest::checkAccepts()
{
    QFETCH(Decision, decision);
    const Status status = Policy::builtin().check(decision);
    QVERIFY2(status.ok(), qPrintable(status.ok() ? QString() : status.error().toString()));
}

void PolicyTest::checkNamesTheField_data()
{
    QTest::addColumn<Decision>("decision");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("fragment");

    auto row = [](const char* name, const Decision& d, const QString& field,
                  const QString& fragment) { QTest::newRow(name) << d << field << fragment; };

    const QString required = u"is required"_s;

    // verdict
    row("unknown verdict", with(violating(), [](Decision& d) { d.verdict = u"appeal"_s; }),
        u"verdict"_s,
        u"\"appeal\" is not a verdict of policy tvec-2026.11 (violating, not_violating, escalate)"_s);
    row("verdict in the wrong case",
        with(violating(), [](Decision& d) { d.verdict = u"Violating"_s; }), u"verdict"_s,
        u"\"Violating\" is not a verdict"_s);
    row("triage without a verdict", with(violating(), [](Decision& d) { d.verdict.reset(); }),
        u"verdict"_s, u"\"\" is not a verdict"_s);
    row("review without a verdict",
        with(violating(),
             [](Decision& d) {
                 d.kind = u"review"_s;
                 d.reviews = u"3f2a9c1e-0d4b-4e8a-b7c6-5a4d3e2f1b0c"_s;
                 d.verdict.reset();
             }),
        u"verdict"_s, u"is not a verdict"_s);

    // reason of another verdict
    row("violating + counter_speech",
        with(violating(), [](Decision& d) { d.reason = u"counter_speech"_s; }), u"reason"_s,
        u"\"counter_speech\" is not a reason for violating (terrorist_propaganda, recruitment, "
        u"incitement, glorification, instructional, financing, threat_to_life)"_s);
    row("not_violating + terrorist_propaganda",
        with(notViolating(), [](Decision& d) { d.reason = u"terrorist_propaganda"_s; }),
        u"reason"_s, u"is not a reason for not_violating"_s);
    row("escalate + recruitment",
        with(escalate(), [](Decision& d) { d.reason = u"recruitment"_s; }), u"reason"_s,
        u"is not a reason for escalate"_s);
    row("violating + made-up reason", with(violating(), [](Decision& d) { d.reason = u"vibes"_s; }),
        u"reason"_s, u"\"vibes\" is not a reason for violating"_s);

    // action not allowed
    row("not_violating + remove", with(notViolating(), [](Decision& d) { d.action = u"remove"_s; }),
        u"action"_s, u"\"remove\" does not follow not_violating (no_action, label)"_s);
    row("violating + no_action", with(violating(), [](Decision& d) { d.action = u"no_action"_s; }),
        u"action"_s, u"\"no_action\" does not follow violating"_s);
    row("escalate + remove", with(escalate(), [](Decision& d) { d.action = u"remove"_s; }),
        u"action"_s, u"\"remove\" does not follow escalate (refer)"_s);
    row("violating + action outside the policy",
        with(violating(), [](Decision& d) { d.action = u"nuke"_s; }), u"action"_s,
        u"\"nuke\" does not follow violating"_s);

    // required fields missing
    row("violating without dsa", with(violating(), [](Decision& d) { d.dsa.reset(); }),
        u"dsa.decision_ground"_s, required);
    row("violating without reason", with(violating(), [](Decision& d) { d.reason.reset(); }),
        u"reason"_s, required);
    row("violating without action", with(violating(), [](Decision& d) { d.action.reset(); }),
        u"action"_s, required);
    row("not_violating without reason", with(notViolating(), [](Decision& d) { d.reason.reset(); }),
        u"reason"_s, required);
    row("not_violating without action", with(notViolating(), [](Decision& d) { d.action.reset(); }),
        u"action"_s, required);
    row("escalate without notes", with(escalate(), [](Decision& d) { d.notes.reset(); }),
        u"notes"_s, required);
    row("escalate without action", with(escalate(), [](Decision& d) { d.action.reset(); }),
        u"action"_s, required);

    // The first problem wins: a wrong reason before a missing field.
    row("wrong reason and no dsa",
        with(violating(),
             [](Decision& d) {
                 d.reason = u"satire"_s;
                 d.dsa.reset();
             }),
        u"reason"_s, u"is not a reason for violating"_s);
    row("wrong action and no notes",
        with(escalate(),
             [](Decision& d) {
                 d.action = u"label"_s;
                 d.notes.reset();
             }),
        u"action"_s, u"does not follow escalate"_s);
}

void PolicyTest::checkNamesTheField()
{
    QFETCH(Decision, decision);
    QFETCH(QString, field);
    QFETCH(QString, fragment);

    const Status status = Policy::builtin().check(decision);
    QVERIFY2(!status.ok(), "accepted");
    QCOMPARE(status.error().field, field);
    QVERIFY2(status.error().message.contains(fragment), qPrintable(status.error().message));
    if (fragment == u"is required") {
        QVERIFY2(status.error().message.contains(*decision.verdict),
                 qPrintable(status.error().message));
        QVERIFY2(status.error().message.contains(kVersion), qPrintable(status.error().message));
    }
}

void PolicyTest::checkNamesEachMissingRequirableField_data()
{
    QTest::addColumn<Decision>("decision");
    QTest::addColumn<QString>("field");

    const std::pair<QString, std::function<void(Decision&)>> clears[] = {
        {u"reason"_s, [](Decision& d) { d.reason.reset(); }},
        {u"action"_s, [](Decision& d) { d.action.reset(); }},
        {u"notes"_s, [](Decision& d) { d.notes.reset(); }},
        {u"shown"_s, [](Decision& d) { d.shown.reset(); }},
        {u"handle_ms"_s, [](Decision& d) { d.handleMs.reset(); }},
        {u"dsa.decision_ground"_s, [](Decision& d) { d.dsa.reset(); }},
        {u"dsa.category"_s, [](Decision& d) { d.dsa->category.reset(); }},
        {u"dsa.territorial_scope"_s, [](Decision& d) { d.dsa->territorialScope.clear(); }},
        {u"dsa.facts"_s, [](Decision& d) { d.dsa->facts.reset(); }},
        {u"removal_order"_s, [](Decision& d) { d.removalOrder.reset(); }},
    };
    QCOMPARE(std::size(clears), size_t(Policy::requirableFields().size()));
    for (const auto& [field, clear] : clears)
        QTest::newRow(qPrintable(field)) << with(complete(), clear) << field;
}

void PolicyTest::checkNamesEachMissingRequirableField()
{
    QFETCH(Decision, decision);
    QFETCH(QString, field);

    const Policy strict = strictPolicy();
    const Status filled = strict.check(complete());
    QVERIFY2(filled.ok(), qPrintable(filled.ok() ? QString() : filled.error().toString()));

    const Status status = strict.check(decision);
    QVERIFY2(!status.ok(), "accepted");
    QCOMPARE(status.error().field, field);
    // The message says what requires the field: the verdict, under which policy.
    const QString message = status.error().message;
    QVERIFY2(message.contains(u"is required"_s), qPrintable(message));
    QVERIFY2(message.contains(u"violating"_s), qPrintable(message));
    QVERIFY2(message.contains(u"strict-1"_s), qPrintable(message));
}

void PolicyTest::fromJsonRejects_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("fragment");

    auto policy = [](const QJsonArray& verdicts,
                     const QStringList& actions = {u"remove"_s, u"no_action"_s}) {
        return compact({{u"version"_s, u"test-1"_s},
                        {u"actions"_s, QJsonArray::fromStringList(actions)},
                        {u"verdicts"_s, verdicts}});
    };
    const QJsonObject ok = verdictJson(u"violating"_s, {u"r"_s}, {u"remove"_s}, {u"reason"_s});
    const QString notRequirable = u"is not a field a policy can require"_s;

    QTest::newRow("requires an unknown field")
        << policy({verdictJson(u"violating"_s, {u"r"_s}, {u"remove"_s}, {u"colour"_s})})
        << u"verdicts[0].requires[0]"_s << u"\"colour\" is not a field a policy can require"_s;
    QTest::newRow("requires a group, not a field")
        << policy({ok, verdictJson(u"other"_s, {}, {}, {u"reason"_s, u"dsa"_s})})
        << u"verdicts[1].requires[1]"_s << notRequirable;
    QTest::newRow("requires verdict")
        << policy({verdictJson(u"violating"_s, {}, {}, {u"verdict"_s})})
        << u"verdicts[0].requires[0]"_s << notRequirable;
    QTest::newRow("requires the JSON spelling of a C++ name")
        << policy({verdictJson(u"violating"_s, {}, {}, {u"handleMs"_s})})
        << u"verdicts[0].requires[0]"_s << notRequirable;
    QTest::newRow("requires in the wrong case")
        << policy({verdictJson(u"violating"_s, {}, {}, {u"Reason"_s})})
        << u"verdicts[0].requires[0]"_s << notRequirable;
    QTest::newRow("action not in actions")
        << policy({ok, verdictJson(u"other"_s, {}, {u"no_action"_s, u"nuke"_s}, {})})
        << u"verdicts[1].actions"_s << u"\"nuke\" is not in the policy's actions"_s;
    QTest::newRow("action with no actions at all")
        << policy({ok}, {}) << u"verdicts[0].actions"_s
        << u"\"remove\" is not in the policy's actions"_s;
    QJsonObject badDefaults = ok;
    badDefaults.insert(u"dsa_defaults"_s, QJsonObject{{u"decision_ground"_s, u"illegal_content"_s},
                                                      {u"facts"_s, u"prefilled facts"_s}});
    QTest::newRow("dsa defaults with a field a default cannot set")
        << policy({badDefaults}) << u"verdicts[0].dsa_defaults.facts"_s
        << u"is not a known field"_s;
    QTest::newRow("empty verdict list")
        << policy({}) << u"verdicts"_s << u"must list at least one verdict"_s;
    QTest::newRow("no verdict list") << compact({{u"version"_s, u"test-1"_s}}) << u"verdicts"_s
                                     << u"must list at least one verdict"_s;
    QTest::newRow("no version") << compact({{u"verdicts"_s, QJsonArray{ok}},
                                            {u"actions"_s, QJsonArray{u"remove"_s}}})
                                << u"version"_s << u"is required"_s;
    QTest::newRow("verdict listed twice")
        << policy({ok, verdictJson(u"other"_s, {}, {}, {}), ok}) << u"verdicts[2].name"_s
        << u"\"violating\" is listed twice"_s;
    QTest::newRow("verdict without a name") << policy({QJsonObject{{u"reasons"_s, QJsonArray{}}}})
                                            << u"verdicts[0].name"_s << u"is required"_s;
}

void PolicyTest::fromJsonRejects()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, field);
    QFETCH(QString, fragment);

    const Result<Policy> parsed = Policy::fromJsonBytes(json);
    QVERIFY2(!parsed.ok(), "accepted");
    QCOMPARE(parsed.error().field, field);
    QVERIFY2(parsed.error().message.contains(fragment), qPrintable(parsed.error().message));
}

QTEST_GUILESS_MAIN(PolicyTest)
#include "policy_test.moc"
