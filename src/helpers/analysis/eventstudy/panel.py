"""The unit × month panel of an event study, and month arithmetic.

Months are integers ``year * 12 + month - 1`` internally and ``"YYYY-MM"`` when
shown. A :class:`Panel` holds one row per unit (state or municipality) and one
column per month, as rates (annualised, per 100,000) or counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from helpers.reference.arithmetic import annualised_rate
from helpers.reference.checks import check_choice, check_codes, check_integer

#: Outcomes an event study can follow.
MEASURES: tuple[str, ...] = ("rate", "count")


#: Geographic levels and the column that identifies a unit at each.
UNIT_COLUMN: dict[str, str] = {"state": "cve_ent", "municipality": "cvegeo"}


#: Largest window (months on each side of the event) accepted.
MAX_WINDOW = 36


#: Default seed of every random draw in this module (bootstrap, placebo dates).
DEFAULT_SEED = 2006


def _check_window(window: object) -> int:
    return check_integer(window, "window", minimum=1, maximum=MAX_WINDOW)


def _check_series(series: str, level: str) -> None:
    from helpers.reference.series import SERIES

    if series not in SERIES:
        raise ValueError(f"Unknown series {series!r}; use one of: "
                         f"{', '.join(repr(k) for k in SERIES)}.")
    if (level, "month") not in SERIES[series].coverage:
        monthly = [k for k, s in SERIES.items() if (level, "month") in s.coverage]
        raise ValueError(f"Series {series!r} has no monthly data at the {level} level; "
                         f"monthly {level} series: {', '.join(repr(k) for k in monthly)}.")


def month_index(year: int | np.ndarray | pd.Series,
                month: int | np.ndarray | pd.Series) -> int | np.ndarray | pd.Series:
    """Return the integer month index ``year * 12 + month - 1``.

    Examples
    --------
    >>> month_index(2006, 12) - month_index(2006, 1)
    11
    """
    return year * 12 + month - 1


def month_label(index: int) -> str:
    """Return ``"YYYY-MM"`` for a month index.

    Examples
    --------
    >>> month_label(month_index(2009, 12))
    '2009-12'
    """
    year, month0 = divmod(int(index), 12)
    return f"{year:04d}-{month0 + 1:02d}"


@dataclass(frozen=True)
class Panel:
    """A monthly series in wide form: one row per unit, one column per month.

    Attributes
    ----------
    values : pandas.DataFrame
        Index = unit codes, columns = consecutive month indices, float values.
    level : str
        ``"state"`` or ``"municipality"``.
    measure : str
        ``"rate"`` or ``"count"``.
    """

    values: pd.DataFrame
    level: str
    measure: str

    @property
    def first(self) -> int:
        """Month index of the first column."""
        return int(self.values.columns[0])

    @property
    def last(self) -> int:
        """Month index of the last column."""
        return int(self.values.columns[-1])

    @property
    def coverage(self) -> str:
        """Coverage as ``"YYYY-MM to YYYY-MM"``."""
        return f"{month_label(self.first)} to {month_label(self.last)}"


def make_panel(frame: pd.DataFrame, level: str = "state", measure: str = "rate") -> Panel:
    """Turn a long monthly table into a :class:`Panel`.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns: the unit column (``cve_ent`` for states, ``cvegeo`` for
        municipalities), ``year``, ``month`` and the value: ``rate`` or
        ``rate_annualized`` when ``measure="rate"`` (or ``homicides`` and
        ``population`` to compute it: per 100,000 a year, a month's count times
        days in the year / days in the month) and ``homicides`` when
        ``measure="count"``.
    level : {"state", "municipality"}
    measure : {"rate", "count"}

    Returns
    -------
    Panel

    Raises
    ------
    ValueError
        If a column is missing, a unit-month is duplicated or missing, or a value
        is missing.

    Examples
    --------
    >>> long = pd.DataFrame({"cve_ent": ["01"] * 3, "year": 2010, "month": [1, 2, 3],
    ...                      "homicides": [3, 4, 5]})
    >>> make_panel(long, measure="count").values.loc["01"].tolist()
    [3.0, 4.0, 5.0]
    """
    level = check_choice(level, UNIT_COLUMN, "level")
    measure = check_choice(measure, MEASURES, "measure")
    unit = UNIT_COLUMN[level]
    data = frame.copy()
    if measure == "rate" and "rate" not in data and "rate_annualized" in data:
        data = data.rename(columns={"rate_annualized": "rate"})
    if measure == "rate" and "rate" not in data and {"homicides", "population"} <= set(data):
        data["rate"] = annualised_rate(data["homicides"], data["population"], data["year"],
                                       data["month"])
    value = "rate" if measure == "rate" else "homicides"
    missing = [c for c in (unit, "year", "month", value) if c not in data]
    if missing:
        raise ValueError(f"The monthly table lacks column(s) {missing}; a {level} panel of "
                         f"{measure} needs {unit!r}, 'year', 'month' and {value!r}"
                         + (" (or 'homicides' and 'population')." if measure == "rate" else "."))
    if data.duplicated([unit, "year", "month"]).any():
        raise ValueError(f"The monthly table has duplicated {unit}-months; "
                         "filter it to one series first.")
    data[unit] = check_codes(data[unit], unit, 2 if unit == "cve_ent" else 5)
    data["t"] = month_index(data["year"].astype(int), data["month"].astype(int))
    wide = data.pivot(index=unit, columns="t", values=value).astype(float)
    full = range(int(wide.columns.min()), int(wide.columns.max()) + 1)
    wide = wide.reindex(columns=full)
    if wide.isna().to_numpy().any():
        raise ValueError(f"The monthly table has {int(wide.isna().to_numpy().sum())} missing "
                         f"{unit}-month value(s); an event study needs a complete panel.")
    wide.index = wide.index.astype(str)
    return Panel(wide, level, measure)


def _municipal_month(series: str) -> pd.DataFrame:
    """Complete municipality x month table: absent months are zero homicides."""
    from helpers import data

    counts = data.load_homicides(level="municipality", freq="month", series=series)
    years = range(int(counts["year"].min()), int(counts["year"].max()) + 1)
    pop = data.load_population(level="municipality", years=list(years))
    # Keep municipalities with a population every year (rates need one).
    complete = pop.groupby("cvegeo")["year"].nunique()
    codes = sorted(set(counts["cvegeo"]) & set(complete[complete == len(years)].index))
    grid = pd.MultiIndex.from_product([codes, years, range(1, 13)],
                                      names=["cvegeo", "year", "month"]).to_frame(index=False)
    frame = grid.merge(counts[["cvegeo", "year", "month", "homicides"]],
                       on=["cvegeo", "year", "month"], how="left")
    frame["homicides"] = frame["homicides"].fillna(0).astype("int64")
    return frame.merge(pop[["cvegeo", "year", "population"]], on=["cvegeo", "year"],
                       how="left", validate="m:1")


@lru_cache(maxsize=8)
def _load_panel(series: str, level: str, measure: str) -> Panel:
    from helpers import data

    if level == "state":
        frame = data.load_homicides(level="state", freq="month", series=series)
    else:
        frame = _municipal_month(series)
    return make_panel(frame, level, measure)


def load_panel(series: str = "inegi_occurrence", level: str = "state",
               measure: str = "rate") -> Panel:
    """Load a monthly homicide series from ``data/`` as a :class:`Panel`.

    Rates are homicides per 100,000 inhabitants, annualised (a month's count
    times days in the year / days in the month), with CONAPO mid-year population.

    Examples
    --------
    >>> panel = load_panel()
    >>> panel.values.shape[0], panel.coverage
    (32, '2000-01 to 2022-12')
    """
    level = check_choice(level, UNIT_COLUMN, "level")
    measure = check_choice(measure, MEASURES, "measure")
    _check_series(series, level)
    return _load_panel(series, level, measure)


