"""The print version: docs/print.md carries every other page of its language, in
navigation order, with unique ids, in-page links that land, and relative links that
resolve; every page loads the print stylesheet; search does not index the book twice."""

from __future__ import annotations

import json
import os
import re
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support import ARTIFACTS, StaticServer

ROOT = Path(__file__).resolve().parents[2]
LANGS = ("zh", "en")


@pytest.fixture(scope="module")
def root(site: StaticServer) -> Path:
    """The session's one real build of the handbook (tests/integration/conftest.py)."""
    return site.root


def print_page(site: Path, lang: str) -> Path:
    return site / ("en/" if lang == "en" else "") / "print" / "index.html"


def sources(lang: str) -> set[str]:
    """Every reader page of the language: not the print page itself, not the
    maintainers' page (how the handbook is kept is not part of the book), and not the
    page a device shows offline (in no menu)."""
    docs = ROOT / "docs"
    pages = {p.relative_to(docs).as_posix() for p in docs.rglob("*.md")}
    if lang == "en":
        return {p for p in pages if p.endswith(".en.md")} - {
            "print.en.md", "maintaining.en.md", "offline.en.md"}
    return {p for p in pages if not p.endswith(".en.md")} - {
        "print.md", "maintaining.md", "offline.md"}


@pytest.mark.parametrize("lang", LANGS)
def test_print_page_holds_every_page_of_its_language(root: Path, lang: str) -> None:
    page = print_page(root, lang).read_text(encoding="utf-8")
    found = re.findall(r'<section class="hb-print-page" id="page-(\d+)" data-source="([^"]+)"',
                       page)
    assert [int(i) for i, _ in found] == list(range(1, len(found) + 1))
    assert {src for _, src in found} == sources(lang)
    assert page.count('<a href="#page-') >= len(found), "the contents list every page"


@pytest.mark.parametrize("lang", LANGS)
def test_print_page_ids_are_unique_and_links_land(root: Path, lang: str) -> None:
    path = print_page(root, lang)
    page = path.read_text(encoding="utf-8")
    ids = re.findall(r'\bid="([^"]+)"', page)
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    article = re.search(r"<article\b.*?</article>", page, flags=re.S).group(0)
    for href in re.findall(r'href="([^"]+)"', article):
        href = href.replace("&amp;", "&")
        if href.startswith("#"):
            assert href[1:] in ids, href
        elif not re.match(r"^[a-z]+:", href):
            target = Path(os.path.normpath(path.parent / href.split("#")[0].split("?")[0]))
            assert target.is_file() or (target / "index.html").is_file(), href
    assert '<form class="hb-calc"' not in article, "calculators stay online"


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_loads_the_print_stylesheet(root: Path, lang: str) -> None:
    base = root / "en" if lang == "en" else root
    for page in [base / "index.html", base / "procedures/submit-expense/index.html"]:
        assert re.search(r'href="[./]*assets/stylesheets/print\.css"',
                         page.read_text(encoding="utf-8"))
    css = (root / "assets/stylesheets/print.css").read_text(encoding="utf-8")
    assert "@media print" in css and ".md-sidebar" in css and ".md-header" in css


@pytest.mark.parametrize("lang", ["", "en/"])
def test_search_does_not_index_the_book_twice(root: Path, lang: str) -> None:
    index = json.loads((root / lang / "search/search_index.json").read_text(encoding="utf-8"))
    printed = sum(len(d["text"]) for d in index["docs"]
                  if d["location"].split("#")[0] in ("print/", "en/print/"))
    total = sum(len(d["text"]) for d in index["docs"])
    assert printed < total / 20


# ------------------------------------------------------- printing, for real ---
# What follows prints pages with Debian's Chromium, as a reader does with Ctrl+P:
# the DOM is laid out under print media at the width Chromium gives the printed
# content (the paper's width less the @page margins, read from print.css through the
# CSSOM), and page.pdf() makes the real A4 PDF, which is then read with the standard
# library only (no PDF package in the project): its pages, their sizes, and where
# each run of text is drawn. What is measured from the PDF is the position and font
# size of the text runs, not how the page looks: a page "carries text" when it draws
# glyphs, and its fill is how far down the page its lowest line of text sits.

