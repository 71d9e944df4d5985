#pragma once

#include <QMutex>
#include <QStringList>
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
    // The first refused URLs (at most 100), for reports such as moddeskctl render's.
    QStringList refusedUrls() const;

private:
    mutable QMutex m_mutex;
    QStringList m_refusedUrls;
    std::atomic<int> m_refused{0};
    std::atomic<int> m_allowed{0};
};

} // namespace moddesk::ui
