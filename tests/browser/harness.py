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


def _only(pages: list[str]) -> list[str]:
    """Pages kept by ``KINGPIN_BROWSER_PAGES`` (comma-separated; for working on a chapter)."""
    only = [p.strip() for p in os.environ.get("KINGPIN_BROWSER_PAGES", "").split(",") if p.strip()]
    return pages if not only else [p for p in only if p in pages or p not in all_known()]


def all_known() -> list[str]:
    return [f"{name}.html" for name in toc_docnames()] + list(EXTRA_PAGES)


def chapter_pages() -> list[str]:
    """The pages of _toc.yml (``chapters/intro.html``...)."""
    return _only([f"{name}.html" for name in toc_docnames()])


def all_pages() -> list[str]:
    """Every page to test: the chapters and Sphinx's index and search pages."""
    return _only(all_known())


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
  };
}"""


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
