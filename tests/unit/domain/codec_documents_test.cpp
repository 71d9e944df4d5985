// Protects: whole documents: byte limits, invalid UTF-8 and syntax, what is accepted at the
// edges, U+FEFF kept through JSON, and hostile mutated bytes never crashing a decoder.
#include "codec_fixtures.h"

using namespace codec_fixtures;

class CodecDocumentsTest final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void documentsRejectMalformed_data();
    void documentsRejectMalformed();
    void documentsAtTheByteLimitAreAccepted_data();
    void documentsAtTheByteLimitAreAccepted();
    void acceptsBoundaryValues_data();
    void acceptsBoundaryValues();
    void itemIgnoresUnknownFields();
    void emptyOptionalDecisionStringsMeanAbsent();
    void leadingByteOrderMarkSurvivesTheDocument_data();
    void leadingByteOrderMarkSurvivesTheDocument();
    void byteOrderMarksAreWrittenEscapedAndBadEscapesStayBad();
    void mutatedDocumentsNeverCrash_data();
    void mutatedDocumentsNeverCrash();
};

// --- Documents -------------------------------------------------------------------------------

void CodecDocumentsTest::documentsRejectMalformed_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("fragment");

    struct Doc {
        QString type;
        QByteArray valid;
        qsizetype maxBytes;
    };
    const Doc docs[] = {
        {u"item"_s, fullItemBytes(), limits::kMaxItemDocumentBytes},
        {u"decision"_s, compact(fullDecisionJson()), limits::kMaxDecisionDocumentBytes},
        {u"policy"_s, compact(Policy::builtin().toJson()), limits::kMaxPolicyDocumentBytes},
    };
    for (const Doc& doc : docs) {
        const QString notJson = doc.type + u' ' + kNotValidJson;
        const QString notObject = doc.type + u" must be a JSON object"_s;
        auto row = [&](const char* what, const QByteArray& bytes, const QString& fragment) {
            QTest::addRow("%s: %s", qPrintable(doc.type), what) << doc.type << bytes << fragment;
        };
        const QByteArray head = R"({"id": "x)"_ba;
        row("invalid UTF-8 byte 0xff", head + "\xff\"}", notJson);
        row("UTF-8 continuation byte alone", head + "\x80\"}", notJson);
        row("overlong UTF-8 of '/'", head + "\xc0\xaf\"}", notJson);
        row("UTF-8-encoded surrogate", head + "\xed\xa0\x80\"}", notJson);
        row("code point above U+10FFFF", head + "\xf4\x90\x80\x80\"}", notJson);
        row("truncated UTF-8 sequence", head + "\xe2\x82\"}", notJson);
        row("invalid UTF-8 in a key", "{\"\xfe\": 1}"_ba, notJson);
        row("invalid UTF-8 in the valid document",
            QByteArray(doc.valid).insert(doc.valid.indexOf(':') + 3, '\xff'), notJson);
        row("array", "[]"_ba, notObject);
        row("array of the valid object", '[' + doc.valid + ']', notObject);
        // RFC 8259 allows a scalar document; Qt 6.4's parser does not. Either error will do.
        const QString scalar = notJson + u'|' + notObject;
        row("null", "null"_ba, scalar);
        row("number", "42"_ba, scalar);
        row("string", "\"decision\""_ba, scalar);
        row("empty", QByteArray(), notJson);
        row("white space only", " \n\t "_ba, notJson);
        row("truncated", doc.valid.left(doc.valid.size() / 2), notJson);
        row("truncated by one byte", doc.valid.trimmed().chopped(1), notJson);
        row("two objects", doc.valid + doc.valid, notJson);
        row("trailing garbage", doc.valid + "x", notJson);
        row("single quotes", "{'id': 'x'}"_ba, notJson);
        row("trailing comma", "{\"id\": \"x\",}"_ba, notJson);
        row("NaN", "{\"id\": NaN}"_ba, notJson);
        row("5000 nested arrays", "{\"id\": " + QByteArray(5000, '[') + QByteArray(5000, ']') + '}',
            notJson);
        row("NUL byte", "{\"id\"\0: 1}"_ba, notJson);
        row("over the byte limit", doc.valid + QByteArray(doc.maxBytes + 1 - doc.valid.size(), ' '),
            u"%1 is %2 bytes; at most %3 are accepted"_s.arg(doc.type)
                .arg(doc.maxBytes + 1)
                .arg(doc.maxBytes));
    }
    // The case from the brief, spelt out: 300 KiB for a decision.
    QTest::newRow("decision: 300 KiB")
        << u"decision"_s << QByteArray(300 * 1024, 'x')
        << u"decision is 307200 bytes; at most 262144 are accepted"_s;
}

