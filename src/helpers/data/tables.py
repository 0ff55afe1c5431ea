"""Loaders of the homicide and population tables (re-exported by :mod:`helpers.data`).

Each loader reads a table of ``data/datapackage.json`` with
:func:`helpers.data.datapackage.read_table` (dtypes and schema checked on load),
filters it and checks its arguments, raising :class:`ValueError` with the
allowed values when an argument is wrong.

The homicide series are described in :data:`SERIES` (see also
:func:`series_table`); they count different things and are never spliced.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pandas as pd

from helpers.data.datapackage import read_table
from helpers.reference.arithmetic import annualised_rate
from helpers.reference.checks import check_choice, check_items, check_years
from helpers.reference.paths import data_dir
from helpers.reference.series import SERIES, SERIES_KEYS
from helpers.reference.states import normalize_state

#: Geographic levels of the homicide and population tables.
LEVELS: tuple[str, ...] = ("national", "state", "municipality")
#: Frequencies of the homicide tables.
FREQS: tuple[str, ...] = ("year", "month")

_TABLES = {
    ("state", "year"): "homicides_state_year",
    ("national", "year"): "homicides_national_year",
    ("state", "month"): "homicides_state_month",
    ("national", "month"): "homicides_state_month",
    ("municipality", "year"): "homicides_municipality_year",
    ("municipality", "month"): "homicides_municipality_month",
}


def _check_series(series: str | Iterable[str] | None, level: str, freq: str) -> list[str]:
    available = [k for k in SERIES_KEYS if (level, freq) in SERIES[k].coverage]
    if series is None:
        return available
    chosen = check_items(series, "series")
    for key in chosen:
        if key not in SERIES:
            raise ValueError(f"Unknown series {key!r}; choose from {', '.join(SERIES_KEYS)}.")
        if key not in available:
            raise ValueError(
                f"Series {key!r} has no {level} × {freq} table; at that level and frequency "
                f"choose from {', '.join(available)}."
            )
    return chosen


def _check_years(years: int | Iterable[int] | None, chosen: list[str], level: str,
                 freq: str) -> list[int] | None:
    if years is None:
        return None
    wanted = check_years(years)
    for key in chosen:
        first, last = SERIES[key].coverage[(level, freq)]
        outside = sorted(y for y in wanted if not first <= y <= last)
        if outside and len(chosen) == 1:
            raise ValueError(
                f"Series {key!r} covers {first}–{last} at {level} × {freq}; years "
                f"{outside[:5]} are outside that coverage."
            )
    if len(chosen) > 1:
        spans = {k: SERIES[k].coverage[(level, freq)] for k in chosen}
        uncovered = sorted(y for y in wanted
                           if not any(a <= y <= b for a, b in spans.values()))
        if uncovered:
            described = "; ".join(f"{k} {a}–{b}" for k, (a, b) in spans.items())
            raise ValueError(f"Years {uncovered[:5]} are covered by none of the series "
                             f"({described}).")
    return wanted


def _check_states(states: str | int | Iterable[str | int] | None, level: str) -> list[str] | None:
    if states is None:
        return None
    if level == "national":
        raise ValueError("states cannot be chosen at the national level; use level='state'.")
    return [normalize_state(s) for s in check_items(states, "states", scalars=(str, int))]


def load_homicides(
    level: str = "state",
    freq: str = "year",
    series: str | Iterable[str] | None = None,
    years: int | Iterable[int] | None = None,
    states: str | int | Iterable[str | int] | None = None,
) -> pd.DataFrame:
    """Return homicide counts (and, where available, population and rates).

    Parameters
    ----------
    level : {"state", "national", "municipality"}
        Geographic level.
    freq : {"year", "month"}
        Time resolution.
    series : str or list of str, optional
        One or more keys of :data:`SERIES`; ``None`` returns every series
        available at this level and frequency (they stay apart in the ``series``
        column: never add them up).
    years : int, iterable of int or (first, last), optional
        Years to keep; each must lie in the coverage of the series asked for. A
        tuple is a span, both ends included (as in ``load_aid``); a list, range or
        array (e.g. ``df["year"].unique()``) is a set of years; see
        :func:`helpers.reference.checks.check_years`.
    states : str, int or iterable, optional
        States by any name or code accepted by :func:`helpers.reference.states.normalize_state`
        (state and municipality levels only).

    Returns
    -------
    pandas.DataFrame
        * state × year: ``series, cve_ent, year, homicides, population, rate``
        * national × year: ``series, year, homicides, not_in_states, population, rate``
        * state × month: ``series, cve_ent, year, month, homicides, population,
          rate_annualized``
        * national × month: ``series, year, month, homicides, population,
          rate_annualized`` (the 32 states summed)
        * municipality × year: ``series, cvegeo, cve_ent, year, homicides,
          population, rate``
        * municipality × month: ``series, cvegeo, cve_ent, year, month, homicides``
          — only municipality-months with at least one homicide (absent = 0).

        ``rate`` is per 100,000 inhabitants (CONAPO mid-year population).

    Raises
    ------
    ValueError
        For an unknown level, frequency, series or state, a series that has no
        table at that level and frequency, or years outside its coverage.

    Examples
    --------
    >>> df = load_homicides("national", series="inegi_registration", years=2010)
    >>> int(df["homicides"].item())
    25757
    >>> load_homicides(series="inegi_registration", years=2020)
    Traceback (most recent call last):
    ...
    ValueError: Series 'inegi_registration' covers 1990–2015 at state × year; years [2020] are outside that coverage.
    """  # noqa: E501
    level = check_choice(level, LEVELS, "level")
    freq = check_choice(freq, FREQS, "freq")
    chosen = _check_series(series, level, freq)
    wanted = _check_years(years, chosen, level, freq)
    codes = _check_states(states, level)

    frame = read_table(_TABLES[(level, freq)])
    if level == "municipality" and freq == "month":
        frame.insert(0, "series", "inegi_occurrence")
        frame.insert(2, "cve_ent", frame["cvegeo"].str[:2])
    frame = frame[frame["series"].isin(chosen)]
    if wanted is not None:
        frame = frame[frame["year"].isin(wanted)]
    if codes is not None:
        frame = frame[frame["cve_ent"].isin(codes)]
    if level == "national" and freq == "month":
        frame = _national_month(frame)
    return frame.reset_index(drop=True)


def _national_month(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum state months to national months, with the national population."""
    summed = frame.groupby(["series", "year", "month"], as_index=False, sort=False)[
        "homicides"].sum()
    population = read_table("population_national_year")
    summed = summed.merge(population, on="year", how="left")
    summed["rate_annualized"] = annualised_rate(summed["homicides"], summed["population"],
                                                summed["year"], summed["month"])
    return summed


