"""Every bad input a student types gets a clear error, never a quietly wrong answer (issue 12).

One table, :data:`BAD`, lists bad inputs to the public helpers as they are typed in
notebooks, each with the exception expected and a fragment of its message (the
message names the argument, the bad value or the accepted form). A second table,
:data:`GOOD`, lists the look-alike inputs that must be *accepted* (numpy integers,
a string where one item is meant, a tuple span, integer INEGI codes). Then come
the inputs that must be accepted but *flagged* (missing values in term and pooled
rates), and the pipeline's ``--out`` safety with a foreign file.
"""

from __future__ import annotations

import json
import math
import re
import shutil
from functools import cache

import matplotlib
import numpy as np
import pandas as pd
import pytest

from helpers.analysis.eventstudy import event_study
from helpers.analysis.rates import pooled_rates, rank_table, term_rates
from helpers.analysis.spatial import lisa, moran, moran_by_year, state_weights
from helpers.data import (
    deflator,
    filter_events,
    find_person,
    load_aid,
    load_context_timeline,
    load_homicides,
    load_kingpin_events,
    load_municipalities_geo,
    load_population,
    to_constant,
)
from helpers.pipeline.__main__ import main as pipeline_main
from helpers.pipeline.run import OutputFolderError, check_output_folder, write_data
from helpers.reference.paths import raw_dir
from helpers.reference.presidency import presidency_on
from helpers.reference.states import UnknownStateError
from helpers.viz.maps import municipal_map, state_map
from helpers.viz.maps.static import static_state_maps
from helpers.viz.quiz import quiz
from helpers.viz.widgets import Explorer

matplotlib.use("Agg")


# --------------------------------------------------------------------------- inputs, cached


@cache
def _nat() -> pd.DataFrame:
    return load_homicides("national", series="inegi_registration")


@cache
def _states() -> pd.DataFrame:
    return load_homicides("state", series="inegi_occurrence")


@cache
def _events() -> pd.DataFrame:
    return load_kingpin_events()


@cache
def _w():
    return state_weights()


def nat() -> pd.DataFrame:
    return _nat().copy()


def states() -> pd.DataFrame:
    return _states().copy()


def events() -> pd.DataFrame:
    return _events().copy()


def year(y: int) -> pd.DataFrame:
    frame = states()
    return frame[frame["year"] == y]


def with_gap(frame: pd.DataFrame, column: str, mask) -> pd.DataFrame:
    out = frame.copy()
    out[column] = out[column].astype("float64")
    out.loc[mask(out), column] = np.nan
    return out


def with_date(value: object, row: int = 10) -> pd.DataFrame:
    ev = events()
    ev["date"] = ev["date"].astype(object)
    ev.loc[ev.index[row], "date"] = value
    return ev


def duplicated_state_year() -> pd.DataFrame:
    frame = states()
    return pd.concat([frame, frame[frame["year"] == 2010].head(1)], ignore_index=True)


def explorer(render) -> str:
    return Explorer(render, {"scale": [1, 2]}, title="Demo", alt="A line").static_html()


def intro_quiz(value: object):
    return quiz("intro", n_states=value, president_dec_2006="calderon")


def aid_frame(**columns) -> pd.DataFrame:
    return pd.DataFrame({"fiscal_year": [2010], "amount_usd": [1.0]} | columns)


# --------------------------------------------------------------------------- bad inputs

