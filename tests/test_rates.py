"""Term rates, rankings, pooled rates, intervals; the C6-C9 numbers; violence charts."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from helpers import claims  # noqa: E402
from helpers.analysis.rates import (  # noqa: E402
    add_ranks,
    map_frame,
    poisson_interval,
    pooled_rates,
    rank_table,
    term_rates,
)
from helpers.claims.violence import (  # noqa: E402
    C7_RULE,
    C8_RULE,
    C8_THRESHOLD,
    C9_RULE,
    c6_numbers,
    c6_rule,
    c6_thresholds,
    c7_numbers,
    c8_numbers,
    c9_numbers,
)
from helpers.data import load_homicides  # noqa: E402
from helpers.viz.figures.violence import (  # noqa: E402
    national_rates_figure,
    state_rate_alt,
    state_rate_figure,
)


@pytest.fixture(scope="module")
def national() -> pd.DataFrame:
    return load_homicides("national")


def test_term_rate_is_deaths_over_person_years(national):
    reg = national[national["series"] == "inegi_registration"]
    table = term_rates(reg, ["fox", "calderon"]).set_index("term")
    fox_years = reg[reg["year"].between(2001, 2006)]
    expected = fox_years["homicides"].sum() / fox_years["population"].sum() * 1e5
    assert table.loc["fox", "rate"] == pytest.approx(expected)
    assert table.loc["fox", "first"] == "2001" and table.loc["calderon", "last"] == "2012"
    assert table["complete"].all()


def test_monthly_terms_are_exact():
    monthly = load_homicides("national", freq="month", series="inegi_occurrence")
    table = term_rates(monthly, ["fox", "calderon"]).set_index("term")
    assert table.loc["fox", "first"] == "2000-12" and table.loc["fox", "last"] == "2006-11"
    assert table.loc["calderon", "periods"] == 72
    part = monthly[((monthly.year == 2000) & (monthly.month == 12))
                   | monthly.year.between(2001, 2005)
                   | ((monthly.year == 2006) & (monthly.month <= 11))]
    expected = part["homicides"].sum() / (part["population"] / 12).sum() * 1e5
    assert table.loc["fox", "rate"] == pytest.approx(expected)


def test_incomplete_terms_are_flagged(national):
    reg = term_rates(national[national["series"] == "inegi_registration"]).set_index("term")
    assert not reg.loc["salinas", "complete"]  # the series starts in 1990, the term in 1988
    assert not reg.loc["pena_nieto", "complete"]  # ... and stops in 2015


def test_term_rates_errors(national):
    with pytest.raises(ValueError, match="mixes series"):
        term_rates(national)
    with pytest.raises(ValueError, match=r"Unknown term\(s\) \['obama'\]"):
        term_rates(national[national["series"] == "inegi_occurrence"], ["obama"])
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['population'\]"):
        term_rates(pd.DataFrame({"year": [2000], "homicides": [1]}))
    states = load_homicides("state", series="inegi_occurrence")
    with pytest.raises(ValueError, match="several rows per period"):
        term_rates(states)


def test_ranks_with_population_floor():
    frame = load_homicides("municipality", series="inegi_occurrence", years=2014)
    ranked = add_ranks(frame, min_population=100_000)
    assert ranked.loc[frame["population"] < 100_000, "rank"].isna().all()
    top = ranked.loc[ranked["rank"] == 1]
    assert len(top) == 1
    assert top["rate"].item() == frame.loc[frame.population >= 100_000, "rate"].max()


def test_rank_table_and_errors():
    occ = load_homicides("state", series="inegi_occurrence")
    table = rank_table(occ, [2011, 2022])
    assert sorted(table[2011].tolist()) == list(range(1, 33))
    assert table[2011].idxmin() == occ[occ.year == 2011].set_index("cve_ent")["rate"].idxmax()
    with pytest.raises(ValueError, match=r"Years \[1995\] are not in the frame"):
        rank_table(occ, [1995])


def test_pooled_rates():
    frame = load_homicides("municipality", series="inegi_occurrence", years=[2013, 2014],
                           states="12")
    pooled = pooled_rates(frame, [2013, 2014]).set_index("cvegeo")
    aca = frame[frame.cvegeo == "12001"]
    assert pooled.loc["12001", "rate"] == pytest.approx(
        aca.homicides.sum() / aca.population.sum() * 1e5)
    with pytest.raises(ValueError, match="No rows for years"):
        pooled_rates(frame, [1990])


def test_poisson_interval():
    low, high = poisson_interval([0, 10, 1000], [1e5, 1e5, 1e5])
    assert low[0] == 0 and high[0] == pytest.approx(3.689, abs=1e-3)  # the "rule of 3.7"
    assert low[1] < 10 < high[1]
    assert (high[2] - low[2]) < (high[1] - low[1]) * 12
    with pytest.raises(ValueError, match="level must be between 0 and 1"):
        poisson_interval(1, 100, level=95)
    with pytest.raises(ValueError, match="^level='95%' must be a number, not a str.$"):
        poisson_interval(1, 100, level="95%")
    with pytest.raises(ValueError, match="counts must be >= 0 and populations > 0"):
        poisson_interval(1, 0)


def test_map_frame_never_mixes_series_within_a_year():
    frame, notes = map_frame(load_homicides("state"))
    assert frame.groupby("year")["series"].nunique().max() == 1
    assert frame.groupby("year").size().eq(32).all()
    assert set(frame.loc[frame.year < 2000, "series"]) == {"inegi_registration"}
    assert len(notes) == 33
    with pytest.raises(ValueError, match="must hold both"):
        map_frame(load_homicides("state", series="inegi_occurrence"))


# --- claims C6-C9 ----------------------------------------------------------------------


def test_c6_numbers():
    n = c6_numbers()
    table = n["table"].set_index(["series", "method"])
    assert set(table.index) >= {("inegi_occurrence", "monthly"), ("sesnsp_cases", "monthly")}
    assert n["inegi_calderon"] / n["inegi_fox"] == pytest.approx(n["inegi_ratio"])
    assert 1.5 < n["inegi_ratio"] < 2.5 and n["sesnsp_ratio"] < n["inegi_ratio"]
    assert n["verdict"] == claims.check("C6").verdict


def test_c7_compares_every_measure_with_both_years():
    n = c7_numbers()
    table = n["table"].set_index("series")
    assert n["comparable"] == table["count_change"].notna().sum() == 3
    mich = load_homicides("state", series="inegi_occurrence", states="16", years=[2013, 2014])
    counts = mich.set_index("year")["homicides"]
    assert table.loc["inegi_occurrence", "count_change"] == pytest.approx(
        counts[2014] / counts[2013] - 1)
    assert pd.isna(table.loc["sesnsp_victims_old", "count_change"])  # starts in 2014
    assert claims.check("C7").verdict == n["verdict"]


def test_c8_counts_municipalities_above_the_threshold():
    n = c8_numbers()
    munis = load_homicides("municipality", series="inegi_occurrence", years=2014, states="16")
    assert n["above_n"] == int((munis.rate >= C8_THRESHOLD).sum())
    assert (n["above"]["rate_low"] < n["above"]["rate"]).all()
    national = n["national"].set_index("series")
    assert national.loc["inegi_occurrence", "multiple"] == pytest.approx(
        C8_THRESHOLD / national.loc["inegi_occurrence", "rate"])
    assert f"{n['above_n']} municipalities" in claims.check("C8").key_number


def test_c9_ranks_acapulco_with_floors():
    n = c9_numbers()
    assert n["rank_all"] > n["rank_20k"] >= n["rank_100k"] >= n["rank_250k"] >= 1
    assert n["name"] == "Acapulco de Juárez"
    assert claims.claim("C9").label == "mg-claim-c9"
    with pytest.raises(ValueError, match="has no inegi_occurrence row"):
        c9_numbers(cvegeo="99999")


# --- the rules behind the C6-C9 verdicts (synthetic numbers) and the real verdicts -------


@pytest.mark.parametrize(("ratio", "verdict"), [
    (2.0, "supported"), (1.9, "supported"), (1.85, "partly supported"),
    (1.5, "partly supported"), (1.2, "not supported"),
])
def test_c6_rule_reaches_each_outcome(ratio, verdict):
    assert c6_rule().apply({"inegi_ratio": ratio}) == verdict


def test_c6_rule_reads_the_printed_ratio():
    # 1.8951 prints as 1.90, so the rule (like a reader) calls it doubled.
    assert c6_rule().apply({"inegi_ratio": 1.8951}) == "supported"
    assert c6_thresholds(1.85, [1.8, 1.85, 1.9, 2.0])["verdict"].tolist() == [
        "supported", "supported", "partly supported", "partly supported"]
    with pytest.raises(ValueError, match="doubled_at must be a number above 1.5"):
        c6_rule(1.2)
    with pytest.raises(ValueError, match="^doubled_at=nan must be a finite number"):
        c6_rule(float("nan"))


@pytest.mark.parametrize(("changes", "verdict"), [
    ([0.10, 0.07, 0.12], "supported"), ([0.10, -0.02], "partly supported"),
    ([0.01, -0.05], "not supported"), ([], "not checkable"), ([None], "not checkable"),
])
def test_c7_rule_reaches_each_outcome(changes, verdict):
    assert C7_RULE.apply({"changes": changes}) == verdict


@pytest.mark.parametrize(("numbers", "verdict"), [
    ({"above_n": 0, "exact_matches": 0, "multiple_same_series": 3.5}, "not supported"),
    ({"above_n": 5, "exact_matches": 0, "multiple_same_series": 4.0}, "not checkable"),
    ({"above_n": 5, "exact_matches": 1, "multiple_same_series": 4.1}, "supported"),
    ({"above_n": 5, "exact_matches": 1, "multiple_same_series": 3.5}, "partly supported"),
])
def test_c8_rule_reaches_each_outcome(numbers, verdict):
    assert C8_RULE.apply(numbers) == verdict


@pytest.mark.parametrize(("numbers", "verdict"), [
    ({"rank_all": 1, "first_from": 0}, "supported"),
    ({"rank_all": 12, "first_from": 100_000}, "partly supported"),
    ({"rank_all": 12, "first_from": None}, "not supported"),
])
def test_c9_rule_reaches_each_outcome(numbers, verdict):
    assert C9_RULE.apply(numbers) == verdict


def test_rules_declare_what_they_return():
    for rule in (c6_rule(), C7_RULE, C8_RULE, C9_RULE):
        assert rule.text and not rule.judgment
    assert set(C8_RULE.outcomes) == {"supported", "partly supported", "not supported",
                                     "not checkable"}


def test_real_verdicts_and_key_numbers_are_pinned():
    c6 = claims.check("C6")
    assert c6.verdict == "partly supported" and c6.rule is not None
    assert f"{c6.numbers['inegi_ratio']:.2f}" == "1.85"
    assert c6.key_number.startswith("×1.85 (INEGI, exact terms)")
    c7 = claims.check("C7")
    assert c7.verdict == "not supported"
    assert c7.key_number == "-5.4% to +1.2% (3 measures)"
    c8 = claims.check("C8")
    assert c8.verdict == "not checkable"
    assert c8.numbers["exact_matches"] == 0 and c8.numbers["above_n"] == 7
    assert c8.numbers["above_large"] == 1
    assert c8.key_number.startswith("57.42 in 0 of ")
    c9 = claims.check("C9")
    assert c9.verdict == "partly supported"
    assert (c9.numbers["rank_all"], c9.numbers["rank_100k"], c9.numbers["rank_250k"]) == (
        128, 2, 1)
    assert c9.numbers["first_from"] == 250_000


def test_c7_table_counts_are_integers():
    table = c7_numbers()["table"]
    assert str(table["homicides_2013"].dtype) == "Int64"
    assert table.loc[table.series == "inegi_occurrence", "homicides_2014"].item() > 0


def test_map_sentence_describes_the_year_the_map_opens_on():
    from helpers.viz.maps import municipal_map

    frame = load_homicides("municipality", series="inegi_occurrence", states="16",
                           years=[2013, 2014, 2021])
    shown = municipal_map(frame, "Michoacán", scheme="breaks", breaks=[5, 10, 20, 40],
                          year=2014)
    assert shown.opening_year == 2014
    assert shown.summary_text().startswith("In 2014 ")
    paragraph = shown.to_html().split('class="kp-map-summary">')[1].split("</p>")[0]
    assert paragraph.startswith("In 2014 ") and "slider" in paragraph
    assert "In 2021" not in paragraph


# --- charts ------------------------------------------------------------------------------


def test_national_figure_draws_each_series(national):
    fig = national_rates_figure(national)
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert "INEGI, year of registration" in labels and len(labels) == 5
    plt.close(fig)


def test_national_series_figure_bad_value(national):
    from helpers.viz.figures.series import national_series_figure

    with pytest.raises(ValueError, match=r"^Unknown value 'rates'; use one of: 'homicides', "
                                         r"'rate'\.$"):
        national_series_figure(national, value="rates")


def test_state_figure_marks_kingpin_events():
    fig = state_rate_figure("Michoacán")
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert any(label.startswith("kingpin captured or killed here") for label in labels)
    plt.close(fig)
    alt = state_rate_alt("Guerrero")
    assert "No capture or killing" in alt
    occ = load_homicides("state", series="inegi_occurrence", states="12")
    peak = occ.loc[occ.rate.idxmax()]
    assert f"peaked in {int(peak.year)} at {peak.rate:.1f}" in alt
    assert np.isfinite(peak.rate)
