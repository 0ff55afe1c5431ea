"""Claim C4 (removing leaders splinters cartels and violence rises): its numbers and rule."""

from __future__ import annotations

from collections.abc import Mapping

from helpers.analysis.eventstudy.estimate import post_event_change, pre_trend
from helpers.analysis.eventstudy.panel import DEFAULT_SEED
from helpers.analysis.eventstudy.placebo import placebo_events
from helpers.claims.verdict import Rule, Verdict
from helpers.reference.i18n import tr

#: The book's reading of the published causal studies (a judgment of sources, not a
#: computation): Calderón et al. (2015), Lindo & Padilla-Romo (2018) and Dickenson
#: (2014) all report more homicides after removals of leaders, at the municipal level.
LITERATURE_FINDS_RISE = True


def c4_numbers(window: int = 12, months: tuple[int, int] = (1, 6), n_boot: int = 500,
               seed: int = DEFAULT_SEED) -> dict[str, float]:
    """Return the numbers behind the check of claim C4 (removals and violence).

    For the Mexican state's captures and killings (state level, INEGI
    occurrence series), each with its 95% bootstrap band over events:

    * ``event_*``: average change in months ``months`` after the event, event
      states, mean of the events' percent changes;
    * ``diff_*``: the same net of states without an event in the window;
    * ``ratio_event_*``, ``ratio_diff_*``: the same two as ratios of sums
      (each event weighted by its pre-event level);
    * ``placebo_*``: random placebo dates in the same states (five per event);
    * ``pre_*``: slope of the pooled line over the pre-event months (points a
      month), the pre-trend test;
    * ``literature_rise``: :data:`LITERATURE_FINDS_RISE`.

    Examples
    --------
    >>> n = c4_numbers(n_boot=50)
    >>> n["placebo_n"] > n["event_n"]
    True
    """
    from helpers.data.events import filter_events, load_kingpin_events

    events = load_kingpin_events()
    kw = {"event_type": "removal", "actor": "mexican_state"}
    common = {"n_boot": n_boot, "seed": seed}
    parts = {
        "event": post_event_change(events, months, window, **common, **kw),
        "diff": post_event_change(events, months, window, group="difference", **common, **kw),
        "ratio_event": post_event_change(events, months, window, pooling="ratio", **common,
                                         **kw),
        "ratio_diff": post_event_change(events, months, window, group="difference",
                                        pooling="ratio", **common, **kw),
        "pre": pre_trend(events, window, **common, **kw),
    }
    placebos = placebo_events(filter_events(events, **kw), window=window, draws=5, seed=seed)
    parts["placebo"] = post_event_change(placebos, months, window, **common)
    out: dict[str, float] = {}
    for name, res in parts.items():
        out[f"{name}_est"] = float(res["estimate"])
        out[f"{name}_low"] = float(res["lower"])
        out[f"{name}_upp"] = float(res["upper"])
        out[f"{name}_n"] = int(res["n_events"])
    # Months from the middle of the pre-event window (-window..-1) to the middle of
    # ``months``: how far the pre-event slope would carry on its own.
    out["pre_span_months"] = (window + 1) / 2 + (months[0] + months[1]) / 2
    out["pre_extrapolated"] = out["pre_est"] * out["pre_span_months"]
    out["literature_rise"] = LITERATURE_FINDS_RISE
    return out


def _c4_outcome(n: Mapping[str, object]) -> str:
    """'rise', 'fall' or 'unclear': what the descriptive test says about the outcome."""
    flat = n["pre_low"] <= 0 <= n["pre_upp"]
    lows = (n["diff_low"], n["ratio_diff_low"])
    highs = (n["diff_upp"], n["ratio_diff_upp"])
    if flat and min(lows) > 0:
        return "rise"
    if flat and max(highs) < 0:
        return "fall"
    return "unclear"


def _decide_c4(n: Mapping[str, object]) -> str:
    outcome = _c4_outcome(n)
    if outcome == "rise":
        return "partly supported"
    if outcome == "fall":
        return "not supported"
    return "partly supported" if n["literature_rise"] else "not supported"


