"""Find the exercise solutions in the MyST chapters, and strip them.

The chapters write solutions with sphinx-exercise's *gated* directives, so that
solution code is a real ``{code-cell}`` executed in the build::

    ```{solution-start} ex-label
    :class: dropdown
    ```
    ```{code-cell} ipython3
    ...
    ```
    ```{solution-end}
    ```

:func:`solutions` returns each such span (and each plain ``{solution}``
directive) with the code cells and static code blocks it holds;
:func:`strip_solutions` removes them, for the student edition.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\s*(?P<info>\S*)\s*(?P<arg>.*?)\s*$")


@dataclass(frozen=True)
class Solution:
    """One solution in a MyST document.

    Attributes
    ----------
    target : str
        Label of the exercise it solves.
    start, end : int
        First and last line of the span (0-based, inclusive), fences included.
    body : str
        The text between the opening directive and the end marker.
    code_cells : list of str
        Source of every ``{code-cell}`` in the body.
    static_code : list of str
        Info strings of code blocks that are *not* executed (```` ```python ````,
        ```` ```{code-block} ````...).
    """

    target: str
    start: int
    end: int
    body: str
    code_cells: list[str] = field(default_factory=list)
    static_code: list[str] = field(default_factory=list)


def _closing(lines: list[str], i: int, fence: str) -> int:
    """Index of the line closing the fence opened at line ``i``."""
    char, size = fence[0], len(fence)
    for j in range(i + 1, len(lines)):
        stripped = lines[j].strip()
        if stripped and set(stripped) == {char} and len(stripped) >= size:
            return j
    raise ValueError(f"line {i + 1}: the fence {fence!r} opened here is never closed.")


def _blocks(lines: list[str], first: int, last: int) -> tuple[list[str], list[str]]:
    """Code cells and static code blocks between lines ``first`` and ``last``."""
    cells, static = [], []
    i = first
    while i < last:
        match = _OPEN.match(lines[i])
        if match and match["fence"].startswith("`"):
            end = _closing(lines, i, match["fence"])
            info = match["info"]
            if info == "{code-cell}":
                cells.append("\n".join(lines[i + 1:end]))
            elif not info.startswith("{") or info in ("{code-block}", "{code}", "{literalinclude}"):
                static.append(info or "(no language)")
            i = end + 1
        else:
            i += 1
    return cells, static


def solutions(text: str) -> list[Solution]:
    r"""Return every solution (gated or plain directive) in a MyST document.

    Parameters
    ----------
    text : str
        The Markdown source.

    Returns
    -------
    list of Solution
        In document order.

    Raises
    ------
    ValueError
        If a ``solution-start`` has no ``solution-end``, a ``solution-end`` has
        no start, or a fence is never closed (the message gives the line).

    Examples
    --------
    >>> doc = '''
    ... ```{solution-start} ex-1
    ... :class: dropdown
    ... ```
    ... ```{code-cell} ipython3
    ... print(1 + 1)
    ... ```
    ... ```{solution-end}
    ... ```
    ... '''
    >>> [(s.target, s.code_cells, s.static_code) for s in solutions(doc)]
    [('ex-1', ['print(1 + 1)'], [])]
    >>> solutions("```{solution-start} ex-2\n```\nText.\n")
    Traceback (most recent call last):
    ...
    ValueError: line 1: solution-start ex-2 has no solution-end after it.
    """
    lines = text.splitlines()
    found: list[Solution] = []
    i = 0
    while i < len(lines):
        match = _OPEN.match(lines[i])
        if not match:
            i += 1
            continue
        close = _closing(lines, i, match["fence"])
        info = match["info"]
        if info == "{solution-end}":
            raise ValueError(f"line {i + 1}: solution-end without a solution-start before it.")
        if info == "{solution-start}":
            end_open = next((j for j in range(close + 1, len(lines))
                             if (m := _OPEN.match(lines[j])) and m["info"] == "{solution-end}"),
                            None)
            if end_open is None:
                raise ValueError(f"line {i + 1}: solution-start {match['arg']} has no "
                                 "solution-end after it.")
            end = _closing(lines, end_open, _OPEN.match(lines[end_open])["fence"])
            cells, static = _blocks(lines, close + 1, end_open)
            found.append(Solution(match["arg"], i, end, "\n".join(lines[close + 1:end_open]),
                                  cells, static))
            i = end + 1
        elif info == "{solution}":
            cells, static = _blocks(lines, i + 1, close)
            found.append(Solution(match["arg"], i, close, "\n".join(lines[i + 1:close]),
                                  cells, static))
            i = close + 1
        else:
            # Backtick fences hold code or a directive body: skip them. Colon fences
            # (admonitions) may hold solutions: look inside.
            i = close + 1 if match["fence"].startswith("`") else i + 1
    return found


def strip_solutions(text: str) -> str:
    r"""Return ``text`` without its solutions (see :func:`solutions`).

    Examples
    --------
    >>> strip_solutions("Before\n```{solution} ex-1\nAnswer\n```\nAfter\n")
    'Before\nAfter\n'
    """
    lines = text.splitlines(keepends=True)
    drop: set[int] = set()
    for sol in solutions(text):
        drop.update(range(sol.start, sol.end + 1))
    return "".join(line for n, line in enumerate(lines) if n not in drop)


def chapter_solutions(chapters: Path) -> dict[Path, list[Solution]]:
    """Return the solutions of every MyST chapter under ``chapters`` (recursively).

    Examples
    --------
    >>> from helpers.reference.paths import REPO_ROOT
    >>> found = chapter_solutions(REPO_ROOT / "chapters")
    >>> all(path.suffix == ".md" for path in found)
    True
    """
    return {path: solutions(path.read_text(encoding="utf-8"))
            for path in sorted(chapters.rglob("*.md"))
            if "_build" not in path.parts}
