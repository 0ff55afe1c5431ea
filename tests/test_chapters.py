"""Every chapter in the table of contents executes top to bottom, once per test run.

The strict book build (the session's ``book`` fixture, as ``make book``) executes each
chapter with ``nb_execution_raise_on_error``; these tests read what it produced
instead of executing the chapters a second time. Live explorers (ipywidgets) are
tested in ``tests/test_widgets.py`` and, in Jupyter itself, by the Binder check.
"""

from pathlib import Path

import pytest

from booktools.toc import toc_docnames, toc_sources

REPO = Path(__file__).resolve().parents[1]


def test_every_toc_entry_has_a_file():
    missing = [e for e in toc_docnames()
               if not any((REPO / f"{e}{x}").exists() for x in (".md", ".ipynb"))]
    assert not missing


@pytest.mark.build
@pytest.mark.parametrize("docname", toc_docnames())
def test_chapter_executed_without_errors(book_html, docname):
    page = book_html / f"{docname}.html"
    assert page.exists(), f"{docname} was not built"
    text = page.read_text(encoding="utf-8")
    assert 'class="output traceback' not in text, f"{docname} has an error output"
    reports = book_html / "reports"
    failed = sorted(p.name for p in reports.glob("*")) if reports.exists() else []
    assert not failed, f"execution reports of failed notebooks: {failed}"


def test_sources_exist():
    assert all(p.exists() for p in toc_sources())
