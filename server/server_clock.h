#pragma once

#include <QString>

#include <functional>

namespace moddesk::server {

// The server's notion of now, in ms since 1970: the system clock. With an offset file (serve
// --clock-offset-file, only in builds with the tests) it is the system clock plus the whole
// number of milliseconds the file holds, read at each call: a test makes a lease run out by
// writing a larger offset instead of waiting for it. A missing file counts as 0; one that holds
// no number counts as 0 and is said on stderr.
std::function<qint64()> serverClock(const QString& offsetFile = {});

} // namespace moddesk::server
