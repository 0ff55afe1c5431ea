"""The context timeline's descriptions in the reader's language.

``data/context_timeline.csv`` describes each event in English, and chapters
filter it by English words (``str.contains("National Guard")``), so the data
stay English. For display, :func:`tr_timeline` swaps the ``event`` text for its
translation, looked up by the row's ``context_id`` in
``locales/<lang>.context_timeline.json`` beside this module, which also keeps
the English it translates (tests check it still matches the data).
"""

from __future__ import annotations

import json
from functools import cache

import pandas as pd

from helpers.reference.i18n import CATALOG_DIR, LANGUAGES, language

#: Column that keys a row of the context timeline.
KEY = "context_id"


@cache
def timeline_catalog(lang: str) -> dict[str, dict[str, str]]:
    """Return ``context_id -> {"en": English text, <lang>: translation}`` for ``lang``.

    English has an empty catalogue (the data are English).

    Raises
    ------
    ValueError
        If ``lang`` is not a language of the book, or its file is malformed.

    Examples
    --------
    >>> timeline_catalog("es")["CT17"]["es"].startswith("Arranca la Gendarmería")
    True
    >>> timeline_catalog("en")
    {}
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not a language of the book; "
                         f"allowed: {', '.join(LANGUAGES)}")
    if lang == LANGUAGES[0]:
        return {}
    path = CATALOG_DIR / f"{lang}.context_timeline.json"
    entries = {k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items()
               if not k.startswith("//")}
    for key, value in entries.items():
        if not (isinstance(value, dict) and isinstance(value.get("en"), str)
                and isinstance(value.get(lang), str)):
            raise ValueError(f"{path}: entry {key!r} must hold texts 'en' and {lang!r}")
    return entries


def tr_timeline(frame: pd.DataFrame, lang: str | None = None,
                column: str = "event") -> pd.DataFrame:
    """Return a copy of context-timeline rows with ``column`` in the reader's language.

    Parameters
    ----------
    frame : pandas.DataFrame
        Rows of :func:`helpers.data.load_context_timeline` (any columns, with ``context_id``).
    lang : str, optional
        ``"en"`` or ``"es"``; default: the book's language (``KINGPIN_LANG``).
    column : str
        The column of English descriptions to translate.

    Returns
    -------
    pandas.DataFrame
        The same rows and columns; a row without a translation keeps its English.

    Raises
    ------
    ValueError
        If ``frame`` lacks ``context_id`` or ``column``, or ``lang`` is not a language of
        the book.

    Examples
    --------
    >>> rows = pd.DataFrame({"context_id": ["CT30"], "event": ["Second Culiacán operation"]})
    >>> tr_timeline(rows, lang="es")["event"].item()
    'Segundo operativo de Culiacán: Ovidio Guzmán López es capturado; 29 muertos'
    >>> tr_timeline(rows, lang="en")["event"].item()
    'Second Culiacán operation'
    """
    lang = language() if lang is None else lang
    catalog = timeline_catalog(lang)
    missing = [c for c in (KEY, column) if c not in frame.columns]
    if missing:
        raise ValueError(f"frame lacks the column(s) {missing}; it needs {KEY!r} and "
                         f"{column!r} (rows of load_context_timeline()).")
    shown = frame.copy()
    if catalog:
        texts = shown[KEY].map(lambda key: catalog.get(key, {}).get(lang))
        shown[column] = texts.where(texts.notna(), shown[column])
    return shown