MM = 96 / 25.4  # CSS px per millimetre
A4 = (210.0, 297.0)  # millimetres
PT_PER_MM = 72 / 25.4

# A near-empty page: one that carries fewer lines of text than this (text runs on
# fewer distinct baselines), say the last two lines of a chapter on a sheet of their own.
# Every page but a document's last must carry more; the last must carry text.
MIN_LINES = 6

OBJ = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
TOKEN = re.compile(rb"<[0-9A-Fa-f\s]*>|\((?:\\.|[^\\)])*\)|\[|\]|/[^\s/\[\]<>()]+"
                   rb"|[-+]?(?:\d+\.?\d*|\.\d+)|[A-Za-z'\"*]+")
NUMBER = re.compile(rb"[-+]?(?:\d+\.?\d*|\.\d+)")


@dataclass
class Run:
    """One text-showing operation of a PDF page: where it starts and how big it is."""

    x: float  # points from the page's left edge
    y: float  # points from the page's top edge
    size: float  # font size in points
    glyphs: int
    heading: bool  # drawn for an h1–h6 (the tagged PDF's structure tree says so)


@dataclass
class PdfPage:
    width: float  # points
    height: float
    runs: list[Run]

    @property
    def glyphs(self) -> int:
        return sum(r.glyphs for r in self.runs)

    @property
    def fill(self) -> float:
        """How far down the page (0 to 1) its lowest text run sits."""
        return max((r.y for r in self.runs), default=0.0) / self.height

    @property
    def lines(self) -> int:
        """Lines of text: distinct baselines, to the nearest point."""
        return len({round(r.y) for r in self.runs})

    @property
    def landscape(self) -> bool:
        return self.width > self.height


def _mul(a: list[float], b: list[float]) -> list[float]:
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3],
            a[2] * b[0] + a[3] * b[2], a[2] * b[1] + a[3] * b[3],
            a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def _runs(content: bytes, height: float, headings: set[int]) -> list[Run]:
    """Text runs of a content stream: follows q/Q/cm, the text matrix (Tm, Td) and the
    marked-content ids (BDC/EMC) that tie a run to an element; `headings` are the ids
    of the page's heading text."""
    ctm = [1.0, 0, 0, 1, 0, 0]
    stack: list[list[float]] = []
    tm = line = [1.0, 0, 0, 1, 0, 0]
    size = 0.0
    runs: list[Run] = []
    args: list[bytes] = []
    marks: list[int] = []
    for tok in TOKEN.findall(content):
        if tok[:1] in b"<([/]+-.0123456789":
            args.append(tok)
            continue
        nums = [float(a) for a in args if NUMBER.fullmatch(a)]
        if tok == b"q":
            stack.append(ctm)
        elif tok == b"Q" and stack:
            ctm = stack.pop()
        elif tok == b"cm" and len(nums) >= 6:
            ctm = _mul(nums[-6:], ctm)
        elif tok == b"BDC":
            mcid = args.index(b"/MCID") + 1 if b"/MCID" in args else 0
            marks.append(int(args[mcid]) if mcid and mcid < len(args) else -1)
        elif tok == b"EMC" and marks:
            marks.pop()
        elif tok == b"BT":
            tm = line = [1.0, 0, 0, 1, 0, 0]
        elif tok == b"Tf" and nums:
            size = nums[-1]
        elif tok == b"Tm" and len(nums) >= 6:
            tm = line = nums[-6:]
        elif tok in (b"Td", b"TD") and len(nums) >= 2:
            tm = line = _mul([1.0, 0, 0, 1, nums[-2], nums[-1]], line)
        elif tok in (b"Tj", b"TJ", b"'", b'"'):
            # Chromium writes glyph ids as 2-byte hex strings.
            glyphs = sum(len(re.sub(rb"\s", b"", a[1:-1])) // 4 for a in args
                         if a.startswith(b"<")) + sum(len(a) - 2 for a in args
                                                      if a.startswith(b"("))
            if glyphs:
                m = _mul(tm, ctm)
                scale = (m[2] ** 2 + m[3] ** 2) ** 0.5
                runs.append(Run(m[4], height - m[5], size * scale, glyphs,
                                bool(marks) and marks[-1] in headings))
        args = []
    return runs


