#include "main_window.h"

#include "cheat_sheet.h"
#include "decision_panel.h"
#include "item_pane.h"
#include "queue_model.h"
#include "queue_row_delegate.h"
#include "session.h"
#include "settings_dialog.h"
#include "sha256.h"
#include "status_strip.h"
#include "timestamp.h"
#include "wellness.h"

#include <QAction>
#include <QCloseEvent>
#include <QDateTime>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QSettings>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStatusBar>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace moddesk::ui {

MainWindow::MainWindow(Session& session, WindowOptions options, QWidget* parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_options(options)
    , m_model(new QueueModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_queueView(new QTableView(this))
    , m_filter(new QLineEdit(this))
    , m_itemPane(new ItemPane(
          [&session](const QString& sha) {
              return session.profile().media().load(sha).value_or({});
          },
          options.renderSlots, this))
    , m_panel(new DecisionPanel(this))
    , m_banner(new QLabel(this))
    , m_clock(new QTimer(this))
    , m_statusTimer(new QTimer(this))
{
    const QString user = m_session.profile().userName();
    setWindowTitle(u"ModDesk — "_s + user + u" · "_s + m_session.options().queue);
    m_panel->setPolicy(m_session.policy());
    m_knownAccounts = m_session.policy().knownAccounts;
    m_knownDomains = m_session.policy().knownDomains;
    buildLayout();
    buildActions();
    m_sessionTimer.start();
    m_wellness = WellnessSettings::load(QSettings(), m_session.options().queue);
    m_nextBreakMs = qint64(m_wellness.breakMinutes) * 60'000;

    connect(&m_session, &Session::queueChanged, this, &MainWindow::onQueueChanged);
    // The status is re-read at most every 100 ms, never between a key and the next item.
    m_statusTimer->setSingleShot(true);
    m_statusTimer->setInterval(100);
    connect(m_statusTimer, &QTimer::timeout, this, &MainWindow::refreshStatus);
    connect(&m_session, &Session::statusChanged, m_statusTimer, qOverload<>(&QTimer::start));
    connect(&m_session, &Session::leasesLost, this, [this](const QStringList& what) {
        statusBar()->showMessage(
            tr("Lease lost (someone else may have the item now): %1").arg(what.join(u"; ")), 15000);
    });
    connect(
        &m_session, &Session::reviewRequestsAnswered, this,
        [this](int sent, const QStringList& refused) {
            if (!refused.isEmpty())
                statusBar()->showMessage(
                    tr("Review request refused by the server: %1").arg(refused.join(u"; ")), 15000);
            else
                statusBar()->showMessage(
                    sent == 1 ? tr("Review request delivered to the supervisors.")
                              : tr("%1 review requests delivered to the supervisors.").arg(sent),
                    8000);
        });
    connect(&m_session, &Session::workerFailed, this, [this](const QString& message) {
        m_banner->setText(tr("Background sync could not start: %1").arg(message));
        m_banner->show();
    });
    connect(m_itemPane, &ItemPane::shown, this, &MainWindow::onShown);
    connect(m_panel, &DecisionPanel::recordRequested, this, &MainWindow::recordForm);
    connect(m_queueView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                const QString id = visibleIdAt(current.row());
                if (!id.isEmpty() && id != m_currentId)
                    showItem(id);
            });
    connect(m_clock, &QTimer::timeout, this, [this] {
        m_model->tick(QDateTime::currentMSecsSinceEpoch());
        refreshStatus();
        checkBreak();
    });
    m_clock->start(1000);

    if (m_options.saveState) {
        QSettings settings;
        restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
        restoreState(settings.value(u"window/state"_s).toByteArray());
        m_splitter->restoreState(settings.value(u"window/panes"_s).toByteArray());
    }
    onQueueChanged();
    refreshStatus();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildLayout()
{
    m_model->setObjectName(u"queueModel"_s);
    m_queueView->setObjectName(u"queue"_s);
    m_proxy->setSourceModel(m_model);
    m_proxy->setFilterKeyColumn(-1);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_queueView->setModel(m_proxy);
    m_queueView->setItemDelegate(new QueueRowDelegate(m_queueView));
    m_filter->setObjectName(u"queueFilter"_s);
    m_filter->setPlaceholderText(tr("Filter: source, language, platform…  ( / )"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setFocusPolicy(Qt::ClickFocus); // reached with / or a click; typing 1-6 must decide
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_proxy->setFilterFixedString(text.trimmed());
        onQueueChanged();
    });
    m_queueView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_queueView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_queueView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_queueView->verticalHeader()->hide();
    // Fixed widths from the font, not ResizeToContents: that measures every row on every change.
    // Each fits its longest word in bold (urgent rows are bold) or its header; the top score,
    // last, takes what is left, and the queue pane starts wide enough for a score with a
    // two-word label in full ("0.81 terrorist content").
    const QFontMetrics fm = m_queueView->fontMetrics();
    QFont boldFont = m_queueView->font();
    boldFont.setBold(true);
    const QFontMetrics bold(boldFont);
    const auto fit = [&](const QString& header, const QString& widest) {
        return std::max(fm.horizontalAdvance(header), bold.horizontalAdvance(widest)) + 14;
    };
    QHeaderView* header = m_queueView->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->resizeSection(QueueModel::Source, fit(tr("Source"), tr("Trusted flagger")));
    header->resizeSection(QueueModel::TimeLeft, fit(tr("Time left"), u"59:59"_s));
    header->resizeSection(QueueModel::Language, fit(tr("Lang"), u"en"_s));
    header->resizeSection(QueueModel::Platform, fit(tr("Platform"), u"rocketchat"_s));
    header->setStretchLastSection(true);
    m_queueWidth =
        header->sectionSize(QueueModel::Source) + header->sectionSize(QueueModel::TimeLeft) +
        header->sectionSize(QueueModel::Language) + header->sectionSize(QueueModel::Platform) +
        fit(tr("Top score"), u"0.00 terrorist content"_s) +
        m_queueView->style()->pixelMetric(QStyle::PM_ScrollBarExtent) +
        2 * m_queueView->frameWidth();
    // Narrow windows cut the last column (elided), never scroll the queue sideways.
    header->setMinimumSectionSize(fm.horizontalAdvance(u"0.00"_s) + 12);
    m_queueView->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_queueView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_queueView->verticalHeader()->setDefaultSectionSize(fm.height() + 8);
    m_queueView->setAlternatingRowColors(true);
    m_queueView->setFocusPolicy(Qt::NoFocus); // keys belong to the window's actions
    m_queueView->setMinimumWidth(300);
    m_queueView->setWordWrap(false);

    m_banner->setObjectName(u"banner"_s);
    m_banner->setWordWrap(true);
    m_banner->setTextFormat(Qt::PlainText);
    m_banner->setStyleSheet(
        u"background: #fff3cd; color: #5c4400; padding: 6px; border-bottom: 1px solid #e0c36c;"_s);
    m_banner->hide();

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(u"panes"_s);
    auto* queuePane = new QWidget(this);
    auto* queueLayout = new QVBoxLayout(queuePane);
    queueLayout->setContentsMargins(0, 0, 0, 0);
    queueLayout->setSpacing(2);
    auto* queueName = new QLabel(tr("Queue: %1").arg(m_session.options().queue), queuePane);
    queueName->setTextFormat(Qt::PlainText);
    queueName->setStyleSheet(u"font-weight: bold; padding: 4px;"_s);
    queueLayout->addWidget(queueName);
    queueLayout->addWidget(m_filter);
    queueLayout->addWidget(m_queueView, 1);
    splitter->addWidget(queuePane);
    splitter->addWidget(m_itemPane);
    splitter->addWidget(m_panel);
    // The side panes keep their widths when the window is resized; the item page takes the rest.
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setStretchFactor(2, 0);
    constexpr int kPanelWidth = 300;
    constexpr int kWindowWidth = 1440;
    splitter->setSizes({m_queueWidth, kWindowWidth - m_queueWidth - kPanelWidth, kPanelWidth});
    m_splitter = splitter;

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    m_status = new StatusStrip(statusBar(), central);
    layout->addWidget(m_status->offlineBanner());
    layout->addWidget(m_banner);
    layout->addWidget(splitter, 1);
    setCentralWidget(central);

    resize(kWindowWidth, 900);
}

void MainWindow::onQueueChanged()
{
    {
        // Removing the current row moves the view's current index to the row above; that is
        // not the moderator choosing another item, so the selection's signals stay quiet.
        QSignalBlocker block(m_queueView->selectionModel());
        m_model->setEntries(m_session.queue());
    }
    if (m_session.queue().empty()) {
        m_currentId.clear();
        m_panel->setItem(nullptr);
        const QString role = m_session.profile().userRole();
        m_itemPane->showEmpty(
            !m_session.mayDecide()
                ? tr("Signed in as %1, a %2. This window triages queues, which is for moderators "
                     "and supervisors; the %2's own views come in a later release. Sign in with "
                     "a moderator's or supervisor's profile to triage.")
                      .arg(m_session.profile().userName(), role.isEmpty() ? tr("user") : role)
            : m_session.status().online
                ? tr("The queue is empty for now. New items appear here as they are leased.")
                : tr("No items held, and the server cannot be reached. Items appear here when "
                     "it is back."));
        return;
    }
    if (visibleRows() == 0) {
        m_currentId.clear();
        m_panel->setItem(nullptr);
        m_itemPane->showEmpty(
            tr("No item you hold matches the filter “%1”.").arg(m_filter->text()));
        return;
    }
    if (m_currentId.isEmpty() || !m_session.entry(m_currentId) || visibleRowOf(m_currentId) < 0) {
        // The current item was decided, skipped or lost: the one that took its place.
        showItem(visibleIdAt(std::clamp(m_currentRow, 0, visibleRows() - 1)));
    } else {
        const int row = visibleRowOf(m_currentId);
        QSignalBlocker block(m_queueView->selectionModel());
        m_queueView->selectRow(row);
        prepareAhead();
    }
}

PageOptions MainWindow::pageOptions(const QString& itemId) const
{
    PageOptions o;
    o.blurMedia = m_wellness.blur;
    o.grayscaleMedia = m_wellness.grayscale;
    o.revealed = m_revealed.contains(itemId);
    o.rawText = m_rawText.contains(itemId);
    o.knownAccounts = m_knownAccounts;
    o.knownDomains = m_knownDomains;
    return o;
}

QString MainWindow::shownHash(const QString& itemId) const
{
    // What was on screen: the item exactly as leased (its bytes: text, scores, matches) and
    // how its media were shown.
    const QueueEntry* e = m_session.entry(itemId);
    if (!e)
        return {};
    const PageOptions o = pageOptions(itemId);
    QByteArray shown = e->held.itemJson;
    shown += "\nblur=" + QByteArray::number(int(o.blurMedia && !o.revealed)) +
             " grayscale=" + QByteArray::number(int(o.grayscaleMedia && !o.revealed));
    if (o.rawText) // only when on, so the hash of the usual view stays what it was
        shown += " raw=1";
    return QString::fromLatin1(Sha256::hexDigest(shown));
}

void MainWindow::showItem(const QString& itemId)
{
    const QueueEntry* e = m_session.entry(itemId);
    if (!e)
        return;
    const bool sameItem = itemId == m_currentId;
    m_currentId = itemId;
    m_currentRow = visibleRowOf(itemId);
    m_itemPane->showItem(e->item, pageOptions(itemId));
    if (!sameItem) // revealing media re-renders the page; the form keeps what was chosen
        m_panel->setItem(&e->item);
    if (!e->item.media.empty())
        m_mediaItemsSeen.insert(itemId);
    {
        QSignalBlocker block(m_queueView->selectionModel());
        m_queueView->selectRow(visibleRowOf(itemId));
    }
    // Rendering the next items waits until this one is on screen (onShown): it does not
    // belong between the key and the next item.
    m_statusTimer->start();
}

void MainWindow::prepareAhead()
{
    const int row = visibleRowOf(m_currentId);
    for (int i = 1; i < m_options.renderSlots; ++i) {
        const QString id = visibleIdAt(row + i);
        if (const QueueEntry* e = id.isEmpty() ? nullptr : m_session.entry(id))
            m_itemPane->prepare(e->item, pageOptions(id));
    }
}

int MainWindow::visibleRowOf(const QString& itemId) const
{
    return m_proxy->mapFromSource(m_model->index(m_model->rowOf(itemId), 0)).row();
}

QString MainWindow::visibleIdAt(int row) const
{
    return m_proxy->index(row, 0).data(QueueModel::ItemIdRole).toString();
}

int MainWindow::visibleRows() const
{
    return m_proxy->rowCount();
}

bool MainWindow::aheadRendered() const
{
    const int row = visibleRowOf(m_currentId);
    for (int i = 1; i < m_options.renderSlots; ++i) {
        const QString id = visibleIdAt(row + i);
        const QueueEntry* e = id.isEmpty() ? nullptr : m_session.entry(id);
        if (e && !m_itemPane->isRendered(e->item, pageOptions(id)))
            return false;
    }
    return true;
}

void MainWindow::move(int step)
{
    const int row = visibleRowOf(m_currentId) + step;
    const QString id = visibleIdAt(std::clamp(row, 0, visibleRows() - 1));
    if (!id.isEmpty() && id != m_currentId)
        showItem(id);
}

bool MainWindow::currentPageShown() const
{
    return m_itemPane->currentLoaded() && m_itemPane->currentItemId() == m_currentId;
}

void MainWindow::toggleReveal()
{
    toggleForCurrent(m_revealed);
}

void MainWindow::toggleRawText()
{
    toggleForCurrent(m_rawText);
}

// Reveal and raw text are per item: the current one's page is shown again with the change.
void MainWindow::toggleForCurrent(QSet<QString>& items)
{
    if (m_currentId.isEmpty())
        return;
    if (!items.remove(m_currentId))
        items.insert(m_currentId);
    showItem(m_currentId);
}

void MainWindow::showCheatSheet()
{
    std::vector<std::pair<QString, QString>> keys;
    for (const KeyAction& k : keyActions())
        keys.emplace_back(action(k.id)->shortcut().toString(QKeySequence::NativeText), k.title);
    ui::showCheatSheet(this, keys);
}

void MainWindow::showSettings()
{
    SettingsDialog dialog(m_session.options().queue, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    applyKeys();
    m_wellness = WellnessSettings::load(QSettings(), m_session.options().queue);
    m_nextBreakMs = m_sessionTimer.elapsed() + qint64(m_wellness.breakMinutes) * 60'000;
    if (!m_currentId.isEmpty())
        showItem(m_currentId);
}

void MainWindow::refreshStatus()
{
    m_status->show(m_session.status(), m_sessionTimer.elapsed(), int(m_mediaItemsSeen.size()),
                   int(m_revealed.size()));
    m_status->showBlocked(m_itemPane->refusedRequests(), m_itemPane->refusedUrls());
}

QString MainWindow::statusText() const
{
    return m_status->text();
}

void MainWindow::checkBreak()
{
    if (m_nextBreakMs <= 0 || m_sessionTimer.elapsed() < m_nextBreakMs)
        return;
    m_nextBreakMs =
        m_sessionTimer.elapsed() + qint64(std::max(1, m_wellness.breakMinutes)) * 60'000;
    m_banner->setText(tr("You have been reviewing for %1 minutes. Take a break: step away from "
                         "the screen for a few minutes. (Esc hides this.)")
                          .arg(m_sessionTimer.elapsed() / 60'000));
    m_banner->show();
}

void MainWindow::onShown(const QString& itemId, double ms)
{
    Q_EMIT itemShown(itemId, ms);
    prepareAhead();
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_options.saveState) {
        QSettings settings;
        settings.setValue(u"window/geometry"_s, saveGeometry());
        settings.setValue(u"window/state"_s, saveState());
        settings.setValue(u"window/panes"_s, m_splitter->saveState());
    }
    m_session.shutDown();
    event->accept();
}

} // namespace moddesk::ui
