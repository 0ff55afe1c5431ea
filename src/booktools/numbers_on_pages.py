"""Numbers as readers expect them: scan the built pages for unformatted values.

Issue 14 asks for counts as integers (``919``, not ``919.0``), years without
decimals, no raw floats (``14.384767``), missing values as "—" (no ``<NA>``,
``NaN``, no all-missing rows) and no "state(s)". This module reads each built
page's article (the ``<article>`` element: no sidebars, no footer with its
"CC BY 4.0") and checks three kinds of text:

* **tables** (pandas, Styler and Markdown tables): every cell for missing
  markers, 5+ decimals and "(s)"; cells whose column or row header names a
  count, a year or a rank (:data:`COUNT_WORDS`, unless the header also names a
  rate, a share or an amount, :data:`RATE_WORDS`) for a number ending in ``.0``;
  rows whose data cells are all missing;
* **prose** (everything else but code, scripts, SVG and maths): missing
  markers, 5+ decimals (DOIs, arXiv numbers and URLs left out), "(s)", a year
  with decimals (``2014.0``) and a count with decimals before the thing counted
  (``12.0 homicides``);
* **cell outputs** printed as text: missing markers only (the rest is pandas'
  own display, which the code cells teach).

Rates and money shown with one decimal may end in ``.0`` (``68.0`` per 100,000,
``400.0`` million): they are not flagged. Used by
``tests/test_numbers_on_pages.py``; run ``python -m booktools.numbers_on_pages
_build/html`` for the per-page table (exit status 1 if anything is found).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bs4 import BeautifulSoup, Tag

#: Header words that make a table column (or row) a count, a year or a rank.
COUNT_WORDS = frozenset({
    "count", "counts", "n", "number", "year", "years", "rank", "ranked", "homicides",
    "deaths", "killings", "events", "removals", "captures", "municipalities", "states",
    "people", "population", "exercises",
})
# Not "victims" or "cases": they name series (sesnsp_victims) whose tables hold rates.

#: Header words that make it a rate, share or amount even if a count word is there
#: ("homicides per 100,000", "count_change"); "key" is the claims table's mixed
#: "Key number" column, whose text the prose rules check.
RATE_WORDS = frozenset({
    "rate", "rates", "per", "share", "ratio", "mean", "average", "median", "pct", "percent",
    "change", "gap", "estimate", "lower", "upper", "relative", "value", "amount", "usd",
    "million", "millions", "dollars", "constant", "current", "kilobytes", "key",
})

#: Whole cell texts that are a missing value printed raw.
MISSING_CELLS = frozenset({"<NA>", "NaN", "nan", "NaT", "None", "null", "<NaN>"})

#: Cell texts that are a missing value shown as readers expect it.
SHOWN_MISSING = frozenset({"—", "–", "-", ""})

_MISSING = re.compile(r"<NA>|<NaN>|\bNaN\b|\bNaT\b|\bnan\b")
_LONG_DECIMALS = re.compile(r"(?<![\w.])\d+\.\d{5,}(?![\d])")
_PLURAL_S = re.compile(r"\b[A-Za-z]+\(s\)")
_ENDS_POINT_ZERO = re.compile(r"(?<![\w.,])\d{1,3}(?:,\d{3})*(?:\d*)\.0+(?![\d.])")
_YEAR_POINT_ZERO = re.compile(r"(?<![\w.,])(?:1[5-9]|20)\d{2}\.0+(?![\d.])")
_COUNT_POINT_ZERO = re.compile(
    r"(?<![\w.,])\d[\d,]*\.0+\s+(?:(?!per\b)[A-Za-z-]+\s+)?"
    r"(?:homicides|killings|deaths|victims|events|removals|captures|municipalities|states"
    r"|leaders|people|exercises)\b")
#: Identifiers whose digits are not numbers a reader reads (DOIs, arXiv ids, URLs).
_IDENTIFIERS = re.compile(r"(?:\bdoi:\s*|\barXiv:\s*|https?://|\b10\.\d{4,}/)\S+")

#: Elements whose text is not prose: code, maths, drawings, page furniture.
_NOT_PROSE = ("script", "style", "svg", "pre", "code", "iframe", "footer", "nav", "math",
              "div.highlight", "div.cell_input", "div.math", "span.math", "div.sd-tab-set")


@dataclass(frozen=True)
class Finding:
    """One number (or missing value) a reader should not see.

    Attributes
    ----------
    kind : str
        ``"missing"`` (``<NA>``, ``NaN``...), ``"empty row"``, ``"decimals"`` (5+),
        ``"plural (s)"``, ``"count .0"`` (a count, year or rank with ``.0``).
    where : str
        ``"prose"``, ``"output"`` or ``"table N, column '...'"``.
    text : str
        The offending text with a little context.
    """

    kind: str
    where: str
    text: str


@dataclass
class PageScan:
    """What was checked on one page, and what was found."""

    page: str
    tables: int = 0
    cells: int = 0
    count_cells: int = 0
    prose_words: int = 0
    outputs: int = 0
    findings: list[Finding] = field(default_factory=list)


def _words(label: str) -> set[str]:
    return set(re.findall(r"[a-z]+", label.lower()))


def is_count_header(label: str) -> bool:
    """Whether a table header names a count, a year or a rank (not a rate or amount).

    Examples
    --------
    >>> [is_count_header(h) for h in ("n_events", "homicides_2013", "fiscal_year", "Rank")]
    [True, True, True, True]
    >>> [is_count_header(h) for h in ("rate_2013", "Homicides per 100,000", "gap %", "alias")]
    [False, False, False, False]
    """
    words = _words(label)
    return bool(words & COUNT_WORDS) and not (words & RATE_WORDS) and "%" not in label


def _context(text: str, match: re.Match, width: int = 40) -> str:
    start, end = max(0, match.start() - width), match.end() + width
    return " ".join(text[start:end].split())


def _table_grid(table: Tag) -> tuple[list[list[Tag | None]], int]:
    """Lay the table's cells on a grid (spans repeated); count its header rows."""
    rows = table.find_all("tr")
    grid: list[list[Tag | None]] = []
    pending: dict[int, tuple[int, Tag]] = {}
    for tr in rows:
        cells = iter(tr.find_all(["th", "td"], recursive=False))
        row: list[Tag | None] = []
        col = 0
        cell = next(cells, None)
        while cell is not None or any(c >= col for c in pending):
            if col in pending:
                left, spanning = pending.pop(col)
                row.append(spanning)
                if left > 1:
                    pending[col] = (left - 1, spanning)
                col += 1
                continue
            if cell is None:
                row.append(None)
                col += 1
                continue
            span = int(cell.get("colspan", 1) or 1)
            down = int(cell.get("rowspan", 1) or 1)
            for k in range(span):
                row.append(cell)
                if down > 1:
                    pending[col + k] = (down - 1, cell)
            col += span
            cell = next(cells, None)
        grid.append(row)
    thead = table.find("thead")
    n_head = len(thead.find_all("tr")) if thead else 0
    if not thead:  # no <thead>: leading rows made only of <th> are the header
        for row in grid:
            if row and all(c is not None and c.name == "th" for c in row):
                n_head += 1
            else:
                break
    return grid, n_head


