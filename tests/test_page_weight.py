"""Page weight of the built book (deterministic, so asserted; `make bench` prints it too)."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from booktools.page_weight import (
    MAP_RAW_BUDGET,
    PAGE_GZIP_BUDGET,
    PAGE_RAW_BUDGET,
    PAGE_TRANSFER_BUDGET,
    PageWeight,
    format_table,
    gzip_size,
    map_fragments,
    page_weight,
    site_pages,
    site_weights,
)

# The page weights are read from the strict build of the book.
pytestmark = pytest.mark.build

# -- the measuring code, on pages made here ----------------------------------------------


def _folium_iframe(document: str) -> str:
    return f'<iframe title="m" srcdoc="{html.escape(document, quote=True)}"></iframe>'


def test_map_fragments_finds_folium_iframes_only() -> None:
    folium_doc = '<div class="folium-map" id="map_1"></div><script>L.map("map_1")</script>'
    page = ("<p>intro</p>" + _folium_iframe(folium_doc) + '<iframe src="x.html"></iframe>'
            + _folium_iframe("<p>no map here</p>"))
    fragments = map_fragments(page)
    assert len(fragments) == 1
    assert html.unescape(fragments[0]).count("folium-map") == 1


def test_page_weight_counts_inline_maps_and_linked_images(tmp_path: Path) -> None:
    (tmp_path / "_images").mkdir()
    (tmp_path / "_images" / "fig.png").write_bytes(b"\x89PNG" + bytes(996))
    (tmp_path / "_static").mkdir()
    (tmp_path / "_static" / "logo.png").write_bytes(bytes(5000))
    frag = _folium_iframe('<div class="folium-map"></div>' + "x" * 3000)
    text = ('<img src="_images/fig.png" alt="a"><img src="_images/fig.png" alt="again">'
            '<img src="_static/logo.png" alt="theme"><img src="https://example.org/a.png" alt="">'
            + frag)
    (tmp_path / "page.html").write_text(text, encoding="utf-8")
    weight = page_weight(tmp_path / "page.html", tmp_path)
    assert weight.raw == len(text.encode())
    assert weight.gzip == gzip_size(text.encode()) < weight.raw
    assert weight.maps == (len(frag) - len("</iframe>"),)
    assert weight.images == 1000  # linked twice, counted once; _static and remote excluded


def test_budgets_decide_within_budget() -> None:
    edge = PageWeight("a.html", PAGE_RAW_BUDGET, PAGE_GZIP_BUDGET, (MAP_RAW_BUDGET,), 0)
    assert edge.within_budget
    assert not PageWeight("a.html", PAGE_RAW_BUDGET + 1, 10, (), 0).within_budget
    assert not PageWeight("a.html", 10, PAGE_GZIP_BUDGET + 1, (), 0).within_budget
    assert not PageWeight("a.html", 10, 10, (1, MAP_RAW_BUDGET + 1), 0).within_budget
    assert "OVER BUDGET" in format_table([PageWeight("a.html", 10, 10, (MAP_RAW_BUDGET + 1,), 0)])


def test_gzip_size_is_deterministic() -> None:
    data = ("<svg>" + "<path d='M0 0L1 1'/>" * 500 + "</svg>").encode()
    assert gzip_size(data) == gzip_size(data) < len(data) // 10


def test_bad_inputs_are_reported(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="build the book first"):
        site_pages(tmp_path / "missing")
    with pytest.raises(FileNotFoundError, match="No .html page"):
        site_pages(tmp_path)
    with pytest.raises(FileNotFoundError, match="No page at"):
        page_weight(tmp_path / "nope.html", tmp_path)
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(ValueError, match="not an .html page inside the site"):
        page_weight(tmp_path / "notes.txt", tmp_path)


def test_static_and_sources_are_not_pages(tmp_path: Path) -> None:
    for rel in ("index.html", "chapters/a.html", "_static/webpack-macros.html", "_sources/b.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    assert [p.relative_to(tmp_path).as_posix() for p in site_pages(tmp_path)] == [
        "chapters/a.html", "index.html"]


# -- the built book --------------------------------------------------------------------


@pytest.fixture(scope="module")
def weights(book_html: Path) -> list[PageWeight]:
    return site_weights(book_html)


def test_every_page_is_within_the_weight_budget(weights: list[PageWeight]) -> None:
    print("\n" + format_table(weights))
    heavy = [w for w in weights if w.raw > PAGE_RAW_BUDGET or w.gzip > PAGE_GZIP_BUDGET]
    assert not heavy, "pages over budget (raw <= 1 MB, gzip <= 150 KB):\n" + format_table(heavy)


def test_every_page_transfers_at_most_150_kb(weights: list[PageWeight]) -> None:
    """HTML (maps inline) + images as sent, every page of both editions, no exception
    (violence-by-state was 224 KB before issue 16's last items; 141 KB after)."""
    heavy = [w for w in weights if w.transfer > PAGE_TRANSFER_BUDGET]
    assert not heavy, "pages over the 150 KB transfer budget:\n" + format_table(heavy)


def test_every_map_adds_at_most_200_kb(weights: list[PageWeight]) -> None:
    heavy = [w for w in weights if any(m > MAP_RAW_BUDGET for m in w.maps)]
    assert not heavy, "maps over 200 KB:\n" + format_table(heavy)


def test_the_state_map_chapter_has_maps_that_are_measured(weights: list[PageWeight]) -> None:
    page = next(w for w in weights if w.page == "chapters/violence-by-state.html")
    assert page.maps, "the state-by-state chapter has no folium map the weight test can see"
