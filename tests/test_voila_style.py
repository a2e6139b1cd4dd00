"""Voila's styles as a stylesheet (page/voila_style.py), in-process: no server, no browser.

The reader on a small hand-written bundle of webpack's shape (imports, repeats, url()s of both kinds, JavaScript
escapes), then on Voila's real voila-style.js: how many modules and rules it finds, that the result parses as CSS
(tinycss2) with every bracket closed, and that it links nothing outside the machine. tests/test_browser.py compares
it rule by rule with what voila-style.js injects in Chromium.
"""

from __future__ import annotations

from importlib.metadata import version
from pathlib import Path

import pytest
import tinycss2
from probation_briefing.page import voila_style
from probation_briefing.page.js_tokens import tokenize
from probation_briefing.page.voila_style import ExtractionError, extract

# Two css-loader modules (12 imported by 11), a file asset and a data: asset, the css-loader helpers, and an entry that
# injects 12 and then 11 (whose list repeats 12: style-loader adds it once). Written as webpack 5 writes them.
MINI = r"""(()=>{"use strict";var e={
12:(e,n,o)=>{o.d(n,{A:()=>c});var t=o(90),a=o.n(t),r=o(91),f=o.n(r)()(a());f.push([e.id,".b{color:red}\n.q::before{content:\"\\201C\"}",""]);const c=f},
11:(e,n,o)=>{o.d(n,{A:()=>l});var t=o(90),a=o.n(t),r=o(91),f=o.n(r),c=o(12),s=o(92),i=o.n(s),d=new URL(o(80),o.b),b=new URL(o(81),o.b),p=f()(a()),u=i()(d),m=i()(d,{hash:"?#iefix"}),h=i()(b);p.i(c.A),p.push([e.id,`@font-face{src:url(${u});src:url(${m})}\n.a{background:url(${h})}/* a \${not} \` */`,""]);const l=p},
80:(e,n,o)=>{e.exports=o.p+"abc.woff"},
81:e=>{e.exports="data:image/svg+xml,%3csvg xmlns='http://www.w3.org/2000/svg'%3e%3c/svg%3e"},
90:e=>{e.exports=function(e){return e[1]}},
91:e=>{e.exports=function(e){var n=[];return n.i=function(e){n.push(e)},n}},
92:e=>{e.exports=function(e,n){return/["'() \t\n]|(%20)/.test(e)?'"'+e+'"':e}}
},n={};function o(t){var a=n[t];if(void 0!==a)return a.exports;var r=n[t]={id:t,exports:{}};return e[t](r,r.exports,o),r.exports}
o.n=e=>{var n=()=>e;return n},o.p="/static/",o.b=document.baseURI;var t=o(99),a=o.n(t),c=o(98),i=o.n(c),
r=o(12),g={};g.insert=i().bind(null,"head"),a()(r.A,g);var u=o(11),v={};v.insert=i().bind(null,"head"),a()(u.A,v)})();
"""


def test_a_small_bundle_is_read_as_style_loader_injects_it() -> None:
    sheet = extract(MINI)
    assert [m.module for m in sheet.modules] == ["12", "11"]  # 11's copy of 12 is not added twice
    assert sheet.modules[0].css == '.b{color:red}\n.q::before{content:"\\201C"}'
    assert sheet.modules[1].css == (
        "@font-face{src:url(abc.woff);src:url(abc.woff?#iefix)}\n"
        ".a{background:url(\"data:image/svg+xml,%3csvg xmlns='http://www.w3.org/2000/svg'%3e%3c/svg%3e\")}/* a ${not} ` */"
    )
    assert sheet.files == ("abc.woff",)
    assert sheet.css == sheet.modules[0].css + "\n" + sheet.modules[1].css + "\n"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("p.i(c.A)", 'p.i(c.A,"screen")', "cannot read"),  # an import with a media query
        ('o.p+"abc.woff"', "o.p", "not an asset"),  # an asset module of another kind
        ('g.insert=i().bind(null,"head")', 'g.insert=i().bind(null,"body")', "insert into <head>"),
        ('`,""]);const l=p', '`,"print"]);const l=p', "no media"),  # a media query on an entry
        (".b{color:red}", ".b{color:red", "block left open"),  # a module's CSS that would run into the next one
        ("/* a", "/* a */ @import url(x.css); /*", "@import"),
    ],
)
def test_anything_of_another_shape_stops_the_extraction(old: str, new: str, message: str) -> None:
    assert old in MINI
    with pytest.raises(ExtractionError, match=message):
        extract(MINI.replace(old, new, 1))


