"""Voila's styles as a plain stylesheet: the CSS that Voila's ``voila-style.js`` adds to a page, written out once.

``voila-style.js`` (Voila 0.5) is a webpack bundle (343 kB) whose only job is to add JupyterLab's styles to the page
as ``<style>`` elements when it runs (63 in Voila 0.5.13). As a script in the page's head it holds up the first paint.
This module reads the bundle with Python alone (a small JavaScript tokenizer, :mod:`.js_tokens`; no Node) and writes
the same CSS, in the same order, as one stylesheet the ``probation`` template links instead (``server.pages`` puts its
address in the page config; without the file the template keeps ``voila-style.js``).

What is read, and how exactly: webpack's module table; each css-loader module's ``.push([module.id, "css", ...])``
(its string or template literal decoded as JavaScript does) and ``.i(other.A)`` imports; the ``url()``s its template
literals fill in from asset modules (font and image files, which stay in Voila's static folder beside the bundle and
are linked by file name, or ``data:`` addresses, written in); and the entry's order of injection, repeats dropped as
style-loader drops them. Anything of another shape (media or layer arguments, other kinds of module) stops the
extraction with an error rather than guess, and each module's CSS must end closed (no open comment, string or
block), so joining them into one file changes nothing. The browser test compares the result rule by rule with what
the bundle injects.

    python -m probation_briefing.page.voila_style [folder]   # write it (make setup runs this)

>>> sheet = extract(bundle_path().read_text(encoding="utf-8"))
>>> len(sheet.modules) >= 60, sheet.css.count("{") == sheet.css.count("}"), "jp-OutputArea-output" in sheet.css
(True, True, True)
>>> stylesheet_name().startswith("voila-style-") and stylesheet_name().endswith(".css")
True
"""

from __future__ import annotations

import functools
import hashlib
import re
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from jupyter_core.paths import jupyter_path

from . import js_tokens as js
from .voila_template import TEMPLATE, template_static_dir, write_static

BUNDLE = "voila-style.js"
PREFIX = "voila-style-"


class ExtractionError(ValueError):
    """The bundle is not of the shape this module reads: nothing is written, and the template keeps ``voila-style.js``
    (``make setup`` warns and goes on; the tests fail)."""


# ---- reading the webpack bundle --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Module:
    """One webpack module: its id, parameter names (module, exports, require) and body tokens."""

    id: str
    params: tuple[str, ...]
    body: tuple[js.Tok, ...]


def _modules(toks: list[js.Tok]) -> tuple[dict[str, Module], list[js.Tok]]:
    """The module table (``var e={1234:(e,n,o)=>{...},...}``) and the tokens after it (webpack's runtime and entry)."""
    for i in range(len(toks) - 5):
        if (
            [t.text for t in toks[i : i + 4]] == ["var", toks[i + 1].text, "=", "{"]
            and toks[i + 4].kind == "num"
            and toks[i + 5].text == ":"
        ):
            start = i + 3
            break
    else:
        raise ExtractionError("no webpack module table found")
    end = js.close(toks, start)
    table: dict[str, Module] = {}
    for piece in js.pieces(toks[start + 1 : end]):
        if len(piece) < 3 or piece[0].kind != "num" or piece[1].text != ":":
            raise ExtractionError(f"unexpected entry in the module table: {js.shape(piece)[:60]}")
        fn = piece[2:]
        if fn[0].text == "function":
            fn = fn[1:]
        params: tuple[str, ...]
        if fn[0].kind == "id":  # e=>{...}
            params, rest = (fn[0].text,), fn[1:]
        elif fn[0].text == "(":
            j = js.close(fn, 0)
            params, rest = tuple(t.text for t in fn[1:j] if t.kind == "id"), fn[j + 1 :]
        else:
            raise ExtractionError(f"module {piece[0].text} is not a function")
        if rest and rest[0].text == "=>":
            rest = rest[1:]
        if not rest or rest[0].text != "{" or js.close(rest, 0) != len(rest) - 1:
            raise ExtractionError(f"module {piece[0].text} has no function body")
        table[piece[0].text] = Module(piece[0].text, params, tuple(rest[1:-1]))
    depth, stop = 0, end + 1  # the rest of the function around the table (webpack's runtime, then the entry)
    while stop < len(toks) and depth >= 0:
        if toks[stop].kind == "punct" and toks[stop].text in "([{)]}":
            depth += 1 if toks[stop].text in "([{" else -1
        stop += 1
    return table, toks[end + 1 : stop - 1 if depth < 0 else stop]


