// Protects: timestamp::parse and timestamp::format, the RFC 3339 spelling of every instant in
// items, leases and decisions, and therefore of every decided_at the audit log hashes.
#include "timestamp.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace moddesk;

class TimestampTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesValid_data();
    void parsesValid();
    void rejectsInvalid_data();
    void rejectsInvalid();
    void missingOffsetIsNamed_data();
    void missingOffsetIsNamed();
    void formatsCanonically_data();
    void formatsCanonically();
    void formatRoundTrips_data();
    void formatRoundTrips();
};

void TimestampTest::parsesValid_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("msecs");

    QTest::newRow("Z, no fraction") << u"2026-11-23T14:50:14Z"_s << Q_INT64_C(1795445414000);
    QTest::newRow("Z, ms") << u"2026-11-23T14:50:14.123Z"_s << Q_INT64_C(1795445414123);
    QTest::newRow("lower-case t and z")
        << u"2026-11-23t14:50:14.123z"_s << Q_INT64_C(1795445414123);
    QTest::newRow("+00:00") << u"2026-11-23T14:50:14.123+00:00"_s << Q_INT64_C(1795445414123);
    QTest::newRow("-00:00") << u"2026-11-23T14:50:14.123-00:00"_s << Q_INT64_C(1795445414123);
    QTest::newRow("+03:00") << u"2026-11-23T14:50:14.123+03:00"_s << Q_INT64_C(1795434614123);
    QTest::newRow("-05:30") << u"2026-11-23T14:50:14.123-05:30"_s << Q_INT64_C(1795465214123);
    QTest::newRow("+23:59") << u"2026-11-24T14:49:14.123+23:59"_s << Q_INT64_C(1795445414123);
    QTest::newRow("offset crosses into a leap day")
        << u"2024-03-01T01:00:00+02:00"_s << Q_INT64_C(1709247600000);
    QTest::newRow("offset crosses a year")
        << u"1999-12-31T23:59:59.999-01:00"_s << Q_INT64_C(946688399999);
    QTest::newRow("1 fraction digit") << u"2026-11-23T14:50:14.1Z"_s << Q_INT64_C(1795445414100);
    QTest::newRow("2 fraction digits") << u"2026-11-23T14:50:14.12Z"_s << Q_INT64_C(1795445414120);
    QTest::newRow("3 fraction digits, leading zeros")
        << u"2026-11-23T14:50:14.001Z"_s << Q_INT64_C(1795445414001);
    QTest::newRow("4 fraction digits truncated")
        << u"2026-11-23T14:50:14.1239Z"_s << Q_INT64_C(1795445414123);
    QTest::newRow("6 fraction digits truncated")
        << u"2026-11-23T14:50:14.123999Z"_s << Q_INT64_C(1795445414123);
    QTest::newRow("9 fraction digits truncated, not rounded")
        << u"2026-11-23T14:50:14.999999999Z"_s << Q_INT64_C(1795445414999);
    QTest::newRow("9 fraction digits with offset")
        << u"2026-11-23T17:50:14.123456789+03:00"_s << Q_INT64_C(1795445414123);
    QTest::newRow("leap day 2024") << u"2024-02-29T00:00:00Z"_s << Q_INT64_C(1709164800000);
    QTest::newRow("end of leap day 2024")
        << u"2024-02-29T23:59:59.999Z"_s << Q_INT64_C(1709251199999);
    QTest::newRow("leap day 2000 (divisible by 400)")
        << u"2000-02-29T12:00:00Z"_s << Q_INT64_C(951825600000);
    QTest::newRow("2100-03-01 (2100 is not leap)")
        << u"2100-03-01T00:00:00Z"_s << Q_INT64_C(4107542400000);
    QTest::newRow("2^31 seconds") << u"2038-01-19T03:14:07Z"_s << Q_INT64_C(2147483647000);
    QTest::newRow("epoch") << u"1970-01-01T00:00:00Z"_s << Q_INT64_C(0);
    QTest::newRow("epoch + 1 s") << u"1970-01-01T00:00:01Z"_s << Q_INT64_C(1000);
    QTest::newRow("epoch through an offset") << u"1970-01-01T05:30:00+05:30"_s << Q_INT64_C(0);
    QTest::newRow("kMax") << u"9999-12-31T23:59:59.999Z"_s << timestamp::kMax;
    QTest::newRow("kMax through an offset")
        << u"9999-12-31T23:59:59.999+00:00"_s << timestamp::kMax;
}

void TimestampTest::parsesValid()
{
    QFETCH(QString, text);
    QFETCH(qint64, msecs);

    const Result<qint64> parsed = timestamp::parse(text);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
    QCOMPARE(*parsed, msecs);
}

