#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QUrlQuery>

namespace moddesk::server {

// An HTTP request as the API sees it, independent of the HTTP library.
struct ApiRequest {
    QString token; // from "Authorization: Bearer <token>"
    QByteArray body;
    QUrlQuery query;
    QByteArray contentType;
};

struct ApiResponse {
    int status = 200;
    QJsonObject json;    // sent when raw is empty
    QByteArray raw;      // media bytes
    QByteArray mimeType; // of raw
    int retryAfterSeconds = 0;

    // {"error": {"code", "message", "field"}} with `status`.
    static ApiResponse error(int status, const QString& code, const QString& message,
                             const QString& field = {});
};

// Request bodies the server reads at most (HTTP 413 beyond).
inline constexpr qsizetype kMaxRequestBytes = 16 * 1024 * 1024;
inline constexpr int kMaxDecisionsPerBatch = 1000;
inline constexpr int kMaxItemsPerIngest = 1000;
inline constexpr int kMaxLeasesPerRequest = 100;

} // namespace moddesk::server
