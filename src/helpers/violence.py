"""Homicide violence around kingpin events: the public face of the event-study tools.

The arithmetic lives in :mod:`helpers.eventstudy`; this module re-exports what
chapters use, so ``from helpers.violence import event_study`` works.

Examples
--------
>>> from helpers.violence import event_study, placebo_events
>>> callable(event_study) and callable(placebo_events)
True
"""

from __future__ import annotations

import pandas as pd

from helpers.eventstudy import (
    DEFAULT_SEED,
    GROUPS,
    INTERVALS,
    MAX_WINDOW,
    MEASURES,
    RELATIVE,
    Panel,
    event_study,
    event_windows,
    load_panel,
    locate_municipalities,
    make_panel,
    month_index,
    month_label,
    placebo_events,
    plot_event_study,
    post_event_change,
)

__all__ = [
    "DEFAULT_SEED", "GROUPS", "INTERVALS", "MAX_WINDOW", "MEASURES", "RELATIVE", "Panel",
    "event_study", "event_windows", "load_panel", "locate_municipalities", "make_panel",
    "month_index", "month_label",
    "placebo_events", "plot_event_study", "post_event_change", "default_selections",
    "event_study_explorer", "c4_numbers",
]


def default_selections(events: pd.DataFrame) -> dict[str, dict]:
    """Return the event selections offered by :func:`event_study_explorer`.

    Every selection keeps captures and killings by the state (no killings by
    rivals). Two single events are added, labelled from the table: the killing
    of Arturo Beltrán Leyva (KP020) and the 2014 capture of El Chapo (KP048).

    Examples
    --------
    >>> from helpers.events import load_kingpin_events
    >>> list(default_selections(load_kingpin_events()))[:3]
    ['All removals', 'Leaders', 'Lieutenants']
    """
    base = {"event_type": "removal", "state_actions_only": True}
    selections: dict[str, dict] = {
        "All removals": base,
        "Leaders": {**base, "role": "leader"},
        "Lieutenants": {**base, "role": "lieutenant"},
        "Under Calderón": {**base, "presidency": "calderon"},
        "Under Peña Nieto": {**base, "presidency": "pena_nieto"},
        "Sinaloa Cartel": {**base, "organization": "Sinaloa Cartel"},
        "Los Zetas": {**base, "organization": "Los Zetas"},
        "Placebo dates, same states": {**base, "placebo": True},
    }
    by_id = events.set_index("event_id")
    for ident in ("KP020", "KP048"):
        if ident in by_id.index:
            row = by_id.loc[ident]
            alias = str(row["alias"]).split(";")[0] if pd.notna(row["alias"]) else row["name"]
            label = f"{alias}, {row['event_type']} {row['date']:%b %Y}"
            selections[label] = {"event_id": ident}
    return selections


def event_study_explorer(
    events: pd.DataFrame,
    selections: dict[str, dict] | None = None,
    windows: tuple[int, ...] = (6, 12, 24),
    n_boot: int = 200,
    **kwargs,
):
    """Return a :class:`helpers.widgets.Explorer`: pick events and a window, see the event study.

    Parameters
    ----------
    events : pandas.DataFrame
        The kingpin events table.
    selections : dict, optional
        ``{label: filters}``; filters are :func:`event_study` filters, plus
        ``event_id`` (one event) and ``placebo=True`` (placebo dates for the
        selection, five per event). Default: :func:`default_selections`.
    windows : tuple of int
        Window lengths offered.
    n_boot : int
        Bootstrap resamples per view.
    **kwargs
        Passed to :func:`event_study` (``measure``, ``series``...).

    Returns
    -------
    helpers.widgets.Explorer

    Examples
    --------
    >>> from helpers.events import load_kingpin_events
    >>> ex = event_study_explorer(load_kingpin_events())  # doctest: +SKIP
    >>> ex.static_html().count('class="kp-view"')  # doctest: +SKIP
    30
    """
    import matplotlib.pyplot as plt

    from helpers.widgets import Explorer

    selections = default_selections(events) if selections is None else selections
    cache: dict[tuple[str, int], pd.DataFrame] = {}

    def result(label: str, window: int) -> pd.DataFrame:
        key = (label, window)
        if key not in cache:
            chosen = dict(selections[label])
            placebo = chosen.pop("placebo", False)
            ident = chosen.pop("event_id", None)
            frame = events
            if ident is not None:
                frame = events[events["event_id"] == ident]
            if placebo:
                from helpers.events import filter_events

                frame = placebo_events(filter_events(events, **chosen), window=window,
                                       draws=5, series=kwargs.get("series", "inegi_occurrence"))
                chosen = {}
            cache[key] = event_study(frame, window=window, n_boot=n_boot, **chosen, **kwargs)
        return cache[key]

    def render(selection: str, window: int):
        res = result(selection, window)
        fig, ax = plt.subplots(figsize=(7, 3.6))
        plot_event_study({selection: res}, ax=ax)
        ax.set_title(f"{selection}\nhomicides around the event month, ±{window} months",
                     fontsize=10)
        return fig

    def alt(selection: str, window: int) -> str:
        res = result(selection, window)
        post = res.loc[res["rel_month"].between(1, min(6, window)), "estimate"].mean()
        n = int(res["n_events"].iloc[0])
        return (f"Event-study line chart for {selection} ({n} event{'s' if n != 1 else ''}), "
                f"{window} months either side of the event month: in months 1 to "
                f"{min(6, window)} after the event the state homicide rate averaged "
                f"{post:+.0f}% relative to the {window} months before.")

    return Explorer(render, {"selection": list(selections), "window": list(windows)},
                    title="Event-study explorer", alt=alt,
                    labels={"selection": "Events", "window": "Window (months)"})


def c4_numbers(window: int = 12, months: tuple[int, int] = (1, 6), n_boot: int = 500,
               seed: int = DEFAULT_SEED) -> dict[str, float]:
    """Return the numbers behind the check of claim C4 (removals and violence).

    For captures and killings by the state (state level, INEGI occurrence
    series): the average change in months ``months`` after the event for the
    event states (``event_*``), for random placebo dates in the same states
    (``placebo_*``, five per event) and for the event states minus states
    without an event in the window (``diff_*``), each with its bootstrap band.

    Examples
    --------
    >>> n = c4_numbers(n_boot=50)
    >>> n["placebo_n"] > n["event_n"]
    True
    """
    from helpers.events import filter_events, load_kingpin_events

    events = load_kingpin_events()
    kw = {"event_type": "removal", "state_actions_only": True}
    out: dict[str, float] = {}
    parts = {
        "event": post_event_change(events, months, window, n_boot=n_boot, seed=seed, **kw),
        "diff": post_event_change(events, months, window, group="difference", n_boot=n_boot,
                                  seed=seed, **kw),
    }
    placebos = placebo_events(filter_events(events, **kw), window=window, draws=5, seed=seed)
    parts["placebo"] = post_event_change(placebos, months, window, n_boot=n_boot, seed=seed)
    for name, res in parts.items():
        out[f"{name}_est"] = float(res["estimate"])
        out[f"{name}_low"] = float(res["lower"])
        out[f"{name}_upp"] = float(res["upper"])
        out[f"{name}_n"] = int(res["n_events"])
    return out
