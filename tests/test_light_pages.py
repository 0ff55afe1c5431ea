"""Issue 16: lighter pages without losing what a reader sees."""

from __future__ import annotations

import re

import geopandas as gpd
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
import shapely  # noqa: E402
from test_geo import decode  # noqa: E402

from helpers.data import load_states_geo  # noqa: E402
from helpers.viz.maps.choropleth import STATE_QUANTIZATION, STATE_SIMPLIFY  # noqa: E402
from helpers.viz.maps.topology import topology  # noqa: E402
from helpers.viz.widgets import Explorer, figure_to_svg  # noqa: E402


def test_state_slider_map_keeps_every_state_within_one_percent_of_its_area():
    states = load_states_geo()
    full = topology(states.geometry.values, [{} for _ in states.cve_ent], "s")
    light = topology(states.geometry.values, [{} for _ in states.cve_ent], "s",
                     STATE_QUANTIZATION, STATE_SIMPLIFY)
    assert sum(map(len, light["arcs"])) < 0.7 * sum(map(len, full["arcs"]))
    decoded = gpd.GeoSeries(shapely.make_valid(np.array(decode(light))), crs=states.crs)
    original = gpd.GeoSeries(states.geometry.values, crs=states.crs)
    change = (decoded.to_crs(6372).area / original.to_crs(6372).area - 1).abs()
    assert change.max() < 0.01, dict(zip(states.short_name, change.round(4), strict=True))


def test_topology_simplify_bad_input():
    with pytest.raises(ValueError, match="simplify must be a tolerance in degrees >= 0"):
        topology([shapely.box(0, 0, 1, 1)], [{}], simplify=-0.1)
    with pytest.raises(ValueError, match="^simplify=nan must be a finite number"):
        topology([shapely.box(0, 0, 1, 1)], [{}], simplify=float("nan"))


def _draw(slope):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1], [0, slope], label="line")
    ax.set_title(f"Slope {slope}")
    ax.legend()
    return fig


def test_explorer_views_use_shared_style_classes_not_inline_styles():
    page = Explorer(_draw, {"slope": [1, 2]}, title="Lines", alt="A line").static_html()
    assert 'style="' not in page.split("<svg", 1)[1]
    assert "\n" not in page
    # the same style has the same class name in both views
    first, second = page.split("<svg")[1:3]
    assert set(re.findall(r'class="(k[0-9a-f]{6})"', first)) == \
        set(re.findall(r'class="(k[0-9a-f]{6})"', second))


def test_thin_svg_keeps_the_drawing():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1, 2], [0, 1, 0], color="#d55e00")
    ax.set_xlabel("Year")
    svg = figure_to_svg(fig, "p", "A peak")
    assert "#d55e00" in svg and ">Year</text>" in svg
    # every class used is defined, every clip path referenced still exists
    used = set(re.findall(r'class="(k[0-9a-f]{6})"', svg))
    assert used and all(f".{name}{{" in svg for name in used)
    for ref in re.findall(r"url\(#([^)]+)\)", svg):
        assert f'id="{ref}"' in svg


def test_a_four_map_figure_is_a_light_png_no_wider_than_the_page_shows_it():
    import io

    from PIL import Image

    from helpers.data import load_homicides
    from helpers.viz.maps import static_state_maps
    from helpers.viz.style import figure_output

    occ = load_homicides("state").query("series == 'inegi_occurrence'")
    fig = static_state_maps(occ, [2006, 2011, 2014, 2022], scheme="fisher_jenks", k=5)
    kind, data, metadata = figure_output(fig)
    plt.close(fig)
    image = Image.open(io.BytesIO(data))
    assert kind == "image/png" and image.mode == "P"
    assert image.size[0] <= metadata["width"] + 8  # savefig's tight box rounds a few px
    assert len(data) < 30_000, len(data)  # was 41.6 KB with 256 colours at 110 dpi


def test_a_quiz_of_the_html_book_carries_its_questions_not_the_library(monkeypatch):
    from booktools.quiz_assets import QUIZ_MARK
    from helpers.viz.quiz import library_js, quiz
    from helpers.viz.widgets import STATIC_ENV

    values = {"n_states": 32, "president_dec_2006": "calderon"}
    monkeypatch.delenv(STATIC_ENV, raising=False)
    in_a_notebook = quiz("intro", **values).script()
    monkeypatch.setenv(STATIC_ENV, "1")
    in_the_book = quiz("intro", **values).script()
    assert "class Question" in in_a_notebook and "class Question" not in in_the_book
    assert QUIZ_MARK in in_the_book and 'getElementById("jq_intro")' in in_the_book
    assert "Calder" in in_the_book  # the questions themselves
    assert len(in_the_book) < len(in_a_notebook) - len(library_js()) + 2_000


def test_the_spanish_quiz_library_replaces_strings_the_library_has():
    """Each English UI string replaced for the Spanish edition is in jupyterquiz's source
    (an upgrade that rewords one fails here), and the Spanish copy has none of them left."""
    from booktools.quiz_assets import SPANISH, translated
    from helpers.viz.quiz import library_js

    source = library_js()
    assert [english for english in SPANISH if english not in source] == []
    spanish = translated(source, "es")
    assert [english for english in SPANISH if english in spanish] == []
    assert "Type numeric answer" not in spanish and not re.search(r"\bIncorrect\b", spanish)
    assert spanish.isascii() and translated(source, "en") == source
    with pytest.raises(ValueError, match="no longer contains"):
        translated(source.replace('"Correct!"', '"Right!"'), "es")
