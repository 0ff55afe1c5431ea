"""Invariants of the processed population and homicide tables, and the loaders' errors."""

from __future__ import annotations

import calendar
import hashlib
import json

import numpy as np
import pandas as pd
import pytest

from helpers.data import SERIES, load_homicides, load_population, read_table, series_table
from helpers.reference.paths import data_dir
from helpers.reference.states import STATE_CODES, UnknownStateError

PACKAGE = json.loads((data_dir() / "datapackage.json").read_text(encoding="utf-8"))
MINE = sorted(r["name"] for r in PACKAGE["resources"]
              if r.get("pipeline") in ("population", "homicides"))


@pytest.fixture(scope="module")
def state_year():
    return read_table("homicides_state_year")


@pytest.fixture(scope="module")
def national_year():
    return read_table("homicides_national_year")


@pytest.fixture(scope="module")
def state_month():
    return read_table("homicides_state_month")


@pytest.fixture(scope="module")
def muni_year():
    return read_table("homicides_municipality_year")


def test_every_series_has_32_states_in_every_year_of_its_coverage(state_year):
    for key, info in SERIES.items():
        first, last = info.coverage[("state", "year")]
        part = state_year[state_year["series"] == key]
        assert sorted(part["year"].unique()) == list(range(first, last + 1)), key
        per_year = part.groupby("year")["cve_ent"].apply(lambda s: sorted(s))
        assert all(codes == list(STATE_CODES) for codes in per_year), key


def test_every_monthly_series_has_32_states_in_every_month(state_month):
    for key, info in SERIES.items():
        if ("state", "month") not in info.coverage:
            assert key == "inegi_registration"
            continue
        first, last = info.coverage[("state", "month")]
        part = state_month[state_month["series"] == key]
        counts = part.groupby(["year", "month"])["cve_ent"].nunique()
        assert (counts == 32).all(), key
        assert counts.index[0] == (first, 1), key
        assert counts.index[-1][0] == last, key
        assert len(counts) == (last - first) * 12 + counts.index[-1][1] - counts.index[0][1] + 1


def test_states_plus_not_in_states_sum_to_national(state_year, national_year):
    summed = state_year.groupby(["series", "year"])["homicides"].sum().sort_index()
    national = national_year.set_index(["series", "year"]).sort_index()
    assert summed.index.equals(national.index)
    assert (summed + national["not_in_states"] == national["homicides"]).all()
    # only INEGI registration places deaths abroad or in an unknown state
    outside = national.loc[national["not_in_states"] > 0].index.get_level_values("series")
    assert set(outside) == {"inegi_registration"}


def test_monthly_counts_sum_to_yearly_counts(state_year, state_month):
    yearly = state_month.groupby(["series", "cve_ent", "year"])["homicides"].agg(["sum", "size"])
    full = yearly[yearly["size"] == 12]["sum"]
    from_year = state_year.set_index(["series", "cve_ent", "year"])["homicides"]
    common = from_year.index.intersection(full.index)
    assert len(common) == len(from_year) - 26 * 32  # all but INEGI registration
    assert (from_year.loc[common] == full.loc[common]).all()


def test_no_negative_counts_and_no_missing_values():
    for name in MINE:
        frame = read_table(name)
        assert not frame.isna().any().any(), name
        for column in ("homicides", "population", "rate", "rate_annualized"):
            if column in frame:
                assert (frame[column] >= 0).all(), (name, column)


@pytest.mark.parametrize("name", ["homicides_state_year", "homicides_national_year",
                                  "homicides_municipality_year"])
def test_rate_is_homicides_per_100000(name):
    frame = read_table(name)
    expected = frame["homicides"] / frame["population"] * 1e5
    assert np.allclose(frame["rate"], expected, rtol=0, atol=5.1e-5)


def test_monthly_rate_is_annualised(state_month):
    days = [calendar.monthrange(y, m)[1] for y, m in zip(state_month["year"],
                                                          state_month["month"], strict=True)]
    year_days = [366 if calendar.isleap(y) else 365 for y in state_month["year"]]
    expected = (state_month["homicides"] / state_month["population"] * 1e5
                * np.array(year_days) / np.array(days))
    assert np.allclose(state_month["rate_annualized"], expected, rtol=0, atol=5.1e-5)


