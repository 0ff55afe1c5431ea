"""Figures of spatial autocorrelation: the LISA cluster map and Moran's I by year.

The statistics are computed in :mod:`helpers.analysis.spatial`; both figures
draw in the book's style without changing matplotlib's global settings.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from helpers.analysis.spatial import CLUSTERS
from helpers.reference.i18n import tr
from helpers.viz.style import CLUSTER_COLOURS, in_house_style


@in_house_style
def plot_lisa_map(geo, clusters: pd.DataFrame, ax: Axes | None = None,
                  title: str | None = None) -> Figure:
    """Draw the LISA cluster map: states coloured by cluster, with a legend.

    Parameters
    ----------
    geo : geopandas.GeoDataFrame
        State boundaries with ``cve_ent``.
    clusters : pandas.DataFrame
        Output of :func:`lisa` (indexed by ``cve_ent`` with a ``cluster`` column).
    ax : matplotlib.axes.Axes, optional
    title : str, optional

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from helpers.analysis.spatial import lisa, state_weights
    >>> from helpers.data import load_states_geo
    >>> geo = load_states_geo()
    >>> latitude = geo.set_index("cve_ent").geometry.representative_point().y
    >>> fig = plot_lisa_map(geo, lisa(latitude, state_weights(geo), permutations=99))
    >>> fig.axes[0].get_legend().get_title().get_text()
    'LISA cluster (states)'
    """
    if "cluster" not in clusters.columns:
        raise ValueError("clusters needs a 'cluster' column: pass the output of lisa().")
    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 4.6))
    else:
        fig = ax.figure
    data = geo.merge(clusters[["cluster"]], left_on="cve_ent", right_index=True, how="left")
    data["cluster"] = data["cluster"].fillna("Not significant")
    data.plot(ax=ax, color=data["cluster"].map(CLUSTER_COLOURS), edgecolor="white",
              linewidth=0.6)
    present = [c for c in CLUSTERS if (data["cluster"] == c).any()]
    counts = data["cluster"].value_counts()
    handles = [Patch(facecolor=CLUSTER_COLOURS[c], edgecolor="#777777",
                     label=f"{tr(c)} ({counts[c]})") for c in present]
    ax.legend(handles=handles, loc="lower left", frameon=False, fontsize=9,
              title=tr("LISA cluster (states)"), title_fontsize=9)
    ax.set_axis_off()
    if title:
        ax.set_title(tr(title), fontsize=11)
    return fig


@in_house_style
def plot_moran_by_year(table: pd.DataFrame, ax: Axes | None = None,
                       alpha: float = 0.05) -> Figure:
    """Plot Moran's I by year, marking years whose pseudo p-value is at most ``alpha``.

    Examples
    --------
    >>> table = pd.DataFrame({"year": [2000, 2001], "moran_i": [0.2, 0.3],
    ...                       "expected": [-1 / 31] * 2, "p_sim": [0.04, 0.2]})
    >>> plot_moran_by_year(table).axes[0].get_ylabel()
    "Moran's I"
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=(7, 3.4))
    else:
        fig = ax.figure
    ax.plot(table["year"], table["moran_i"], color="#333333", linewidth=1.2, zorder=1)
    sig = table["p_sim"] <= alpha
    ax.scatter(table.loc[sig, "year"], table.loc[sig, "moran_i"],
               color=CLUSTER_COLOURS["High-High"], zorder=2,
               label=tr("p ≤ {alpha} (permutation test)", alpha=f"{alpha:g}"))
    ax.scatter(table.loc[~sig, "year"], table.loc[~sig, "moran_i"], facecolor="white",
               edgecolor="#333333", zorder=2, label=tr("p > {alpha}", alpha=f"{alpha:g}"))
    ax.axhline(float(table["expected"].iloc[0]), color="#777777", linestyle="--", linewidth=0.8,
               label=tr("Expected without clustering"))
    ax.set_xlabel(tr("Year"))
    ax.set_ylabel(tr("Moran's I"))
    ax.legend(frameon=False, fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


