"""Light, accessible choropleth maps of states and municipalities, with a year slider.

A map made here is a folium (Leaflet) map in an ``<iframe>`` that works on the
static HTML page without a kernel:

* the boundaries are written **once**, as a quantised TopoJSON layer
  (:mod:`helpers.viz.maps.topology`), however many years the slider covers;
* the values are a compact table ``{code: [value per year]}``; a small script
  recolours the layer when the slider moves, and computes each year's national
  (or within-state) rank for the tooltip;
* classes come from ``mapclassify`` (quantiles, Fisher–Jenks or given breaks),
  computed over **all years shown** so that a colour means the same in every
  year; the legend prints each class's bounds;
* the palette is ColorBrewer YlOrRd (colour-blind safe), with grey for no data;
* the INEGI credit line is in the map's attribution;
* a text equivalent (highest, lowest and median per year) follows the map.

Third-party JavaScript (Leaflet, topojson-client) is loaded from the same public
CDNs folium uses; nothing is vendored.
"""

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


