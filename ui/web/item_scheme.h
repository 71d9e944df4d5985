#pragma once

#include <QByteArray>
#include <QCache>
#include <QHash>
#include <QMutex>
#include <QString>
#include <QThreadPool>
#include <QWebEngineUrlSchemeHandler>

#include <atomic>
#include <functional>

namespace moddesk::ui {

// The `item:` scheme: the only place the item page gets anything from. `item:/page/<key>` is a
// page the app rendered (registered with setPage), `item:/media/<sha256>` is a media file from
// the profile's cache, decoded by Qt with limits and re-encoded to PNG (never the original
// bytes). Anything else is a 404.
class ItemSchemeHandler final : public QWebEngineUrlSchemeHandler {
    Q_OBJECT
public:
    // Call once, before the QApplication is created (WebEngine's rule).
    static void registerScheme();

    // The original bytes or {}; called on a decoder thread.
    using MediaLoader = std::function<QByteArray(const QString& sha256)>;
    explicit ItemSchemeHandler(MediaLoader media, QObject* parent = nullptr);
    ~ItemSchemeHandler() override;

    void setPage(const QString& key, const QString& html);
    void dropPage(const QString& key);
    void requestStarted(QWebEngineUrlRequestJob* job) override;
    int mediaServed() const { return m_mediaServed; } // media requests answered (tests)

    // Media re-encoded for display: PNG of at most kMaxSide pixels a side, or a placeholder
    // image saying why it is not shown (too large, undecodable, missing).
    static QByteArray displayPng(const QByteArray& original);
    static constexpr int kMaxSide = 640;
    static constexpr qint64 kMaxBytes = 20 * 1024 * 1024;
    static constexpr qint64 kMaxPixels = 40'000'000;

private:
    MediaLoader m_media;
    QMutex m_mutex;
    QHash<QString, QByteArray> m_pages;
    // Display PNGs by sha256, so a page rendered again (media revealed) decodes nothing; bounded
    // (cost in KiB) so that a long shift does not keep every picture it saw.
    QCache<QString, QByteArray> m_pngs{48 * 1024};
    std::atomic<int> m_mediaServed{0};
    QThreadPool m_decoders; // media decoded and re-encoded here, not on the window's thread
};

} // namespace moddesk::ui
