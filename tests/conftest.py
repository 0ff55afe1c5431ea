"""Shared fixtures: the repository root and one strict build of the book per test run."""

from __future__ import annotations

import os
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


def build_book(output: Path | None = None) -> BookBuild:
    """Build the book strictly as `make book` does: English (clean HTML, cache guarded,
    -W -n --keep-going), then the Spanish edition into ``_build/html/es``."""
    env = dict(os.environ, KINGPIN_STATIC_WIDGETS="1")
    subprocess.run([str(BIN / "python"), "-m", "booktools.cache_guard",
                    str(REPO / "_build/.jupyter_cache")], check=True, cwd=REPO, env=env)
    subprocess.run([str(BIN / "jupyter-book"), "clean", "."], check=True, cwd=REPO, env=env,
                   capture_output=True)
    proc = subprocess.run(
        [str(BIN / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"],
        cwd=REPO, env=env, capture_output=True, text=True,
    )
    log = proc.stdout + proc.stderr
    if proc.returncode == 0:
        # Then the Spanish edition into _build/html/es, as `make book` does.
        spanish = subprocess.run([str(BIN / "python"), "-m", "booktools.i18n_build", "build"],
                                 cwd=REPO, env=env, capture_output=True, text=True)
        log += "\n--- Spanish edition ---\n" + spanish.stdout + spanish.stderr
        return BookBuild(spanish.returncode, log, REPO / "_build/html")
    return BookBuild(proc.returncode, log, REPO / "_build/html")


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
