"""Kingpin events and context timeline: pipeline output, loaders, filters, counts, figure."""

from __future__ import annotations

import datetime as dt

import matplotlib
import pandas as pd
import pytest

from helpers.analysis import events as events_count
from helpers.data import events as events_data
from helpers.pipeline import kingpins
from helpers.reference.paths import raw_dir
from helpers.reference.presidency import presidency_on
from helpers.reference.states import STATE_CODES, normalize_state
from helpers.viz.figures import events as events_fig

matplotlib.use("Agg")

RAW = raw_dir() / "kingpins"
needs_raw = pytest.mark.skipif(not RAW.is_dir(), reason="raw kingpins folder not available")


@pytest.fixture(scope="module")
def ev() -> pd.DataFrame:
    return events_data.load_kingpin_events()


@pytest.fixture(scope="module")
def ctx() -> pd.DataFrame:
    return events_data.load_context_timeline()


@pytest.fixture(scope="module")
def raw_events() -> pd.DataFrame:
    if not RAW.is_dir():
        pytest.skip("raw kingpins folder not available")
    return pd.read_csv(RAW / "kingpin_events.csv", dtype=str, keep_default_na=False)


# --- the processed tables keep every raw row and its sources -------------------------------


@needs_raw
def test_every_raw_row_kept_with_sources(ev, raw_events):
    assert len(ev) == len(raw_events) == 82
    merged = raw_events.merge(ev, on="event_id", suffixes=("_raw", ""))
    assert len(merged) == 82
    for column in ("source_1", "name", "organization", "role", "event_type", "date_precision"):
        assert (merged[f"{column}_raw"] == merged[column].fillna("")).all(), column
    assert (merged["source_2_raw"] == merged["source_2"].fillna("")).all()
    assert (merged["notes_raw"] == merged["notes"].fillna("")).all()
    assert (merged["date_raw"] == merged["date"].dt.strftime("%Y-%m-%d")).all()


@needs_raw
def test_every_state_in_the_dataset_normalises(ev, raw_events):
    states = sorted({s for s in raw_events["place_state"] if s})
    assert len(states) == 21
    for name in states:
        assert normalize_state(name) in STATE_CODES
    merged = raw_events.merge(ev[["event_id", "cve_ent"]], on="event_id")
    with_state = merged["place_state"] != ""
    assert merged.loc[with_state, "cve_ent"].notna().all()
    assert merged.loc[~with_state, "cve_ent"].isna().all()
    assert ev.loc[ev["place_state"] == "México", "cve_ent"].eq("15").all()
    assert ev.loc[ev["place_state"] == "Ciudad de México", "cve_ent"].eq("09").all()
    assert ev.loc[ev["country"] != "Mexico", "cve_ent"].isna().all()


def test_context_states_normalise(ctx):
    with_state = ctx["place_state"].notna()
    assert ctx.loc[with_state, "cve_ent"].isin(STATE_CODES).all()
    assert ctx.loc[ctx["place_state"] == "Michoacán de Ocampo", "cve_ent"].eq("16").all()


@needs_raw
def test_presidency_matches_compiler_and_function(ev, raw_events):
    short = {t: presidency_on(d).short for t, d in zip(ev["event_id"], ev["date"], strict=True)}
    raw = dict(zip(raw_events["event_id"], raw_events["presidency"], strict=True))
    assert short == raw
    assert (ev["presidency_label"] == ev["event_id"].map(short)).all()


def test_date_precision_kept(ev, ctx):
    assert ev["date_precision"].value_counts().to_dict() == {"day": 79, "month": 3}
    month = ev[ev["date_precision"] == "month"]
    assert (month["date"].dt.day == 1).all()
    assert set(ctx["date_precision"]) == {"day", "month", "year"}
    assert ctx.loc[ctx["date_as_given"] == "2012", "date"].iloc[0] == pd.Timestamp("2012-01-01")


def test_presidency_uncertain_when_a_year_spans_two_terms(ctx):
    row = ctx[ctx["date_as_given"] == "2012"].iloc[0]
    assert row["presidency"] == "calderon"
    assert not row["presidency_certain"]
    # 2017 lies wholly inside Peña Nieto's term; month-precision rows of one term are certain.
    assert ctx.loc[ctx["date_as_given"] == "2017", "presidency_certain"].iloc[0]
    assert ctx.loc[ctx["date_precision"] == "month", "presidency_certain"].all()


