#include "server_clock.h"

#include <QDateTime>
#include <QFile>

namespace moddesk::server {

std::function<qint64()> serverClock(const QString& offsetFile)
{
    if (offsetFile.isEmpty())
        return [] { return QDateTime::currentMSecsSinceEpoch(); };
    return [offsetFile] {
        QFile file(offsetFile);
        qint64 offset = 0;
        if (file.open(QIODevice::ReadOnly))
            offset = file.read(32).trimmed().toLongLong(); // 0 when it is not a number
        return QDateTime::currentMSecsSinceEpoch() + offset;
    };
}

} // namespace moddesk::server
