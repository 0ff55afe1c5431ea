"""Audit what a chapter teaches: visible code, bookkeeping on the page, by-hand pairs, exercises.

The book's rule is *idiom first, helper second*: each method is shown once in
plain library code, then the helper that does it at scale, with an ``assert``
that the two agree. Bookkeeping (``glue``, formatting for the prose) lives in
cells hidden from the page. Exercises climb a ladder of five rungs.

Conventions this module reads (MyST notebooks in ``chapters/``):

* a code cell is *hidden* when its tags include ``remove-cell`` or ``remove-input``;
* a *bookkeeping* line is a visible line that calls ``glue(`` or ``put(``;
* a *by-hand pair* is a visible code cell tagged ``by-hand`` that contains an
  ``assert`` (the library computation, the helper, and their agreement);
* an exercise's rung is its ``:class:`` option: ``rung-lookup``, ``rung-compute``,
  ``rung-plot``, ``rung-interpret`` or ``rung-extend``.

``python -m booktools.chapter_audit`` prints one row per chapter.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from booktools.toc import toc_sources

#: The exercise ladder, in order.
RUNGS: tuple[str, ...] = ("lookup", "compute", "plot", "interpret", "extend")
HIDDEN_TAGS = ("remove-cell", "remove-input")
_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(?P<body>.*?)^```\s*$", re.S | re.M)
_TAGS = re.compile(r"^:tags:\s*\[(?P<tags>[^\]]*)\]", re.M)
_EXERCISE = re.compile(r"^```\{exercise(?:-start)?\}[^\n]*\n(?P<opts>(?::[^\n]*\n)*)", re.M)
_BOOKKEEPING = re.compile(r"\b(glue|put)\(")


@dataclass
class Audit:
    """What one chapter shows its readers."""

    chapter: str
    visible_lines: int = 0
    bookkeeping_lines: int = 0
    by_hand_pairs: int = 0
    rungs: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RUNGS, 0))

    def row(self) -> str:
        """Return a printable row."""
        ladder = " ".join(f"{r}={n}" for r, n in self.rungs.items())
        return (f"{self.chapter:<34} visible={self.visible_lines:>4} "
                f"bookkeeping={self.bookkeeping_lines:>3} by-hand={self.by_hand_pairs:>2}  "
                f"{ladder}")


def _split_cell(body: str) -> tuple[list[str], list[str]]:
    """Return (tags, code lines) of a code cell body (its option block stripped)."""
    lines = body.splitlines()
    tags: list[str] = []
    if lines and lines[0].strip() == "---":
        end = lines.index("---", 1)
        options = "\n".join(lines[1:end])
        lines = lines[end + 1:]
        found = re.search(r"tags:\s*\[([^\]]*)\]", options)
        if found:
            tags = [t.strip().strip("'\"") for t in found.group(1).split(",")]
    else:
        while lines and lines[0].startswith(":"):
            found = _TAGS.match(lines[0])
            if found:
                tags = [t.strip().strip("'\"") for t in found.group("tags").split(",")]
            lines = lines[1:]
    return tags, lines


def audit_text(text: str, chapter: str = "chapter") -> Audit:
    """Audit the MyST source ``text`` of one chapter.

    Examples
    --------
    >>> src = '''```{code-cell} ipython3
    ... :tags: [by-hand]
    ... rate = deaths.sum() / pop.sum()
    ... assert rate == helper()
    ... ```
    ... ```{code-cell} ipython3
    ... :tags: [remove-cell]
    ... glue("x", 1)
    ... ```
    ... ```{exercise-start}
    ... :label: ex-1
    ... :class: rung-lookup
    ... ```'''
    >>> a = audit_text(src)
    >>> a.visible_lines, a.bookkeeping_lines, a.by_hand_pairs, a.rungs["lookup"]
    (2, 0, 1, 1)
    """
    audit = Audit(chapter)
    for cell in _CELL.finditer(text):
        tags, lines = _split_cell(cell.group("body"))
        if any(t in HIDDEN_TAGS for t in tags):
            continue
        code = [ln for ln in lines if ln.strip() and not ln.strip().startswith("#")]
        audit.visible_lines += len(code)
        audit.bookkeeping_lines += sum(bool(_BOOKKEEPING.search(ln)) for ln in code)
        if "by-hand" in tags and any(ln.lstrip().startswith("assert") for ln in code):
            audit.by_hand_pairs += 1
    for exercise in _EXERCISE.finditer(text):
        found = re.search(r"^:class:\s*(.+)$", exercise.group("opts"), re.M)
        for cls in (found.group(1).split() if found else []):
            if cls.startswith("rung-") and cls[5:] in audit.rungs:
                audit.rungs[cls[5:]] += 1
    return audit


def teaching_chapters() -> list[Path]:
    """Return the chapters that teach (the table of contents minus appendices and guide)."""
    return [p for p in toc_sources()
            if "appendix" not in p.parts and "instructors" not in p.parts
            and p.stem != "intro"]


def audit_book() -> list[Audit]:
    """Audit every teaching chapter of the table of contents."""
    return [audit_text(p.read_text(encoding="utf-8"), p.stem) for p in teaching_chapters()]


def main() -> int:
    """Print the audit; exit 1 if a chapter breaks the rules."""
    bad = 0
    for audit in audit_book():
        print(audit.row())
        bad += audit.bookkeeping_lines > 0 or audit.by_hand_pairs < 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