C4_RULE = Rule(
    "Homicide data can test the claim's outcome (violence rises) but not its mechanism "
    "(splintering, power vacuums, fights over local markets), so the verdict is at best "
    "partly supported. The test: the change in the state homicide rate in months 1–6 after "
    "the Mexican state's captures and killings, net of states without an event in the "
    "window, pooled both as a mean of percent changes and as a ratio of sums, each with its "
    "95% bootstrap band; it counts only if the pre-event months are flat (the band of their "
    "slope includes zero). Partly supported if both bands lie above zero; not supported if "
    "both lie below zero; otherwise the test is inconclusive and the verdict rests on the "
    "published causal studies: partly supported if they find a rise (the book's reading: "
    "they do), not supported if they do not.",
    _decide_c4, ("partly supported", "not supported"), judgment=True)


def check_c4() -> Verdict:
    """C4: removing leaders splinters cartels and violence rises.

    Examples
    --------
    >>> check_c4().verdict
    'partly supported'
    """
    n = c4_numbers()
    verdict = C4_RULE.apply(n)
    outcome = _c4_outcome(n)
    flat = n["pre_low"] <= 0 <= n["pre_upp"]
    test = tr({
        "rise": "both net changes have bands above zero",
        "fall": "both net changes have bands below zero",
        "unclear": ("the pre-event months were not flat" if not flat else
                    "the bands of the net changes include zero"),
    }[outcome])
    # Sentences are tr() templates (Spanish in locales/es.json); numbers are formatted here.
    pct = {k: f"{n[k]:+.1f}" for k in ("diff_est", "ratio_diff_est", "event_est",
                                       "ratio_event_est", "placebo_est", "diff_low", "diff_upp",
                                       "ratio_diff_low", "ratio_diff_upp")}
    return Verdict(
        verdict,
        tr("{diff_est}% (mean) and {ratio_diff_est}% (ratio of sums), state homicide rate in "
           "months 1–6 after a removal, net of states without an event", **pct),
        tr("After {event_n} captures and killings by the Mexican state the state homicide rate "
           "averaged {event_est}% against the year before ({ratio_event_est}% as a ratio of "
           "sums), but random placebo dates in the same states give {placebo_est}%; net of "
           "states without an event the change is {diff_est}% (band {diff_low} to {diff_upp}%) "
           "or {ratio_diff_est}% as a ratio of sums (band {ratio_diff_low} to "
           "{ratio_diff_upp}%). ", event_n=n["event_n"], **pct)
        + tr("The descriptive test is {kind}: {test}. ", test=test,
             kind=tr("conclusive") if outcome != "unclear" else tr("inconclusive"))
        + ((tr("The verdict therefore rests on the causal municipal studies, which find rises "
               "in violence after removals (Calderón et al. 2015; Lindo & Padilla-Romo 2018). ")
            if n["literature_rise"] else
            tr("The verdict therefore rests on the causal municipal studies, which find no rise "
               "in violence after removals. "))
           if outcome == "unclear" else "")
        + (tr("The pre-event months count as flat because the band of their slope ({low} to "
              "{upp} points a month) includes zero, but the slope itself, {est} points a "
              "month, carried over the {span} months from the middle of the year before to "
              "the middle of months 1–6, comes to {extrapolated} points on its own, against "
              "{event_est}% in the event states. ", low=f"{n['pre_low']:+.2f}",
              upp=f"{n['pre_upp']:+.2f}", est=f"{n['pre_est']:+.1f}",
              span=f"{n['pre_span_months']:g}", extrapolated=f"{n['pre_extrapolated']:+.1f}",
              event_est=pct["event_est"])
           if flat else "")
        + tr("The mechanism (splintering, fights over local markets) rests on counts of "
             "criminal groups (Atuesta & Pérez-Dávila 2018) and is not measured by homicide "
             "data."),
        n, rule=C4_RULE,
    )
