"""Static small multiples of state maps (matplotlib), sharing one classification."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from helpers.data.geo import INEGI_CREDIT, load_states_geo
from helpers.reference.checks import check_years
from helpers.reference.i18n import tr
from helpers.viz.maps.choropleth import _check_frame
from helpers.viz.maps.classify import classify, legend_labels
from helpers.viz.style import NO_DATA, sequential_colors


def static_state_maps(
    data: pd.DataFrame,
    years: Sequence[int],
    value: str = "rate",
    scheme: str = "quantiles",
    k: int = 5,
    breaks: Sequence[float] | None = None,
    decimals: int = 1,
    legend_title: str = "Homicides per 100,000",
    ncols: int = 2,
):
    """Small multiples: one static state map per year, sharing one classification.

    Parameters
    ----------
    data : pandas.DataFrame
        ``cve_ent``, ``year`` and ``value`` columns.
    years : sequence of int
        One panel per year, in this order.
    value, scheme, k, breaks, decimals, legend_title
        As in :func:`state_map`; classes are computed over the years shown.
    ncols : int
        Panels per row.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = static_state_maps(_demo_frame(), [2019, 2020])
    >>> len(fig.axes)
    2
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    frame = _check_frame(data, "cve_ent", value, None)
    years = check_years(years, keep_order=True)
    available = set(frame["year"].astype(int))
    absent = [y for y in years if y not in available]
    if absent:
        raise ValueError(f"Years {absent} are not in the data ({min(available)}–"
                         f"{max(available)}).")
    frame = frame[frame["year"].isin(list(years))]
    bins = classify(frame[value], scheme=scheme, k=k, breaks=breaks)
    colors = sequential_colors(len(bins))
    labels = legend_labels(bins, float(frame[value].min()), decimals)
    geo = load_states_geo()
    nrows = math.ceil(len(years) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.8 * ncols, 2.45 * nrows + 0.7),
                             squeeze=False)
    for ax in axes.flat[len(years):]:
        ax.remove()
    for ax, y in zip(axes.flat, years, strict=False):
        part = geo.merge(frame[frame["year"] == y], on="cve_ent", how="left")
        cls = np.searchsorted(np.asarray(bins), part[value].to_numpy(), side="left")
        fill = [NO_DATA if pd.isna(v) else colors[min(c, len(colors) - 1)]
                for v, c in zip(part[value], cls, strict=True)]
        part.plot(ax=ax, color=fill, edgecolor="#444444", linewidth=0.3)
        ax.set_title(str(y))
        ax.set_axis_off()
    handles = [Patch(facecolor=c, edgecolor="#444444", label=lb)
               for c, lb in zip(colors, labels, strict=True)]
    if frame[value].isna().any():
        handles.append(Patch(facecolor=NO_DATA, edgecolor="#444444", label=tr("no data")))
    fig.legend(handles=handles, title=tr(legend_title), loc="lower center",
               bbox_to_anchor=(0.5, 0.035), ncol=min(len(handles), 6), fontsize=8,
               title_fontsize=8, frameon=False)
    fig.text(0.99, 0.008, tr("Boundaries: {credit}", credit=INEGI_CREDIT), ha="right",
             va="bottom", fontsize=6, color="#555555")
    fig.subplots_adjust(left=0.01, right=0.99, top=0.95, bottom=0.15, wspace=0.02, hspace=0.1)
    return fig


