#include "evidence_pane.h"

#include "score_bar.h"
#include "untrusted_text.h"

#include <QLabel>
#include <QScrollArea>
#include <QTextBoundaryFinder>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace moddesk::ui {

namespace {

QLabel* wrappingLabel(QWidget* parent)
{
    auto* l = new QLabel(parent);
    l->setTextFormat(Qt::PlainText);
    l->setWordWrap(true);
    l->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // the pane's width decides
    return l;
}

} // namespace

QString wrappable(const QString& shown)
{
    constexpr QChar kBreak(0x200B);
    constexpr int kLongestRun = 20;
    QString out;
    out.reserve(shown.size() + shown.size() / 8);
    // By whole characters as the reader sees them (a surrogate pair, a letter with its marks):
    // a break never lands inside one.
    QTextBoundaryFinder graphemes(QTextBoundaryFinder::Grapheme, shown);
    int run = 0;
    qsizetype from = 0;
    for (qsizetype to = graphemes.toNextBoundary(); to > 0; to = graphemes.toNextBoundary()) {
        const QStringView character = QStringView(shown).sliced(from, to - from);
        from = to;
        out += character;
        const QChar c = character.front();
        run = c.isSpace() ? 0 : run + 1;
        if (c == u'_' || c == u'/' || c == u'.' || c == u':' || run >= kLongestRun) {
            out += kBreak;
            run = 0;
        }
    }
    return out;
}

EvidencePane::EvidencePane(QWidget* parent)
    : QWidget(parent)
{
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    // Lines wrap to the pane instead: nothing is ever to the right of what is seen.
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_box = new QWidget(scroll);
    auto* layout = new QVBoxLayout(m_box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto heading = [this, layout](const QString& text) {
        auto* l = new QLabel(text, m_box);
        QFont bold = l->font();
        bold.setBold(true);
        l->setFont(bold);
        l->setContentsMargins(0, 4, 0, 0);
        layout->addWidget(l);
    };
    heading(tr("Classifier scores"));
    m_noScores = new QLabel(tr("none"), m_box);
    layout->addWidget(m_noScores);
    m_scoreList = new QVBoxLayout;
    layout->addLayout(m_scoreList);
    heading(tr("Hash-list matches"));
    m_noMatches = new QLabel(tr("none"), m_box);
    layout->addWidget(m_noMatches);
    m_matchList = new QVBoxLayout;
    m_matchList->setSpacing(8);
    layout->addLayout(m_matchList);
    layout->addStretch(1);
    scroll->setWidget(m_box);
    outer->addWidget(scroll);
    setItem(nullptr);
}

void EvidencePane::setItem(const Item* item)
{
    showScores(item);
    showMatches(item);
}

void EvidencePane::showScores(const Item* item)
{
    const size_t scores = item ? item->scores.size() : 0;
    while (m_scoreBars.size() < scores) {
        m_scoreBars.push_back(new ScoreBar(Score{}, m_box));
        m_scoreList->addWidget(m_scoreBars.back());
    }
    for (size_t i = 0; i < m_scoreBars.size(); ++i) {
        if (i < scores) {
            Score shown = item->scores[i];
            shown.model = isolatedPlainText(shown.model);
            shown.modelVersion = isolatedPlainText(shown.modelVersion);
            shown.label = isolatedPlainText(shown.label);
            m_scoreBars[i]->setScore(std::move(shown));
        }
        m_scoreBars[i]->setVisible(i < scores);
    }
    m_noScores->setVisible(item && scores == 0);
}

EvidencePane::MatchView EvidencePane::makeMatchView()
{
    MatchView v;
    v.box = new QWidget(m_box);
    auto* lines = new QVBoxLayout(v.box);
    lines->setContentsMargins(0, 0, 0, 0);
    lines->setSpacing(1);
    v.list = wrappingLabel(v.box);
    QFont bold = v.list->font();
    bold.setBold(true);
    v.list->setFont(bold);
    v.method = wrappingLabel(v.box);
    v.labels = wrappingLabel(v.box);
    for (QLabel* l : {v.list, v.method, v.labels})
        lines->addWidget(l);
    m_matchList->addWidget(v.box);
    return v;
}

void EvidencePane::showMatches(const Item* item)
{
    const size_t matches = item ? item->hashMatches.size() : 0;
    while (m_matches.size() < matches)
        m_matches.push_back(makeMatchView());
    for (size_t i = 0; i < m_matches.size(); ++i) {
        const MatchView& v = m_matches[i];
        v.box->setVisible(i < matches);
        if (i >= matches)
            continue;
        const HashMatch& m = item->hashMatches[i];
        QStringList labels;
        for (const QString& label : m.labels)
            labels.append(isolatedPlainText(label));
        v.list->setText(wrappable(isolatedPlainText(m.list)));
        v.method->setText(wrappable(tr("%1 · %2").arg(
            isolatedPlainText(m.algorithm),
            m.isExact() ? tr("exact match") : tr("distance %1").arg(m.distance))));
        v.labels->setText(labels.isEmpty() ? tr("no labels")
                                           : wrappable(tr("labels: %1").arg(labels.join(u", "))));
        // An exact match on a list is the strongest evidence there is: in red.
        QPalette palette = m_box->palette();
        if (m.isExact())
            palette.setColor(QPalette::WindowText, QColor(0xb7, 0x1c, 0x1c));
        v.method->setPalette(palette);
        v.box->setAccessibleName(
            QStringList{v.list->text(), v.method->text(), v.labels->text()}.join(u"; "));
    }
    m_noMatches->setVisible(item && matches == 0);
}

QStringList EvidencePane::matchTexts() const
{
    QStringList out;
    for (const MatchView& v : m_matches)
        if (!v.box->isHidden())
            out.append(
                QStringList{v.list->text(), v.method->text(), v.labels->text()}.join(u'\n').remove(
                    QChar(0x200B)));
    return out;
}

} // namespace moddesk::ui
