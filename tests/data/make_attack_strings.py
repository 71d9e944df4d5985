#!/usr/bin/env python3
"""Writes attack_strings.txt: the hostile strings the item-page tests put into every field.

Written for ModDesk: each payload tries to run script (it would set the page title to
"pwned") or to make the page fetch from the test's loopback bait server ({{BAIT}} is replaced by
its URL, e.g. http://127.0.0.1:PORT/). One string per line; \\n, \\t and \\u escapes are
decoded by the test. The base payloads are hand-written; the variants (upper case, entity and
percent encoding, whitespace inside tags and schemes) are generated from them below.

    python3 tests/data/make_attack_strings.py > tests/data/attack_strings.txt
"""

T = "document.title='pwned'"
B = "{{BAIT}}"

base = [
    # script elements
    f"<script>{T}</script>",
    f"<script src={B}s.js></script>",
    f"<script type=module>{T}</script>",
    f"<script>/*</script><script>*/{T}</script>",
    f"<scr<script>ipt>{T}</scr</script>ipt>",
    f"<script\x0c>{T}</script>",
    f"<SCRIPT SRC={B}upper.js></SCRIPT>",
    f"<script>fetch('{B}fetch')</script>",
    f"<script>new Image().src='{B}img'</script>",
    f"<script>location='{B}nav'</script>",
    f"<script>navigator.sendBeacon('{B}beacon')</script>",
    f"<script>import('{B}dyn.js')</script>",
    f"<script>window.open('{B}popup')</script>",
    # event handlers
    f"<img src=x onerror=\"{T}\">",
    f"<img src=x onerror={T}>",
    f"<img/src=x/onerror={T}>",
    f"<body onload=\"{T}\">",
    f"<svg onload=\"{T}\">",
    f"<svg/onload={T}>",
    f"<details open ontoggle=\"{T}\">x</details>",
    f"<input autofocus onfocus=\"{T}\">",
    f"<select autofocus onfocus=\"{T}\">",
    f"<textarea autofocus onfocus=\"{T}\"></textarea>",
    f"<marquee onstart=\"{T}\">x</marquee>",
    f"<video><source onerror=\"{T}\"></video>",
    f"<audio src=x onerror=\"{T}\">",
    f"<div onmouseover=\"{T}\" style=\"position:fixed;inset:0\">x</div>",
    f"<iframe onload=\"{T}\"></iframe>",
    f"<object onerror=\"{T}\"></object>",
    f"<style onload=\"{T}\"></style>",
    f"<link rel=stylesheet href={B}x.css onload=\"{T}\">",
    f"<form><button formaction=\"javascript:{T}\">x</button></form>",
    f"<isindex type=image src=1 onerror=\"{T}\">",
    f"<x onclick=\"{T}\" contenteditable autofocus>click</x>",
    f"<p onpointerenter=\"{T}\">hover</p>",
    # javascript:, data:, vbscript: URLs
    f"<a href=\"javascript:{T}\">click</a>",
    f"<a href=\"JaVaScRiPt:{T}\">click</a>",
    f"<a href=\" javascript:{T}\">click</a>",
    f"<a href=\"java\tscript:{T}\">click</a>",
    f"<a href=\"java\nscript:{T}\">click</a>",
    f"<a href=\"&#106;avascript:{T}\">click</a>",
    f"<a href=\"&#x6A;avascript:{T}\">click</a>",
    f"<a href=\"javascript&colon;{T}\">click</a>",
    f"<a href=\"javascript%3A{T}\">click</a>",
    f"<iframe src=\"javascript:{T}\"></iframe>",
    f"<a href=\"data:text/html,<script>{T}</script>\">x</a>",
    f"<iframe src=\"data:text/html,<script>parent.{T}</script>\"></iframe>",
    f"<img src=\"data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg' onload='{T}'/>\">",
    f"<object data=\"data:text/html;base64,PHNjcmlwdD5kb2N1bWVudC50aXRsZT0ncHduZWQnPC9zY3JpcHQ+\"></object>",
    f"<embed src=\"data:image/svg+xml,<svg onload='{T}'/>\">",
    "<a href=\"vbscript:msgbox('pwned')\">x</a>",
    "<img src=\"vbscript:msgbox('pwned')\">",
    "<a href=\"livescript:alert(1)\">x</a>",
    "<a href=\"mocha:alert(1)\">x</a>",
    "javascript:/*-/*`/*\\`/*'/*\"/**/(/* */oNcliCk=alert() )//%0D%0A%0d%0a//</stYle/</titLe/</teXtarEa/</scRipt/--!>\\x3csVg/<sVg/oNloAd=alert()//>\\x3e",
    # SVG and MathML
    f"<svg><script>{T}</script></svg>",
    f"<svg><script href={B}svg.js /></svg>",
    f"<svg><use href=\"{B}use.svg#x\"/></svg>",
    f"<svg><image href=\"{B}image.png\"/></svg>",
    f"<svg><a xlink:href=\"javascript:{T}\"><text y=20>x</text></a></svg>",
    f"<svg><animate onbegin=\"{T}\" attributeName=x dur=1s>",
    f"<svg><set attributeName=onload to=\"{T}\"/></svg>",
    f"<svg><foreignObject><iframe src=\"{B}fo\"></iframe></foreignObject></svg>",
    f"<svg><style>@import '{B}svg.css';</style></svg>",
    f"<svg><feImage href=\"{B}fe.png\"/></svg>",
    f"<math><mtext><table><mglyph><style><img src={B}m onerror=\"{T}\">",
    f"<math href=\"javascript:{T}\">x</math>",
    f"<math><maction actiontype=statusline xlink:href=\"javascript:{T}\">x</maction></math>",
    f"<math><mi xlink:href=\"data:x,<script>{T}</script>\">x</mi></math>",
    f"<math><annotation-xml encoding=\"text/html\"><img src=x onerror=\"{T}\"></annotation-xml></math>",
    # CSS: url(), @import, expressions
    f"<style>@import '{B}import.css';</style>",
    f"<style>@import url({B}import2.css);</style>",
    f"<style>body{{background:url('{B}bg.png')}}</style>",
    f"<style>@font-face{{font-family:x;src:url({B}font.woff)}}body{{font-family:x}}</style>",
    f"<div style=\"background-image:url({B}inline.png)\">x</div>",
    f"<div style=\"background:url(&#x27;{B}ent.png&#x27;)\">x</div>",
    "<div style=\"width:expression(alert(1))\">x</div>",
    "<div style=\"behavior:url(x.htc)\">x</div>",
    f"<div style=\"list-style:url({B}list.png)\"><li>x</li></div>",
    f"<style>*{{cursor:url({B}cursor.cur),auto}}</style>",
    f"<style>:root{{--x:url({B}var.png)}}body{{background:var(--x)}}</style>",
    f"<style>input[value^=a]{{background:url({B}leak)}}</style>",
    # refresh, base, forms, frames, objects, links
    f"<meta http-equiv=\"refresh\" content=\"0;url={B}refresh\">",
    f"<meta http-equiv=refresh content=\"0; URL=javascript:{T}\">",
    f"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src *\">",
    f"<meta http-equiv=\"set-cookie\" content=\"x=y\">",
    f"<meta name=referrer content=unsafe-url><img src={B}ref>",
    f"<base href=\"{B}\"><img src=rel.png>",
    f"<base href=\"javascript:/\"><a href=\"{T}\">x</a>",
    f"<form action=\"{B}form\"><input name=q value=x><button>go</button></form>",
    f"<form id=f action=\"{B}form2\"></form><button form=f>go</button>",
    f"<iframe src=\"{B}frame\"></iframe>",
    f"<iframe srcdoc=\"<script>parent.{T}</script>\"></iframe>",
    f"<iframe srcdoc=\"&lt;img src={B}srcdoc&gt;\"></iframe>",
    f"<frameset><frame src=\"{B}frameset\"></frameset>",
    f"<object data=\"{B}object\"></object>",
    f"<object type=text/html data=\"{B}object.html\"></object>",
    f"<embed src=\"{B}embed\">",
    f"<applet code=x archive=\"{B}applet.jar\"></applet>",
    f"<link rel=stylesheet href=\"{B}link.css\">",
    f"<link rel=import href=\"{B}import.html\">",
    f"<link rel=prefetch href=\"{B}prefetch\">",
    f"<link rel=preload href=\"{B}preload\" as=image>",
    f"<link rel=dns-prefetch href=\"{B}dns\">",
    f"<link rel=icon href=\"{B}favicon.ico\">",
    f"<link rel=manifest href=\"{B}manifest.json\">",
    f"<video poster=\"{B}poster.png\"></video>",
    f"<video src=\"{B}video.mp4\" autoplay></video>",
    f"<audio src=\"{B}audio.mp3\" autoplay></audio>",
    f"<audio><source src=\"{B}source.mp3\"></audio>",
    f"<video><track src=\"{B}track.vtt\"></video>",
    f"<img srcset=\"{B}srcset.png 1x\">",
    f"<picture><source srcset=\"{B}picture.png\"><img></picture>",
    f"<input type=image src=\"{B}input.png\">",
    f"<table background=\"{B}table.png\"><td>x</td></table>",
    f"<body background=\"{B}body.png\">",
    f"<a ping=\"{B}ping\" href=\"{B}a\">x</a>",
    f"<portal src=\"{B}portal\"></portal>",
    f"<img src=\"{B}lazy.png\" loading=lazy>",
    # mutation XSS and parser confusion
    f"<noscript><p title=\"</noscript><img src=x onerror={T}>\">",
    f"<template><script>{T}</script></template>",
    f"<select><template><style><img src=x onerror={T}></style></template></select>",
    f"<xmp></xmp><img src=x onerror={T}>",
    f"<textarea></textarea><img src=x onerror={T}>",
    f"<title></title><img src=x onerror={T}>",
    f"<style></style><img src=x onerror={T}>",
    f"<plaintext><img src=x onerror={T}>",
    f"<!--><img src=x onerror={T}>-->",
    f"<!-- --!><img src=x onerror={T}> -->",
    f"<![CDATA[><img src=x onerror={T}>]]>",
    f"<?xml-stylesheet href=\"{B}xsl\"?><img src=x onerror={T}>",
    f"<svg></p><style><a id=\"</style><img src=1 onerror={T}>\">",
    f"<form><math><mtext></form><form><mglyph><style></math><img src onerror={T}>",
    f"<table><a href=\"javascript:{T}\">x</a></table>",
    f"<a id=\"\"><img src=x onerror={T}>\">",
    f"<div id=\"x\"</div><img src=x onerror={T}>",
    f"<img \"\"\"><script>{T}</script>\">",
    f"<<script>{T}//<</script>",
    f"<img src=`x`onerror={T}>",
    f"<img src=x onerror\x0b={T}>",
    f"<img src=x onerror\x00={T}>",
    # breaking out of the page's own markup
    f"\"><script>{T}</script>",
    f"'><script>{T}</script>",
    f"</bdi><script>{T}</script>",
    f"</p></section><script>{T}</script>",
    f"</span><img src=x onerror={T}>",
    f"</style><script>{T}</script>",
    f"</title><script>{T}</script>",
    f"</textarea><script>{T}</script>",
    f"--><script>{T}</script>",
    f"]]><script>{T}</script>",
    f"\" onmouseover=\"{T}",
    f"' onmouseover='{T}",
    f"\" style=\"background:url({B}attr)",
    f"</head><body onload=\"{T}\">",
    f"</html><script>{T}</script>",
    # entity and encoding tricks that must stay text
    f"&lt;script&gt;{T}&lt;/script&gt;",
    f"&#60;script&#62;{T}&#60;/script&#62;",
    f"&#x3c;img src=x onerror={T}&#x3e;",
    f"%3Cscript%3E{T}%3C%2Fscript%3E",
    f"\\u003cscript\\u003e{T}\\u003c/script\\u003e",
    f"\\x3cscript\\x3e{T}\\x3c/script\\x3e",
    f"\uff1cscript\uff1e{T}\uff1c/script\uff1e",
    f"+ADw-script+AD4-{T}+ADw-/script+AD4-",
    f"<scr\u0130pt>{T}</scr\u0130pt>",
    f"<script>{T}</script>\u2028\u2029",
    # Trojan Source and look-alikes in markup
    f"<a href=\"{B}\u202ecod.exe\">invoice\u202etxt.exe</a>",
    f"\u202e<script>{T}</script>",
    f"<img src=x onerror=\"{T}\u200b\">",
    f"<scri\u200bpt>{T}</scri\u200bpt>",
    # other schemes, and the app's own scheme used against it
    f"<object data=\"javascript:{T}\"></object>",
    f"<embed src=\"javascript:{T}\">",
    "<iframe src=\"vbscript:msgbox('pwned')\"></iframe>",
    "<a href=\"intent://x#Intent;scheme=javascript;end\">x</a>",
    "<img src=\"file:///etc/hosts\">",
    "<a href=\"file:///etc/passwd\">x</a>",
    "<img src=\"ftp://127.0.0.1/x.png\">",
    f"<img src=\"blob:{B}blob\">",
    f"<img src=\"filesystem:{B}temporary/x\">",
    "<img src=\"item://app/../../etc/passwd\">",
    "<img src=\"item://evil.example/media/x\">",
    "<iframe src=\"item://app/page/1\"></iframe>",
    f"<html manifest=\"{B}m.appcache\">",
    # more script entry points
    f"<img src=x onerror=eval(atob('ZG9jdW1lbnQudGl0bGU9J3B3bmVkJw=='))>",
    f"<svg><discard onbegin=\"{T}\"/></svg>",
    f"<svg><a><animate attributeName=href values=\"javascript:{T}\"/><text y=20>x</text></a></svg>",
    f"<svg><title><![CDATA[</title><script>{T}</script>]]></title></svg>",
    f"<svg xmlns=\"http://www.w3.org/2000/svg\"><script xlink:href=\"data:,{T}\"/></svg>",
    f"<keygen autofocus onfocus=\"{T}\">",
    f"<div tabindex=1 autofocus onfocus=\"{T}\">x</div>",
    f"<img src=x onerror=setTimeout(\"{T}\")>",
    f"<body><img src=x onerror=Function(\"{T}\")()>",
]

