"""Event studies of homicides around kingpin events.

An *event study* lines up a monthly homicide series on the month of each event
(relative month 0), expresses every event's months against its own pre-event
mean, and pools the events month by month, with a band from resampling events.
It is a descriptive design: it shows what happened around the events, not what
would have happened without them.

* :mod:`~helpers.analysis.eventstudy.panel` -- the unit × month panel and month arithmetic.
* :mod:`~helpers.analysis.eventstudy.locate` -- municipality codes of events.
* :mod:`~helpers.analysis.eventstudy.estimate` -- event windows, pooling, bands.
* :mod:`~helpers.analysis.eventstudy.placebo` -- placebo dates in the same units.

Examples
--------
>>> from helpers.analysis.eventstudy import event_study, placebo_events
>>> callable(event_study) and callable(placebo_events)
True
"""

from helpers.analysis.eventstudy.estimate import (
    GROUPS,
    INTERVALS,
    MIN_BAND_EVENTS,
    POOLING,
    RELATIVE,
    event_study,
    event_windows,
    post_event_change,
    pre_trend,
)
from helpers.analysis.eventstudy.locate import locate_municipalities
from helpers.analysis.eventstudy.panel import (
    DEFAULT_SEED,
    MAX_WINDOW,
    MEASURES,
    UNIT_COLUMN,
    Panel,
    load_panel,
    make_panel,
    month_index,
    month_label,
)
from helpers.analysis.eventstudy.placebo import placebo_events

__all__ = [
    "DEFAULT_SEED", "GROUPS", "INTERVALS", "MAX_WINDOW", "MEASURES", "MIN_BAND_EVENTS",
    "POOLING", "RELATIVE", "UNIT_COLUMN", "Panel", "event_study", "event_windows", "load_panel",
    "locate_municipalities", "make_panel", "month_index", "month_label", "placebo_events",
    "post_event_change", "pre_trend",
]