@dataclass(frozen=True)
class Item:
    """One entry of a css-loader module's list: what style-loader puts in one ``<style>`` element."""

    module: str
    css: str


@dataclass(frozen=True)
class Sheet:
    """The CSS the bundle injects, in order, one :class:`Item` per ``<style>`` element, and the files it links."""

    modules: tuple[Item, ...]
    files: tuple[str, ...]

    @property
    def css(self) -> str:
        return "\n".join(item.css for item in self.modules) + "\n"


class _Bundle:
    def __init__(self, src: str) -> None:
        self.table, self.rest = _modules(js.tokenize(src))
        self.lists: dict[str, list[Item]] = {}
        self.files: list[str] = []

    def asset(self, mid: str) -> str:
        """What ``new URL(require(mid), base)`` gives: a file beside the bundle (by name) or a ``data:`` address."""
        mod = self.table.get(mid)
        if mod is None:
            raise ExtractionError(f"asset module {mid} is missing")
        pieces = js.pieces(mod.body)
        shape = js.shape(pieces[0]) if len(pieces) == 1 else ""
        if shape == "I.exports=I.p+S" and pieces[0][-1].kind == "str":
            name = pieces[0][-1].text
            if not re.fullmatch(r"[\w.-]+", name):
                raise ExtractionError(f"asset module {mid}: unexpected file name {name!r}")
            self.files.append(name)
            return name
        if shape == "I.exports=S" and pieces[0][-1].text.startswith("data:"):
            return _data_url(pieces[0][-1].text, mid)
        raise ExtractionError(f"module {mid} is not an asset of a known kind")

    def css_list(self, mid: str) -> list[Item]:
        """The list a css-loader module exports (imports first, as css-loader's ``.i`` puts them)."""
        if mid in self.lists:
            return self.lists[mid]
        mod = self.table.get(mid)
        if mod is None or len(mod.params) != 3:
            raise ExtractionError(f"module {mid} is not a css-loader module")
        _, _, req = mod.params
        refs: dict[str, str] = {}  # variable -> required module id
        urls: dict[str, str] = {}  # variable -> url() text
        lists: dict[str, list[Item]] = {}
        export = None
        for piece in js.pieces(mod.body):
            shape, texts = js.shape(piece), [t.text for t in piece]
            if shape == "I.d(I,{A:()=>I})" and texts[0] == req:
                export = texts[-3]
            elif shape == "I=I(N)" and texts[2] == req:
                refs[texts[0]] = texts[4]
            elif shape == "I=I.n(I)" and texts[2] == req:
                refs[texts[0]] = refs.get(texts[6], "")
            elif shape in ("I=I.n(I)()(I())", "I=I()(I())"):
                lists[texts[0]] = []
            elif shape == "I=newURL(I(N),I.b)" and texts[5] == req:
                urls[texts[0]] = self.asset(texts[7])
            elif shape.startswith("I=I()(I") and texts[6] in urls:
                urls[texts[0]] = _get_url(urls[texts[6]], piece[7:-1], mid)
            elif shape == "I.i(I.A)" and texts[0] in lists and texts[4] in refs:
                lists[texts[0]].extend(self.css_list(refs[texts[4]]))
            elif shape.startswith("I.push([I.id,") and texts[0] in lists:
                lists[texts[0]].append(self._item(mid, piece, urls))
            elif shape == "I=I" and texts[2] in lists:
                lists[texts[0]] = lists[texts[2]]
            else:
                raise ExtractionError(f"module {mid}: cannot read {shape[:80]!r}")
        if export is None or export not in lists:
            raise ExtractionError(f"module {mid} exports no css-loader list")
        self.lists[mid] = lists[export]
        return lists[export]

    def _item(self, mid: str, piece: list[js.Tok], urls: dict[str, str]) -> Item:
        """``list.push([module.id, css, ""])``: the CSS, its template's ``${url}``s filled in."""
        args = js.pieces(piece[5:-2])  # inside .push([ ... ])
        if len(args) != 3 or len(args[1]) != 1 or js.shape(args[2]) != "S" or args[2][0].text:
            raise ExtractionError(f'module {mid}: only [id, css, ""] entries are read (no media, source map or layer)')
        tok = args[1][0]
        if tok.kind == "str":
            return Item(mid, tok.text)
        if tok.kind != "tpl":
            raise ExtractionError(f"module {mid}: the CSS is not a string")
        out = [tok.parts[0]]
        for expr, text in zip(tok.exprs, tok.parts[1:], strict=True):
            if len(expr) != 1 or expr[0].text not in urls:
                raise ExtractionError(f"module {mid}: a ${{...}} in the CSS is not an address")
            out += [urls[expr[0].text], text]
        return Item(mid, "".join(out))

    def injected(self) -> Sheet:
        """The entry's injections in order (``inject(list, options)``), each module's CSS once, as style-loader adds them."""
        refs: dict[str, str] = {}
        order: list[str] = []
        inserts: list[str] = []
        for piece in js.pieces(self.rest):
            shape, texts = js.shape(piece), [t.text for t in piece]
            if shape == "I=I(N)":
                refs[texts[0]] = texts[4]
            elif shape == "I()(I.A,I)" and texts[4] in refs:
                order.append(refs[texts[4]])
            elif shape.startswith("I.insert="):
                inserts.append(shape + texts[-2])
        if not order:
            raise ExtractionError("the bundle injects no styles")
        if inserts != ["I.insert=I().bind(null,S)head"] * len(order):
            raise ExtractionError("style-loader's options are not the ones read (insert into <head>)")
        seen: dict[tuple[str, int], int] = {}
        out: list[Item] = []
        for mid in order:
            counts: dict[str, int] = {}
            for item in self.css_list(mid):
                key = (item.module, counts.get(item.module, 0))
                counts[item.module] = key[1] + 1
                if key in seen:  # already in the page: style-loader updates that element (a no-op for the same CSS)
                    out[seen[key]] = item
                    continue
                seen[key] = len(out)
                out.append(item)
        for item in out:
            _check_closed(item)
        return Sheet(tuple(out), tuple(dict.fromkeys(self.files)))


