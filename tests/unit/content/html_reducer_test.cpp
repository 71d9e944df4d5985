// Protects: HTML in an item (forum posts, rich messages) reaches the page only as the app's own
// inert markup: formatting kept, scripts, frames, forms, SVG and MathML named and dropped,
// every attribute gone, links and images as text, and every one of the attack corpus's strings
// re-parsed by a real HTML5 parser finds nothing but the allow-list.
#include "html_reducer.h"

#include <QFile>
#include <QSet>
#include <QTest>

#include <gumbo.h>

using namespace Qt::StringLiterals;
using namespace moddesk;

namespace {

// What the reducer may emit: its tags, and on its spans the class (and the markers' title).
const QSet<QString> kAllowedTags{
    u"html"_s, u"head"_s, u"body"_s,       u"p"_s,  u"br"_s, u"strong"_s, u"em"_s, u"u"_s,   u"s"_s,
    u"code"_s, u"pre"_s,  u"blockquote"_s, u"ul"_s, u"ol"_s, u"li"_s,     u"hr"_s, u"span"_s};

// Every element and attribute of `html` as a browser's parser sees it, outside the allow-list.
QStringList violations(const QString& html)
{
    const QByteArray bytes = html.toUtf8();
    GumboOutput* out =
        gumbo_parse_with_options(&kGumboDefaultOptions, bytes.constData(), size_t(bytes.size()));
    QStringList found;
    std::vector<const GumboNode*> stack{out->root};
    while (!stack.empty()) {
        const GumboNode* n = stack.back();
        stack.pop_back();
        if (n->type != GUMBO_NODE_ELEMENT)
            continue;
        const GumboElement& e = n->v.element;
        const QString tag = QString::fromLatin1(gumbo_normalized_tagname(e.tag));
        if (e.tag_namespace != GUMBO_NAMESPACE_HTML || !kAllowedTags.contains(tag))
            found.append(u"element "_s + (tag.isEmpty() ? u"(unknown)"_s : tag));
        for (unsigned i = 0; i < e.attributes.length; ++i) {
            const auto* a = static_cast<const GumboAttribute*>(e.attributes.data[i]);
            const QString name = QString::fromUtf8(a->name);
            const QString value = QString::fromUtf8(a->value);
            const bool ours = tag == u"span" &&
                              ((name == u"class" && (value == u"mark" || value == u"removed")) ||
                               name == u"title");
            if (!ours)
                found.append(u"attribute "_s + name + u"=\""_s + value.left(40) + u'"');
        }
        for (unsigned i = 0; i < e.children.length; ++i)
            stack.push_back(static_cast<const GumboNode*>(e.children.data[i]));
    }
    gumbo_destroy_output(&kGumboDefaultOptions, out);
    return found;
}

} // namespace

class HtmlReducerTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void keepsFormatting()
    {
        const HtmlReduction r = reduceHtml(
            u"<p>Hello <b>bold</b> and <i>slanted</i></p><ul><li>one</li><li>two</li></ul>"
            "<blockquote>quoted</blockquote><h1>Title</h1><pre>  code </pre>"_s);
        QCOMPARE(r.html, u"<p>Hello <strong>bold</strong> and <em>slanted</em></p><ul><li>one"
                         "</li><li>two</li></ul><blockquote>quoted</blockquote><p><strong>Title"
                         "</strong></p><pre>  code </pre>"_s);
        QVERIFY(r.removed.isEmpty());
        QCOMPARE(r.summary(), QString());
    }

    void namesAndDropsActiveContent()
    {
        const HtmlReduction r = reduceHtml(
            u"<p>before</p><script>steal()</script><iframe src=\"https://x.example/\">inner"
            "</iframe><style>p{color:red}</style><form><input value=secret></form>after"_s);
        QVERIFY(!r.html.contains(u"steal"_s));
        QVERIFY(!r.html.contains(u"secret"_s));
        QVERIFY(!r.html.contains(u"color:red"_s));
        QVERIFY(r.html.contains(u"<span class=\"removed\">[script removed]</span>"_s));
        QVERIFY(r.html.contains(u"[iframe removed]"_s));
        QVERIFY(r.html.contains(u"[form removed]"_s));
        QVERIFY(r.html.contains(u"<p>before</p>"_s));
        QVERIFY(r.html.endsWith(u"after"_s));
        QCOMPARE(r.removed.value(u"script"_s), 1);
        QVERIFY(r.summary().startsWith(u"removed "_s));
    }

    void dropsEveryAttribute()
    {
        const HtmlReduction r = reduceHtml(
            u"<p onclick=\"x()\" style=\"position:fixed\" class=\"mark\" dir=\"rtl\">t</p>"_s);
        QCOMPARE(r.html, u"<p>t</p>"_s);
        QCOMPARE(r.attributesDropped, 4);
        QVERIFY(r.summary().contains(u"4 attributes dropped"_s));
    }

    void linksAndImagesBecomeText()
    {
        const HtmlReduction r = reduceHtml(u"<a href=\"https://evil.example/path\">click here</a> "
                                           "<img src=\"https://cdn.example/a.png\" alt=\"a flag\"> "
                                           "<a href=\"javascript:alert(1)\">js</a>"_s);
        QCOMPARE(r.html, u"click here<span class=\"removed\">[link to evil.example]</span> "
                         "<span class=\"removed\">[image: a flag, from cdn.example, not loaded]"
                         "</span> js<span class=\"removed\">[link]</span>"_s);
    }

    void foreignContentGoesWhole()
    {
        const HtmlReduction r = reduceHtml(
            u"<svg><a href=\"javascript:x\"><text>svg text</text></a></svg><math><mi>m</mi>"
            "</math>"_s);
        QVERIFY(!r.html.contains(u"svg text"_s));
        QVERIFY(r.html.contains(u"[svg removed]"_s));
        QVERIFY(r.html.contains(u"[math removed]"_s));
    }

    void textStaysText()
    {
        const HtmlReduction r =
            reduceHtml(u"&lt;script&gt;alert(1)&lt;/script&gt; a\u202Eb c\u200Bd"_s);
        QVERIFY(r.html.startsWith(u"&lt;script&gt;alert(1)&lt;/script&gt;"_s));
        QVERIFY(r.html.contains(u"\u27EARLO\u27EB"_s));
        QVERIFY(r.html.contains(u"\u27EAZWSP\u27EB"_s));
        QVERIFY(!r.html.contains(QChar(0x202E)));
    }

    void deepNestingIsFlattened()
    {
        QString html;
        for (int i = 0; i < 5000; ++i)
            html += u"<div><b>"_s;
        html += u"deep text"_s;
        const HtmlReduction r = reduceHtml(html);
        QVERIFY(r.html.contains(u"deep text"_s));
        QVERIFY(r.html.count(u"<p>"_s) < 60);
        QVERIFY(violations(r.html).isEmpty());
    }

    void overlongIsShownAsSource()
    {
        const QString html = u"<b>x</b>"_s.repeated(int(kMaxReducedHtmlChars / 8) + 10);
        const HtmlReduction r = reduceHtml(html);
        QVERIFY(r.shownAsText);
        QVERIFY(r.html.startsWith(u"<pre>&lt;b&gt;x"_s));
    }

    // The whole attack corpus, as the body of a post: nothing outside the allow-list.
    void attackCorpusLeavesNothingActive()
    {
        QFile file(QStringLiteral(MODDESK_ATTACK_STRINGS));
        QVERIFY(file.open(QIODevice::ReadOnly));
        int checked = 0;
        for (const QByteArray& raw : file.readAll().split('\n')) {
            if (raw.isEmpty() || raw.startsWith('#'))
                continue;
            QString attack = QString::fromUtf8(raw)
                                 .replace(u"{{BAIT}}"_s, u"http://127.0.0.1:9/"_s)
                                 .replace(u"\\n"_s, u"\n"_s)
                                 .replace(u"\\t"_s, u"\t"_s);
            const HtmlReduction r = reduceHtml(attack);
            const QStringList bad = violations(r.html);
            QVERIFY2(bad.isEmpty(), qPrintable(attack + u" → "_s + bad.join(u"; ")));
            QVERIFY2(!r.html.contains(u"<script"_s, Qt::CaseInsensitive), qPrintable(attack));
            ++checked;
        }
        QVERIFY(checked >= 300);
    }
};

QTEST_GUILESS_MAIN(HtmlReducerTest)
#include "html_reducer_test.moc"
