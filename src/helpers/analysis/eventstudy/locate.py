"""Municipality codes of kingpin events, from the names of the place where each happened."""

from __future__ import annotations

import pandas as pd

from helpers.reference.text import fold


def locate_municipalities(events: pd.DataFrame, geo: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return ``events`` with ``cvegeo``, the municipality code of each event.

    The events table from :func:`helpers.data.load_kingpin_events` already
    carries ``cvegeo`` (the pipeline assigns it), and a municipal event study
    reads that column directly: for such a table this function only returns a
    copy. It is kept, for one release, as a documented alias for code written
    before the pipeline added the column, and for hand-made event tables
    without it: then names are matched within the state, ignoring accents,
    case and punctuation, against INEGI's municipality names; events without a
    municipality, or whose name matches no municipality of the state, get a
    missing ``cvegeo``. Never join on names where a code exists.

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
    >>> coded = ev.assign(cvegeo=pd.array(["17007", None], dtype="string"))  # used as given
    >>> locate_municipalities(coded, geo)["cvegeo"].tolist()
    ['17007', <NA>]
    """
    if "cvegeo" in events.columns:
        return events.copy()
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


