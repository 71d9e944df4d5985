// libFuzzer target: the HTML reducer on arbitrary bytes (as UTF-8, the way an item's text
// arrives). Besides crashes, sanitizer reports, hangs and memory: the output must never hold a
// tag outside the allow-list or any attribute but the app's own span classes and titles.
#include "html_reducer.h"

#include <QRegularExpression>

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace moddesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QString input = QString::fromUtf8(reinterpret_cast<const char*>(data), qsizetype(size));
    const HtmlReduction r = reduceHtml(input);
    // Every '<' in the output opens one of the reducer's own tags; everything else is escaped.
    static const QRegularExpression ownTag(QRegularExpression::anchoredPattern(
        u"</?(p|br|strong|em|u|s|code|pre|blockquote|ul|ol|li|hr|span)"
        u"( class=\"(mark|removed)\"( title=\"[^\"<>&]*\")?)?>"_qs));
    static const QRegularExpression tag(u"<[^>]*>"_qs);
    for (auto it = tag.globalMatch(r.html); it.hasNext();) {
        const QString t = it.next().captured(0);
        if (!ownTag.match(t).hasMatch())
            std::abort(); // markup the reducer does not write
    }
    return 0;
}
