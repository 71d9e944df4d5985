#include "timestamp.h"

#include <array>

namespace moddesk::timestamp {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<qint64>(doe) - 719468;
}

struct Civil {
    qint64 year;
    unsigned month;
    unsigned day;
};

Civil civilFromDays(qint64 z)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {static_cast<qint64>(yoe) + era * 400 + (m <= 2), m, d};
}

bool isLeap(qint64 y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

unsigned daysInMonth(qint64 y, unsigned m)
{
    static constexpr std::array<unsigned, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : kDays[m - 1];
}

// Reads `count` decimal digits at `pos`; -1 when any is not a digit.
int digits(QStringView s, qsizetype pos, int count)
{
    if (pos + count > s.size())
        return -1;
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const QChar c = s[pos + i];
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c.unicode() - u'0');
    }
    return value;
}

Error bad(QStringView text, const char* why)
{
    return Error{u"\"" + text.left(40).toString() + u"\" is not an RFC 3339 timestamp (" +
                 QString::fromLatin1(why) + u", e.g. 2026-11-23T14:50:14.123Z)"};
}

} // namespace

Result<qint64> parse(QStringView s)
{
    // YYYY-MM-DDTHH:MM:SS
    const int year = digits(s, 0, 4);
    const int month = digits(s, 5, 2);
    const int day = digits(s, 8, 2);
    const int hour = digits(s, 11, 2);
    const int minute = digits(s, 14, 2);
    const int second = digits(s, 17, 2);
    if (s.size() < 19 || year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 ||
        s[4] != u'-' || s[7] != u'-' || (s[10] != u'T' && s[10] != u't') || s[13] != u':' ||
        s[16] != u':')
        return bad(s, "expected YYYY-MM-DDTHH:MM:SS");
    if (year < 1970 || month < 1 || month > 12 || day < 1 ||
        static_cast<unsigned>(day) > daysInMonth(year, static_cast<unsigned>(month)) || hour > 23 ||
        minute > 59 || second > 59)
        return bad(s, "date or time out of range");

    qsizetype pos = 19;
    int millis = 0;
    if (pos < s.size() && s[pos] == u'.') {
        ++pos;
        int fractionDigits = 0;
        while (pos < s.size() && s[pos] >= u'0' && s[pos] <= u'9') {
            if (fractionDigits < 3)
                millis = millis * 10 + (s[pos].unicode() - u'0');
            ++fractionDigits;
            ++pos;
        }
        if (fractionDigits == 0 || fractionDigits > 9)
            return bad(s, "fraction of a second needs 1 to 9 digits");
        for (int i = fractionDigits; i < 3; ++i)
            millis *= 10;
    }

    qint64 offsetMinutes = 0;
    if (pos < s.size() && (s[pos] == u'Z' || s[pos] == u'z')) {
        ++pos;
    } else if (pos < s.size() && (s[pos] == u'+' || s[pos] == u'-')) {
        const int oh = digits(s, pos + 1, 2);
        const int om = digits(s, pos + 4, 2);
        if (oh < 0 || om < 0 || s[pos + 3] != u':' || oh > 23 || om > 59)
            return bad(s, "offset must be Z or +HH:MM");
        offsetMinutes = (oh * 60 + om) * (s[pos] == u'-' ? -1 : 1);
        pos += 6;
    } else {
        return bad(s, "a UTC offset (Z or +HH:MM) is required");
    }
    if (pos != s.size())
        return bad(s, "unexpected characters after the offset");

    const qint64 days =
        daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    const qint64 msecs =
        ((days * 24 + hour) * 60 + minute - offsetMinutes) * 60000 + second * 1000 + millis;
    if (msecs < kMin || msecs > kMax)
        return bad(s, "before 1970 or after 9999");
    return msecs;
}

void formatInto(qint64 msecs, char (&buf)[24])
{
    const qint64 days = msecs >= 0 ? msecs / 86400000 : -((-msecs + 86399999) / 86400000);
    qint64 rest = msecs - days * 86400000;
    const Civil c = civilFromDays(days);
    const int ms = static_cast<int>(rest % 1000);
    rest /= 1000;
    const int sec = static_cast<int>(rest % 60);
    rest /= 60;
    const int min = static_cast<int>(rest % 60);
    const int hour = static_cast<int>(rest / 60);

    auto put = [&buf](int at, qint64 value, int width) {
        for (int i = width - 1; i >= 0; --i) {
            buf[at + i] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
    };
    put(0, c.year, 4);
    buf[4] = '-';
    put(5, c.month, 2);
    buf[7] = '-';
    put(8, c.day, 2);
    buf[10] = 'T';
    put(11, hour, 2);
    buf[13] = ':';
    put(14, min, 2);
    buf[16] = ':';
    put(17, sec, 2);
    buf[19] = '.';
    put(20, ms, 3);
    buf[23] = 'Z';
}

QString format(qint64 msecs)
{
    char buf[24];
    formatInto(msecs, buf);
    return QString::fromLatin1(buf, 24);
}

} // namespace moddesk::timestamp
