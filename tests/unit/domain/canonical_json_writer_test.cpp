// Protects: CanonicalJsonWriter, the one byte form ModDesk hashes: RFC 8785-style escaping,
// integers, booleans, null for absent, string arrays, keys in order.
#include "canonical_json.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <limits>
#include <optional>

using namespace Qt::StringLiterals;
using namespace moddesk;

class CanonicalJsonWriterTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void escapesStrings_data();
    void escapesStrings();
    void escapesEveryControlCharacter();
    void writesIntegers_data();
    void writesIntegers();
    void writesBooleans();
    void writesAbsentAsNull();
    void writesStringArrays_data();
    void writesStringArrays();
    void writesObjectShape();
};

// --- CanonicalJsonWriter ---------------------------------------------------------------------

void CanonicalJsonWriterTest::escapesStrings_data()
{
    QTest::addColumn<QString>("value");
    QTest::addColumn<QByteArray>("expected"); // between the quotes

    QTest::newRow("plain") << u"abc"_s << "abc"_ba;
    QTest::newRow("empty") << QString() << QByteArray();
    QTest::newRow("quote") << u"a\"b"_s << R"(a\"b)"_ba;
    QTest::newRow("backslash") << u"a\\b"_s << R"(a\\b)"_ba;
    QTest::newRow("slash is not escaped") << u"a/b"_s << "a/b"_ba;
    QTest::newRow("backspace") << u"\b"_s << R"(\b)"_ba;
    QTest::newRow("form feed") << u"\f"_s << R"(\f)"_ba;
    QTest::newRow("newline") << u"\n"_s << R"(\n)"_ba;
    QTest::newRow("carriage return") << u"\r"_s << R"(\r)"_ba;
    QTest::newRow("tab") << u"\t"_s << R"(\t)"_ba;
    QTest::newRow("NUL") << QString(QChar(0)) << R"(\u0000)"_ba;
    QTest::newRow("U+0001") << u"\x01"_s << R"(\u0001)"_ba;
    QTest::newRow("vertical tab, lower-case hex") << u"\x0b"_s << R"(\u000b)"_ba;
    QTest::newRow("ESC, lower-case hex") << u"\x1b"_s << R"(\u001b)"_ba;
    QTest::newRow("U+001F") << u"\x1f"_s << R"(\u001f)"_ba;
    QTest::newRow("space is raw") << u" "_s << " "_ba;
    QTest::newRow("DEL is raw") << u"\x7f"_s << "\x7f"_ba;
    QTest::newRow("U+0080 (C1 control) is raw UTF-8") << QString(QChar(0x80)) << "\xc2\x80"_ba;
    QTest::newRow("e acute") << u"é"_s << "\xc3\xa9"_ba;
    QTest::newRow("Cyrillic") << u"Пример"_s
                              << "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xbc\xd0\xb5\xd1\x80"_ba;
    QTest::newRow("Arabic") << u"مثال"_s << "\xd9\x85\xd8\xab\xd8\xa7\xd9\x84"_ba;
    QTest::newRow("emoji (surrogate pair) as 4 bytes") << u"😀"_s << "\xf0\x9f\x98\x80"_ba;
    QTest::newRow("U+2028 is raw") << u"\u2028"_s << "\xe2\x80\xa8"_ba;
    QTest::newRow("BOM inside is raw") << u"a\uFEFFb"_s
                                       << "a\xef\xbb\xbf"
                                          "b"_ba;
    QTest::newRow("mixed") << u"«q» \"x\"\\\n😀"_s
                           << "\xc2\xabq\xc2\xbb \\\"x\\\"\\\\\\n\xf0\x9f\x98\x80"_ba;
}

