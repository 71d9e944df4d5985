#pragma once

#include <QUrl>
#include <QWebEnginePage>

namespace moddesk::ui {

// A page that goes only where the app sends it: the one `item:/page/...` URL it was told to
// load. Clicks, redirects, meta refreshes, form posts and window.open all go nowhere.
class ItemWebPage final : public QWebEnginePage {
    Q_OBJECT
public:
    using QWebEnginePage::QWebEnginePage;
    void loadAppPage(const QUrl& url);
    int refusedNavigations() const { return m_refused; }

protected:
    bool acceptNavigationRequest(const QUrl& url, NavigationType type, bool isMainFrame) override;
    QWebEnginePage* createWindow(WebWindowType type) override;

private:
    QUrl m_expected;
    int m_refused = 0;
};

} // namespace moddesk::ui
