#include "request_guard.h"

using namespace Qt::StringLiterals;

namespace moddesk::ui {

void RequestGuard::interceptRequest(QWebEngineUrlRequestInfo& info)
{
    if (info.requestUrl().scheme() == u"item") {
        ++m_allowed;
        return;
    }
    ++m_refused;
    info.block(true);
}

} // namespace moddesk::ui