def test_inegi_registration_reproduces_inegi_printed_national_totals(national_year):
    refs = read_table("homicides_national_reference").set_index(["reference", "year"])
    ours = national_year[national_year["series"] == "inegi_registration"].set_index("year")
    printed = refs.loc["inegi_printed_total"]["homicides"]
    assert list(ours.index) == list(range(1990, 2016))
    assert (ours["homicides"] == printed.loc[ours.index]).all()
    # an independent compilation (Valle-Jones, H8) gives the same totals
    h8 = refs.loc["h8_inegi_registration"]["homicides"]
    assert (ours["homicides"] == h8.loc[ours.index]).all()
    assert ours.loc[2010, "homicides"] == 25757


def test_sesnsp_cases_match_final_sesnsp_series_until_2009(national_year):
    refs = read_table("homicides_national_reference").set_index(["reference", "year"])
    h8 = refs.loc["h8_sesnsp_cases"]["homicides"]
    ours = national_year[national_year["series"] == "sesnsp_cases"].set_index("year")["homicides"]
    years = range(1997, 2010)
    assert (ours.loc[years] == h8.loc[years]).all()


def test_population_levels_are_consistent():
    states = read_table("population_state_year")
    national = read_table("population_national_year").set_index("year")["population"]
    munis = read_table("population_municipality_year")
    assert (states.groupby("year")["population"].sum() == national).all()
    assert sorted(states["year"].unique()) == list(range(1990, 2031))
    assert munis["cvegeo"].nunique() == 2475
    by_state = munis[munis["year"] <= 2030].groupby(["cve_ent", "year"])["population"].sum()
    assert (by_state == states.set_index(["cve_ent", "year"])["population"]).all()


def test_municipal_tables_add_up(muni_year, state_year):
    pop = read_table("population_state_year").set_index(["cve_ent", "year"])["population"]
    for key in ("inegi_registration", "inegi_occurrence"):
        part = muni_year[muni_year["series"] == key]
        # merging new municipalities into parents keeps every inhabitant of the state
        assert (part.groupby(["cve_ent", "year"])["population"].sum()
                == pop.loc[part.groupby(["cve_ent", "year"]).size().index]).all()
    reg = muni_year[muni_year["series"] == "inegi_registration"]
    state = state_year[state_year["series"] == "inegi_registration"].set_index(
        ["cve_ent", "year"])["homicides"]
    muni_sum = reg.groupby(["cve_ent", "year"])["homicides"].sum()
    assert (muni_sum <= state.loc[muni_sum.index]).all()  # unknown municipality left out
    assert (muni_sum >= 0.9 * state.loc[muni_sum.index]).sum() > 0.9 * len(muni_sum)
    month = read_table("homicides_municipality_month")
    assert (month["homicides"] > 0).all()
    occ = muni_year[muni_year["series"] == "inegi_occurrence"]
    assert month["homicides"].sum() == occ["homicides"].sum()
    assert (month.groupby(month["cvegeo"].str[:2])["homicides"].sum()
            == occ.groupby("cve_ent")["homicides"].sum()).all()


def test_new_municipalities_are_merged_into_a_parent_of_the_same_state(muni_year):
    parents = read_table("municipality_parents")
    assert (parents["cvegeo"].str[:2] == parents["parent"].str[:2]).all()
    assert not set(parents["parent"]) & set(parents["cvegeo"])
    known = set(read_table("population_municipality_year")["cvegeo"])
    assert set(parents["parent"]) <= known
    tulum = parents.set_index("cvegeo").loc["23009"]
    assert tulum["parent"] == "23008"  # Solidaridad
    # Tulum has no row of its own before INEGI records a death there
    reg = muni_year[(muni_year["series"] == "inegi_registration")
                    & (muni_year["cvegeo"] == "23009")]
    assert reg["year"].min() > 2000
    for child in ("12082", "12083", "12084", "12085"):  # created after 2021
        assert child not in set(muni_year["cvegeo"])


