"""Event studies of homicides around kingpin events.

An *event study* lines up a monthly homicide series on the month of each event
(relative month 0) and looks at the months before and after. For every event
the series is expressed relative to its own pre-event mean (the average of
relative months ``-window .. -1``), and the events are then pooled by
averaging, month by month. A band around the pooled line comes from
resampling events (a bootstrap with a fixed seed) or from the standard error
of the mean across events.

This is a *descriptive* design: it shows what happened around the events,
not what would have happened without them. Two comparisons built in here make
that visible:

* ``group="comparison"`` follows, for each event, the states that had no event
  of the table in the same window, and ``group="difference"`` subtracts them;
* :func:`placebo_events` moves every event to a random month in the same state,
  so the same arithmetic can be run where nothing happened.

Months are handled as integers ``year * 12 + month - 1`` internally and shown
as ``"YYYY-MM"``.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from helpers.analysis.eventstudy.panel import (
    DEFAULT_SEED,
    MEASURES,
    UNIT_COLUMN,
    Panel,
    _check_window,
    load_panel,
    make_panel,
    month_index,
    month_label,
)
from helpers.reference.checks import check_choice

#: How each month is expressed against the event's pre-event mean.
RELATIVE: tuple[str, ...] = ("percent", "difference")
#: Which units' series are pooled.
GROUPS: tuple[str, ...] = ("event", "comparison", "difference")
#: How the band around the pooled line is computed.
INTERVALS: tuple[str, ...] = ("bootstrap", "cluster", "normal")

_COLUMNS = ["rel_month", "estimate", "lower", "upper", "n_events"]


# --------------------------------------------------------------------------- validation












# --------------------------------------------------------------------------- the panel












# --------------------------------------------------------------------------- events






def _prepare_events(events: pd.DataFrame, level: str, filters: dict) -> pd.DataFrame:
    unit = UNIT_COLUMN[level]
    need = {"event_id", "date", "date_precision", unit}
    missing = sorted(need - set(events.columns))
    if missing:
        hint = (" Add municipality codes with locate_municipalities(events), or use "
                "level='state'." if unit == "cvegeo" and missing == ["cvegeo"] else "")
        raise ValueError(f"events lacks column(s) {missing}; an event study needs "
                         f"{sorted(need)}.{hint}")
    active = {k: v for k, v in filters.items() if v is not None}
    if active:
        from helpers.data.events import filter_events

        events = filter_events(events, **active)
    if events["event_id"].duplicated().any():
        raise ValueError("events has duplicated event_id values.")
    out = events.copy()
    out[unit] = _padded_codes(out[unit], unit)
    out["date"] = _event_dates(out)
    return out


def _padded_codes(codes: pd.Series, unit: str) -> pd.Series:
    """Return unit codes as text: integer codes (as ``pd.read_csv`` gives them) are zero-padded."""
    from helpers.reference.checks import check_codes

    return check_codes(codes, unit, 2 if unit == "cve_ent" else 5)


def _event_dates(events: pd.DataFrame) -> pd.Series:
    """Return each event's date; a missing or impossible one raises naming its ``event_id``."""
    from helpers.reference.checks import check_date

    return pd.Series([check_date(d, f"date of event {e}")
                      for e, d in zip(events["event_id"], events["date"], strict=True)],
                     index=events.index, dtype="datetime64[ns]")


def _locate(events: pd.DataFrame, unit: str, panel: Panel,
            window: int) -> tuple[pd.DataFrame, list[tuple[str, str]]]:
    """Return located events with their month index, and (event_id, reason) drops."""
    dropped: list[tuple[str, str]] = []
    keep = []
    for row in events.itertuples(index=False):
        ident = row.event_id
        code = getattr(row, unit)
        precision = row.date_precision
        if precision not in ("day", "month"):
            dropped.append((ident, f"date known only to the {precision}"))
            continue
        if pd.isna(code) or str(code) == "":
            dropped.append((ident, f"no {unit} (place unknown or outside Mexico)"))
            continue
        if str(code) not in panel.values.index:
            dropped.append((ident, f"{unit} {code!r} not in the series"))
            continue
        t = int(month_index(row.date.year, row.date.month))
        if t - window < panel.first or t + window > panel.last:
            dropped.append((ident, f"window {month_label(t - window)} to "
                                   f"{month_label(t + window)} outside the series' coverage "
                                   f"({panel.coverage})"))
            continue
        keep.append({"event_id": ident, "unit": str(code), "t": t})
    return pd.DataFrame(keep, columns=["event_id", "unit", "t"]), dropped


