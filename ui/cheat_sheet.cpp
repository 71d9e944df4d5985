#include "cheat_sheet.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace moddesk::ui {

void showCheatSheet(QWidget* parent, const std::vector<std::pair<QString, QString>>& keysAndTitles)
{
    QDialog dialog(parent);
    dialog.setWindowTitle(QDialog::tr("Keys"));
    auto* layout = new QVBoxLayout(&dialog);
    auto* table = new QTableWidget(int(keysAndTitles.size()), 2, &dialog);
    table->setHorizontalHeaderLabels({QDialog::tr("Key"), QDialog::tr("Action")});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (int row = 0; row < int(keysAndTitles.size()); ++row) {
        table->setItem(row, 0, new QTableWidgetItem(keysAndTitles[size_t(row)].first));
        table->setItem(row, 1, new QTableWidgetItem(keysAndTitles[size_t(row)].second));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    layout->addWidget(table);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    dialog.resize(560, 620);
    dialog.exec();
}

} // namespace moddesk::ui
