#include "database_url.h"

#include <QUrl>

using namespace Qt::StringLiterals;

namespace moddesk::server {

Result<DatabaseUrl> DatabaseUrl::parse(const QString& text)
{
    DatabaseUrl url;
    if (text.startsWith(u"sqlite:"_s)) {
        url.engine = Engine::Sqlite;
        url.path = text.mid(7);
        if (url.path.isEmpty())
            return Error{
                u"--db sqlite: needs a file path, e.g. sqlite:/var/lib/moddesk/server.db"_s};
        return url;
    }
    if (text.startsWith(u"postgresql://"_s) || text.startsWith(u"postgres://"_s)) {
        const QUrl parsed(text, QUrl::StrictMode);
        if (!parsed.isValid() || parsed.host().isEmpty())
            return Error{u"--db "_s + text +
                         u" is not a PostgreSQL URL like postgresql://user@host:5432/dbname"_s};
        url.engine = Engine::Postgres;
        url.host = parsed.host();
        url.port = parsed.port(5432);
        url.user = parsed.userName();
        url.password = parsed.password();
        url.database = parsed.path().mid(1);
        if (url.database.isEmpty())
            url.database = u"postgres"_s;
        return url;
    }
    return Error{u"--db must be sqlite:PATH or postgresql://user@host:port/dbname, not \""_s +
                 text + u'"'};
}

QString DatabaseUrl::display() const
{
    if (engine == Engine::Sqlite)
        return u"sqlite:"_s + path;
    return u"postgresql://"_s + (user.isEmpty() ? QString() : user + u'@') + host + u':' +
           QString::number(port) + u'/' + database;
}

} // namespace moddesk::server