def test_presidency_at_term_boundaries(ctx):
    first_day = ctx[ctx["date_as_given"] == "2006-12-01"].iloc[0]
    assert first_day["presidency"] == "calderon"
    last_day = ctx[ctx["date_as_given"] == "2024-09-30"].iloc[0]
    assert last_day["presidency"] == "lopez_obrador"
    assert presidency_on("2012-11-30").key == "calderon"
    assert presidency_on("2012-12-01").key == "pena_nieto"
    assert presidency_on("2024-10-01").key == "sheinbaum"


def test_span_of_placeholder_dates():
    assert kingpins._span(dt.date(2012, 11, 1), "month") == (dt.date(2012, 11, 1),
                                                             dt.date(2012, 11, 30))
    assert kingpins._span(dt.date(2024, 2, 1), "month")[1] == dt.date(2024, 2, 29)
    assert kingpins._span(dt.date(2012, 1, 1), "year")[1] == dt.date(2012, 12, 31)


def test_conflicts_are_visible(ev):
    disputed = ev[ev["disputed"].notna()]
    assert set(disputed["event_id"]) == set(kingpins.CONFLICTS)
    assert disputed["conflicts"].notna().all()
    # Every row whose notes offer an "Alternative" version is flagged.
    alternative = ev["notes"].fillna("").str.contains("Alternative")
    assert set(ev.loc[alternative, "event_id"]) <= set(disputed["event_id"])
    z40 = ev.set_index("event_id").loc["KP041"]
    assert z40["disputed"] == "place" and "Nuevo Laredo" in z40["conflicts"]


def test_review_flags(ev):
    assert int(ev["reviewed"].sum()) == 41
    assert set(ev.loc[ev["corrected_on_review"], "event_id"]) == {
        "KP004", "KP008", "KP022", "KP034", "KP039", "KP056", "KP067", "KP079"}
    assert set(ev.loc[ev["by_rivals"], "event_id"]) == {"KP007", "KP044"}
    assert int((ev["n_sources"] == 1).sum()) == 9


# --- who removed the leader, and where --------------------------------------------------


def test_actor_column(ev):
    by_id = ev.set_index("event_id")["actor"]
    assert set(by_id[by_id == "us_authorities"].index) == {"KP009", "KP081", "KP082"}
    assert set(by_id[by_id == "rivals"].index) == {"KP007", "KP044"}
    assert set(by_id[by_id == "other"].index) == set(ev.loc[ev["event_type"] == "escaped",
                                                            "event_id"])
    assert set(ev["actor"]) == set(events_data.ACTORS)
    assert (ev["by_rivals"] == (ev["actor"] == "rivals")).all()
    assert set(ev.loc[ev["event_type"].isin(["extradited", "released"]), "actor"]) == {
        "mexican_state"}


def test_released_same_day_flags_only_ovidio_2019(ev):
    flagged = ev.loc[ev["released_same_day"], "event_id"].tolist()
    assert flagged == ["KP071"]
    removals = events_data.filter_events(ev, event_type="removal", actor="all")
    assert "KP071" not in set(removals["event_id"])
    assert "KP071" in set(events_data.filter_events(ev, event_type="captured")["event_id"])


def test_every_named_municipality_has_its_code(ev):
    named = ev["place_municipality"].notna()
    assert (ev["cvegeo"].notna() == named).all()
    assert (ev.loc[named, "cvegeo"].str[:2] == ev.loc[named, "cve_ent"]).all()
    by_id = ev.set_index("event_id")["cvegeo"]
    assert by_id["KP058"] == "16053"  # La Tuta, Morelia
    assert by_id["KP066"] == "08037"  # El Chapo's extradition, Ciudad Juárez
    assert by_id["KP048"] == "25012"  # El Chapo's 2014 capture, Mazatlán


@needs_raw
def test_pipeline_stops_on_an_unknown_municipality(tmp_path, raw_events):
    bad = raw_events.copy()
    bad.loc[bad["event_id"] == "KP058", "place_municipality"] = "Moreliaa"
    path = tmp_path / "kingpin_events.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(ValueError, match="KP058 'Moreliaa' in state 16: no match"):
        kingpins.build_events(path)


