"""The strict book build: warnings are errors, references are checked, no cell may fail."""

import re

import pytest

pytestmark = pytest.mark.build


def test_strict_build_succeeds_without_warnings(book):
    assert book.returncode == 0, book.log[-5000:]
    warnings = [line for line in book.log.splitlines()
                if re.search(r"\bWARNING\b", line) and "Kernel is running over TCP" not in line]
    assert not warnings, "\n".join(warnings)


def test_every_chapter_page_exists_with_executed_outputs(book_html):
    intro = (book_html / "chapters/intro.html").read_text()
    assert "helpers version" in intro, "the intro's code cell output is missing"
    assert (book_html / "index.html").exists()


def test_launch_and_download_buttons_are_configured(book_html):
    intro = (book_html / "chapters/intro.html").read_text()
    assert "mybinder.org/v2/gh/" in intro and "chapters/intro.md" in intro
    assert "thebe" in intro.lower()
    assert "download" in intro.lower()


def test_execution_cache_is_cleared_when_helpers_change(tmp_path):
    """Change a helper's output, rebuild: the page shows the new output, not a stale cache."""
    import os
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[1]
    book = tmp_path / "book"
    for rel in ("_config.yml", "references.bib", "requirements.txt", "chapters/intro.md",
                "chapters/appendix/bibliography.md"):
        (book / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(repo / rel, book / rel)
    shutil.copytree(repo / "src", book / "src", ignore=shutil.ignore_patterns("__pycache__"))
    # The intro's hidden cell guards its sentences with the data (claims, homicides).
    shutil.copytree(repo / "data", book / "data")
    (book / "_toc.yml").write_text(
        "format: jb-book\nroot: chapters/intro\n"
        "chapters:\n  - file: chapters/appendix/bibliography\n"
    )
    bin_dir = Path(sys.executable).parent
    env = dict(os.environ, PYTHONPATH=str(book / "src"), KINGPIN_STATIC_WIDGETS="1")

    def make_book() -> str:
        for cmd in ([str(bin_dir / "python"), "-m", "booktools.cache_guard",
                     str(book / "_build/.jupyter_cache")],
                    [str(bin_dir / "jupyter-book"), "clean", "."],
                    [str(bin_dir / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"]):
            proc = subprocess.run(cmd, cwd=book, env=env, capture_output=True, text=True)
            assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
        return (book / "_build/html/chapters/intro.html").read_text()

    import helpers

    assert f"helpers version {helpers.__version__}<" in make_book().replace("\n", "<")
    init = book / "src/helpers/__init__.py"
    init.write_text(init.read_text().replace(f'__version__ = "{helpers.__version__}"',
                                             '__version__ = "9.9.9"'))
    assert "helpers version 9.9.9" in make_book()