void CodecDocumentsTest::documentsRejectMalformed()
{
    QFETCH(QString, type);
    QFETCH(QByteArray, bytes);
    QFETCH(QString, fragment);

    Error error;
    if (type == u"item") {
        const Result<Item> r = Item::fromJsonBytes(bytes);
        QVERIFY2(!r.ok(), "accepted");
        error = r.error();
    } else if (type == u"decision") {
        const Result<Decision> r = Decision::fromJsonBytes(bytes);
        QVERIFY2(!r.ok(), "accepted");
        error = r.error();
    } else {
        const Result<Policy> r = Policy::fromJsonBytes(bytes);
        QVERIFY2(!r.ok(), "accepted");
        error = r.error();
    }
    QCOMPARE(error.field, QString());
    // `fragment` is the start of the message, or alternatives separated by '|'.
    const QStringList alternatives = fragment.split(u'|');
    QVERIFY2(std::any_of(alternatives.begin(), alternatives.end(),
                         [&](const QString& a) { return error.message.startsWith(a); }),
             qPrintable(error.message));
    if (error.message.contains(kNotValidJson))
        QVERIFY2(error.message.contains(u" at byte "_s), qPrintable(error.message));
}

void CodecDocumentsTest::documentsAtTheByteLimitAreAccepted_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("bytes");

    auto padded = [](const QByteArray& doc, qsizetype size) -> QByteArray {
        return doc + QByteArray(size - doc.size(), ' ');
    };
    QTest::newRow("item") << u"item"_s << padded(fullItemBytes(), limits::kMaxItemDocumentBytes);
    QTest::newRow("decision") << u"decision"_s
                              << padded(compact(fullDecisionJson()),
                                        limits::kMaxDecisionDocumentBytes);
    QTest::newRow("policy") << u"policy"_s
                            << padded(compact(Policy::builtin().toJson()),
                                      limits::kMaxPolicyDocumentBytes);
}

void CodecDocumentsTest::documentsAtTheByteLimitAreAccepted()
{
    QFETCH(QString, type);
    QFETCH(QByteArray, bytes);

    if (type == u"item") {
        const Result<Item> r = Item::fromJsonBytes(bytes);
        QVERIFY2(r.ok(), describe(r).constData());
    } else if (type == u"decision") {
        const Result<Decision> r = Decision::fromJsonBytes(bytes);
        QVERIFY2(r.ok(), describe(r).constData());
    } else {
        const Result<Policy> r = Policy::fromJsonBytes(bytes);
        QVERIFY2(r.ok(), describe(r).constData());
    }
}

// --- Edges that are accepted -----------------------------------------------------------------

void CodecDocumentsTest::acceptsBoundaryValues_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("json");

    const QJsonObject item = fullItemJson();
    const QJsonObject decision = fullDecisionJson();
    auto itemRow = [&](const char* name, const QList<Edit>& edits, const QByteArray& raw = {}) {
        QTest::addRow("item: %s", name) << u"item"_s << edited(item, edits, raw);
    };
    auto decisionRow = [&](const char* name, const QList<Edit>& edits, const QByteArray& raw = {}) {
        QTest::addRow("decision: %s", name) << u"decision"_s << edited(decision, edits, raw);
    };
    const QJsonValue null(QJsonValue::Null);

    itemRow("id 200 chars", {{u"id"_s, chars(200)}});
    itemRow("text empty", {{u"text"_s, u""_s}});
    itemRow("text 1000000 chars", {{u"text"_s, chars(1000000)}});
    itemRow("lang 35 chars", {{u"lang"_s, chars(35, u'a')}});
    itemRow("1000 hashtags", {{u"hashtags"_s, stringArray(1000, u"#tag"_s)}});
    itemRow("hashtag 200 chars", {{u"hashtags[0]"_s, chars(200)}});
    itemRow("priority 1000", {{u"priority"_s, 1000}});
    itemRow("priority -1000", {{u"priority"_s, -1000}});
    itemRow("followers 0", {{u"author.followers"_s, 0}});
    itemRow("followers kMaxCount", {{u"author.followers"_s, kRaw}}, "10000000000");
    itemRow("followers as 1e3", {{u"author.followers"_s, kRaw}}, "1e3");
    itemRow("followers as 12.0", {{u"author.followers"_s, kRaw}}, "12.0");
    itemRow("media width 65535", {{u"media[0].width"_s, 65535}});
    itemRow("distance 0", {{u"hash_matches[0].distance"_s, 0}});
    itemRow("distance 256", {{u"hash_matches[0].distance"_s, 256}});
    itemRow("score integer 1", {{u"scores[0].score"_s, 1}, {u"scores[0].threshold"_s, 0}});
    itemRow("optional objects null",
            {{u"venue"_s, null}, {u"context"_s, null}, {u"deadline"_s, null}, {u"url"_s, null}});
    itemRow("optional lists null",
            {{u"media"_s, null}, {u"links"_s, null}, {u"scores"_s, null}, {u"hashtags"_s, null}});
    itemRow("created_at with offset", {{u"created_at"_s, u"2026-11-20T11:15:30.250+03:00"_s}});
    decisionRow("notes 20000 chars", {{u"notes"_s, chars(20000)}});
    decisionRow("handle_ms one week", {{u"handle_ms"_s, kRaw}}, "604800000");
    decisionRow("lease_token INT64_MAX", {{u"lease_token"_s, kRaw}}, kInt64Max);
    decisionRow("seq INT64_MAX", {{u"seq"_s, kRaw}}, kInt64Max);
    decisionRow("optional fields null", {{u"seq"_s, null},
                                         {u"notes"_s, null},
                                         {u"dsa"_s, null},
                                         {u"removal_order"_s, null},
                                         {u"shown"_s, null}});
    decisionRow("territorial_scope empty", {{u"dsa.territorial_scope"_s, QJsonArray{}}});
    QTest::newRow("lease: token INT64_MAX")
        << u"lease"_s << edited(fullLeaseJson(), {{u"token"_s, kRaw}}, kInt64Max);
    QTest::newRow("lease: token 1") << u"lease"_s << edited(fullLeaseJson(), {{u"token"_s, 1}});
}