void CanonicalJsonWriterTest::escapesStrings()
{
    QFETCH(QString, value);
    QFETCH(QByteArray, expected);

    CanonicalJsonWriter w;
    w.addString(u"k", value);
    const QByteArray out = w.finish();
    QCOMPARE(out, "{\"k\":\"" + expected + "\"}");

    // What is written is JSON that reads back as the same string.
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(out, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
    QCOMPARE(doc.object().value(u"k"_s).toString(), value);
}

void CanonicalJsonWriterTest::escapesEveryControlCharacter()
{
    static constexpr char kHex[] = "0123456789abcdef";
    for (char16_t c = 0; c < 0x20; ++c) {
        QByteArray expected;
        switch (c) {
        case u'\b':
            expected = R"(\b)"_ba;
            break;
        case u'\f':
            expected = R"(\f)"_ba;
            break;
        case u'\n':
            expected = R"(\n)"_ba;
            break;
        case u'\r':
            expected = R"(\r)"_ba;
            break;
        case u'\t':
            expected = R"(\t)"_ba;
            break;
        default:
            expected = "\\u00"_ba + kHex[c >> 4] + kHex[c & 0xf];
        }
        CanonicalJsonWriter w;
        w.addString(u"k", QString(QChar(c)));
        QCOMPARE(w.finish(), "{\"k\":\"" + expected + "\"}");
    }
}

void CanonicalJsonWriterTest::writesIntegers_data()
{
    QTest::addColumn<qint64>("value");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("0") << Q_INT64_C(0) << "0"_ba;
    QTest::newRow("1") << Q_INT64_C(1) << "1"_ba;
    QTest::newRow("-1") << Q_INT64_C(-1) << "-1"_ba;
    QTest::newRow("1000000 (no exponent)") << Q_INT64_C(1000000) << "1000000"_ba;
    QTest::newRow("ms timestamp") << Q_INT64_C(1795445414123) << "1795445414123"_ba;
    QTest::newRow("2^53 + 1 (beyond double)")
        << Q_INT64_C(9007199254740993) << "9007199254740993"_ba;
    QTest::newRow("INT64_MAX") << std::numeric_limits<qint64>::max() << "9223372036854775807"_ba;
    QTest::newRow("INT64_MIN") << std::numeric_limits<qint64>::min() << "-9223372036854775808"_ba;
}

void CanonicalJsonWriterTest::writesIntegers()
{
    QFETCH(qint64, value);
    QFETCH(QByteArray, expected);

    CanonicalJsonWriter w;
    w.addInteger(u"n", value);
    QCOMPARE(w.finish(), "{\"n\":" + expected + '}');
}

void CanonicalJsonWriterTest::writesBooleans()
{
    CanonicalJsonWriter w;
    w.addBoolean(u"a", true);
    w.addBoolean(u"b", false);
    w.addBoolean(u"c", std::nullopt);
    QCOMPARE(w.finish(), R"({"a":true,"b":false,"c":null})"_ba);
}

void CanonicalJsonWriterTest::writesAbsentAsNull()
{
    CanonicalJsonWriter w;
    w.addInteger(u"a", std::nullopt);
    w.addString(u"b", std::optional<QString>());
    w.addString(u"c", std::optional<QString>(QString())); // present but empty is not null
    w.addString(u"d", std::optional<QString>(u"null"_s)); // the word is a string
    QCOMPARE(w.finish(), R"({"a":null,"b":null,"c":"","d":"null"})"_ba);
}

void CanonicalJsonWriterTest::writesStringArrays_data()
{
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<QByteArray>("expected");

    QTest::newRow("empty") << QStringList() << "[]"_ba;
    QTest::newRow("one") << QStringList{u"EEA"_s} << R"(["EEA"])"_ba;
    QTest::newRow("two") << QStringList{u"EEA"_s, u"GB"_s} << R"(["EEA","GB"])"_ba;
    QTest::newRow("empty string") << QStringList{QString()} << R"([""])"_ba;
    QTest::newRow("escaped") << QStringList{u"a\"b"_s, u"\n"_s, u"\x01"_s, u"é"_s}
                             << "[\"a\\\"b\",\"\\n\",\"\\u0001\",\"\xc3\xa9\"]"_ba;
    QTest::newRow("comma inside is not a separator")
        << QStringList{u"a\",\"b"_s} << R"(["a\",\"b"])"_ba;
}

void CanonicalJsonWriterTest::writesStringArrays()
{
    QFETCH(QStringList, values);
    QFETCH(QByteArray, expected);

    CanonicalJsonWriter w;
    w.addStrings(u"s", values);
    const QByteArray out = w.finish();
    QCOMPARE(out, "{\"s\":" + expected + '}');
    QCOMPARE(QJsonDocument::fromJson(out).object().value(u"s"_s).toVariant().toStringList(),
             values);
}

void CanonicalJsonWriterTest::writesObjectShape()
{
    QCOMPARE(CanonicalJsonWriter().finish(), "{}"_ba);

    CanonicalJsonWriter w;
    w.addString(u"a", u"x"_s);
    w.addInteger(u"b", 1);
    w.addString(u"c", std::optional<QString>());
    w.addBoolean(u"d", true);
    w.addStrings(u"e", {});
    w.addString(u"f", u"Ж"_s);
    QCOMPARE(w.finish(),
             "{\"a\":\"x\",\"b\":1,\"c\":null,\"d\":true,\"e\":[],\"f\":\"\xd0\x96\"}"_ba);
}

QTEST_GUILESS_MAIN(CanonicalJsonWriterTest)
#include "canonical_json_writer_test.moc"
