// libFuzzer target: every decoder of server answers on arbitrary bytes. The first byte picks
// the decoder. A decoder must return a value or an error; a crash, a sanitizer report, a hang
// or unbounded memory is a bug.
#include "protocol_client.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>

using namespace moddesk;
using namespace moddesk::net;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size == 0)
        return 0;
    const QByteArrayView body(reinterpret_cast<const char*>(data) + 1, qsizetype(size - 1));
    static const std::vector<Decision> sent = [] {
        Decision d;
        d.id = QStringLiteral("7b0c4d4e-0000-4000-8000-000000000001");
        return std::vector<Decision>{d};
    }();
    switch (data[0] % 6) {
    case 0:
        (void)ProtocolClient::decodeMe(body);
        break;
    case 1:
        (void)ProtocolClient::decodeLeases(body);
        break;
    case 2:
        (void)ProtocolClient::decodeSubmit(body, sent);
        break;
    case 3:
        (void)ProtocolClient::decodeRenew(body);
        break;
    case 4:
        (void)ProtocolClient::decodePolicy(body);
        break;
    default: {
        HttpResponse r;
        r.status = 400 + int(size % 200);
        r.body = body.toByteArray();
        r.headers.insert("retry-after",
                         body.first(std::min<qsizetype>(12, body.size())).toByteArray());
        (void)ProtocolClient::decodeFailure(r, QStringLiteral("fuzz"));
        break;
    }
    }
    return 0;
}
