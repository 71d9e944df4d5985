#include "server_clock.h"

#include <QDateTime>
#include <QFile>

#include <cstdio>

namespace moddesk::server {

std::function<qint64()> serverClock(const QString& offsetFile)
{
    if (offsetFile.isEmpty())
        return [] { return QDateTime::currentMSecsSinceEpoch(); };
    return [offsetFile] {
        QFile file(offsetFile);
        qint64 offset = 0;
        if (file.open(QIODevice::ReadOnly)) {
            const QByteArray text = file.read(32).trimmed();
            bool ok = false;
            offset = text.toLongLong(&ok);
            if (!ok && !text.isEmpty())
                std::fprintf(stderr, "moddesk-server: %s holds no whole number of ms: \"%s\"\n",
                             qPrintable(offsetFile), text.constData());
        }
        return QDateTime::currentMSecsSinceEpoch() + offset;
    };
}

} // namespace moddesk::server
