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

import pandas as pd

from helpers.reference.text import fold


def locate_municipalities(events: pd.DataFrame, geo: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add ``cvegeo``: the municipality code of ``place_municipality`` within ``cve_ent``.

    Names are matched within the state, ignoring accents, case and punctuation,
    against INEGI's municipality names; events without a municipality, or whose
    name matches no municipality of the state, get a missing ``cvegeo``.

    Parameters
    ----------
    events : pandas.DataFrame
        With ``place_municipality`` and ``cve_ent``.
    geo : pandas.DataFrame, optional
        Municipalities with ``cvegeo``, ``cve_ent`` and ``name`` (default:
        :func:`helpers.data.geo.load_municipalities_geo`).

    Returns
    -------
    pandas.DataFrame
        A copy of ``events`` with a ``cvegeo`` column.

    Examples
    --------
    >>> geo = pd.DataFrame({"cvegeo": ["17007"], "cve_ent": ["17"], "name": ["Cuernavaca"]})
    >>> ev = pd.DataFrame({"place_municipality": ["CUERNAVACA", None], "cve_ent": ["17", "09"]})
    >>> locate_municipalities(ev, geo)["cvegeo"].tolist()
    ['17007', <NA>]
    """
    missing = [c for c in ("place_municipality", "cve_ent") if c not in events.columns]
    if missing:
        raise ValueError(f"events lacks column(s) {missing} needed to find municipalities.")
    if geo is None:
        from helpers.data.geo import load_municipalities_geo

        geo = load_municipalities_geo()
    lookup = {(str(e), fold(n)): str(c)
              for c, e, n in zip(geo["cvegeo"], geo["cve_ent"], geo["name"], strict=True)}
    out = events.copy()
    codes = [lookup.get((str(e), fold(m))) if pd.notna(m) and pd.notna(e) else None
             for m, e in zip(out["place_municipality"], out["cve_ent"], strict=True)]
    out["cvegeo"] = pd.array(codes, dtype="string")
    return out


