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
    assert claims.check("C1").verdict == "not checkable"
    c2 = claims.check("C2")
    assert c2.verdict == "supported"
    assert c2.numbers["calderon"] > 2 * c2.numbers["fox"]
    assert c2.numbers["weeks_to_first"] == 7  # 19 Jan 2007, seven weeks after 1 Dec 2006
    c3 = claims.check("C3")
    assert c3.numbers == {"captured": 11, "killed": 2, "named_found": 6, "gap_days": 5,
                          "named_killed": 2}
    assert c3.key_number.startswith("11 leaders captured")
    c5 = claims.check("C5")
    assert c5.verdict == "partly supported"
    assert c5.numbers == {"ag_2012": "60–80", "pgr_2015": "52", "gov_2019": "37"}


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