def _relative(values: np.ndarray, window: int, relative: str) -> tuple[np.ndarray, np.ndarray]:
    pre = values[:, :window].mean(axis=1)
    if relative == "percent":
        with np.errstate(divide="ignore", invalid="ignore"):
            rel = 100.0 * (values / pre[:, None] - 1.0)
    else:
        rel = values - pre[:, None]
    return rel, pre


def _matrices(events: pd.DataFrame, panel: Panel, window: int, relative: str,
              group: str, reference: pd.DataFrame | None) -> tuple[pd.DataFrame, dict,
                                                                   list[tuple[str, str]]]:
    """Per-event values, pre-event means and relative values for one group."""
    unit = UNIT_COLUMN[panel.level]
    located, dropped = _locate(events, unit, panel, window)
    offsets = np.arange(-window, window + 1)
    array = panel.values.to_numpy()
    rows = {u: i for i, u in enumerate(panel.values.index)}
    out: dict[str, dict[str, np.ndarray]] = {}
    ref_t: dict[str, np.ndarray] = {}
    if group != "event":
        ref = reference if reference is not None else events
        ref_located = ref.dropna(subset=[unit])
        ref_located = ref_located[ref_located["date_precision"].isin(["day", "month"])]
        ref_months = month_index(ref_located["date"].dt.year, ref_located["date"].dt.month)
        ref_t = {u: np.asarray(g, dtype=int)
                 for u, g in ref_months.groupby(ref_located[unit].astype(str))}
    kept = []
    for ev in located.itertuples(index=False):
        cols = ev.t - panel.first + offsets
        parts = {}
        if group in ("event", "difference"):
            parts["event"] = array[rows[ev.unit], cols]
        if group in ("comparison", "difference"):
            busy = {u for u, ts in ref_t.items()
                    if np.any(np.abs(ts - ev.t) <= window)} | {ev.unit}
            clean = [rows[u] for u in panel.values.index if u not in busy]
            if not clean:
                dropped.append((ev.event_id, "no unit without an event in the window"))
                continue
            parts["comparison"] = array[clean][:, cols].mean(axis=0)
        out[ev.event_id] = parts
        kept.append(ev)
    located = pd.DataFrame(kept, columns=["event_id", "unit", "t"])
    mats = {}
    for part in ("event", "comparison"):
        if located.empty or part not in next(iter(out.values())):
            continue
        values = np.vstack([out[e][part] for e in located["event_id"]])
        rel, pre = _relative(values, window, relative)
        mats[part] = {"values": values, "pre": pre, "relative": rel}
    # Events whose pre-event mean is zero cannot be expressed in percent.
    if relative == "percent" and mats:
        bad = np.zeros(len(located), dtype=bool)
        for m in mats.values():
            bad |= ~(m["pre"] > 0)
        if bad.any():
            for ident in located.loc[bad, "event_id"]:
                dropped.append((ident, "pre-event mean is zero: no percent change"))
            located = located.loc[~bad].reset_index(drop=True)
            mats = {k: {n: a[~bad] for n, a in m.items()} for k, m in mats.items()}
    return located, mats, dropped