@needs_raw
def test_pipeline_stops_on_an_unexplained_arrest_abroad(tmp_path, raw_events):
    bad = raw_events.copy()
    bad.loc[bad["event_id"] == "KP058", "country"] = "United States"
    path = tmp_path / "kingpin_events.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(ValueError, match="KP058.*US_OPERATIONS"):
        kingpins.build_events(path)


def test_municipality_names_reader():
    one = b'{"features": [{"properties": {"cvegeo": "20001", "cve_ent": "20", "name": "X"}}]}'
    assert kingpins.municipality_names(one) == {("20", "x"): ["20001"]}


def test_removals_default_to_the_mexican_state(ev):
    default = events_data.filter_events(ev, event_type="removal")
    assert set(default["actor"]) == {"mexican_state"}
    everyone = events_data.filter_events(ev, event_type="removal", actor="all")
    assert set(everyone["event_id"]) - set(default["event_id"]) == {
        "KP007", "KP044", "KP009", "KP081", "KP082"}
    # The deprecated alias still works and means actor == "mexican_state".
    alias = events_data.filter_events(ev, event_type="removal", state_actions_only=True)
    assert alias["event_id"].tolist() == default["event_id"].tolist()
    assert len(events_data.filter_events(ev, event_type="removal", actor="us_authorities")) == 3
    # Without a removal filter no actor is dropped.
    assert len(events_data.filter_events(ev, presidency="fox")) == 9
    with pytest.raises(ValueError, match="cannot be combined with actor='rivals'"):
        events_data.filter_events(ev, actor="rivals", state_actions_only=True)


def test_captured_and_killed_default_to_the_mexican_state_like_removal(ev):
    """One actor rule: asking for captures or killings by type is asking for removals."""
    for kind in ("captured", "killed"):
        default = events_data.filter_events(ev, event_type=kind)
        assert set(default["actor"]) == {"mexican_state"}, kind
        assert set(default["event_type"]) == {kind}
        everyone = events_data.filter_events(ev, event_type=kind, actor="all")
        assert (everyone["event_type"] == kind).sum() == (ev["event_type"] == kind).sum()
    # Rivals' killings (KP007, KP044) and U.S. arrests (KP009, KP081, KP082) need actor="all".
    killed = events_data.filter_events(ev, event_type="killed")
    assert not {"KP007", "KP044"} & set(killed["event_id"])
    captured = events_data.filter_events(ev, event_type="captured")
    assert not {"KP009", "KP081", "KP082"} & set(captured["event_id"])
    # The two types together are the removals, except the capture undone the same day.
    both = events_data.filter_events(ev, event_type=["captured", "killed"])
    removals = events_data.filter_events(ev, event_type="removal")
    assert set(both["event_id"]) - set(removals["event_id"]) == {"KP071"}
    # The default touches captures and killings only: escapes (actor "other") stay.
    mixed = events_data.filter_events(ev, event_type=["killed", "escaped"])
    assert set(mixed.loc[mixed["event_type"] == "escaped", "event_id"]) == set(
        ev.loc[ev["event_type"] == "escaped", "event_id"])
    assert set(mixed.loc[mixed["event_type"] == "killed", "actor"]) == {"mexican_state"}
    # An explicit actor applies to every row; the same for load_kingpin_events.
    assert len(events_data.filter_events(ev, event_type="captured",
                                         actor="us_authorities")) == 3
    assert (events_data.load_kingpin_events(event_type="killed")["event_id"].tolist()
            == killed["event_id"].tolist())


@needs_raw
def test_pipeline_rejects_unknown_organisation(tmp_path, raw_events):
    bad = raw_events.copy()
    bad.loc[0, "organization"] = "Cartel del Noreste"
    path = tmp_path / "kingpin_events.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(ValueError, match="Cartel del Noreste.*ORGANIZATION_GROUPS"):
        kingpins.build_events(path)


@needs_raw
def test_pipeline_rejects_a_presidency_the_date_contradicts(tmp_path, raw_events):
    bad = raw_events.copy()
    bad.loc[bad["event_id"] == "KP041", "presidency"] = "Calderón"
    path = tmp_path / "kingpin_events.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(ValueError, match="KP041"):
        kingpins.build_events(path)


@needs_raw
def test_pipeline_rejects_unknown_event_type(tmp_path, raw_events):
    bad = raw_events.copy()
    bad.loc[0, "event_type"] = "arrested"
    path = tmp_path / "kingpin_events.csv"
    bad.to_csv(path, index=False)
    with pytest.raises(ValueError, match="event_type values \\['arrested'\\]"):
        kingpins.build_events(path)


