"""The page's ``.ipynb`` download: the notebook edition, with the book's outputs.

sphinx-book-theme offers ``_sources/<page>.ipynb`` in each chapter's download menu
and fills it with the executed MyST notebook of the build (``jupyter_execute``):
outputs, but the chapter's MyST as it is in Jupyter (`` {glue:text}`x` `` instead of
numbers, ``{ref}``/``{cite}`` roles, the hidden bookkeeping cells in full). This
extension (``build-finished``) writes in its place the notebook edition of the page
(:func:`booktools.notebook_edition.convert`: glued numbers inserted, links, collapsed
solutions and hidden cells), in the build's language, with each code cell's outputs
and execution count taken from the executed notebook (cells matched by their source,
in order: :func:`merge_outputs`). The explorers' static views and the maps come as
the page shows them; the book builds with ``KINGPIN_STATIC_WIDGETS=1``, so no widget
state is embedded (:func:`merge_outputs` drops any).

The student edition (:mod:`booktools.student_edition`) strips solutions from the
MyST notebook it downloads, so this extension leaves that build alone.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import nbformat

#: Output data a downloaded notebook never carries (a live widget needs its kernel).
DROPPED_MIMES = ("application/vnd.jupyter.widget-view+json",
                 "application/vnd.jupyter.widget-state+json")
#: The build that must keep the theme's (solution-stripped) notebook.
STUDENT_EXTENSION = "booktools.student_edition"


def _source(cell: Any) -> str:
    source = cell.get("source", "")
    return ("".join(source) if isinstance(source, list) else source).strip()


def _slim(outputs: list[Any]) -> list[Any]:
    kept = []
    for output in outputs:
        output = copy.deepcopy(output)
        data = output.get("data")
        if data is not None:
            for mime in DROPPED_MIMES:
                data.pop(mime, None)
            if not data:
                continue
        kept.append(output)
    return kept


def merge_outputs(edition: nbformat.NotebookNode,
                  executed: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, int]:
    """Copy outputs from ``executed`` into the code cells of ``edition`` with the same source.

    Cells are matched in order: each code cell of ``edition`` takes the first
    not yet used code cell of ``executed`` after the last match whose source is
    the same (surrounding whitespace ignored). Widget views are dropped.

    Parameters
    ----------
    edition : nbformat.NotebookNode
        The notebook edition of a page (code cells without outputs).
    executed : nbformat.NotebookNode
        The same page as the book build executed it.

    Returns
    -------
    tuple
        A new notebook (``edition`` is not changed) and the number of code cells
        that found their executed twin.

    Examples
    --------
    >>> from nbformat.v4 import new_code_cell, new_notebook, new_output
    >>> done = new_notebook(cells=[new_code_cell("x = 1"), new_code_cell(
    ...     "x + 1", execution_count=2, outputs=[new_output(
    ...         "execute_result", {"text/plain": "2"}, execution_count=2)])])
    >>> plain = new_notebook(cells=[new_code_cell("x = 1"), new_code_cell("x + 1 ")])
    >>> merged, matched = merge_outputs(plain, done)
    >>> matched, merged.cells[1].outputs[0]["data"]["text/plain"], plain.cells[1].outputs
    (2, '2', [])
    """
    merged = copy.deepcopy(edition)
    ran = [c for c in executed.cells if c.cell_type == "code"]
    position = matched = 0
    for cell in merged.cells:
        if cell.cell_type != "code":
            continue
        source = _source(cell)
        for index in range(position, len(ran)):
            if _source(ran[index]) == source:
                cell.outputs = _slim(ran[index].get("outputs", []))
                cell.execution_count = ran[index].get("execution_count")
                position, matched = index + 1, matched + 1
                break
    return merged, matched


def executed_outputs(executed_notebook: Path, cache: Path | None) -> nbformat.NotebookNode:
    """Read an executed notebook of the build, with its outputs.

    myst-nb writes ``jupyter_execute/<page>.ipynb`` with outputs only when it ran
    the page: a page taken from the execution cache is written without them (its
    outputs went to the page, not to the file). They are then merged from the
    cache, whose record matches the notebook's code.

    Parameters
    ----------
    executed_notebook : pathlib.Path
        ``<build>/jupyter_execute/<page>.ipynb``.
    cache : pathlib.Path or None
        The build's execution cache (jupyter-cache), if it has one.
    """
    executed = nbformat.read(executed_notebook, as_version=4)
    if any(c.get("outputs") for c in executed.cells if c.cell_type == "code"):
        return executed
    if cache is None or not Path(cache).is_dir():
        return executed
    from jupyter_cache import get_cache

    try:
        _, merged = get_cache(str(cache)).merge_match_into_notebook(executed)
    except KeyError:  # no record for this code: the page printed nothing worth keeping
        return executed
    return merged


def downloadable(source: Path, executed_notebook: Path, book: Any,
                 cache: Path | None = None) -> nbformat.NotebookNode:
    """Return the notebook edition of ``source`` with the outputs of ``executed_notebook``.

    Parameters
    ----------
    source : pathlib.Path
        The chapter, ``<root>/chapters/<name>.md``.
    executed_notebook : pathlib.Path
        Its executed notebook, ``<build>/jupyter_execute/chapters/<name>.ipynb``.
    book : booktools.notebook_edition.Book
        The book (labels, bibliography, language).
    cache : pathlib.Path, optional
        The build's execution cache, for pages it did not run (:func:`executed_outputs`).

    Raises
    ------
    ValueError
        If the result is not a valid notebook, or a code cell of the page that
        printed something in the build found no executed twin.
    """
    from booktools.notebook_edition import convert

    folder = executed_notebook.parents[len(source.relative_to(book.root).parts) - 1]
    edition = convert(source, book, folder)
    executed = executed_outputs(executed_notebook, cache)
    merged, _ = merge_outputs(edition, executed)
    wanted = {_source(c) for c in executed.cells if c.cell_type == "code" and c.get("outputs")}
    found = {_source(c) for c in merged.cells if c.cell_type == "code" and c.get("outputs")}
    if wanted - found:
        missing = sorted(wanted - found)[0].splitlines()[0]
        raise ValueError(f"{source.name}: the notebook edition has no code cell for the "
                         f"executed cell starting {missing!r}; its outputs would be lost.")
    nbformat.validate(merged)
    return merged


def write_downloads(outdir: Path, srcdir: Path, lang: str = "en",
                    cache: Path | None = None) -> dict[str, int]:
    """Replace each ``outdir/_sources/<page>.ipynb`` by :func:`downloadable`.

    Pages of the notebook edition only (chapters with code); the executed
    notebooks are read from ``outdir/../jupyter_execute`` as the theme does.

    Returns
    -------
    dict
        ``{page path: bytes written}``.
    """
    from booktools.notebook_edition import Book, serialise

    sources = Path(outdir) / "_sources"
    executed_root = Path(outdir).parent / "jupyter_execute"
    book = Book.read(Path(srcdir), lang)
    written: dict[str, int] = {}
    for rel in sorted(book.notebooks):
        target = sources / Path(rel).with_suffix(".ipynb")
        executed = executed_root / Path(rel).with_suffix(".ipynb")
        if not target.is_file() or not executed.is_file():
            continue
        text = serialise(downloadable(Path(srcdir) / rel, executed, book, cache))
        target.write_text(text, encoding="utf-8")
        written[rel] = len(text.encode("utf-8"))
    return written


def _build_finished(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if STUDENT_EXTENSION in app.extensions:
        return
    if not (Path(app.srcdir) / "_toc.yml").is_file():  # a one-page build: not the book's layout
        return
    lang = "es" if (app.config.language or "en").startswith("es") else "en"
    cache = Path(getattr(app.config, "nb_execution_cache_path", "") or
                 Path(app.outdir).parent / ".jupyter_cache")
    written = write_downloads(Path(app.outdir), Path(app.srcdir), lang, cache)
    from sphinx.util import logging

    logging.getLogger(__name__).info(
        f"downloads: {len(written)} notebooks with outputs in _sources ({lang})")


def setup(app: Any) -> dict[str, Any]:
    """Register the rewrite of the ``.ipynb`` downloads after an HTML build."""
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
