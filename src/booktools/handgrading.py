"""The questions of each assignment, and the hand-graded answers of submissions, for grading.

Each assignment mixes questions the autograder scores (a value, checked by hidden tests)
with questions graded by hand (otter's ``manual: true``): a figure and a short written
answer. :func:`questions` lists them from the source notebook, so that the instructor
guide's rubric shows the points of each without typing them. :func:`answer_sheet`
gathers, from many submissions, the answers to the hand-graded questions into one HTML
page, question by question, with the figures the students' code drew: the grader reads
every answer to one question in a row, with the rubric beside it.

Command line::

    python -m booktools.handgrading 01 submissions/*.ipynb --out written-01.html
"""

from __future__ import annotations

import argparse
import base64
import html
import sys
import zipfile
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

import nbformat
import pandas as pd
import yaml
from markdown_it import MarkdownIt

from booktools.assignments import Assignment, find
from booktools.assignments_i18n import answer_placeholders

#: What otter puts in an answer cell of a written question before the student writes.
PLACEHOLDER = "_Type your answer here, replacing this text._"


@cache
def _unanswered() -> frozenset[str]:
    """Return what an answer cell holds until a student writes in it, in every language."""
    return frozenset(answer_placeholders(PLACEHOLDER) | {"..."})


#: Markers otter assign writes around each hand-graded question of a student notebook.
BEGIN, END = "<!-- BEGIN QUESTION -->", "<!-- END QUESTION -->"


def _source(cell: dict) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


def questions(assignment: Assignment) -> pd.DataFrame:
    """Return one row per question of an assignment's source notebook.

    Parameters
    ----------
    assignment : Assignment
        The assignment (its otter-format source notebook is read, not built).

    Returns
    -------
    pandas.DataFrame
        ``question`` (otter's name, e.g. ``"q8"``), ``points``, ``graded``
        (``"autograder"`` or ``"by hand"``), ``kind`` (``"value"``, ``"figure"`` or
        ``"written"``: a hand-graded question whose model answer is prose is written,
        one whose solution is code draws a figure) and ``prompt`` (the question's
        text, without its bold label).

    Raises
    ------
    ValueError
        If a question has no name or no points.

    Examples
    --------
    >>> table = questions(find("02"))
    >>> table[["question", "graded", "kind"]].tail(3).to_numpy().tolist()
    [['q6', 'autograder', 'value'], ['q7', 'by hand', 'figure'], ['q8', 'by hand', 'written']]
    """
    cells = nbformat.read(assignment.source, as_version=4).cells
    rows: list[dict] = []
    current: dict | None = None
    in_solution = False
    for cell in cells:
        text = _source(cell).strip()
        if cell.cell_type == "raw" and text.startswith("# BEGIN QUESTION"):
            config = yaml.safe_load(text.removeprefix("# BEGIN QUESTION")) or {}
            if "name" not in config or "points" not in config:
                raise ValueError(f"{assignment.source.name}: a question lacks a name or "
                                 f"points (config {config!r}); give both.")
            current = {"question": config["name"], "points": config["points"],
                       "graded": "by hand" if config.get("manual") else "autograder",
                       "kind": "value", "prompt": ""}
            rows.append(current)
        elif cell.cell_type == "raw" and text in ("# BEGIN SOLUTION", "# END SOLUTION"):
            in_solution = text == "# BEGIN SOLUTION"
        elif current is not None and cell.cell_type == "markdown" and not in_solution \
                and not current["prompt"]:
            label, _, rest = text.partition(".** ")
            current["prompt"] = " ".join((rest or label).split())
        elif current is not None and in_solution and current["graded"] == "by hand":
            current["kind"] = "written" if cell.cell_type == "markdown" else "figure"
    return pd.DataFrame(rows, columns=["question", "points", "graded", "kind", "prompt"])


