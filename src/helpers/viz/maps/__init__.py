"""Light, accessible choropleth maps of states and municipalities.

* :mod:`~helpers.viz.maps.classify` -- class breaks (mapclassify) and legend labels.
* :mod:`~helpers.viz.maps.choropleth` -- folium maps with a year slider (``slider.js``).
* :mod:`~helpers.viz.maps.static` -- static small multiples for print and exercises.

Examples
--------
>>> from helpers.viz.maps import classify
>>> classify([1, 2, 3, 4, 5, 6], scheme="breaks", breaks=[2, 4, 6])
[2.0, 4.0, 6.0]
"""

from helpers.viz.maps.choropleth import ChoroplethMap, municipal_map, state_map
from helpers.viz.maps.classify import SCHEMES, classify, legend_labels
from helpers.viz.maps.static import static_state_maps

__all__ = ["SCHEMES", "ChoroplethMap", "classify", "legend_labels", "municipal_map",
           "state_map", "static_state_maps"]
