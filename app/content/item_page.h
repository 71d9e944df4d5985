#pragma once

#include "item.h"

#include <QString>
#include <QStringList>
#include <QStringView>

namespace moddesk::ui {

// How the page shows an item's media and text.
struct PageOptions {
    bool blurMedia = true;      // media blurred until revealed (hover or the reveal key)
    bool grayscaleMedia = true; // media in grayscale until revealed
    bool revealed = false;      // the moderator revealed the media of this item
    // Invisible and bidi control characters act as they would for the author's audience
    // instead of showing as markers (a toggle; a banner says the page is raw).
    bool rawText = false;
    // Handles and domains that impostors imitate (from the policy): look-alikes are flagged.
    QStringList knownAccounts;
    QStringList knownDomains;
};

// The app's own HTML document for one item. Everything in `item` was written by someone who may
// be hostile: every string is HTML-escaped, wrapped in a bidi isolate, and its invisible and
// bidi control characters are shown as visible markers. Media are referenced only as
// `item:/media/<sha256>` (served re-encoded by the app); links are text with their real domain,
// never anchors. The page carries a CSP meta tag `default-src 'none'` that allows only `item:`
// images and the page's own inline style. GUI-free: QtCore only.
QString itemPageHtml(const Item& item, const PageOptions& options = {});

// `untrusted` as HTML text: escaped, with each zero-width or bidi control character replaced by
// a visible marker (<span class="mark" title="U+202E RIGHT-TO-LEFT OVERRIDE">⟪RLO⟫</span>).
QString escapedWithMarkers(QStringView untrusted);

// The host of `link` as shown to the moderator ("example.org"), or an empty string when the
// text is not a URL with a host.
QString linkDomain(const QString& link);

} // namespace moddesk::ui
