#include "html_reducer.h"

#include "item_page.h" // escapedWithMarkers, linkDomain

#include <QStringList>

#include <gumbo.h>

using namespace Qt::StringLiterals;

namespace moddesk {
namespace {

using ui::escapedWithMarkers;
using ui::linkDomain;

// Elements deeper than this are flattened to their text: a post nested a thousand levels deep
// is an attack on the renderer, not formatting.
constexpr int kMaxDepth = 48;

enum class Kind {
    Transparent, // the element goes, its children stay (span, font, div inside a paragraph…)
    Inline,      // re-emitted as one of the app's inline tags
    Block,       // re-emitted as one of the app's block tags
    Paragraph,   // any block container: re-emitted as <p>
    Heading,     // <p><strong>…</strong></p>
    Break,       // <br>
    Rule,        // <hr>
    Link,        // children, then "[link to domain]"
    Image,       // "[image: alt, from domain]"
    Removed,     // "[name removed]", children dropped
    Dropped,     // nothing at all (head, title, meta inside head)
};

struct Rule {
    Kind kind;
    const char* tag = nullptr; // the app's tag for Inline and Block
};

Rule ruleFor(GumboTag tag)
{
    switch (tag) {
    case GUMBO_TAG_B:
    case GUMBO_TAG_STRONG:
        return {Kind::Inline, "strong"};
    case GUMBO_TAG_I:
    case GUMBO_TAG_EM:
    case GUMBO_TAG_CITE:
    case GUMBO_TAG_DFN:
    case GUMBO_TAG_VAR:
        return {Kind::Inline, "em"};
    case GUMBO_TAG_U:
    case GUMBO_TAG_INS:
        return {Kind::Inline, "u"};
    case GUMBO_TAG_S:
    case GUMBO_TAG_STRIKE:
    case GUMBO_TAG_DEL:
        return {Kind::Inline, "s"};
    case GUMBO_TAG_CODE:
    case GUMBO_TAG_KBD:
    case GUMBO_TAG_SAMP:
    case GUMBO_TAG_TT:
        return {Kind::Inline, "code"};
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_XMP:
    case GUMBO_TAG_PLAINTEXT:
        return {Kind::Block, "pre"};
    case GUMBO_TAG_BLOCKQUOTE:
        return {Kind::Block, "blockquote"};
    case GUMBO_TAG_UL:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_DIR:
        return {Kind::Block, "ul"};
    case GUMBO_TAG_OL:
        return {Kind::Block, "ol"};
    case GUMBO_TAG_LI:
        return {Kind::Block, "li"};
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_LEGEND:
        return {Kind::Paragraph};
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_HGROUP:
        return {Kind::Heading};
    case GUMBO_TAG_BR:
    case GUMBO_TAG_WBR:
        return {Kind::Break};
    case GUMBO_TAG_HR:
        return {Kind::Rule};
    case GUMBO_TAG_A:
    case GUMBO_TAG_AREA:
        return {Kind::Link};
    case GUMBO_TAG_IMG:
    case GUMBO_TAG_IMAGE:
        return {Kind::Image};
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
        return {Kind::Dropped};
    // Active, loading or interactive content: named, never shown.
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_FRAME:
    case GUMBO_TAG_FRAMESET:
    case GUMBO_TAG_NOFRAMES:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_APPLET:
    case GUMBO_TAG_PARAM:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_SOURCE:
    case GUMBO_TAG_TRACK:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_LINK:
    case GUMBO_TAG_META:
    case GUMBO_TAG_BASE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_OPTION:
    case GUMBO_TAG_OPTGROUP:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_KEYGEN:
    case GUMBO_TAG_DATALIST:
    case GUMBO_TAG_OUTPUT:
    case GUMBO_TAG_MAP:
    case GUMBO_TAG_BGSOUND:
    case GUMBO_TAG_MARQUEE:
    case GUMBO_TAG_BLINK:
    case GUMBO_TAG_ISINDEX:
    case GUMBO_TAG_MENUITEM:
        return {Kind::Removed};
    default: // span, font, small, sub, sup, mark, abbr, time, bdi, bdo, unknown and custom tags
        return {Kind::Transparent};
    }
}

QString utf8(const char* text, size_t length)
{
    return QString::fromUtf8(text, qsizetype(length));
}

QString tagName(const GumboNode* node)
{
    const GumboElement& e = node->v.element;
    if (e.tag != GUMBO_TAG_UNKNOWN)
        return QString::fromLatin1(gumbo_normalized_tagname(e.tag));
    GumboStringPiece original = e.original_tag;
    gumbo_tag_from_original_text(&original);
    // An unknown name is the author's text: only letters, digits and '-' survive, shortened.
    QString name;
    for (QChar c : utf8(original.data, original.length).left(32))
        if (c.isLetterOrNumber() || c == u'-')
            name += c.toLower();
    return name.isEmpty() ? u"element"_s : name;
}

const GumboAttribute* attribute(const GumboNode* node, const char* name)
{
    return gumbo_get_attribute(&node->v.element.attributes, name);
}

class Reducer {
public:
    explicit Reducer(HtmlReduction& out)
        : m_out(out)
    { }

