#pragma once

namespace moddesk::ui {

// How the workstation's process asks malloc to behave, set once at start (moddesk, and the
// tests and benchmarks that measure it): blocks of 256 KiB and more (decoded pictures,
// re-encoded PNGs, grabbed frames) are mapped on their own and given back to the system when
// freed. glibc would otherwise raise that threshold after the first such block is freed and
// serve later ones from its heaps, which keep what they once held: with camera-sized pictures
// the window stayed 67 MiB larger after 500 items (docs/performance.md).
void setMemoryPolicy();

} // namespace moddesk::ui
