// The lease manager against the real server: items leased ahead with their media cached,
// renewed before they run out, given back on skip and on quit, and a lease lost to another
// moderator marked lost with the server's reason.
#include "client_store.h"
#include "lease_manager.h"
#include "server_process.h"
#include "sha256.h"
#include "sync_support.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace moddesk;
using namespace moddesk::net;
using namespace moddesk::test;

namespace {

qint64 now()
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace

class LeaseManagerTest final : public QObject {
    Q_OBJECT

    std::unique_ptr<ServerProcess> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ClientStore> m_store;
    std::unique_ptr<MediaCache> m_media;
    std::unique_ptr<HttpTransport> m_transport;
    std::unique_ptr<ProtocolClient> m_client;

private Q_SLOTS:
    void init()
    {
        m_server = std::make_unique<ServerProcess>(QString(), 30);
        QVERIFY2(m_server->start(), qPrintable(m_server->error()));
        m_dir = std::make_unique<QTemporaryDir>();
        auto store = ClientStore::open(m_dir->filePath(u"client.sqlite"_s));
        QVERIFY(store.ok());
        m_store = std::move(store).value();
        m_media = std::make_unique<MediaCache>(m_dir->filePath(u"media"_s));
        m_transport = std::make_unique<HttpTransport>();
        m_client = std::make_unique<ProtocolClient>(*m_transport, m_server->baseUrl(),
                                                    m_server->token(u"moderator"_s).toLatin1());
    }

    void keepsItemsAheadWithTheirMedia()
    {
        LeaseManager leases(*m_store, *m_client, *m_media, {u"default"_s, 5, 300, 60});
        auto first = leases.fill(now());
        QVERIFY(first.ok());
        QCOMPARE(first->size(), size_t(5));
        QCOMPARE(leases.fill(now())->size(), size_t(0)); // already 5 ahead
        QVERIFY(leases.release(first->front()).ok());    // skip one
        QCOMPARE(leases.live(now())->size(), size_t(4));
        QCOMPARE(leases.fill(now())->size(), size_t(1)); // topped up

        // Every image of every held item is in the cache, byte for byte what it claims to be.
        int images = 0;
        const auto live = leases.live(now());
        QVERIFY(live.ok());
        for (const HeldLease& h : *live) {
            auto item = Item::fromJsonBytes(h.itemJson);
            QVERIFY(item.ok());
            for (const Media& m : item->media) {
                QVERIFY2(m_media->contains(m.sha256), qPrintable(m.sha256));
                QCOMPARE(QString::fromLatin1(Sha256::hexDigest(*m_media->load(m.sha256))),
                         m.sha256);
                ++images;
            }
        }
        QVERIFY2(images > 0, "the seeded items carried no media to prefetch");

        // On quit every lease goes back: another moderator can take them at once.
        QVERIFY(leases.releaseAll().ok());
        QCOMPARE(leases.live(now())->size(), size_t(0));
        const QString other = m_server->addUser(u"other"_s, u"moderator"_s);
        const HttpResult r = m_server->call("POST"_ba, u"/v1/queues/default/leases"_s, other,
                                            "{\"max_items\":100}"_ba);
        QCOMPARE(r.json().value(u"leases"_s).toArray().size(), 30); // the skipped one too
    }

    void renewsBeforeExpiryAndNoticesLostLeases()
    {
        LeaseManager leases(*m_store, *m_client, *m_media, {u"default"_s, 2, 2, 60});
        auto held = leases.fill(now());
        QVERIFY(held.ok());
        QCOMPARE(held->size(), size_t(2));
        const qint64 before = held->front().lease.expiresAt;

        // Both run out within the margin: renewed, and the new expiry is stored.
        auto lost = leases.renewDue(now());
        QVERIFY(lost.ok());
        QCOMPARE(lost->size(), size_t(0));
        auto after = m_store->leaseForItem(held->front().lease.itemId);
        QVERIFY((*after)->lease.expiresAt >= before);

        // Let them lapse (the server's clock and ours moved past them); another moderator takes
        // and decides them; our renewal finds them lost.
        constexpr qint64 kLater = 2200;
        QVERIFY(m_server->setClockOffsetMs(kLater));
        const QString otherToken = m_server->addUser(u"other"_s, u"moderator"_s);
        HttpTransport t2;
        ProtocolClient other(t2, m_server->baseUrl(), otherToken.toLatin1());
        const auto theirs = leaseAndDecide(other, u"other"_s, 2);
        QCOMPARE(theirs.size(), size_t(2));
        auto submitted = other.submit(theirs);
        QVERIFY(submitted.ok());
        lost = leases.renewDue(now() + kLater);
        QVERIFY(lost.ok());
        QCOMPARE(lost->size(), size_t(2));
        for (const HeldLease& h : *lost) {
            QCOMPARE(h.state, u"lost"_s);
            QVERIFY2(!h.note.isEmpty(), "a lost lease must say why");
            QCOMPARE((*m_store->leaseForItem(h.lease.itemId))->state, u"lost"_s);
        }
        QCOMPARE(leases.live(now() + kLater)->size(), size_t(0));
    }

    void offlineReleaseStillDropsTheLease()
    {
        LeaseManager leases(*m_store, *m_client, *m_media, {u"default"_s, 1, 300, 60});
        auto held = leases.fill(now());
        QVERIFY(held.ok() && held->size() == 1);
        m_server->stop();
        const Status released = leases.release(held->front());
        QVERIFY(!released.ok() && released.error().transient); // said: not reached
        QCOMPARE((*m_store->leaseForItem(held->front().lease.itemId))->state, u"released"_s);
        QCOMPARE(leases.live(now())->size(), size_t(0));
    }
};

QTEST_GUILESS_MAIN(LeaseManagerTest)
#include "lease_manager_test.moc"
