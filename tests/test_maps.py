"""Maps: one geometry copy, every year in the values table, legend bounds, size budget, errors."""

from __future__ import annotations

import gzip
import json
import re

import numpy as np
import pandas as pd
import pytest

from helpers.analysis.rates import map_frame
from helpers.data import load_homicides
from helpers.viz.maps import classify, legend_labels, municipal_map, state_map, static_state_maps
from helpers.viz.style import sequential_colors

YEARS = list(range(1990, 2023))


def _embedded(document: str, name: str) -> dict:
    """Return the topology ("T") or the table ("D") passed to kpChoropleth in the map script."""
    decoder = json.JSONDecoder()
    call = document.rindex("kpChoropleth(")
    start = document.index(",", call) + 1
    topo, end = decoder.raw_decode(document, start)
    if name == "T":
        return topo
    table, _ = decoder.raw_decode(document, end + 1)
    return table


@pytest.fixture(scope="module")
def state_frame() -> pd.DataFrame:
    """Real state rates 1990-2022: INEGI registration to 1999, occurrence from 2000."""
    frame, _ = map_frame(load_homicides("state"))
    return frame


@pytest.fixture(scope="module")
def slider_map(state_frame):
    _, notes = map_frame(load_homicides("state"))
    return state_map(state_frame, title="Homicide rate by state", source="INEGI, CONAPO",
                     year_notes=notes)


def test_geometry_is_written_once(slider_map):
    doc = slider_map.document()
    assert doc.count('"type":"Topology"') == 1
    assert doc.count("topojson.feature(") == 1
    assert '"type":"Feature"' not in doc  # no GeoJSON copy
    topo = _embedded(doc, "T")
    geometries = topo["objects"]["f"]["geometries"]
    assert len(geometries) == 32
    assert sorted(g["properties"]["c"] for g in geometries) == [f"{i:02d}" for i in range(1, 33)]


def test_values_table_has_every_year(slider_map, state_frame):
    table = _embedded(slider_map.document(), "D")
    assert table["y"] == YEARS
    assert table["i"] == len(YEARS) - 1  # opens on the last year
    assert sorted(table["v"]) == [f"{i:02d}" for i in range(1, 33)]
    assert all(len(values) == len(YEARS) for values in table["v"].values())
    row = state_frame[(state_frame.cve_ent == "16") & (state_frame.year == 2014)].iloc[0]
    assert table["v"]["16"][YEARS.index(2014)] == round(row.rate, 1)
    assert table["n"]["16"][YEARS.index(2014)] == row.homicides


def test_year_notes_name_each_years_series(slider_map):
    table = _embedded(slider_map.document(), "D")
    assert table["yn"][YEARS.index(1999)] == "INEGI, year of registration"
    assert table["yn"][YEARS.index(2000)] == "INEGI microdata, date of occurrence"
    with pytest.raises(ValueError, match=r"year_notes has years \[1980\]"):
        state_map(_frame_for_notes(), year_notes={1980: "x"})


def _frame_for_notes() -> pd.DataFrame:
    return pd.DataFrame({"cve_ent": ["01", "02", "03"], "year": [2000] * 3,
                         "rate": [1.0, 2.0, 3.0], "homicides": [1, 2, 3]})


def test_no_highlight_and_no_heavy_libraries(slider_map):
    doc = slider_map.document()
    assert "highlight" not in doc.lower() and "resetStyle" not in doc
    assert "jquery" not in doc and "bootstrap" not in doc
    scripts = re.findall(r'<script src="([^"]+)"', doc)
    assert scripts == [
        "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js",
        "https://cdnjs.cloudflare.com/ajax/libs/topojson/1.6.9/topojson.min.js",
    ]
    assert 'type="range"' in doc and "aria-label" in doc


def test_legend_shows_class_bounds(slider_map, state_frame):
    doc = slider_map.document()
    assert len(slider_map.breaks) == 5
    assert slider_map.breaks[-1] == pytest.approx(state_frame.rate.max())
    for label in slider_map.labels:
        assert label in doc
    low = f"{state_frame.rate.min():,.1f}"
    assert slider_map.labels[0].startswith(low)
    assert _embedded(doc, "D")["c"] == sequential_colors(5)


def test_credit_line_and_text_equivalent(slider_map, state_frame):
    page = slider_map.to_html()
    assert "Fuente: INEGI, Marco Geoestadístico." in slider_map.document()
    assert page.count("<tr><td>") == len(YEARS)
    last = state_frame[state_frame.year == 2022]
    top = last.loc[last.rate.idxmax()]
    assert slider_map.summary.iloc[-1]["highest_value"] == pytest.approx(top.rate)
    assert slider_map.summary.iloc[-1]["median"] == pytest.approx(last.rate.median())
    assert f"{last.rate.median():,.1f}" in slider_map.summary_text()
    with pytest.raises(ValueError, match="Year 1989 is not on this map"):
        slider_map.summary_text(1989)


def test_size_budget(slider_map):
    sizes = slider_map.sizes()
    assert sizes["raw"] <= 200_000, sizes
    assert sizes["gzip"] <= 60_000, sizes
    assert len(gzip.compress(slider_map.document().encode())) < sizes["gzip"] + 2_000


def test_output_is_deterministic(state_frame, slider_map):
    _, notes = map_frame(load_homicides("state"))
    again = state_map(state_frame, title="Homicide rate by state", source="INEGI, CONAPO",
                      year_notes=notes)
    assert again.to_html() == slider_map.to_html()


