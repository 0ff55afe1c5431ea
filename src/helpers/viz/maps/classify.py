"""Class breaks for choropleths (mapclassify) and the legend labels that print them.

Classes are computed over all years a map shows, so a colour means the same
rate in every year of the slider.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence

import mapclassify
import numpy as np
import pandas as pd

from helpers.reference.checks import check_choice, check_integer

#: Classification schemes accepted by :func:`classify`.
SCHEMES = ("quantiles", "fisher_jenks", "breaks")


def classify(
    values: Iterable[float],
    scheme: str = "quantiles",
    k: int = 5,
    breaks: Sequence[float] | None = None,
) -> list[float]:
    """Return the upper bounds of the classes of ``values``.

    Parameters
    ----------
    values : iterable of float
        Values to classify (missing values are ignored).
    scheme : {"quantiles", "fisher_jenks", "breaks"}
        ``mapclassify`` scheme: ``Quantiles``, ``FisherJenks``, or ``UserDefined``
        with ``breaks``.
    k : int
        Number of classes (3..9) for quantiles and Fisher–Jenks.
    breaks : sequence of float, optional
        Increasing upper bounds for ``scheme="breaks"`` (a last class up to the
        maximum is added if needed).

    Returns
    -------
    list of float
        Upper bound of each class; the last one is the maximum.

    Raises
    ------
    ValueError
        For an unknown scheme, a bad ``k``, missing or unsorted breaks, or no values.

    Examples
    --------
    >>> classify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "quantiles", k=5)
    [2.8, 4.6, 6.4, 8.2, 10.0]
    >>> classify([1, 5, 20], "breaks", breaks=[2, 10, 30])
    [2.0, 10.0, 30.0]
    """
    y = np.asarray([v for v in values if v is not None and not pd.isna(v)], dtype=float)
    if y.size == 0:
        raise ValueError("There are no values to classify (all are missing).")
    scheme = check_choice(scheme, SCHEMES, "scheme")
    if scheme == "breaks":
        if breaks is None or len(breaks) == 0:
            raise ValueError('scheme="breaks" needs breaks, e.g. breaks=[10, 20, 40].')
        b = [float(x) for x in breaks]
        if any(b2 <= b1 for b1, b2 in zip(b, b[1:], strict=False)):
            raise ValueError(f"breaks must be strictly increasing, got {list(breaks)}.")
        if len(b) + (b[-1] < y.max()) > 9:
            raise ValueError("At most 9 classes: give at most 8 breaks below the maximum.")
        bins = mapclassify.UserDefined(y, b).bins
        out = [float(x) for x in bins]
        if len(out) < 3:  # the palettes start at 3 classes
            raise ValueError(
                f"breaks give {len(out)} class(es); give at least 3 classes, e.g. "
                "breaks=[10, 20, 40]."
            )
        return out
    k = check_integer(k, "k", minimum=3, maximum=9)
    with warnings.catch_warnings():  # "Numba not installed", "Not enough unique values"
        warnings.simplefilter("ignore", UserWarning)
        if scheme == "quantiles":
            bins = mapclassify.Quantiles(y, k=k).bins
        else:
            bins = mapclassify.FisherJenks(y, k=k).bins
    out = sorted({round(float(x), 10) for x in bins})
    if len(out) < 3:
        raise ValueError(
            f"The values have too few distinct levels for {k} {scheme} classes; "
            'use scheme="breaks" with explicit breaks.'
        )
    return out


def _fmt(x: float, decimals: int) -> str:
    return f"{x:,.{decimals}f}"


def legend_labels(bins: Sequence[float], minimum: float, decimals: int = 1) -> list[str]:
    """Return legend labels "lower – upper" for class upper bounds ``bins``.

    Examples
    --------
    >>> legend_labels([5.0, 10.0, 42.25], minimum=1.0)
    ['1.0 – 5.0', '5.0 – 10.0', '10.0 – 42.2']
    """
    lows = [minimum, *bins[:-1]]
    return [f"{_fmt(lo, decimals)} – {_fmt(hi, decimals)}" for lo, hi in
            zip(lows, bins, strict=True)]


