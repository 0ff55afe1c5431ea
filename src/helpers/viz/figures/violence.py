"""Charts of homicide rates over time: national series, and one state against the nation.

Both charts shade presidential terms (:func:`helpers.viz.style.shade_terms`), use
the colour-blind-safe Okabe–Ito colours with distinct line styles (so they also
read in greyscale), and are light enough to be inlined as SVG.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from helpers.data import load_homicides, load_kingpin_events
from helpers.data.events import filter_events
from helpers.reference.i18n import tr
from helpers.reference.series import SERIES
from helpers.reference.states import normalize_state, state_name
from helpers.viz.style import OKABE_ITO, in_house_style, shade_terms

#: Series drawn on the national chart, with colour and line style.
NATIONAL_STYLE: dict[str, tuple[str, str]] = {
    "inegi_registration": (OKABE_ITO[5], "-"),
    "inegi_occurrence": (OKABE_ITO[6], "-"),
    "sesnsp_cases": (OKABE_ITO[3], "--"),
    "sesnsp_victims_old": (OKABE_ITO[7], ":"),
    "sesnsp_victims": (OKABE_ITO[1], "--"),
}


@in_house_style
def national_rates_figure(national: pd.DataFrame | None = None) -> Figure:
    """Line chart of the national homicide rate by series since 1990, terms shaded.

    Parameters
    ----------
    national : pandas.DataFrame, optional
        ``load_homicides("national")`` (default: loaded here).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = national_rates_figure()
    >>> len(fig.axes[0].get_lines())
    5
    >>> plt.close(fig)
    """
    national = load_homicides("national") if national is None else national
    fig, ax = plt.subplots(figsize=(7.5, 4.0))
    for key, (color, style) in NATIONAL_STYLE.items():
        part = national[national["series"] == key].sort_values("year")
        if part.empty:
            continue
        ax.plot(part["year"], part["rate"], color=color, ls=style, lw=1.8,
                marker="o" if len(part) < 4 else None, ms=3, label=tr(SERIES[key].label))
    ax.set_xlim(1989.5, national["year"].max() + 0.5)
    ax.set_ylim(0, None)
    shade_terms(ax)
    ax.set_ylabel(tr("Homicides per 100,000"))
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    return fig


@in_house_style
def state_rate_figure(state: str | int, frame: pd.DataFrame | None = None,
                      national: pd.DataFrame | None = None,
                      events: pd.DataFrame | None = None) -> Figure:
    """One state's homicide rate against the national rate, with its kingpin events.

    Uses INEGI's series by date of occurrence (2000 on) and by year of
    registration (1990–1999, dashed, a different series). Captures and killings
    of kingpins that happened in the state are marked along the bottom.

    Parameters
    ----------
    state : str or int
        Name or code.
    frame, national, events : pandas.DataFrame, optional
        ``load_homicides("state")``, ``load_homicides("national")`` and
        ``load_kingpin_events()`` (loaded here if not given; pass them when
        drawing many states).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = state_rate_figure("Michoacán")
    >>> fig.axes[0].get_title(loc="left")
    'Michoacán'
    >>> plt.close(fig)
    """
    code = normalize_state(state)
    frame = load_homicides("state") if frame is None else frame
    national = load_homicides("national") if national is None else national
    events = load_kingpin_events() if events is None else events
    fig, ax = plt.subplots(figsize=(6.4, 4.3))
    for key, style in (("inegi_registration", "--"), ("inegi_occurrence", "-")):
        years = (lambda y: y < 2000) if key == "inegi_registration" else (lambda y: y >= 2000)
        st = frame[(frame["series"] == key) & (frame["cve_ent"] == code)]
        st = st[years(st["year"])].sort_values("year")
        na = national[national["series"] == key]
        na = na[years(na["year"])].sort_values("year")
        solid = key == "inegi_occurrence"
        ax.plot(na["year"], na["rate"], color="#555555", ls=style, lw=1.2,
                label=tr("Mexico") if solid else None)
        ax.plot(st["year"], st["rate"], color=OKABE_ITO[6], ls=style, lw=2,
                label=state_name(code) if solid else None)
    ax.plot([], [], color="#999999", ls="--", label=tr("dashed: INEGI registration series"))
    ax.set_xlim(1989.5, 2022.5)
    top = max(ax.get_ylim()[1], 1.0)
    ax.set_ylim(-0.06 * top, top)
    removals = filter_events(events, event_type="removal", state_actions_only=True)
    here = removals[removals["cve_ent"] == code]
    if len(here):
        when = here["date"].dt.year + (here["date"].dt.day_of_year - 0.5) / 366
        ax.plot(when, [-0.03 * top] * len(here), ls="none", marker="^", ms=6,
                color=OKABE_ITO[5], label=tr("kingpin captured or killed here ({n})", n=len(here)))
    shade_terms(ax)
    ax.set_title(state_name(code), pad=14)
    ax.set_ylabel(tr("Homicides per 100,000"))
    # Below the axes: inside, the legend would lie over the 1990s of a high state. One
    # column, narrower than the axes, so every state's chart has the same layout (and the
    # page's 32 charts compress well together).
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=1, fontsize=7,
              frameon=False)
    fig.tight_layout()
    return fig


def state_rate_alt(state: str | int, frame: pd.DataFrame | None = None,
                   events: pd.DataFrame | None = None) -> str:
    """Text alternative of :func:`state_rate_figure`, with the state's peak computed.

    Examples
    --------
    >>> state_rate_alt("16").startswith("Line chart of Michoacán")
    True
    """
    code = normalize_state(state)
    frame = load_homicides("state", series="inegi_occurrence") if frame is None else frame
    events = load_kingpin_events() if events is None else events
    st = frame[(frame["series"] == "inegi_occurrence") & (frame["cve_ent"] == code)]
    peak = st.loc[st["rate"].idxmax()]
    removals = filter_events(events, event_type="removal", state_actions_only=True)
    n = int((removals["cve_ent"] == code).sum())
    marks = (tr("No capture or killing of a kingpin in the book's table took place in the "
                "state.") if n == 0 else
             tr("A triangle marks the one capture or killing of a kingpin in the state.")
             if n == 1 else
             tr("Triangles mark the {n} captures or killings of kingpins in the state.", n=n))
    return tr("Line chart of {state}'s homicide rate per 100,000 from 1990 to {last} against "
              "Mexico's, with presidential terms shaded; by INEGI's occurrence series it peaked "
              "in {peak_year} at {peak_rate}. {marks}", state=state_name(code),
              last=int(st["year"].max()), peak_year=int(peak["year"]),
              peak_rate=f"{peak['rate']:.1f}", marks=marks)
