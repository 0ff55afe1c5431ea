"""Build and grade the autograded assignments (otter-grader) without Docker.

Each assignment is one source notebook in ``assignments/<nn-slug>/<slug>.ipynb``
written in otter's assignment format: solutions and tests live together, and
``otter assign`` splits them into a student notebook and an autograder. The
output goes to ``assignments/<nn-slug>/dist/`` (ignored by git):

* ``dist/student/<slug>.ipynb`` -- hand this out;
* ``dist/autograder/<slug>.ipynb`` -- the reference solutions;
* ``dist/autograder/*.zip`` -- the autograder (tests, hidden ones included).

The student notebook is also copied to ``assignments/<nn-slug>/student/<slug>.ipynb``,
which *is* committed: Binder and nbgitpuller links open the repository, not ``dist``.
It holds the questions and the public tests only (``check`` verifies that the
committed copy is what ``otter assign`` makes from the source today).

Grading runs each submission in a fresh kernel of *this* environment (the one
that has ``helpers`` and ``data/``), the way ``otter run`` does; no container
is needed.

Command line::

    python -m booktools.assignments assign            # every assignment
    python -m booktools.assignments check             # committed student notebooks current?
    python -m booktools.assignments grade 01 sub/*.ipynb --csv scores.csv
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from helpers.reference.paths import REPO_ROOT

#: Folder holding one sub-folder per assignment.
ASSIGNMENTS_DIR = REPO_ROOT / "assignments"


@dataclass(frozen=True)
class Assignment:
    """One assignment: its source notebook and where ``otter assign`` writes.

    Attributes
    ----------
    source : pathlib.Path
        The otter-format source notebook (solutions and tests).
    """

    source: Path

    @property
    def key(self) -> str:
        """Folder name, e.g. ``"01-history-and-aid"``."""
        return self.source.parent.name

    @property
    def dist(self) -> Path:
        """Output folder of ``otter assign``."""
        return self.source.parent / "dist"

    @property
    def student_notebook(self) -> Path:
        """The notebook handed out to students."""
        return self.dist / "student" / self.source.name

    @property
    def published(self) -> Path:
        """The committed student notebook (``student/<slug>.ipynb``) that links open."""
        return self.source.parent / "student" / self.source.name

    @property
    def solution_notebook(self) -> Path:
        """The reference solutions written by ``otter assign``."""
        return self.dist / "autograder" / self.source.name

    @property
    def autograder(self) -> Path:
        """The autograder zip file (raises if ``otter assign`` has not run).

        Raises
        ------
        FileNotFoundError
            If there is no zip file in ``dist/autograder``.
        """
        zips = sorted((self.dist / "autograder").glob("*.zip"))
        if not zips:
            raise FileNotFoundError(
                f"No autograder for {self.key}: run "
                f"`python -m booktools.assignments assign {self.key}` first."
            )
        return zips[-1]


def assignments(root: Path = ASSIGNMENTS_DIR) -> list[Assignment]:
    """Return every assignment under ``root``, in folder order.

    Parameters
    ----------
    root : pathlib.Path
        Folder with one sub-folder per assignment.

    Returns
    -------
    list of Assignment
        One per ``<root>/<folder>/<name>.ipynb`` (``dist`` folders are skipped).

    Examples
    --------
    >>> [a.key for a in assignments()][:1]
    ['01-history-and-aid']
    """
    found = []
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        notebooks = sorted(folder.glob("*.ipynb"))
        if len(notebooks) > 1:
            raise ValueError(f"{folder} holds {len(notebooks)} notebooks; an assignment "
                             "folder must hold exactly one source notebook.")
        found += [Assignment(nb) for nb in notebooks]
    return found


def find(key: str, root: Path = ASSIGNMENTS_DIR) -> Assignment:
    """Return the assignment whose folder name starts with ``key``.

    Parameters
    ----------
    key : str
        A folder name or its prefix, e.g. ``"01"`` or ``"01-history-and-aid"``.
    root : pathlib.Path
        Folder with one sub-folder per assignment.

    Raises
    ------
    KeyError
        If no assignment, or more than one, matches (the message lists them).

    Examples
    --------
    >>> find("01").source.name
    'history-and-aid.ipynb'
    >>> find("99")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    KeyError: "No assignment matches '99'; the assignments are: 01-history-and-aid..."
    """
    every = assignments(root)
    matches = [a for a in every if a.key == key or a.key.startswith(key)]
    if len(matches) != 1:
        listed = ", ".join(a.key for a in every)
        what = "No assignment matches" if not matches else f"{len(matches)} assignments match"
        raise KeyError(f"{what} {key!r}; the assignments are: {listed}")
    return matches[0]


def assign(assignment: Assignment, *, run_tests: bool = True) -> Assignment:
    """Run ``otter assign`` on one assignment, replacing its ``dist`` folder.

    Parameters
    ----------
    assignment : Assignment
        The assignment to build.
    run_tests : bool
        Let otter check that the reference solutions pass every test.

    Returns
    -------
    Assignment
        The same assignment, now with a student notebook and an autograder.

    Raises
    ------
    RuntimeError
        If ``otter assign`` fails (the message holds the end of its output).
    """
    shutil.rmtree(assignment.dist, ignore_errors=True)
    command = [sys.executable, "-m", "otter", "assign", assignment.source.name, "dist"]
    if not run_tests:
        command.append("--no-run-tests")
    proc = subprocess.run(command, cwd=assignment.source.parent, capture_output=True,
                          text=True)
    if proc.returncode != 0 or not assignment.student_notebook.exists():
        tail = (proc.stdout + proc.stderr)[-3000:]
        raise RuntimeError(f"otter assign failed for {assignment.key} "
                           f"(exit {proc.returncode}):\n{tail}")
    return assignment


def student_text(notebook: Path) -> str:
    """Return a student notebook as committed: with stable cell ids.

    ``otter assign`` gives cells random ids; numbering them makes the committed copy
    change only when the assignment does.
    """
    data = json.loads(notebook.read_text(encoding="utf-8"))
    for index, cell in enumerate(data.get("cells", [])):
        cell["id"] = f"cell-{index:03d}"
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def publish(assignment: Assignment) -> Path:
    """Copy the student notebook built by :func:`assign` to ``student/`` (committed)."""
    assignment.published.parent.mkdir(exist_ok=True)
    assignment.published.write_text(student_text(assignment.student_notebook),
                                     encoding="utf-8")
    return assignment.published


def fresh_student_text(assignment: Assignment) -> str:
    """Run ``otter assign`` on a copy of the source, elsewhere, and return its student text."""
    with tempfile.TemporaryDirectory(prefix="kingpin-assign-") as tmp:
        copy = Path(tmp) / assignment.key / assignment.source.name
        copy.parent.mkdir()
        shutil.copy2(assignment.source, copy)
        return student_text(assign(Assignment(copy), run_tests=False).student_notebook)


def stale_students(root: Path = ASSIGNMENTS_DIR) -> list[Assignment]:
    """Return the assignments whose committed student notebook is missing or out of date."""
    return [item for item in assignments(root)
            if not item.published.is_file()
            or item.published.read_text(encoding="utf-8") != fresh_student_text(item)]


def grade(submission: Path, autograder: Path) -> dict[str, float]:
    """Grade one submitted notebook locally and return the score of each question.

    Parameters
    ----------
    submission : pathlib.Path
        A student's ``.ipynb`` (or the zip made by the notebook's export cell).
    autograder : pathlib.Path
        The autograder zip written by :func:`assign`.

    Returns
    -------
    dict
        ``{question: points}`` plus ``"total"`` and ``"possible"``.

    Raises
    ------
    FileNotFoundError
        If either file is missing.
    """
    from otter.api import grade_submission

    for path, what in ((submission, "submission"), (autograder, "autograder")):
        if not Path(path).is_file():
            raise FileNotFoundError(f"The {what} {path} does not exist.")
    with contextlib.redirect_stderr(io.StringIO()):
        results = grade_submission(str(submission), str(autograder), quiet=True)
    scores = {name: float(result.score) for name, result in sorted(results.results.items())}
    scores["total"] = float(results.total)
    scores["possible"] = float(results.possible)
    return scores


def _write_csv(rows: Sequence[dict[str, object]], path: Path) -> None:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    with path.open("w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def main(argv: Iterable[str] | None = None) -> int:
    """Command line: ``assign [keys...]`` or ``grade KEY SUBMISSIONS... [--csv FILE]``."""
    parser = argparse.ArgumentParser(prog="python -m booktools.assignments",
                                     description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_assign = sub.add_parser("assign", help="build student notebooks and autograders")
    p_assign.add_argument("keys", nargs="*", help="assignment folders (default: all)")
    p_assign.add_argument("--no-run-tests", action="store_true",
                          help="skip checking the reference solutions")
    sub.add_parser("check", help="are the committed student notebooks up to date?")
    p_grade = sub.add_parser("grade", help="grade submissions locally")
    p_grade.add_argument("key", help="assignment folder or prefix, e.g. 01")
    p_grade.add_argument("submissions", nargs="+", type=Path)
    p_grade.add_argument("--csv", type=Path, help="also write the scores to this CSV file")
    args = parser.parse_args(list(argv) if argv is not None else None)

    if args.command == "assign":
        chosen = [find(k) for k in args.keys] if args.keys else assignments()
        for item in chosen:
            assign(item, run_tests=not args.no_run_tests)
            publish(item)
            print(f"{item.key}: student notebook {item.published.relative_to(REPO_ROOT)}"
                  f", autograder {item.autograder.relative_to(REPO_ROOT)}")
        from booktools import assignments_i18n  # the Spanish student notebooks (issue 19)

        for item in chosen:
            assignments_i18n.publish(item)
        print(assignments_i18n.report(chosen))
        return 0
    if args.command == "check":
        stale = stale_students()
        for item in stale:
            print(f"stale: {item.published.relative_to(REPO_ROOT)} "
                  "(run `make assignments` and commit it)")
        from booktools.assignments_i18n import problems

        translated = problems()
        for line in translated:
            print(line)
        return 1 if stale or translated else 0

    item = find(args.key)
    rows = []
    for submission in args.submissions:
        scores = grade(submission, item.autograder)
        rows.append({"submission": str(submission), **scores})
        print(f"{submission}: {scores['total']:g} / {scores['possible']:g}")
    if args.csv:
        _write_csv(rows, args.csv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
