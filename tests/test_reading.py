"""Issue 16 without a browser: the booktools extensions' pure parts and the maps' markup.

The browser checks are in tests/browser/test_browser_reading.py.
"""

from __future__ import annotations

import doctest
import importlib

import pytest

PAYLOAD = '<img src=x onerror="alert(1)">'


@pytest.mark.parametrize("name", ["booktools.reading", "booktools.citations",
                                  "booktools.search", "booktools.page_weight"])
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted and not result.failed


def test_citation_labels_and_order_follow_the_text() -> None:
    from pybtex.database import Entry, Person
    from pybtex.plugin import find_plugin

    from booktools import citations

    citations.register()
    citations.register()  # twice is harmless
    entries = [
        Entry("misc", fields={"year": "2015", "title": "B"},
              persons={"author": [Person("{Security Assistance Monitor}")]}),
        Entry("misc", fields={"year": "2009", "title": "A"},
              persons={"author": [Person("Seelke, C")]}),
        Entry("misc", fields={"year": "2009", "title": "Z"},
              persons={"author": [Person("Seelke, C")]}),
    ]
    for key, entry in zip("abc", entries, strict=True):
        entry.key = key
    style = find_plugin("pybtex.style.formatting", "author_year")()
    ordered = style.sort(entries)
    labels = list(style.format_labels(ordered))
    assert labels == ["Security Assistance Monitor, 2015", "Seelke, 2009a", "Seelke, 2009b"]


def test_search_folds_accents_and_reads_raw_html_as_words() -> None:
    from booktools.search import FoldingEnglish, searchable_text

    words = FoldingEnglish({}).split(searchable_text(
        "<select><option>Under Calderón</option><option>Under Peña Nieto</option></select>"))
    assert {"Calderón", "Calderon", "Peña", "Pena", "Nieto"} <= set(words)
    assert not any("UnderPe" in w or "nUnder" in w for w in words)


def test_spanish_search_stems_words_without_their_accents() -> None:
    """The index stems as the search page stems the folded query (kingpin-search.js):
    snowball alone stems "michoacán" to "michoacan" but "michoacan" to "michoac"."""
    import snowballstemmer

    from booktools.search import FoldingSpanish, fold

    spanish, snowball = FoldingSpanish({}), snowballstemmer.stemmer("spanish")
    pairs = [("Michoacán", "Michoacan"), ("Peña", "Pena"), ("Calderón", "Calderon"),
             ("México", "Mexico"), ("población", "poblacion"), ("Mérida", "Merida")]
    for accented, plain in pairs:
        query = snowball.stemWord(fold(plain).lower())  # what the page looks up
        assert spanish.stem(accented) == spanish.stem(plain) == query, (accented, plain)


def test_map_document_and_frame_keep_labels_as_text() -> None:
    from helpers.viz.maps import state_map
    from helpers.viz.maps.examples import _demo_frame

    m = state_map(_demo_frame(), title=f"Title {PAYLOAD}", value_label=f"Rate {PAYLOAD}")
    document = m.document()
    assert f"<title>Title {PAYLOAD}" not in document
    assert "<title>Title &lt;img" in document
    fragment = m.to_html()
    assert 'sandbox="allow-scripts"' in fragment and "allow-same-origin" not in fragment
    srcdoc = fragment.split('srcdoc="', 1)[1].split('"', 1)[0]
    assert PAYLOAD not in fragment.replace(srcdoc, "")  # title, summary, text version escaped


def _default_figures() -> list[tuple[str, object]]:
    """Every figure function of helpers.viz.figures that needs no argument."""
    import inspect
    import pkgutil

    from matplotlib.figure import Figure

    import helpers.viz.figures as package

    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for name, function in inspect.getmembers(module, inspect.isfunction):
            signature = inspect.signature(function)
            if (function.__module__ == module.__name__ and not name.startswith("_")
                    and signature.return_annotation in ("Figure", Figure)
                    and all(p.default is not p.empty for p in signature.parameters.values()
                            if p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD))):
                found.append((f"{info.name}.{name}", function))
    return found


@pytest.mark.parametrize("name, draw", _default_figures())
def test_house_figures_read_on_a_phone(name: str, draw) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers.viz.style import (
        MIN_TEXT_PX,
        display_width_px,
        figure_output,
        legend_problems,
        smallest_text_px,
    )

    fig = draw()
    try:
        assert not legend_problems(fig), f"{name}: {legend_problems(fig)}"
        kind, data, metadata = figure_output(fig)
        legible = smallest_text_px(fig) >= MIN_TEXT_PX - 0.01
        assert legible or metadata.get("width") == display_width_px(fig), (
            f"{name}: text under {MIN_TEXT_PX} px on a phone and no scrolling width")
        assert kind in ("image/svg+xml", "image/png") and data
    finally:
        plt.close(fig)


def test_a_line_chart_is_svg_with_its_text_as_text() -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from helpers.viz.style import figure_output

    fig, ax = plt.subplots(figsize=(7.5, 4))
    ax.plot(range(30), [x % 7 for x in range(30)], label="series")
    ax.legend(fontsize=7)
    kind, svg, _ = figure_output(fig)
    plt.close(fig)
    assert kind == "image/svg+xml" and ">series</text>" in svg
