// libFuzzer target: the picture loader on arbitrary bytes. It must answer with a PNG (the
// picture or a placeholder), never crash, hang or take unbounded memory (-rss_limit_mb).
#include "media_decode.h"

#include <QGuiApplication>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace moddesk;

extern "C" int LLVMFuzzerInitialize(int* argc, char*** argv)
{
    // Image plugins (JPEG, GIF) are found through the application's library paths, and the
    // placeholders are drawn with a font: a QGuiApplication, on no screen.
    qputenv("QT_QPA_PLATFORM", "offscreen");
    static QGuiApplication app(*argc, *argv);
    // Fontconfig sets up its caches on first use and keeps them: drawn once here, before the
    // leak checker watches, with every character a placeholder's reason can contain.
    (void)mediaPlaceholderPng(u"warm-up 0123456789 ×: () file larger than MB pixels is over "
                              u"the limit animation of frames damaged image JPEG data ends "
                              u"early not a readable image format shown in the local cache"_qs);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    const DisplayMedia shown = decodeForDisplay(bytes);
    if (shown.png.isEmpty() || !shown.png.startsWith("\x89PNG"))
        std::abort(); // every answer is a picture to show
    return 0;
}