def test_municipal_map_of_a_state():
    rows = [{"cvegeo": f"16{i:03d}", "year": y, "rate": float(i), "homicides": i}
            for i in range(1, 114) for y in (2013, 2014)]
    rows.append({"cvegeo": "12001", "year": 2014, "rate": 99.0, "homicides": 99})  # ignored
    m = municipal_map(pd.DataFrame(rows), "Michoacán", scheme="fisher_jenks", k=4)
    topo = _embedded(m.document(), "T")
    assert len(topo["objects"]["f"]["geometries"]) == 113
    assert "in Michoacán" in m.document()  # ranks within the state
    assert m.sizes()["raw"] <= 200_000
    assert m.summary["areas"].tolist() == [113, 113]


def test_classify_schemes():
    values = list(range(1, 101))
    assert classify(values, "quantiles", k=4) == [25.75, 50.5, 75.25, 100.0]
    assert len(classify(values, "fisher_jenks", k=5)) == 5
    assert classify(values, "breaks", breaks=[10, 20, 50]) == [10.0, 20.0, 50.0, 100.0]
    assert legend_labels([10.0, 20.0, 100.0], 1.0, 0) == ["1 – 10", "10 – 20", "20 – 100"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"scheme": "jenks"}, "Unknown scheme 'jenks'"),
        ({"k": 2}, "k=2 is out of range; use a whole number from 3 to 9."),
        ({"k": 12}, "k=12 is out of range; use a whole number from 3 to 9."),
        ({"k": 5.0}, "k=5.0 must be an integer (e.g. 3), not a float."),
        ({"k": True}, "k=True must be an integer (e.g. 3), not a bool."),
        ({"scheme": "breaks"}, 'scheme="breaks" needs breaks'),
        ({"scheme": "breaks", "breaks": [10, 5, 20]}, "strictly increasing"),
        ({"scheme": "breaks", "breaks": [1000]}, "give at least 3 classes"),
        ({"scheme": "breaks", "breaks": list(range(1, 10))}, "At most 9 classes"),
    ],
)
def test_classify_errors(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        classify(list(range(1, 101)), **kwargs)


@pytest.mark.parametrize(
    ("k", "message"),
    [
        (2, "k=2 is out of range; use a whole number from 3 to 9."),
        (10, "k=10 is out of range; use a whole number from 3 to 9."),
        ("5", "k='5' must be an integer (e.g. 3), not a str."),
        (False, "k=False must be an integer (e.g. 3), not a bool."),
    ],
)
def test_sequential_colors_bad_k(k, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        sequential_colors(k)


def test_sequential_colors_takes_numpy_integers():
    assert sequential_colors(np.int64(3)) == sequential_colors(3)
    assert len(sequential_colors(9)) == 9


def test_classify_needs_values():
    with pytest.raises(ValueError, match="no values to classify"):
        classify([np.nan, None])
    with pytest.raises(ValueError, match="too few distinct levels"):
        classify([1.0] * 20, "quantiles", k=5)


@pytest.mark.parametrize(
    ("mutate", "kwargs", "message"),
    [
        (lambda f: f.drop(columns="rate"), {}, "lacks column(s) ['rate']"),
        (lambda f: pd.concat([f, f.head(1)]), {}, "more than one row for cve_ent='01'"),
        (lambda f: f.assign(cve_ent=f.cve_ent.replace("01", "99")), {},
         "have no boundary on this map: 99"),
        (lambda f: f, {"year": 1985}, "year=1985 is not among the years shown"),
        (lambda f: f, {"years": [1980, 1990]}, "Years [1980] are not in the data"),
        (lambda f: f, {"tiles": "CartoDB positron"},
         "Unknown tiles 'CartoDB positron'; use one of: None, 'OpenStreetMap'."),
        (lambda f: f, {"decimals": 7},
         "decimals=7 is out of range; use a whole number from 0 to 4."),
        (lambda f: f, {"decimals": "1"}, "decimals='1' must be an integer (e.g. 0), not a str."),
        (lambda f: f.assign(rate="high"), {}, "Column 'rate' must be numeric"),
    ],
)
def test_state_map_bad_arguments(state_frame, mutate, kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        state_map(mutate(state_frame.copy()), **kwargs)


def test_state_map_rejects_non_frames():
    with pytest.raises(TypeError, match="data must be a pandas DataFrame"):
        state_map([1, 2, 3])


def test_municipal_map_bad_arguments(state_frame):
    with pytest.raises(ValueError, match="lacks the column 'cvegeo'"):
        municipal_map(state_frame, "Guerrero")
    frame = pd.DataFrame({"cvegeo": ["16001"], "year": [2014], "rate": [1.0], "homicides": [1]})
    with pytest.raises(ValueError, match=r"no municipality of Guerrero \(cve_ent 12\)"):
        municipal_map(frame, "Guerrero")
    with pytest.raises(ValueError, match="Unknown state 'Gerrero'"):
        municipal_map(frame, "Gerrero")


def test_static_small_multiples(state_frame):
    fig = static_state_maps(state_frame, [2006, 2011, 2014, 2022])
    assert [ax.get_title() for ax in fig.axes] == ["2006", "2011", "2014", "2022"]
    legend_texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert len(legend_texts) == 5
    with pytest.raises(ValueError, match=r"Years \[2030\] are not in the data"):
        static_state_maps(state_frame, [2030])
    with pytest.raises(ValueError, match="years is empty"):
        static_state_maps(state_frame, [])


def test_openstreetmap_tiles_and_saved_document(state_frame, tmp_path):
    m = state_map(state_frame, years=range(2010, 2013), tiles="OpenStreetMap", title="OSM")
    doc = m.document()
    assert "tile.openstreetmap.org" in doc and "cartodb" not in doc.lower()
    assert m.years == [2010, 2011, 2012]
    m.save(str(tmp_path / "map.html"))
    assert (tmp_path / "map.html").read_text(encoding="utf-8") == doc
    assert repr(m) == "<ChoroplethMap 'OSM': 2010–2012, 5 classes>"
