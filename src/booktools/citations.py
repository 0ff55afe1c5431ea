"""Reference-list labels that read like the citations in the text (issue 16).

With ``bibtex_reference_style: author_year`` the text cites
"Security Assistance Monitor, 2015", but pybtex's default ``alpha`` labels
made the reference list show ``[SecurityAMonitor15]``. This extension
registers three pybtex plugins, all named ``author_year``:

* the label style (:class:`AuthorYearLabelStyle`): each label
  is made by the same sphinxcontrib-bibtex template that writes a
  parenthetical citation (author, or editor, or title; ", "; year), so the
  list and the text cannot drift apart: "Calderón *et al.*, 2015" in the
  text is "Calderón et al., 2015" in the list;
* the sorting style (:class:`AuthorYearSortingStyle`): alphabetical by that
  label, accents ignored, so institutions sort among persons;
* the formatting style (:class:`AuthorYearStyle`): pybtex's ``alpha`` entries
  with that sorting and those labels.

``_config.yml`` selects it with ``bibtex_default_style: author_year``.
Two works with the same label get "a", "b"... after the year in the list;
the book cites none such today.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from types import SimpleNamespace
from typing import Any

from pybtex.plugin import register_plugin
from pybtex.style.formatting.alpha import Style as AlphaStyle
from pybtex.style.labels import BaseLabelStyle
from pybtex.style.sorting import BaseSortingStyle

#: Plugin name of the label, sorting and formatting styles.
NAME = "author_year"


def author_year_label(entry: Any) -> str:
    r"""Return the parenthetical author–year citation of a pybtex entry, as plain text.

    Examples
    --------
    >>> from pybtex.database import Entry, Person
    >>> entry = Entry("misc", fields={"year": "2015"},
    ...               persons={"author": [Person("{Security Assistance Monitor}")]})
    >>> author_year_label(entry)
    'Security Assistance Monitor, 2015'
    >>> many = Entry("article", fields={"year": "2015"}, persons={"author": [
    ...     Person("Calder{\\'o}n, Gabriela"), Person("Robles, Gustavo"),
    ...     Person("Magaloni, Beatriz")]})
    >>> author_year_label(many)
    'Calderón et al., 2015'
    >>> two = Entry("article", fields={"year": "2010"}, persons={"author": [
    ...     Person("Seelke, Clare Ribando"), Person("Finklea, Kristin")]})
    >>> author_year_label(two)
    'Seelke and Finklea, 2010'
    """
    from sphinxcontrib.bibtex.style.referencing import PersonStyle
    from sphinxcontrib.bibtex.style.template import join
    from sphinxcontrib.bibtex.style.template import year as year_node

    person = PersonStyle()  # what bibtex_reference_style author_year uses by default
    template = join(sep=", ")[person.author_or_editor_or_title(full=False), year_node]
    text = template.format_data({"entry": entry, "style": SimpleNamespace(person=person)})
    return text.render_as("text")


class AuthorYearLabelStyle(BaseLabelStyle):
    """pybtex label style: "Author, Year" as the text cites it (see the module)."""

    def format_labels(self, sorted_entries: Iterable[Any]) -> Iterator[str]:
        """Yield one label per entry; equal labels get "a", "b"... after the year."""
        entries = list(sorted_entries)
        labels = [author_year_label(entry) for entry in entries]
        counts, seen = Counter(labels), Counter[str]()
        for label in labels:
            if counts[label] > 1:
                seen[label] += 1
                yield label + "abcdefghijklmnopqrstuvwxyz"[seen[label] - 1]
            else:
                yield label


def _fold(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class AuthorYearSortingStyle(BaseSortingStyle):
    """pybtex sorting style: alphabetical by the label as read (accents ignored).

    pybtex's own ``author_year_title`` sorts an institution written
    ``{Security Assistance Monitor}`` by its brace, after every person.
    """

    def sorting_key(self, entry: Any) -> tuple[str, ...]:
        """Return the key: first author, then the other authors (one author first), year, title.

        Examples
        --------
        >>> from pybtex.database import Entry, Person
        >>> one = Entry("misc", fields={"year": "2010"}, persons={"author": [Person("Seelke, C")]})
        >>> two = Entry("misc", fields={"year": "2010"},
        ...             persons={"author": [Person("Seelke, C"), Person("Finklea, K")]})
        >>> older = Entry("misc", fields={"year": "2009"},
        ...               persons={"author": [Person("Seelke, C")]})
        >>> key = AuthorYearSortingStyle().sorting_key
        >>> sorted([two, one, older], key=key) == [older, one, two]
        True
        """
        names, _, year = author_year_label(entry).rpartition(", ")
        first = names.split(" and ")[0].split(" et al.")[0].split(", ")[0]
        others = names[len(first):]
        return _fold(first), _fold(others), year, _fold(entry.fields.get("title", ""))


class AuthorYearStyle(AlphaStyle):
    """pybtex formatting style: ``alpha``'s entries, sorted and labelled author–year."""

    default_label_style = NAME
    default_sorting_style = NAME


def register() -> None:
    """Register both plugins with pybtex (idempotent)."""
    from pybtex.plugin import find_plugin

    try:
        find_plugin("pybtex.style.labels", NAME)
    except Exception:  # not registered yet
        register_plugin("pybtex.style.labels", NAME, AuthorYearLabelStyle)
        register_plugin("pybtex.style.sorting", NAME, AuthorYearSortingStyle)
        register_plugin("pybtex.style.formatting", NAME, AuthorYearStyle)


def setup(app: Any) -> dict[str, Any]:
    """Register the pybtex plugins (Sphinx extension entry point)."""
    register()
    return {"parallel_read_safe": True, "parallel_write_safe": True}