def _band(matrix: np.ndarray, interval: str, ci: float, n_boot: int, seed: int,
          units: list[str] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    estimate = matrix.mean(axis=0)
    n = matrix.shape[0]
    if n < 2:
        nan = np.full_like(estimate, np.nan)
        return estimate, nan, nan
    alpha = (1 - ci) / 2
    if interval == "cluster":
        # Resample units (states) with all their events: events in the same state share
        # months, so they are not independent draws.
        labels, codes = np.unique(np.asarray(units), return_inverse=True)
        if len(labels) < 2:
            nan = np.full_like(estimate, np.nan)
            return estimate, nan, nan
        sums = np.zeros((len(labels), matrix.shape[1]))
        np.add.at(sums, codes, matrix)
        counts = np.bincount(codes, minlength=len(labels)).astype(float)
        rng = np.random.default_rng(seed)
        draws = rng.integers(0, len(labels), size=(n_boot, len(labels)))
        means = sums[draws].sum(axis=1) / counts[draws].sum(axis=1)[:, None]
        lower, upper = np.quantile(means, [alpha, 1 - alpha], axis=0)
    elif interval == "bootstrap":
        rng = np.random.default_rng(seed)
        draws = rng.integers(0, n, size=(n_boot, n))
        means = matrix[draws].mean(axis=1)
        lower, upper = np.quantile(means, [alpha, 1 - alpha], axis=0)
    else:
        from statistics import NormalDist

        z = NormalDist().inv_cdf(1 - alpha)
        se = matrix.std(axis=0, ddof=1) / np.sqrt(n)
        lower, upper = estimate - z * se, estimate + z * se
    return estimate, lower, upper


def _setup(events, window, measure, series, level, relative, group, interval, ci, n_boot,
           panel):
    window = _check_window(window)
    measure = check_choice(measure, MEASURES, "measure")
    level = check_choice(level, UNIT_COLUMN, "level")
    relative = check_choice(relative, RELATIVE, "relative")
    group = check_choice(group, GROUPS, "group")
    interval = check_choice(interval, INTERVALS, "interval")
    if not 0 < ci < 1:
        raise ValueError(f"ci must be between 0 and 1 (e.g. 0.95), got {ci}.")
    if isinstance(n_boot, bool) or not isinstance(n_boot, int | np.integer) or n_boot < 10:
        raise ValueError(f"n_boot must be a whole number of at least 10, got {n_boot!r}.")
    if not isinstance(events, pd.DataFrame):
        raise ValueError("events must be a DataFrame such as load_kingpin_events() returns.")
    if panel is None:
        panel = load_panel(series, level, measure)
    elif isinstance(panel, pd.DataFrame):
        panel = make_panel(panel, level, measure)
    elif panel.level != level or panel.measure != measure:
        raise ValueError(f"The panel given is a {panel.level} {panel.measure} panel; "
                         f"level={level!r}, measure={measure!r} were asked for.")
    return window, measure, level, relative, group, interval, panel


def _notes(dropped: list[tuple[str, str]], n_used: int) -> list[str]:
    notes = [f"{n_used} event(s) used."]
    notes += [f"{ident} dropped: {reason}." for ident, reason in dropped]
    return notes


def event_windows(
    events: pd.DataFrame,
    window: int = 12,
    measure: str = "rate",
    series: str = "inegi_occurrence",
    level: str = "state",
    *,
    relative: str = "percent",
    group: str = "event",
    reference: pd.DataFrame | None = None,
    panel: Panel | pd.DataFrame | None = None,
    **filters,
) -> pd.DataFrame:
    """Return each event's window: the series, its pre-event mean and the relative value.

    Parameters are those of :func:`event_study` (``group`` may be ``"event"``
    or ``"comparison"``).

    Returns
    -------
    pandas.DataFrame
        One row per event and relative month: ``event_id``, ``unit``,
        ``event_month`` (``"YYYY-MM"``), ``rel_month``, ``month``
        (``"YYYY-MM"``), ``value`` (rate or count), ``pre_mean`` (mean of
        relative months ``-window..-1``) and ``relative`` (percent change or
        difference from ``pre_mean``). ``attrs["notes"]`` lists dropped events.

    Examples
    --------
    >>> long = pd.DataFrame({"cve_ent": "01", "year": 2010, "month": range(1, 6),
    ...                      "homicides": [2, 4, 6, 9, 9]})
    >>> ev = pd.DataFrame({"event_id": ["E1"], "date": ["2010-03-15"],
    ...                    "date_precision": ["day"], "cve_ent": ["01"]})
    >>> w = event_windows(ev, window=2, measure="count", panel=long)
    >>> w[["rel_month", "value", "pre_mean", "relative"]].to_numpy().tolist()[2]
    [0.0, 6.0, 3.0, 100.0]
    """
    if group == "difference":
        raise ValueError("event_windows shows one group at a time: use group='event' or "
                         "'comparison' (event_study computes the difference).")
    window, measure, level, relative, group, _, panel = _setup(
        events, window, measure, series, level, relative, group, "bootstrap", 0.95, 10, panel)
    prepared = _prepare_events(events, level, filters)
    reference = _prepare_events(events if reference is None else reference, level, {})
    located, mats, dropped = _matrices(prepared, panel, window, relative, group, reference)
    offsets = np.arange(-window, window + 1)
    frames = []
    if not located.empty:
        m = mats[group]
        for i, ev in enumerate(located.itertuples(index=False)):
            frames.append(pd.DataFrame({
                "event_id": ev.event_id, "unit": ev.unit, "event_month": month_label(ev.t),
                "rel_month": offsets, "month": [month_label(ev.t + k) for k in offsets],
                "value": m["values"][i], "pre_mean": m["pre"][i], "relative": m["relative"][i],
            }))
    columns = ["event_id", "unit", "event_month", "rel_month", "month", "value", "pre_mean",
               "relative"]
    result = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)
    result.attrs["notes"] = _notes(dropped, len(located))
    return result


