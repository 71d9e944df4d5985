#pragma once

#include "item.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace moddesk {

// A handle or link domain in an item that could pass for another (ICU's spoof checker).
struct SpoofWarning {
    enum class Kind { Handle, Domain };
    Kind kind = Kind::Handle;
    QString text;      // the handle (without @) or the domain (Unicode form), as in the item
    QString looksLike; // the known account, known domain or other handle it imitates; may be ""
    QString why;       // in words: "mixes Latin and Cyrillic letters", "looks like @…"
};

// Every handle (author, thread, forwards) and link domain of `item` checked against the known
// accounts and domains and against each other: flagged when its confusable skeleton (UTS #39)
// equals another's while the text differs, or when it mixes scripts a real name does not
// (Latin with Cyrillic, say). Comparison ignores case.
std::vector<SpoofWarning> spoofWarnings(const Item& item, const QStringList& knownAccounts,
                                        const QStringList& knownDomains);

// The confusable skeleton of `text` (lower-cased first), or "" when ICU cannot make one.
QString confusableSkeleton(const QString& text);

} // namespace moddesk
