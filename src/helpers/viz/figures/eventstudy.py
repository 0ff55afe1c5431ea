"""Figures and the explorer of the event study (captures and killings, and homicides)."""

from __future__ import annotations

import pandas as pd

from helpers.analysis.eventstudy.estimate import _COLUMNS, event_study
from helpers.analysis.eventstudy.placebo import placebo_events
from helpers.reference.formats import month_year
from helpers.reference.i18n import language, tr
from helpers.viz.style import OI, in_house_style


def default_selections(events: pd.DataFrame) -> dict[str, dict]:
    """Return the event selections offered by :func:`event_study_explorer`.

    Every selection keeps the Mexican state's captures and killings
    (``actor="mexican_state"``: no killings by rivals, no U.S. arrests). Two
    single events are added, labelled from the table: the killing of Arturo
    Beltrán Leyva (KP020) and the 2014 capture of El Chapo (KP048).

    Examples
    --------
    >>> from helpers.data.events import load_kingpin_events
    >>> list(default_selections(load_kingpin_events()))[:3]
    ['All removals', 'Leaders', 'Lieutenants']
    """
    base = {"event_type": "removal", "actor": "mexican_state"}
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
            # Built in the reader's language: an event's label is not in the catalogue.
            month = (f"{row['date']:%b %Y}" if language() == "en"
                     else month_year(row["date"]))
            label = tr(f"{{alias}}, {row['event_type']} {{month}}", alias=alias, month=month)
            selections[label] = {"event_id": ident}
    return selections


def event_study_explorer(
    events: pd.DataFrame,
    selections: dict[str, dict] | None = None,
    windows: tuple[int, ...] = (6, 12, 24),
    n_boot: int = 200,
    **kwargs,
):
    """Return an :class:`~helpers.viz.widgets.Explorer`: pick events and a window, see the result.

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
    helpers.viz.widgets.Explorer

    Examples
    --------
    >>> from helpers.data.events import load_kingpin_events
    >>> ex = event_study_explorer(load_kingpin_events())  # doctest: +SKIP
    >>> ex.static_html().count('class="kp-view"')  # doctest: +SKIP
    30
    """
    import matplotlib.pyplot as plt

    from helpers.viz.widgets import Explorer

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
                from helpers.data.events import filter_events

                frame = placebo_events(filter_events(events, **chosen), window=window,
                                       draws=5, series=kwargs.get("series", "inegi_occurrence"))
                chosen = {}
            cache[key] = event_study(frame, window=window, n_boot=n_boot, **chosen, **kwargs)
        return cache[key]

    def render(selection: str, window: int):
        res = result(selection, window)
        fig, ax = plt.subplots(figsize=(7, 3.6))
        plot_event_study({tr(selection): res}, ax=ax)
        ax.set_title(tr(selection) + "\n" + tr(
            "homicides around the event month, ±{window} months", window=window), fontsize=10)
        return fig

    def alt(selection: str, window: int) -> str:
        res = result(selection, window)
        post = res.loc[res["rel_month"].between(1, min(6, window)), "estimate"].mean()
        n = int(res["n_events"].iloc[0])
        template = ("Event-study line chart for {selection} ({n} events), {window} months "
                    "either side of the event month: in months 1 to {last} after the event the "
                    "state homicide rate averaged {post}% relative to the {window} months before.")
        if n == 1:
            template = template.replace("({n} events)", "({n} event)")
        return tr(template, selection=tr(selection), n=n, window=window, last=min(6, window),
                  post=f"{post:+.0f}")

    return Explorer(render, {"selection": list(selections), "window": list(windows)},
                    title="Event-study explorer", alt=alt,
                    labels={"selection": "Events", "window": "Window (months)"})




#: Okabe-Ito colours for the lines of an event-study figure (colour-blind safe).
_LINE_COLOURS = tuple(OI[c] for c in ("blue", "vermillion", "green", "purple", "orange", "sky",
                                      "black"))


