#pragma once

#include "item.h"
#include "item_page.h"

#include <QImage>
#include <QStringList>

#include <functional>

namespace moddesk::ui {

// The page a moderator would see for one item, rendered headless in the same locked-down view
// (ItemPane: off-the-record, JavaScript off, item: only), the whole page tall, for evidence.
struct PageRender {
    QImage image;
    QStringList problems; // media refused or undecodable, requests refused, load failures
};

// Runs the event loop until the page is loaded and drawn (at most `timeoutMs`). Needs a
// QApplication (any platform, offscreen included).
PageRender renderItemPage(const Item& item, const PageOptions& options,
                          std::function<QByteArray(const QString&)> mediaLoader, int width = 1000,
                          int timeoutMs = 60'000);

} // namespace moddesk::ui
