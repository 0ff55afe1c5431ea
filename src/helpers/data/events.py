"""Kingpin events and the context timeline: loading, filtering and finding people.

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
from collections.abc import Iterable, Sequence

import pandas as pd

from helpers.data.datapackage import read_table
from helpers.reference.checks import check_bool, check_frame
from helpers.reference.presidency import TERMS
from helpers.reference.text import fold

#: Event types, in the order used in tables.
EVENT_TYPES: tuple[str, ...] = ("captured", "killed", "extradited", "escaped", "released")


#: Event types that take a person out of the organisation: a capture or a killing.
REMOVALS: tuple[str, ...] = ("captured", "killed")


#: Who carried out an event (column ``actor``, set by the pipeline).
ACTORS: tuple[str, ...] = ("mexican_state", "us_authorities", "rivals", "other")


#: The actor whose removals the book counts unless told otherwise.
DEFAULT_ACTOR = "mexican_state"


#: Roles as recorded, and the two levels they are grouped into.
ROLES: tuple[str, ...] = ("leader", "co-leader", "lieutenant", "plaza boss", "financier")


ROLE_LEVELS: tuple[str, ...] = ("leader", "lieutenant")


#: Terms the events table can fall in (its window is December 2000 to December 2024).
EVENT_TERMS: tuple[str, ...] = ("fox", "calderon", "pena_nieto", "lopez_obrador", "sheinbaum")


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
    lookup = {fold(a): a for a in allowed}
    for alias, target in (aliases or {}).items():
        lookup.setdefault(fold(alias), target)
    chosen = []
    for value in _as_list(values):
        key = fold(value)
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
    is_datetime64 = getattr(getattr(value, "dtype", None), "kind", "") == "M"
    if not (isinstance(value, str | dt.date) or is_datetime64):
        raise ValueError(
            f"{what}={value!r} is not a date (type {type(value).__name__}); give an ISO date "
            "such as '2012-12-01' (a year alone is not read as a date) or a datetime.date."
        )
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


def _filter_columns(role: object, organization: object, presidency: object,
                    event_type: object) -> list[str]:
    """Columns of the events table that the filters asked for read."""
    wanted = {"role_level": role, "organization_group": organization,
              "presidency": presidency, "event_type": event_type}
    return ["date"] + [c for c, v in wanted.items() if v is not None] + (
        ["role"] if role is not None else [])


def _known_groups() -> list[str]:
    """Every organisation group of the full table (so a subset's filter knows them all)."""
    return sorted(read_table("kingpin_events")["organization_group"].dropna().unique())


def filter_events(
    events: pd.DataFrame,
    *,
    role: str | Iterable[str] | None = None,
    organization: str | Iterable[str] | None = None,
    presidency: str | Iterable[str] | None = None,
    event_type: str | Iterable[str] | None = None,
    start: dt.date | str | None = None,
    end: dt.date | str | None = None,
    actor: str | Iterable[str] | None = None,
    state_actions_only: bool = False,
) -> pd.DataFrame:
    """Return the rows of a kingpin events table that match every filter given.

    ``event_type="removal"`` means a leader taken out of his organisation *by the
    Mexican state*: a capture or killing whose ``actor`` is ``mexican_state``
    (unless ``actor`` says otherwise), never a capture undone the same day
    (``released_same_day``, Ovidio Guzmán in Culiacán on 17 October 2019).

    One rule for the actor, whichever way captures and killings are asked for:
    when ``event_type`` names ``"removal"``, ``"captured"`` or ``"killed"`` and
    ``actor`` is not given, the captures and killings kept are the Mexican
    state's own (no killings by rivals, no arrests by U.S. authorities); rows of
    the other types asked for (extraditions, escapes, releases) keep every
    actor. Pass ``actor="all"`` for everyone's captures and killings, or an
    actor to keep only that actor's rows of every type. Without ``event_type``
    no actor is dropped. ``"captured"`` keeps a capture released the same day
    (it happened); ``"removal"`` leaves it out (nobody was removed).

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
        Among :data:`EVENT_TYPES`; ``"removal"`` stands for captured and killed,
        without the captures released the same day.
    start, end : datetime.date or str, optional
        Keep events whose ``date`` is on or after ``start`` / on or before ``end``.
    actor : str or list of str, optional
        Among :data:`ACTORS` (``"mexican_state"``, ``"us_authorities"``,
        ``"rivals"``, ``"other"``), or ``"all"``. Default: captures and killings
        are the Mexican state's own when ``event_type`` asks for them
        (``"removal"``, ``"captured"`` or ``"killed"``); every actor otherwise.
    state_actions_only : bool
        Deprecated alias of ``actor="mexican_state"``, kept for one release.

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
    >>> calderon = filter_events(ev, presidency="Calderón", event_type="removal")
    >>> sorted(set(calderon["actor"]))
    ['mexican_state']
    >>> len(filter_events(ev, event_type="removal", actor="all")) > len(filter_events(
    ...     ev, event_type="removal"))
    True
    >>> sorted(set(filter_events(ev, event_type="killed")["actor"]))
    ['mexican_state']
    >>> sorted(set(filter_events(ev, event_type="killed", actor="all")["actor"]))
    ['mexican_state', 'rivals']
    >>> filter_events(ev, role="boss")
    Traceback (most recent call last):
    ...
    ValueError: Unknown role 'boss'. Allowed: 'leader', 'lieutenant', 'co-leader', 'plaza boss', 'financier'.
    """  # noqa: E501
    check_frame(events, "events", _filter_columns(role, organization, presidency, event_type),
                non_empty=False)
    state_actions_only = check_bool(state_actions_only, "state_actions_only")
    if state_actions_only:
        if actor not in (None, DEFAULT_ACTOR):
            raise ValueError(
                f"state_actions_only=True means actor={DEFAULT_ACTOR!r}; it cannot be "
                f"combined with actor={actor!r}. Give actor alone."
            )
        actor = DEFAULT_ACTOR
    keep = pd.Series(True, index=events.index)
    removals_asked = False  # captures or killings asked for, under any name
    if role is not None:
        allowed = list(ROLE_LEVELS) + [r for r in ROLES if r not in ROLE_LEVELS]
        chosen = _match(role, allowed, "role")
        levels = [r for r in chosen if r in ROLE_LEVELS]
        roles = [r for r in chosen if r not in ROLE_LEVELS]
        keep &= events["role_level"].isin(levels) | events["role"].isin(roles)
    if organization is not None:
        groups = sorted(set(_known_groups()) | set(events["organization_group"].dropna()))
        keep &= events["organization_group"].isin(_match(organization, groups, "organization"))
    if presidency is not None:
        keep &= events["presidency"].isin(_presidency_keys(presidency))
    if event_type is not None:
        types = _match(event_type, EVENT_TYPES, "event type",
                       {"removal": "removal", "removals": "removal"})
        if "removal" in types:
            types = [t for t in types if t != "removal"] + list(REMOVALS)
            keep &= ~(events["event_type"].isin(REMOVALS)
                      & events["released_same_day"].fillna(False).astype(bool))
        removals_asked = any(t in REMOVALS for t in types)
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
    if actor is None and removals_asked:
        # The default actor applies to captures and killings only (see above).
        keep &= ~events["event_type"].isin(REMOVALS) | (events["actor"] == DEFAULT_ACTOR)
    elif actor is not None:
        actors = _match(actor, (*ACTORS, "all"), "actor")
        if "all" not in actors:
            keep &= events["actor"].isin(actors)
    return events.loc[keep]


def load_kingpin_events(**filters) -> pd.DataFrame:
    """Load the kingpin events table, validated, with ``date`` as datetimes.

    Parameters
    ----------
    **filters
        Optional filters passed to :func:`filter_events` (``role``,
        ``organization``, ``presidency``, ``event_type``, ``start``, ``end``,
        ``actor``).

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
    if not isinstance(who, str):
        raise TypeError(f"who={who!r} is not text (type {type(who).__name__}); give a name or "
                        "an alias, e.g. 'El Chapo'.")
    key = fold(who)
    if not key:
        raise ValueError("Give a name or an alias to look for, e.g. 'El Chapo'.")
    aliases = events["alias"].fillna("").map(lambda a: {fold(x) for x in a.split(";")})
    names = events["name"].map(fold)
    hits = aliases.map(lambda s: key in s) | names.map(lambda n: key in n)
    if not hits.any():
        labels = sorted(set(events["name"]) | {
            a.strip() for v in events["alias"].dropna() for a in v.split(";")})
        close = difflib.get_close_matches(who, labels, n=3, cutoff=0.5)
        hint = f" Close: {', '.join(close)}." if close else ""
        raise ValueError(f"No event concerns {who!r} (searched names and aliases).{hint}")
    return events.loc[hits]


