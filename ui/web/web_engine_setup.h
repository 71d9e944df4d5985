#pragma once

namespace moddesk::ui {

// What Qt WebEngine needs before the QApplication exists, done the same way by moddesk,
// moddesk-render, the GUI tests and the benchmarks: the item: scheme registered, and the item
// page drawn in software (Qt Quick's software scene graph, which turns Chromium's GPU
// compositing off; no OpenGL is loaded at all).
//
// Software, because the page is a document (text and a few re-encoded pictures) that the CPU
// draws in a millisecond or two, and because OpenGL costs more than it gives here: under Xvfb
// (Mesa's llvmpipe, as on most VMs and machines without a GPU driver) the window took 150 MiB
// more and each key five times longer (docs/performance.md), and Chromium's GPU code, which
// gets no security updates in Debian's WebEngine, stays out of reach of hostile pages.
// MODDESK_WEB_GPU=1 keeps Qt's default (OpenGL where the platform has it).
void prepareWebEngine();

} // namespace moddesk::ui