def _text(cell: Tag | None) -> str:
    return "" if cell is None else " ".join(cell.get_text(" ", strip=True).split())


def _prose_findings(text: str, where: str) -> Iterator[Finding]:
    text = _IDENTIFIERS.sub(" ", text)
    for pattern, kind in ((_MISSING, "missing"), (_LONG_DECIMALS, "decimals"),
                          (_PLURAL_S, "plural (s)"), (_YEAR_POINT_ZERO, "count .0"),
                          (_COUNT_POINT_ZERO, "count .0")):
        for match in pattern.finditer(text):
            yield Finding(kind, where, _context(text, match))


def scan_table(table: Tag, number: int, scan: PageScan) -> None:
    """Check one table's cells into ``scan`` (see the module's rules)."""
    grid, n_head = _table_grid(table)
    width = max((len(r) for r in grid), default=0)
    headers = []
    for j in range(width):
        parts = []
        for row in grid[:n_head]:
            label = _text(row[j]) if j < len(row) else ""
            if label and label not in parts:
                parts.append(label)
        headers.append(" ".join(parts))
    scan.tables += 1
    for i, row in enumerate(grid[n_head:], start=1):
        row_label = " ".join(_text(c) for c in row if c is not None and c.name == "th")
        data = [_text(c) for c in row if c is not None and c.name == "td"]
        if len(data) >= 2 and all(d in SHOWN_MISSING or d in MISSING_CELLS for d in data):
            scan.findings.append(Finding("empty row", f"table {number}, row {i}",
                                         f"{row_label}: {' | '.join(data)}"))
        for j, cell in enumerate(row):
            if cell is None or (j and row[j - 1] is cell):
                continue
            text = _text(cell)
            header = headers[j] if j < len(headers) else ""
            where = f"table {number}, column {header!r}"
            scan.cells += 1
            if text in MISSING_CELLS or _MISSING.search(text):
                scan.findings.append(Finding("missing", where, f"row {i}: {text[:80]}"))
            count_like = is_count_header(header) or (
                cell.name == "td" and is_count_header(row_label) and not _words(header)
                & RATE_WORDS)
            point_zero = list(_ENDS_POINT_ZERO.finditer(text)) if count_like else []
            scan.count_cells += count_like
            for match in point_zero:
                scan.findings.append(Finding("count .0", where,
                                             f"row {i}: {_context(text, match)}"))
            for finding in _prose_findings(text, where):  # once per number
                if finding.kind != "missing" and not (point_zero and finding.kind == "count .0"):
                    scan.findings.append(finding)


