"""Sweep of the Spanish edition for English a reader sees (issue 19, item 2).

Every page of the built Spanish edition is read as a reader reads it:

* **prose** -- the visible text of the page's main content (the article), alt texts
  included, without what is meant to stay as written: code (cell inputs, ``<code>``,
  ``<pre>``), math, quotations (``<blockquote>``, text in «», “” or "" quotes), words
  in italics (the book's way of giving an English original term, *appropriated*) and
  the titles of the reference list's works. A run of :data:`WINDOW` consecutive words
  of which at least :data:`MIN_FUNCTION_WORDS` are English function words
  (:data:`FUNCTION_WORDS`) is English: Spanish never has three of them in four words,
  proper names rarely more than one.
* **figure text** -- labels drawn by code: the ``<text>`` of inline and linked SVG
  charts, the explorers (``.kp-explorer``: controls, options, aria labels), and the
  strings of the folium maps (``<iframe srcdoc>``: tooltips, legends, popups). A whole
  word of :data:`ENGLISH_UI` there is an English label.

The build tests run it on the edition ``make book`` builds (``-m build``). To sweep a
Spanish build made by hand (``python -m booktools.i18n_build build --output DIR/html
--work DIR``), set ``KINGPIN_SPANISH_HTML=DIR/html``; ``python tests/test_spanish_sweep.py
DIR/html`` prints the findings.
"""

from __future__ import annotations

import html
import os
import re
import sys
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

#: English function words (none is a Spanish word, except "per" of "per cápita").
FUNCTION_WORDS = frozenset("""
the of and to in is are was were with for by from that which this these those per than
on at as it its be been has have had not or an their there they into after before between
under over about would could should will can who whose what when where while each every
""".split())
#: Words in a window, and how many of them must be English function words.
WINDOW, MIN_FUNCTION_WORDS = 4, 3
#: English labels a chart, map or explorer of the Spanish edition must not show.
ENGLISH_UI = (
    "Year", "Years", "Month", "Months", "Homicides", "homicides", "Homicide rate", "Rate",
    "per 100,000", "State", "States", "National", "Municipality", "Population",
    "Captures", "Captured", "captured", "Killed", "killed", "Capture", "Events", "events",
    "Event", "Before", "After", "before", "after", "months", "Share", "Legend", "No data",
    "no data", "Highest", "Lowest", "Median", "Mean", "Play", "Pause", "Select", "Choose",
    "Organisation", "Organization", "Presidency", "Term", "Source", "Treated", "Comparison",
    "Change", "Band", "Period", "Count", "Fiscal year", "million", "dollars", "Appropriated",
    "Obligated", "Disbursed", "Appropriation", "Obligation", "Disbursement", "Request",
    "Not significant", "High-High", "Low-Low", "High-Low", "Low-High", "Cluster", "Lead",
    "Lag", "Estimate", "Coefficient", "Leader", "Lieutenant", "Arrest", "Arrested",
    "and", "the", "of", "per", "from", "to",
)

_SKIP_TAGS = {"script", "style", "code", "pre", "math", "blockquote", "em", "nav", "button",
              "template", "noscript"}