# Variants: the same attempts, spelled the other ways browsers and filters disagree about.
variants = []
for p in base:
    if "<" in p and "{{BAIT}}" in p:
        variants.append(p.replace("src=", "SRC=").replace("href=", "HREF="))
    if "javascript:" in p:
        variants.append(p.replace("javascript:", "&#x6a;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3a;"))
        variants.append(p.replace("javascript:", "%6A%61%76%61%73%63%72%69%70%74%3A"))
    if "onerror=" in p:
        variants.append(p.replace("onerror=", "\tonerror\n="))
    if "<script>" in p:
        variants.append(p.replace("<script>", "<script\n>").replace("</script>", "</script\n>"))
    if "url(" in p:
        variants.append(p.replace("url(", "u\\rl("))

seen = set()
out = []
for p in base + variants:
    line = p.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t")
    line = "".join(c if (c.isprintable() or c in "\u202e\u200b\u2028\u2029") and c not in "\x00\x0b\x0c"
                   else "\\u%04x" % ord(c) for c in line)
    line = line.replace("\u202e", "\\u202e").replace("\u200b", "\\u200b").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    if line not in seen:
        seen.add(line)
        out.append(line)
print("# ModDesk item-page attack strings: see make_attack_strings.py. One per line.")
for line in out:
    print(line)
