"""Read a printed PDF as a reader would see it: its text page by page, where each word sits, and its pages as pictures.

Uses poppler's command-line tools (Debian's poppler-utils: pdftotext, pdftoppm); ``missing()`` says which are absent,
so a test can skip with the reason. Pictures are grey-scale PGM files, which need no imaging library to read.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from html import unescape
from pathlib import Path

TOOLS = ("pdftotext", "pdftoppm")
MM = 72 / 25.4  # PDF points per millimetre


def missing() -> str | None:
    """Why the printed pages cannot be read here (None when poppler's tools are installed)."""
    absent = [t for t in TOOLS if shutil.which(t) is None]
    if absent:
        return f"{' and '.join(absent)} not installed (Debian: apt-get install poppler-utils), so the printed PDF cannot be read"
    return None


def plain(text: str) -> str:
    """Text for comparison: ligatures and no-break spaces unfolded, runs of white space one space."""
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()
    return re.sub(r"(?<=\w)- (?=\w)", "-", text)  # a word hyphenated at the end of a line (bidder-|interest)


@dataclass
class Word:
    page: int  # from 0
    text: str
    x_min: float
    x_max: float
    y_min: float
    y_max: float


@dataclass
class Printed:
    """A PDF's pages: text (as pdftotext lays it out), words with their boxes, page size in points."""

    pages: list[str]
    words: list[Word]
    width: float
    height: float

    @property
    def text(self) -> str:
        return plain(" ".join(self.pages))

    def page_of(self, pattern: str) -> int | None:
        """The first page (from 0) with a line matching ``pattern`` (a regular expression, whole line)."""
        for i, p in enumerate(self.pages):
            if any(re.fullmatch(pattern, plain(line)) for line in p.splitlines()):
                return i
        return None

    def line_of(self, pattern: str) -> int | None:
        """The first line, counted through the whole document, matching ``pattern`` (a regular expression, whole line)."""
        lines = [plain(line) for p in self.pages for line in p.splitlines()]
        return next((i for i, line in enumerate(lines) if re.fullmatch(pattern, line)), None)

    def outside(self, margin_mm: float, slack_pt: float = 2.0) -> list[Word]:
        """Words that reach into the left or right margin, or past the paper's edge."""
        lo, hi = margin_mm * MM - slack_pt, self.width - margin_mm * MM + slack_pt
        return [w for w in self.words if w.x_min < lo or w.x_max > hi]


def read(pdf: Path) -> Printed:
    """The PDF's text by page and every word's box (pdftotext -bbox)."""
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words: list[Word] = []
    width = height = 0.0
    for n, page in enumerate(re.findall(r"<page\b(.*?)</page>", boxes, flags=re.S)):
        size = re.match(r'\s*width="([\d.]+)" height="([\d.]+)"', page)
        if size:
            width, height = float(size.group(1)), float(size.group(2))
        for m in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page):
            words.append(Word(n, unescape(m.group(5)), float(m.group(1)), float(m.group(3)), float(m.group(2)), float(m.group(4))))
    return Printed(pages, words, width, height)


def pictures(pdf: Path, out_dir: Path, dpi: int = 30, png: bool = False) -> list[Path]:
    """Each page as a picture, in order: grey-scale PGM files (or PNG, for a person to look at)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = out_dir / pdf.stem
    args = ["pdftoppm", "-r", str(dpi)] + (["-png"] if png else ["-gray"])
    subprocess.run([*args, str(pdf), str(stem)], check=True)
    ext = ".png" if png else ".pgm"
    return sorted(out_dir.glob(f"{pdf.stem}-*{ext}"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def pgm(path: Path) -> tuple[int, int, bytes]:
    """Width, height and the grey levels (0 black to 255 white, row by row) of a binary PGM file."""
    data = path.read_bytes()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    assert m, f"{path} is not a binary PGM file"
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end() : m.end() + w * h]


def inked_margin_columns(path: Path, margin_mm: float, dpi: int = 30, dark: int = 200) -> int:
    """How many pixel columns of the page's left and right margins hold any ink (a pixel darker than ``dark``)."""
    w, h, px = pgm(path)
    band = max(1, int(margin_mm / 25.4 * dpi) - 2)  # the margin, less a pixel or two for anti-aliasing
    cols = [*range(band), *range(w - band, w)]
    return sum(1 for x in cols if any(px[y * w + x] < dark for y in range(h)))
