#pragma once

#include "api.h"

#include <QByteArray>

namespace moddesk::server {

// Answers one request by its method and path (the path as sent, still percent-encoded: it is
// split into segments first, so an encoded "/" never makes a segment of its own). A path no
// endpoint has, or a method the path does not take, is a JSON 404.
ApiResponse routeRequest(Api& api, const QByteArray& method, const QByteArray& path,
                         const ApiRequest& request);

} // namespace moddesk::server
