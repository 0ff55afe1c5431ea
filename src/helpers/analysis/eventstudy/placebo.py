"""Placebo dates: the same events moved to random months in the same unit.

Running the event study on placebo dates shows what its arithmetic gives where
nothing happened; the difference with the real events is the part a
descriptive design can attribute to timing at all.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from helpers.analysis.eventstudy.estimate import _locate, _prepare_events
from helpers.analysis.eventstudy.panel import (
    DEFAULT_SEED,
    UNIT_COLUMN,
    Panel,
    _check_window,
    load_panel,
    make_panel,
)
from helpers.reference.checks import check_choice, check_integer


def placebo_events(
    events: pd.DataFrame,
    window: int = 12,
    *,
    series: str = "inegi_occurrence",
    level: str = "state",
    panel: Panel | pd.DataFrame | None = None,
    draws: int = 1,
    max_shift: int = 36,
    seed: int = DEFAULT_SEED,
) -> pd.DataFrame:
    """Move each event to random months in the same place: dates where nothing happened.

    Every placebo date is the real event month shifted by a random number of
    months between ``window + 1`` and ``max_shift``, earlier or later, so the
    real event lies outside the placebo's window, and chosen so the placebo
    window fits inside the series' coverage.

    Parameters
    ----------
    events : pandas.DataFrame
        Events with ``event_id``, ``date``, ``date_precision`` and ``cve_ent``.
    window : int
        The window the placebos will be studied with.
    series, level, panel
        The series whose coverage bounds the placebo windows (as in
        :func:`event_study`).
    draws : int
        Placebo dates per event (1 to 20).
    max_shift : int
        Largest shift in months (greater than ``window``).
    seed : int
        Seed of the draws.

    Returns
    -------
    pandas.DataFrame
        The events' rows with ``date`` replaced by the first day of the placebo
        month, ``date_precision="month"``, ``event_id`` suffixed ``-P1``,
        ``-P2``... and the real date in ``real_date``. Events that cannot be
        located, or that have no admissible shift, are left out.

    Examples
    --------
    >>> ev = pd.DataFrame({"event_id": ["A"], "date": ["2010-06-10"],
    ...                    "date_precision": ["day"], "cve_ent": ["01"]})
    >>> long = pd.DataFrame({"cve_ent": "01", "year": np.repeat(range(2005, 2016), 12),
    ...                      "month": list(range(1, 13)) * 11, "homicides": 1})
    >>> p = placebo_events(ev, window=6, panel=long, draws=3)
    >>> p["event_id"].tolist()
    ['A-P1', 'A-P2', 'A-P3']
    >>> bool(((p["date"] - p["real_date"]).abs() > pd.Timedelta(days=180)).all())
    True
    """
    window = _check_window(window)
    draws = check_integer(draws, "draws", minimum=1, maximum=20)
    max_shift = check_integer(max_shift, "max_shift")
    if max_shift <= window:
        raise ValueError(f"max_shift must be a whole number greater than window ({window}), "
                         f"got {max_shift!r}.")
    level = check_choice(level, UNIT_COLUMN, "level")
    if panel is None:
        panel = load_panel(series, level, "count")
    elif isinstance(panel, pd.DataFrame):
        panel = make_panel(panel, level, "count" if "homicides" in panel else "rate")
    prepared = _prepare_events(events, level, {})
    located, _ = _locate(prepared, UNIT_COLUMN[level], panel, 0)
    rng = np.random.default_rng(seed)
    shifts = np.r_[-max_shift:-window, window + 1:max_shift + 1]
    rows = []
    by_id = prepared.set_index("event_id")
    for ev in located.itertuples(index=False):
        placebo_t = ev.t + shifts
        ok = shifts[(placebo_t - window >= panel.first) & (placebo_t + window <= panel.last)]
        if ok.size == 0:
            continue
        chosen = rng.choice(ok, size=draws, replace=ok.size < draws)
        for j, shift in enumerate(chosen, start=1):
            row = by_id.loc[ev.event_id].copy()
            t = ev.t + int(shift)
            row["real_date"] = row["date"]
            row["date"] = pd.Timestamp(year=t // 12, month=t % 12 + 1, day=1)
            row["date_precision"] = "month"
            row["event_id"] = f"{ev.event_id}-P{j}"
            rows.append(row)
    if not rows:
        raise ValueError("No event could be given a placebo date inside the series' coverage.")
    out = pd.DataFrame(rows).reset_index(drop=True)
    return out[["event_id"] + [c for c in out.columns if c != "event_id"]]