#: (case id, call, exception type, message fragment)
BAD = [
    # --- years: empty selections (quietly empty frames before)
    ("homicides-years-backwards-range", lambda: load_homicides(years=range(2012, 2006)),
     ValueError, "years is empty (range(2012, 2006))"),
    ("homicides-years-empty-list", lambda: load_homicides(years=[]), ValueError,
     "years is empty"),
    ("homicides-years-empty-array", lambda: load_homicides(years=np.array([], dtype=int)),
     ValueError, "years is empty"),
    ("population-years-empty-list", lambda: load_population(years=[]), ValueError,
     "years is empty"),
    ("population-years-empty-set", lambda: load_population(years=set()), ValueError,
     "years is empty"),
    ("aid-years-empty-list", lambda: load_aid("greenbook", years=[]), ValueError,
     "years is empty"),
    # --- other empty selections
    ("homicides-states-empty", lambda: load_homicides(states=[]), ValueError,
     "states is empty"),
    ("homicides-series-empty", lambda: load_homicides(series=[]), ValueError,
     "series is empty"),
    ("population-states-empty", lambda: load_population(states=[]), ValueError,
     "states is empty"),
    ("geo-states-empty", lambda: load_municipalities_geo([]), ValueError, "states is empty"),
    ("events-organization-empty", lambda: filter_events(events(), organization=[]),
     ValueError, "at least one value"),
    ("term-rates-terms-empty", lambda: term_rates(nat(), []), ValueError, "terms is empty"),
    # --- years: not integers (strings, floats, booleans, None)
    ("population-years-string", lambda: load_population(years="2010"), ValueError,
     "years must be integers; got '2010' (str)"),
    ("homicides-years-string", lambda: load_homicides(years="2010"), ValueError,
     "years must be integers"),
    ("homicides-years-float", lambda: load_homicides(years=2010.0), ValueError,
     "years must be integers"),
    ("homicides-years-float-in-list", lambda: load_homicides(years=[2010, 2011.0]),
     ValueError, "2011.0 (float)"),
    ("homicides-years-bool", lambda: load_homicides(years=True), ValueError,
     "years must be integers"),
    ("population-years-none-in-list", lambda: load_population(years=[2010, None]),
     ValueError, "None (NoneType)"),
    ("homicides-years-dict", lambda: load_homicides(years={2010: "a"}), ValueError,
     "years must be integers"),
    ("aid-years-string", lambda: load_aid("greenbook", years="2010"), ValueError,
     "years must be integers"),
    # --- years: tuples are spans everywhere
    ("homicides-years-three-tuple", lambda: load_homicides(years=(2006, 2008, 2010)),
     ValueError, "a tuple is read as a span (first, last)"),
    ("homicides-years-tuple-backwards", lambda: load_homicides(years=(2012, 2006)),
     ValueError, "the first year 2012 is after the last 2006"),
    ("population-years-tuple-float", lambda: load_population(years=(2010.0, 2012)),
     ValueError, "a tuple is read as a span"),
    ("aid-years-tuple-backwards", lambda: load_aid("greenbook", years=(2015, 2008)),
     ValueError, "the first year 2015 is after the last 2008"),
    # --- choices and names
    ("homicides-unknown-series", lambda: load_homicides(series=["inegi_occurrence", "nope"]),
     ValueError, "Unknown series 'nope'"),
    ("homicides-unknown-level", lambda: load_homicides("county"), ValueError,
     "Unknown level 'county'"),
    ("homicides-unknown-state", lambda: load_homicides(states=["Michoacan", "Atlantis"]),
     UnknownStateError, "Unknown state 'Atlantis'"),
    ("homicides-national-states", lambda: load_homicides("national", states="16"),
     ValueError, "states cannot be chosen at the national level"),
    ("geo-float-state", lambda: load_municipalities_geo(16.0), UnknownStateError,
     "Unknown state 16.0"),
    ("geo-dict-states", lambda: load_municipalities_geo({"16": 1}), TypeError,
     "states={'16': 1} is a dict"),
    # --- aid: deflating
    ("to-constant-fiscal-year-text", lambda: to_constant(aid_frame(fiscal_year=["FY2010"])),
     ValueError, "fiscal_year has value(s) that are not whole years: ['FY2010']"),
    ("to-constant-base-year-string", lambda: to_constant(aid_frame(), base_year="2022"),
     ValueError, "base_year='2022' must be an integer"),
    ("to-constant-base-year-float", lambda: to_constant(aid_frame(), base_year=2022.0),
     ValueError, "base_year=2022.0 must be an integer"),
    ("deflator-base-year-string", lambda: deflator("2019"), ValueError,
     "base_year='2019' must be an integer"),
    ("to-constant-no-fiscal-year", lambda: to_constant(pd.DataFrame({"amount_usd": [1.0]})),
     ValueError, "frame lacks column(s) ['fiscal_year']"),
    ("to-constant-text-amounts", lambda: to_constant(aid_frame(amount_usd=["1,000"])),
     ValueError, "column(s) ['amount_usd'] must be numeric"),
    ("to-constant-not-a-frame", lambda: to_constant([2010, 1.0]), TypeError,
     "frame must be a pandas DataFrame, got a list"),
    # --- events: booleans, columns, dates
    ("events-state-actions-string", lambda: filter_events(events(), state_actions_only="no"),
     ValueError, "state_actions_only='no' must be True or False"),
    ("events-state-actions-int", lambda: filter_events(events(), state_actions_only=1),
     ValueError, "state_actions_only=1 must be True or False"),
    ("events-state-actions-none", lambda: filter_events(events(), state_actions_only=None),
     ValueError, "state_actions_only=None must be True or False"),
    ("events-no-date", lambda: filter_events(events().drop(columns="date"), start="2010"),
     ValueError, "events lacks column(s) ['date']"),
    ("events-no-organization",
     lambda: filter_events(events().drop(columns="organization_group"),
                           organization="Los Zetas"),
     ValueError, "events lacks column(s) ['organization_group']"),
    ("events-not-a-frame", lambda: filter_events(["KP001"], role="leader"), TypeError,
     "events must be a pandas DataFrame"),
    ("events-impossible-start", lambda: filter_events(events(), start="2010-13-01"),
     ValueError, "start='2010-13-01'"),
    ("events-missing-start", lambda: filter_events(events(), start=pd.NaT), ValueError,
     "start is missing"),
    ("events-start-after-end", lambda: filter_events(events(), start="2012", end="2010"),
     ValueError, "is after end"),
    ("events-start-a-year-number", lambda: filter_events(events(), start=2010), ValueError,
     "start=2010 is not a date (type int)"),
    ("events-end-a-float", lambda: filter_events(events(), end=2012.5), ValueError,
     "end=2012.5 is not a date (type float)"),
    ("context-start-a-year-number", lambda: load_context_timeline(start=2010), ValueError,
     "start=2010 is not a date"),
    ("context-presidency-empty", lambda: load_context_timeline(presidency=[]), ValueError,
     "at least one value"),
    ("find-person-none", lambda: find_person(events(), None), TypeError,
     "who=None is not text"),
    ("find-person-number", lambda: find_person(events(), 5), TypeError,
     "who=5 is not text (type int)"),
    # --- presidency_on: missing and impossible dates
    ("presidency-nat", lambda: presidency_on(pd.NaT), ValueError, "date is missing (NaT)"),
    ("presidency-none", lambda: presidency_on(None), ValueError, "date is missing (None)"),
    ("presidency-nan", lambda: presidency_on(float("nan")), ValueError, "date is missing"),
    ("presidency-impossible", lambda: presidency_on("2010-13-01"), ValueError,
     "ISO string"),
    ("presidency-too-early", lambda: presidency_on("1980-01-01"), ValueError,
     "before the first term"),
    # --- rates
    ("term-rates-empty-frame", lambda: term_rates(nat().iloc[:0]), ValueError,
     "frame has no rows"),
    ("term-rates-unknown-term", lambda: term_rates(nat(), "obama"), ValueError,
     "Unknown term(s) ['obama']"),
    ("term-rates-no-population", lambda: term_rates(nat().drop(columns="population")),
     ValueError, "frame lacks column(s) ['population']"),
    ("term-rates-text-population",
     lambda: term_rates(nat().assign(population=nat()["population"].astype(str))),
     ValueError, "column(s) ['population'] must be numeric"),
    ("term-rates-series-not-frame", lambda: term_rates(nat()["homicides"]), TypeError,
     "frame must be a pandas DataFrame, got a Series"),
    ("term-rates-mixed-series", lambda: term_rates(load_homicides("national")), ValueError,
     "frame mixes series"),
    ("rank-table-years-empty", lambda: rank_table(states(), []), ValueError,
     "years is empty"),
    ("rank-table-years-string", lambda: rank_table(states(), "2010"), ValueError,
     "years must be integers"),
    ("rank-table-duplicates", lambda: rank_table(duplicated_state_year(), [2010]),
     ValueError, "duplicated cve_ent-year row(s), e.g. cve_ent='01', year=2010"),
    ("pooled-years-backwards", lambda: pooled_rates(states(), range(2015, 2010), "cve_ent"),
     ValueError, "years is empty"),
    ("pooled-duplicates", lambda: pooled_rates(duplicated_state_year(), [2010], "cve_ent"),
     ValueError, "duplicated cve_ent-year row(s)"),
    ("pooled-years-absent", lambda: pooled_rates(states(), [1990], "cve_ent"), ValueError,
     "No rows for years [1990]"),
    # --- spatial
    ("moran-by-year-mixed-series",
     lambda: moran_by_year(load_homicides("state", years=2010), _w(), permutations=99),
     ValueError, "frame mixes series"),
    ("moran-by-year-duplicates",
     lambda: moran_by_year(duplicated_state_year(), _w(), permutations=99), ValueError,
     "duplicated state-year row(s)"),
    ("moran-by-year-text-values",
     lambda: moran_by_year(year(2010).assign(rate="high"), _w(), permutations=99),
     ValueError, "column(s) ['rate'] must be numeric"),
    ("lisa-two-column-frame",
     lambda: lisa(year(2010).set_index("cve_ent")[["rate", "homicides"]], _w(),
                  permutations=99),
     ValueError, "values is a DataFrame with 2 columns"),
    ("lisa-duplicate-states",
     lambda: lisa(pd.concat([year(2010), year(2010).head(1)]).set_index("cve_ent")["rate"],
                  _w(), permutations=99),
     ValueError, "several entries for state(s) ['01']"),
    ("moran-list", lambda: moran([1.0] * 32, _w(), permutations=99), TypeError,
     "values must be a pandas Series"),
    # --- event study: codes and dates
    ("event-study-missing-date", lambda: event_study(with_date(None)), ValueError,
     "date of event KP011 is missing"),
    ("event-study-nat-date", lambda: event_study(with_date(pd.NaT)), ValueError,
     "date of event KP011 is missing"),
    ("event-study-impossible-date", lambda: event_study(with_date("2010-13-01")),
     ValueError, "date of event KP011 '2010-13-01' is not a valid date"),
    ("event-study-state-name-as-code",
     lambda: event_study(events().assign(cve_ent="Jalisco")), ValueError,
     "cve_ent has value(s) that are not 2-digit INEGI codes: ['Jalisco']"),
    ("event-study-window-float", lambda: event_study(events(), window=12.0), ValueError,
     "window"),
    # --- maps
    ("state-map-years-empty", lambda: state_map(states(), years=[]), ValueError,
     "years is empty"),
    ("state-map-years-string", lambda: state_map(states(), years="2010"), ValueError,
     "years must be integers"),
    ("state-map-infinite-rate",
     lambda: state_map(year(2010).assign(rate=np.where(year(2010)["cve_ent"] == "16",
                                                        np.inf, year(2010)["rate"]))),
     ValueError, "Column 'rate' has 1 infinite value(s)"),
    ("state-map-not-a-frame", lambda: state_map([1, 2]), TypeError,
     "data must be a pandas DataFrame"),
    ("static-maps-years-empty", lambda: static_state_maps(states(), []), ValueError,
     "years is empty"),
    ("static-maps-years-float", lambda: static_state_maps(states(), 2010.5), ValueError,
     "years must be integers"),
    ("state-map-state-names-as-codes", lambda: state_map(year(2010).assign(cve_ent="Jalisco")),
     ValueError, "cve_ent has value(s) that are not 2-digit INEGI codes: ['Jalisco']"),
    ("municipal-map-bad-codes",
     lambda: municipal_map(pd.DataFrame({"cvegeo": ["Aguascalientes"], "year": [2010],
                                         "rate": [1.0], "homicides": [1]}), "01"),
     ValueError, "cvegeo has value(s) that are not 5-digit INEGI codes"),
    # --- explorers and quizzes
    ("explorer-render-returns-none", lambda: explorer(lambda scale: None), TypeError,
     "render(scale=1) returned a NoneType, not a matplotlib Figure"),
    ("explorer-render-not-callable", lambda: explorer("plot"), TypeError,
     "render must be a function"),
    ("quiz-nan", lambda: intro_quiz(float("nan")), ValueError,
     "n_states=nan must be a finite number"),
    ("quiz-inf", lambda: intro_quiz(np.float64("inf")), ValueError,
     "must be a finite number"),
    ("quiz-none", lambda: intro_quiz(None), ValueError, "n_states=None is missing"),
    ("quiz-pandas-na", lambda: intro_quiz(pd.NA), ValueError, "is missing"),
]


