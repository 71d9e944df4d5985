#include "keymap.h"

#include <QCoreApplication>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace moddesk::ui {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Keymap", text);
}

} // namespace

const std::vector<KeyAction>& keyActions()
{
    // Digits decide (the most common outcomes in the order moderators meet them), letters
    // move and show, the form is reached with V/R/A/N like its labels' mnemonics.
    static const std::vector<KeyAction> actions = {
        {u"decide.propaganda"_s, tr("Violating: terrorist propaganda → remove"), Qt::Key_1,
         QuickDecision{u"violating"_s, u"terrorist_propaganda"_s, u"remove"_s}},
        {u"decide.recruitment"_s, tr("Violating: recruitment → remove"), Qt::Key_2,
         QuickDecision{u"violating"_s, u"recruitment"_s, u"remove"_s}},
        {u"decide.glorification"_s, tr("Violating: glorification → remove"), Qt::Key_3,
         QuickDecision{u"violating"_s, u"glorification"_s, u"remove"_s}},
        {u"decide.counter_speech"_s, tr("Not violating: counter-speech → no action"), Qt::Key_4,
         QuickDecision{u"not_violating"_s, u"counter_speech"_s, u"no_action"_s}},
        {u"decide.news"_s, tr("Not violating: news reporting → no action"), Qt::Key_5,
         QuickDecision{u"not_violating"_s, u"news_reporting"_s, u"no_action"_s}},
        {u"decide.benign"_s, tr("Not violating: benign → no action"), Qt::Key_6,
         QuickDecision{u"not_violating"_s, u"benign"_s, u"no_action"_s}},
        {u"decide.escalate"_s, tr("Escalate to a supervisor (asks for notes)"), Qt::Key_E,
         QuickDecision{u"escalate"_s, u"supervisor"_s, u"refer"_s}},
        {u"record"_s, tr("Record the decision in the form"), Qt::Key_Return, {}},
        {u"next"_s, tr("Next item"), Qt::Key_J, {}},
        {u"previous"_s, tr("Previous item"), Qt::Key_K, {}},
        {u"skip"_s, tr("Skip: give the item back to the queue"), Qt::Key_S, {}},
        {u"reveal"_s, tr("Reveal or blur the media"), Qt::Key_Space, {}},
        {u"raw"_s,
         tr("Show the raw text (invisible characters acting) or the markers"),
         Qt::Key_T,
         {}},
        {u"undo"_s,
         tr("Undo the last decision (after sync: ask for a review)"),
         QKeySequence(Qt::CTRL | Qt::Key_Z),
         {}},
        {u"focus.verdict"_s, tr("Go to the verdict"), Qt::Key_V, {}},
        {u"focus.reason"_s, tr("Go to the reason"), Qt::Key_R, {}},
        {u"focus.action"_s, tr("Go to the action"), Qt::Key_A, {}},
        {u"focus.notes"_s, tr("Write notes"), Qt::Key_N, {}},
        {u"filter"_s, tr("Filter the queue"), Qt::Key_Slash, {}},
        {u"sync"_s, tr("Sync now"), Qt::Key_F5, {}},
        {u"help"_s, tr("Show these keys"), Qt::Key_Question, {}},
        // Spelled out: the platform's standard keys for these are empty on some desktops (no
        // Preferences key without a platform theme), and the cheat sheet promises these.
        {u"settings"_s, tr("Settings"), QKeySequence(Qt::CTRL | Qt::Key_Comma), {}},
        {u"quit"_s,
         tr("Quit (gives back undecided items)"),
         QKeySequence(Qt::CTRL | Qt::Key_Q),
         {}},
    };
    return actions;
}

QKeySequence keyFor(const QSettings& settings, const KeyAction& action)
{
    const QVariant stored = settings.value(u"keys/"_s + action.id);
    if (!stored.isValid())
        return action.defaultKey;
    return QKeySequence(stored.toString(), QKeySequence::PortableText);
}

} // namespace moddesk::ui
