"""jupyterquiz's library as one static file of the book, loaded by the pages with a quiz.

A quiz in a notebook carries jupyterquiz's whole library (about 37 kB, 7 kB
gzipped) in its output. In the HTML book (``KINGPIN_STATIC_WIDGETS=1``) a quiz
carries only its questions (:meth:`helpers.viz.quiz.Quiz.script`), and this
extension writes the library once, as ``_static/kingpin-quiz.js``, and adds it
to the ``<head>`` of each page that shows a quiz: a reader's browser fetches it
once for the whole book. In the Spanish edition (Sphinx ``language`` es) the
library's fixed English words (feedback, answer-box labels) are replaced by
Spanish ones (:data:`SPANISH`); live notebooks keep jupyterquiz's English.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

#: The library's file in the book's ``_static/``.
LIBRARY = "kingpin-quiz.js"
#: What a page with a quiz of the HTML book contains (helpers.viz.quiz._SHOW).
QUIZ_MARK = "show_questions(q,c)"


#: jupyterquiz's fixed English words, as its source writes them (with their quotes),
#: and what the Spanish edition's copy says instead (:func:`translated`). A test checks
#: that each English string is still in the library: an upgrade that rewords one fails.
SPANISH = {
    '"Correct!"': '"¡Correcto!"',
    'jaxify("Correct")': 'jaxify("Correcto")',
    '"Incorrect -- try again."': '"Incorrecto: inténtalo de nuevo."',
    '"Incorrect. Try again."': '"Incorrecto. Inténtalo de nuevo."',
    '"Type numeric answer here:"': '"Escribe aquí tu respuesta numérica:"',
    '"Type your answer here:"': '"Escribe aquí tu respuesta:"',
    "'<b>Select your answers and then follow the directions that will appear here.</b>'":
        "'<b>Elige tus respuestas y sigue las indicaciones que aparecerán aquí.</b>'",
}
#: The replacements per Sphinx ``language`` (English: none).
UI_WORDS = {"es": SPANISH}


def translated(library: str, language: str | None) -> str:
    r"""Return ``library`` with its fixed English UI words in ``language``.

    Every English string of the language's table must occur in ``library``
    (else ``ValueError``); the words are written as JavaScript escapes, so the
    file stays ASCII whatever charset it is served with.

    Examples
    --------
    >>> from helpers.viz.quiz import library_js
    >>> spanish = translated(library_js(), "es")
    >>> '"\\u00a1Correcto!"' in spanish, '"Correct!"' in spanish, spanish.isascii()
    (True, False, True)
    >>> translated(library_js(), "en") == library_js()
    True
    """
    table = UI_WORDS.get((language or "en").split("_")[0].split("-")[0], {})
    for english, words in table.items():
        if english not in library:
            raise ValueError(f"library: jupyterquiz's script no longer contains {english!r}; "
                             f"allowed: a library with every string of UI_WORDS[{language!r}]")
        library = library.replace(english, _escaped(words))
    return library


def _escaped(text: str) -> str:
    return re.sub(r"[^\x00-\x7f]", lambda m: f"\\u{ord(m.group()):04x}", text)


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
    (static / LIBRARY).write_text(translated(library_js(), app.config.language),
                                  encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    """Add the library to the pages with a quiz and write it into ``_static``."""
    # early: html-page-context stops at the first handler that returns a template name
    app.connect("html-page-context", _page_context, priority=100)
    # before the pages are written, so that their links carry the file's checksum
    app.connect("builder-inited", _write_library)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
