"""Claims registry: every claim has a valid verdict computed from the data."""

from __future__ import annotations

import re

import pytest

from helpers import claims
from helpers.claims import history as history_claims
from helpers.data import load_kingpin_events


def test_all_thirteen_claims_in_order():
    assert list(claims.CLAIMS) == [f"C{i}" for i in range(1, 14)]


def test_every_check_returns_a_valid_verdict():
    table = claims.check_all()
    assert len(table) == 13
    assert table["verdict"].isin(claims.VERDICTS).all()
    assert table["key_number"].str.len().gt(0).all()
    assert table["explanation"].str.len().gt(20).all()
    # A claim that is not pending links to the section that checks it.
    decided = table[table["verdict"] != "pending"]
    assert decided["label"].notna().all()
    assert set(decided["id"]) >= {"C1", "C2", "C3", "C5"}


def test_kingpin_chapter_verdicts():
    c1 = claims.check("C1")
    assert c1.verdict == "supported" and c1.rule.judgment
    assert (c1.numbers["dea_year"], c1.numbers["escobar_year"], c1.numbers["cali_year"]) == (
        1992, 1993, 1995)
    c2 = claims.check("C2")
    assert c2.verdict == "supported" and c2.rule is history_claims.C2_RULE
    assert (c2.numbers["fox"], c2.numbers["calderon"], c2.numbers["ratio"]) == (6, 24, 4.0)
    assert c2.numbers["days_to_offensive"] == 10  # Operation Michoacán, 11 Dec 2006
    # The first removal is a capture, never the January 2007 extradition.
    assert c2.numbers["first_removal_id"] == "KP014"
    assert c2.numbers["first_removal_type"] == "captured"
    assert "extradition" not in c2.explanation
    c3 = claims.check("C3")
    assert c3.verdict == "supported"
    assert c3.numbers == {"captured": 11, "killed": 2, "named_found": 6, "gap_days": 5,
                          "named_killed": 2}
    assert c3.key_number.startswith("11 leaders captured")
    c5 = claims.check("C5")
    assert c5.verdict == "partly supported" and c5.rule.judgment
    assert {k: c5.numbers[k] for k in ("ag_2012", "pgr_2015", "gov_2019")} == {
        "ag_2012": "60–80", "pgr_2015": "52", "gov_2019": "37"}
    assert c5.numbers["counts_new_groups"] is False
    assert "the count depends on what counts as a group" in c5.explanation
    assert "Two details differ: 2 of the named men" in c3.explanation


def test_c5_new_groups_is_read_from_the_words_new_groups(monkeypatch):
    """'the new Attorney General' is not a count of new groups; 'new groups' is."""
    timeline = history_claims.load_context_timeline()

    def with_event(text):
        frame = timeline.copy()
        frame.loc[frame["date_as_given"] == "2012-12-18", "event"] = text
        return lambda *a, **k: frame

    monkeypatch.setattr(history_claims, "load_context_timeline",
                        with_event("The new Attorney General says 60–80 groups operate"))
    assert history_claims.c5_numbers()["counts_new_groups"] is False
    monkeypatch.setattr(history_claims, "load_context_timeline",
                        with_event("Officials say 60–80 New Groups formed under Calderón"))
    assert history_claims.c5_numbers()["counts_new_groups"] is True


C1_ALL = {p: True for p in history_claims.C1_PARTS}


@pytest.mark.parametrize(("rule", "numbers", "verdict"), [
    (history_claims.C1_RULE, C1_ALL, "supported"),
    (history_claims.C1_RULE, {**C1_ALL, "cali": False}, "partly supported"),
    (history_claims.C1_RULE, {p: False for p in C1_ALL}, "not checkable"),
    (history_claims.C2_RULE, {"ratio": 2.0, "days_to_offensive": 10}, "supported"),
    (history_claims.C2_RULE, {"ratio": 4.0, "days_to_offensive": 90}, "partly supported"),
    (history_claims.C2_RULE, {"ratio": 1.5, "days_to_offensive": 10}, "partly supported"),
    (history_claims.C2_RULE, {"ratio": 1.5, "days_to_offensive": None}, "not supported"),
    (history_claims.C3_RULE, {"captured": 11, "named_found": 6, "gap_days": 5}, "supported"),
    (history_claims.C3_RULE, {"captured": 4, "named_found": 6, "gap_days": 5},
     "partly supported"),
    (history_claims.C3_RULE, {"captured": 12, "named_found": 5, "gap_days": 5},
     "partly supported"),
    (history_claims.C3_RULE, {"captured": 12, "named_found": 6, "gap_days": 8},
     "partly supported"),  # "within one week" fails
    (history_claims.C3_RULE, {"captured": 30, "named_found": 2, "gap_days": 5},
     "not supported"),
    (history_claims.C5_RULE, {"traced": True, "counts_new_groups": True}, "supported"),
    (history_claims.C5_RULE, {"traced": True, "counts_new_groups": False}, "partly supported"),
    (history_claims.C5_RULE, {"traced": False, "counts_new_groups": False}, "not checkable"),
])
def test_history_rules_reach_each_declared_outcome(rule, numbers, verdict):
    assert rule.apply(numbers) == verdict


