"""Every page of the book, loaded in Chromium: scripts, images, links, launch buttons."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from harness import (
    EDITIONS,
    REPO,
    all_pages,
    chapter_pages,
    docname_of,
    dump,
    edition_of,
    html_ids,
)

from booktools.notebook_edition import notebook_path


def test_every_built_page_is_tested(site: Path) -> None:
    narrowed = [v for v in ("KINGPIN_BROWSER_PAGES", "KINGPIN_BROWSER_EDITIONS")
                if os.environ.get(v)]
    if narrowed:
        pytest.skip(f"{', '.join(narrowed)} narrow the pages tested on purpose")
    # Both editions: English at the root, Spanish under es/ (their _static and _sources
    # folders hold the theme's templates, not pages).
    built = {p.relative_to(site).as_posix() for p in site.rglob("*.html")
             if not any(part.startswith("_") for part in p.relative_to(site).parts[:-1])}
    # 404.html resolves its links against the published address (<base href>):
    # test_browser_not_found.py opens it there. Each edition's index.html only redirects.
    expected = set(all_pages()) | {"404.html"} | {f"{prefix}index.html"
                                                  for prefix in EDITIONS.values()}
    assert built == expected, (
        f"pages built but not tested: {sorted(built - expected)}; "
        f"tested but not built: {sorted(expected - built)}"
    )


def test_index_redirects_to_the_first_chapter(chromium, edition: str) -> None:
    prefix = EDITIONS[edition]
    page, _ = chromium.open(f"{prefix}index.html")
    try:
        page.wait_for_url(chromium.base + chapter_pages(edition)[0])
        assert page.locator("h1").first.inner_text().strip()
        assert page.evaluate("() => document.documentElement.lang") == edition
    finally:
        page.context.close()


def test_loads_without_javascript_errors(report, page: str) -> None:
    visit = report(page).visit
    assert not visit.errors, f"{page}: JavaScript errors:\n{dump(visit.errors)}"


def test_requests_no_unknown_external_resource(report, page: str) -> None:
    blocked = report(page).visit.blocked
    assert not blocked, (
        f"{page} asked for external resources with no local copy (add the npm package to "
        f"tests/browser/package.json or map the URL in booktools.browser):\n{dump(blocked)}"
    )


def test_every_image_has_alt_text(report, page: str) -> None:
    rep = report(page)
    images = rep.data["images"] + [i for f in rep.frames for i in f["images"]]
    missing = [i["src"][:100] for i in images if not (i["alt"] or "").strip()]
    assert not missing, f"{page}: images without alt text:\n{dump(missing)}"


def test_every_svg_image_has_an_accessible_name(report, page: str) -> None:
    rep = report(page)
    svgs = rep.data["svgs"] + [s for f in rep.frames for s in f["svgs"]]
    unnamed = [s["html"] for s in svgs if not s["name"]]
    assert not unnamed, f"{page}: <svg role=img> without a name:\n{dump(unnamed)}"


def test_internal_links_resolve(report, chromium, page: str) -> None:
    broken = []
    for link in report(page).data["links"]:
        href = link["href"]
        if not href.startswith(chromium.base):
            continue
        parts = urlsplit(href)
        rel = unquote(parts.path)[1:]
        target = chromium.root / rel
        if rel == "" or rel.endswith("/"):
            target = target / "index.html"
        if not target.is_file():
            broken.append(f"{link['raw']} -> missing file {rel}")
        elif parts.fragment and target.suffix == ".html":
            if unquote(parts.fragment) not in html_ids(target):
                broken.append(f"{link['raw']} -> no #{parts.fragment} in {rel}")
    assert not broken, f"{page}: broken internal links:\n{dump(broken)}"


def test_launch_buttons_point_at_this_chapter(report, chromium, chapter: str) -> None:
    # A Spanish page launches and downloads the same notebook and source as its English
    # twin (one source; the Spanish prose lives in the catalogues).
    data = report(chapter).data
    docname = docname_of(chapter)
    sources = [p for p in (REPO / f"{docname}.md", REPO / f"{docname}.ipynb") if p.is_file()]
    assert sources, f"no source file for {chapter}"
    source = sources[0].relative_to(REPO).as_posix()
    is_notebook = source.endswith(".ipynb") or "jupytext:" in sources[0].read_text()[:400]
    if is_notebook:
        assert data["binder"], f"{chapter}: no Binder button"
        # The button opens the notebook edition beside the chapter when there is one
        # (booktools.notebook_edition), else the MyST source; a Spanish page opens the
        # Spanish notebook (chapters/es/...) when there is one (booktools.i18n_fixes).
        notebook = REPO / f"{docname}.ipynb"
        translated = REPO / notebook_path(f"{docname}.md", edition_of(chapter))
        launched = next((p.relative_to(REPO).as_posix() for p in (translated, notebook)
                         if p.is_file()), source)
        for href in data["binder"]:
            query = unquote(urlsplit(href).query)
            assert query.endswith(f"urlpath=tree/{launched}"), (
                f"{chapter}: Binder opens {href}, not {launched}")
    downloads = {urlsplit(h).path.rsplit("/_sources/", 1)[-1] for h in data["downloads"]}
    expected = {source} | ({f"{docname}.ipynb"} if is_notebook else set())
    assert downloads == expected, f"{chapter}: download buttons {downloads}, expected {expected}"
    sources_dir = chromium.root / chapter.removesuffix(f"{docname}.html") / "_sources"
    for rel in downloads:
        assert (sources_dir / rel).is_file(), f"{chapter}: {rel} not in {sources_dir}"
    if is_notebook:  # the downloaded source is this chapter (same title; edits may follow)
        served = (sources_dir / source).read_text(encoding="utf-8")
        assert _title(served) == _title(sources[0].read_text(encoding="utf-8")) != ""


def _title(markdown: str) -> str:
    return next((line for line in markdown.splitlines() if line.startswith("# ")), "")