void CodecDocumentsTest::acceptsBoundaryValues()
{
    QFETCH(QString, type);
    QFETCH(QByteArray, json);

    if (type == u"item") {
        const Result<Item> r = Item::fromJsonBytes(json);
        QVERIFY2(r.ok(), describe(r).constData());
        verifyRoundTrip(*r);
    } else if (type == u"decision") {
        const Result<Decision> r = Decision::fromJsonBytes(json);
        QVERIFY2(r.ok(), describe(r).constData());
        verifyRoundTrip(*r);
    } else {
        const Result<Lease> r = decodeObject<Lease>(json);
        QVERIFY2(r.ok(), describe(r).constData());
        verifyRoundTrip(*r);
    }
}

// Items come from platforms that add fields; unlike decisions they are read leniently.
void CodecDocumentsTest::itemIgnoresUnknownFields()
{
    const Result<Item> r = Item::fromJsonBytes(
        edited(fullItemJson(), {{u"views"_s, 10}, {u"author.verified"_s, true}}));
    QVERIFY2(r.ok(), describe(r).constData());
    const Result<Item> plain = Item::fromJsonBytes(fullItemBytes());
    QVERIFY2(plain.ok(), describe(plain).constData());
    QCOMPARE(*r, *plain);
}

// "" and null mean "nothing" for optional decision strings, so the log has one spelling of it.
void CodecDocumentsTest::emptyOptionalDecisionStringsMeanAbsent()
{
    const Result<Decision> r =
        Decision::fromJsonBytes(edited(fullDecisionJson(), {{u"reason"_s, u""_s},
                                                            {u"action"_s, u""_s},
                                                            {u"notes"_s, u""_s},
                                                            {u"dsa.category"_s, u""_s},
                                                            {u"dsa.facts"_s, u""_s},
                                                            {u"lease_id"_s, QJsonValue::Null},
                                                            {u"lease_token"_s, QJsonValue::Null}}));
    QVERIFY2(r.ok(), describe(r).constData());
    QVERIFY(!r->reason);
    QVERIFY(!r->action);
    QVERIFY(!r->notes);
    QVERIFY(!r->dsa->category);
    QVERIFY(!r->dsa->facts);
    QVERIFY(!r->leaseId);
    verifyRoundTrip(*r);
}

// Text pasted from Windows tools often starts with U+FEFF. What toJson() writes, fromJsonBytes()
// must read back unchanged, or a decision re-read from its JSON hashes differently.
void CodecDocumentsTest::leadingByteOrderMarkSurvivesTheDocument_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("BOM inside") << u"SYNTHETIC \uFEFF note"_s;
    QTest::newRow("BOM first") << u"\uFEFFSYNTHETIC note"_s;
    QTest::newRow("BOM only") << u"\uFEFF"_s;
}

void CodecDocumentsTest::leadingByteOrderMarkSurvivesTheDocument()
{
    QFETCH(QString, text);

    Decision d = test::sampleDecision(1);
    d.notes = text;
    const Result<Decision> decision = Decision::fromJsonBytes(compact(d.toJson()));
    QVERIFY2(decision.ok(), describe(decision).constData());
    QCOMPARE(decision->notes, d.notes);
    QCOMPARE(decision->computeHash(), d.computeHash());

    Result<Item> item = Item::fromJsonBytes(fullItemBytes());
    QVERIFY2(item.ok(), describe(item).constData());
    item->text = text;
    const Result<Item> back = Item::fromJsonBytes(compact(item->toJson()));
    QVERIFY2(back.ok(), describe(back).constData());
    QCOMPARE(back->text, text);
}

