"""The page's .ipynb download carries the book's outputs (issue 16, item 6)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from booktools import downloads
from booktools.downloads import DROPPED_MIMES, merge_outputs
from booktools.notebook_edition import MARK

CHAPTERS = ["chapters/intro", "chapters/violence-by-state", "chapters/captures-and-violence"]


def _ran(source: str, text: str, **data) -> nbformat.NotebookNode:
    return new_code_cell(source, execution_count=1, outputs=[new_output(
        "display_data", {"text/plain": text, **data})])


def test_outputs_follow_cells_with_the_same_source_in_order():
    executed = new_notebook(cells=[_ran("plt.show()", "first"), new_code_cell("x = 1"),
                                   _ran("plt.show()", "second")])
    edition = new_notebook(cells=[new_markdown_cell("Intro"), new_code_cell("plt.show()"),
                                  new_code_cell("x = 1"), new_code_cell("plt.show()\n")])
    merged, matched = merge_outputs(edition, executed)
    assert matched == 3
    shown = [c.outputs[0]["data"]["text/plain"] for c in merged.cells
             if c.cell_type == "code" and c.outputs]
    assert shown == ["first", "second"]
    nbformat.validate(merged)


def test_widget_views_are_not_carried():
    widget = {DROPPED_MIMES[0]: {"model_id": "abc", "version_major": 2, "version_minor": 0}}
    executed = new_notebook(cells=[_ran("w", "<widget>", **widget), new_code_cell(
        "v", outputs=[new_output("display_data", widget)])])
    merged, _ = merge_outputs(new_notebook(cells=[new_code_cell("w"), new_code_cell("v")]),
                              executed)
    assert list(merged.cells[0].outputs[0]["data"]) == ["text/plain"]
    assert merged.cells[1].outputs == []


def test_the_student_build_keeps_its_stripped_notebooks(monkeypatch):
    called = []
    monkeypatch.setattr(downloads, "write_downloads", lambda *a: called.append(a) or {})
    app = SimpleNamespace(builder=SimpleNamespace(format="html"),
                          extensions={downloads.STUDENT_EXTENSION: object()},
                          config=SimpleNamespace(language="en"), outdir="/x",
                          srcdir=str(downloads.Path(__file__).parents[1]))
    downloads._build_finished(app, None)
    assert called == []
    app.extensions = {}
    downloads._build_finished(app, None)
    assert called == [(Path("/x"), Path(app.srcdir), "en", Path("/.jupyter_cache"))]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("page", CHAPTERS)
def test_downloaded_notebook_is_the_edition_with_outputs(book_html, page, lang):
    # the Spanish edition is copied into html/es; it executes in _build/es (i18n_build)
    html = book_html / "es" if lang == "es" else book_html
    executed_root = book_html.parent / ("es/jupyter_execute" if lang == "es" else
                                        "jupyter_execute")
    download = html / "_sources" / f"{page}.ipynb"
    assert f'href="../_sources/{page}.ipynb"' in (html / f"{page}.html").read_text(
        encoding="utf-8"), "the download menu offers another file"
    notebook = nbformat.read(download, as_version=4)
    nbformat.validate(notebook)
    assert MARK in notebook.metadata, "not the notebook edition"
    assert not any("{glue:text}" in c.source for c in notebook.cells
                   if c.cell_type == "markdown")
    # myst-nb writes a page it took from the execution cache without outputs: the
    # download merges them from the cache (downloads.executed_outputs), so does this test.
    cache = book_html.parent / ("es/.jupyter_cache" if lang == "es" else ".jupyter_cache")
    executed = downloads.executed_outputs(executed_root / f"{page}.ipynb", cache)
    printed = {c.source.strip() for c in executed.cells if c.cell_type == "code" and c.outputs}
    carried = {c.source.strip() for c in notebook.cells if c.cell_type == "code" and c.outputs}
    assert printed and printed <= carried
    text = download.read_text(encoding="utf-8")
    assert not any(mime in text for mime in DROPPED_MIMES)
    assert len(text.encode("utf-8")) < 1_500_000
    print(f"{lang} {page}.ipynb: {len(text.encode('utf-8')) / 1000:.0f} KB, "
          f"{len(carried)} code cells with outputs ({json.dumps(notebook.metadata[MARK])[:40]})")


def test_a_page_taken_from_the_cache_gets_its_outputs_from_the_cache(tmp_path):
    """myst-nb writes a cached page's jupyter_execute notebook without outputs."""
    from jupyter_cache import get_cache

    ran = new_notebook(cells=[new_code_cell("1 + 1", execution_count=1, outputs=[new_output(
        "execute_result", {"text/plain": "2"}, execution_count=1)])],
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}})
    nbformat.write(ran, tmp_path / "ran.ipynb")
    get_cache(str(tmp_path / "cache")).cache_notebook_file(tmp_path / "ran.ipynb",
                                                           check_validity=False)
    written = new_notebook(cells=[new_code_cell("1 + 1")], metadata=ran.metadata)
    nbformat.write(written, tmp_path / "page.ipynb")
    merged = downloads.executed_outputs(tmp_path / "page.ipynb", tmp_path / "cache")
    assert merged.cells[0].outputs[0]["data"]["text/plain"] == "2"
    # no cache, or no record for this code: the notebook as written
    assert downloads.executed_outputs(tmp_path / "page.ipynb", None).cells[0].outputs == []
    nbformat.write(new_notebook(cells=[new_code_cell("2 + 2")], metadata=ran.metadata),
                   tmp_path / "other.ipynb")
    other = downloads.executed_outputs(tmp_path / "other.ipynb", tmp_path / "cache")
    assert other.cells[0].outputs == []
