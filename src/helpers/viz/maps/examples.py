"""A tiny synthetic indicator for the maps' examples and tests (not data)."""

from __future__ import annotations

import pandas as pd

from helpers.data.geo import load_municipalities_geo, load_states_geo


def _demo_frame(level: str = "state", state: str = "16") -> pd.DataFrame:
    """Return a tiny synthetic indicator for examples and tests (NOT data)."""
    if level == "state":
        geo = load_states_geo()
        codes, key = list(geo["cve_ent"]), "cve_ent"
    else:
        geo = load_municipalities_geo(state)
        codes, key = list(geo["cvegeo"]), "cvegeo"
    rows = []
    for i, c in enumerate(codes):
        for y in (2019, 2020):
            rows.append({key: c, "year": y, "rate": float(i + y - 2019),
                         "homicides": i * 10 + (y - 2019)})
    return pd.DataFrame(rows)