// toCompactJson() is what ModDesk writes; any JSON reader, Qt's included, must get U+FEFF back.
// The parser's repair of raw U+FEFF must not turn an invalid escape into a valid document.
void CodecDocumentsTest::byteOrderMarksAreWrittenEscapedAndBadEscapesStayBad()
{
    Decision d = test::sampleDecision(1);
    d.notes = u"\uFEFFSYNTHETIC note"_s;
    const QByteArray written = toCompactJson(d.toJson());
    QVERIFY(written.contains("\\ufeff"));
    QVERIFY(!written.contains("\xEF\xBB\xBF"));
    QCOMPARE(QJsonDocument::fromJson(written).object().value(u"notes"_s).toString(), *d.notes);

    const QByteArray badEscape = "{\"notes\":\"\\\xEF\xBB\xBF\"}";
    QVERIFY(!parseJsonObject(badEscape, 1000, u"doc").ok());
    const QByteArray escapedBackslash = "{\"notes\":\"\\\\\xEF\xBB\xBF\"}";
    const auto parsed = parseJsonObject(escapedBackslash, 1000, u"doc");
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->value(u"notes"_s).toString(), u"\\\uFEFF"_s);
}

// --- Hostile bytes ---------------------------------------------------------------------------

void CodecDocumentsTest::mutatedDocumentsNeverCrash_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QByteArray>("valid");

    QTest::newRow("item") << u"item"_s << fullItemBytes();
    QTest::newRow("full decision") << u"decision"_s << compact(fullDecisionJson());
    QTest::newRow("sample decision 1") << u"decision"_s << test::sampleDecisionLine(1);
    QTest::newRow("sample decision 13") << u"decision"_s << test::sampleDecisionLine(13);
    QTest::newRow("policy") << u"policy"_s << compact(Policy::builtin().toJson());
}

void CodecDocumentsTest::mutatedDocumentsNeverCrash()
{
    QFETCH(QString, type);
    QFETCH(QByteArray, valid);

    // Decodes `bytes`; when accepted, the value must round trip exactly.
    bool accepted = false;
    auto check = [&type, &accepted](const QByteArray& bytes) {
        if (type == u"item") {
            const Result<Item> r = Item::fromJsonBytes(bytes);
            if ((accepted = r.ok()))
                verifyRoundTrip(*r);
            else
                QVERIFY(!r.error().message.isEmpty());
        } else if (type == u"decision") {
            const Result<Decision> r = Decision::fromJsonBytes(bytes);
            if ((accepted = r.ok()))
                verifyRoundTrip(*r);
            else
                QVERIFY(!r.error().message.isEmpty());
        } else {
            const Result<Policy> r = Policy::fromJsonBytes(bytes);
            if ((accepted = r.ok()))
                verifyRoundTrip(*r);
            else
                QVERIFY(!r.error().message.isEmpty());
        }
    };

    // Every truncation is an error, never a crash and never a value.
    const qsizetype end = valid.trimmed().size();
    for (qsizetype n = 0; n < end; ++n) {
        const QByteArray prefix = valid.left(n);
        check(prefix);
        if (accepted)
            QFAIL(QByteArray("a truncated document was accepted: " + prefix).constData());
        if (QTest::currentTestFailed())
            QFAIL(prefix.constData());
    }
    check(valid);
    QVERIFY(accepted);

    // Seeded random damage: byte changes, deletions, insertions of JSON punctuation.
    QRandomGenerator rng(20261123);
    static const char kSpecial[] = "\"\\{}[],:0-9eE.nul\xff\x80 ";
    for (int round = 0; round < 3000; ++round) {
        QByteArray bytes = valid;
        const int edits = 1 + static_cast<int>(rng.bounded(3));
        for (int e = 0; e < edits && !bytes.isEmpty(); ++e) {
            const qsizetype at = rng.bounded(static_cast<int>(bytes.size()));
            switch (rng.bounded(4)) {
            case 0:
                bytes[at] = static_cast<char>(rng.bounded(256));
                break;
            case 1:
                bytes.remove(at, 1 + rng.bounded(8));
                break;
            case 2:
                bytes.insert(at, kSpecial[rng.bounded(static_cast<int>(sizeof kSpecial - 1))]);
                break;
            default:
                bytes.insert(at, bytes.mid(rng.bounded(static_cast<int>(bytes.size())), 16));
                break;
            }
        }
        check(bytes);
        if (QTest::currentTestFailed())
            QFAIL(bytes.constData());
    }
}

QTEST_GUILESS_MAIN(CodecDocumentsTest)
#include "codec_documents_test.moc"
