// moddesk-render: the page a moderator would see for one item, rendered headless to a PNG for
// evidence (`moddeskctl render` runs it). Exit 0 when everything on the page was shown; 1, with
// the list on stderr, when a picture was refused or undecodable or a request was refused; 2 for
// usage errors, 3 for an item that is not valid, 4 for files that cannot be read or written.
#include "item.h"
#include "page_render.h"
#include "policy.h"
#include "root_refusal.h"
#include "web_engine_setup.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>

#include <cstdio>

using namespace Qt::StringLiterals;
using namespace moddesk;

namespace {

int fail(int code, const QString& message)
{
    std::fprintf(stderr, "moddesk-render: %s\n", qPrintable(message));
    return code;
}

} // namespace

int main(int argc, char** argv)
{
    if (ui::refuseRoot("moddesk-render", argc, argv))
        return 2;
    // Headless unless there is a screen: the picture is the same either way.
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY") &&
        qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    ui::prepareWebEngine();
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"moddesk-render"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Renders ITEM.json (an item as the server sends it) exactly as the workstation shows "
        u"it, to a PNG."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"ITEM.json"_s, u"The item."_s);
    parser.addOption({u"png"_s, u"Where to write the picture."_s, u"OUT.png"_s});
    parser.addOption({u"reveal-media"_s, u"Show media unblurred and in colour."_s});
    parser.addOption({u"media"_s,
                      u"A directory of the item's media, each file named by its SHA-256 "
                      u"(default: next to ITEM.json)."_s,
                      u"DIR"_s});
    parser.addOption({u"policy"_s,
                      u"A policy document for the known accounts and domains (default: the "
                      u"built-in policy)."_s,
                      u"FILE"_s});
    parser.addOption({u"width"_s, u"Page width in pixels (default 1000)."_s, u"PX"_s});
    QCommandLineOption root(QString::fromLatin1(ui::kAllowRootFlag + 2), u"Tests only."_s);
    root.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(root);
    parser.process(app);

    if (parser.positionalArguments().size() != 1 || !parser.isSet(u"png"_s))
        return fail(2, u"usage: moddesk-render ITEM.json --png OUT.png [--reveal-media]"_s);
    const QString itemPath = parser.positionalArguments().first();
    QFile file(itemPath);
    if (!file.open(QIODevice::ReadOnly))
        return fail(4, u"cannot read "_s + itemPath + u": "_s + file.errorString());
    auto item = Item::fromJsonBytes(file.read(16 * 1024 * 1024));
    if (!item)
        return fail(3, itemPath + u" is not a valid item: "_s + item.error().toString());
    Policy policy = Policy::builtin();
    if (parser.isSet(u"policy"_s)) {
        QFile pf(parser.value(u"policy"_s));
        if (!pf.open(QIODevice::ReadOnly))
            return fail(4, u"cannot read "_s + pf.fileName());
        auto parsed = Policy::fromJsonBytes(pf.readAll());
        if (!parsed)
            return fail(3,
                        pf.fileName() + u" is not a valid policy: "_s + parsed.error().toString());
        policy = *parsed;
    }
    const QString mediaDir =
        parser.isSet(u"media"_s) ? parser.value(u"media"_s) : QFileInfo(itemPath).absolutePath();
    ui::PageOptions options;
    options.revealed = parser.isSet(u"reveal-media"_s);
    options.knownAccounts = policy.knownAccounts;
    options.knownDomains = policy.knownDomains;
    const int width = parser.isSet(u"width"_s) ? parser.value(u"width"_s).toInt() : 1000;
    if (width < 320 || width > 4000)
        return fail(2, u"--width must be between 320 and 4000"_s);

    const ui::PageRender render = ui::renderItemPage(
        *item, options,
        [mediaDir](const QString& sha) {
            QFile f(QDir(mediaDir).filePath(sha));
            return f.open(QIODevice::ReadOnly) ? f.read(64 * 1024 * 1024) : QByteArray();
        },
        width);
    if (render.image.isNull())
        return fail(1, render.problems.join(u"; "));
    if (!render.image.save(parser.value(u"png"_s), "PNG"))
        return fail(4, u"cannot write "_s + parser.value(u"png"_s));
    std::printf("rendered %s to %s (%d×%d)\n", qPrintable(item->id),
                qPrintable(parser.value(u"png"_s)), render.image.width(), render.image.height());
    for (const QString& problem : render.problems)
        std::fprintf(stderr, "moddesk-render: %s\n", qPrintable(problem));
    return render.problems.isEmpty() ? 0 : 1;
}
