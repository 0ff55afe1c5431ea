"""Dates, ordinals, ranges and lists written in the reader's language.

A hidden cell that glues a value into a sentence uses these instead of ad-hoc
``strftime`` or ``f"{n}th"``, so the Spanish edition reads "15 de julio de 2013",
"2.º", "+1.0% a +4.2%" and "Guerrero, Michoacán y Chihuahua" where the English one
reads "15 July 2013", "2nd", "+1.0% to +4.2%" and "Guerrero, Michoacán and
Chihuahua". The language comes from :func:`helpers.reference.i18n.language`.
"""

from __future__ import annotations

import datetime as _dt
import numbers
from collections.abc import Iterable

from helpers.reference.i18n import _MONTHS, _check_lang, language, long_date

__all__ = ["day_month", "listing", "long_date", "month_year", "ordinal", "span"]


def _lang(lang: str | None) -> str:
    return language() if lang is None else _check_lang(lang)


def _as_date(date: object, argument: str = "date") -> _dt.date:
    if isinstance(date, str):
        try:
            return _dt.date.fromisoformat(date[:10] if len(date) >= 10 else f"{date[:7]}-01")
        except ValueError:
            raise ValueError(f"{argument}={date!r} is not an ISO date (YYYY-MM-DD or YYYY-MM)"
                             ) from None
    if not all(hasattr(date, a) for a in ("year", "month")):
        raise ValueError(f"{argument}={date!r} is not a date (give a date, a timestamp, "
                         "a monthly period or YYYY-MM-DD)")
    return _dt.date(int(date.year), int(date.month), int(getattr(date, "day", 1)))  # type: ignore[attr-defined]


def month_year(date: object, lang: str | None = None) -> str:
    """Write a month: "December 2018", "diciembre de 2018".

    Parameters
    ----------
    date : date, datetime, pandas.Timestamp, pandas.Period or ISO text (YYYY-MM[-DD])
        Any day of the month, or the month itself.
    lang : str, optional
        ``"en"`` or ``"es"``; default: :func:`~helpers.reference.i18n.language`.

    Raises
    ------
    ValueError
        If ``date`` is not a date or ``lang`` is not a language of the book.

    Examples
    --------
    >>> month_year("2018-12", lang="en"), month_year("2018-12-01", lang="es")
    ('December 2018', 'diciembre de 2018')
    """
    lang, day = _lang(lang), _as_date(date)
    month = _MONTHS[lang][day.month - 1]
    return f"{month} de {day.year}" if lang == "es" else f"{month} {day.year}"


def day_month(date: object, lang: str | None = None) -> str:
    """Write a day of the year without the year: "1 December", "1 de diciembre".

    Examples
    --------
    >>> day_month("2006-12-01", lang="en"), day_month("2006-12-01", lang="es")
    ('1 December', '1 de diciembre')
    """
    lang, day = _lang(lang), _as_date(date)
    month = _MONTHS[lang][day.month - 1]
    return f"{day.day} de {month}" if lang == "es" else f"{day.day} {month}"


def ordinal(n: object, lang: str | None = None) -> str:
    """Write a rank: "1st", "2nd", "13th" in English; "1.º", "2.º", "13.º" in Spanish.

    Parameters
    ----------
    n : int
        A positive whole number (a rank).
    lang : str, optional
        Default: :func:`~helpers.reference.i18n.language`.

    Raises
    ------
    ValueError
        If ``n`` is not a positive whole number.

    Examples
    --------
    >>> [ordinal(n, lang="en") for n in (1, 2, 3, 11, 13, 22)]
    ['1st', '2nd', '3rd', '11th', '13th', '22nd']
    >>> ordinal(2, lang="es")
    '2.º'
    """
    lang = _lang(lang)
    if isinstance(n, bool) or not isinstance(n, numbers.Real) or n != int(n) or n < 1:
        raise ValueError(f"n={n!r} is not a rank; allowed: a positive whole number")
    n = int(n)
    if lang == "es":
        return f"{n}.º"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def span(low: object, high: object, lang: str | None = None) -> str:
    """Write a range between two already formatted values: "+1.0% to +4.2%", "+1.0% a +4.2%".

    Examples
    --------
    >>> span("+1.0%", "+4.2%", lang="en"), span("+1.0%", "+4.2%", lang="es")
    ('+1.0% to +4.2%', '+1.0% a +4.2%')
    """
    word = {"en": "to", "es": "a"}[_lang(lang)]
    return f"{low} {word} {high}"


def listing(items: Iterable[object], lang: str | None = None) -> str:
    """Join names the way a sentence does: "A, B and C", in Spanish "A, B y C".

    Spanish writes "e" instead of "y" before an *i* sound: "Chihuahua e Hidalgo".

    Raises
    ------
    ValueError
        If ``items`` is empty or text (give a list of names).

    Examples
    --------
    >>> listing(["Guerrero", "Michoacán", "Chihuahua"], lang="en")
    'Guerrero, Michoacán and Chihuahua'
    >>> listing(["Guerrero", "Michoacán", "Chihuahua"], lang="es")
    'Guerrero, Michoacán y Chihuahua'
    >>> listing(["Chihuahua", "Hidalgo"], lang="es")
    'Chihuahua e Hidalgo'
    """
    if isinstance(items, str):
        raise ValueError(f"items={items!r} is text; give a list of names")
    names = [str(i) for i in items]
    if not names:
        raise ValueError("items=[] is empty; give at least one name")
    lang = _lang(lang)
    if len(names) == 1:
        return names[0]
    last = names[-1]
    word = "and"
    if lang == "es":
        start = last.lower()
        word = "e" if (start.startswith(("i", "í", "hi", "hí"))
                       and not start.startswith(("hie", "hia", "hio"))) else "y"
    return f"{', '.join(names[:-1])} {word} {last}"
