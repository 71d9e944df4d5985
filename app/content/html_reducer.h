#pragma once

#include <QMap>
#include <QString>
#include <QStringView>

namespace moddesk {

// What the reducer took out of a post, for the note above it ("removed: 2 script, 1 iframe").
struct HtmlReduction {
    QString html;               // the app's own markup: see reduceHtml()
    QMap<QString, int> removed; // element name → how many were removed
    int attributesDropped = 0;  // every attribute is dropped
    bool shownAsText = false;   // too long or too deep to reduce: the source is shown as text
    QString summary() const;    // "removed 2 script, 1 iframe; 14 attributes dropped", or ""
};

// An item's HTML (a forum post, a rich message) parsed with a real HTML5 parser (gumbo) and
// rebuilt from scratch as inert markup the app writes itself: only p, br, strong, em, u, s,
// code, pre, blockquote, ul, ol, li, hr and the page's own <span class="mark|removed">, never
// an attribute from the input; every text node escaped, with its invisible characters shown as
// markers. Links become their text plus "[link to example.org]", images "[image …]"; scripts,
// styles, frames, objects, forms, SVG and MathML become "[script removed]" and the like, their
// content dropped. Nothing of the input's markup survives, so no parser difference between
// gumbo and Chromium can turn it back into active content (mutation XSS).
HtmlReduction reduceHtml(QStringView html);

// Inputs above this are shown as escaped text, not parsed (gumbo's tree and its teardown are
// recursive: the bound keeps the deepest possible nesting far from the stack's end).
constexpr qsizetype kMaxReducedHtmlChars = 64 * 1024;

} // namespace moddesk