    void node(const GumboNode* n, int depth)
    {
        switch (n->type) {
        case GUMBO_NODE_DOCUMENT:
            children(n, depth);
            return;
        case GUMBO_NODE_TEXT:
        case GUMBO_NODE_CDATA:
        case GUMBO_NODE_WHITESPACE:
            m_out.html += escapedWithMarkers(utf8(n->v.text.text, strlen(n->v.text.text)));
            return;
        case GUMBO_NODE_COMMENT:
            return; // never shown: comments are where hidden payloads live
        case GUMBO_NODE_ELEMENT:
        case GUMBO_NODE_TEMPLATE:
            element(n, depth);
            return;
        }
    }

private:
    void children(const GumboNode* n, int depth)
    {
        const GumboVector& list =
            n->type == GUMBO_NODE_DOCUMENT ? n->v.document.children : n->v.element.children;
        for (unsigned i = 0; i < list.length; ++i)
            node(static_cast<const GumboNode*>(list.data[i]), depth + 1);
    }

    // Past kMaxDepth: the text only, collected without recursion.
    void flatText(const GumboNode* root)
    {
        std::vector<const GumboNode*> stack{root};
        while (!stack.empty()) {
            const GumboNode* n = stack.back();
            stack.pop_back();
            if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
                n->type == GUMBO_NODE_CDATA) {
                m_out.html += escapedWithMarkers(utf8(n->v.text.text, strlen(n->v.text.text)));
            } else if (n->type == GUMBO_NODE_ELEMENT) {
                m_out.attributesDropped += int(n->v.element.attributes.length);
                if (ruleFor(n->v.element.tag).kind == Kind::Removed) {
                    removed(n);
                    continue;
                }
                const GumboVector& list = n->v.element.children;
                for (unsigned i = list.length; i > 0; --i)
                    stack.push_back(static_cast<const GumboNode*>(list.data[i - 1]));
            }
        }
    }

    void removed(const GumboNode* n)
    {
        const QString name = tagName(n);
        ++m_out.removed[name];
        m_out.html += u"<span class=\"removed\">[" + name + u" removed]</span>";
    }

