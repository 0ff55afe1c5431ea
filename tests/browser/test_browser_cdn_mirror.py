"""The CDN mirror: every library the book's pages load is answered from a local npm copy."""

from __future__ import annotations

import folium
import pytest

from booktools.browser import EMPTY_STYLESHEETS, CdnMirror, Visit, serve
from booktools.page_weight import site_pages


@pytest.fixture(scope="module")
def mirror() -> CdnMirror:
    from harness import ensure_node_modules

    return CdnMirror(ensure_node_modules())


def _myst_nb_widget_urls() -> list[str]:
    from myst_nb.core.config import ipywidgets_js_factory

    return list(ipywidgets_js_factory())


@pytest.mark.parametrize("url", [u for _, u in folium.Map.default_js + folium.Map.default_css]
                         + ["https://cdnjs.cloudflare.com/ajax/libs/topojson/1.6.9/topojson.min.js",
                            "https://d3js.org/d3.v4.min.js", "https://d3js.org/d3.v3.min.js"])
def test_folium_libraries_are_served_locally(mirror: CdnMirror, url: str) -> None:
    answer = mirror.resolve(url)
    if answer.kind == "empty":
        assert url in EMPTY_STYLESHEETS
    else:
        assert answer.kind == "file", f"{url}: {answer.note}"
        assert answer.path.stat().st_size > 1000


def test_widget_manager_and_require_js_are_served_locally(mirror: CdnMirror) -> None:
    for url in _myst_nb_widget_urls():
        answer = mirror.resolve(url)
        assert answer.kind == "file" and answer.path.is_file(), f"{url}: {answer.note}"


def test_versions_are_exact_unless_a_substitute_is_listed(mirror: CdnMirror) -> None:
    answer = mirror.resolve("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js")
    assert answer.kind == "file" and answer.note == ""
    answer = mirror.resolve("https://cdn.jsdelivr.net/npm/leaflet@1.7.1/dist/leaflet.js")
    assert answer.kind == "blocked" and "leaflet@1.7.1 is not installed" in answer.note
    answer = mirror.resolve(
        "https://cdnjs.cloudflare.com/ajax/libs/Leaflet.awesome-markers/2.0.2/"
        "leaflet.awesome-markers.css")
    assert answer.kind == "file" and "never published on npm" in answer.note


def test_tiles_and_unknown_hosts(mirror: CdnMirror) -> None:
    assert mirror.resolve("https://tile.openstreetmap.org/5/7/14.png").kind == "tile"
    assert mirror.resolve("https://b.basemaps.cartocdn.com/light_all/3/1/2.png").kind == "tile"
    blocked = mirror.resolve("https://example.org/tracker.js")
    assert blocked.kind == "blocked" and "no local copy" in blocked.note
    assert mirror.resolve("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/no/such.js").kind == "blocked"
    assert mirror.resolve("https://cdn.jsdelivr.net/gh/someone/repo/x.js").kind == "blocked"


def test_missing_npm_packages_are_an_error(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="make browser-deps"):
        CdnMirror(tmp_path)


def test_serve_refuses_a_missing_site(tmp_path) -> None:
    with pytest.raises(FileNotFoundError, match="build the book"):
        with serve(tmp_path / "nothing"):
            pass


def test_visit_record_defaults() -> None:
    record = Visit(url="x")
    assert record.errors == [] and record.blocked == [] and record.drawn_s is None


def test_every_cdn_url_in_the_built_pages_is_mirrored(mirror: CdnMirror, site) -> None:
    """Scripts and stylesheets the pages name (srcdoc maps included) all have a local copy."""
    import html
    import re

    missing = set()
    for page in site_pages(site):
        text = html.unescape(html.unescape(page.read_text(encoding="utf-8")))
        for url in re.findall(r"""(?:src|href)=["'](https://[^"']+\.(?:js|css))["']""", text):
            if mirror.resolve(url).kind == "blocked":
                missing.add(f"{page.relative_to(site)}: {url}")
    assert not missing, "no local copy for:\n" + "\n".join(sorted(missing))
