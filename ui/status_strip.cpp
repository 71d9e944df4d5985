#include "status_strip.h"

#include <QDateTime>
#include <QLabel>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace moddesk::ui {

namespace {

// English singular or plural. (Qt's "%n" needs a loaded translation to choose between them,
// and without one writes "2 decision(s)"; none ships yet.)
QString counted(qint64 n, const QString& one, const QString& many)
{
    return n == 1 ? one : many.arg(n);
}

} // namespace

StatusStrip::StatusStrip(QStatusBar* bar, QWidget* bannerParent)
    : QObject(bar)
    , m_offlineBanner(new QLabel(bannerParent))
{
    m_offlineBanner->setObjectName(u"offlineBanner"_s);
    m_offlineBanner->setWordWrap(true);
    m_offlineBanner->setTextFormat(Qt::PlainText);
    m_offlineBanner->setStyleSheet(
        u"background: #fde2c8; color: #6a3500; padding: 6px; font-weight: bold;"_s);
    m_offlineBanner->hide();
    auto label = [bar](const QString& name) {
        auto* l = new QLabel(bar);
        l->setObjectName(name);
        l->setTextFormat(Qt::PlainText);
        bar->addPermanentWidget(l);
        return l;
    };
    m_online = label(u"online"_s);
    m_pending = label(u"pending"_s);
    m_lastSync = label(u"lastSync"_s);
    m_conflicts = label(u"conflicts"_s);
    m_sessionTime = label(u"sessionTime"_s);
    m_exposure = label(u"exposure"_s);
    m_blocked = label(u"blocked"_s);
    m_blocked->setStyleSheet(u"color: #b71c1c; font-weight: bold;"_s);
    m_blocked->hide();
}

void StatusStrip::showBlocked(int count, const QStringList& urls)
{
    m_blocked->setVisible(count > 0);
    m_blocked->setText(count > 0 ? counted(count, tr("1 request from an item page blocked"),
                                           tr("%1 requests from item pages blocked"))
                                 : QString());
    m_blocked->setToolTip(urls.join(u'\n').toHtmlEscaped());
}

void StatusStrip::show(const SessionStatus& s, qint64 sessionMs, int mediaItemsSeen, int revealed)
{
    if (s.tampering) {
        m_online->setText(tr("● TAMPERING SUSPECTED — sync stopped"));
        m_online->setStyleSheet(u"color: #b71c1c; font-weight: bold;"_s);
    } else if (s.online) {
        m_online->setText(tr("● Online"));
        m_online->setStyleSheet(u"color: #1b5e20;"_s);
    } else if (!s.checked) {
        m_online->setText(tr("● Connecting…"));
        m_online->setStyleSheet(QString());
    } else {
        m_online->setText(tr("● Offline — decisions are kept and sync when the server is back"));
        m_online->setStyleSheet(u"color: #b26a00; font-weight: bold;"_s);
    }
    // Said plainly above the panes too: what is wrong, since when, and that nothing is lost.
    const bool offline = s.checked && !s.online && !s.tampering;
    if (offline && !m_offlineSince)
        m_offlineSince = QDateTime::currentMSecsSinceEpoch();
    if (!offline)
        m_offlineSince.reset();
    m_offlineBanner->setVisible(offline);
    if (offline)
        m_offlineBanner->setText(
            tr("Offline since %1: the server cannot be reached. You can go on deciding the "
               "items you hold; %2 kept on this machine and sync by themselves when the server "
               "is back.")
                .arg(QDateTime::fromMSecsSinceEpoch(*m_offlineSince).toString(u"HH:mm"_s),
                     counted(s.pending, tr("1 decision is"), tr("%1 decisions are"))));
    m_offlineBanner->setToolTip(s.problem.toHtmlEscaped()); // the technical detail
    m_online->setToolTip(s.problem.toHtmlEscaped());        // server words: never rich text
    m_pending->setText(tr("%n to sync", nullptr, int(s.pending)));
    m_lastSync->setText(s.lastSyncAt ? tr("last sync %1")
                                           .arg(QDateTime::fromMSecsSinceEpoch(*s.lastSyncAt)
                                                    .toLocalTime()
                                                    .toString(u"HH:mm:ss"_s))
                                     : tr("not synced yet"));
    m_conflicts->setText(counted(s.conflicts, tr("1 conflict"), tr("%1 conflicts")));
    m_conflicts->setStyleSheet(s.conflicts ? u"color: #b71c1c;"_s : QString());
    const qint64 minutes = sessionMs / 60'000;
    m_sessionTime->setText(
        tr("session %1:%2").arg(minutes / 60).arg(minutes % 60, 2, 10, QChar(u'0')));
    m_exposure->setText(tr("media items seen %1, revealed %2").arg(mediaItemsSeen).arg(revealed));
}

QString StatusStrip::text() const
{
    QStringList labels{m_online->text(),    m_pending->text(),     m_lastSync->text(),
                       m_conflicts->text(), m_sessionTime->text(), m_exposure->text()};
    if (m_blocked->isVisibleTo(m_blocked->parentWidget()))
        labels.append(m_blocked->text());
    return labels.join(u" | ");
}

} // namespace moddesk::ui
