#pragma once

#include "item.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <array>

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
    // Marks one load of the page (ItemPane numbers its loads): a 2×2 px square at the view's
    // top-left corner, in a colour within a few steps of the page's ground that says which load
    // it is, so the pane can tell the page's own frame from what the view showed before. 0: none.
    quint32 frameMark = 0;
};

// The colour of frame mark `mark` as red, green, blue (0–255): the page's ground (#f6f7f9) with
// the mark's low nine bits in the low three bits of each channel.
std::array<int, 3> frameMarkColour(quint32 mark);

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
