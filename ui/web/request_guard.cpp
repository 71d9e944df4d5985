#include "request_guard.h"

using namespace Qt::StringLiterals;

namespace moddesk::ui {

void RequestGuard::interceptRequest(QWebEngineUrlRequestInfo& info)
{
    // Only the app's own origin, item://app: another host under item: is refused as well.
    if (info.requestUrl().scheme() == u"item" && info.requestUrl().host() == u"app") {
        ++m_allowed;
        return;
    }
    ++m_refused;
    info.block(true);
    QMutexLocker lock(&m_mutex);
    if (m_refusedUrls.size() < 100)
        m_refusedUrls.append(info.requestUrl().toString().left(300));
}

QStringList RequestGuard::refusedUrls() const
{
    QMutexLocker lock(&m_mutex);
    return m_refusedUrls;
}

} // namespace moddesk::ui
