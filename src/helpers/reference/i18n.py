"""Strings produced by code, in the reader's language (a tiny gettext).

The book has one source, in English; the Spanish edition translates its prose
with gettext catalogues (``locales/es/LC_MESSAGES``). Labels that code draws --
chart axes and titles, map legends and tooltips, slider and quiz labels -- are
not in those catalogues, so code passes them through :func:`tr`, which looks
them up in ``locales/<lang>.json`` beside this module (package data).

The language comes from one setting, the environment variable ``KINGPIN_LANG``
(``en``, the default, or ``es``); the Spanish build sets it. A message missing
from the catalogue is returned unchanged, so an untranslated label shows in
English rather than breaking a chart; ``booktools.i18n_build`` lists them.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from functools import cache
from pathlib import Path

#: The environment variable that selects the language.
LANG_ENV = "KINGPIN_LANG"
#: Languages the book is written in; the first is the source language.
LANGUAGES: tuple[str, ...] = ("en", "es")
#: Folder of the catalogues (``<lang>.json``: English message -> translation).
CATALOG_DIR = Path(__file__).resolve().parent / "locales"

_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
}


def _check_lang(lang: object, argument: str = "lang") -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"{argument}={lang!r} is not a language of the book; "
                         f"allowed: {', '.join(LANGUAGES)}")
    return str(lang)


def language() -> str:
    """Return the book's language, from ``KINGPIN_LANG`` (default ``"en"``).

    Raises
    ------
    ValueError
        If ``KINGPIN_LANG`` is set to a language the book is not written in.

    Examples
    --------
    >>> import os
    >>> language() == os.environ.get("KINGPIN_LANG", "en")
    True
    """
    return _check_lang(os.environ.get(LANG_ENV, "") or LANGUAGES[0], LANG_ENV)


@cache
def catalog(lang: str) -> dict[str, str]:
    """Return the catalogue of ``lang``: English message -> translation.

    Parameters
    ----------
    lang : str
        One of :data:`LANGUAGES`; English has an empty catalogue.

    Examples
    --------
    >>> catalog("es")["Year"]
    'Año'
    >>> catalog("en")
    {}
    """
    _check_lang(lang)
    if lang == LANGUAGES[0]:
        return {}
    path = CATALOG_DIR / f"{lang}.json"
    entries = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(entries, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in entries.items()):
        raise ValueError(f"{path} must map English messages (text) to translations (text)")
    return {k: v for k, v in entries.items() if not k.startswith("//")}


def tr(message: str, lang: str | None = None, **fields: object) -> str:
    """Return ``message`` in the book's language, with ``{fields}`` filled in.

    Parameters
    ----------
    message : str
        The English text, exactly as in the catalogue (placeholders included).
    lang : str, optional
        ``"en"`` or ``"es"``; default: :func:`language`.
    **fields
        Values for ``{name}`` placeholders, filled after the lookup, so the
        catalogue holds one entry for every value.

    Returns
    -------
    str
        The translation, or ``message`` itself if the catalogue has none.

    Raises
    ------
    TypeError
        If ``message`` is not text.

    Examples
    --------
    >>> tr("Homicides per 100,000", lang="es")
    'Homicidios por cada 100 mil habitantes'
    >>> tr("Homicides per 100,000", lang="en")
    'Homicides per 100,000'
    >>> tr("{n} events", lang="es", n=3)
    '3 eventos'
    """
    if not isinstance(message, str):
        raise TypeError(f"message={message!r} must be text (str), not {type(message).__name__}")
    lang = language() if lang is None else _check_lang(lang)
    text = catalog(lang).get(message, message)
    return text.format(**fields) if fields else text


def trc(context: str, message: str, lang: str | None = None, **fields: object) -> str:
    """Return ``message`` as meant in ``context``, in the book's language.

    For a word whose translation depends on what it names: "State" is a Mexican
    state (*entidad federativa*) on a map but the U.S. Department of State in an
    aid chart. The catalogue key is ``"<context>|<message>"``; without an entry
    (and in English) ``message`` itself is returned, with ``{fields}`` filled in.

    Parameters
    ----------
    context : str
        What the message names, e.g. ``"agency"``.
    message : str
        The English text.
    lang : str, optional
        Default: :func:`language`.
    **fields
        Values for ``{name}`` placeholders.

    Examples
    --------
    >>> trc("agency", "State", lang="es"), tr("State", lang="es")
    ('Departamento de Estado', 'Entidad federativa')
    >>> trc("agency", "State", lang="en")
    'State'
    """
    if not isinstance(context, str) or not isinstance(message, str):
        raise TypeError(f"context={context!r} and message={message!r} must both be text (str)")
    lang = language() if lang is None else _check_lang(lang)
    text = catalog(lang).get(f"{context}|{message}", message)
    return text.format(**fields) if fields else text


def tr_labels(frame: object, lang: str | None = None) -> object:
    """Return a copy of a table with its column headers and axis names in the book's language.

    For display only: the values, and the labels that are not text (years,
    codes), are unchanged, and code keeps using the English labels of the
    original table.

    Parameters
    ----------
    frame : pandas.DataFrame or pandas.Series
        The table to show.
    lang : str, optional
        Default: :func:`language`.

    Raises
    ------
    TypeError
        If ``frame`` is not a pandas table.

    Examples
    --------
    >>> import pandas as pd
    >>> table = pd.DataFrame({"State": ["Guerrero"], 2014: [64.5]}).set_index("State")
    >>> tr_labels(table, lang="es").index.name, list(tr_labels(table, lang="es").columns)
    ('Entidad federativa', [2014])
    >>> list(tr_labels(table.reset_index(), lang="en").columns)
    ['State', 2014]
    """
    if not (hasattr(frame, "rename") and hasattr(frame, "index")):
        raise TypeError(f"frame must be a pandas DataFrame or Series, not {type(frame).__name__}")
    lang = language() if lang is None else _check_lang(lang)

    def label(value: object) -> object:
        return tr(value, lang=lang) if isinstance(value, str) else value

    out = frame.copy()  # type: ignore[attr-defined]
    if hasattr(out, "columns"):
        out.columns = out.columns.map(label)
        out.columns.names = [label(n) for n in out.columns.names]
    out.index.names = [label(n) for n in out.index.names]
    if getattr(out, "name", None) is not None and not hasattr(out, "columns"):
        out.name = label(out.name)
    return out


def untranslated(messages: list[str], lang: str = "es") -> list[str]:
    """Return the messages of ``messages`` that the catalogue of ``lang`` lacks.

    Examples
    --------
    >>> untranslated(["Year", "A message nobody translated"])
    ['A message nobody translated']
    """
    table = catalog(_check_lang(lang))
    return [m for m in messages if m not in table]


def long_date(date: object, lang: str | None = None) -> str:
    """Write a date the way readers of ``lang`` do: "15 July 2013", "15 de julio de 2013".

    Parameters
    ----------
    date : date, datetime, pandas.Timestamp or ISO text
        The date.
    lang : str, optional
        Default: :func:`language`.

    Raises
    ------
    ValueError
        If ``date`` is not a date.

    Examples
    --------
    >>> long_date("2013-07-15", lang="es")
    '15 de julio de 2013'
    >>> long_date("2013-07-15", lang="en")
    '15 July 2013'
    """
    lang = language() if lang is None else _check_lang(lang)
    if isinstance(date, str):
        try:
            date = _dt.date.fromisoformat(date[:10])
        except ValueError:
            raise ValueError(f"date={date!r} is not an ISO date (YYYY-MM-DD)") from None
    if not all(hasattr(date, a) for a in ("year", "month", "day")):
        raise ValueError(f"date={date!r} is not a date (give a date, a timestamp or YYYY-MM-DD)")
    month = _MONTHS[lang][date.month - 1]  # type: ignore[attr-defined]
    if lang == "es":
        return f"{date.day} de {month} de {date.year}"  # type: ignore[attr-defined]
    return f"{date.day} {month} {date.year}"  # type: ignore[attr-defined]
