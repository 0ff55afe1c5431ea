"""The numbers behind the check of claim C4 (removals of leaders and violence)."""

from __future__ import annotations

from helpers.analysis.eventstudy.estimate import post_event_change
from helpers.analysis.eventstudy.panel import DEFAULT_SEED
from helpers.analysis.eventstudy.placebo import placebo_events
from helpers.claims.verdict import Verdict


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
    from helpers.data.events import filter_events, load_kingpin_events

    events = load_kingpin_events()
    kw = {"event_type": "removal", "actor": "mexican_state"}
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


def check_c4() -> Verdict:
    """C4: removing leaders splinters cartels and violence rises.

    Examples
    --------
    >>> check_c4().verdict
    'partly supported'
    """
    from helpers.claims.captures import c4_numbers

    n = c4_numbers()
    band = "excludes" if n["diff_low"] > 0 or n["diff_upp"] < 0 else "includes"
    return Verdict(
        "partly supported",
        f"{n['event_est']:+.1f}% state homicide rate in months 1–6 after a removal "
        f"({n['diff_est']:+.1f}% net of states without an event)",
        f"After {n['event_n']} captures and killings by the state the state homicide rate "
        f"averaged {n['event_est']:+.1f}% against the year before, but random placebo dates in "
        f"the same states give {n['placebo_est']:+.1f}% and the difference with states without "
        f"an event, {n['diff_est']:+.1f}%, has a 95% band that {band} zero; this descriptive "
        "design cannot show cause. The causal municipal studies do find rises in violence "
        "after removals (Calderón et al. 2015; Lindo & Padilla-Romo 2018); the mechanism "
        "(splintering, fights over local markets) rests on counts of criminal groups "
        "(Atuesta & Pérez-Dávila 2018) and is not measured by homicide data.",
        n,
    )


