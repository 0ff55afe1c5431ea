"""Search that finds words with or without accents, and readable snippets (issue 16).

Readers type "Michoacan", "Pena Nieto", "Calderon"; the book writes
"Michoacán", "Peña Nieto", "Calderón". Sphinx's index keeps the accents, so
"Michoacan" found one page and "Michoacán" seven. This extension:

* indexes every accented word twice, as written and folded
  (:class:`FoldingEnglish`, registered for ``en`` with
  ``app.add_search_language``): "peña" and "pena" both point at the page;
  in Spanish (:class:`FoldingSpanish`, ``es``) every word is stemmed without
  its accents, as the search page stems the folded query;
* reads raw HTML outputs (static explorers, tables) as text with a space for
  each tag, SVG charts by their titles only (:func:`searchable_text`, wrapping
  ``IndexBuilder._word_collector``): Sphinx strips tags without a space, so
  adjacent menu options were indexed as one word ("lieutenantsunder");
* adds ``kingpin-search.js`` to the search page only: it folds the query (so
  "Michoacán" also finds a page that writes "Michoacan"), matches section
  titles without accents, and builds each snippet from the page's text
  without menus and charts, with a space between blocks, around the folded
  word.

Enabled in ``_config.yml`` under ``sphinx.extra_extensions``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Any

from sphinx.search.en import SearchEnglish
from sphinx.search.es import SearchSpanish

_DROPPED = re.compile(r"<(style|script)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_SVG = re.compile(r"<svg\b.*?</svg\s*>", re.IGNORECASE | re.DOTALL)
_SVG_TITLE = re.compile(r"<(title|desc)\b[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^<]+?>")


def fold(text: str) -> str:
    """Remove accents and other combining marks (NFKD), keep everything else.

    Examples
    --------
    >>> fold("Michoacán, Peña Nieto, Calderón, Cártel, Zaragoza")
    'Michoacan, Pena Nieto, Calderon, Cartel, Zaragoza'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def searchable_text(raw_html: str) -> str:
    """Return the words of a raw HTML block as the search index should see them.

    Styles and scripts are dropped, an SVG chart counts by its title and
    description only (not its tick labels), every tag becomes a space (so the
    options of a menu stay separate words) and entities are decoded.

    Examples
    --------
    >>> searchable_text('<label>Period</label><select><option>Lieutenants</option>'
    ...                 '<option>Under Calderón</option></select><p>Tom&amp;Jerry</p>'
    ...                 '<svg><title>Chart of Sinaloa</title><text>1990</text></svg>').split()
    ['Period', 'Lieutenants', 'Under', 'Calderón', 'Tom&Jerry', 'Chart', 'of', 'Sinaloa']
    """
    text = _DROPPED.sub(" ", raw_html)
    text = _SVG.sub(lambda m: " " + " ".join(t for _, t in _SVG_TITLE.findall(m.group(0))) + " ",
                    text)
    return html.unescape(_TAG.sub(" ", text))


class FoldingEnglish(SearchEnglish):
    """Sphinx's English search language, each accented word also indexed without accents."""

    def split(self, input: str) -> list[str]:  # noqa: A002 - Sphinx's signature
        """Split like Sphinx, then append the folded form of each accented word.

        Examples
        --------
        >>> FoldingEnglish({}).split("Peña Nieto in Michoacán")
        ['Peña', 'Nieto', 'in', 'Michoacán', 'Pena', 'Michoacan']
        """
        words = super().split(input)
        return words + [folded for word in words if (folded := fold(word)) != word]


class FoldingSpanish(SearchSpanish):
    """Sphinx's Spanish search language, every word stemmed without its accents.

    Snowball's Spanish stemmer reads accents: "michoacán" stems to "michoacan"
    but "michoacan" to "michoac", so a query folded before stemming (as
    ``kingpin-search.js`` does) missed the pages that write "Michoacán". Here
    the index stems the folded word, as the search page does with the folded
    query: "Michoacán" and "Michoacan", "Mérida" and "Merida" meet on one stem.
    """

    def stem(self, word: str) -> str:
        """Stem ``word`` lower-cased and without accents.

        Examples
        --------
        >>> spanish = FoldingSpanish({})
        >>> [spanish.stem(w) for w in ("Michoacán", "Michoacan", "Peña", "pena", "población")]
        ['michoac', 'michoac', 'pen', 'pen', 'poblacion']
        """
        return self.stemmer.stemWord(fold(word.lower()))


def _read_raw_html_as_text(word_collector: Any) -> Any:
    """Wrap Sphinx 7.4's ``IndexBuilder._word_collector``: raw HTML read by :func:`searchable_text`.

    Sphinx strips the tags of a raw HTML node without a space; the wrapper
    hands it the node's searchable text instead (no tags left to strip) and
    puts the node back as it was after collecting.
    """
    from docutils import nodes

    def collect(self: Any, doctree: Any) -> Any:
        swapped = []
        for node in list(doctree.findall(nodes.raw)):
            if "html" in node.get("format", "").split():
                text = searchable_text(node.astext())
                swapped.append((node, node.children[:]))
                node.children = []
                node.append(nodes.Text(text))
        try:
            return word_collector(self, doctree)
        finally:
            for node, children in swapped:
                node.children = children

    collect._kingpin_search = True  # type: ignore[attr-defined]
    return collect


def _search_page_script(app: Any, pagename: str, templatename: str, context: dict[str, Any],
                        doctree: Any) -> None:
    if pagename == "search":
        app.add_js_file("kingpin-search.js", loading_method="defer")


def setup(app: Any) -> dict[str, Any]:
    """Register the folding language, the collector and the search page script."""
    from sphinx.search import IndexBuilder

    from booktools.reading import add_static_path

    app.add_search_language(FoldingEnglish)
    app.add_search_language(FoldingSpanish)
    original = IndexBuilder._word_collector
    if not getattr(original, "_kingpin_search", False):
        IndexBuilder._word_collector = _read_raw_html_as_text(original)  # type: ignore[method-assign]
    app.connect("builder-inited", add_static_path)
    app.connect("html-page-context", _search_page_script)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