def test_tokenizer_decodes_javascript_strings_and_tells_regexes_from_division() -> None:
    toks = tokenize(
        r"""x=a/b/c;y=/[/"]+/g.test("\x41\u00e9\u{1F600}\uD83D\uDE00\
z\'\\\0");t=`l1${`in${1}`}\r\n"""
        + "\r\n`"
    )  # an escaped CR LF stays, a written one reads as LF
    texts = [t.text for t in toks]
    assert texts[:6] == ["x", "=", "a", "/", "b", "/"]
    assert '/[/"]+/g' in texts
    assert "Aé😀😀z'\\\0" in texts
    tpl = next(t for t in toks if t.kind == "tpl")
    assert tpl.parts == ("l1", "\r\n\n") and tpl.exprs[0][0].parts == ("in", "")


def test_voila_style_js_is_read_whole() -> None:
    """Voila 0.5.13's bundle: 63 <style> elements (3,000-odd rules), fonts linked from Voila's static folder by name."""
    bundle = voila_style.bundle_path()
    sheet = extract(bundle.read_text(encoding="utf-8"))
    rules = tinycss2.parse_stylesheet(sheet.css, skip_comments=True, skip_whitespace=True)
    errors = [r for r in rules if r.type == "error"]
    assert errors == []
    if version("voila") == "0.5.13":  # requirements.txt pins it; another version has other counts
        assert (len(sheet.modules), len(rules), len(sheet.files)) == (63, 2956, 37)
    assert len(sheet.modules) >= 50 and len(rules) >= 2500
    for name in ("jp-OutputArea-output", "lm-Widget", "Font Awesome 5 Free", "div#rendered_cells"):
        assert name in sheet.css
    # every bracket closed, outside comments and strings: tinycss2 read each block to its end
    assert all(r.type in ("qualified-rule", "at-rule") for r in rules)
    assert sheet.css.count("{") == sheet.css.count("}")
    urls = list(_urls(rules))
    assert len(urls) > 100
    files = [u for u in urls if not u.startswith("data:")]
    assert files and all("/" not in u and ":" not in u for u in files), files  # no host, no path: beside the sheet
    assert {u.split("?")[0].split("#")[0] for u in files} == set(sheet.files)
    assert all((bundle.parent / f).is_file() for f in sheet.files)


def _urls(tokens: list) -> list[str]:
    """Every url() in parsed CSS, as written."""
    out: list[str] = []
    for t in tokens:
        if t.type == "url":
            out.append(t.value)
        elif t.type == "function" and t.lower_name == "url":
            out += [a.value for a in t.arguments if a.type == "string"]
        for part in ("prelude", "content", "arguments"):
            inner = getattr(t, part, None)
            if isinstance(inner, list):
                out += _urls(inner)
    return out


def test_the_file_is_named_by_what_goes_into_it_and_replaces_older_ones(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "voila-style-0.5.12-0123456789ab.css"
    stale.write_text("old")
    path = voila_style.write_stylesheet(tmp_path)
    assert path.name == voila_style.stylesheet_name() and path.name.startswith(f"voila-style-{version('voila')}-")
    assert not stale.exists()
    text = path.read_text(encoding="utf-8")
    assert text.startswith("/* Generated by probation_briefing.page.voila_style") and "jp-OutputArea" in text
    mtime = path.stat().st_mtime_ns
    assert voila_style.write_stylesheet(tmp_path) == path and path.stat().st_mtime_ns == mtime  # not rewritten
    bundle = tmp_path / "voila-style.js"
    bundle.write_bytes(voila_style.bundle_path().read_bytes() + b"\n")
    monkeypatch.setattr(voila_style, "bundle_path", lambda: bundle)
    assert voila_style.stylesheet_name() != path.name


def test_without_the_file_the_page_config_names_no_stylesheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Setup did not write it (or could not): the pages keep voila-style.js (the template runs it without pbStyleUrl)."""
    from probation_briefing.server import pages

    monkeypatch.setattr(voila_style, "template_static_dir", lambda: tmp_path)
    pages._template_static.cache_clear()
    try:
        assert "pbStyleUrl" not in pages.briefing_page_config({}, "/")
        voila_style.write_stylesheet(tmp_path)
        pages._template_static.cache_clear()
        url = pages.briefing_page_config({}, "/user/ann/")["pbStyleUrl"]
        assert url == f"/user/ann/voila/templates/probation/static/{voila_style.stylesheet_name()}"
    finally:
        pages._template_static.cache_clear()
