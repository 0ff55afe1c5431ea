"""Argument checks shared by every public function: one of each kind.

Each check names the argument, the bad value and the accepted form, so that a
student who types a wrong value reads what to type instead.

=====================  =========================================================
check                  kind
=====================  =========================================================
:func:`check_choice`   one of a fixed set of names
:func:`check_items`    a non-empty selection (a string is one item)
:func:`check_integer`  a whole number (numpy integers too), within bounds
:func:`check_years`    years: an int, a list/range/array, or a tuple span
:func:`check_bool`     ``True``/``False`` (never a string such as ``'no'``)
:func:`check_finite`   a finite number (no NaN, no infinity)
:func:`check_date`     a date, naming what it is the date of
:func:`check_frame`    a DataFrame with the columns (and numeric dtypes) needed
:func:`check_series`   a Series (a one-column DataFrame is taken)
:func:`check_codes`    INEGI codes as zero-padded text (``1`` -> ``'01'``)
=====================  =========================================================

Tuples of years are spans everywhere: ``years=(2006, 2012)`` means 2006 to 2012
inclusive in :func:`helpers.data.load_homicides`, :func:`helpers.data.load_population`
and :func:`helpers.data.load_aid` alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import numpy as np
import pandas as pd


def check_choice(value: object, allowed: Iterable[object], name: str) -> str:
    """Return ``value`` if it is one of ``allowed``, else raise a ``ValueError`` naming both.

    Parameters
    ----------
    value : object
        What the caller passed.
    allowed : iterable
        The accepted values (for a mapping, its keys).
    name : str
        The argument's name, used in the message.

    Returns
    -------
    str
        ``value`` unchanged.

    Raises
    ------
    ValueError
        If ``value`` is not one of ``allowed``.

    Examples
    --------
    >>> check_choice("state", ("national", "state"), "level")
    'state'
    >>> check_choice("county", ("national", "state"), "level")
    Traceback (most recent call last):
    ...
    ValueError: Unknown level 'county'; use one of: 'national', 'state'.
    """
    allowed = tuple(allowed)
    if isinstance(value, bool) or value not in allowed:
        raise ValueError(f"Unknown {name} {value!r}; use one of: "
                         f"{', '.join(repr(a) for a in allowed)}.")
    return value  # type: ignore[return-value]


#: What a year argument accepts, quoted by every years message.
YEARS_FORM = ("an integer year (2010), a list, range or array of them (range(2006, 2013), "
              "df['year'].unique()) or a tuple (first, last) for a span")


def _describe(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_items(value: object, name: str, *, scalars: tuple[type, ...] = (str,)) -> list:
    """Return ``value`` as a non-empty list: a single item becomes a list of one.

    A string (or another type in ``scalars``) is one item, never iterated letter by
    letter; any other iterable (list, tuple, set, range, numpy array, pandas Index
    or Series) is read as its items. An empty selection raises: it would select
    nothing and return an empty table without saying why.

    Parameters
    ----------
    value : object
        What the caller passed.
    name : str
        The argument's name, used in the message.
    scalars : tuple of type
        Types that stand for one item.

    Returns
    -------
    list
        The items, in order.

    Raises
    ------
    ValueError
        If ``value`` is empty.
    TypeError
        If ``value`` is neither one item nor an iterable of items.

    Examples
    --------
    >>> check_items("calderon", "terms")
    ['calderon']
    >>> check_items(["fox", "calderon"], "terms")
    ['fox', 'calderon']
    >>> check_items([], "states")
    Traceback (most recent call last):
    ...
    ValueError: states is empty ([]): it would select nothing; give at least one value, or leave states out (None) for all.
    """  # noqa: E501
    if isinstance(value, scalars):
        return [value]
    if isinstance(value, dict) or not isinstance(value, Iterable):
        raise TypeError(f"{name}={_describe(value)} is a {type(value).__name__}; give one "
                        f"value or a list of values.")
    items = list(value)
    if not items:
        raise ValueError(f"{name} is empty ({_describe(value)}): it would select nothing; "
                         f"give at least one value, or leave {name} out (None) for all.")
    return items


def _is_integer(value: object) -> bool:
    return isinstance(value, int | np.integer) and not isinstance(value, bool | np.bool_)


def _integers(values: list[object], name: str, *, minimum: int | None = None,
              maximum: int | None = None, form: str | None = None) -> list[int]:
    """Return ``values`` as ``int``: the one integer rule of every integer and year check.

    Each value must be a Python or numpy integer (never a boolean) within the
    inclusive bounds. ``form`` is ``None`` for a single argument (the message names
    it as ``name=value``) or, for a selection such as years, what it accepts.
    """
    bad = [v for v in values if not _is_integer(v)]
    if bad and form is None:
        raise ValueError(f"{name}={_describe(bad[0])} must be an integer (e.g. "
                         f"{minimum if minimum is not None else 2022}), not a "
                         f"{type(bad[0]).__name__}.")
    if bad:
        shown = ", ".join(f"{_describe(v)} ({type(v).__name__})" for v in bad[:3])
        raise ValueError(f"{name} must be integers; got {shown}. Give {form}.")
    numbers = [int(v) for v in values]  # type: ignore[call-overload]
    outside = [n for n in numbers if (minimum is not None and n < minimum)
               or (maximum is not None and n > maximum)]
    if outside:
        low = "" if minimum is None else f"from {minimum}"
        high = "" if maximum is None else f"to {maximum}"
        raise ValueError(f"{name}={outside[0]} is out of range; use a whole number {low} "
                         f"{high}.".replace("  ", " ").replace(" .", "."))
    return numbers


def check_integer(value: object, name: str, *, minimum: int | None = None,
                  maximum: int | None = None) -> int:
    """Return ``value`` as a Python ``int`` if it is a whole number within bounds.

    Python and numpy integers are accepted (``np.int64(2010)`` as found in a
    DataFrame); booleans, floats and strings are refused, with the value named.
    The same rule checks each year in :func:`check_years`.

    Parameters
    ----------
    value : object
        What the caller passed.
    name : str
        The argument's name, used in the message.
    minimum, maximum : int, optional
        Inclusive bounds.

    Returns
    -------
    int

    Raises
    ------
    ValueError
        If ``value`` is not an integer or lies outside the bounds.

    Examples
    --------
    >>> check_integer(np.int64(2010), "base_year")
    2010
    >>> check_integer("2022", "base_year")
    Traceback (most recent call last):
    ...
    ValueError: base_year='2022' must be an integer (e.g. 2022), not a str.
    >>> check_integer(1, "min_events", minimum=2)
    Traceback (most recent call last):
    ...
    ValueError: min_events=1 is out of range; use a whole number from 2.
    """
    return _integers([value], name, minimum=minimum, maximum=maximum)[0]


def check_years(value: object, name: str = "years", *, keep_order: bool = False) -> list[int]:
    """Return the years asked for as a sorted list of distinct ``int``.

    One rule for every function that takes years:

    * an integer (Python or numpy) is one year;
    * a list, set, range, numpy array, pandas Index or Series (e.g.
      ``df["year"].unique()``) is a set of years;
    * a **tuple** ``(first, last)`` is a span, both ends included, as in
      :func:`helpers.data.load_aid`: ``(2006, 2012)`` is the seven years
      2006–2012. A tuple of another length is refused.

    Strings, floats and booleans are refused, and so is an empty selection (such
    as ``range(2012, 2006)``), which would otherwise return an empty table.

    Parameters
    ----------
    value : object
        What the caller passed.
    name : str
        The argument's name, used in the message.
    keep_order : bool
        Keep the order given (e.g. one panel per year, in this order), dropping
        repeats, instead of sorting.

    Returns
    -------
    list of int

    Raises
    ------
    ValueError
        For a non-integer year, an empty selection or a malformed span.

    Examples
    --------
    >>> check_years(2010)
    [2010]
    >>> check_years((2006, 2009))
    [2006, 2007, 2008, 2009]
    >>> check_years(np.array([2011, 2010]))
    [2010, 2011]
    >>> check_years(range(2012, 2006))
    Traceback (most recent call last):
    ...
    ValueError: years is empty (range(2012, 2006)): it would select nothing; give at least one year, e.g. range(2006, 2013).
    >>> check_years("2010")
    Traceback (most recent call last):
    ...
    ValueError: years must be integers; got '2010' (str). Give an integer year (2010), a list, range or array of them (range(2006, 2013), df['year'].unique()) or a tuple (first, last) for a span.
    """  # noqa: E501
    if isinstance(value, tuple):
        if len(value) != 2 or not all(_is_integer(v) for v in value):
            raise ValueError(f"{name}={_describe(value)}: a tuple is read as a span (first, "
                             "last) of two integer years, e.g. (2006, 2012); for separate "
                             "years give a list, e.g. [2006, 2012].")
        first, last = int(value[0]), int(value[1])
        if first > last:
            raise ValueError(f"{name}={value!r}: the first year {first} is after the last "
                             f"{last}; write ({last}, {first}).")
        return list(range(first, last + 1))
    one = isinstance(value, str | bytes | dict) or not isinstance(value, Iterable)
    items = [value] if one else list(value)  # type: ignore[call-overload]
    if not items:
        raise ValueError(f"{name} is empty ({_describe(value)}): it would select nothing; "
                         "give at least one year, e.g. range(2006, 2013).")
    years = _integers(items, name, form=YEARS_FORM)
    return list(dict.fromkeys(years)) if keep_order else sorted(set(years))


def check_bool(value: object, name: str) -> bool:
    """Return ``value`` if it is ``True`` or ``False`` (numpy booleans too).

    A string such as ``'no'`` is refused: Python would read it as true.

    Examples
    --------
    >>> check_bool(np.True_, "state_actions_only")
    True
    >>> check_bool("no", "state_actions_only")
    Traceback (most recent call last):
    ...
    ValueError: state_actions_only='no' must be True or False, not a str.
    """
    if not isinstance(value, bool | np.bool_):
        raise ValueError(f"{name}={_describe(value)} must be True or False, not a "
                         f"{type(value).__name__}.")
    return bool(value)


def check_finite(value: object, name: str) -> float | int:
    """Return ``value`` if it is a finite real number (int, float or numpy number).

    NaN, infinities, booleans and strings are refused.

    Examples
    --------
    >>> check_finite(32, "n_states")
    32
    >>> check_finite(float("nan"), "n_states")
    Traceback (most recent call last):
    ...
    ValueError: n_states=nan must be a finite number (not NaN, not infinite).
    """
    if isinstance(value, bool | np.bool_) or not isinstance(value, int | float | np.number):
        raise ValueError(f"{name}={_describe(value)} must be a number, not a "
                         f"{type(value).__name__}.")
    if not np.isfinite(value):
        raise ValueError(f"{name}={value!r} must be a finite number (not NaN, not infinite).")
    return value.item() if isinstance(value, np.generic) else value


def check_date(value: object, name: str) -> pd.Timestamp:
    """Return ``value`` as a ``pandas.Timestamp`` (no time zone), naming it if unreadable.

    Accepts ``datetime.date``, ``datetime.datetime``, ``pandas.Timestamp``,
    ``numpy.datetime64`` and ISO strings (``'2010-03-15'``). A missing value (``None``,
    ``NaT``, NaN) or an impossible date (``'2010-13-01'``) raises.

    Parameters
    ----------
    value : object
        What the caller passed.
    name : str
        What the date is, for the message (an argument name, or e.g.
        ``"date of event KP012"``).

    Examples
    --------
    >>> check_date("2010-03-15", "start").date().isoformat()
    '2010-03-15'
    >>> check_date("2010-13-01", "date of event KP001")
    Traceback (most recent call last):
    ...
    ValueError: date of event KP001 '2010-13-01' is not a valid date; give an ISO date such as '2012-12-01' or a datetime.date.
    """  # noqa: E501
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        raise ValueError(f"{name} is missing ({value!r}); give an ISO date such as "
                         "'2012-12-01' or a datetime.date.")
    if isinstance(value, bool) or not isinstance(
            value, str | dt.date | np.datetime64):
        raise ValueError(f"{name}={_describe(value)} is not a date (type "
                         f"{type(value).__name__}); give an ISO date such as '2012-12-01' or a "
                         "datetime.date.")
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError) as err:
        raise ValueError(f"{name} {value!r} is not a valid date; give an ISO date such as "
                         "'2012-12-01' or a datetime.date.") from err
    if pd.isna(stamp):
        raise ValueError(f"{name} is missing ({value!r}); give an ISO date such as "
                         "'2012-12-01' or a datetime.date.")
    return stamp.tz_localize(None) if stamp.tzinfo else stamp


def check_frame(frame: object, name: str, columns: Iterable[str] = (), *,
                numeric: Iterable[str] = (), non_empty: bool = True) -> pd.DataFrame:
    """Return ``frame`` if it is a DataFrame with the ``columns`` (and numeric ``numeric``).

    Parameters
    ----------
    frame : object
        What the caller passed.
    name : str
        The argument's name, used in the message.
    columns : iterable of str
        Columns that must be present.
    numeric : iterable of str
        Columns that must be numeric.
    non_empty : bool
        Refuse a frame with no rows.

    Raises
    ------
    TypeError
        If ``frame`` is not a DataFrame.
    ValueError
        For a missing or non-numeric column, or no rows.

    Examples
    --------
    >>> check_frame(pd.DataFrame({"year": [2010]}), "frame", ["year", "rate"])
    Traceback (most recent call last):
    ...
    ValueError: frame lacks column(s) ['rate']; it needs ['year', 'rate'] (columns present: ['year']).
    """  # noqa: E501
    if not isinstance(frame, pd.DataFrame):
        hint = (" (a Series: use .to_frame() or pick the frame it came from)"
                if isinstance(frame, pd.Series) else "")
        raise TypeError(f"{name} must be a pandas DataFrame, got a {type(frame).__name__}"
                        f"{hint}.")
    needed = list(columns)
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks column(s) {missing}; it needs {needed} (columns "
                         f"present: {list(frame.columns)}).")
    text = [c for c in numeric if not pd.api.types.is_numeric_dtype(frame[c])
            or pd.api.types.is_bool_dtype(frame[c])]
    if text:
        raise ValueError(f"{name}: column(s) {text} must be numeric (dtypes "
                         f"{[str(frame[c].dtype) for c in text]}); convert them with "
                         "pd.to_numeric.")
    if non_empty and frame.empty:
        raise ValueError(f"{name} has no rows; check the filters that produced it.")
    return frame


def check_series(values: object, name: str) -> pd.Series:
    """Return ``values`` as a pandas Series (one value per label); a one-column frame is taken.

    Examples
    --------
    >>> check_series(pd.DataFrame({"rate": [1.0]}, index=["01"]), "values").tolist()
    [1.0]
    >>> check_series(pd.DataFrame({"a": [1], "b": [2]}), "values")
    Traceback (most recent call last):
    ...
    ValueError: values is a DataFrame with 2 columns ['a', 'b']; give one column, e.g. frame['a'].
    """  # noqa: E501
    if isinstance(values, pd.DataFrame):
        if values.shape[1] == 1:
            return values.iloc[:, 0]
        cols = list(values.columns)
        raise ValueError(f"{name} is a DataFrame with {len(cols)} columns {cols[:5]}; give "
                         f"one column, e.g. frame[{cols[0]!r}]." if cols else
                         f"{name} is a DataFrame with no columns; give a Series.")
    if isinstance(values, pd.Series):
        return values
    if isinstance(values, dict):
        return pd.Series(values)
    raise TypeError(f"{name} must be a pandas Series (one value per label), got a "
                    f"{type(values).__name__}.")


def check_codes(values: pd.Series, name: str, width: int) -> pd.Series:
    """Return INEGI codes as zero-padded strings (``1`` -> ``'01'``), refusing what is not one.

    ``pd.read_csv`` reads ``cve_ent`` and ``cvegeo`` as integers (``1`` for
    Aguascalientes) unless told ``dtype=str``; codes are text with leading zeros.
    Integers, whole floats (a column with gaps) and digit strings are padded to
    ``width``; missing values stay missing; anything else raises.

    Parameters
    ----------
    values : pandas.Series
        The codes.
    name : str
        The column's name, used in the message.
    width : int
        2 for ``cve_ent``, 5 for ``cvegeo``.

    Returns
    -------
    pandas.Series
        Strings (dtype ``string``), same index.

    Examples
    --------
    >>> check_codes(pd.Series([1, 16, None]), "cve_ent", 2).tolist()
    ['01', '16', <NA>]
    >>> check_codes(pd.Series(["1001", "Jalisco"]), "cvegeo", 5)
    Traceback (most recent call last):
    ...
    ValueError: cvegeo has value(s) that are not 5-digit INEGI codes: ['Jalisco']; codes are digits, e.g. '01001' (read CSV files with dtype={'cvegeo': str}).
    """  # noqa: E501
    def pad(code: object) -> object:
        if code is None or (not isinstance(code, str) and pd.isna(code)):
            return pd.NA
        if isinstance(code, float | np.floating) and float(code).is_integer():
            code = int(code)
        text = str(code).strip()
        if _is_integer(code) or (text.isdigit() and len(text) <= width):
            return text.zfill(width) if len(text) <= width else text
        return None

    padded = [pad(c) for c in values]
    bad = [c for c, p in zip(values, padded, strict=True)
           if p is None or (isinstance(p, str) and (len(p) != width or not p.isdigit()))]
    if bad:
        raise ValueError(f"{name} has value(s) that are not {width}-digit INEGI codes: "
                         f"{sorted({str(b) for b in bad})[:5]}; codes are digits, e.g. "
                         f"'{'1'.zfill(width) if width == 2 else '01001'}' (read CSV files "
                         f"with dtype={{{name!r}: str}}).")
    return pd.Series(padded, index=values.index, dtype="string", name=values.name)
