"""The Binder check: the environment repo2docker would build, a Jupyter server, Chromium.

Every test here carries the ``binder`` and ``slow`` markers (select them with ``-m binder``,
skip them with ``-m "not binder"``; ``make test-fast`` leaves them out). The environment is
built once by :mod:`booktools.binder` under ``~/.cache/kingpin-book/binder-env/<key>``
(``KINGPIN_BINDER_CACHE`` moves it) and reused while repo2docker's lock, ``runtime.txt``,
the requirements files and ``postBuild`` stay the same.
The book's pages come from the session's strict build (``book_html``), or from
``KINGPIN_BROWSER_SITE`` like the browser tests. ``KINGPIN_SCREENSHOTS=<dir>`` keeps a
screenshot of every screenful (1366 px wide).
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest
from binder_harness import HERE, REPO, REPORT, VIEWPORT

from booktools import binder
from booktools.browser import NODE_MODULES, CdnMirror, launch


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "binder: end-to-end check of the Binder launch (builds the environment; slow)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.binder)
            item.add_marker(pytest.mark.slow)  # outside make test-fast


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if REPORT:
        terminalreporter.section("Binder launch check")
        for line in REPORT:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def site(request: pytest.FixtureRequest) -> Path:
    """The built HTML: KINGPIN_BROWSER_SITE if set, else the session's strict build."""
    override = os.environ.get("KINGPIN_BROWSER_SITE")
    if override:
        return Path(override).resolve()
    return request.getfixturevalue("book_html")


@pytest.fixture(scope="module")
def binder_env() -> Any:
    """The environment Binder builds, from repo2docker's own lock (cached between runs;
    another run using the same cache waits until this module is done with it)."""
    cache = Path(os.environ.get("KINGPIN_BINDER_CACHE") or binder.DEFAULT_CACHE)
    start = time.monotonic()
    with binder.using(REPO, cache) as env:
        REPORT.append(env.summary())
        REPORT.append(f"  (this run: {time.monotonic() - start:.0f} s to build or refresh it)")
        print("\n" + env.summary())
        yield env


@pytest.fixture(scope="module")
def jupyter(binder_env: binder.BinderEnv) -> Any:
    """``jupyter server`` of the environment, rooted in its $HOME (the repository copy).

    ``expose_app_in_browser`` lets the tests read the notebook's state (execution counts,
    error outputs) from the page; it changes nothing a reader sees.
    """
    with binder.jupyter_server(
            binder_env, extra_args=("--JupyterNotebookApp.expose_app_in_browser=True",)
    ) as server:
        yield server


@pytest.fixture(scope="module")
def chromium() -> Any:
    """Chromium for this module only: one sync Playwright may run at a time in the
    process, and the browser tests (tests/browser) start their own after this one."""
    from playwright.sync_api import sync_playwright

    try:
        mirror = CdnMirror(NODE_MODULES)
    except FileNotFoundError as exc:
        pytest.fail(str(exc))
    with sync_playwright() as playwright:
        try:
            browser = launch(playwright)
        except FileNotFoundError as exc:
            pytest.fail(str(exc))
        yield browser, mirror
        browser.close()


@pytest.fixture
def reader(chromium: Any, jupyter: binder.Server) -> Any:
    """A fresh browser page whose CDN requests are answered locally (no internet here)."""
    browser, mirror = chromium
    context = browser.new_context(viewport=VIEWPORT)
    blocked: list[str] = []
    context.route(lambda url: not url.startswith(jupyter.url), mirror.handler(blocked))
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.errors = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))  # type: ignore[attr-defined]
    yield page
    context.close()
    jupyter.shutdown_kernels()  # each notebook's kernel holds a few hundred MB


@pytest.fixture(scope="session")
def shots() -> Path | None:
    """Folder for screenshots (KINGPIN_SCREENSHOTS), or None."""
    folder = os.environ.get("KINGPIN_SCREENSHOTS")
    if not folder:
        return None
    path = Path(folder).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path