def pdf_pages(data: bytes) -> list[PdfPage]:
    """The pages of a PDF as Chromium writes it (uncompressed objects, Flate streams)."""
    objs = {int(m.group(1)): m.group(2) for m in OBJ.finditer(data)}

    def head(n: int) -> bytes:
        return objs[n].split(b"stream", 1)[0]

    def stream(n: int) -> bytes:
        raw = objs[n].split(b"stream", 1)[1].lstrip(b"\r\n").rsplit(b"endstream", 1)[0]
        return zlib.decompress(raw) if b"/FlateDecode" in head(n) else raw

    def kids(n: int) -> list[int]:
        found = re.search(rb"/Kids\s*\[([^\]]*)\]", head(n))
        if not found:
            return [n]
        return [k for ref in re.findall(rb"(\d+) 0 R", found.group(1)) for k in kids(int(ref))]

    # The tagged PDF's structure tree: which marked-content ids of which page are text
    # of a heading (a leaf whose ancestors include an /H1../H6 element).
    parent = {n: int(m.group(1)) for n in objs
              if (m := re.search(rb"/Type /StructElem.*?/P (\d+) 0 R", head(n), re.S))}
    role = {n: m.group(1) for n in parent if (m := re.search(rb"/S /(\w+)", head(n)))}
    headings: dict[int, set[int]] = {}
    for n in parent:
        on = re.search(rb"/Pg (\d+) 0 R", head(n))
        ids = re.search(rb"/K\s*(\[[^\]]*\]|\d+)(?!\s+0 R)", head(n))
        if not on or not ids or b" R" in ids.group(1):
            continue
        up = n
        while up in parent and not re.fullmatch(rb"H[1-6]", role.get(up, b"")):
            up = parent[up]
        if re.fullmatch(rb"H[1-6]", role.get(up, b"")):
            headings.setdefault(int(on.group(1)), set()).update(
                int(i) for i in re.findall(rb"\d+", ids.group(1)))

    root = int(re.search(rb"/Root\s+(\d+) 0 R", data).group(1))
    tree = int(re.search(rb"/Pages\s+(\d+) 0 R", head(root)).group(1))
    pages = []
    for n in kids(tree):
        box = [float(v) for v in
               re.search(rb"/MediaBox\s*\[([^\]]*)\]", head(n)).group(1).split()]
        width, height = box[2] - box[0], box[3] - box[1]
        refs = re.search(rb"/Contents\s*(\[[^\]]*\]|\d+ 0 R)", head(n)).group(1)
        content = b"\n".join(stream(int(r)) for r in re.findall(rb"(\d+) 0 R", refs))
        pages.append(PdfPage(width, height, _runs(content, height, headings.get(n, set()))))
    return pages


# The page's @page margins (print.css) and whether a node prints on a landscape page.
PAGE_MARGINS = """() => {
  // The last unnamed @page rule with margins wins, as in the cascade (Material's own
  // stylesheet has one too).
  let found = null;
  const walk = (list) => {
    for (const rule of list) {
      if (rule instanceof CSSPageRule && rule.selectorText === '' && rule.style.marginLeft)
        found = [rule.style.marginTop, rule.style.marginRight,
                 rule.style.marginBottom, rule.style.marginLeft];
      if (rule.cssRules) walk(rule.cssRules);
    }
  };
  for (const sheet of document.styleSheets) {
    try { walk(sheet.cssRules); } catch (e) { /* a sheet of another origin */ }
  }
  return found;
}"""

