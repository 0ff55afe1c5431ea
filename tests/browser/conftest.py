"""Browser harness: the built book served on 127.0.0.1 and opened in Debian's Chromium.

Every test here carries the ``browser`` marker. A missing Chromium, npm or npm
package FAILS the tests (CI installs them); nothing is skipped for that.

The site is the strict build of the ``book_html`` fixture (one build per test
run). ``KINGPIN_BROWSER_SITE=_build/html`` tests an existing build instead
(handy while writing chapters; CI never sets it).
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil
import pytest
from harness import (
    AXE_JS,
    AXE_RUN_JS,
    COLLECT_JS,
    HERE,
    PageReport,
    all_pages,
    chapter_pages,
    editions,
    ensure_node_modules,
    page_id,
)

from booktools.browser import CdnMirror, Visit, launch, open_page, serve, visit


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "page" in metafunc.fixturenames:
        metafunc.parametrize("page", all_pages(), ids=page_id)
    if "chapter" in metafunc.fixturenames:
        metafunc.parametrize("chapter", chapter_pages(), ids=page_id)
    explicit = {name.strip() for marker in metafunc.definition.iter_markers("parametrize")
                for name in (marker.args[0].split(",") if isinstance(marker.args[0], str)
                             else marker.args[0])}
    if "edition" in metafunc.fixturenames and "edition" not in explicit:
        metafunc.parametrize("edition", editions())  # a test of one page, in each edition


@pytest.fixture(scope="session")
def site(request: pytest.FixtureRequest) -> Path:
    """The built HTML: KINGPIN_BROWSER_SITE if set, else the session's strict build."""
    override = os.environ.get("KINGPIN_BROWSER_SITE")
    if override:
        return Path(override).resolve()
    return request.getfixturevalue("book_html")


@dataclass
class Browser:
    """A running Chromium, the served site and the CDN mirror."""

    base: str
    root: Path
    browser: Any
    mirror: CdnMirror
    reports: dict[str, PageReport] = field(default_factory=dict)

    def open(self, page_path: str, viewport: dict[str, int] | None = None,
             color_scheme: str = "light") -> tuple[Any, Visit]:
        """Open ``page_path`` (relative to the site) in a fresh context; close it after.

        ``viewport`` (``{"width": ..., "height": ...}``, default 1280×900) and
        ``color_scheme`` (``"light"`` or ``"dark"``, what ``prefers-color-scheme``
        sees) are set before the page loads.
        """
        page, record = open_page(self.browser, self.mirror, self.base)
        if viewport:
            page.set_viewport_size(viewport)
        page.emulate_media(color_scheme=color_scheme)
        try:
            visit(page, record, self.base + page_path)
        except Exception:
            page.context.close()
            raise
        return page, record


@pytest.fixture(scope="session")
def chromium(site: Path) -> Any:
    from playwright.sync_api import sync_playwright

    mirror = CdnMirror(ensure_node_modules())
    with serve(site) as base, sync_playwright() as playwright:
        try:
            browser = launch(playwright)
        except FileNotFoundError as exc:
            pytest.fail(str(exc))
        yield Browser(base, site, browser, mirror)
        browser.close()
        # Leaving sync_playwright waits for its node driver to exit; once, on a loaded
        # machine, it never did and the run hung. Kill the driver if it lingers.
        drivers = [child for child in psutil.Process().children()
                   if "run-driver" in " ".join(child.cmdline())]

        def kill_drivers() -> None:
            for driver in drivers:
                if driver.is_running():
                    driver.kill()

        watchdog = threading.Timer(30, kill_drivers)
        watchdog.daemon = True
        watchdog.start()


@pytest.fixture(scope="session")
def report(chromium: Browser) -> Any:
    """``report(page_path) -> PageReport``: load the page once, collect, run axe-core."""

    def get(page_path: str) -> PageReport:
        if page_path not in chromium.reports:
            page, record = chromium.open(page_path)
            try:
                # the page's own errors; axe-core's stylesheet fetches (which resolve
                # @import against the page, 404) come later and are not the book's
                page_errors = list(record.errors)
                data = page.evaluate(COLLECT_JS)
                frames = [frame.evaluate(COLLECT_JS) for frame in page.frames[1:]
                          if not frame.is_detached()]
                for frame in page.frames:
                    frame.add_script_tag(path=str(AXE_JS))
                axe = page.evaluate(AXE_RUN_JS)
                shots = os.environ.get("KINGPIN_SCREENSHOTS")
                if shots:
                    Path(shots).mkdir(parents=True, exist_ok=True)
                    page.screenshot(path=str(Path(shots) / (page_path.replace("/", "_") + ".png")),
                                    full_page=True)
            finally:
                page.context.close()
            record.errors = page_errors
            chromium.reports[page_path] = PageReport(page_path, record, data, frames, axe)
        return chromium.reports[page_path]

    return get
