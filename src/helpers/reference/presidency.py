"""Mexican presidential terms and the president in office on a date.

Terms begin on 1 December (Salinas 1988 ... López Obrador 2018); the 2019
constitutional reform moved the start to 1 October, so Claudia Sheinbaum took
office on 1 October 2024.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Term:
    """One presidential term.

    Attributes
    ----------
    key : str
        Short identifier used in tables ("calderon").
    president : str
        Full name.
    short : str
        Surname used in labels.
    party : str
        Party abbreviation.
    start : datetime.date
        First day in office.
    end : datetime.date or None
        Last day in office (``None`` while in office).
    initials : str
        The initials the Mexican press uses ("FCH", "AMLO"), for labels too
        narrow for the surname.
    """

    key: str
    president: str
    short: str
    party: str
    start: dt.date
    end: dt.date | None
    initials: str = ""


TERMS: tuple[Term, ...] = (
    Term("salinas", "Carlos Salinas de Gortari", "Salinas", "PRI",
         dt.date(1988, 12, 1), dt.date(1994, 11, 30), "CSG"),
    Term("zedillo", "Ernesto Zedillo", "Zedillo", "PRI",
         dt.date(1994, 12, 1), dt.date(2000, 11, 30), "EZP"),
    Term("fox", "Vicente Fox", "Fox", "PAN",
         dt.date(2000, 12, 1), dt.date(2006, 11, 30), "VFQ"),
    Term("calderon", "Felipe Calderón", "Calderón", "PAN",
         dt.date(2006, 12, 1), dt.date(2012, 11, 30), "FCH"),
    Term("pena_nieto", "Enrique Peña Nieto", "Peña Nieto", "PRI",
         dt.date(2012, 12, 1), dt.date(2018, 11, 30), "EPN"),
    Term("lopez_obrador", "Andrés Manuel López Obrador", "López Obrador", "Morena",
         dt.date(2018, 12, 1), dt.date(2024, 9, 30), "AMLO"),
    Term("sheinbaum", "Claudia Sheinbaum", "Sheinbaum", "Morena",
         dt.date(2024, 10, 1), None, "CSP"),
)

_BY_KEY = {t.key: t for t in TERMS}


def _as_date(value: dt.date | str | pd.Timestamp) -> dt.date:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        raise ValueError(f"date is missing ({value!r}); give a datetime.date or an ISO string "
                         "such as '2014-02-22'.")
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError as err:
        raise ValueError(
            f"Cannot read {value!r} as a date; give a datetime.date or an ISO string "
            "such as '2014-02-22'."
        ) from err


def presidency_on(date: dt.date | str | pd.Timestamp) -> Term:
    """Return the presidential term in force on ``date``.

    Parameters
    ----------
    date : datetime.date, str or pandas.Timestamp
        The day; strings must be ISO dates (``"YYYY-MM-DD"``).

    Returns
    -------
    Term
        The term whose start <= date <= end.

    Raises
    ------
    ValueError
        If the date cannot be read or falls before 1 December 1988.

    Examples
    --------
    >>> presidency_on("2006-11-30").short
    'Fox'
    >>> presidency_on("2006-12-01").short
    'Calderón'
    >>> presidency_on("2024-10-01").key
    'sheinbaum'
    """
    day = _as_date(date)
    for term in TERMS:
        if term.start <= day and (term.end is None or day <= term.end):
            return term
    raise ValueError(
        f"{day.isoformat()} is before the first term covered ({TERMS[0].start.isoformat()}); "
        "the table of terms starts with Carlos Salinas de Gortari."
    )


def term(key: str) -> Term:
    """Return a term by its key.

    Examples
    --------
    >>> term("fox").start.isoformat()
    '2000-12-01'
    """
    try:
        return _BY_KEY[key]
    except KeyError:
        raise ValueError(
            f"Unknown presidency {key!r}; use one of: {', '.join(_BY_KEY)}."
        ) from None


def terms_table() -> pd.DataFrame:
    """Return all terms as a DataFrame (one row per term).

    Examples
    --------
    >>> list(terms_table()["key"])[:2]
    ['salinas', 'zedillo']
    """
    return pd.DataFrame([t.__dict__ for t in TERMS])
