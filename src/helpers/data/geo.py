"""Load the simplified INEGI boundaries written by the ``geometry`` pipeline family.

Both layers are GeoJSON files in ``data/geo/`` (EPSG:4326), described in
``data/datapackage.json`` as ``geo_states`` and ``geo_municipalities``. They are
edge-matched coverages: neighbouring polygons share their boundary exactly, so
maps show no gaps or slivers.

Credit: "Fuente: INEGI, Marco Geoestadístico".
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import geopandas as gpd
import numpy as np

from helpers.data.datapackage import SchemaError, resource_path
from helpers.reference.checks import check_items
from helpers.reference.states import STATE_CODES, normalize_state, state_name

#: Credit line required by INEGI's terms of free use.
INEGI_CREDIT = "Fuente: INEGI, Marco Geoestadístico."

_STATE_COLUMNS = ["cve_ent", "name", "geometry"]
_MUNICIPAL_COLUMNS = ["cvegeo", "cve_ent", "cve_mun", "name", "geometry"]


def _check(frame: gpd.GeoDataFrame, columns: list[str], label: str) -> None:
    if list(frame.columns) != columns:
        raise SchemaError(f"{label}: columns {list(frame.columns)} differ from {columns}.")
    if frame.crs is None or frame.crs.to_epsg() != 4326:
        raise SchemaError(f"{label}: CRS is {frame.crs}, expected EPSG:4326.")
    if frame.geometry.isna().any() or frame.geometry.is_empty.any():
        raise SchemaError(f"{label}: some features have no geometry.")
    kinds = set(frame.geom_type)
    if not kinds <= {"Polygon", "MultiPolygon"}:
        raise SchemaError(f"{label}: geometry types {sorted(kinds)} are not polygons.")
    bad = sorted(set(frame["cve_ent"]) - set(STATE_CODES))
    if bad:
        raise SchemaError(f"{label}: unknown state codes {bad}.")


@lru_cache(maxsize=1)
def _states() -> gpd.GeoDataFrame:
    frame = gpd.read_file(resource_path("geo_states"))
    _check(frame, _STATE_COLUMNS, "geo_states")
    if sorted(frame["cve_ent"]) != list(STATE_CODES):
        raise SchemaError("geo_states: expected one feature for each of the 32 states.")
    return frame


@lru_cache(maxsize=1)
def _municipalities() -> gpd.GeoDataFrame:
    frame = gpd.read_file(resource_path("geo_municipalities"))
    _check(frame, _MUNICIPAL_COLUMNS, "geo_municipalities")
    if frame["cvegeo"].duplicated().any():
        raise SchemaError("geo_municipalities: duplicate cvegeo codes.")
    if not (frame["cvegeo"] == frame["cve_ent"] + frame["cve_mun"]).all():
        raise SchemaError("geo_municipalities: cvegeo is not cve_ent + cve_mun.")
    return frame


def load_states_geo() -> gpd.GeoDataFrame:
    """Return the 32 simplified state polygons.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per state in code order; columns ``cve_ent`` ("01".."32"),
        ``name`` (official INEGI name), ``short_name`` (for labels) and
        ``geometry`` (EPSG:4326).

    Examples
    --------
    >>> states = load_states_geo()
    >>> len(states), states.crs.to_epsg()
    (32, 4326)
    >>> states.loc[states.cve_ent == "16", "short_name"].item()
    'Michoacán'
    """
    frame = _states().copy()
    frame.insert(2, "short_name", [state_name(code) for code in frame["cve_ent"]])
    return frame


def _state_codes(states: str | int | Iterable[str | int] | None) -> list[str]:
    if states is None:
        return list(STATE_CODES)
    items = check_items(states, "states", scalars=(str, int, float, np.integer, np.floating))
    return sorted({normalize_state(s) for s in items})


def load_municipalities_geo(
    states: str | int | Iterable[str | int] | None = None,
) -> gpd.GeoDataFrame:
    """Return simplified municipal polygons, for all states or the ones asked for.

    Parameters
    ----------
    states : str, int, iterable of those, or None
        State names or codes (anything :func:`helpers.reference.states.normalize_state`
        accepts); ``None`` (default) returns all 2,465 municipalities.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns ``cvegeo`` (5 characters), ``cve_ent``, ``cve_mun``, ``name``
        and ``geometry`` (EPSG:4326), sorted by ``cvegeo``.

    Raises
    ------
    helpers.reference.states.UnknownStateError
        If a state is not recognised (the message lists the closest names).
    ValueError
        If ``states`` is an empty list.

    Examples
    --------
    >>> mich = load_municipalities_geo("Michoacán")
    >>> mich.cve_ent.unique().tolist()
    ['16']
    >>> len(load_municipalities_geo(["Michoacan", "Guerrero"])) > 150
    True
    """
    codes = _state_codes(states)
    frame = _municipalities()
    return frame[frame["cve_ent"].isin(codes)].reset_index(drop=True).copy()