    void element(const GumboNode* n, int depth)
    {
        const GumboElement& e = n->v.element;
        m_out.attributesDropped += int(e.attributes.length);
        // Only HTML elements keep their meaning; in SVG or MathML a <script> or <a> is still
        // foreign: anything from those namespaces that got this far is removed with its root.
        if (e.tag_namespace != GUMBO_NAMESPACE_HTML) {
            removed(n);
            return;
        }
        if (depth > kMaxDepth) {
            flatText(n);
            return;
        }
        const Rule rule = ruleFor(e.tag);
        switch (rule.kind) {
        case Kind::Transparent:
            children(n, depth);
            return;
        case Kind::Inline:
        case Kind::Block:
            m_out.html += u'<' + QLatin1StringView(rule.tag) + u'>';
            children(n, depth);
            m_out.html += u"</" + QLatin1StringView(rule.tag) + u'>';
            return;
        case Kind::Paragraph:
            m_out.html += u"<p>"_s;
            children(n, depth);
            m_out.html += u"</p>"_s;
            return;
        case Kind::Heading:
            m_out.html += u"<p><strong>"_s;
            children(n, depth);
            m_out.html += u"</strong></p>"_s;
            return;
        case Kind::Break:
            m_out.html += u"<br>"_s;
            return;
        case Kind::Rule:
            m_out.html += u"<hr>"_s;
            return;
        case Kind::Link: {
            children(n, depth);
            const GumboAttribute* href = attribute(n, "href");
            const QString target = href ? QString::fromUtf8(href->value) : QString();
            const QString domain = linkDomain(target);
            m_out.html += u"<span class=\"removed\">[link"_s +
                          (domain.isEmpty() ? QString() : u" to "_s + escapedWithMarkers(domain)) +
                          u"]</span>"_s;
            ++m_out.removed[u"a"_s];
            return;
        }
        case Kind::Image: {
            const GumboAttribute* alt = attribute(n, "alt");
            const GumboAttribute* src = attribute(n, "src");
            const QString domain = src ? linkDomain(QString::fromUtf8(src->value)) : QString();
            QString text = u"[image"_s;
            if (alt && *alt->value)
                text += u": "_s + escapedWithMarkers(QString::fromUtf8(alt->value).left(200));
            if (!domain.isEmpty())
                text += u", from "_s + escapedWithMarkers(domain);
            m_out.html += u"<span class=\"removed\">"_s + text + u", not loaded]</span>"_s;
            ++m_out.removed[u"img"_s];
            return;
        }
        case Kind::Removed:
            removed(n);
            return;
        case Kind::Dropped:
            return;
        }
    }

    HtmlReduction& m_out;
};

} // namespace

QString HtmlReduction::summary() const
{
    QStringList parts;
    for (auto it = removed.begin(); it != removed.end(); ++it)
        parts.append(QString::number(it.value()) + u' ' + it.key());
    QString text = parts.isEmpty() ? QString() : u"removed "_s + parts.join(u", ");
    if (attributesDropped > 0)
        text += (text.isEmpty() ? QString() : u"; "_s) + QString::number(attributesDropped) +
                u" attributes dropped"_s;
    return text;
}

HtmlReduction reduceHtml(QStringView html)
{
    HtmlReduction out;
    if (html.size() > kMaxReducedHtmlChars) {
        out.shownAsText = true;
        out.html = u"<pre>"_s + escapedWithMarkers(html) + u"</pre>"_s;
        return out;
    }
    const QByteArray bytes = html.toUtf8();
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0; // parse errors are not collected: the tree is all that is used
    GumboOutput* parsed =
        gumbo_parse_with_options(&options, bytes.constData(), size_t(bytes.size()));
    if (!parsed) {
        out.shownAsText = true;
        out.html = u"<pre>"_s + escapedWithMarkers(html) + u"</pre>"_s;
        return out;
    }
    // The document's <body> (gumbo always builds html/head/body): the post's content.
    Reducer reducer(out);
    const GumboNode* root = parsed->root;
    const GumboVector& top = root->v.element.children;
    for (unsigned i = 0; i < top.length; ++i) {
        const auto* child = static_cast<const GumboNode*>(top.data[i]);
        if (child->type == GUMBO_NODE_ELEMENT && child->v.element.tag == GUMBO_TAG_HEAD) {
            // Whatever an author put in <head> is not the post; name what was there.
            const GumboVector& head = child->v.element.children;
            for (unsigned h = 0; h < head.length; ++h) {
                const auto* e = static_cast<const GumboNode*>(head.data[h]);
                if (e->type == GUMBO_NODE_ELEMENT && e->v.element.tag != GUMBO_TAG_TITLE)
                    reducer.node(e, 1);
            }
            continue;
        }
        reducer.node(child, 1);
    }
    gumbo_destroy_output(&options, parsed);
    return out;
}

} // namespace moddesk
