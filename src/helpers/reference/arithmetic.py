"""Rates per 100,000: the one formula every layer uses (no I/O)."""

from __future__ import annotations

import numpy as np
import pandas as pd

#: Rates are per this many inhabitants.
PER = 100_000


def annualised_rate(count: pd.Series | np.ndarray, population: pd.Series | np.ndarray,
                    year: pd.Series | np.ndarray, month: pd.Series | np.ndarray) -> np.ndarray:
    """Return a month's homicides as a yearly rate per 100,000 inhabitants.

    The month's count is scaled to a year by days (days in the year / days in
    the month), so that February and July are comparable with a yearly rate.

    Parameters
    ----------
    count, population, year, month : array-like
        Homicides in the month, mid-year population, calendar year, month 1–12.

    Returns
    -------
    numpy.ndarray
        ``count / population * 100,000 * days_in_year / days_in_month``.

    Examples
    --------
    >>> float(annualised_rate([31], [100_000], [2010], [1])[0])
    365.0
    >>> float(annualised_rate([29], [100_000], [2012], [2])[0])
    366.0
    """
    days = pd.to_datetime(pd.DataFrame({"year": np.asarray(year), "month": np.asarray(month),
                                        "day": 1}))
    month_days = days.dt.days_in_month.to_numpy(dtype=float)
    year_days = 365.0 + days.dt.is_leap_year.to_numpy(dtype=float)
    rate = (np.asarray(count, dtype=float) / np.asarray(population, dtype=float) * PER)
    return rate * year_days / month_days
