#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace moddesk {

// SHA-256 through OpenSSL's libcrypto, which uses the CPU's SHA extensions where present:
// verifying a million-entry audit log is bound by this function.
class Sha256 final {
public:
    // Lower-case hex digest (64 characters) of `data`.
    static QByteArray hexDigest(QByteArrayView data);
    // The same into `out`, without allocating (the verify() loop).
    static void hexDigest(QByteArrayView data, char (&out)[64]);
    // True when `text` looks like a digest this class produces.
    static bool isHexDigest(QByteArrayView text);
};

} // namespace moddesk
