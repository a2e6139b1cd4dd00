"""A JavaScript tokenizer, enough for webpack's minified output (``page/voila_style.py`` reads Voila's style bundle with it).

Strings and template literals come decoded as JavaScript decodes them (``\\x``, ``\\u{...}``, surrogate pairs, line
continuations; a template's CR LF read as LF), comments are dropped, and a ``/`` is told apart as a regular expression
or a division from the token before it. Not a parser: :func:`pieces` and :func:`shape` let a reader match statements
against the few shapes it knows, and refuse anything else.

>>> [shape(p) for p in pieces(tokenize("var a=o(12),b=new URL(o(3),o.b);a.push([e.id,`x${b}`,''])"))]
['I=I(N)', 'I=newURL(I(N),I.b)', 'I.push([I.id,T,S])']
"""

from __future__ import annotations

import re
from dataclasses import dataclass


class TokenError(ValueError):
    """The source is not JavaScript this tokenizer reads."""


@dataclass(frozen=True)
class Tok:
    kind: str  # "id", "num", "str", "tpl", "punct", "regex"
    text: str  # identifier, number or punctuator as written; a string's decoded value
    parts: tuple[str, ...] = ()  # a template literal's decoded text pieces (one more than its expressions)
    exprs: tuple[tuple[Tok, ...], ...] = ()  # a template literal's ${...} expressions


_PUNCTUATORS = (
    "{ } ( ) [ ] ; , < > + - * / % & | ^ ! ~ ? : = . @ # >>>= ... === !== **= <<= >>= >>> &&= ||= ??= => == != <= >= "
    "&& || ?? ?. ++ -- += -= *= /= %= &= |= ^= ** << >>"
)
_PUNCT = sorted(_PUNCTUATORS.split(), key=len, reverse=True)  # longest first
_ID = re.compile(r"[A-Za-z_$][\w$]*")
_NUM = re.compile(r"0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO][0-7]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?n?")
_REGEX_AFTER = {"return", "typeof", "case", "do", "else", "in", "instanceof", "new", "delete", "void", "throw", "yield", "await"}
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v"}
_LINE_BREAKS = "\n\r\u2028\u2029"
_HEX2 = re.compile(r"[0-9a-fA-F]{2}")
_UNICODE = re.compile(r"\{([0-9a-fA-F]{1,6})\}|([0-9a-fA-F]{4})")


def _fix_surrogates(text: str) -> str:
    r"""Pairs of ``\uD83D\uDE00`` escapes as one character, as a JavaScript string holds them."""
    if not any("\ud800" <= c <= "\udfff" for c in text):
        return text
    try:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError as e:
        raise TokenError("a string literal holds a lone surrogate") from e


class _Lexer:
    def __init__(self, src: str) -> None:
        self.src = src
        self.pos = 0

    def error(self, what: str) -> TokenError:
        return TokenError(f"{what} at character {self.pos}")

    def _escape(self) -> str:
        """The escape after a backslash (``self.pos`` is past the backslash), decoded."""
        s, i = self.src, self.pos
        c = s[i : i + 1]
        if not c:
            raise self.error("unfinished escape")
        if c in _SIMPLE_ESCAPES:
            self.pos = i + 1
            return _SIMPLE_ESCAPES[c]
        if c == "\r":  # a line continuation: \ then CR, LF or CRLF is nothing
            self.pos = i + (2 if s[i + 1 : i + 2] == "\n" else 1)
            return ""
        if c in "\n\u2028\u2029":
            self.pos = i + 1
            return ""
        if c in "xu":
            m = (_HEX2 if c == "x" else _UNICODE).match(s, i + 1)
            if not m:
                raise self.error(f"bad \\{c} escape")
            self.pos = m.end()
            return chr(int(m[m.lastindex or 0], 16))
        if c == "0" and not s[i + 1 : i + 2].isdigit():
            self.pos = i + 1
            return "\0"
        if c.isdigit():  # legacy octal escapes: not allowed in templates nor in this strict-mode bundle
            raise self.error("octal escape")
        self.pos = i + 1
        return c  # \' \" \\ \` \$ and any other character stand for themselves

    def _string(self, quote: str) -> Tok:
        s, out = self.src, list[str]()
        self.pos += 1
        while True:
            j = self.pos
            while j < len(s) and s[j] not in (quote, "\\", "\n", "\r"):
                j += 1
            out.append(s[self.pos : j])
            if j >= len(s) or s[j] in "\n\r":
                self.pos = j
                raise self.error("unterminated string")
            self.pos = j + 1
            if s[j] == quote:
                return Tok("str", _fix_surrogates("".join(out)))
            out.append(self._escape())

    def _template(self) -> Tok:
        s, parts, out = self.src, list[str](), list[str]()
        exprs: list[tuple[Tok, ...]] = []
        self.pos += 1
        while True:
            j = self.pos
            while j < len(s) and s[j] not in "`\\$\r":
                j += 1
            out.append(s[self.pos : j])
            if j >= len(s):
                self.pos = j
                raise self.error("unterminated template literal")
            c = s[j]
            self.pos = j + 1
            if c == "`":
                parts.append(_fix_surrogates("".join(out)))
                return Tok("tpl", "", tuple(parts), tuple(exprs))
            if c == "\\":
                out.append(self._escape())
            elif c == "\r":  # CR and CRLF in a template's text read as LF
                out.append("\n")
                if s[self.pos : self.pos + 1] == "\n":
                    self.pos += 1
            elif s[self.pos : self.pos + 1] == "{":
                self.pos += 1
                parts.append(_fix_surrogates("".join(out)))
                out = []
                exprs.append(tuple(self.tokens(until_brace=True)))
            else:
                out.append("$")

    def _regex(self) -> Tok:
        s, j, in_class = self.src, self.pos + 1, False
        while j < len(s):
            c = s[j]
            if c == "\\":
                j += 2
                continue
            if c in "\n\r":
                break
            if c == "[":
                in_class = True
            elif c == "]":
                in_class = False
            elif c == "/" and not in_class:
                m = _ID.match(s, j + 1)
                end = m.end() if m else j + 1
                text = s[self.pos : end]
                self.pos = end
                return Tok("regex", text)
            j += 1
        raise self.error("unterminated regular expression")

    def tokens(self, until_brace: bool = False) -> list[Tok]:
        """Tokens up to the end (or, in a template's ``${``, up to its closing brace, which is consumed)."""
        s, out, depth = self.src, list[Tok](), 0
        while True:
            while self.pos < len(s) and s[self.pos] in " \t\n\r\ufeff\u2028\u2029\xa0":
                self.pos += 1
            if self.pos >= len(s):
                if until_brace:
                    raise self.error("unterminated ${ in a template literal")
                return out
            c, nxt = s[self.pos], s[self.pos + 1 : self.pos + 2]
            if c == "/" and nxt == "/":
                while self.pos < len(s) and s[self.pos] not in _LINE_BREAKS:
                    self.pos += 1
                continue
            if c == "/" and nxt == "*":
                end = s.find("*/", self.pos + 2)
                if end < 0:
                    raise self.error("unterminated comment")
                self.pos = end + 2
                continue
            if c in "'\"":
                out.append(self._string(c))
                continue
            if c == "`":
                out.append(self._template())
                continue
            if c == "/" and self._regex_allowed(out):
                out.append(self._regex())
                continue
            m = _ID.match(s, self.pos)
            if m:
                out.append(Tok("id", m[0]))
                self.pos = m.end()
                continue
            m = _NUM.match(s, self.pos)
            if m and (c.isdigit() or nxt.isdigit()):
                out.append(Tok("num", m[0]))
                self.pos = m.end()
                continue
            p = next((p for p in _PUNCT if s.startswith(p, self.pos)), None)
            if p is None:
                raise self.error(f"unexpected character {c!r}")
            self.pos += len(p)
            if until_brace and p in "{}":
                depth += 1 if p == "{" else -1
                if depth < 0:
                    return out
            out.append(Tok("punct", p))

    @staticmethod
    def _regex_allowed(before: list[Tok]) -> bool:
        """Whether a ``/`` starts a regular expression (not a division), from the token before it."""
        if not before:
            return True
        last = before[-1]
        if last.kind == "id":
            return last.text in _REGEX_AFTER
        if last.kind == "punct":
            return last.text not in (")", "]", "}")
        return False