def _read_submission(path: Path) -> nbformat.NotebookNode:
    """Read a submitted notebook, or the notebook inside the zip its export cell made."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"The submission {path} does not exist.")
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.endswith(".ipynb")]
            if len(names) != 1:
                raise ValueError(f"{path} holds {len(names)} notebooks; a submission zip "
                                 "holds exactly one.")
            return nbformat.reads(archive.read(names[0]).decode("utf-8"), as_version=4)
    return nbformat.read(path, as_version=4)


def answers(submission: Path, assignment: Assignment) -> dict[str, list[nbformat.NotebookNode]]:
    """Return the cells a student wrote for each hand-graded question.

    Otter writes ``<!-- BEGIN QUESTION -->`` before the prompt of each hand-graded
    question and ``<!-- END QUESTION -->`` after it; the cells in between, prompt and
    untouched placeholders left out, are the answer.

    Parameters
    ----------
    submission : pathlib.Path
        A student notebook, or the zip made by its export cell.
    assignment : Assignment
        The assignment it answers (for the names of its hand-graded questions).

    Returns
    -------
    dict
        ``{question: [cells]}`` for every hand-graded question, in order; an empty
        list where the student wrote nothing.

    Raises
    ------
    ValueError
        If the submission does not hold one marked block per hand-graded question
        (a notebook of another assignment, or markers deleted).
    """
    table = questions(assignment)
    names = table.loc[table["graded"] == "by hand", "question"].tolist()
    blocks: list[list[nbformat.NotebookNode]] = []
    inside = False
    for cell in _read_submission(submission).cells:
        text = _source(cell)
        if cell.cell_type == "markdown" and (BEGIN in text or END in text):
            if END in text and inside:
                inside = False
            if BEGIN in text and text.rfind(BEGIN) > text.rfind(END):
                inside = True
                blocks.append([])
            continue
        if inside and text.strip() and text.strip() not in _unanswered():
            blocks[-1].append(cell)
    if len(blocks) != len(names):
        raise ValueError(f"{submission} has {len(blocks)} hand-graded question block(s); "
                         f"{assignment.key} has {len(names)} ({', '.join(names)}). Is it a "
                         "submission of this assignment, with otter's question markers kept?")
    return dict(zip(names, blocks, strict=True))


def _cell_html(cell: nbformat.NotebookNode, md: MarkdownIt) -> str:
    if cell.cell_type == "markdown":
        return md.render(_source(cell))
    parts = [f"<pre><code>{html.escape(_source(cell))}</code></pre>"]
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "image/png" in data:
            parts.append(f'<img alt="figure drawn by the submission" '
                         f'src="data:image/png;base64,{data["image/png"]}">')
        elif "image/svg+xml" in data:  # the house style sends SVG when it is lighter
            svg = base64.b64encode(_source({"source": data["image/svg+xml"]}).encode()).decode()
            parts.append(f'<img alt="figure drawn by the submission" '
                         f'src="data:image/svg+xml;base64,{svg}">')
        elif output.get("output_type") == "error":
            parts.append(f"<pre>{html.escape(output.get('ename', 'Error'))}: "
                         f"{html.escape(output.get('evalue', ''))}</pre>")
    return "\n".join(parts)


def answer_sheet(assignment: Assignment, submissions: Sequence[Path]) -> str:
    """Return one HTML page with every submission's answer to each hand-graded question.

    Parameters
    ----------
    assignment : Assignment
        The assignment graded.
    submissions : sequence of pathlib.Path
        Student notebooks or exported zips (executed, so that figures show).

    Returns
    -------
    str
        A standalone HTML page: per hand-graded question its prompt and points, then
        each submission's answer under the submission's path ("no answer" where
        there is none).
    """
    md = MarkdownIt("commonmark")
    table = questions(assignment).set_index("question")
    collected = {str(s): answers(Path(s), assignment) for s in submissions}
    body = [f"<h1>{html.escape(assignment.key)}: answers graded by hand</h1>",
            "<p>Grade with the rubric of the instructor guide (<em>Written work and "
            "figures</em>).</p>"]
    for name in table.index[table["graded"] == "by hand"]:
        row = table.loc[name]
        body.append(f'<h2 id="{name}">{name} ({row["kind"]}, {row["points"]} points)</h2>')
        body.append(f"<blockquote>{md.render(row['prompt'])}</blockquote>")
        for student, found in collected.items():
            body.append(f"<h3>{html.escape(student)}</h3>")
            body.append("\n".join(_cell_html(c, md) for c in found[name])
                        or "<p><em>no answer</em></p>")
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(assignment.key)}: hand-graded answers</title>"
            "<style>body{max-width:50rem;margin:auto;font-family:sans-serif}"
            "img{max-width:100%}h3{border-top:1px solid #ccc;padding-top:.5rem}</style>"
            "</head><body>\n" + "\n".join(body) + "\n</body></html>\n")


def main(argv: Iterable[str] | None = None) -> int:
    """Command line: ``KEY SUBMISSIONS... --out FILE``."""
    parser = argparse.ArgumentParser(prog="python -m booktools.handgrading",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("key", help="assignment folder or prefix, e.g. 01")
    parser.add_argument("submissions", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, required=True, help="HTML file to write")
    args = parser.parse_args(list(argv) if argv is not None else None)
    item = find(args.key)
    args.out.write_text(answer_sheet(item, args.submissions), encoding="utf-8")
    print(f"{args.out}: answers of {len(args.submissions)} submission(s) to "
          f"{(questions(item)['graded'] == 'by hand').sum()} hand-graded question(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
