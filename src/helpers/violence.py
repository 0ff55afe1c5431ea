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
    "placebo_events", "plot_event_study", "post_event_change",
]