def test_the_table_is_long_enough_and_ids_are_unique():
    ids = [case[0] for case in BAD]
    assert len(ids) >= 60
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize(("call", "error", "fragment"), [c[1:] for c in BAD],
                         ids=[c[0] for c in BAD])
def test_bad_input_raises_a_clear_error(call, error, fragment):
    with pytest.raises(error, match=re.escape(fragment)):
        call()


# --------------------------------------------------------------------------- accepted inputs

def _years(frame: pd.DataFrame) -> list[int]:
    return sorted(int(y) for y in frame["year"].unique())


#: (case id, call, expected value)
GOOD = [
    ("homicides-numpy-year", lambda: _years(load_homicides(years=np.int64(2010))), [2010]),
    ("homicides-unique-years",
     lambda: _years(load_homicides(series="inegi_occurrence",
                                   years=states()["year"].unique()[:3])),
     [2000, 2001, 2002]),
    ("homicides-index-years", lambda: _years(load_homicides(years=pd.Index([2011, 2010]))),
     [2010, 2011]),
    ("homicides-tuple-span",
     lambda: _years(load_homicides(series="inegi_registration", years=(2006, 2008))),
     [2006, 2007, 2008]),
    ("population-tuple-span", lambda: _years(load_population(years=(2006, 2008))),
     [2006, 2007, 2008]),
    ("aid-tuple-span",
     lambda: sorted(load_aid("greenbook", years=(2006, 2008))["fiscal_year"].unique()),
     [2006, 2007, 2008]),
    ("aid-one-year", lambda: sorted(load_aid("greenbook", years=2010)["fiscal_year"].unique()),
     [2010]),
    ("population-numpy-year", lambda: _years(load_population(years=np.int32(2010))), [2010]),
    ("geo-numpy-state", lambda: sorted(load_municipalities_geo(np.int64(1))["cve_ent"].unique()),
     ["01"]),
    ("term-rates-one-term-string", lambda: term_rates(nat(), "calderon")["term"].tolist(),
     ["calderon"]),
    ("rank-table-one-year", lambda: list(rank_table(states(), 2010).columns), [2010]),
    ("pooled-one-year", lambda: len(pooled_rates(states(), 2010, "cve_ent")), 32),
    ("static-maps-one-year", lambda: len(static_state_maps(states(), 2010).axes), 1),
    ("lisa-one-column-frame",
     lambda: len(lisa(year(2010).set_index("cve_ent")[["rate"]], _w(), permutations=99)), 32),
    ("filter-events-numpy-bool",
     lambda: len(filter_events(events(), state_actions_only=np.False_)) == len(events()), True),
    ("quiz-numpy-integer", lambda: intro_quiz(np.int64(32)).name, "intro"),
]


