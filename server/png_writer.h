#pragma once

#include <QByteArray>

#include <functional>

namespace moddesk::server {

// Encodes an 8-bit RGB image as PNG without QtGui: the server stays GUI-free, and the seed
// command needs only placeholder pictures. `pixel(x, y)` returns 0xRRGGBB.
QByteArray encodePng(int width, int height, const std::function<quint32(int x, int y)>& pixel);

} // namespace moddesk::server