def test_every_file_is_described_with_matching_bytes_and_hash():
    described = {r["path"]: r for r in PACKAGE["resources"]}
    on_disk = {p.relative_to(data_dir()).as_posix() for p in data_dir().rglob("*")
               if p.is_file()} - {"datapackage.json", "README.md"}
    assert on_disk == set(described)
    for path, resource in described.items():
        payload = (data_dir() / path).read_bytes()
        assert resource["bytes"] == len(payload), path
        assert resource["hash"] == "sha256:" + hashlib.sha256(payload).hexdigest(), path


def test_datapackage_is_valid_frictionless():
    from frictionless import Package

    report = Package.validate_descriptor(PACKAGE)
    assert report.valid, report.flatten(["type", "note"])[:5]
    package = Package(data_dir() / "datapackage.json")
    large = {"homicides_municipality_year", "homicides_municipality_month",
             "population_municipality_year", "homicides_state_month"}
    for name in MINE:
        # full validation (incl. bytes and hash) of the small tables; the first
        # 20,000 rows of the large ones (read_table checks them fully on load)
        result = package.get_resource(name).validate(
            limit_rows=20_000 if name in large else None)
        assert result.valid, (name, result.flatten(["rowNumber", "fieldName", "type", "note"]))


def test_loaders_filter_by_any_state_name_and_years():
    df = load_homicides("state", series="sesnsp_cases", years=[2013, 2014],
                        states=["Michoacan", "Guerrero"])
    assert set(df["cve_ent"]) == {"16", "12"} and set(df["year"]) == {2013, 2014}
    mich = df.set_index(["cve_ent", "year"])["homicides"]
    assert (mich.loc[("16", 2013)], mich.loc[("16", 2014)]) == (902, 904)
    month = load_homicides("national", "month", series="sesnsp_victims", years=2025)
    assert list(month["month"]) == [1, 2, 3, 4, 5, 6]
    assert month["homicides"].sum() == 12752
    muni = load_homicides("municipality", "month", states="16", years=2013)
    assert muni["homicides"].sum() == 948 and set(muni["series"]) == {"inegi_occurrence"}
    assert list(load_population("national", years=2010)["population"]) == [114756059]
    assert load_population("municipality", states="Distrito Federal")["cvegeo"].nunique() == 16
    assert set(series_table()["series"]) == set(SERIES)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"level": "county"}, "Unknown level 'county'; use one of: 'national', 'state'"),
        ({"freq": "week"}, "Unknown freq 'week'; use one of: 'year', 'month'"),
        ({"series": "inegi"}, "Unknown series 'inegi'; choose from inegi_registration"),
        ({"level": "municipality", "series": "sesnsp_victims"},
         "has no municipality × year table; at that level and frequency choose from "
         "inegi_registration, inegi_occurrence"),
        ({"series": "inegi_registration", "years": 2016},
         r"covers 1990–2015 at state × year; years \[2016\] are outside"),
        ({"freq": "month", "series": "sesnsp_victims", "years": 2026},
         r"covers 2015–2025 at state × month; years \[2026\]"),
        ({"series": ["sesnsp_cases", "sesnsp_victims"], "years": 1990},
         r"Years \[1990\] are covered by none of the series \(sesnsp_cases 1997–2014"),
        ({"years": "2010"}, "years must be integers"),
        ({"level": "national", "states": "Sonora"}, "states cannot be chosen at the national"),
    ],
)
def test_load_homicides_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        load_homicides(**kwargs)


def test_unknown_state_lists_closest_matches():
    with pytest.raises(UnknownStateError, match="Closest matches: Michoacán"):
        load_homicides(states="Michoacano")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"level": "region"}, "Unknown level 'region'"),
        ({"level": "state", "years": 1980}, r"state population covers 1990–2030; years \[1980\]"),
        ({"level": "national", "states": "Jalisco"}, "states cannot be chosen at the national"),
    ],
)
def test_load_population_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        load_population(**kwargs)


def test_series_table_lists_every_coverage():
    table = series_table()
    row = table[(table["series"] == "inegi_occurrence") & (table["level"] == "municipality")
                & (table["freq"] == "year")]
    assert (row["first_year"].item(), row["last_year"].item()) == (2000, 2021)
    assert isinstance(table, pd.DataFrame)