def _data_url(text: str, mid: str) -> str:
    """A ``data:`` address as ``new URL(...)`` writes it: outer spaces and tabs/newlines dropped, other bytes escaped."""
    text = re.sub("[\t\n\r]", "", text).strip("".join(map(chr, range(0x21))))
    if "?" in text or "#" in text:
        raise ExtractionError(f"asset module {mid}: a data: address with ? or # is not read")
    return "".join(c if 0x20 <= ord(c) <= 0x7E else "".join(f"%{b:02X}" for b in c.encode("utf-8")) for c in text)


def _get_url(url: str, options: list[js.Tok], mid: str) -> str:
    """css-loader's ``getUrl(url, {hash, needQuotes})``: the address with its hash, quoted where it must be."""
    opts: dict[str, str | bool] = {}
    if options:
        if options[0].text != "," or options[1].text != "{" or js.close(options, 1) != len(options) - 1:
            raise ExtractionError(f"module {mid}: unexpected getUrl options")
        for piece in js.pieces(options[2:-1]):
            shape = js.shape(piece)
            if shape == "hash:S":
                opts["hash"] = piece[2].text
            elif shape == "needQuotes:!N" and piece[3].text == "0":
                opts["needQuotes"] = True
            else:
                raise ExtractionError(f"module {mid}: unexpected getUrl option {js.shape(piece)!r}")
    if re.fullmatch(r"""['"].*['"]""", url, re.S):
        url = url[1:-1]
    url += str(opts.get("hash", ""))
    if re.search(r"[\"'() \t\n]|%20", url) or opts.get("needQuotes"):
        return '"' + url.replace('"', '\\"').replace("\n", "\\n") + '"'
    return url