def test_context_corrections_and_additions(ctx):
    amended = ctx.set_index("date_as_given")
    assert len(ctx) == 32
    assert "historical truth' only on 27 Jan 2015" in amended.loc["2014-11-07", "event"]
    assert amended.loc["2014-11-07", "amended"] == "corrected"
    assert "'historical truth'" in amended.loc["2015-01-27", "event"]
    assert "Bicentennial Framework" in amended.loc["2021-10-08", "event"]
    assert set(ctx.loc[ctx["amended"] == "added", "date_as_given"]) == {"2015-01-27",
                                                                        "2021-10-08"}
    assert (ctx.loc[ctx["amended"] != "none", "n_sources"] >= 2).all()
    assert ctx["context_id"].tolist() == [f"CT{i:02d}" for i in range(1, 33)]


def test_context_date_formats():
    assert kingpins._context_precision("2010-04") == ("2010-04-01", "month")
    with pytest.raises(ValueError, match="cannot read the date"):
        kingpins._context_precision("April 2010")


# --- filters ---------------------------------------------------------------------------


def test_filter_role_levels(ev):
    leaders = events_data.filter_events(ev, role="leader")
    assert set(leaders["role"]) == {"leader", "co-leader"}
    lieutenants = events_data.filter_events(ev, role="Lieutenant")
    assert set(lieutenants["role"]) == {"lieutenant", "plaza boss", "financier"}
    assert len(leaders) + len(lieutenants) == len(ev)
    assert set(events_data.filter_events(ev, role="plaza boss")["role"]) == {"plaza boss"}


def test_filter_organisation_presidency_type_and_dates(ev):
    zetas = events_data.filter_events(ev, organization="los zetas", presidency="Peña Nieto")
    assert set(zetas["alias"]) == {"Z-40", "Z-42"}
    removals = events_data.filter_events(ev, event_type="removal")
    assert set(removals["event_type"]) == {"captured", "killed"}
    assert not removals["by_rivals"].any()
    # 49 captures + 13 killings, less 2 by rivals, 3 by U.S. authorities and Ovidio 2019.
    assert len(removals) == 49 + 13 - 2 - 3 - 1
    window = events_data.filter_events(ev, start="2015-02-27", end=dt.date(2015, 3, 4))
    assert window["alias"].tolist() == ["La Tuta", "El Cuini", "Z-42"]
    several = events_data.filter_events(ev, presidency=["fox", "AMLO"],
                                        event_type=["escaped", "released"])
    assert set(several["event_id"]) == {"KP001", "KP072"}


def test_load_with_filters_equals_filtering(ev):
    loaded = events_data.load_kingpin_events(presidency="calderon", role="leader")
    assert loaded["event_id"].tolist() == events_data.filter_events(
        ev, presidency="calderon", role="leader")["event_id"].tolist()


def test_context_filters(ctx):
    amlo = events_data.load_context_timeline(presidency="López Obrador")
    assert set(amlo["presidency"]) == {"lopez_obrador"}
    assert len(events_data.load_context_timeline(start="2014-01-01", end="2014-12-31")) == 5
    with pytest.raises(ValueError, match="Unknown presidency 'Obama'"):
        events_data.load_context_timeline(presidency="Obama")
    with pytest.raises(ValueError, match="is after end"):
        events_data.load_context_timeline(start="2015-01-01", end="2014-01-01")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"role": "boss"}, "Unknown role 'boss'. Allowed: 'leader', 'lieutenant'"),
        ({"organization": "Zetas"}, "Did you mean 'Los Zetas'"),
        ({"presidency": "Obama"}, "Unknown presidency 'Obama'. Allowed: 'salinas'"),
        ({"event_type": "arrested"}, "Unknown event type 'arrested'. Allowed: 'captured'"),
        ({"start": "not a date"}, "Cannot read start='not a date' as a date"),
        ({"start": "2015-01-01", "end": "2014-01-01"}, "start \\(2015-01-01\\) is after end"),
        ({"event_type": []}, "Give at least one value"),
        ({"actor": "DEA"}, "Unknown actor 'DEA'. Allowed: 'mexican_state', 'us_authorities'"),
    ],
)
def test_filter_errors(ev, kwargs, message):
    with pytest.raises(ValueError, match=message):
        events_data.filter_events(ev, **kwargs)


