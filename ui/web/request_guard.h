#pragma once

#include <QWebEngineUrlRequestInterceptor>

#include <atomic>

namespace moddesk::ui {

// Refuses every request the item page makes outside the `item:` scheme (an image URL slipped
// into an item, a prefetch, a favicon...) and counts them: the tests assert the count stays 0
// and the window can show it.
class RequestGuard final : public QWebEngineUrlRequestInterceptor {
    Q_OBJECT
public:
    using QWebEngineUrlRequestInterceptor::QWebEngineUrlRequestInterceptor;
    void interceptRequest(QWebEngineUrlRequestInfo& info) override;
    int refused() const { return m_refused; }
    int allowed() const { return m_allowed; }

private:
    std::atomic<int> m_refused{0};
    std::atomic<int> m_allowed{0};
};

} // namespace moddesk::ui
