#include "wellness.h"

#include <QSettings>

using namespace Qt::StringLiterals;

namespace moddesk::ui {

namespace {

QString groupFor(const QString& queue)
{
    // Queue names come from the server: percent-encode them into one settings key.
    return queue.isEmpty()
               ? u"wellness"_s
               : u"wellness-queue-"_s + QString::fromLatin1(queue.toUtf8().toPercentEncoding());
}

} // namespace

WellnessSettings WellnessSettings::load(const QSettings& settings, const QString& queue)
{
    WellnessSettings w;
    for (const QString& group : {groupFor({}), groupFor(queue)}) {
        w.blur = settings.value(group + u"/blur"_s, w.blur).toBool();
        w.grayscale = settings.value(group + u"/grayscale"_s, w.grayscale).toBool();
        w.breakMinutes = settings.value(group + u"/break_minutes"_s, w.breakMinutes).toInt();
    }
    return w;
}

void WellnessSettings::save(QSettings& settings, const QString& queue) const
{
    const QString group = groupFor(queue);
    settings.setValue(group + u"/blur"_s, blur);
    settings.setValue(group + u"/grayscale"_s, grayscale);
    settings.setValue(group + u"/break_minutes"_s, breakMinutes);
}

} // namespace moddesk::ui
