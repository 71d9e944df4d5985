// Wellness settings: the user's defaults, a queue's own, and nothing shared across queues.
#include "wellness.h"

#include <QSettings>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace moddesk::ui;

class WellnessSettingsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void queueOverridesTheUser()
    {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"moddesk.conf"_s), QSettings::IniFormat);
        // Nothing saved: protected by default (blurred, grayscale, a break every 50 minutes).
        WellnessSettings initial = WellnessSettings::load(settings, u"default"_s);
        QVERIFY(initial.blur);
        QVERIFY(initial.grayscale);
        QCOMPARE(initial.breakMinutes, 50);

        WellnessSettings user;
        user.grayscale = false;
        user.breakMinutes = 30;
        user.save(settings);
        WellnessSettings graphic; // a queue of known-graphic media: stricter for that queue only
        graphic.blur = true;
        graphic.grayscale = true;
        graphic.breakMinutes = 15;
        graphic.save(settings, u"graphic/violence"_s);

        const WellnessSettings other = WellnessSettings::load(settings, u"default"_s);
        QVERIFY(!other.grayscale);
        QCOMPARE(other.breakMinutes, 30);
        const WellnessSettings strict = WellnessSettings::load(settings, u"graphic/violence"_s);
        QVERIFY(strict.grayscale);
        QCOMPARE(strict.breakMinutes, 15);
        // A queue name is one key, whatever it contains.
        QVERIFY(!WellnessSettings::load(settings, u"graphic"_s).grayscale);
    }
};

QTEST_GUILESS_MAIN(WellnessSettingsTest)
#include "wellness_settings_test.moc"