void TimestampTest::rejectsInvalid_data()
{
    QTest::addColumn<QString>("text");
    // A fragment of the reason in parentheses; empty when any reason will do.
    QTest::addColumn<QString>("reason");

    const QString range = u"out of range"_s;
    const QString bounds = u"before 1970 or after 9999"_s;
    const QString offset = u"offset"_s;
    const QString fraction = u"1 to 9 digits"_s;
    const QString shape = u"expected YYYY-MM-DDTHH:MM:SS"_s;
    const QString trailing = u"unexpected characters"_s;

    QTest::newRow("no offset, with fraction") << u"2026-11-23T14:50:14.123"_s << offset;
    QTest::newRow("2023-02-29 (not a leap year)") << u"2023-02-29T00:00:00Z"_s << range;
    QTest::newRow("1900-02-29 (century, not leap)") << u"1900-02-29T00:00:00Z"_s << range;
    QTest::newRow("2100-02-29 (century, not leap)") << u"2100-02-29T00:00:00Z"_s << range;
    QTest::newRow("April 31") << u"2026-04-31T00:00:00Z"_s << range;
    QTest::newRow("month 13") << u"2026-13-01T00:00:00Z"_s << range;
    QTest::newRow("month 00") << u"2026-00-01T00:00:00Z"_s << range;
    QTest::newRow("day 00") << u"2026-01-00T00:00:00Z"_s << range;
    QTest::newRow("day 32") << u"2026-01-32T00:00:00Z"_s << range;
    QTest::newRow("hour 24") << u"2026-11-23T24:00:00Z"_s << range;
    QTest::newRow("minute 60") << u"2026-11-23T14:60:00Z"_s << range;
    QTest::newRow("second 60") << u"2026-11-23T14:50:60Z"_s << range;
    QTest::newRow("1969") << u"1969-12-31T23:59:59.999Z"_s << range;
    QTest::newRow("year 0000") << u"0000-01-01T00:00:00Z"_s << range;
    QTest::newRow("before 1970 through an offset") << u"1970-01-01T00:00:00+00:01"_s << bounds;
    QTest::newRow("after 9999 through an offset") << u"9999-12-31T23:59:59.999-00:01"_s << bounds;
    QTest::newRow("trailing junk") << u"2026-11-23T14:50:14Zjunk"_s << trailing;
    QTest::newRow("trailing space") << u"2026-11-23T14:50:14Z "_s << trailing;
    QTest::newRow("trailing newline") << u"2026-11-23T14:50:14Z\n"_s << trailing;
    QTest::newRow("offset with seconds") << u"2026-11-23T14:50:14+03:00:00"_s << trailing;
    QTest::newRow("two offsets") << u"2026-11-23T14:50:14Z+03:00"_s << trailing;
    QTest::newRow("10 fraction digits") << u"2026-11-23T14:50:14.1234567890Z"_s << fraction;
    QTest::newRow("empty fraction") << u"2026-11-23T14:50:14.Z"_s << fraction;
    QTest::newRow("comma fraction") << u"2026-11-23T14:50:14,123Z"_s << offset;
    QTest::newRow("offset without colon") << u"2026-11-23T14:50:14+0300"_s << offset;
    QTest::newRow("offset one-digit hour") << u"2026-11-23T14:50:14+3:00"_s << offset;
    QTest::newRow("offset hour only") << u"2026-11-23T14:50:14+03"_s << offset;
    QTest::newRow("offset +24:00") << u"2026-11-23T14:50:14+24:00"_s << offset;
    QTest::newRow("offset +03:60") << u"2026-11-23T14:50:14+03:60"_s << offset;
    QTest::newRow("named zone") << u"2026-11-23T14:50:14 UTC"_s << offset;
    QTest::newRow("empty") << QString() << shape;
    QTest::newRow("garbage") << u"garbage"_s << shape;
    QTest::newRow("garbage of timestamp length") << u"this is not a timestamp"_s << shape;
    QTest::newRow("date only") << u"2026-11-23"_s << shape;
    QTest::newRow("space instead of T") << u"2026-11-23 14:50:14Z"_s << shape;
    QTest::newRow("slashes") << u"2026/11/23T14:50:14Z"_s << shape;
    QTest::newRow("one-digit month") << u"2026-1-23T14:50:14.000Z"_s << shape;
    QTest::newRow("five-digit year") << u"10000-01-01T00:00:00Z"_s << shape;
    QTest::newRow("signed year") << u"+2026-11-23T14:50:14Z"_s << shape;
    QTest::newRow("Arabic-Indic digits") << u"٢٠٢٦-١١-٢٣T14:50:14Z"_s << shape;
    QTest::newRow("full-width digits") << u"２０２６-11-23T14:50:14Z"_s << shape;
    QTest::newRow("NUL inside") << (u"2026-11-23T14:50:14"_s + QChar(0) + u"Z"_s) << offset;
    QTest::newRow("epoch milliseconds") << u"1795445414123"_s << shape;
}

void TimestampTest::rejectsInvalid()
{
    QFETCH(QString, text);
    QFETCH(QString, reason);

    const Result<qint64> parsed = timestamp::parse(text);
    QVERIFY2(!parsed.ok(),
             qPrintable(u"accepted as "_s + QString::number(parsed.ok() ? *parsed : 0)));
    const QString message = parsed.error().message;
    QVERIFY2(message.contains(u"is not an RFC 3339 timestamp"_s), qPrintable(message));
    QVERIFY2(message.contains(reason), qPrintable(message));
    QVERIFY2(parsed.error().field.isEmpty(), qPrintable(parsed.error().field));
}

