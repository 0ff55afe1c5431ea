"""`make book-student`: the same book without a trace of the exercise solutions.

Builds the public book (the session's `book` fixture) and then, once, the student edition
into `_build/student/html`, the way the Makefile does. Every solution's own code lines (those
that appear nowhere else in its chapter) must show in the public HTML and nowhere in the
student edition: not in the pages, the search index or the downloadable sources.
"""

from __future__ import annotations

import html
import re
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from booktools.solutions import solutions, strip_solutions
from booktools.toc import toc_sources

pytestmark = pytest.mark.build

REPO = Path(__file__).resolve().parents[1]
SOLUTION_CLASS = re.compile(r'class="[^"]*\bsolution\b')


class _Text(HTMLParser):
    """Visible text of a page (scripts and styles left out), whitespace collapsed."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def page_text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join("".join(parser.parts).split())


def norm(line: str) -> str:
    return " ".join(line.split())


def toc_chapters() -> list[Path]:
    return [p for p in toc_sources() if p.suffix == ".md"]


@dataclass(frozen=True)
class SolutionLines:
    chapter: Path
    target: str
    lines: list[str]


def solution_specific_lines() -> list[SolutionLines]:
    """For each solution in the book, its code lines that appear nowhere else in the book."""
    texts = {chapter: chapter.read_text(encoding="utf-8") for chapter in toc_chapters()}
    rest = {norm(line) for text in texts.values() for line in strip_solutions(text).splitlines()}
    # A solution line that is part of a line outside the solutions (a shorter tail of the
    # same call) cannot be told apart by text either.
    rest_text = "\n".join(rest)
    found = []
    for chapter, text in texts.items():
        for sol in solutions(text):
            lines = []
            for cell in sol.code_cells:
                body = cell.split("\n---\n", 1)[1] if cell.startswith("---\n") else cell
                lines += [norm(line) for line in body.splitlines()
                          if len(norm(line)) >= 12 and not line.lstrip().startswith(("#", ":"))
                          and norm(line) not in rest and norm(line) not in rest_text]
            found.append(SolutionLines(chapter, sol.target, lines))
    return found


@dataclass(frozen=True)
class StudentBuild:
    returncode: int
    log: str
    html: Path


@pytest.fixture(scope="session")
def student(book) -> StudentBuild:
    """The student edition, built once, after the public book (whose clean would erase it)."""
    public_index = REPO / "_build/html/index.html"
    before = public_index.stat().st_mtime_ns if public_index.exists() else None
    proc = subprocess.run([sys.executable, "-m", "booktools.student_build",
                           "_build/student"], cwd=REPO, capture_output=True, text=True)
    after = public_index.stat().st_mtime_ns if public_index.exists() else None
    assert before == after, "the student build must not touch _build/html"
    return StudentBuild(proc.returncode, proc.stdout + proc.stderr, REPO / "_build/student/html")


def test_student_build_succeeds_strictly(student):
    assert student.returncode == 0, student.log[-5000:]
    warnings = [line for line in student.log.splitlines()
                if re.search(r"\bWARNING\b", line) and "Kernel is running over TCP" not in line]
    assert not warnings, "\n".join(warnings)
    assert (student.html / "index.html").exists()
    assert (REPO / "_build/student/_config.student.yml").exists()


def test_the_book_has_solutions_to_hide():
    found = solution_specific_lines()
    assert found, "no chapter in the table of contents has an exercise solution"
    # A solution whose every line also appears elsewhere in its chapter cannot be told
    # apart by text; the class check still covers it. Most must be checkable.
    checkable = [s for s in found if s.lines]
    assert len(checkable) >= max(1, len(found) // 2), [s.target for s in found if not s.lines]


def test_public_book_shows_every_solution(book):
    for sol in solution_specific_lines():
        page = book.html / sol.chapter.relative_to(REPO).with_suffix(".html")
        text = page_text(page)
        assert SOLUTION_CLASS.search(page.read_text(encoding="utf-8"))
        missing = [line for line in sol.lines if line not in text]
        assert not missing, f"{sol.target}: public page lacks {missing[:3]}"


def test_student_pages_hold_no_solution_text(student):
    pages = sorted(student.html.rglob("*.html"))
    texts = {page: page_text(page) for page in pages}
    for page in pages:
        assert not SOLUTION_CLASS.search(page.read_text(encoding="utf-8")), page
    for sol in solution_specific_lines():
        for page, text in texts.items():
            leaked = [line for line in sol.lines if line in text]
            assert not leaked, f"{sol.target} leaks into {page.name}: {leaked[:3]}"


def test_search_index_and_sources_hold_no_solution_text(student):
    files = [student.html / "searchindex.js"] + sorted(
        p for p in (student.html / "_sources").rglob("*") if p.is_file())
    for path in files:
        raw = path.read_text(encoding="utf-8")
        text = norm(html.unescape(raw.replace("\\n", "\n").replace('\\"', '"')))
        assert "{solution-start}" not in text and "{solution}" not in text, path
        for sol in solution_specific_lines():
            leaked = [line for line in sol.lines if line in text]
            assert not leaked, f"{sol.target} leaks into {path.name}: {leaked[:3]}"


def test_student_edition_keeps_the_exercises_and_says_what_it_is(student):
    for sol in solution_specific_lines():
        page = student.html / sol.chapter.relative_to(REPO).with_suffix(".html")
        assert f'id="{sol.target}"' in page.read_text(encoding="utf-8"), sol.target
    assert "Student edition" in (student.html / "chapters/intro.html").read_text()
