"""Sphinx extension for the student edition: the book without exercise solutions.

sphinx-exercise's own switch (``hide_solutions``) crashes on gated solutions
(``solution-start``/``solution-end``, executablebooks/sphinx-exercise#89), which
every chapter uses. This extension instead lets sphinx-exercise merge each gated
solution into one node, then removes every solution node from the document
before anything is written (pages, search index). After the build it also
strips the solutions from the page sources offered for download (``_sources``).

Added to the build by :mod:`booktools.student_build`; never part of the
public book.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform
from sphinx_exercise.nodes import solution_end_node, solution_node, solution_start_node

from booktools.solutions import solutions, strip_solutions


class RemoveSolutions(SphinxTransform):
    """Drop every solution from the doctree (after sphinx-exercise merged gated ones)."""

    #: sphinx-exercise's MergeGatedSolutions runs at priority 10.
    default_priority = 15

    def apply(self, **kwargs: Any) -> None:
        """Remove solution nodes; fail loudly on a gated solution left unmerged."""
        for node in list(self.document.findall(solution_node)):
            node.parent.remove(node)
        stray = list(self.document.findall(solution_start_node)) + list(
            self.document.findall(solution_end_node))
        if stray:
            raise ValueError(
                f"{self.env.docname}: {len(stray)} solution-start/solution-end marker(s) were "
                "not merged into a solution; check that each solution-start has its "
                "solution-end at the same level."
            )


def strip_notebook(text: str) -> str:
    r"""Return a notebook (JSON text) without its gated solutions.

    A notebook made from a MyST chapter mixes the directives into markdown cells
    (one cell may end a solution and start the next exercise), so the cells are
    laid out again as MyST text, the solution spans are found in it
    (:func:`booktools.solutions.solutions`), and every code cell and
    markdown line inside a span is dropped; markdown cells left empty go too.

    Examples
    --------
    >>> import json
    >>> def cell(kind, text):
    ...     return {"cell_type": kind, "source": text, "metadata": {}}
    >>> nb = {"cells": [cell("markdown", "Q\n```{solution-start} q\n```"),
    ...                 cell("code", "answer = 42"),
    ...                 cell("markdown", "```{solution-end}\n```\nNext")]}
    >>> [c["source"] for c in json.loads(strip_notebook(json.dumps(nb)))["cells"]]
    ['Q', 'Next']
    """
    notebook = json.loads(text)
    cells = notebook.get("cells", [])
    lines: list[str] = []
    owners: list[tuple[int, int | None]] = []
    for k, cell in enumerate(cells):
        source = "".join(cell.get("source", "")).splitlines()
        if cell.get("cell_type") == "code":
            block = ["```{code-cell} ipython3", *source, "```"]
            lines += block
            owners += [(k, None)] * len(block)
        else:
            lines += source
            owners += [(k, j) for j in range(len(source))]
    dropped = {n for sol in solutions("\n".join(lines)) for n in range(sol.start, sol.end + 1)}
    drop_cells = {owners[n][0] for n in dropped if owners[n][1] is None}
    drop_lines = {owners[n] for n in dropped if owners[n][1] is not None}
    kept = []
    for k, cell in enumerate(cells):
        if k in drop_cells:
            continue
        if cell.get("cell_type") != "code":
            source = "".join(cell.get("source", "")).splitlines()
            remaining = [line for j, line in enumerate(source) if (k, j) not in drop_lines]
            if len(remaining) < len(source):
                if not "".join(remaining).strip():
                    continue
                cell = {**cell, "source": "\n".join(remaining).strip("\n")}
        kept.append(cell)
    notebook["cells"] = kept
    return json.dumps(notebook, indent=1, ensure_ascii=False)


def strip_sources(outdir: Path) -> list[Path]:
    """Strip solutions from the page sources copied into ``outdir/_sources``.

    Returns
    -------
    list of pathlib.Path
        The files that held solutions and were rewritten.
    """
    changed = []
    for path in sorted((outdir / "_sources").rglob("*")):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        if "{solution" not in text:
            continue
        is_notebook = path.name.endswith((".ipynb", ".ipynb.txt"))
        path.write_text(strip_notebook(text) if is_notebook else strip_solutions(text),
                        encoding="utf-8")
        changed.append(path)
    return changed


def _build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        strip_sources(Path(app.outdir))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the transform and the clean-up of ``_sources``."""
    app.setup_extension("sphinx_exercise")
    app.add_transform(RemoveSolutions)
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}