// Separate from rejectsInvalid: the most likely mistake (a local time without an offset) must
// be explained as such, not as a malformed date.
void TimestampTest::missingOffsetIsNamed_data()
{
    QTest::addColumn<QString>("text");

    QTest::newRow("seconds, no offset") << u"2026-11-23T14:50:14"_s;
    QTest::newRow("milliseconds, no offset") << u"2026-11-23T14:50:14.123"_s;
    QTest::newRow("nanoseconds, no offset") << u"2026-11-23T14:50:14.123456789"_s;
}

void TimestampTest::missingOffsetIsNamed()
{
    QFETCH(QString, text);

    const Result<qint64> parsed = timestamp::parse(text);
    QVERIFY(!parsed.ok());
    QVERIFY2(parsed.error().message.contains(u"UTC offset (Z or +HH:MM) is required"_s),
             qPrintable(parsed.error().message));
}

void TimestampTest::formatsCanonically_data()
{
    QTest::addColumn<qint64>("msecs");
    QTest::addColumn<QString>("text");

    QTest::newRow("epoch") << Q_INT64_C(0) << u"1970-01-01T00:00:00.000Z"_s;
    QTest::newRow("1 ms") << Q_INT64_C(1) << u"1970-01-01T00:00:00.001Z"_s;
    QTest::newRow("end of first day") << Q_INT64_C(86399999) << u"1970-01-01T23:59:59.999Z"_s;
    QTest::newRow("second day") << Q_INT64_C(86400000) << u"1970-01-02T00:00:00.000Z"_s;
    QTest::newRow("leap day") << Q_INT64_C(1709251199999) << u"2024-02-29T23:59:59.999Z"_s;
    QTest::newRow("2000-02-29") << Q_INT64_C(951825600000) << u"2000-02-29T12:00:00.000Z"_s;
    QTest::newRow("2100-03-01") << Q_INT64_C(4107542400000) << u"2100-03-01T00:00:00.000Z"_s;
    QTest::newRow("sample") << Q_INT64_C(1795445414123) << u"2026-11-23T14:50:14.123Z"_s;
    QTest::newRow("kMax") << timestamp::kMax << u"9999-12-31T23:59:59.999Z"_s;
}

void TimestampTest::formatsCanonically()
{
    QFETCH(qint64, msecs);
    QFETCH(QString, text);

    QCOMPARE(timestamp::format(msecs), text);
}

void TimestampTest::formatRoundTrips_data()
{
    QTest::addColumn<qint64>("msecs");

    constexpr qint64 kHour = 3600 * 1000;
    constexpr qint64 kDay = 24 * kHour;
    // Edge values: the bounds, day/month/year boundaries, leap days, 2^31 seconds.
    const qint64 edges[] = {timestamp::kMin,     timestamp::kMin + 1, 999, 1000, kDay - 1, kDay,
                            31 * kDay,         // 1970-02-01
                            365 * kDay,        // 1971-01-01
                            951782400000,      // 2000-02-29
                            951868800000 - 1,  // 2000-02-29T23:59:59.999
                            1709164800000,     // 2024-02-29
                            2147483647000,     // 2038-01-19T03:14:07
                            2147483648000,     // one second later
                            4107456000000,     // 2100-02-28
                            4107542400000,     // 2100-03-01
                            4102444800000 - 1, // 2099-12-31T23:59:59.999
                            253402214400000,   // 9999-12-31
                            timestamp::kMax - 1, timestamp::kMax};
    for (qint64 e : edges)
        QTest::addRow("edge %lld", static_cast<long long>(e)) << e;

    // Every 7919th hour from 1970 to 2100, each with a different minute, second and ms.
    constexpr qint64 k2100 = 4102444800000; // 2100-01-01
    for (qint64 h = 0; h * kHour < k2100; h += 7919) {
        const qint64 msecs = h * kHour + (h * 7) % kHour;
        QTest::addRow("hour %lld", static_cast<long long>(h)) << msecs;
    }
    // And every 104729th hour (a prime, so the time of day drifts) from 1970 to 9999.
    for (qint64 h = 0; h * kHour <= timestamp::kMax; h += 104729) {
        const qint64 msecs = h * kHour + (h * 13) % kHour;
        QTest::addRow("far hour %lld", static_cast<long long>(h)) << msecs;
    }
}

void TimestampTest::formatRoundTrips()
{
    QFETCH(qint64, msecs);

    const QString text = timestamp::format(msecs);
    static const QRegularExpression shape(
        u"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$"_s);
    QVERIFY2(shape.match(text).hasMatch(), qPrintable(text));

    // An independent oracle for the calendar arithmetic.
    const QString expected =
        QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC).toString(Qt::ISODateWithMs);
    QCOMPARE(text, expected);

    const Result<qint64> parsed = timestamp::parse(text);
    QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
    QCOMPARE(*parsed, msecs);
}

QTEST_GUILESS_MAIN(TimestampTest)
#include "timestamp_test.moc"
