#pragma once

#include <QString>
#include <QStringView>

#include <functional>
#include <optional>

namespace moddesk::ui {

// How an invisible or text-reordering character is shown: "RLO" in the marker,
// "U+202E RIGHT-TO-LEFT OVERRIDE" as its description.
struct InvisibleMarker {
    QString shortName;
    QString description;
};

// The marker for `cp` if it is a character a hostile author can use to hide words or make a
// handle or link read differently from what it is (Trojan Source, spoofed handles): zero-width
// U+200B–200D, U+2060, U+FEFF; bidi embeddings and overrides U+202A–202E, isolates U+2066–2069,
// marks U+200E, U+200F, U+061C; line and paragraph separators; C0/C1 controls other than tab
// and line breaks; and every other invisible format character (soft hyphen, tag characters).
std::optional<InvisibleMarker> invisibleMarker(char32_t cp);

// Visits the code points of `untrusted`; lone surrogates and noncharacters arrive as U+FFFD.
void forEachCodePoint(QStringView untrusted, const std::function<void(char32_t)>& visit);

// `untrusted` for a widget (queue cells, labels, tooltips): invisible characters replaced by
// visible markers such as ⟪RLO⟫, and the whole wrapped in a first-strong isolate
// (U+2068 … U+2069) so it cannot reorder the text around it.
QString isolatedPlainText(QStringView untrusted);

} // namespace moddesk::ui
