#include "sample_decisions.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace moddesk::test {

QString sampleUuid(int n, int salt)
{
    return QString::asprintf("%08x-%04x-4%03x-8%03x-%012llx", static_cast<unsigned>(n),
                             static_cast<unsigned>(salt & 0xffff), static_cast<unsigned>(n % 4096),
                             static_cast<unsigned>(salt % 4096),
                             static_cast<unsigned long long>(n) * 2654435761ULL %
                                 0xffffffffffffULL);
}

Decision sampleDecision(int n)
{
    Decision d;
    d.id = sampleUuid(n);
    d.itemId = u"synthetic-item-"_s + QString::number(n / 2);
    d.moderator = (n % 3 == 0) ? u"alice"_s : (n % 3 == 1) ? u"bogdan"_s : u"aigerim"_s;
    d.decidedAt = 1795000000000LL + n * 1234LL;
    d.policyVersion = u"tvec-2026.11"_s;
    d.handleMs = 800 + (n * 37) % 20000;
    d.kind = u"triage"_s;
    if (n % 2 == 0) {
        d.leaseId = u"lease-"_s + QString::number(n);
        d.leaseToken = n + 1;
    }
    d.shown = QString(64, QChar(u'a' + n % 6));
    switch (n % 5) {
    case 0:
    case 3:
        d.verdict = u"violating"_s;
        d.reason = n % 2 ? u"recruitment"_s : u"terrorist_propaganda"_s;
        d.action = u"remove"_s;
        d.dsa = DsaStatement{u"illegal_content"_s,
                             u"STATEMENT_CATEGORY_ILLEGAL_OR_HARMFUL_SPEECH"_s,
                             {u"EEA"_s, u"GB"_s},
                             n % 3 == 0,
                             u"SYNTHETIC: post glorifies a listed group"_s};
        if (n % 10 == 3)
            d.removalOrder =
                RemovalOrderAction{u"RO-2026-"_s + QString::number(n), d.decidedAt - 5000};
        break;
    case 1:
        d.verdict = u"not_violating"_s;
        d.reason = u"counter_speech"_s;
        d.action = u"no_action"_s;
        d.notes = u"SYNTHETIC: mocks the group — «مثال» \"quoted\" \\ tab\there"_s;
        break;
    case 2:
        d.verdict = u"escalate"_s;
        d.reason = u"supervisor"_s;
        d.action = u"refer"_s;
        d.notes = u"SYNTHETIC: unsure whether this is news reporting; Пример"_s;
        break;
    case 4:
        if (n >= 4) {
            d.kind = n % 3 ? u"review"_s : u"retract"_s;
            d.reviews = sampleUuid(n - 4);
            if (d.kind == u"review") {
                d.verdict = u"not_violating"_s;
                d.reason = u"news_reporting"_s;
                d.action = u"label"_s;
            }
        } else {
            d.verdict = u"not_violating"_s;
            d.reason = u"benign"_s;
            d.action = u"no_action"_s;
        }
        break;
    }
    return d;
}

QByteArray sampleDecisionLine(int n)
{
    return QJsonDocument(sampleDecision(n).toJson()).toJson(QJsonDocument::Compact);
}

} // namespace moddesk::test
