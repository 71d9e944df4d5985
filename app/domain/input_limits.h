#pragma once

#include <QtGlobal>

// Upper bounds on what ModDesk accepts from outside. Items and decisions come from networks and
// files written by people who may want the workstation to fall over; each bound is generous
// for real content and small enough that one bad input cannot exhaust memory.
namespace moddesk::limits {

inline constexpr qsizetype kMaxItemDocumentBytes = 8 * 1024 * 1024;
inline constexpr qsizetype kMaxDecisionDocumentBytes = 256 * 1024;
inline constexpr qsizetype kMaxPolicyDocumentBytes = 1024 * 1024;

inline constexpr qsizetype kMaxIdChars = 200;    // ids, handles, model names, list names
inline constexpr qsizetype kMaxNameChars = 1000; // display names, venue names, urls
inline constexpr qsizetype kMaxItemTextChars = 1000000;
inline constexpr qsizetype kMaxNotesChars = 20000; // moderator notes and DSA facts
inline constexpr qsizetype kMaxListItems = 1000;   // links, hashtags, scores, media, thread

inline constexpr qint64 kMaxCount = 10'000'000'000;            // followers, members, reposts
inline constexpr qint64 kMaxHandleMs = 7LL * 24 * 3600 * 1000; // a decision held open a week

} // namespace moddesk::limits
