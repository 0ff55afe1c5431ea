"""Counts of kingpin events by presidential term and by year (from a loaded events table)."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.data.events import (
    DEFAULT_ACTOR,
    EVENT_TERMS,
    EVENT_TYPES,
    ROLE_LEVELS,
    ROLES,
    _presidency_keys,
    filter_events,
)
from helpers.reference.presidency import Term, term


def _term_order(keys: Iterable[str] | None) -> list[Term]:
    return [term(k) for k in (EVENT_TERMS if keys is None else _presidency_keys(list(keys)))]


def counts_by_presidency(
    events: pd.DataFrame,
    by: str = "event_type",
    presidencies: Iterable[str] | None = None,
    totals: bool = True,
    actor: str | Iterable[str] = DEFAULT_ACTOR,
) -> pd.DataFrame:
    """Count events by presidency (rows) and a second column (columns).

    Every term of ``presidencies`` gets a row even with no events, so a zero is
    visible rather than missing. By default only the Mexican state's own events
    are counted (``actor="mexican_state"``): no killings by rivals, no arrests by
    U.S. authorities, no escapes; ``actor="all"`` counts every row.

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
    actor : str or list of str
        Actors to count (see :data:`helpers.data.events.ACTORS`), or ``"all"``.

    Returns
    -------
    pandas.DataFrame
        Integer counts indexed by the presidents' surnames.

    Examples
    --------
    >>> table = counts_by_presidency(load_kingpin_events(), actor="all")
    >>> int(table.loc["total", "total"])
    82
    >>> int(counts_by_presidency(load_kingpin_events()).loc["total", "total"])
    75
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
    events = filter_events(events, actor=actor)
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