# What a printed page must not show, and how its tables and headings lay out.
AUDIT = """(orientation) => {
  const shown = (el) => {
    for (let n = el; n; n = n.parentElement) {
      const s = getComputedStyle(n);
      if (s.display === 'none' || s.visibility === 'hidden') return false;
    }
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (typeof el.className === 'string' && el.className.trim()
      ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  const onLandscape = (el) => {
    for (let n = el; n; n = n.parentElement)
      if (getComputedStyle(n).page === 'landscape') return true;
    return false;
  };
  const width = document.documentElement.clientWidth;
  const chrome = ['button', 'input:not([type=checkbox])', 'select', 'textarea', 'form',
    '.md-clipboard', '.md-code__nav', '.md-header', '.md-tabs', '.md-sidebar', '.md-search',
    '.md-footer', '.md-top', '.md-source', '.md-content__button', '.hb-calc', '.hb-calc__status',
    '.hb-batch-ui', '.md-button', '[role=search]', 'nav:not(.hb-print-toc)'];
  const visible = [];
  for (const el of document.querySelectorAll(chrome.join(',')))
    if (shown(el)) visible.push(name(el));
  const tables = [];
  for (const t of document.querySelectorAll('.md-content table')) {
    if (!shown(t) || onLandscape(t) !== (orientation === 'landscape')) continue;
    const r = t.getBoundingClientRect();
    let right = r.right;
    for (const cell of t.querySelectorAll('th, td'))
      right = Math.max(right, cell.getBoundingClientRect().right);
    const head = t.tHead ? getComputedStyle(t.tHead).display : null;
    const rows = [...t.rows].map((row) => getComputedStyle(row).breakInside);
    tables.push({text: t.rows[0].innerText.slice(0, 60), right, width, head, rows,
                 columns: t.rows[0].cells.length, landscape: onLandscape(t)});
  }
  const headings = [];
  const levels = '.md-content h1, .md-content h2, .md-content h3, .md-content h4';
  for (const h of document.querySelectorAll(levels))
    if (shown(h)) headings.push({text: h.innerText.slice(0, 40),
                                 after: getComputedStyle(h).breakAfter});
  return {visible, tables, headings, width};
}"""


def printable(margins: list[str], landscape: bool = False) -> int:
    """CSS px across the printed content of an A4 page, given the @page margins."""
    right, left = (float(m.removesuffix("mm")) for m in (margins[1], margins[3]))
    paper = A4[1] if landscape else A4[0]
    return int((paper - left - right) * MM)


def margins_of(page) -> list[str]:  # type: ignore[no-untyped-def]
    margins = page.evaluate(PAGE_MARGINS)
    assert margins, "print.css sets the @page margins"
    assert all(m.endswith("mm") for m in margins), margins
    return margins


