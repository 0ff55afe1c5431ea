"""Figures of kingpin events: the timeline by term, and events by organisation and year."""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from helpers.analysis.events import _term_order
from helpers.data.events import EVENT_TYPES, filter_events
from helpers.reference.i18n import tr
from helpers.viz.style import OI

#: Okabe-Ito colours (colour-blind safe) and marker shapes for the event types.
EVENT_STYLE: dict[str, tuple[str, str]] = {
    "captured": (OI["blue"], "o"),
    "killed": (OI["vermillion"], "X"),
    "extradited": (OI["green"], "s"),
    "escaped": (OI["purple"], "^"),
    "released": (OI["orange"], "D"),
}


def timeline_figure(
    events: pd.DataFrame,
    context: pd.DataFrame | None = None,
    presidencies: Iterable[str] | None = None,
    figsize: tuple[float, float] = (9.0, 5.5),
) -> Figure:
    """Draw events by organisation over time, with presidential terms shaded.

    One row per organisation (ordered by its first event), one marker per event:
    colour and shape both encode the event type (Okabe-Ito colours, so the chart
    reads without colour too). Terms are shaded bands labelled at the top; if
    ``context`` is given, its events are short ticks along the bottom axis.

    Parameters
    ----------
    events : pandas.DataFrame
        A (possibly filtered) events table.
    context : pandas.DataFrame, optional
        Rows of :func:`load_context_timeline` to mark.
    presidencies : iterable of str, optional
        Terms to shade; default :data:`EVENT_TERMS`.
    figsize : tuple of float
        Figure size in inches.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = timeline_figure(load_kingpin_events())
    >>> len(fig.axes)
    1
    """
    if events.empty:
        raise ValueError("No events to draw: the filters left an empty table.")
    dates = pd.to_datetime(events["date"])
    first = dates.groupby(events["organization_group"]).min().sort_values()
    rows = {org: i for i, org in enumerate(first.index)}
    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    terms = _term_order(presidencies)
    lo = min(dates.min(), *(pd.Timestamp(t.start) for t in terms[:1])) - pd.Timedelta(days=120)
    hi = max(dates.max(), pd.Timestamp("2024-12-31")) + pd.Timedelta(days=30)
    for i, t in enumerate(terms):
        left = max(pd.Timestamp(t.start), lo)
        right = min(pd.Timestamp(t.end) if t.end else hi, hi)
        if right <= left:
            continue
        ax.axvspan(left, right, color="0.93" if i % 2 == 0 else "0.85", zorder=0, lw=0)
        narrow = (right - left) < pd.Timedelta(days=700)
        ax.text(left + (right - left) / 2, -0.9, t.short, ha="center",
                va="bottom" if narrow else "center", rotation=90 if narrow else 0,
                fontsize=7 if narrow else 8, color="0.25")
    for kind in EVENT_TYPES:
        sel = events["event_type"] == kind
        if not sel.any():
            continue
        colour, marker = EVENT_STYLE[kind]
        ax.scatter(dates[sel], events.loc[sel, "organization_group"].map(rows), s=36,
                   c=colour, marker=marker, edgecolors="white", linewidths=0.5, zorder=3,
                   label=tr(kind))
    if context is not None and not context.empty:
        ax.plot(pd.to_datetime(context["date"]), [len(rows)] * len(context), "|", color="0.3",
                markersize=10, zorder=3)
        ax.legend(handles=ax.get_legend_handles_labels()[0] + [
            Line2D([], [], color="0.3", marker="|", linestyle="", markersize=10,
                   label=tr("context event"))],
            loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    else:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    ax.set_yticks(list(rows.values()), [tr(org) for org in rows], fontsize=8)
    bottom = len(rows) + (0.5 if context is not None and not context.empty else -0.4)
    ax.set_ylim(bottom, -1.4)  # first organisation at the top, term labels above it
    ax.set_xlim(lo, hi)
    ax.set_xlabel(tr("Date of event"))
    ax.grid(axis="y", color="0.8", lw=0.5)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def organization_years_figure(
    events: pd.DataFrame,
    organization: str | None = None,
    start: int = 2001,
    end: int = 2024,
    figsize: tuple[float, float] = (7.0, 2.8),
) -> Figure:
    """Draw stacked bars of events per year by event type, for one organisation or all.

    Parameters
    ----------
    events : pandas.DataFrame
        A (possibly filtered) events table.
    organization : str, optional
        An organisation group (``organization_group``); ``None`` for all.
    start, end : int
        First and last year on the axis (years without events show as gaps).
    figsize : tuple of float
        Figure size in inches.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        For an unknown organisation (the message lists the allowed ones).

    Examples
    --------
    >>> fig = organization_years_figure(load_kingpin_events(), "Los Zetas")
    >>> fig.axes[0].get_title(loc="left")
    'Los Zetas: 9 events'
    """
    chosen = events if organization is None else filter_events(events,
                                                               organization=organization)
    name = "All organisations" if organization is None else chosen[
        "organization_group"].iloc[0]
    years = pd.to_datetime(chosen["date"]).dt.year
    table = pd.crosstab(years, chosen["event_type"]).reindex(
        index=range(start, end + 1), columns=list(EVENT_TYPES), fill_value=0)
    fig, ax = plt.subplots(figsize=figsize, layout="constrained")
    bottom = pd.Series(0, index=table.index)
    for kind in EVENT_TYPES:
        colour, _ = EVENT_STYLE[kind]
        some = table[kind] > 0  # draw only non-empty bars: smaller SVG on the static page
        ax.bar(table.index[some], table.loc[some, kind], bottom=bottom[some], color=colour,
               label=tr(kind), edgecolor="white", linewidth=0.5)
        bottom = bottom + table[kind]
    for t in _term_order(None)[1:]:
        ax.axvline(t.start.year + (t.start.timetuple().tm_yday - 1) / 365 - 0.5, color="0.4",
                   ls="--", lw=0.8)
    ax.set_title(tr("{name}: {n} events", name=tr(name), n=len(chosen)), fontsize=10, loc="left")
    ax.set_ylabel(tr("Events"))
    ax.set_xlim(start - 0.7, end + 0.7)
    ax.yaxis.get_major_locator().set_params(integer=True)
    # The same legend in every view, even for types with no bar.
    handles = [Patch(color=EVENT_STYLE[kind][0], label=tr(kind)) for kind in EVENT_TYPES]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False,
              fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def organization_years_alt(events: pd.DataFrame, organization: str | None = None) -> str:
    """Return a text alternative for :func:`organization_years_figure`.

    Examples
    --------
    >>> organization_years_alt(load_kingpin_events(), "Knights Templar")[:60]
    'Stacked bars of kingpin events per year for Knights Templar:'
    """
    chosen = events if organization is None else filter_events(events,
                                                               organization=organization)
    name = "all organisations" if organization is None else chosen[
        "organization_group"].iloc[0]
    years = pd.to_datetime(chosen["date"]).dt.year
    kinds = ", ".join(f"{n} {tr(k)}" for k, n in chosen["event_type"].value_counts().items())
    busiest = years.value_counts()
    return tr("Stacked bars of kingpin events per year for {name}: {n} events ({kinds}) "
              "between {first} and {last}, most in {top} ({top_n}). Dashed lines mark the "
              "start of each presidential term.", name=tr(name), n=len(chosen), kinds=kinds,
              first=years.min(), last=years.max(), top=busiest.index[0], top_n=busiest.iloc[0])


