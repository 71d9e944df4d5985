#pragma once

#include <QByteArray>
#include <QCache>
#include <QHash>
#include <QMutex>
#include <QString>
#include <QStringList>
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
    int mediaServed() const { return m_mediaServed; }     // media requests received (tests)
    int mediaAnswered() const { return m_mediaAnswered; } // ... and answered with a picture
    // "media <sha256>: why it is shown as a placeholder", for every such picture so far.
    QStringList mediaProblems() const;

private:
    MediaLoader m_media;
    mutable QMutex m_mutex;
    QHash<QString, QByteArray> m_pages;
    // Display PNGs by sha256, so a page rendered again (media revealed) decodes nothing; bounded
    // (cost in KiB) so that a long shift does not keep every picture it saw.
    QCache<QString, QByteArray> m_pngs{48 * 1024};
    std::atomic<int> m_mediaServed{0};
    std::atomic<int> m_mediaAnswered{0};
    QHash<QString, QString> m_problems; // sha256 → reason (under m_mutex)
    QThreadPool m_decoders; // media decoded and re-encoded here, not on the window's thread
};

} // namespace moddesk::ui