def audit(page, url: str) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Lay the page out under print media at the printed widths of a portrait and of a
    landscape A4 page; each table is judged at the width of the page it prints on."""
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(url)
    page.wait_for_load_state("load")
    page.emulate_media(media="print")
    margins = margins_of(page)
    result: dict[str, Any] = {"tables": []}
    for landscape in (False, True):
        page.set_viewport_size({"width": printable(margins, landscape), "height": 1000})
        found = page.evaluate(AUDIT, "landscape" if landscape else "portrait")
        result["tables"] += found["tables"]
        if not landscape:
            result.update(visible=found["visible"], headings=found["headings"])
    result["margins"] = margins
    return result


def print_pdf(page) -> list[PdfPage]:  # type: ignore[no-untyped-def]
    return pdf_pages(page.pdf(format="A4", tagged=True))


def check_layout(found: dict[str, Any]) -> None:
    assert found["visible"] == [], f"controls or site chrome on paper: {found['visible']}"
    cut = [(t["text"], round(t["right"]), t["width"]) for t in found["tables"]
           if t["right"] > t["width"] + 1]
    assert cut == [], f"tables wider than the paper (text, right edge, width): {cut}"
    loose = [h["text"] for h in found["headings"] if h["after"] != "avoid"]
    assert loose == [], f"headings that may end a page: {loose}"
    assert found["headings"], "the page has headings at all"


def check_pdf(pages: list[PdfPage], margins: list[str]) -> None:
    assert pages, "the PDF has pages"
    empty = [i for i, p in enumerate(pages, 1) if p.glyphs == 0]
    assert empty == [], f"printed pages without text: {empty}"
    sparse = [(i, p.lines) for i, p in enumerate(pages[:-1], 1) if p.lines < MIN_LINES]
    assert sparse == [], f"near-empty pages (page, lines of text): {sparse}"
    right = float(margins[1].removesuffix("mm")) * PT_PER_MM
    beyond = [(i, round(r.x), round(p.width - right)) for i, p in enumerate(pages, 1)
              for r in p.runs if r.x > p.width - right + 1 or r.x < 0]
    assert beyond == [], f"text beyond the printable area (page, x, limit): {beyond}"
    # A heading alone at a page's foot: the page's lowest line of text is a heading's.
    assert any(r.heading for p in pages for r in p.runs), "the PDF tags its headings"
    stranded = [i for i, p in enumerate(pages[:-1], 1) if max(p.runs, key=lambda r: r.y).heading]
    assert stranded == [], f"pages ending with a heading: {stranded}"


def shoot(page, url: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """The print-emulated page at A4 portrait and landscape widths, for a person to see."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width, tag in ((794, "a4"), (1123, "landscape")):
        page.set_viewport_size({"width": width, "height": 1123})
        page.goto(url)
        page.emulate_media(media="print")
        page.screenshot(path=str(ARTIFACTS / f"print-{name}-{tag}.png"))


def test_the_pdf_reader_sees_what_the_checks_need(page) -> None:  # type: ignore[no-untyped-def]
    """The measuring tool on a document whose printed layout is known: page 1 ends with
    a heading after six lines (the next block is forced onto a new page), page 2 carries
    two lines,
    page 3 is sideways and its text starts beyond a portrait page's width."""
    page.set_content("""<style>@page { size: A4; margin: 10mm; }
      @page wide { size: A4 landscape; } .next { break-before: page; } .wide { page: wide; }
      </style>""" + "<p>A line</p>" * 6 + """<h2>Stranded</h2><div class="next">Two<br>lines</div>
      <div class="wide"><p style="margin-left: 900px">Sideways</p></div>""")
    pages = print_pdf(page)
    assert [p.landscape for p in pages] == [False, False, True]
    assert [max(p.runs, key=lambda r: r.y).heading for p in pages] == [True, False, False]
    assert [p.lines for p in pages] == [7, 2, 1]
    assert pages[2].runs[0].x > A4[0] * PT_PER_MM
    with pytest.raises(AssertionError, match="near-empty"):
        check_pdf(pages, ["10mm"] * 4)
    with pytest.raises(AssertionError, match="ending with a heading"):
        check_pdf([pages[0], pages[2]], ["10mm"] * 4)


# The print book and pages with the widest tables, forms and controls.
PRINTED = ["print/", "procedures/submit-expense/", "procedures/set-quarterly-targets/",
           "calculators/bonus/", "onboarding/", "glossary/"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", PRINTED)
def test_printed_page_shows_no_chrome_and_cuts_no_column(
        site: StaticServer, page, lang: str, path: str) -> None:  # type: ignore[no-untyped-def]
    url = site.url(("en/" if lang == "en" else "") + path)
    found = audit(page, url)
    check_layout(found)
    pages = print_pdf(page)
    check_pdf(pages, found["margins"])
    shoot(page, url, f"{path.strip('/').replace('/', '-')}-{lang}")
