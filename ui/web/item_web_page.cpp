#include "item_web_page.h"

namespace moddesk::ui {

void ItemWebPage::loadAppPage(const QUrl& url)
{
    m_expected = url;
    setUrl(url);
}

bool ItemWebPage::acceptNavigationRequest(const QUrl& url, NavigationType, bool isMainFrame)
{
    if (isMainFrame && !m_expected.isEmpty() && url == m_expected) {
        m_expected.clear(); // one load per page the app asked for
        return true;
    }
    ++m_refused;
    return false;
}

QWebEnginePage* ItemWebPage::createWindow(WebWindowType)
{
    ++m_refused;
    return nullptr;
}

} // namespace moddesk::ui
