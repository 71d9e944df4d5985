#pragma once

#include "api.h"

#include <QHostAddress>
#include <QThreadPool>

#include <functional>
#include <memory>

class QHttpServer;

namespace moddesk::server {

// Serves the Api over HTTP(S) with Qt HttpServer. Handlers run on a thread pool, each thread
// with its own database connection, so a slow query never stalls other clients.
class HttpService final {
public:
    HttpService(const ServerDatabase& db, int threads, std::function<qint64()> clock);
    ~HttpService();
    Q_DISABLE_COPY_MOVE(HttpService)

    // Optional HTTPS: PEM certificate chain and private key.
    Status useTls(const QString& certFile, const QString& keyFile);
    // The port listened on (useful with port 0), or an error.
    Result<quint16> listen(const QHostAddress& address, quint16 port);

private:
    void addRoutes();

    QThreadPool m_pool;
    Api m_api;
    std::unique_ptr<QHttpServer> m_http;
};

} // namespace moddesk::server
