"""Rates by presidential term, rankings, pooled rates and their uncertainty.

Small, reusable computations behind the chapters "Violence, state by state" and
"Michoacán and Guerrero". Every function takes tidy frames as returned by
:func:`helpers.data.load_homicides` (columns ``homicides`` and ``population``,
one row per area and period) and never mixes series: pass one series at a time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from scipy import stats

from helpers.reference.checks import check_finite, check_frame, check_items, check_years
from helpers.reference.presidency import TERMS, presidency_on
from helpers.reference.series import SERIES

#: The year from which the state maps use INEGI's series by date of occurrence.
OCCURRENCE_FROM = 2000


def _one_series(frame: pd.DataFrame) -> None:
    if "series" in frame.columns and frame["series"].nunique() > 1:
        raise ValueError(
            f"frame mixes series {sorted(frame['series'].unique())}; filter it to one series "
            "first (series are never added together)."
        )


def _need(frame: pd.DataFrame, columns: Sequence[str]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"frame lacks column(s) {missing}; columns present: "
                         f"{list(frame.columns)}.")


def _no_duplicates(frame: pd.DataFrame, key: str) -> None:
    dup = frame.duplicated([key, "year"])
    if dup.any():
        first = frame.loc[dup, [key, "year"]].iloc[0].tolist()
        raise ValueError(f"frame has {int(dup.sum())} duplicated {key}-year row(s), e.g. "
                         f"{key}={first[0]!r}, year={first[1]}; keep one row per area and year "
                         "(one series).")


def map_frame(state_frame: pd.DataFrame) -> tuple[pd.DataFrame, dict[int, str]]:
    """Return the longest yearly state series for maps, and a note naming each year's source.

    INEGI's registration series covers 1990–2015 and its occurrence series
    2000–2022. A map that spans 1990–2022 takes registration for the years before
    :data:`OCCURRENCE_FROM` and occurrence from then on. The switch is not hidden:
    the ``series`` column and the returned notes name the source of every year.

    Parameters
    ----------
    state_frame : pandas.DataFrame
        ``load_homicides(level="state")`` (must include both INEGI series).

    Returns
    -------
    (pandas.DataFrame, dict)
        The rows used, and ``{year: series label}``.

    Examples
    --------
    >>> from helpers.data import load_homicides
    >>> frame, notes = map_frame(load_homicides("state"))
    >>> int(frame["year"].min()), int(frame["year"].max()), notes[1995][:5]
    (1990, 2022, 'INEGI')
    """
    _need(state_frame, ["series", "year"])
    reg = state_frame[(state_frame["series"] == "inegi_registration")
                      & (state_frame["year"] < OCCURRENCE_FROM)]
    occ = state_frame[(state_frame["series"] == "inegi_occurrence")
                      & (state_frame["year"] >= OCCURRENCE_FROM)]
    if reg.empty or occ.empty:
        raise ValueError("state_frame must hold both inegi_registration and inegi_occurrence.")
    frame = pd.concat([reg, occ], ignore_index=True)
    notes = {int(y): SERIES[s].label for y, s in
             frame[["year", "series"]].drop_duplicates().itertuples(index=False)}
    return frame, notes


def _term_of_year(year: int) -> str:
    """Return the term in office for most of a calendar year (on 1 July)."""
    return presidency_on(dt.date(int(year), 7, 1)).key


def term_rates(frame: pd.DataFrame, terms: Iterable[str] | None = None) -> pd.DataFrame:
    """Average homicide rate per presidential term, weighting by population.

    Yearly data: each calendar year goes to the president in office for most of
    it (on 1 July), so Fox's term is 2001–2006 and Calderón's 2007–2012.
    Monthly data (a ``month`` column): each month goes to the president in office
    on its first day, so the terms are exact (Fox: December 2000 to November 2006).

    The term rate is total homicides over total person-years × 100,000 (months
    count one twelfth of the year's population); ``mean_of_rates`` is the plain
    average of the yearly (or annualised monthly) rates, for comparison.

    Parameters
    ----------
    frame : pandas.DataFrame
        One series, national or one area: ``year`` (and ``month``), ``homicides``,
        ``population``.
    terms : iterable of str, optional
        Term keys to keep (e.g. ``["fox", "calderon"]``); default: every term
        with data.

    Returns
    -------
    pandas.DataFrame
        ``term``, ``president``, ``first``, ``last`` (periods as ``YYYY`` or
        ``YYYY-MM``), ``periods``, ``complete`` (whether every period of the term
        is in the data), ``homicides``, ``person_years``, ``rate``,
        ``mean_of_rates``. A period whose homicides or population is missing is
        left out of both the count and the person-years, so its term has
        ``complete=False``.

    Raises
    ------
    ValueError
        For a frame with no rows, missing or non-numeric columns, mixed series,
        several rows per period, or unknown terms (``terms="calderon"`` is one term).

    Examples
    --------
    >>> from helpers.data import load_homicides
    >>> n = load_homicides("national", series="inegi_registration")
    >>> term_rates(n, ["fox", "calderon"])["first"].tolist()
    ['2001', '2007']
    """
    check_frame(frame, "frame", ["year", "homicides", "population"],
                numeric=["homicides", "population"])
    _one_series(frame)
    keys = [t.key for t in TERMS]
    wanted = check_items(terms, "terms") if terms is not None else keys
    unknown = [k for k in wanted if k not in keys]
    if unknown:
        raise ValueError(f"Unknown term(s) {unknown}; use {', '.join(keys)}.")
    data = frame.copy()
    monthly = "month" in data.columns
    if monthly:
        data["term"] = [presidency_on(dt.date(int(y), int(m), 1)).key
                        for y, m in zip(data["year"], data["month"], strict=True)]
        data["period"] = [f"{int(y)}-{int(m):02d}" for y, m in
                          zip(data["year"], data["month"], strict=True)]
        data["py"] = data["population"].astype(float) / 12
        data["r"] = data["homicides"] / data["py"] * 1e5
    else:
        data["term"] = [_term_of_year(y) for y in data["year"]]
        data["period"] = data["year"].astype(int).astype(str)
        data["py"] = data["population"].astype(float)
        data["r"] = data["homicides"] / data["py"] * 1e5
    if data.duplicated("period").any():
        raise ValueError("frame has several rows per period: give national data or one area.")
    # A period with a missing count or population is left out of both sums (never a
    # numerator without its denominator), so its term is reported incomplete.
    gaps = data["homicides"].isna() | data["py"].isna()
    data = data[~gaps]
    rows = []
    for key in wanted:
        part = data[data["term"] == key].sort_values("period")
        if part.empty:
            continue
        t = next(t for t in TERMS if t.key == key)
        expected = _expected_periods(t, monthly)
        rows.append({
            "term": key, "president": t.short,
            "first": part["period"].iloc[0], "last": part["period"].iloc[-1],
            "periods": len(part),
            "complete": expected is not None and len(part) == expected,
            "homicides": int(part["homicides"].sum()),
            "person_years": float(part["py"].sum()),
            "rate": float(part["homicides"].sum() / part["py"].sum() * 1e5),
            "mean_of_rates": float(part["r"].mean()),
        })
    return pd.DataFrame(rows)


def _expected_periods(t, monthly: bool) -> int | None:
    if t.end is None:
        return None
    if monthly:
        return (t.end.year - t.start.year) * 12 + t.end.month - t.start.month + 1
    first = TERMS[0].start.year + 1  # 1988 is before the table of terms starts in July
    years = range(max(t.start.year, first), t.end.year + 1)
    return sum(1 for y in years if _term_of_year(y) == t.key)


def add_ranks(frame: pd.DataFrame, value: str = "rate", by: str | Sequence[str] = "year",
              min_population: float | None = None) -> pd.DataFrame:
    """Add a ``rank`` column (1 = highest ``value``) within each ``by`` group.

    Areas below ``min_population`` get no rank (``<NA>``), so a village with one
    homicide cannot top a ranking of rates. Ties share the lowest rank.

    Examples
    --------
    >>> f = pd.DataFrame({"year": [1, 1, 1], "rate": [5.0, 9.0, 1.0],
    ...                   "population": [100, 10_000, 10_000]})
    >>> add_ranks(f, min_population=1000)["rank"].tolist()
    [<NA>, 1, 2]
    """
    _need(frame, [value] + ([by] if isinstance(by, str) else list(by)))
    out = frame.copy()
    eligible = pd.Series(True, index=out.index)
    if min_population is not None:
        _need(out, ["population"])
        eligible = out["population"] >= min_population
    ranks = (out[eligible].groupby(by)[value]
             .rank(ascending=False, method="min").astype("Int64"))
    out["rank"] = ranks.reindex(out.index).astype("Int64")
    return out


def rank_table(frame: pd.DataFrame, years: int | Iterable[int], key: str = "cve_ent",
               value: str = "rate") -> pd.DataFrame:
    """Ranks of every area in the given years, one column per year (1 = highest rate).

    Examples
    --------
    >>> f = pd.DataFrame({"cve_ent": ["01", "02"] * 2, "year": [2000, 2000, 2001, 2001],
    ...                   "rate": [1.0, 2.0, 3.0, 2.5]})
    >>> rank_table(f, [2000, 2001]).loc["01"].tolist()
    [2, 1]
    """
    _one_series(frame)
    check_frame(frame, "frame", [key, "year", value], numeric=[value])
    years = check_years(years)
    _no_duplicates(frame, key)
    absent = [y for y in years if y not in set(frame["year"])]
    if absent:
        raise ValueError(f"Years {absent} are not in the frame.")
    ranked = add_ranks(frame[frame["year"].isin(list(years))], value=value)
    table = ranked.pivot(index=key, columns="year", values="rank")
    return table.reindex(columns=list(years))


def pooled_rates(frame: pd.DataFrame, years: int | Iterable[int],
                 key: str = "cvegeo") -> pd.DataFrame:
    """Rates over several years pooled: total homicides / total person-years × 100,000.

    Pooling steadies the rates of small places, where one death more or less
    moves a yearly rate a lot.

    Returns
    -------
    pandas.DataFrame
        ``key``, ``homicides``, ``person_years``, ``rate``, ``years`` (how many
        years had data) and ``complete`` (every year asked for had data). A
        year whose homicides or population is missing counts in neither sum.

    Examples
    --------
    >>> f = pd.DataFrame({"cvegeo": ["a", "a"], "year": [1, 2], "homicides": [0, 2],
    ...                   "population": [1000, 1000]})
    >>> pooled_rates(f, [1, 2])["rate"].item()
    100.0
    """
    _one_series(frame)
    check_frame(frame, "frame", [key, "year", "homicides", "population"],
                numeric=["homicides", "population"])
    years = check_years(years)
    _no_duplicates(frame, key)
    part = frame[frame["year"].isin(years)]
    if part.empty:
        raise ValueError(f"No rows for years {years}.")
    # A year with a missing count or population is left out of both sums, and shows in
    # ``years`` (fewer than asked) and ``complete``.
    part = part[part["homicides"].notna() & part["population"].notna()]
    out = part.groupby(key, as_index=False).agg(
        homicides=("homicides", "sum"), person_years=("population", "sum"),
        years=("year", "nunique"))
    out["rate"] = out["homicides"] / out["person_years"] * 1e5
    out["complete"] = out["years"] == len(years)
    return out


def poisson_interval(count: int | Iterable[int], population: float | Iterable[float],
                     level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood) confidence interval of a rate per 100,000 from a Poisson count.

    Parameters
    ----------
    count : int or array-like
        Homicides.
    population : float or array-like
        Person-years.
    level : float
        Confidence level, between 0 and 1.

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Lower and upper bounds per 100,000.

    Examples
    --------
    >>> low, high = poisson_interval(1, 400)
    >>> round(float(low), 1), round(float(high), 0)
    (6.3, 1393.0)
    """
    if not 0 < check_finite(level, "level") < 1:
        raise ValueError(f"level must be between 0 and 1, got {level!r}.")
    k = np.asarray(count, dtype=float)
    n = np.asarray(population, dtype=float)
    if (k < 0).any() or (n <= 0).any():
        raise ValueError("counts must be >= 0 and populations > 0.")
    alpha = 1 - level
    low = np.where(k > 0, stats.chi2.ppf(alpha / 2, 2 * k) / 2, 0.0)
    high = stats.chi2.ppf(1 - alpha / 2, 2 * (k + 1)) / 2
    return low / n * 1e5, high / n * 1e5
