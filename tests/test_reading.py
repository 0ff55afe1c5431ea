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