def _pooled(events, window, measure, series, level, relative, group, reference, interval, ci,
            n_boot, panel, filters):
    """Validate, locate and return the per-event relative matrix with its notes."""
    window, measure, level, relative, group, interval, panel = _setup(
        events, window, measure, series, level, relative, group, interval, ci, n_boot, panel)
    filters = dict(filters)
    filters["state_actions_only"] = filters.get("state_actions_only") or None
    prepared = _prepare_events(events, level, filters)
    reference = _prepare_events(events if reference is None else reference, level, {})
    located, mats, dropped = _matrices(prepared, panel, window, relative, group, reference)
    notes = _notes(dropped, len(located))
    if located.empty:
        raise ValueError("No event left to pool. " + " ".join(notes[1:] or
                         ["The filters selected no event."]))
    if group == "difference":
        matrix = mats["event"]["relative"] - mats["comparison"]["relative"]
        pre = mats["event"]["pre"]
    else:
        matrix = mats[group]["relative"]
        pre = mats[group]["pre"]
    attrs = {
        "notes": notes, "event_ids": located["event_id"].tolist(),
        "units": located["unit"].tolist(),
        "pre_mean": float(np.mean(pre)), "window": window, "measure": measure,
        "relative": relative, "group": group, "level": level,
        "coverage": panel.coverage, "interval": interval, "ci": ci,
    }
    return matrix, attrs


def event_study(
    events: pd.DataFrame,
    window: int = 12,
    measure: str = "rate",
    series: str = "inegi_occurrence",
    level: str = "state",
    *,
    relative: str = "percent",
    group: str = "event",
    reference: pd.DataFrame | None = None,
    interval: str = "bootstrap",
    ci: float = 0.95,
    n_boot: int = 500,
    seed: int = DEFAULT_SEED,
    panel: Panel | pd.DataFrame | None = None,
    role: str | Iterable[str] | None = None,
    organization: str | Iterable[str] | None = None,
    presidency: str | Iterable[str] | None = None,
    event_type: str | Iterable[str] | None = None,
    actor: str | Iterable[str] | None = None,
    state_actions_only: bool | None = None,
) -> pd.DataFrame:
    """Pool homicides around events, month by month, relative to each pre-event mean.

    For each event the monthly series of its unit (state) is taken from
    ``window`` months before to ``window`` months after the event month
    (relative month 0). Each month is expressed against the mean of the
    ``window`` pre-event months: as a percent change (``relative="percent"``)
    or as a difference (``relative="difference"``, in rate or count units).
    The pooled estimate is the average over events.

    Parameters
    ----------
    events : pandas.DataFrame
        Events with ``event_id``, ``date``, ``date_precision`` and the unit
        column (``cve_ent``), e.g. :func:`helpers.data.load_kingpin_events`.
    window : int
        Months on each side of the event, 1 to :data:`MAX_WINDOW`.
    measure : {"rate", "count"}
        Homicides per 100,000 a year (annualised monthly rate) or counts.
    series : str
        A homicide series with monthly data at ``level`` (see
        :data:`helpers.reference.series.SERIES`); default INEGI microdata by date of
        occurrence.
    level : {"state", "municipality"}
        Municipal windows need a ``cvegeo`` column in ``events``: add it with
        :func:`locate_municipalities` (events without a named municipality are
        dropped with a note).
    relative : {"percent", "difference"}
        How each month is compared with the pre-event mean.
    group : {"event", "comparison", "difference"}
        ``"event"``: the units where the events happened. ``"comparison"``:
        for each event, the average of the units with no event of
        ``reference`` within ``window`` months of it. ``"difference"``: event
        minus comparison, event by event.
    reference : pandas.DataFrame, optional
        Events that disqualify a unit from the comparison group (default: all
        of ``events`` before the filters below).
    interval : {"bootstrap", "cluster", "normal"}
        Band: percentile bootstrap over events; percentile bootstrap over
        units (``"cluster"``: a state's events are drawn together, which
        respects the overlap of windows in the same state); or mean +/- z
        standard errors across events.
    ci : float
        Coverage of the band, between 0 and 1.
    n_boot : int
        Bootstrap resamples (at least 10).
    seed : int
        Seed of the bootstrap; the same seed gives the same band.
    panel : Panel or pandas.DataFrame, optional
        The monthly series to use instead of loading ``series`` from ``data/``
        (a long table as :func:`make_panel` takes, or a :class:`Panel`).
    role, organization, presidency, event_type, actor, state_actions_only : optional
        Filters passed to :func:`helpers.data.filter_events` (removals default
        to the Mexican state's own; ``state_actions_only`` is a deprecated alias
        of ``actor="mexican_state"``).

    Returns
    -------
    pandas.DataFrame
        One row per relative month, ``-window..window``: ``rel_month``,
        ``estimate``, ``lower``, ``upper``, ``n_events``. ``attrs`` holds
        ``notes`` (events used and dropped with the reason), ``event_ids``,
        ``pre_mean`` (average pre-event level over events) and the settings.

    Raises
    ------
    ValueError
        For a bad parameter (the message lists the allowed values), events
        without the needed columns, or no event left to pool.

    Examples
    --------
    Two states, one event each; state "01" doubles after its event, "02" does
    not change:

    >>> long = pd.DataFrame({"cve_ent": ["01"] * 5 + ["02"] * 5, "year": 2010,
    ...                      "month": list(range(1, 6)) * 2,
    ...                      "homicides": [10, 10, 20, 20, 20, 5, 5, 5, 5, 5]})
    >>> ev = pd.DataFrame({"event_id": ["A", "B"], "date": ["2010-03-01", "2010-03-20"],
    ...                    "date_precision": ["day", "month"], "cve_ent": ["01", "02"]})
    >>> es = event_study(ev, window=2, measure="count", panel=long, n_boot=50)
    >>> es["estimate"].tolist()
    [0.0, 0.0, 50.0, 50.0, 50.0]
    >>> int(es["n_events"].iloc[0])
    2
    """
    filters = {"role": role, "organization": organization, "presidency": presidency,
               "event_type": event_type, "actor": actor,
               "state_actions_only": state_actions_only}
    matrix, attrs = _pooled(events, window, measure, series, level, relative, group, reference,
                            interval, ci, n_boot, panel, filters)
    window = attrs["window"]
    estimate, lower, upper = _band(matrix, attrs["interval"], ci, n_boot, seed,
                                   attrs["units"])
    result = pd.DataFrame({
        "rel_month": np.arange(-window, window + 1),
        "estimate": estimate, "lower": lower, "upper": upper,
        "n_events": np.full(2 * window + 1, matrix.shape[0], dtype="int64"),
    })
    result.attrs.update(attrs)
    return result