def test_find_person(ev):
    assert events_data.find_person(ev, "el chapo")["event_type"].tolist() == [
        "escaped", "captured", "escaped", "captured", "extradited"]
    assert events_data.find_person(ev, "Servando Gómez")["alias"].tolist() == ["La Tuta"]
    with pytest.raises(ValueError, match="No event concerns 'El Chapa'.*El Chapo"):
        events_data.find_person(ev, "El Chapa")
    with pytest.raises(ValueError, match="Give a name"):
        events_data.find_person(ev, "  ")


# --- counts and figure ------------------------------------------------------------------


def test_counts_by_presidency_matches_sources_table(ev):
    table = events_count.counts_by_presidency(ev, actor="all")
    # SOURCES.md section 3 of the compiler.
    assert table.loc["Calderón"].tolist() == [20, 4, 7, 0, 0, 31]
    assert table.loc["Peña Nieto"].tolist() == [16, 6, 4, 1, 3, 30]
    assert table.loc["Sheinbaum", "total"] == 0
    assert table.loc["total"].tolist() == [49, 13, 14, 2, 4, 82]
    by_level = events_count.counts_by_presidency(ev, by="role_level", totals=False, actor="all")
    assert list(by_level.columns) == ["leader", "lieutenant"]
    assert int(by_level.to_numpy().sum()) == 82
    # By default only the Mexican state's own events: no rivals, no U.S. arrests, no escapes.
    state = events_count.counts_by_presidency(ev)
    assert state.loc["Fox"].tolist() == [4, 2, 0, 0, 0, 6]
    assert state.loc["López Obrador"].tolist() == [6, 0, 3, 0, 1, 10]
    assert state.loc["total", "total"] == 75


def test_counts_errors(ev):
    with pytest.raises(ValueError, match="Cannot count by 'place'; choose one of event_type"):
        events_count.counts_by_presidency(ev, by="place")
    with pytest.raises(ValueError, match="not among those asked for"):
        events_count.counts_by_presidency(ev, presidencies=["calderon"])
    with pytest.raises(ValueError, match="after end year"):
        events_count.counts_by_year(ev, start=2020, end=2010)


def test_counts_by_year(ev):
    years = events_count.counts_by_year(ev)
    assert years.index[0] == 2001 and years.index[-1] == 2024
    assert years.loc[2018] == 0 and years.loc[2014] == 12


def test_timeline_figure(ev, ctx):
    fig = events_fig.timeline_figure(ev, ctx)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "Sinaloa Cartel" and len(labels) == ev["organization_group"].nunique()
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == [*events_data.EVENT_TYPES, "context event"]
    with pytest.raises(ValueError, match="No events to draw"):
        events_fig.timeline_figure(ev.iloc[0:0])
    matplotlib.pyplot.close("all")


def test_organization_years_figure(ev):
    fig = events_fig.organization_years_figure(ev, "knights templar")
    ax = fig.axes[0]
    assert ax.get_title(loc="left") == "Knights Templar: 4 events"
    heights = sum(p.get_height() for p in ax.patches)
    assert heights == 4
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(events_data.EVENT_TYPES)
    everything = events_fig.organization_years_figure(ev)
    assert sum(p.get_height() for p in everything.axes[0].patches) == len(ev)
    with pytest.raises(ValueError, match="Unknown organization 'Templars'"):
        events_fig.organization_years_figure(ev, "Templars")
    matplotlib.pyplot.close("all")


def test_organization_years_alt(ev):
    text = events_fig.organization_years_alt(ev, "Los Zetas")
    assert text.startswith("Stacked bars of kingpin events per year for Los Zetas: 9 events")
    assert "8 captured, 1 killed" in text and "most in 2011 (3)" in text


@needs_raw
def test_kingpins_family_rebuilds_byte_for_byte(tmp_path):
    import json

    from helpers.pipeline.run import run
    from helpers.reference.paths import data_dir

    out = tmp_path / "data"
    run(raw_dir(), out, ["kingpins"])
    committed = {r["name"]: r for r in json.loads(
        (data_dir() / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
    rebuilt = {r["name"]: r for r in json.loads(
        (out / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
    for name in ("kingpin_events", "context_timeline"):
        path = f"{name}.csv"
        assert (out / path).read_bytes() == (data_dir() / path).read_bytes(), path
        assert rebuilt[name] == committed[name], name
