"""Event study around kingpin events: arithmetic on synthetic panels, real data, bad inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers.analysis.eventstudy import (
    MAX_WINDOW,
    event_study,
    event_windows,
    make_panel,
    month_index,
    placebo_events,
    post_event_change,
    pre_trend,
)

YEARS = range(2010, 2013)  # 36 months: 2010-01 .. 2012-12


def synthetic_panel(trend_state: bool = False) -> pd.DataFrame:
    """Four states, 2010-2012.

    01: 10 a month, 20 from June 2011 (its event month) on.
    02: 5 every month.
    03, 04: 8 every month (or 03 rising by one a month when ``trend_state``).
    """
    rows = []
    for year in YEARS:
        for month in range(1, 13):
            t = month_index(year, month)
            rows.append(("01", year, month, 20 if t >= month_index(2011, 6) else 10))
            rows.append(("02", year, month, 5))
            step = t - month_index(2010, 1)
            rows.append(("03", year, month, 10 + step if trend_state else 8))
            rows.append(("04", year, month, 8))
    return pd.DataFrame(rows, columns=["cve_ent", "year", "month", "homicides"])


def synthetic_events() -> pd.DataFrame:
    return pd.DataFrame({
        "event_id": ["A", "B"],
        "date": ["2011-06-17", "2011-03-01"],
        "date_precision": ["day", "month"],
        "cve_ent": ["01", "02"],
    })


# --------------------------------------------------------------------------- arithmetic


def test_pooled_percent_change_has_known_answer():
    es = event_study(synthetic_events(), window=6, measure="count", panel=synthetic_panel(),
                     n_boot=200, min_events=2)
    assert es.columns.tolist() == ["rel_month", "estimate", "lower", "upper", "n_events"]
    assert es["rel_month"].tolist() == list(range(-6, 7))
    # A doubles from its event month, B is flat: the pooled change is (100 + 0) / 2.
    expected = [0.0] * 6 + [50.0] * 7
    np.testing.assert_allclose(es["estimate"], expected)
    assert (es["n_events"] == 2).all()
    assert es.attrs["event_ids"] == ["A", "B"]
    assert es.attrs["pre_mean"] == pytest.approx((10 + 5) / 2)
    # Resampling two events: the band runs from "both flat" (0) to "both doubled" (100).
    post = es[es["rel_month"] >= 0]
    assert (post["lower"] == 0).all() and (post["upper"] == 100).all()


def test_difference_measure_is_in_count_units():
    es = event_study(synthetic_events(), window=3, measure="count", relative="difference",
                     panel=synthetic_panel(), n_boot=50)
    np.testing.assert_allclose(es["estimate"], [0, 0, 0, 5, 5, 5, 5])


def test_pre_period_mean_is_zero_in_percent_by_construction():
    es = event_study(synthetic_events(), window=4, measure="count",
                     panel=synthetic_panel(trend_state=True), n_boot=50)
    assert es.loc[es["rel_month"] < 0, "estimate"].mean() == pytest.approx(0.0)


def test_bootstrap_is_reproducible_and_seed_dependent():
    rng = np.random.default_rng(0)
    states = [f"{i:02d}" for i in range(1, 11)]
    long = pd.DataFrame([(s, y, m, int(rng.poisson(30))) for s in states for y in YEARS
                         for m in range(1, 13)],
                        columns=["cve_ent", "year", "month", "homicides"])
    ev = pd.DataFrame({"event_id": [f"E{s}" for s in states],
                       "date": [f"2011-{m:02d}-10" for m in range(1, 11)],
                       "date_precision": "day", "cve_ent": states})
    one = event_study(ev, window=5, measure="count", panel=long, n_boot=100, seed=1)
    two = event_study(ev, window=5, measure="count", panel=long, n_boot=100, seed=1)
    other = event_study(ev, window=5, measure="count", panel=long, n_boot=100, seed=2)
    pd.testing.assert_frame_equal(one, two)
    assert not np.allclose(one["lower"], other["lower"])
    np.testing.assert_allclose(one["estimate"], other["estimate"])
    assert (one["lower"] <= one["estimate"] + 1e-9).all()
    assert (one["estimate"] <= one["upper"] + 1e-9).all()


def test_normal_interval_uses_standard_error_across_events():
    es = event_study(synthetic_events(), window=2, measure="count", panel=synthetic_panel(),
                     interval="normal", ci=0.95, min_events=2)
    # Post months: values 100 and 0 -> sd = 70.71, se = 50, half-width 1.96 * 50.
    post = es[es["rel_month"] == 1].iloc[0]
    assert post["upper"] - post["estimate"] == pytest.approx(1.959964 * 50, rel=1e-5)


def test_comparison_group_uses_states_without_an_event_in_the_window():
    panel = synthetic_panel(trend_state=True)
    ev = synthetic_events().iloc[[0]]  # event A only, in state 01
    # State 02 has an event (B, March 2011) within 6 months of A: it is excluded.
    ref = synthetic_events()
    comp = event_windows(ev, window=6, measure="count", panel=panel, group="comparison",
                         reference=ref)
    t0 = month_index(2011, 6)
    step = np.arange(-6, 7) + (t0 - month_index(2010, 1))
    clean_mean = ((10 + step) + 8) / 2  # states 03 and 04
    np.testing.assert_allclose(comp["value"], clean_mean)
    # With a window of 2, B (3 months earlier) is outside: state 02 joins the comparison.
    comp2 = event_windows(ev, window=2, measure="count", panel=panel, group="comparison",
                          reference=ref)
    step2 = np.arange(-2, 3) + (t0 - month_index(2010, 1))
    np.testing.assert_allclose(comp2["value"], ((10 + step2) + 8 + 5) / 3)


def test_difference_group_subtracts_the_comparison_event_by_event():
    panel = synthetic_panel(trend_state=True)
    ev = synthetic_events()
    kwargs = dict(window=4, measure="count", panel=panel, n_boot=50)
    diff = event_study(ev, group="difference", **kwargs)
    event = event_study(ev, group="event", **kwargs)
    comp = event_study(ev, group="comparison", **kwargs)
    np.testing.assert_allclose(diff["estimate"], event["estimate"] - comp["estimate"])


def test_rate_is_annualised_per_100k_with_population():
    long = pd.DataFrame({"cve_ent": "01", "year": 2012, "month": [1, 2],
                         "homicides": [31, 29], "population": 366_000})
    panel = make_panel(long, measure="rate")
    np.testing.assert_allclose(panel.values.loc["01"], [100.0, 100.0])  # 2012 is a leap year
    given = make_panel(long.assign(rate_annualized=[1.0, 2.0]), measure="rate")
    np.testing.assert_allclose(given.values.loc["01"], [1.0, 2.0])


def test_event_windows_pre_mean_matches_hand_computation():
    w = event_windows(synthetic_events(), window=3, measure="count",
                      panel=synthetic_panel(trend_state=True))
    a = w[w["event_id"] == "A"]
    assert a["event_month"].unique().tolist() == ["2011-06"]
    assert a["month"].tolist()[0] == "2011-03"
    assert a["pre_mean"].iloc[0] == pytest.approx(10.0)
    assert a["relative"].tolist() == pytest.approx([0, 0, 0, 100, 100, 100, 100])


def test_post_event_change_averages_post_months():
    change = post_event_change(synthetic_events(), months=(1, 3), window=3, measure="count",
                               panel=synthetic_panel(), n_boot=100, min_events=2)
    assert change["estimate"] == pytest.approx(50.0)
    assert change["n_events"] == 2
    assert (change["lower"], change["upper"]) == (pytest.approx(0), pytest.approx(100))


def test_unusable_events_are_dropped_with_a_note():
    ev = pd.concat([synthetic_events(), pd.DataFrame({
        "event_id": ["NOPLACE", "YEARONLY", "EARLY", "NOTINSERIES"],
        "date": ["2011-05-05", "2011-01-01", "2010-02-03", "2011-05-05"],
        "date_precision": ["day", "year", "day", "day"],
        "cve_ent": [None, "03", "04", "99"],
    })], ignore_index=True)
    es = event_study(ev, window=6, measure="count", panel=synthetic_panel(), n_boot=50)
    assert es.attrs["event_ids"] == ["A", "B"]
    notes = " ".join(es.attrs["notes"])
    assert "NOPLACE dropped: no cve_ent" in notes
    assert "YEARONLY dropped: date known only to the year" in notes
    assert "EARLY dropped: window 2009-08 to 2010-08 outside the series' coverage" in notes
    assert "NOTINSERIES dropped: cve_ent '99' not in the series" in notes


def test_zero_pre_mean_cannot_be_a_percent():
    long = synthetic_panel()
    long.loc[long["cve_ent"] == "02", "homicides"] = 0
    es = event_study(synthetic_events(), window=3, measure="count", panel=long, n_boot=50)
    assert es.attrs["event_ids"] == ["A"]
    assert any("B dropped: pre-event mean is zero" in n for n in es.attrs["notes"])
    diff = event_study(synthetic_events(), window=3, measure="count", panel=long, n_boot=50,
                       relative="difference")
    assert diff.attrs["event_ids"] == ["A", "B"]


def test_placebo_dates_stay_in_state_and_outside_the_real_window():
    panel = synthetic_panel()
    ev = synthetic_events()
    p = placebo_events(ev, window=3, panel=panel, draws=5, max_shift=12, seed=7)
    assert len(p) == 10
    assert set(p["cve_ent"]) == {"01", "02"}
    t_real = month_index(p["real_date"].dt.year, p["real_date"].dt.month)
    t_placebo = month_index(p["date"].dt.year, p["date"].dt.month)
    shift = (t_placebo - t_real).abs()
    assert shift.between(4, 12).all()
    assert (t_placebo - 3 >= month_index(2010, 1)).all()
    assert (t_placebo + 3 <= month_index(2012, 12)).all()
    again = placebo_events(ev, window=3, panel=panel, draws=5, max_shift=12, seed=7)
    pd.testing.assert_frame_equal(p, again)
    # The placebo events run through the same event study.
    es = event_study(p, window=3, measure="count", panel=panel, n_boot=50)
    assert int(es["n_events"].iloc[0]) == 10


# --------------------------------------------------------------------------- bad inputs


@pytest.mark.parametrize("window, message", [
    (0, f"^window=0 is out of range; use a whole number from 1 to {MAX_WINDOW}.$"),
    (MAX_WINDOW + 1, f"^window={MAX_WINDOW + 1} is out of range; use a whole number from 1 "
                     f"to {MAX_WINDOW}.$"),
    (1.5, r"^window=1.5 must be an integer \(e.g. 1\), not a float.$"),
    (True, r"^window=True must be an integer \(e.g. 1\), not a bool.$"),
])
def test_bad_window(window, message):
    with pytest.raises(ValueError, match=message):
        event_study(synthetic_events(), window=window, measure="count", panel=synthetic_panel())


@pytest.mark.parametrize("kwargs, message", [
    ({"measure": "ratio"}, "Unknown measure 'ratio'; use one of: 'rate', 'count'"),
    ({"level": "county"}, "Unknown level 'county'; use one of: 'state', 'municipality'"),
    ({"relative": "ratio"}, "Unknown relative 'ratio'; use one of: 'percent', 'difference'"),
    ({"group": "treated"}, "Unknown group 'treated'"),
    ({"interval": "jackknife"}, "Unknown interval 'jackknife'"),
    ({"ci": 95}, "ci must be between 0 and 1"),
    ({"ci": "95%"}, "ci='95%' must be a number, not a str"),
    ({"n_boot": 5}, "n_boot=5 is out of range; use a whole number from 10"),
    ({"n_boot": 100.0}, r"n_boot=100.0 must be an integer \(e.g. 10\), not a float"),
])
def test_bad_parameters(kwargs, message):
    args = {"measure": "count", "panel": synthetic_panel(), **kwargs}
    with pytest.raises(ValueError, match=message):
        event_study(synthetic_events(), window=3, **args)


def test_unknown_series_lists_the_series():
    with pytest.raises(ValueError, match="Unknown series 'inegi'; use one of: "
                                         "'inegi_registration', 'inegi_occurrence'"):
        event_study(synthetic_events(), series="inegi")


def test_series_without_monthly_data_at_level():
    with pytest.raises(ValueError, match="Series 'inegi_registration' has no monthly data at "
                                         "the state level; monthly state series: "
                                         "'inegi_occurrence'"):
        event_study(synthetic_events(), series="inegi_registration")


def test_events_without_needed_columns():
    with pytest.raises(ValueError, match=r"events lacks column\(s\) \['date_precision'\]"):
        event_study(synthetic_events().drop(columns="date_precision"), measure="count",
                    panel=synthetic_panel())
    with pytest.raises(ValueError, match="must be a DataFrame"):
        event_study(["A"], measure="count", panel=synthetic_panel())


def test_municipal_level_needs_municipality_codes():
    muni = synthetic_panel().rename(columns={"cve_ent": "cvegeo"})
    with pytest.raises(ValueError, match="load_kingpin_events\\(\\) gives each event its "
                                         "municipality code"):
        event_study(synthetic_events(), level="municipality", measure="count", panel=muni)


def test_no_event_left_says_why():
    ev = synthetic_events().assign(date_precision="year")
    with pytest.raises(ValueError, match="No event left to pool. A dropped: date known only"):
        event_study(ev, window=3, measure="count", panel=synthetic_panel())


def test_panel_must_be_complete_and_unique():
    long = synthetic_panel()
    with pytest.raises(ValueError, match="duplicated cve_ent-months"):
        make_panel(pd.concat([long, long.head(1)]), measure="count")
    with pytest.raises(ValueError, match=r"1 missing cve_ent-month value\(s\)"):
        make_panel(long.drop(index=5), measure="count")
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['rate'\]"):
        make_panel(long, measure="rate")
    with pytest.raises(ValueError, match="panel given is a state count panel"):
        event_study(synthetic_events(), measure="rate",
                    panel=make_panel(long, measure="count"))


def test_post_event_change_months_must_fit_the_window():
    with pytest.raises(ValueError, match=r"months must be \(first, last\) with 0 <= first <= "
                                         r"last <= window \(3\), got \(1, 6\)"):
        post_event_change(synthetic_events(), months=(1, 6), window=3, measure="count",
                          panel=synthetic_panel())


def test_placebo_bad_inputs():
    with pytest.raises(ValueError, match="^draws=0 is out of range; use a whole number from 1 "
                                         "to 20.$"):
        placebo_events(synthetic_events(), window=3, panel=synthetic_panel(), draws=0)
    with pytest.raises(ValueError, match=r"^max_shift='24' must be an integer \(e.g. 2022\)"):
        placebo_events(synthetic_events(), window=3, panel=synthetic_panel(), max_shift="24")
    with pytest.raises(ValueError, match=r"max_shift must be a whole number greater than "
                                         r"window \(3\)"):
        placebo_events(synthetic_events(), window=3, panel=synthetic_panel(), max_shift=3)
    with pytest.raises(ValueError, match="No event could be given a placebo date"):
        placebo_events(synthetic_events(), window=12, panel=synthetic_panel(), max_shift=13)


def test_filters_reach_the_events_helper():
    ev = synthetic_events().assign(role_level=["leader", "lieutenant"],
                                   role=["leader", "lieutenant"])
    es = event_study(ev, window=3, measure="count", panel=synthetic_panel(), role="leader",
                     n_boot=50)
    assert es.attrs["event_ids"] == ["A"]
    with pytest.raises(ValueError, match="Unknown role 'boss'"):
        event_study(ev, window=3, measure="count", panel=synthetic_panel(), role="boss")


# --------------------------------------------------------------------------- real data


def test_real_event_pre_mean_equals_direct_computation_from_data():
    """El Barbas (KP020, Morelos, Dec 2009): the pre-event mean from the CSV by hand."""
    from helpers.data import load_kingpin_events, read_table

    events = load_kingpin_events()
    one = events[events["event_id"] == "KP020"]
    assert one["cve_ent"].item() == "17" and one["date"].dt.strftime("%Y-%m").item() == "2009-12"
    table = read_table("homicides_state_month")
    morelos = table[(table["series"] == "inegi_occurrence") & (table["cve_ent"] == "17")]
    pre = morelos[((morelos["year"] == 2008) & (morelos["month"] == 12))
                  | ((morelos["year"] == 2009) & (morelos["month"] <= 11))]
    assert len(pre) == 12
    for measure, column in (("rate", "rate_annualized"), ("count", "homicides")):
        w = event_windows(one, window=12, measure=measure)
        assert w["pre_mean"].iloc[0] == pytest.approx(float(pre[column].astype(float).mean()))
        month0 = morelos[(morelos["year"] == 2009) & (morelos["month"] == 12)][column]
        assert w.loc[w["rel_month"] == 0, "value"].item() == pytest.approx(float(month0.item()))


def test_real_event_study_drops_events_outside_coverage_and_abroad():
    from helpers.data import load_kingpin_events

    events = load_kingpin_events()
    es = event_study(events, window=12, event_type="removal", state_actions_only=True,
                     n_boot=50)
    notes = " ".join(es.attrs["notes"])
    assert es.attrs["coverage"] == "2000-01 to 2022-12"
    # Removals after 2021-12 have windows running past December 2022.
    late = events[(events["date"] > "2021-12-31") & events["event_type"].isin(
        ["captured", "killed"]) & events["cve_ent"].notna()]
    assert len(late) > 0
    for ident in late["event_id"]:
        assert f"{ident} dropped: window" in notes
    # The 2024 arrests in New Mexico have no state.
    abroad = events[(events["country"] != "Mexico") & events["event_type"].isin(
        ["captured", "killed"])]
    for ident in abroad["event_id"]:
        assert ident not in es.attrs["event_ids"]
    assert int(es["n_events"].iloc[0]) == len(es.attrs["event_ids"])


def test_real_municipal_windows_use_the_capture_municipality():
    from helpers.analysis.eventstudy import locate_municipalities
    from helpers.data import load_kingpin_events

    events = load_kingpin_events()  # cvegeo comes from the pipeline
    assert events.loc[events["event_id"] == "KP020", "cvegeo"].item() == "17007"  # Cuernavaca
    named = events["place_municipality"].notna()
    assert events.loc[named, "cvegeo"].notna().all()
    # The alias keeps the pipeline's codes, and name matching agrees with them.
    pd.testing.assert_frame_equal(locate_municipalities(events), events)
    by_name = locate_municipalities(events.drop(columns="cvegeo"))
    assert by_name["cvegeo"].fillna("").tolist() == events["cvegeo"].fillna("").tolist()
    w = event_windows(events[events["event_id"] == "KP020"], window=3, measure="count",
                      level="municipality")
    assert w["unit"].unique().tolist() == ["17007"]


def test_explorer_has_one_view_per_choice_with_computed_alt_text():
    from helpers.data import load_kingpin_events
    from helpers.viz.figures.eventstudy import default_selections, event_study_explorer

    events = load_kingpin_events()
    selections = default_selections(events)
    assert len(selections) * 3 <= 30
    small = {k: selections[k] for k in ("Leaders", "Placebo dates, same states")}
    ex = event_study_explorer(events, selections=small, windows=(6, 12), n_boot=20)
    html_text = ex.static_html()
    assert html_text.count('class="kp-view"') == 4
    leaders = event_study(events, window=6, event_type="removal", state_actions_only=True,
                          role="leader", n_boot=20)
    n = int(leaders["n_events"].iloc[0])
    assert f"Event-study line chart for Leaders ({n} events), 6 months either side" in html_text


def test_c4_numbers_are_the_chapter_computation():
    from helpers.claims.captures import c4_numbers
    from helpers.data import load_kingpin_events

    numbers = c4_numbers(n_boot=50)
    direct = post_event_change(load_kingpin_events(), months=(1, 6), window=12, n_boot=50,
                               event_type="removal", state_actions_only=True)
    assert numbers["event_est"] == pytest.approx(float(direct["estimate"]))
    assert numbers["event_n"] == direct["n_events"]
    assert numbers["placebo_n"] > numbers["event_n"]
    for part in ("event", "diff", "placebo"):
        assert numbers[f"{part}_low"] <= numbers[f"{part}_est"] <= numbers[f"{part}_upp"]


def test_cluster_bootstrap_draws_units_with_all_their_events():
    # Two events in state 01 (both doubling), two in state 02 (flat).
    long = synthetic_panel()
    ev = pd.DataFrame({"event_id": ["A1", "A2", "B1", "B2"],
                       "date": ["2011-06-01", "2011-06-20", "2011-03-01", "2011-04-01"],
                       "date_precision": "day", "cve_ent": ["01", "01", "02", "02"]})
    kwargs = dict(months=(1, 3), window=3, measure="count", panel=long, n_boot=2000, ci=0.5,
                  min_events=2)
    by_event = post_event_change(ev, interval="bootstrap", **kwargs)
    by_state = post_event_change(ev, interval="cluster", **kwargs)
    assert by_event["estimate"] == by_state["estimate"] == pytest.approx(50.0)
    # Events drawn one by one: the quartiles of the mean of 4 draws are 25 and 75.
    assert (by_event["lower"], by_event["upper"]) == (pytest.approx(25), pytest.approx(75))
    # States drawn with both their events: a resample is all 01 (100), all 02 (0) or mixed
    # (50), so the band can only take those values.
    assert {round(by_state["lower"], 6), round(by_state["upper"], 6)} <= {0.0, 50.0, 100.0}
    assert by_state.attrs["units"] == ["01", "01", "02", "02"]
    es = event_study(ev, window=3, measure="count", panel=long, interval="cluster", n_boot=200,
                     min_events=2)
    assert set(es["lower"].round(6)) <= {0.0, 50.0, 100.0}
    with pytest.raises(ValueError, match="Unknown interval 'normal' for post_event_change"):
        post_event_change(ev, months=(1, 3), window=3, measure="count", panel=long,
                          interval="normal")


# --------------------------------------------------------------------------- pooling, bands


def test_ratio_of_sums_weights_events_by_their_pre_event_level():
    # A: 10 -> 20 (+100%), B: 5 -> 5 (0%). Mean of percents 50; ratio of sums
    # (20 + 5) / (10 + 5) - 1 = 66.7%.
    kwargs = dict(window=3, measure="count", panel=synthetic_panel(), n_boot=50, min_events=2)
    mean = event_study(synthetic_events(), pooling="mean", **kwargs)
    ratio = event_study(synthetic_events(), pooling="ratio", **kwargs)
    assert mean["estimate"].iloc[-1] == pytest.approx(50.0)
    assert ratio["estimate"].iloc[-1] == pytest.approx(100 * (25 / 15 - 1))
    assert ratio.attrs["pooling"] == "ratio"
    # Pre-event months: the ratio of sums is zero too when every event is flat before.
    np.testing.assert_allclose(ratio.loc[ratio["rel_month"] < 0, "estimate"], 0, atol=1e-9)
    change = post_event_change(synthetic_events(), months=(1, 3), pooling="ratio", **kwargs)
    assert change["estimate"] == pytest.approx(100 * (25 / 15 - 1))


def test_ratio_of_sums_resists_one_volatile_small_event():
    # Ten big flat states and one tiny state whose count jumps from 1 to 10 after its event.
    states = [f"{i:02d}" for i in range(1, 12)]
    rows = []
    for s in states:
        for y in YEARS:
            for m in range(1, 13):
                t = month_index(y, m)
                small = s == "11"
                value = (10 if t >= month_index(2011, 6) else 1) if small else 100
                rows.append((s, y, m, value))
    long = pd.DataFrame(rows, columns=["cve_ent", "year", "month", "homicides"])
    ev = pd.DataFrame({"event_id": states, "date": "2011-06-10", "date_precision": "day",
                       "cve_ent": states})
    mean = post_event_change(ev, months=(1, 3), window=3, measure="count", panel=long, n_boot=50)
    ratio = post_event_change(ev, months=(1, 3), window=3, measure="count", panel=long,
                              n_boot=50, pooling="ratio")
    assert mean["estimate"] == pytest.approx(900 / 11)  # one +900% among eleven events
    assert ratio["estimate"] == pytest.approx(100 * (1010 / 1001 - 1))  # under 1%


def test_difference_group_with_ratio_pooling_subtracts_the_paths():
    panel = synthetic_panel(trend_state=True)
    kwargs = dict(window=4, measure="count", panel=panel, n_boot=50, min_events=2,
                  pooling="ratio")
    diff = event_study(synthetic_events(), group="difference", **kwargs)
    event = event_study(synthetic_events(), group="event", **kwargs)
    comp = event_study(synthetic_events(), group="comparison", **kwargs)
    np.testing.assert_allclose(diff["estimate"], event["estimate"] - comp["estimate"])


def test_no_band_from_fewer_than_five_events():
    es = event_study(synthetic_events(), window=3, measure="count", panel=synthetic_panel())
    assert es["lower"].isna().all() and es["upper"].isna().all()
    assert es.attrs["band"] is False
    assert es.attrs["notes"][-1] == "No band: 2 events (a band needs at least 5)."
    change = post_event_change(synthetic_events(), months=(1, 3), window=3, measure="count",
                               panel=synthetic_panel())
    assert np.isnan(change["lower"]) and change["estimate"] == pytest.approx(50.0)
    # With interval="cluster" the count is of units (states), not events.
    clustered = event_study(synthetic_events(), window=3, measure="count",
                            panel=synthetic_panel(), interval="cluster", min_events=3)
    assert clustered.attrs["notes"][-1] == "No band: 2 units (a band needs at least 3)."


def test_pre_trend_finds_a_rising_pre_period_and_not_a_flat_one():
    rng = np.random.default_rng(5)
    states = [f"{i:02d}" for i in range(1, 13)]
    rows = []
    for k, s in enumerate(states):
        for y in YEARS:
            for m in range(1, 13):
                t = month_index(y, m) - month_index(2010, 1)
                rising = 50 + 2 * t if k < 6 else 50
                rows.append((s, y, m, rising + rng.normal(0, 1)))
    long = pd.DataFrame(rows, columns=["cve_ent", "year", "month", "homicides"])
    ev = pd.DataFrame({"event_id": states, "date": "2011-06-10", "date_precision": "day",
                       "cve_ent": states})
    rising = pre_trend(ev.iloc[:6], window=6, measure="count", panel=long,
                       relative="difference", n_boot=200)
    flat = pre_trend(ev.iloc[6:], window=6, measure="count", panel=long,
                     relative="difference", n_boot=200)
    assert rising["estimate"] == pytest.approx(2.0, abs=0.2)
    assert rising["lower"] > 0
    assert flat["lower"] <= 0 <= flat["upper"]
    # The slope of the pooled line equals the mean of the events' own slopes (mean pooling).
    w = event_windows(ev.iloc[:6], window=6, measure="count", panel=long, relative="difference")
    pre = w[w["rel_month"] < 0]
    slopes = pre.groupby("event_id").apply(
        lambda g: np.polyfit(g["rel_month"], g["relative"], 1)[0], include_groups=False)
    assert rising["estimate"] == pytest.approx(slopes.mean())


@pytest.mark.parametrize("kwargs, message", [
    ({"pooling": "median"}, "Unknown pooling 'median'; use one of: 'mean', 'ratio'"),
    ({"pooling": "ratio", "relative": "difference"}, "pooling='ratio' compares summed"),
    ({"pooling": "ratio", "interval": "normal"}, "interval='normal' is the standard error"),
    ({"min_events": 1}, "min_events=1 is out of range"),
    ({"min_events": 2.5}, "min_events=2.5 must be an integer"),
])
def test_bad_pooling_and_band_parameters(kwargs, message):
    with pytest.raises(ValueError, match=message):
        event_study(synthetic_events(), window=3, measure="count", panel=synthetic_panel(),
                    **kwargs)


def test_pre_trend_needs_two_pre_months():
    with pytest.raises(ValueError, match="window must be at least 2 months"):
        pre_trend(synthetic_events(), window=1, measure="count", panel=synthetic_panel())


# --------------------------------------------------------------------------- claim C4


def c4_synthetic(**changes) -> dict:
    """Numbers of a C4 check: flat pre-period, net changes with bands, the literature."""
    base = {"pre_low": -1.0, "pre_upp": 1.0, "diff_low": 2.0, "diff_upp": 20.0,
            "ratio_diff_low": 1.0, "ratio_diff_upp": 15.0, "literature_rise": True}
    return {**base, **changes}


@pytest.mark.parametrize("changes, verdict", [
    ({}, "partly supported"),  # both bands above zero, flat pre-period
    ({"diff_low": -20.0, "diff_upp": -2.0, "ratio_diff_low": -15.0, "ratio_diff_upp": -1.0},
     "not supported"),
    ({"diff_low": -20.0, "diff_upp": -2.0, "ratio_diff_low": -15.0, "ratio_diff_upp": -1.0,
      "literature_rise": True}, "not supported"),
    ({"ratio_diff_low": -3.0}, "partly supported"),  # inconclusive, studies find a rise
    # Inconclusive and the studies find no rise: the studies settle it.
    ({"ratio_diff_low": -3.0, "literature_rise": False}, "not supported"),
    ({"pre_low": 0.5, "pre_upp": 2.0, "literature_rise": False}, "not supported"),  # pre-trend
])
def test_c4_rule_reaches_each_declared_outcome(changes, verdict):
    from helpers.claims.captures import C4_RULE

    assert C4_RULE.apply(c4_synthetic(**changes)) == verdict
    assert C4_RULE.judgment


def test_c4_rule_declares_exactly_the_outcomes_it_reaches():
    from helpers.claims.captures import C4_RULE

    cases = [c4_synthetic(), c4_synthetic(diff_low=-9, diff_upp=-1, ratio_diff_low=-9,
                                          ratio_diff_upp=-1),
             c4_synthetic(diff_low=-1, literature_rise=False)]
    assert {C4_RULE.apply(c) for c in cases} == set(C4_RULE.outcomes)


def test_c4_verdict_and_key_numbers_are_pinned():
    from helpers.claims.captures import check_c4

    c4 = check_c4()
    n = c4.numbers
    assert c4.verdict == "partly supported"
    assert c4.rule is not None and c4.rule.judgment
    assert n["event_n"] == 51
    assert n["diff_est"] == pytest.approx(9.8, abs=0.05)
    assert n["ratio_diff_est"] == pytest.approx(0.7, abs=0.05)
    assert n["pre_est"] == pytest.approx(1.0, abs=0.05)
    # Inconclusive on this data: the net bands include zero, the pre-period is flat.
    assert n["diff_low"] < 0 < n["diff_upp"] and n["ratio_diff_low"] < 0 < n["ratio_diff_upp"]
    assert n["pre_low"] <= 0 <= n["pre_upp"]
    assert "inconclusive" in c4.explanation
    # The flat pre-period's own slope, carried forward, is stated beside the verdict.
    assert n["pre_span_months"] == 10
    assert "+1.0 points a month, carried over the 10 months" in c4.explanation
    assert "comes to +10.1 points on its own" in c4.explanation
    assert c4.key_number.startswith("+9.8% (mean) and +0.7% (ratio of sums)")
