#include "untrusted_text.h"

using namespace Qt::StringLiterals;

namespace moddesk::ui {

namespace {

struct Named {
    char32_t codePoint;
    const char* shortName;
    const char* name;
};
// clang-format off
constexpr Named kNamed[] = {
    {0x061C, "ALM", "ARABIC LETTER MARK"},         {0x200B, "ZWSP", "ZERO WIDTH SPACE"},
    {0x200C, "ZWNJ", "ZERO WIDTH NON-JOINER"},     {0x200D, "ZWJ", "ZERO WIDTH JOINER"},
    {0x200E, "LRM", "LEFT-TO-RIGHT MARK"},         {0x200F, "RLM", "RIGHT-TO-LEFT MARK"},
    {0x2028, "LSEP", "LINE SEPARATOR"},            {0x2029, "PSEP", "PARAGRAPH SEPARATOR"},
    {0x202A, "LRE", "LEFT-TO-RIGHT EMBEDDING"},    {0x202B, "RLE", "RIGHT-TO-LEFT EMBEDDING"},
    {0x202C, "PDF", "POP DIRECTIONAL FORMATTING"}, {0x202D, "LRO", "LEFT-TO-RIGHT OVERRIDE"},
    {0x202E, "RLO", "RIGHT-TO-LEFT OVERRIDE"},     {0x2060, "WJ", "WORD JOINER"},
    {0x2066, "LRI", "LEFT-TO-RIGHT ISOLATE"},      {0x2067, "RLI", "RIGHT-TO-LEFT ISOLATE"},
    {0x2068, "FSI", "FIRST STRONG ISOLATE"},       {0x2069, "PDI", "POP DIRECTIONAL ISOLATE"},
    {0xFEFF, "BOM", "ZERO WIDTH NO-BREAK SPACE"}};
// clang-format on

QString codeName(char32_t cp)
{
    return u"U+"_s + QString::number(uint(cp), 16).toUpper().rightJustified(4, u'0');
}

// C0 and C1 controls other than tab and line breaks: HTML drops or mangles some (NUL), and
// none of them has a visible glyph.
bool isControl(char32_t cp)
{
    return (cp < 0x20 && cp != u'\t' && cp != u'\n' && cp != u'\r') || (cp >= 0x7F && cp <= 0x9F);
}

} // namespace

std::optional<InvisibleMarker> invisibleMarker(char32_t cp)
{
    const auto named = std::find_if(std::begin(kNamed), std::end(kNamed),
                                    [cp](const Named& n) { return n.codePoint == cp; });
    if (named != std::end(kNamed))
        return InvisibleMarker{QString::fromLatin1(named->shortName),
                               codeName(cp) + u' ' + QString::fromLatin1(named->name)};
    if (isControl(cp))
        return InvisibleMarker{codeName(cp), codeName(cp) + u" CONTROL CHARACTER"_s};
    // Other format characters (soft hyphen, invisible operators, tag characters used to smuggle
    // hidden ASCII) are as invisible as the named ones.
    if (QChar::category(cp) == QChar::Other_Format)
        return InvisibleMarker{codeName(cp), codeName(cp) + u" INVISIBLE FORMAT CHARACTER"_s};
    return std::nullopt;
}

void forEachCodePoint(QStringView untrusted, const std::function<void(char32_t)>& visit)
{
    for (qsizetype i = 0; i < untrusted.size(); ++i) {
        char32_t cp = untrusted[i].unicode();
        if (QChar::isHighSurrogate(cp) && i + 1 < untrusted.size() &&
            untrusted[i + 1].isLowSurrogate()) {
            cp = QChar::surrogateToUcs4(untrusted[i], untrusted[i + 1]);
            ++i;
        } else if (QChar::isSurrogate(cp)) {
            cp = QChar::ReplacementCharacter; // a lone surrogate is not text; UTF-8 can't hold it
        }
        if (QChar::isNonCharacter(cp))
            cp = QChar::ReplacementCharacter;
        visit(cp);
    }
}

QString isolatedPlainText(QStringView untrusted)
{
    QString out;
    out.reserve(untrusted.size() + 2);
    out += QChar(0x2068);
    forEachCodePoint(untrusted, [&out](char32_t cp) {
        if (cp == u'\n' || cp == u'\r' || cp == u'\t')
            out += u' '; // one line in a cell or label
        else if (auto marker = invisibleMarker(cp))
            out += QChar(0x27EA) + marker->shortName + QChar(0x27EB);
        else
            out += QString::fromUcs4(&cp, 1);
    });
    out += QChar(0x2069);
    return out;
}

} // namespace moddesk::ui