@pytest.mark.parametrize(("call", "expected"), [c[1:] for c in GOOD], ids=[c[0] for c in GOOD])
def test_look_alike_input_is_accepted(call, expected):
    assert call() == expected


def test_event_study_reads_integer_state_codes_like_text():
    as_text = event_study(events())
    as_int = event_study(events().assign(cve_ent=pd.to_numeric(events()["cve_ent"])))
    assert as_int.attrs["notes"] == as_text.attrs["notes"]
    pd.testing.assert_frame_equal(as_int, as_text)


def test_event_study_panel_with_integer_state_codes_matches_the_events():
    monthly = load_homicides("state", freq="month", series="inegi_occurrence")
    as_text = event_study(events(), panel=monthly)
    as_int = event_study(events(), panel=monthly.assign(cve_ent=monthly["cve_ent"].astype(int)))
    assert as_int.attrs["notes"] == as_text.attrs["notes"]


def test_municipal_map_reads_integer_municipal_codes_like_text():
    frame = load_homicides("municipality", series="inegi_occurrence", years=2010, states="01")
    as_int = municipal_map(frame.assign(cvegeo=frame["cvegeo"].astype(int)), "01")
    assert as_int.summary.equals(municipal_map(frame, "01").summary)


def test_maps_read_integer_state_codes_like_text():
    frame = year(2010)
    as_int = frame.assign(cve_ent=frame["cve_ent"].astype(int))
    assert state_map(as_int).summary.equals(state_map(frame).summary)
    colours = [[tuple(c) for c in static_state_maps(f, 2010).axes[0].collections[0]
                .get_facecolors()] for f in (frame, as_int)]
    assert colours[0] == colours[1]