_SKIP_CLASSES = {"cell_input", "highlight", "math", "headerlink", "MathJax", "mjx-container",
                 "kp-lang-switch", "toggle-details__summary", "sd-summary-up", "sd-summary-down"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr"}
_QUOTED = re.compile(r"«[^»]*»|“[^”]*”|\"[^\"\n]*\"")
_WORD = re.compile(r"[A-Za-zÀ-ÿ’'-]+")


@dataclass(frozen=True)
class Finding:
    """One piece of English on a Spanish page."""

    page: str
    kind: str  # "prose" or "figure"
    text: str

    def __str__(self) -> str:
        return f"{self.page} [{self.kind}] {self.text}"


class _Page(HTMLParser):
    """Collect a page's prose (main content) and figure texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, bool, bool]] = []  # tag, skip, figure, citation
        self.prose: list[str] = []
        self.figure: list[str] = []
        self.citations: list[str] = []
        self.srcdocs: list[str] = []
        self.images: list[str] = []
        self._in_article = 0

    def _state(self) -> tuple[bool, bool, bool]:
        if not self.stack:
            return False, False, False
        _, skip, figure, citation = self.stack[-1]
        return skip, figure, citation

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = set(a.get("class", "").split())
        skip, figure, citation = self._state()
        if tag == "article" and "bd-article" in classes:
            self._in_article += 1
        in_main = self._in_article > 0
        figure = figure or tag == "svg" or "kp-explorer" in classes
        citation = citation or "citation" in classes
        skip = skip or tag in _SKIP_TAGS or bool(classes & _SKIP_CLASSES)
        if in_main:
            if tag == "img" and a.get("alt") and "logo" not in a.get("src", ""):
                self.prose.append(a["alt"])
                if a.get("src", "").endswith(".svg"):
                    self.images.append(a["src"])
            if tag == "iframe" and a.get("srcdoc"):
                self.srcdocs.append(a["srcdoc"])
            if figure:
                self.figure.extend(a[k] for k in ("aria-label", "title", "placeholder")
                                   if a.get(k))
        if tag not in _VOID:
            self.stack.append((tag, skip, figure, citation))

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        while self.stack:
            top = self.stack.pop()[0]
            if top == tag:
                break
        if tag == "article" and self._in_article:
            self._in_article -= 1

    def handle_data(self, data: str) -> None:
        if not self._in_article or not data.strip():
            return
        skip, figure, citation = self._state()
        if figure and (self.stack and self.stack[-1][0] in ("text", "tspan", "option", "label",
                                                            "span", "div", "p", "th", "td",
                                                            "caption", "legend", "title",
                                                            "summary", "figcaption")):
            self.figure.append(data)
        if skip:
            return
        (self.citations if citation else self.prose).append(data)


def english_runs(text: str) -> list[str]:
    """Return the English stretches of ``text`` (quotations left out).

    Examples
    --------
    >>> english_runs("La tasa subió. Written days after the capture of Omar Treviño.")
    ['Written days after the capture of Omar Treviño']
    >>> english_runs("La tasa de homicidios per cápita en el año; «one of the best»")
    []
    """
    words = _WORD.findall(_QUOTED.sub(" ", text))
    flags = [w.lower() in FUNCTION_WORDS for w in words]
    hits = [i for i in range(len(words) - WINDOW + 1)
            if sum(flags[i:i + WINDOW]) >= MIN_FUNCTION_WORDS]
    runs: list[str] = []
    start = end = None
    for i in hits:
        if start is not None and i <= end:
            end = i + WINDOW
            continue
        if start is not None:
            runs.append(" ".join(words[max(0, start - 2):end + 2]))
        start, end = i, i + WINDOW
    if start is not None:
        runs.append(" ".join(words[max(0, start - 2):end + 2]))
    return runs


def english_labels(texts: list[str]) -> list[str]:
    """Return the texts that contain a whole word (or phrase) of :data:`ENGLISH_UI`.

    Examples
    --------
    >>> english_labels(["Año", "Homicides per 100,000", "Tasa", "Sinaloa"])
    ['Homicides per 100,000']
    """
    found = []
    for text in texts:
        text = " ".join(text.split())
        if any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text) for w in ENGLISH_UI):
            found.append(text)
    return found


@cache
def reference_titles() -> tuple[str, ...]:
    """The titles of ``references.bib``'s works as the reference list prints them."""
    from pybtex.database import parse_file

    from booktools.citations import AuthorYearStyle, register

    register()
    style = AuthorYearStyle()
    titles = []
    for entry in parse_file(str(REPO / "references.bib")).entries.values():
        if "title" in entry.fields:
            template = style.format_title(entry, "title")
            text = template.format_data({"entry": entry, "style": style}).render_as("text")
            titles.append(" ".join(text.split()).rstrip("."))
    return tuple(sorted(titles, key=len, reverse=True))


def _without_titles(text: str) -> str:
    """A reference list's text without the works' titles (kept as published)."""
    text = " ".join(text.split())
    for title in reference_titles():
        text = text.replace(title, " ")
    return text


_JS_STRING = re.compile(r"\"((?:[^\"\\\n]|\\.){2,200})\"|'((?:[^'\\\n]|\\.){2,200})'")


def _srcdoc_texts(srcdoc: str) -> list[str]:
    """Strings of a folium map a reader can see: its HTML text and its scripts' labels."""
    inner = _Page()
    inner.feed(f'<article class="bd-article">{srcdoc}</article>')
    texts = [t for t in inner.prose if t.strip()]
    for script in re.findall(r"(?s)<script[^>]*>(.*?)</script>", srcdoc):
        script = re.sub(r"\|\|\s*\[[^\]]*\]", "", script)  # code's fallbacks: data override them
        for m in _JS_STRING.finditer(script):
            value = html.unescape(m[1] or m[2] or "")
            if re.search(r"[A-Za-z]{3,} [A-Za-z]", value) or re.fullmatch(r"[A-Z][a-z]+", value):
                if not re.search(r"https?:|\.js|\.css|[{};=]|function", value):
                    texts.append(value)
    return texts


def sweep_page(path: Path, html_root: Path) -> list[Finding]:
    """Return the English found on one built page (see the module)."""
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    name = path.relative_to(html_root).as_posix()
    found: list[Finding] = []
    text = " ".join(page.prose)
    found += [Finding(name, "prose", run) for run in english_runs(text)]
    for entry in re.split(r"(?=\[[^\]]+\])", " ".join(page.citations)):
        found += [Finding(name, "reference note", run)
                  for run in english_runs(_without_titles(entry))]
    figure = list(page.figure)
    for src in page.images:
        image = (path.parent / src).resolve()
        if image.is_file():
            figure += re.findall(r"<text[^>]*>([^<]+)</text>", image.read_text("utf-8"))
    for srcdoc in page.srcdocs:
        figure += _srcdoc_texts(srcdoc)
    found += [Finding(name, "figure", t) for t in dict.fromkeys(english_labels(figure))]
    return found


def sweep(html_root: Path) -> list[Finding]:
    """Return the English found on every chapter page of a built Spanish edition."""
    pages = sorted((html_root / "chapters").rglob("*.html"))
    return [f for p in pages for f in sweep_page(p, html_root)]


# --- tests --------------------------------------------------------------------------------

def test_english_runs_finds_english_and_spares_spanish():
    assert english_runs("El número de homicidios en el estado, por año y por sexenio.") == []
    assert english_runs("Version of 21 August 2009 for the use of the Congress")
    assert english_runs("dijo: “the rate of homicides in the state” y") == []


def test_english_labels_whole_words_only():
    assert english_labels(["Estados", "Tasa por cada 100 mil", "Mediana"]) == []
    assert english_labels(["Year", "Rate (per 100,000)"]) == ["Year", "Rate (per 100,000)"]


def test_page_parser_skips_code_quotes_and_takes_figures(tmp_path):
    page = tmp_path / "chapters" / "x.html"
    page.parent.mkdir()
    page.write_text(
        '<html><body><nav>Skip to the main content of the book</nav>'
        '<article class="bd-article"><p>Un párrafo en español.</p>'
        '<div class="cell_input"><pre>the rate of the state is</pre></div>'
        '<p>Esto es <em>one of the best in the world</em>, y '
        '<code>that is the one</code>.</p>'
        '<blockquote>It is the end of the line</blockquote>'
        '<p>Left over in the text of the page by mistake.</p>'
        '<svg><text>Year</text><text>Tasa</text></svg>'
        '<div class="kp-explorer" aria-label="Explorador"><label>State</label></div>'
        '</article></body></html>', encoding="utf-8")
    found = sweep_page(page, tmp_path)
    assert [f.kind for f in found] == ["prose", "figure", "figure"]
    assert "in the text of" in found[0].text
    assert {f.text for f in found[1:]} == {"Year", "State"}


def _spanish_html(request: pytest.FixtureRequest) -> Path:
    given = os.environ.get("KINGPIN_SPANISH_HTML")
    if given:
        return Path(given)
    request.getfixturevalue("book_html")  # the strict build of both editions (conftest)
    return REPO / "_build" / "html" / "es"


@pytest.mark.build
def test_no_english_on_spanish_pages(request):
    html_root = _spanish_html(request)
    findings = sweep(html_root)
    assert len(sorted((html_root / "chapters").rglob("*.html"))) >= 14
    assert not findings, f"{len(findings)} English passages on Spanish pages:\n" + "\n".join(
        str(f) for f in findings)


if __name__ == "__main__":
    for finding in sweep(Path(sys.argv[1])):
        print(finding)
