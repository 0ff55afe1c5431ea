"""Shared fixtures: the repository root and one strict build of the book per test run."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class BookBuild:
    """Result of building the book the way `make book` does."""

    returncode: int
    log: str
    html: Path


def build_book() -> BookBuild:
    """Build the book strictly as `make book` does (booktools.book_build): both editions
    at once, cache guarded, -W -n --keep-going; the Spanish one into ``_build/html/es``."""
    proc = subprocess.run([str(BIN / "python"), "-m", "booktools.book_build"],
                          cwd=REPO, capture_output=True, text=True)
    logs = sorted((REPO / "_build" / "logs").glob("*.log"))
    log = proc.stdout + proc.stderr + "".join(
        f"\n--- {p.name} ---\n" + p.read_text(encoding="utf-8") for p in logs)
    return BookBuild(proc.returncode, log, REPO / "_build/html")


#: Fixtures that build the whole book: a test using one is a `build` test, so that
#: `make test-fast` (-m "not build ...") never starts a book build by accident.
BUILD_FIXTURES = {"book", "book_html"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def book() -> BookBuild:
    """The book, built once per test session exactly as `make book` builds it."""
    return build_book()


@pytest.fixture(scope="session")
def book_html(book: BookBuild) -> Path:
    """The built HTML folder; fails (never skips) if the strict build failed."""
    assert book.returncode == 0, f"strict book build failed:\n{book.log[-5000:]}"
    return book.html
