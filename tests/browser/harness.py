"""Shared pieces of the browser tests: which pages exist, what to collect on each."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from booktools.browser import NODE_MODULES, Visit
from booktools.toc import toc_docnames

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"

#: Pages Sphinx writes besides the chapters of _toc.yml (``index.html`` only
#: redirects to the root chapter and is tested for that alone).
EXTRA_PAGES = ("genindex.html", "search.html")

#: The two editions (issue 19, :mod:`booktools.i18n_build`): English at the site's root,
#: Spanish under ``es/``. Every page check runs on both; a page's path says its edition
#: (``es/chapters/intro.html``), and so does its test id.
EDITIONS: dict[str, str] = {"en": "", "es": "es/"}


def editions() -> list[str]:
    """The editions to test: ``KINGPIN_BROWSER_EDITIONS`` (``en``, ``es``, ``en,es``), else both."""
    chosen = [e.strip() for e in os.environ.get("KINGPIN_BROWSER_EDITIONS", "").split(",")
              if e.strip()] or list(EDITIONS)
    unknown = [e for e in chosen if e not in EDITIONS]
    if unknown:
        raise ValueError(f"KINGPIN_BROWSER_EDITIONS={unknown!r}: allowed are {list(EDITIONS)}")
    return chosen


def edition_of(page: str) -> str:
    """``"es"`` for a page of the Spanish edition (``es/...``), else ``"en"``."""
    return next((e for e, prefix in EDITIONS.items() if prefix and page.startswith(prefix)), "en")


def docname_of(page: str) -> str:
    """The page's source name: ``es/chapters/intro.html`` -> ``chapters/intro``."""
    return page.removeprefix(EDITIONS[edition_of(page)]).removesuffix(".html")


def in_edition(page: str, edition: str) -> str:
    """``page`` (a path of the English edition) in ``edition``: ``es/`` + page for Spanish."""
    return EDITIONS[edition] + page


def page_id(page: str) -> str:
    """A test id that names the edition and the page: ``es/chapters/violence-by-state``."""
    return page.removesuffix(".html")


def _only(pages: list[str]) -> list[str]:
    """Pages kept by ``KINGPIN_BROWSER_PAGES`` (comma-separated; for working on a chapter).

    A name without an edition (``chapters/intro.html``) keeps that page in every edition.
    """
    only = [p.strip() for p in os.environ.get("KINGPIN_BROWSER_PAGES", "").split(",") if p.strip()]
    if not only:
        return pages
    kept = [p for p in pages if p in only or p.removeprefix(EDITIONS[edition_of(p)]) in only]
    known = set(all_known()) | set(_english_pages())
    return kept + [p for p in only if p not in known]  # a page that does not exist fails


def _english_pages() -> list[str]:
    return [f"{name}.html" for name in toc_docnames()] + list(EXTRA_PAGES)


def all_known() -> list[str]:
    """Every page the browser tests know, in every edition (whatever the filters)."""
    return [in_edition(p, e) for e in EDITIONS for p in _english_pages()]


def chapter_pages(edition: str | None = None) -> list[str]:
    """The pages of _toc.yml in ``edition`` (default: every tested edition)."""
    chosen = [edition] if edition else editions()
    return _only([in_edition(f"{name}.html", e) for e in chosen for name in toc_docnames()])


def all_pages() -> list[str]:
    """Every page to test, in every tested edition: the chapters, Sphinx's index and search."""
    return _only([in_edition(p, e) for e in editions() for p in _english_pages()])


def ensure_node_modules() -> Path:
    """Install the npm packages of tests/browser/package.json if missing or stale."""
    lock = HERE / "package-lock.json"
    stamp = NODE_MODULES / ".package-lock.json"
    if stamp.is_file() and stamp.stat().st_mtime >= lock.stat().st_mtime:
        return NODE_MODULES
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail("npm is needed for the browser tests (local copies of CDN JavaScript)")
    proc = subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
                          cwd=HERE, capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail(f"npm ci in tests/browser failed:\n{proc.stdout}\n{proc.stderr}")
    return NODE_MODULES


#: Citations in the text: what each link reads, the entry it points to, the text before it.
CITATIONS_JS = """() => Array.from(document.querySelectorAll('a[href*="bibliography.html#"]'))
  .filter(a => !a.closest('.bd-sidebar, nav'))
  .map(a => ({text: a.textContent.replace(/\\s+/g, ' ').trim(),
              id: decodeURIComponent(a.hash.slice(1)),
              before: (() => {  // the text just before the link, e.g. "Calderón et al. ["
                let text = '';
                for (let n = a.previousSibling; n && text.length < 80; n = n.previousSibling) {
                  text = n.textContent + text;
                }
                return text.replace(/\\s+/g, ' ');
              })()}))"""

#: Every pair of neighbouring options of the page's menus, run together ("Under CalderónUnder
#: Peña Nieto"): what a search snippet must not show.
GLUED_JS = """() => Array.from(document.querySelectorAll('select')).flatMap(s => {
  const texts = Array.from(s.options).map(o => o.textContent.trim());
  return texts.slice(1).map((t, i) => texts[i] + t);
})"""

# What one load of a page tells: collected once per page, asserted by several tests.
COLLECT_JS = """() => {
  const name = el => (el.getAttribute('aria-label') || '').trim() ||
      (el.getAttribute('aria-labelledby') || '').split(/\\s+/).map(
          id => (document.getElementById(id) || {}).textContent || '').join(' ').trim() ||
      ((el.querySelector(':scope > title') || {}).textContent || '').trim();
  return {
    images: Array.from(document.images).filter(
        i => !i.classList.contains('leaflet-tile') && !i.classList.contains('leaflet-marker-shadow')
    ).map(i => ({src: i.getAttribute('src') || '', alt: i.getAttribute('alt')})),
    svgs: Array.from(document.querySelectorAll('svg[role=img]')).filter(
        s => !s.closest('[aria-hidden=true]')).map(
        s => ({html: s.outerHTML.slice(0, 120), name: name(s)})),
    links: Array.from(document.querySelectorAll('a[href]')).map(
        a => ({href: a.href, raw: a.getAttribute('href')})),
    binder: Array.from(document.querySelectorAll(
        '.dropdown-launch-buttons a[href*="mybinder.org"]')).map(a => a.href),
    downloads: Array.from(document.querySelectorAll(
        'a.btn-download-source-button, a.btn-download-notebook-button')).map(a => a.href),
    explorers: document.querySelectorAll('.kp-explorer').length,
    quizzes: document.querySelectorAll('div[id^="jq_"]').length,
    citations: ($CITATIONS)(),
    glued: ($GLUED)(),
  };
}""".replace("$CITATIONS", CITATIONS_JS).replace("$GLUED", GLUED_JS)


@dataclass
class PageReport:
    """Everything one page load revealed."""

    path: str
    visit: Visit
    data: dict[str, Any]
    frames: list[dict[str, Any]]
    axe: list[dict[str, Any]]


AXE_RUN_JS = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations'], iframes: true});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical').map(
    v => ({id: v.id, impact: v.impact, help: v.help,
           nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 160)}))}));
}"""


def html_ids(path: Path, cache: dict[Path, set[str]] = {}) -> set[str]:  # noqa: B006
    """Ids and anchor names in an HTML file (cached)."""
    if path not in cache:
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        cache[path] = {t["id"] for t in soup.find_all(id=True)} | {
            t["name"] for t in soup.find_all("a", attrs={"name": True})}
    return cache[path]


def dump(items: Any) -> str:
    return json.dumps(items, indent=1, ensure_ascii=False)