def test_organisation_absent_from_a_subset_is_known_not_unknown():
    fox = filter_events(events(), presidency="fox")
    assert "Knights Templar" not in set(fox["organization_group"])
    assert filter_events(fox, organization="Knights Templar").empty


# --------------------------------------------------------------------------- flagged, not wrong

def test_term_rates_missing_value_flags_the_term_and_keeps_sums_paired():
    complete = term_rates(nat(), ["calderon"]).iloc[0]
    assert bool(complete["complete"])
    for column in ("population", "homicides"):
        gap = term_rates(with_gap(nat(), column, lambda f: f["year"] == 2010),
                         ["calderon"]).iloc[0]
        assert not bool(gap["complete"])
        assert gap["periods"] == complete["periods"] - 1
        kept = nat()[nat()["year"].between(2007, 2012) & (nat()["year"] != 2010)]
        expected = kept["homicides"].sum() / kept["population"].sum() * 1e5
        assert math.isclose(gap["rate"], expected)


def test_pooled_rates_missing_population_flags_the_area():
    years = range(2007, 2013)
    gap = with_gap(states(), "population", lambda f: (f["year"] == 2010) & (f["cve_ent"] == "16"))
    pooled = pooled_rates(gap, years, "cve_ent").set_index("cve_ent")
    assert not bool(pooled.loc["16", "complete"]) and pooled.loc["16", "years"] == 5
    assert bool(pooled.drop(index="16")["complete"].all())
    kept = states()[states()["year"].isin(years) & (states()["year"] != 2010)
                    & (states()["cve_ent"] == "16")]
    assert math.isclose(pooled.loc["16", "rate"],
                        kept["homicides"].sum() / kept["population"].sum() * 1e5)


