#pragma once

#include <QString>

namespace moddesk {

// The newest entry of a hash chain (the client's audit log or the server's decision chain).
struct ChainHead {
    qint64 seq = 0;
    QString hash;
    friend bool operator==(const ChainHead&, const ChainHead&) = default;
};

} // namespace moddesk
