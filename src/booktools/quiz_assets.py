"""jupyterquiz's library as one static file of the book, loaded by the pages with a quiz.

A quiz in a notebook carries jupyterquiz's whole library (about 37 kB, 7 kB
gzipped) in its output. In the HTML book (``KINGPIN_STATIC_WIDGETS=1``) a quiz
carries only its questions (:meth:`helpers.viz.quiz.Quiz.script`), and this
extension writes the library once, as ``_static/kingpin-quiz.js``, and adds it
to the ``<head>`` of each page that shows a quiz: a reader's browser fetches it
once for the whole book.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: The library's file in the book's ``_static/``.
LIBRARY = "kingpin-quiz.js"
#: What a page with a quiz of the HTML book contains (helpers.viz.quiz._SHOW).
QUIZ_MARK = "show_questions(q,c)"


def _page_context(app: Any, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: Any) -> None:
    if QUIZ_MARK in (context.get("body") or ""):
        app.add_js_file(LIBRARY)


def _write_library(app: Any) -> None:
    if app.builder.format != "html":
        return
    from helpers.viz.quiz import library_js

    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / LIBRARY).write_text(library_js(), encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    """Add the library to the pages with a quiz and write it into ``_static``."""
    # early: html-page-context stops at the first handler that returns a template name
    app.connect("html-page-context", _page_context, priority=100)
    # before the pages are written, so that their links carry the file's checksum
    app.connect("builder-inited", _write_library)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
