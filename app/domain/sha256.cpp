#include "sha256.h"

#include <openssl/evp.h>

namespace moddesk {

namespace {

// Fetched once: an implicit EVP_sha256() lookup per call costs more than hashing a short row.
const EVP_MD* sha256Algorithm()
{
    static const EVP_MD* md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return md;
}

} // namespace

void Sha256::hexDigest(QByteArrayView data, char (&out)[64])
{
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(data.data(), static_cast<size_t>(data.size()), digest, &length, sha256Algorithm(),
               nullptr);
    static constexpr char kHex[] = "0123456789abcdef";
    for (unsigned int i = 0; i < 32; ++i) {
        out[2 * i] = kHex[digest[i] >> 4];
        out[2 * i + 1] = kHex[digest[i] & 0x0f];
    }
}

QByteArray Sha256::hexDigest(QByteArrayView data)
{
    char hex[64];
    hexDigest(data, hex);
    return QByteArray(hex, 64);
}

bool Sha256::isHexDigest(QByteArrayView text)
{
    if (text.size() != 64)
        return false;
    for (char c : text) {
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

} // namespace moddesk