def post_event_change(
    events: pd.DataFrame,
    months: tuple[int, int] = (1, 6),
    window: int = 12,
    measure: str = "rate",
    series: str = "inegi_occurrence",
    level: str = "state",
    *,
    relative: str = "percent",
    group: str = "event",
    reference: pd.DataFrame | None = None,
    interval: str = "bootstrap",
    ci: float = 0.95,
    n_boot: int = 500,
    seed: int = DEFAULT_SEED,
    panel: Panel | pd.DataFrame | None = None,
    **filters,
) -> pd.Series:
    """Average relative change over post-event months ``months[0]..months[1]``.

    Each event's relative values (see :func:`event_study`) are averaged over
    the chosen post-event months, then pooled over events with a percentile
    bootstrap band (over events, or over units with ``interval="cluster"``).
    Parameters are those of :func:`event_study`.

    Returns
    -------
    pandas.Series
        ``estimate``, ``lower``, ``upper``, ``n_events``; ``attrs`` as in
        :func:`event_study`.

    Examples
    --------
    >>> long = pd.DataFrame({"cve_ent": ["01"] * 5, "year": 2010, "month": range(1, 6),
    ...                      "homicides": [10, 10, 20, 30, 10]})
    >>> ev = pd.DataFrame({"event_id": ["A"], "date": ["2010-03-01"],
    ...                    "date_precision": ["day"], "cve_ent": ["01"]})
    >>> ch = post_event_change(ev, months=(1, 2), window=2, measure="count", panel=long)
    >>> float(ch["estimate"]), int(ch["n_events"])
    (100.0, 1)
    """
    window = _check_window(window)
    if (not isinstance(months, tuple | list) or len(months) != 2
            or not 0 <= months[0] <= months[1] <= window):
        raise ValueError(f"months must be (first, last) with 0 <= first <= last <= window "
                         f"({window}), got {months!r}.")
    if interval not in ("bootstrap", "cluster"):
        raise ValueError(f"Unknown interval {interval!r} for post_event_change; use one of: "
                         "'bootstrap', 'cluster'.")
    matrix, attrs = _pooled(events, window, measure, series, level, relative, group, reference,
                            interval, ci, n_boot, panel, filters)
    averages = matrix[:, window + months[0]:window + months[1] + 1].mean(axis=1, keepdims=True)
    estimate, lower, upper = _band(averages, interval, ci, n_boot, seed, attrs["units"])
    result = pd.Series({"estimate": float(estimate[0]), "lower": float(lower[0]),
                        "upper": float(upper[0]), "n_events": int(matrix.shape[0])})
    result.attrs.update(attrs)
    return result




# --------------------------------------------------------------------------- figure



