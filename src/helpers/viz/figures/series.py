"""Figures and summaries that compare the homicide series (used by "About the data")."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from helpers.reference.checks import check_choice
from helpers.reference.i18n import tr
from helpers.reference.series import SERIES, SERIES_KEYS
from helpers.viz.style import OKABE_ITO, in_house_style, shade_terms

#: Line style per series: colour plus dash pattern and marker, so lines stay
#: apart for colour-blind readers and in greyscale.
STYLES: dict[str, dict] = {
    "inegi_registration": {"color": OKABE_ITO[0], "linestyle": "-", "marker": "o"},
    "inegi_occurrence": {"color": OKABE_ITO[1], "linestyle": "-", "marker": "s"},
    "sesnsp_cases": {"color": OKABE_ITO[5], "linestyle": "--", "marker": "^"},
    "sesnsp_victims_old": {"color": OKABE_ITO[7], "linestyle": ":", "marker": "D"},
    "sesnsp_victims": {"color": OKABE_ITO[6], "linestyle": "--", "marker": "v"},
    "sesnsp_feminicide": {"color": OKABE_ITO[3], "linestyle": "-.", "marker": "x"},
}


@in_house_style
def national_series_figure(national: pd.DataFrame, value: str = "homicides",
                           terms: bool = True) -> Figure:
    """Draw one line per series of a national × year table.

    Parameters
    ----------
    national : pandas.DataFrame
        ``load_homicides("national")``: columns ``series``, ``year`` and ``value``.
    value : {"homicides", "rate"}
        What to plot.
    terms : bool
        Shade presidential terms behind the lines.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        If ``value`` is not a column to plot or the frame has an unknown series.

    Examples
    --------
    >>> frame = pd.DataFrame({"series": ["sesnsp_cases"] * 2, "year": [2000, 2001],
    ...                       "homicides": [13849, 13855]})
    >>> fig = national_series_figure(frame)
    >>> [line.get_label() for line in fig.axes[0].get_lines()]
    ['SESNSP cases (old methodology)']
    >>> plt.close(fig)
    """
    value = check_choice(value, ("homicides", "rate"), "value")
    unknown = set(national["series"]) - set(SERIES)
    if unknown:
        raise ValueError(f"Unknown series {sorted(unknown)}; known: {', '.join(SERIES_KEYS)}.")
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for key in SERIES_KEYS:
        part = national[national["series"] == key].sort_values("year")
        if part.empty:
            continue
        ax.plot(part["year"], part[value], label=tr(SERIES[key].label), markersize=3.5,
                linewidth=1.6, **STYLES[key])
    if terms:
        shade_terms(ax)
    ax.set_xlabel(tr("Year"))
    ax.set_ylabel(tr("Homicides per year") if value == "homicides"
                  else tr("Homicides per 100,000 inhabitants"))
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


def overlap_differences(national: pd.DataFrame, base: str, other: str) -> pd.DataFrame:
    """Compare two national series in the years both cover.

    Parameters
    ----------
    national : pandas.DataFrame
        National × year table with ``series``, ``year``, ``homicides``.
    base, other : str
        Series keys; the difference is ``other - base``.

    Returns
    -------
    pandas.DataFrame
        Indexed by year: ``base``, ``other``, ``difference``, ``percent``
        (difference as a percentage of ``base``).

    Raises
    ------
    ValueError
        If a key is unknown or the two series share no year.

    Examples
    --------
    >>> frame = pd.DataFrame({"series": ["a", "a", "b"], "year": [1, 2, 2],
    ...                       "homicides": [10, 20, 25]})
    >>> overlap_differences(frame, "a", "b")["percent"].tolist()
    [25.0]
    """
    wide = national.pivot(index="year", columns="series", values="homicides")
    for key in (base, other):
        if key not in wide:
            raise ValueError(f"Series {key!r} is not in the table; it has "
                             f"{', '.join(map(str, wide.columns))}.")
    both = wide[[base, other]].dropna().astype("int64")
    if both.empty:
        raise ValueError(f"Series {base!r} and {other!r} share no year.")
    out = both.rename(columns={base: "base", other: "other"})
    out["difference"] = out["other"] - out["base"]
    out["percent"] = out["difference"] / out["base"] * 100
    out.columns.name = None
    return out