def _check_closed(item: Item) -> None:
    """The module's CSS ends with no comment, string or block left open, so the next one reads as it did alone."""
    css, i, depth = item.css, 0, 0
    while i < len(css):
        c = css[i]
        if css.startswith("/*", i):
            end = css.find("*/", i + 2)
            if end < 0:
                raise ExtractionError(f"module {item.module}: its CSS ends inside a comment")
            i = end + 2
            continue
        if c == "\\":
            i += 2
            continue
        if c in "'\"":
            j = i + 1
            while j < len(css) and css[j] != c and css[j] != "\n":
                j += 2 if css[j] == "\\" else 1
            if j >= len(css) or css[j] != c:
                raise ExtractionError(f"module {item.module}: an unclosed string in its CSS")
            i = j + 1
            continue
        depth += {"{": 1, "}": -1, "(": 1, ")": -1, "[": 1, "]": -1}.get(c, 0)
        if depth < 0:
            raise ExtractionError(f"module {item.module}: a bracket closes one never opened")
        i += 1
    if depth:
        raise ExtractionError(f"module {item.module}: its CSS ends with a block left open")
    if re.search(r"@(import|charset|namespace)\b", re.sub(r"/\*.*?\*/", "", css, flags=re.S)):
        raise ExtractionError(f"module {item.module}: @import, @charset or @namespace cannot move into one stylesheet")


def extract(src: str) -> Sheet:
    """The CSS that the bundle's source ``src`` injects, in order (raises :class:`ExtractionError` if it cannot be read)."""
    try:
        return _Bundle(src).injected()
    except js.TokenError as e:
        raise ExtractionError(f"{BUNDLE}: {e}") from e


# ---- the file ---------------------------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def bundle_path() -> Path:
    """Voila's ``voila-style.js``, as Voila's server finds ``static/voila-style.js`` for the template (it extends
    ``lab``, which extends ``base``, where Voila installs the bundle)."""
    for template in (TEMPLATE, "lab", "base"):
        for folder in jupyter_path("voila", "templates", template, "static"):
            path = Path(folder) / BUNDLE
            if path.is_file():
                return path
    raise FileNotFoundError(f"Voila's {BUNDLE} was not found (is voila installed?)")


def stylesheet_name() -> str:
    """File name of the stylesheet: Voila's version and a hash of the bundle and of this reader.

    Either changing gives a new name, so a browser never keeps a stale copy (the server caches it for a year).
    """
    sources = [bundle_path(), Path(__file__), Path(js.__file__)]
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()[:12]
    return f"{PREFIX}{version('voila')}-{digest}.css"


HEADER = "/* Generated by probation_briefing.page.voila_style from Voila {version}'s {bundle}: do not edit. */\n"


def write_stylesheet(folder: Path | None = None) -> Path:
    """Write the stylesheet into ``folder`` (default: the template's static folder) and return its path.

    Its ``url()``s name font and image files beside ``voila-style.js``, which Voila serves at the same address under
    any template's static folder: the file belongs in one. Older copies in ``folder`` are removed.
    """
    bundle = bundle_path()
    sheet = extract(bundle.read_text(encoding="utf-8"))
    missing = [f for f in sheet.files if not (bundle.parent / f).is_file()]
    if missing:
        raise ExtractionError(f"files the styles link are not beside {bundle}: {', '.join(missing)}")
    text = HEADER.format(version=version("voila"), bundle=BUNDLE) + sheet.css
    return write_static(template_static_dir() if folder is None else Path(folder), stylesheet_name(), text, PREFIX + "*.css")


if __name__ == "__main__":
    print(write_stylesheet(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
