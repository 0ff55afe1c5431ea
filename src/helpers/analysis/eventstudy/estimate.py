"""Event windows around each event, pooled month by month, with a band.

For every event the series is expressed relative to its own pre-event mean
(relative months ``-window .. -1``), then events are pooled by averaging month
by month. The band comes from resampling events (a bootstrap with a fixed seed)
or from the standard error of the mean. ``group="comparison"`` follows states
without an event in the same window, and ``group="difference"`` subtracts them.
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
from helpers.reference.checks import check_choice, check_finite, check_integer

#: How each month is expressed against the event's pre-event mean.
RELATIVE: tuple[str, ...] = ("percent", "difference")
#: Which units' series are pooled.
GROUPS: tuple[str, ...] = ("event", "comparison", "difference")
#: How the band around the pooled line is computed.
INTERVALS: tuple[str, ...] = ("bootstrap", "cluster", "normal")
#: How events are pooled: the mean of their percent changes, or the ratio of sums
#: (the events' summed values over their summed pre-event means, minus one).
POOLING: tuple[str, ...] = ("mean", "ratio")
#: Fewest events (units, with ``interval="cluster"``) a band is drawn from.
MIN_BAND_EVENTS = 5

_COLUMNS = ["rel_month", "estimate", "lower", "upper", "n_events"]


# --------------------------------------------------------------------------- validation












# --------------------------------------------------------------------------- the panel












# --------------------------------------------------------------------------- events






def _prepare_events(events: pd.DataFrame, level: str, filters: dict) -> pd.DataFrame:
    unit = UNIT_COLUMN[level]
    need = {"event_id", "date", "date_precision", unit}
    missing = sorted(need - set(events.columns))
    if missing:
        hint = (" load_kingpin_events() gives each event its municipality code; for a "
                "table without one use level='state'." if unit == "cvegeo"
                and missing == ["cvegeo"] else "")
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


def _terms(mats: dict, group: str, pooling: str) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """Return ``(sign, numerator, denominator)`` per part, so that a pooled path is a ratio of sums.

    Pooling by the mean is the ratio of the summed relative values to the number of
    events; pooling by the ratio of sums divides the summed values by the summed
    pre-event means. ``group="difference"`` subtracts the comparison's path.
    """
    parts = ("event", "comparison") if group == "difference" else (group,)
    terms = []
    for sign, part in zip((1, -1), parts, strict=False):
        m = mats[part]
        if pooling == "mean":
            terms.append((sign, m["relative"], np.ones((len(m["pre"]), 1))))
        else:
            terms.append((sign, m["values"], m["pre"][:, None]))
    return terms


def _path(terms: list, weights: np.ndarray, pooling: str) -> np.ndarray:
    """Pooled path for each row of ``weights`` (how often each event is drawn)."""
    total = 0.0
    for sign, numerator, denominator in terms:
        ratio = (weights @ numerator) / (weights @ denominator)
        total = total + sign * (100.0 * (ratio - 1.0) if pooling == "ratio" else ratio)
    return total


def _band(terms: list, pooling: str, functional: np.ndarray, interval: str, ci: float,
          n_boot: int, seed: int, units: list[str], min_events: int
          ) -> tuple[np.ndarray, np.ndarray, np.ndarray, str | None]:
    """Estimate and band of ``pooled path @ functional``; a note when no band is drawn."""
    n = terms[0][1].shape[0]
    estimate = (_path(terms, np.ones((1, n)), pooling) @ functional)[0]
    nan = np.full_like(estimate, np.nan)
    labels, codes = np.unique(np.asarray(units), return_inverse=True)
    drawn, what = (len(labels), "unit") if interval == "cluster" else (n, "event")
    if drawn < min_events:
        return estimate, nan, nan, (f"No band: {drawn} {what}{'s' if drawn != 1 else ''} "
                                    f"(a band needs at least {min_events}).")
    alpha = (1 - ci) / 2
    if interval == "normal":
        from statistics import NormalDist

        z = NormalDist().inv_cdf(1 - alpha)
        per_event = sum(sign * numerator for sign, numerator, _ in terms) @ functional
        se = per_event.std(axis=0, ddof=1) / np.sqrt(n)
        return estimate, estimate - z * se, estimate + z * se, None
    rng = np.random.default_rng(seed)
    rows = np.arange(n_boot)[:, None]
    if interval == "cluster":
        # Resample units (states) with all their events: events in the same state share
        # months, so they are not independent draws.
        draws = rng.integers(0, len(labels), size=(n_boot, len(labels)))
        per_unit = np.zeros((n_boot, len(labels)))
        np.add.at(per_unit, (rows, draws), 1.0)
        weights = per_unit[:, codes]
    else:
        draws = rng.integers(0, n, size=(n_boot, n))
        weights = np.zeros((n_boot, n))
        np.add.at(weights, (rows, draws), 1.0)
    stats = _path(terms, weights, pooling) @ functional
    lower, upper = np.quantile(stats, [alpha, 1 - alpha], axis=0)
    return estimate, lower, upper, None


def _setup(events, window, measure, series, level, relative, group, interval, ci, n_boot,
           panel, pooling="mean", min_events=MIN_BAND_EVENTS):
    window = _check_window(window)
    pooling = check_choice(pooling, POOLING, "pooling")
    check_integer(min_events, "min_events", minimum=2)
    if pooling == "ratio" and relative != "percent":
        raise ValueError("pooling='ratio' compares summed values with summed pre-event means "
                         "in percent; use relative='percent' (with relative='difference' the "
                         "mean of the differences is already the difference of the sums).")
    if pooling == "ratio" and interval == "normal":
        raise ValueError("interval='normal' is the standard error of a mean across events; "
                         "with pooling='ratio' use interval='bootstrap' or 'cluster'.")
    measure = check_choice(measure, MEASURES, "measure")
    level = check_choice(level, UNIT_COLUMN, "level")
    relative = check_choice(relative, RELATIVE, "relative")
    group = check_choice(group, GROUPS, "group")
    interval = check_choice(interval, INTERVALS, "interval")
    if not 0 < check_finite(ci, "ci") < 1:
        raise ValueError(f"ci must be between 0 and 1 (e.g. 0.95), got {ci}.")
    check_integer(n_boot, "n_boot", minimum=10)
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
            n_boot, panel, filters, pooling="mean", min_events=MIN_BAND_EVENTS):
    """Validate, locate and return the pooling terms (see :func:`_terms`) with the attrs."""
    window, measure, level, relative, group, interval, panel = _setup(
        events, window, measure, series, level, relative, group, interval, ci, n_boot, panel,
        pooling, min_events)
    filters = dict(filters)
    filters["state_actions_only"] = filters.get("state_actions_only") or None
    prepared = _prepare_events(events, level, filters)
    reference = _prepare_events(events if reference is None else reference, level, {})
    located, mats, dropped = _matrices(prepared, panel, window, relative, group, reference)
    notes = _notes(dropped, len(located))
    if located.empty:
        raise ValueError("No event left to pool. " + " ".join(notes[1:] or
                         ["The filters selected no event."]))
    pre = mats["event" if group == "difference" else group]["pre"]
    attrs = {
        "notes": notes, "event_ids": located["event_id"].tolist(),
        "units": located["unit"].tolist(),
        "pre_mean": float(np.mean(pre)), "window": window, "measure": measure,
        "relative": relative, "group": group, "level": level,
        "coverage": panel.coverage, "interval": interval, "ci": ci, "pooling": pooling,
    }
    return _terms(mats, group, pooling), attrs


def _finish(terms: list, attrs: dict, functional: np.ndarray, ci: float, n_boot: int,
            seed: int, min_events: int):
    """Estimate and band of a linear functional of the pooled path; record a missing band."""
    estimate, lower, upper, note = _band(terms, attrs["pooling"], functional, attrs["interval"],
                                         ci, n_boot, seed, attrs["units"], min_events)
    attrs["band"] = note is None
    if note:
        attrs["notes"] = [*attrs["notes"], note]
    return estimate, lower, upper


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
    pooling: str = "mean",
    ci: float = 0.95,
    n_boot: int = 500,
    seed: int = DEFAULT_SEED,
    min_events: int = MIN_BAND_EVENTS,
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
    The pooled estimate is the average over events (``pooling="mean"``) or the
    ratio of sums (``pooling="ratio"``): ``100 * (sum of the events' values /
    sum of their pre-event means - 1)``, which weights each event by its
    pre-event level, so that a volatile month in a state with few homicides
    cannot dominate.

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
        Municipal windows use the ``cvegeo`` column of ``events`` (set by the
        pipeline; events without a named municipality are dropped with a
        note).
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
        standard errors across events (``pooling="mean"`` only).
    pooling : {"mean", "ratio"}
        Average of the events' percent changes, or ratio of sums (see above).
    ci : float
        Coverage of the band, between 0 and 1.
    n_boot : int
        Bootstrap resamples (at least 10).
    seed : int
        Seed of the bootstrap; the same seed gives the same band.
    min_events : int
        Fewest events (units, with ``interval="cluster"``) to draw a band from
        (default :data:`MIN_BAND_EVENTS`); with fewer, ``lower`` and ``upper``
        are missing and ``attrs["notes"]`` says why.
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
        ``pre_mean`` (average pre-event level over events), ``band`` (False
        when too few events for a band) and the settings.

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
    >>> es.attrs["notes"][-1]  # two events are too few for a band
    'No band: 2 events (a band needs at least 5).'

    Weighted by their pre-event levels (10 and 5), the two events give
    ``100 * ((20 + 5) / (10 + 5) - 1)``:

    >>> ratio = event_study(ev, window=2, measure="count", panel=long, pooling="ratio")
    >>> round(float(ratio["estimate"].iloc[-1]), 1)
    66.7
    """
    filters = {"role": role, "organization": organization, "presidency": presidency,
               "event_type": event_type, "actor": actor,
               "state_actions_only": state_actions_only}
    terms, attrs = _pooled(events, window, measure, series, level, relative, group, reference,
                           interval, ci, n_boot, panel, filters, pooling, min_events)
    window = attrs["window"]
    n = terms[0][1].shape[0]
    estimate, lower, upper = _finish(terms, attrs, np.eye(2 * window + 1), ci, n_boot, seed,
                                     min_events)
    result = pd.DataFrame({
        "rel_month": np.arange(-window, window + 1),
        "estimate": estimate, "lower": lower, "upper": upper,
        "n_events": np.full(2 * window + 1, n, dtype="int64"),
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
    pooling: str = "mean",
    ci: float = 0.95,
    n_boot: int = 500,
    seed: int = DEFAULT_SEED,
    min_events: int = MIN_BAND_EVENTS,
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
    terms, attrs = _pooled(events, window, measure, series, level, relative, group, reference,
                           interval, ci, n_boot, panel, filters, pooling, min_events)
    functional = np.zeros((2 * window + 1, 1))
    functional[window + months[0]:window + months[1] + 1] = 1.0 / (months[1] - months[0] + 1)
    return _summary(terms, attrs, functional, ci, n_boot, seed, min_events)


def _summary(terms, attrs, functional, ci, n_boot, seed, min_events) -> pd.Series:
    estimate, lower, upper = _finish(terms, attrs, functional, ci, n_boot, seed, min_events)
    result = pd.Series({"estimate": float(estimate[0]), "lower": float(lower[0]),
                        "upper": float(upper[0]), "n_events": int(terms[0][1].shape[0])})
    result.attrs.update(attrs)
    return result


def pre_trend(
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
    pooling: str = "mean",
    ci: float = 0.95,
    n_boot: int = 500,
    seed: int = DEFAULT_SEED,
    min_events: int = MIN_BAND_EVENTS,
    panel: Panel | pd.DataFrame | None = None,
    **filters,
) -> pd.Series:
    """Slope of the pooled line over the pre-event months ``-window..-1``: a pre-trend test.

    Each month is compared with the pre-event mean, so the pre-event months
    average zero by construction; what an event study needs is that they are
    *flat*. The least-squares slope of the pooled line over months
    ``-window..-1`` measures that, in points (percent, or rate/count units
    with ``relative="difference"``) per month, with a bootstrap band over
    events. A band that excludes zero means the series was already moving
    before the events. Parameters are those of :func:`event_study`.

    Returns
    -------
    pandas.Series
        ``estimate`` (slope per month), ``lower``, ``upper``, ``n_events``;
        ``attrs`` as in :func:`event_study`.

    Examples
    --------
    One state rising by one homicide a month (10, 11, ... before its event):

    >>> long = pd.DataFrame({"cve_ent": "01", "year": 2010, "month": range(1, 8),
    ...                      "homicides": [10, 11, 12, 13, 14, 15, 16]})
    >>> ev = pd.DataFrame({"event_id": ["A"], "date": ["2010-04-01"],
    ...                    "date_precision": ["day"], "cve_ent": ["01"]})
    >>> trend = pre_trend(ev, window=3, measure="count", panel=long, relative="difference")
    >>> float(trend["estimate"]), bool(trend.attrs["band"])
    (1.0, False)
    """
    window = _check_window(window)
    if window < 2:
        raise ValueError(f"window must be at least 2 months for a pre-event slope, got {window}.")
    terms, attrs = _pooled(events, window, measure, series, level, relative, group, reference,
                           interval, ci, n_boot, panel, filters, pooling, min_events)
    x = np.arange(-window, 0, dtype=float)
    functional = np.zeros((2 * window + 1, 1))
    functional[:window, 0] = (x - x.mean()) / ((x - x.mean()) ** 2).sum()
    return _summary(terms, attrs, functional, ci, n_boot, seed, min_events)




# --------------------------------------------------------------------------- figure



