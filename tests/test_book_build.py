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
