#include "cli_support.h"

#include <cstdio>

using namespace Qt::StringLiterals;

namespace moddesk::cli {

bool printLine(const QString& line)
{
    const QByteArray bytes = line.toUtf8() + '\n';
    const bool written = std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()),
                                     stdout) == static_cast<size_t>(bytes.size());
    return std::fflush(stdout) == 0 && written;
}

void printError(const QString& message)
{
    const QByteArray bytes = "moddeskctl: " + message.toUtf8() + '\n';
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stderr);
    std::fflush(stderr);
}

QString terminalSafe(const QString& text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        const bool control = u < 0x20 || (u >= 0x7f && u <= 0x9f);
        const bool bidiOrInvisible = (u >= 0x200b && u <= 0x200f) || (u >= 0x202a && u <= 0x202e) ||
                                     (u >= 0x2066 && u <= 0x2069) || u == 0x061c || u == 0xfeff;
        if (control || bidiOrInvisible)
            out += u"\\u{"_s + QString::number(u, 16).toUpper() + u'}';
        else
            out += c;
    }
    return out;
}

std::optional<int> parseCommand(QCommandLineParser& parser, const QStringList& args,
                                const QString& description)
{
    parser.setApplicationDescription(description);
    parser.addHelpOption();
    if (!parser.parse(args)) {
        printError(parser.errorText() + u" (see "_s + args.value(0) + u" --help)"_s);
        return kUsage;
    }
    if (parser.isSet(u"help"_s)) {
        QString help = parser.helpText();
        // Qt names the program by its path; name the command instead.
        const qsizetype firstLineEnd = help.indexOf(u'\n');
        help.replace(0, firstLineEnd, u"Usage: "_s + args.value(0) + u" [options]"_s);
        std::fputs(help.toUtf8().constData(), stdout);
        return kOk;
    }
    return std::nullopt;
}

std::optional<QString> requiredOption(const QCommandLineParser& parser, const QString& name)
{
    const QString value = parser.value(name);
    if (value.isEmpty()) {
        printError(u"--"_s + name + u" is required"_s);
        return std::nullopt;
    }
    return value;
}

} // namespace moddesk::cli