def load_population(
    level: str = "state",
    years: int | Iterable[int] | None = None,
    states: str | int | Iterable[str | int] | None = None,
) -> pd.DataFrame:
    """Return CONAPO mid-year population.

    Parameters
    ----------
    level : {"state", "national", "municipality"}
        ``state``: 32 states 1990–2030; ``national``: Mexico 1990–2030;
        ``municipality``: 2,475 municipalities (today's geography) 1990–2040.
    years : int, iterable of int or (first, last), optional
        Years to keep (must be inside the table's range); a tuple is a span, as in
        :func:`load_homicides`.
    states : str, int or iterable, optional
        States by any name or code (state and municipality levels).

    Returns
    -------
    pandas.DataFrame
        ``cve_ent, year, population`` (state), ``year, population`` (national)
        or ``cvegeo, cve_ent, year, population`` (municipality).

    Raises
    ------
    ValueError
        For an unknown level or state, or years outside the table.

    Examples
    --------
    >>> int(load_population("national", years=2010)["population"].item())
    114756059
    >>> load_population("country")
    Traceback (most recent call last):
    ...
    ValueError: Unknown level 'country'; use one of: 'national', 'state', 'municipality'.
    """
    level = check_choice(level, LEVELS, "level")
    codes = _check_states(states, level)
    frame = read_table(f"population_{level}_year")
    if years is not None:
        wanted = check_years(years)
        first, last = int(frame["year"].min()), int(frame["year"].max())
        outside = [y for y in wanted if not first <= y <= last]
        if outside:
            raise ValueError(f"{level} population covers {first}–{last}; years {outside[:5]} "
                             "are outside it.")
        frame = frame[frame["year"].isin(wanted)]
    if codes is not None:
        frame = frame[frame["cve_ent"].isin(codes)]
    return frame.reset_index(drop=True)


def load_national_reference() -> pd.DataFrame:
    """Return published national totals used as cross-checks.

    Returns
    -------
    pandas.DataFrame
        ``reference``, ``year``, ``homicides``: ``inegi_printed_total`` is the
        Total row INEGI prints in each registration-year file (1990–2015); the
        ``h8_*`` rows are D. Valle-Jones's national INEGI/SESNSP table (to 2017).

    Examples
    --------
    >>> ref = load_national_reference()
    >>> int(ref.query("reference == 'inegi_printed_total' and year == 2011")["homicides"].item())
    27213
    """
    return read_table("homicides_national_reference")


def load_municipality_parents() -> pd.DataFrame:
    """Return the municipalities created after 2000 and the parent each is merged into.

    Returns
    -------
    pandas.DataFrame
        ``cvegeo``, ``parent``, ``child_population``, ``parent_excess``, ``clear``
        (see data/README.md, "Municipalities created over time").

    Examples
    --------
    >>> parents = load_municipality_parents().set_index("cvegeo")
    >>> parents.loc["23009", "parent"]  # Tulum, split from Solidaridad
    '23008'
    """
    return read_table("municipality_parents")


def describe_tables() -> pd.DataFrame:
    """Return one row per table of the data package: what it is, who publishes it, its size.

    Returns
    -------
    pandas.DataFrame
        ``name``, ``title``, ``family`` (pipeline family), ``publishers``,
        ``licenses``, ``kilobytes``.

    Examples
    --------
    >>> "homicides_state_year" in set(describe_tables()["name"])
    True
    """
    package = _package_descriptor()
    rows = []
    for res in package["resources"]:
        publishers = sorted({s.get("publisher", "") for s in res.get("sources", [])} - {""})
        rows.append({
            "name": res["name"],
            "title": res.get("title", ""),
            "family": res.get("pipeline", ""),
            "publishers": "; ".join(publishers),
            "licenses": ", ".join(lic["name"] for lic in res.get("licenses", [])),
            "kilobytes": round(res["bytes"] / 1024, 1),
        })
    return pd.DataFrame(rows)


def _package_descriptor() -> dict:
    return json.loads((data_dir() / "datapackage.json").read_text(encoding="utf-8"))