@in_house_style
def plot_event_study(results, ax=None, title: str | None = None,
                     ylabel: str | None = None, band: bool = True):
    """Plot one or several event-study results with their bands.

    Parameters
    ----------
    results : pandas.DataFrame or mapping of str to pandas.DataFrame
        Output(s) of :func:`event_study`; a mapping draws one line per label,
        with the number of events in the legend. Labels, title and axis texts
        are shown in the book's language (:func:`~helpers.reference.i18n.tr`).
    ax : matplotlib.axes.Axes, optional
        Axes to draw on (a new figure otherwise).
    title, ylabel : str, optional
        The y label defaults to the unit of the results.
    band : bool
        Shade the band between ``lower`` and ``upper``. A result without a band
        (fewer events than :data:`~helpers.analysis.eventstudy.MIN_BAND_EVENTS`)
        says so in the legend: "(2 events, too few for a band)".

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> long = pd.DataFrame({"cve_ent": ["01"] * 5 + ["02"] * 5, "year": 2010,
    ...                      "month": list(range(1, 6)) * 2,
    ...                      "homicides": [10, 10, 20, 20, 20, 5, 5, 5, 5, 5]})
    >>> ev = pd.DataFrame({"event_id": ["A", "B"], "date": ["2010-03-01", "2010-03-20"],
    ...                    "date_precision": ["day", "month"], "cve_ent": ["01", "02"]})
    >>> fig = plot_event_study({"demo": event_study(ev, 2, "count", panel=long, n_boot=50)})
    >>> fig.axes[0].get_legend().get_texts()[0].get_text()
    'demo (2 events, too few for a band)'
    """
    import matplotlib.pyplot as plt

    if isinstance(results, pd.DataFrame):
        results = {"": results}
    if not results:
        raise ValueError("Give at least one event-study result to plot.")
    if ax is None:
        fig, ax = plt.subplots(figsize=(7.5, 4.0))
    else:
        fig = ax.figure
    first = next(iter(results.values()))
    for i, (label, res) in enumerate(results.items()):
        missing = [c for c in _COLUMNS if c not in res.columns]
        if missing:
            raise ValueError(f"Result {label!r} lacks column(s) {missing}: pass the output "
                             "of event_study().")
        colour = _LINE_COLOURS[i % len(_LINE_COLOURS)]
        n = int(res["n_events"].iloc[0])
        no_band = band and res["lower"].isna().all()
        template = "{label} ({n} event" + ("s" if n != 1 else "") + (
            ", too few for a band)" if no_band else ")")
        name = tr(template, label=tr(label), n=n) if label else None
        ax.plot(res["rel_month"], res["estimate"], color=colour, marker="o", markersize=3,
                linewidth=1.5, label=name)
        if band:
            ax.fill_between(res["rel_month"], res["lower"], res["upper"], color=colour,
                            alpha=0.15, linewidth=0)
    ax.axhline(0, color="#555555", linewidth=0.8)
    ax.axvline(-0.5, color="#555555", linewidth=0.8, linestyle="--")
    ax.annotate(tr("event month"), xy=(0, 1), xycoords=("data", "axes fraction"),
                xytext=(3, -3), textcoords="offset points", va="top", fontsize=8,
                color="#555555")
    ax.set_xlabel(tr("Months relative to the event"))
    if ylabel is None:
        unit = "per 100,000" if first.attrs.get("measure") == "rate" else "homicides"
        ylabel = ("Change from pre-event mean (%)" if first.attrs.get("relative") != "difference"
                  else tr("Change from pre-event mean ({unit})", unit=tr(unit)))
    ax.set_ylabel(tr(ylabel))
    if title:
        ax.set_title(tr(title))
    if any(results):
        ax.legend(frameon=False, fontsize=8, loc="upper left", bbox_to_anchor=(0, 0.93))
    ax.spines[["top", "right"]].set_visible(False)
    return fig