def scan_page(html: str, page: str = "page.html") -> PageScan:
    """Scan one built page's article for numbers readers should not see.

    Parameters
    ----------
    html : str
        The page's HTML.
    page : str
        Its name, for the report.

    Returns
    -------
    PageScan
        What was checked (tables, cells, count cells, prose words, outputs)
        and the findings.

    Examples
    --------
    >>> html = ('<article><p>Calderón: 24.0 removals, CC BY 4.0.</p><table>'
    ...         '<thead><tr><th>year</th><th>rate</th><th>alias</th></tr></thead>'
    ...         '<tr><td>2014</td><td>68.0</td><td>&lt;NA&gt;</td></tr></table></article>')
    >>> [(f.kind, f.where) for f in scan_page(html).findings]
    [('missing', "table 1, column 'alias'"), ('count .0', 'prose')]
    """
    soup = BeautifulSoup(html, "html.parser")
    root = soup.find("article") or soup.find("main") or soup
    scan = PageScan(page)
    for output in root.select("div.cell_output pre, div.output pre"):
        scan.outputs += 1
        text = output.get_text()
        for match in _MISSING.finditer(text):
            scan.findings.append(Finding("missing", "output", _context(text, match)))
    for number, table in enumerate(root.find_all("table"), start=1):
        scan_table(table, number, scan)
    for table in root.find_all("table"):
        table.decompose()
    for selector in _NOT_PROSE:
        for element in root.select(selector):
            element.decompose()
    prose = root.get_text(" ")
    scan.prose_words = len(prose.split())
    scan.findings.extend(_prose_findings(prose, "prose"))
    return scan


def site_pages(html_root: Path) -> list[Path]:
    """List the built pages a reader reads (no search, index or theme files)."""
    skip = {"_static", "_sources", "_images", "_downloads"}
    return sorted(p for p in Path(html_root).rglob("*.html")
                  if not skip & set(p.relative_to(html_root).parts)
                  and p.name not in {"genindex.html", "search.html", "py-modindex.html"})


def scan_site(html_root: Path) -> list[PageScan]:
    """Scan every page of a built book (see :func:`scan_page`)."""
    root = Path(html_root)
    if not root.is_dir():
        raise ValueError(f"html_root={str(root)!r} is not a folder; give the built HTML "
                         "folder (e.g. _build/html).")
    return [scan_page(p.read_text(encoding="utf-8"), p.relative_to(root).as_posix())
            for p in site_pages(root)]


def format_table(scans: list[PageScan]) -> str:
    """Tabulate, per page, what was checked and how many findings there were."""
    head = ("page", "tables", "cells", "count cells", "prose words", "outputs", "findings")
    rows = [(s.page, s.tables, s.cells, s.count_cells, s.prose_words, s.outputs,
             len(s.findings)) for s in scans]
    widths = [max(len(str(r[k])) for r in [head, *rows]) for k in range(len(head))]
    lines = ["  ".join(str(v).ljust(w) if k == 0 else str(v).rjust(w)
                       for k, (v, w) in enumerate(zip(row, widths, strict=True)))
             for row in [head, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for s in scans:
        for f in s.findings:
            lines.append(f"{s.page}: {f.kind} in {f.where}: {f.text}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the per-page table; exit status 1 if any page has a finding."""
    args = sys.argv[1:] if argv is None else argv
    scans = scan_site(Path(args[0] if args else "_build/html"))
    print(format_table(scans))
    return 1 if any(s.findings for s in scans) else 0


if __name__ == "__main__":
    raise SystemExit(main())
