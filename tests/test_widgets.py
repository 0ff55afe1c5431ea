import re

import matplotlib.pyplot as plt
import pytest

from helpers.viz.widgets import STATIC_ENV, Explorer, figure_to_svg


def _draw(slope, colour="C0"):
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.plot([0, 1, 2], [0, slope, 2 * slope], color=colour)
    ax.set_title(f"slope {slope}")
    return fig


def test_static_view_has_one_svg_per_combination_and_a_select_per_control():
    ex = Explorer(_draw, {"slope": {"one": 1, "two": 2, "three": 3}, "colour": ["C0", "C1"]},
                  title="Lines", alt=lambda slope, colour: f"Line with slope {slope}")
    html = ex.static_html()
    assert html.count('class="kp-view"') == 6
    assert html.count("<select") == 2
    assert html.count("<svg") == 6
    # only the first view is visible before the script runs
    assert len(re.findall(r'class="kp-view" data-key="[^"]+" hidden', html)) == 5
    assert "Line with slope 3" in html
    # no widget manager, no PNG
    assert "widget-state" not in html and "data:image/png" not in html


def test_svg_ids_are_unique_across_views():
    html = Explorer(_draw, {"slope": [1, 2, 3]}, title="Lines", alt="A line").static_html()
    ids = re.findall(r'id="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_svg_is_compact_and_labelled():
    fig, _ = plt.subplots(figsize=(3, 2))
    svg = figure_to_svg(fig, "p", "Empty axes")
    assert svg.startswith("<svg role=\"img\" aria-label=\"Empty axes\"")
    assert "<title>Empty axes</title>" in svg
    assert not re.search(r"\d+\.\d{2,}", svg), "coordinates should be rounded to 1 decimal"


def test_live_bundle_only_outside_the_static_build(monkeypatch):
    ex = Explorer(_draw, {"slope": [1, 2]}, title="Lines", alt="A line")
    monkeypatch.setenv(STATIC_ENV, "1")
    assert set(ex._repr_mimebundle_()) == {"text/html", "text/plain"}
    monkeypatch.delenv(STATIC_ENV)
    assert "application/vnd.jupyter.widget-view+json" in ex._repr_mimebundle_()


def test_live_widget_recomputes_on_change():
    calls = []

    def draw(slope):
        calls.append(slope)
        return _draw(slope)

    box = Explorer(draw, {"slope": [1, 2]}, title="Lines", alt="A line").widget()
    dropdown = box.children[0].children[0]
    dropdown.value = 2
    assert calls == [1, 2]


def test_bad_arguments():
    with pytest.raises(ValueError, match="at least one control"):
        Explorer(_draw, {}, title="x", alt="x")
    with pytest.raises(ValueError, match="at least one option"):
        Explorer(_draw, {"slope": []}, title="x", alt="x")
    with pytest.raises(ValueError, match="100 combinations .* limit is 64"):
        Explorer(_draw, {"slope": list(range(10)), "colour": list(range(10))},
                 title="x", alt="x")