# --------------------------------------------------------------------------- pipeline --out

RAW = raw_dir()
needs_raw = pytest.mark.skipif(not RAW.is_dir(), reason=f"raw folder {RAW} not present")


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_output_folder_with_a_foreign_file_is_refused_before_writing(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "my_analysis.ipynb").write_text("{}")
    (out / "README.md").write_text("hand-written\n")
    before = _snapshot(out)
    with pytest.raises(OutputFolderError, match=re.escape(f"The output folder {out} holds 1 "
                                                          "file(s) the pipeline did not write: "
                                                          "my_analysis.ipynb")):
        write_data([], out)
    assert _snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder left


def test_output_folder_that_is_a_file_is_refused(tmp_path):
    target = tmp_path / "data"
    target.write_text("not a folder")
    with pytest.raises(OutputFolderError, match="is a file, not a folder"):
        check_output_folder(target)


def test_a_foreign_datapackage_is_not_the_pipelines(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "datapackage.json").write_text(json.dumps(
        {"name": "someone-else", "resources": [{"path": "theirs.csv"}]}))
    (out / "theirs.csv").write_text("a\n1\n")
    with pytest.raises(OutputFolderError, match="datapackage.json, theirs.csv"):
        check_output_folder(out)


def test_pipeline_removes_only_files_its_datapackage_listed(tmp_path):
    out = tmp_path / "out"
    write_data([], out)
    package = json.loads((out / "datapackage.json").read_text())
    package["resources"] = [{"name": "old", "path": "old_table.csv"}]
    (out / "datapackage.json").write_text(json.dumps(package | {"name": package["name"]}))
    (out / "old_table.csv").write_text("stale\n")
    (out / "README.md").write_text("kept\n")
    write_data([], out)
    assert sorted(_snapshot(out)) == ["README.md", "datapackage.json"]


@needs_raw
def test_pipeline_cli_refuses_an_out_folder_with_foreign_files(tmp_path, capsys):
    from helpers.pipeline import population

    raw = tmp_path / "raw"
    for item in population.RAW_FILES:
        (raw / item.relpath).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(RAW / item.relpath, raw / item.relpath)
    out = tmp_path / "built"
    assert pipeline_main(["--raw", str(raw), "--out", str(out), "--only", "population"]) == 0
    (out / "notes.ipynb").write_text("{}")
    (out / "extra.csv").write_text("mine\n")
    before = _snapshot(out)
    assert pipeline_main(["--raw", str(raw), "--out", str(out), "--only", "population"]) == 1
    message = capsys.readouterr().err
    assert f"The output folder {out} holds 2 file(s) the pipeline did not write" in message
    assert "extra.csv, notes.ipynb" in message
    assert "data/" not in message.replace(str(out), "")
    assert _snapshot(out) == before
