"""The 404 page as GitHub Pages serves it: for any missing address, at any depth of the site.

The page carries ``<base href>`` = ``html.baseurl``, so its styles, scripts and links load
from the published address. Here Chromium asks for that address and every request to it
is answered from the built site (a missing file gets ``404.html`` with status 404, as on
GitHub Pages); other hosts go through the CDN mirror as for every other page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from harness import AXE_JS, AXE_RUN_JS, dump, editions

from booktools.publish import book_settings
from booktools.toc import toc_docnames

BASEURL = book_settings()["baseurl"]
MISSING = "chapters/an/old/address/that-moved.html"


def _answer(root: Path, record: list[str]) -> Any:
    def route(route: Any) -> None:
        relative = route.request.url.split("#", 1)[0].split("?", 1)[0][len(BASEURL):]
        target = root / (relative or "index.html")
        if target.is_dir():
            target = target / "index.html"
        if target.is_file() and target.resolve().is_relative_to(root.resolve()):
            route.fulfill(path=str(target))
        else:
            record.append(route.request.url)
            route.fulfill(path=str(root / "404.html"), status=404)
    return route


@pytest.fixture(scope="module")
def not_found(chromium) -> Any:
    """The 404 page opened at a deep missing address of the published site."""
    yield from _visit(chromium, MISSING)


def _visit(chromium, missing_address: str) -> Any:
    context = chromium.browser.new_context(viewport={"width": 1280, "height": 900})
    blocked: list[str] = []
    missing: list[str] = []
    errors: list[str] = []
    context.route(lambda url: not url.startswith(BASEURL), chromium.mirror.handler(blocked))
    context.route(lambda url: url.startswith(BASEURL), _answer(chromium.root, missing))
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    page.on("console", lambda msg: errors.append(f"console.{msg.type}: {msg.text}")
            if msg.type == "error" else None)
    response = page.goto(BASEURL + missing_address, wait_until="load")
    page.wait_for_load_state("networkidle")
    yield {"page": page, "status": response.status, "errors": errors, "blocked": blocked,
           "missing": missing}
    context.close()


def test_it_is_served_with_status_404_and_loads_only_existing_files(not_found):
    assert not_found["status"] == 404
    assert not_found["missing"] == [BASEURL + MISSING], (
        "the page asked for files that the site does not have:\n" + dump(not_found["missing"]))
    assert not not_found["blocked"], dump(not_found["blocked"])


def test_it_runs_without_javascript_errors(not_found):
    # Chromium logs the page's own status 404; every other 404 fails the test above.
    own = "console.error: Failed to load resource: the server responded with a status of 404"
    errors = [e for e in not_found["errors"] if not e.startswith(own)]
    assert not errors, dump(errors)


def test_it_is_styled_by_the_theme(not_found):
    page = not_found["page"]
    sheets = page.evaluate("""() => Array.from(document.querySelectorAll('link[rel=stylesheet]'))
        .map(link => [link.href, link.sheet !== null])""")
    assert sheets and all(loaded for _, loaded in sheets), sheets
    assert all(href.startswith(BASEURL) for href, _ in sheets), sheets
    assert page.locator(".bd-sidebar-primary").first.is_visible()


def test_its_links_point_into_the_published_book(not_found):
    page = not_found["page"]
    main = page.locator("main, article").first
    hrefs = main.locator("a").evaluate_all("links => links.map(a => a.href)")
    for doc in toc_docnames():
        assert f"{BASEURL}{doc}.html" in hrefs, doc
    assert page.locator("form[role=search]").first.evaluate("f => f.action") \
        == BASEURL + "search.html"


def test_a_chapter_link_opens_the_chapter(not_found):
    page = not_found["page"]
    first = toc_docnames()[0]
    page.locator(f'main a[href="{first}.html"], article a[href="{first}.html"]').first.click()
    page.wait_for_url(f"{BASEURL}{first}.html")
    assert page.locator("h1").first.inner_text().strip()


def test_no_serious_accessibility_violations(not_found):
    page = not_found["page"]
    page.goto(BASEURL + MISSING, wait_until="load")
    page.add_script_tag(path=str(AXE_JS))
    violations = page.evaluate(AXE_RUN_JS)
    assert not violations, dump(violations)


# -- a missing address of the Spanish edition: the same one 404.html, in Spanish ----------

@pytest.fixture(scope="module")
def not_found_es(chromium) -> Any:
    """The 404 page opened at a missing address under ``es/`` (kingpin-reading.js)."""
    if "es" not in editions():
        pytest.skip("KINGPIN_BROWSER_EDITIONS leaves out the Spanish edition")
    yield from _visit(chromium, "es/" + MISSING)


def test_a_missing_spanish_address_gets_the_page_in_spanish(not_found_es):
    page = not_found_es["page"]
    assert not_found_es["status"] == 404
    assert not_found_es["missing"] == [BASEURL + "es/" + MISSING], dump(not_found_es["missing"])
    own = "console.error: Failed to load resource: the server responded with a status of 404"
    assert not [e for e in not_found_es["errors"] if not e.startswith(own)], (
        dump(not_found_es["errors"]))
    article = page.locator("article").first
    text = article.inner_text()
    assert page.evaluate("document.documentElement.lang") == "es"
    assert article.locator("h1").inner_text().strip() == "Página no encontrada"
    english = ["Page not found", "Search the book", "There is no page", "start again",
               "student edition", "report it"]
    assert not [w for w in english if w in text], text
    assert "Página no encontrada" in page.title()
    assert page.locator("form[role=search]").first.evaluate("f => f.action") \
        == BASEURL + "es/search.html"
    # every chapter, at its Spanish address, under its Spanish title (from the edition's nav)
    links = article.locator("li a").evaluate_all(
        "links => links.map(a => [a.href, a.textContent.trim()])")
    hrefs = [href for href, _ in links]
    for doc in toc_docnames():
        assert f"{BASEURL}es/{doc}.html" in hrefs, doc
    titles = dict(links)
    assert titles[f"{BASEURL}es/chapters/intro.html"] != "About this book", links
    nav = page.locator("nav.bd-docs-nav a").evaluate_all("links => links.map(a => a.href)")
    assert nav and all(h.startswith(BASEURL + "es/") for h in nav), nav