def tokenize(src: str) -> list[Tok]:
    r"""JavaScript source as tokens: strings and template literals decoded, comments dropped.

    >>> [t.text for t in tokenize("a=/[/]x/g.test('\\x41\\u{1F600}')/2")][:6]
    ['a', '=', '/[/]x/g', '.', 'test', '(']
    >>> tokenize("'\\x41\\u{1F600}'")[0].text, tokenize("`a${b}c`")[0].parts
    ('A😀', ('a', 'c'))
    """
    return _Lexer(src).tokens()


def close(toks: list[Tok] | tuple[Tok, ...], i: int) -> int:
    """Index of the bracket closing the one at ``i``."""
    pairs, depth = {"(": ")", "[": "]", "{": "}"}, 0
    for j in range(i, len(toks)):
        t = toks[j]
        if t.kind == "punct" and t.text in "([{":
            depth += 1
        elif t.kind == "punct" and t.text in ")]}":
            depth -= 1
            if depth == 0:
                if t.text != pairs[toks[i].text]:
                    raise TokenError("mismatched brackets")
                return j
    raise TokenError("unclosed bracket")


def pieces(toks: list[Tok] | tuple[Tok, ...]) -> list[list[Tok]]:
    """``toks`` split at top-level commas and semicolons, each without a leading ``var``/``let``/``const``."""
    out: list[list[Tok]] = [[]]
    i = 0
    while i < len(toks):
        t = toks[i]
        if t.kind == "punct" and t.text in "([{":
            j = close(toks, i)
            out[-1].extend(toks[i : j + 1])
            i = j + 1
            continue
        if t.kind == "punct" and t.text in ",;":
            out.append([])
        elif not (not out[-1] and t.kind == "id" and t.text in ("var", "let", "const")):
            out[-1].append(t)
        i += 1
    return [p for p in out if p]


_KEEP = {"new", "URL", "null"}


def shape(piece: list[Tok]) -> str:
    """A piece written with placeholders: ``I`` a variable, ``N`` a number, ``S`` a string, ``T`` a template.

    Property names (after a dot), object keys (before a colon) and ``new URL``/``null`` keep their text.

    >>> shape(tokenize('d=new URL(o(6574),o.b)')), shape(tokenize('o.d(n,{A:()=>E})'))
    ('I=newURL(I(N),I.b)', 'I.d(I,{A:()=>I})')
    """
    out = []
    for k, t in enumerate(piece):
        if t.kind != "id":
            out.append({"num": "N", "str": "S", "tpl": "T"}.get(t.kind, t.text))
        elif t.text in _KEEP or (k and piece[k - 1].text == ".") or (k + 1 < len(piece) and piece[k + 1].text == ":"):
            out.append(t.text)
        else:
            out.append("I")
    return "".join(out)
