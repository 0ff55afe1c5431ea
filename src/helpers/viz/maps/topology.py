"""TopoJSON for the slider maps, with the ``topojson`` package.

TopoJSON stores every shared boundary once (an *arc*) and lets each polygon
refer to its arcs by index; coordinates are quantised to integers and
delta-encoded. For the 32 states this makes the geometry of a web map about a
third of the size of the same GeoJSON. The boundaries written by the
``geometry`` pipeline family form an edge-matched coverage, so neighbours share
their arcs. The output is read in the browser by ``topojson.feature``
(topojson-client).
"""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import shapely
import topojson

from helpers.reference.checks import check_finite, check_integer


def topology(
    geoms: Sequence[shapely.Geometry],
    properties: Sequence[dict],
    name: str = "features",
    quantization: int = 10_000,
    simplify: float = 0.0,
) -> dict:
    """Encode polygons and their properties as a TopoJSON topology.

    Parameters
    ----------
    geoms : sequence of shapely (Multi)Polygons
        Longitude/latitude polygons forming an edge-matched coverage.
    properties : sequence of dict
        Properties of each geometry (kept as they are; keep them short).
    name : str
        Name of the object in ``topology["objects"]``.
    quantization : int
        Number of distinct integer positions along each axis of the bounding box
        (10,000 across Mexico's 32 degrees is about 350 m, below the 1 km
        simplification of the state layer).
    simplify : float
        Douglas–Peucker tolerance in degrees applied to the shared arcs, so
        neighbours stay edge-matched (0, the default, keeps every vertex).
        0.01° is about 1 km, less than a screen pixel at the slider maps'
        opening zoom.

    Returns
    -------
    dict
        A TopoJSON ``Topology`` with a ``transform``, delta-encoded arcs and one
        ``GeometryCollection`` (no bounding box or feature ids: the map does
        not use them).

    Raises
    ------
    ValueError
        If ``quantization`` is below 2, ``simplify`` is negative, the lengths
        differ, or a geometry is not a polygon.

    Examples
    --------
    >>> a, b = shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)
    >>> topo = topology([a, b], [{"id": "a"}, {"id": "b"}], quantization=3)
    >>> len(topo["arcs"])  # the shared edge x = 1 is stored once
    3
    >>> coast = shapely.Polygon([(0, 0), (1, 0.001), (2, 0), (2, 1), (0, 1)])
    >>> arcs = topology([coast], [{}], simplify=0.01)["arcs"]
    >>> sum(len(arc) for arc in arcs)  # the 0.001° bump is gone
    5
    """
    quantization = check_integer(quantization, "quantization", minimum=2)
    simplify = check_finite(simplify, "simplify")
    if simplify < 0:
        raise ValueError(f"simplify must be a tolerance in degrees >= 0, got {simplify!r}.")
    if len(geoms) != len(properties):
        raise ValueError(
            f"{len(geoms)} geometries but {len(properties)} property dicts; give one each."
        )
    kinds = {g.geom_type for g in geoms} - {"Polygon", "MultiPolygon"}
    if kinds:
        raise ValueError(f"Expected Polygon or MultiPolygon geometries, got {sorted(kinds)}.")
    frame = gpd.GeoDataFrame(list(properties), geometry=list(geoms))
    encoded = topojson.Topology(frame, prequantize=quantization, topology=True,
                                shared_coords=False, object_name=name, presimplify=False,
                                toposimplify=float(simplify) or False).to_dict()
    encoded.pop("bbox", None)
    for geometry in encoded["objects"][name]["geometries"]:
        geometry.pop("id", None)
        geometry.pop("bbox", None)
    return encoded