def test_history_rules_declare_exactly_the_outcomes_tested():
    reached = {
        history_claims.C1_RULE: {"supported", "partly supported", "not checkable"},
        history_claims.C2_RULE: {"supported", "partly supported", "not supported"},
        history_claims.C3_RULE: {"supported", "partly supported", "not supported"},
        history_claims.C5_RULE: {"supported", "partly supported", "not checkable"},
    }
    for rule, outcomes in reached.items():
        assert set(rule.outcomes) == outcomes


def test_c1_sources_are_in_the_bibliography():
    from helpers.reference.paths import REPO_ROOT

    bib = (REPO_ROOT / "references.bib").read_text(encoding="utf-8")
    for _fact, _text, _year, key in history_claims.C1_FACTS:
        assert f"{{{key}," in bib, key


def test_named_events_are_the_articles():
    named = history_claims.named_events()
    assert named["alias"].tolist() == ["Z-40", "El Chapo", "El Chayo; El Más Loco", "El Kike",
                                       "La Tuta", "Z-42"]
    assert named["presidency"].eq("pena_nieto").all()
    assert named.set_index("alias").loc["Z-42", "place_state"] == "Nuevo León"
    assert named.set_index("alias").loc["La Tuta", "cve_ent"] == "16"


def test_named_events_error_when_missing():
    events = load_kingpin_events()
    without_tuta = events[events["alias"] != "La Tuta"]
    with pytest.raises(ValueError, match="No event concerns 'La Tuta'"):
        history_claims.named_events(without_tuta)


def test_claims_markdown_links_only_decided_claims():
    md = claims.claims_markdown()
    lines = md.splitlines()
    assert len(lines) == 2 + 13
    refs = re.findall(r"\{ref\}`([^`]+)`", md)
    assert "kingpin-origins" in refs and "kingpin-pena-nieto" in refs
    for line in lines[2:]:
        if "**pending**" in line:
            assert "{ref}" not in line


def test_markdown_escapes_pipes():
    table = claims.check_all().head(1).assign(key_number="a | b")
    assert "a \\| b" in claims.claims_markdown(table)


def test_bad_inputs():
    with pytest.raises(ValueError, match="Unknown claim 'C14'; the claims are C1, C2"):
        claims.check("C14")
    assert claims.claim(" c3 ").id == "C3"
    with pytest.raises(ValueError, match="Verdict 'true' is not allowed; use one of"):
        claims.Verdict("true", "1", "x")


def test_a_verdict_must_follow_from_its_rule_and_numbers():
    """Each check states its rule once and passes the numbers it keeps: the two must agree."""
    c2 = claims.check("C2")
    assert c2.rule.apply(c2.numbers) == c2.verdict
    with pytest.raises(ValueError, match="does not follow from its rule, which gives "
                                         "'not supported'"):
        claims.Verdict("supported", "1", "x", {"ratio": 1.0, "days_to_offensive": None},
                       history_claims.C2_RULE)


def test_check_must_return_a_verdict(monkeypatch):
    broken = claims.Claim("C1", "x", "chapters/x", None, lambda: ("supported", "1", "x"))
    monkeypatch.setitem(claims.CLAIMS, "C1", broken)
    with pytest.raises(TypeError, match="returned tuple, not a Verdict"):
        claims.check("C1")


def test_markdown_escapes_dollars_for_dollarmath():
    md = claims.claims_markdown()
    line = next(x for x in md.splitlines() if x.startswith("| C10 "))
    assert "\\$2.4 billion" in line and "\\$500 million" in line


def test_decided_claims_point_at_a_label_and_an_admonition_in_their_chapter():
    from helpers.reference.paths import REPO_ROOT

    for c in claims.CLAIMS.values():
        if c.label is None:
            continue
        text = (REPO_ROOT / f"{c.chapter}.md").read_text(encoding="utf-8")
        assert f"({c.label})=" in text, f"{c.id}: label {c.label} missing in {c.chapter}"
        assert f"{{admonition}} Claim check: {c.id}\n" in text, f"{c.id}: no admonition"


def test_labelled_claims_are_in_chapters_listed_in_the_toc():
    # A {ref} to a label in a chapter outside the toc breaks the strict (-W -n) build.
    from helpers.reference.paths import REPO_ROOT

    toc = (REPO_ROOT / "_toc.yml").read_text(encoding="utf-8").splitlines()
    listed = {line.split("file:", 1)[1].strip() for line in toc
              if line.strip().startswith("- file:")}
    for c in claims.CLAIMS.values():
        if c.label is not None:
            assert c.chapter in listed, f"{c.id}: {c.chapter} is not in _toc.yml"
