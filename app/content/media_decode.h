#pragma once

#include <QByteArray>
#include <QString>

namespace moddesk {

// Limits on what a moderator's workstation decodes from an item's media.
struct MediaLimits {
    qint64 maxBytes = 20 * 1024 * 1024; // the file
    qint64 maxPixels = 40'000'000;      // width × height as the file declares it
    int maxFrames = 500;                // animation frames (only the first is shown)
    int maxSide = 640;                  // shown at most this many pixels a side
};

// Media as the item page shows it: decoded by Qt in this process (the format found from the
// bytes, never from a name or MIME type), the first frame only, scaled down and re-encoded as a
// fresh PNG (no metadata, none of the original bytes). Anything over a limit, undecodable or
// damaged becomes a placeholder PNG that says why, and `problem` says it too. The original
// bytes are never given to the renderer; they stay in the media cache for export.
struct DisplayMedia {
    QByteArray png;
    QString problem; // empty when the picture itself is shown
};

DisplayMedia decodeForDisplay(const QByteArray& original, const MediaLimits& limits = {});

// The placeholder alone (for media missing from the cache, for example).
QByteArray mediaPlaceholderPng(const QString& why);

} // namespace moddesk
