"""Kingpin events and the context timeline: loading, filtering, counting, plotting.

The tables come from ``data/kingpin_events.csv`` and ``data/context_timeline.csv``
(pipeline family ``kingpins``). Each row of the events table is one capture,
killing, extradition, escape or release of a cartel leader or senior lieutenant;
a person can have several rows. The list is curated, not a census: counts
describe this list, not every removal the government made.

Filters take the values used in the table, spelled loosely (accents and case do
not matter) and raise :class:`ValueError` naming the allowed values otherwise.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from helpers.datapackage import read_table
from helpers.presidency import TERMS, Term, term

#: Event types, in the order used in tables.
EVENT_TYPES: tuple[str, ...] = ("captured", "killed", "extradited", "escaped", "released")
#: Event types that take a person out of the organisation: a capture or a killing.
REMOVALS: tuple[str, ...] = ("captured", "killed")
#: Roles as recorded, and the two levels they are grouped into.
ROLES: tuple[str, ...] = ("leader", "co-leader", "lieutenant", "plaza boss", "financier")
ROLE_LEVELS: tuple[str, ...] = ("leader", "lieutenant")
#: Terms the events table can fall in (its window is December 2000 to December 2024).
EVENT_TERMS: tuple[str, ...] = ("fox", "calderon", "pena_nieto", "lopez_obrador", "sheinbaum")

#: Okabe-Ito colours (colour-blind safe) and marker shapes for the event types.
EVENT_STYLE: dict[str, tuple[str, str]] = {
    "captured": ("#0072B2", "o"),
    "killed": ("#D55E00", "X"),
    "extradited": ("#009E73", "s"),
    "escaped": ("#CC79A7", "^"),
    "released": ("#E69F00", "D"),
}


def _fold(text: str) -> str:
    """Lower-case ``text`` and strip accents and punctuation for loose matching."""
    folded = unicodedata.normalize("NFKD", str(text))
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", folded.lower()).strip()


def _as_list(value: str | Iterable[str]) -> list[str]:
    if isinstance(value, str):
        return [value]
    values = list(value)
    if not values:
        raise ValueError("Give at least one value to filter on (an empty list selects nothing).")
    return values


def _match(values: str | Iterable[str], allowed: Sequence[str], what: str,
           aliases: dict[str, str] | None = None) -> list[str]:
    """Map loosely spelled ``values`` onto ``allowed``; raise naming the allowed values."""
    lookup = {_fold(a): a for a in allowed}
    for alias, target in (aliases or {}).items():
        lookup.setdefault(_fold(alias), target)
    chosen = []
    for value in _as_list(values):
        key = _fold(value)
        if key not in lookup:
            close = difflib.get_close_matches(key, list(lookup), n=3, cutoff=0.6)
            hint = f" Did you mean {', '.join(repr(lookup[c]) for c in close)}?" if close else ""
            raise ValueError(
                f"Unknown {what} {value!r}. Allowed: {', '.join(repr(a) for a in allowed)}.{hint}"
            )
        if lookup[key] not in chosen:
            chosen.append(lookup[key])
    return chosen


def _presidency_keys(values: str | Iterable[str]) -> list[str]:
    keys = [t.key for t in TERMS]
    aliases = {t.short: t.key for t in TERMS} | {t.president: t.key for t in TERMS}
    aliases |= {"AMLO": "lopez_obrador", "EPN": "pena_nieto", "Pena": "pena_nieto"}
    return _match(values, keys, "presidency", aliases)


def _as_timestamp(value: dt.date | str | pd.Timestamp, what: str) -> pd.Timestamp:
    try:
        stamp = pd.Timestamp(value)
    except (ValueError, TypeError) as err:
        raise ValueError(
            f"Cannot read {what}={value!r} as a date; give an ISO date such as '2012-12-01' "
            "or a datetime.date."
        ) from err
    if pd.isna(stamp):
        raise ValueError(f"{what} is missing; give an ISO date such as '2012-12-01'.")
    return stamp.tz_localize(None) if stamp.tzinfo else stamp


def _with_dates(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["date"] = pd.to_datetime(out["date"], format="%Y-%m-%d")
    return out


def filter_events(
    events: pd.DataFrame,
    *,
    role: str | Iterable[str] | None = None,
    organization: str | Iterable[str] | None = None,
    presidency: str | Iterable[str] | None = None,
    event_type: str | Iterable[str] | None = None,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    state_actions_only: bool = False,
) -> pd.DataFrame:
    """Return the rows of a kingpin events table that match every filter given.

    Parameters
    ----------
    events : pandas.DataFrame
        A table from :func:`load_kingpin_events`.
    role : str or list of str, optional
        ``"leader"`` or ``"lieutenant"`` (the two levels: leaders include
        co-leaders; lieutenants include plaza bosses and financiers), or any
        recorded role (``"co-leader"``, ``"plaza boss"``, ``"financier"``).
    organization : str or list of str, optional
        Organisation groups (``organization_group``), e.g. ``"Los Zetas"``.
    presidency : str or list of str, optional
        Term keys (``"calderon"``) or surnames (``"Calderón"``, ``"Peña Nieto"``).
    event_type : str or list of str, optional
        Among :data:`EVENT_TYPES`; ``"removal"`` stands for captured and killed.
    start, end : datetime.date or str, optional
        Keep events whose ``date`` is on or after ``start`` / on or before ``end``.
    state_actions_only : bool
        Drop the killings by rival gunmen (``by_rivals``).

    Returns
    -------
    pandas.DataFrame
        The matching rows, in the input order.

    Raises
    ------
    ValueError
        For an unknown value (the message lists the allowed ones), an
        unreadable date, or ``start`` after ``end``.

    Examples
    --------
    >>> ev = load_kingpin_events()
    >>> calderon = filter_events(ev, presidency="Calderón", event_type="removal",
    ...                          state_actions_only=True)
    >>> bool((calderon["presidency"] == "calderon").all())
    True
    >>> filter_events(ev, role="boss")
    Traceback (most recent call last):
    ...
    ValueError: Unknown role 'boss'. Allowed: 'leader', 'lieutenant', 'co-leader', 'plaza boss', 'financier'.
    """  # noqa: E501
    keep = pd.Series(True, index=events.index)
    if role is not None:
        allowed = list(ROLE_LEVELS) + [r for r in ROLES if r not in ROLE_LEVELS]
        chosen = _match(role, allowed, "role")
        levels = [r for r in chosen if r in ROLE_LEVELS]
        roles = [r for r in chosen if r not in ROLE_LEVELS]
        keep &= events["role_level"].isin(levels) | events["role"].isin(roles)
    if organization is not None:
        groups = sorted(events["organization_group"].dropna().unique())
        keep &= events["organization_group"].isin(_match(organization, groups, "organization"))
    if presidency is not None:
        keep &= events["presidency"].isin(_presidency_keys(presidency))
    if event_type is not None:
        types = _match(event_type, EVENT_TYPES, "event type",
                       {"removal": "removal", "removals": "removal"})
        if "removal" in types:
            types = [t for t in types if t != "removal"] + list(REMOVALS)
        keep &= events["event_type"].isin(types)
    dates = pd.to_datetime(events["date"])
    lower = _as_timestamp(start, "start") if start is not None else None
    upper = _as_timestamp(end, "end") if end is not None else None
    if lower is not None and upper is not None and lower > upper:
        raise ValueError(f"start ({lower.date()}) is after end ({upper.date()}).")
    if lower is not None:
        keep &= dates >= lower
    if upper is not None:
        keep &= dates <= upper
    if state_actions_only:
        keep &= ~events["by_rivals"].astype(bool)
    return events.loc[keep]


def load_kingpin_events(**filters) -> pd.DataFrame:
    """Load the kingpin events table, validated, with ``date`` as datetimes.

    Parameters
    ----------
    **filters
        Optional filters passed to :func:`filter_events` (``role``,
        ``organization``, ``presidency``, ``event_type``, ``start``, ``end``,
        ``state_actions_only``).

    Returns
    -------
    pandas.DataFrame
        One row per event, sorted by date. Columns are described in
        ``data/datapackage.json``; ``date`` is a ``datetime64`` column whose day
        is a placeholder when ``date_precision`` is ``month`` or ``year``.

    Examples
    --------
    >>> ev = load_kingpin_events()
    >>> len(ev)
    82
    >>> load_kingpin_events(organization="knights templar", event_type="killed")["alias"].tolist()
    ['El Chayo; El Más Loco', 'El Kike']
    """
    events = _with_dates(read_table("kingpin_events"))
    events = events.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)
    return filter_events(events, **filters) if filters else events


def load_context_timeline(
    *,
    presidency: str | Iterable[str] | None = None,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
) -> pd.DataFrame:
    """Load the context timeline (deployments, aid, policy milestones), validated.

    Parameters
    ----------
    presidency : str or list of str, optional
        Keep rows of these terms (keys or surnames).
    start, end : datetime.date or str, optional
        Keep rows whose ``date`` (first possible day) is within the bounds.

    Returns
    -------
    pandas.DataFrame
        One row per event with ``date`` as datetimes; ``date_as_given`` keeps the
        precision of the sources (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``).

    Examples
    --------
    >>> ctx = load_context_timeline(presidency="pena_nieto")
    >>> ctx["date_as_given"].iloc[0]
    '2012-12-18'
    """
    context = _with_dates(read_table("context_timeline"))
    keep = pd.Series(True, index=context.index)
    if presidency is not None:
        keep &= context["presidency"].isin(_presidency_keys(presidency))
    lower = _as_timestamp(start, "start") if start is not None else None
    upper = _as_timestamp(end, "end") if end is not None else None
    if lower is not None and upper is not None and lower > upper:
        raise ValueError(f"start ({lower.date()}) is after end ({upper.date()}).")
    if lower is not None:
        keep &= context["date"] >= lower
    if upper is not None:
        keep &= context["date"] <= upper
    return context.loc[keep].reset_index(drop=True)


def find_person(events: pd.DataFrame, who: str) -> pd.DataFrame:
    """Return the rows of a person, matched on a full name or one of the aliases.

    Matching ignores accents and case; a name matches if ``who`` is one of the
    aliases or is contained in the full name.

    Raises
    ------
    ValueError
        If nobody matches; the message suggests close names and aliases.

    Examples
    --------
    >>> find_person(load_kingpin_events(), "La Tuta")["event_id"].tolist()
    ['KP058']
    """
    key = _fold(who)
    if not key:
        raise ValueError("Give a name or an alias to look for, e.g. 'El Chapo'.")
    aliases = events["alias"].fillna("").map(lambda a: {_fold(x) for x in a.split(";")})
    names = events["name"].map(_fold)
    hits = aliases.map(lambda s: key in s) | names.map(lambda n: key in n)
    if not hits.any():
        labels = sorted(set(events["name"]) | {
            a.strip() for v in events["alias"].dropna() for a in v.split(";")})
        close = difflib.get_close_matches(who, labels, n=3, cutoff=0.5)
        hint = f" Close: {', '.join(close)}." if close else ""
        raise ValueError(f"No event concerns {who!r} (searched names and aliases).{hint}")
    return events.loc[hits]


def _term_order(keys: Iterable[str] | None) -> list[Term]:
    return [term(k) for k in (EVENT_TERMS if keys is None else _presidency_keys(list(keys)))]


def counts_by_presidency(
    events: pd.DataFrame,
    by: str = "event_type",
    presidencies: Iterable[str] | None = None,
    totals: bool = True,
) -> pd.DataFrame:
    """Count events by presidency (rows) and a second column (columns).

    Every term of ``presidencies`` gets a row even with no events, so a zero is
    visible rather than missing.

    Parameters
    ----------
    events : pandas.DataFrame
        A (possibly filtered) events table.
    by : str
        ``"event_type"``, ``"role_level"``, ``"role"`` or ``"organization_group"``.
    presidencies : iterable of str, optional
        Terms to show, in order; default :data:`EVENT_TERMS`.
    totals : bool
        Add a ``total`` column and a ``total`` row.

    Returns
    -------
    pandas.DataFrame
        Integer counts indexed by the presidents' surnames.

    Examples
    --------
    >>> table = counts_by_presidency(load_kingpin_events())
    >>> int(table.loc["total", "total"])
    82
    >>> int(table.loc["Sheinbaum", "total"])
    0
    """
    columns = {
        "event_type": list(EVENT_TYPES),
        "role_level": list(ROLE_LEVELS),
        "role": list(ROLES),
        "organization_group": sorted(events["organization_group"].dropna().unique()),
    }
    if by not in columns:
        raise ValueError(f"Cannot count by {by!r}; choose one of {', '.join(columns)}.")
    terms = _term_order(presidencies)
    outside = sorted(set(events["presidency"]) - {t.key for t in terms})
    if outside:
        raise ValueError(
            f"The events include presidencies {outside} that are not among those asked for; "
            "filter the events first or add them to `presidencies`."
        )
    table = pd.crosstab(events["presidency"], events[by])
    table = table.reindex(index=[t.key for t in terms], columns=columns[by], fill_value=0)
    table.index = [t.short for t in terms]
    table.index.name = "presidency"
    table.columns.name = by
    table = table.astype(int)
    if totals:
        table["total"] = table.sum(axis=1)
        table.loc["total"] = table.sum(axis=0)
    return table


def counts_by_year(events: pd.DataFrame, start: int = 2001, end: int = 2024) -> pd.Series:
    """Count events per calendar year, with zeros for years without events.

    Examples
    --------
    >>> int(counts_by_year(load_kingpin_events()).sum())
    82
    """
    if start > end:
        raise ValueError(f"start year {start} is after end year {end}.")
    years = pd.to_datetime(events["date"]).dt.year
    counts = years.value_counts().reindex(range(start, end + 1), fill_value=0).astype(int)
    counts.index.name = "year"
    return counts.rename("events")


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
                   label=kind)
    if context is not None and not context.empty:
        ax.plot(pd.to_datetime(context["date"]), [len(rows)] * len(context), "|", color="0.3",
                markersize=10, zorder=3)
        ax.legend(handles=ax.get_legend_handles_labels()[0] + [
            Line2D([], [], color="0.3", marker="|", linestyle="", markersize=10,
                   label="context event")],
            loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    else:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False, fontsize=8)
    ax.set_yticks(list(rows.values()), list(rows.keys()), fontsize=8)
    bottom = len(rows) + (0.5 if context is not None and not context.empty else -0.4)
    ax.set_ylim(bottom, -1.4)  # first organisation at the top, term labels above it
    ax.set_xlim(lo, hi)
    ax.set_xlabel("Date of event")
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
               label=kind, edgecolor="white", linewidth=0.5)
        bottom = bottom + table[kind]
    for t in _term_order(None)[1:]:
        ax.axvline(t.start.year + (t.start.timetuple().tm_yday - 1) / 365 - 0.5, color="0.4",
                   ls="--", lw=0.8)
    ax.set_title(f"{name}: {len(chosen)} events", fontsize=10, loc="left")
    ax.set_ylabel("Events")
    ax.set_xlim(start - 0.7, end + 0.7)
    ax.yaxis.get_major_locator().set_params(integer=True)
    # The same legend in every view, even for types with no bar.
    handles = [Patch(color=EVENT_STYLE[kind][0], label=kind) for kind in EVENT_TYPES]
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
    kinds = ", ".join(f"{n} {k}" for k, n in chosen["event_type"].value_counts().items())
    busiest = years.value_counts()
    top = busiest.index[0]
    return (f"Stacked bars of kingpin events per year for {name}: {len(chosen)} events "
            f"({kinds}) between {years.min()} and {years.max()}, most in {top} "
            f"({busiest.iloc[0]}). Dashed lines mark the start of each presidential term.")
