"""No English word inside a Spanish sentence: the glued values of the Spanish edition (issue 19).

The Spanish edition translates the prose with gettext catalogues, but the values a
hidden cell glues into a sentence (``{glue:text}`key```) are computed by code: a
word glued in English ("more", "fell", "2nd", "15 July 2013", "+1% to +4%") would
show inside a Spanish sentence. This test compares, key by key, the ``text/plain``
of every glued value in the executed notebooks of both editions and fails when a
Spanish value contains an English word, or is text identical to the English value
once the names that are the same in both languages are taken out (states,
municipalities, people, presidents, organisations' acronyms, numbers with units).

It reads the executed notebooks of the book that ``make book`` builds
(``_build/jupyter_execute`` and ``_build/es/jupyter_execute``). To check an
existing build without rebuilding, point ``KINGPIN_EXECUTED_EN`` and
``KINGPIN_EXECUTED_ES`` at the two ``jupyter_execute`` folders.
"""

from __future__ import annotations

import ast
import os
import re
from functools import cache
from pathlib import Path

import pytest

from booktools.notebook_edition import glue_values

REPO = Path(__file__).resolve().parents[1]

#: English words that must not be glued into a Spanish sentence (matched as whole words,
#: case-sensitive for the capitalised ones, so names such as "Buenavista" are not caught).
ENGLISH_WORDS = frozenset("""
    more fewer less rose fell fall rise rising falling higher lower highest lowest above below
    than to and or of per the in on at from by with without for between within
    includes include including excludes exclude zero both bands band overlap overlaps
    High Low high low Not not Only only None none part removals removal homicides homicide
    supported partly checkable request appropriation allocation captures killings
    January February March April May June July August September October November December
    has have is are was were stayed top ten least many as measure measures shows
    lies lie rejects reject does victims methodology old new
    first second third last st nd rd th
""".split())
#: An ordinal written the English way: 1st, 2nd, 3rd, 13th.
ENGLISH_ORDINAL = re.compile(r"\b\d+(?:st|nd|rd|th)\b")
#: Parts of a value that read the same in both languages: numbers (with sign, decimals,
#: exponent, %), claim ids (C1), fiscal years (FY2016), roles ({ref}`label`), addresses,
#: acronyms (INEGI, DEA).
_SAME_IN_BOTH = re.compile(
    r"\{[\w:-]+\}`[^`]*`|https?://\S+|\bC\d+\b|\bFY\d{4}\b|[-+−]?\d[\d,.]*(?:e[-+]?\d+)?%?|\b[A-Z]{2,}\b")


@cache
def names() -> tuple[str, ...]:
    """Proper names written alike in both editions, longest first (so "Baja California Sur"
    goes before "Baja California")."""
    from helpers.data import load_kingpin_events, load_municipalities_geo
    from helpers.reference.presidency import TERMS
    from helpers.reference.states import STATES

    found: set[str] = {"México", "Mexico", "Acapulco"}
    for s in STATES:
        found |= {s.name, s.short_name}
    for t in TERMS:
        found |= {t.president, t.short}
    events = load_kingpin_events()
    for column in ("name", "alias", "place_municipality"):
        found |= {str(v) for v in events[column].dropna()}
    found |= {f"{n} ({a})" for n, a in events[["name", "alias"]].dropna().itertuples(index=False)}
    found |= set(load_municipalities_geo()["name"].dropna().astype(str))
    return tuple(sorted((n for n in found if n.strip()), key=len, reverse=True))


def plain(bundle: dict[str, str]) -> str:
    """The text a reader sees of a glued value: its ``text/plain``, quotes of a repr removed."""
    text = bundle.get("text/markdown", bundle.get("text/plain", ""))
    if bundle.get("text/markdown") is None and text[:1] in ("'", '"'):
        try:
            value = ast.literal_eval(text)
        except (ValueError, SyntaxError):
            return text
        return value if isinstance(value, str) else text
    return text


def without_names(text: str) -> str:
    """``text`` with the proper names and the parts that read alike in both languages removed."""
    for name in names():
        if name in text:
            text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text)
    return _SAME_IN_BOTH.sub(" ", text)


def english_words(text: str) -> list[str]:
    """The English words of a glued value (names and numbers removed first)."""
    rest = without_names(text)
    found = ENGLISH_ORDINAL.findall(text)
    found += [w for w in re.findall(r"[^\W\d_]+", rest) if w in ENGLISH_WORDS]
    return found


def problems(english: dict[str, dict[str, str]], spanish: dict[str, dict[str, str]],
             page: str) -> list[str]:
    """One line per glued value of ``page`` that is not Spanish."""
    out = []
    for key in sorted(english.keys() | spanish.keys()):
        if key not in spanish or key not in english:
            out.append(f"{page}: {key} glued in one edition only")
            continue
        en, es = plain(english[key]), plain(spanish[key])
        words = english_words(es)
        letters = re.findall(r"[^\W\d_]{2,}", without_names(es))
        if words or (es == en and letters):
            why = f"English words {words}" if words else f"same text as the English {letters}"
            out.append(f"{page}: {key}: English {en!r} -> Spanish {es!r} ({why})")
    return out


def test_the_check_catches_english_and_allows_names():
    glued = {"a": {"text/plain": "'fewer'"}, "b": {"text/plain": "'Guerrero, Michoacán and "
                                                                  "Chihuahua'"},
             "c": {"text/plain": "'2nd'"}, "d": {"text/plain": "'Arteaga, Buenavista'"},
             "e": {"text/plain": "'+1.0% to +4.2%'"}, "f": {"text/plain": "919"},
             "g": {"text/plain": "'15 de julio de 2013'"}, "h": {"text/plain": "'C1, C4'"}}
    spanish = {**glued, "b": {"text/plain": "'Guerrero, Michoacán y Chihuahua'"},
               "g": {"text/plain": "'15 de julio de 2013'"}}
    english = {**glued, "g": {"text/plain": "'15 July 2013'"}}
    found = problems(english, spanish, "p")
    assert [line.split(":")[1].strip() for line in found] == ["a", "c", "e"], found
    assert "English 'fewer' -> Spanish 'fewer'" in found[0]


def _executed() -> tuple[Path, Path] | None:
    en, es = os.environ.get("KINGPIN_EXECUTED_EN"), os.environ.get("KINGPIN_EXECUTED_ES")
    return (Path(en), Path(es)) if en and es else None


@pytest.fixture(scope="module")
def executed(request) -> tuple[Path, Path]:
    """The executed notebooks of both editions (built as `make book` does, unless given)."""
    given = _executed()
    if given:
        return given
    request.getfixturevalue("book_html")  # tests/conftest.py: both editions, strict
    return REPO / "_build/jupyter_execute", REPO / "_build/es/jupyter_execute"


@pytest.mark.build
def test_no_english_word_glued_into_the_spanish_edition(executed):
    english_dir, spanish_dir = executed
    pages = sorted(english_dir.glob("chapters/**/*.ipynb"))
    assert len(pages) >= 12, english_dir
    found: list[str] = []
    for path in pages:
        rel = path.relative_to(english_dir)
        other = spanish_dir / rel
        assert other.is_file(), f"{rel}: no Spanish executed notebook in {spanish_dir}"
        found += problems(glue_values(path), glue_values(other), str(rel.with_suffix("")))
    assert not found, (f"{len(found)} glued values are not Spanish (pass the word through tr() "
                       "or a formatter of helpers.reference):\n" + "\n".join(found))


def test_formatters_in_both_languages(monkeypatch):
    from helpers.reference.formats import day_month, listing, month_year, ordinal, span

    monkeypatch.setenv("KINGPIN_LANG", "es")
    assert month_year("2022-12") == "diciembre de 2022" and day_month("2024-10-01") == (
        "1 de octubre")
    assert ordinal(13) == "13.º" and span("160", "358.6") == "160 a 358.6"
    assert listing(["Coahuila", "Hidalgo"]) == "Coahuila e Hidalgo"
    assert listing(["Guerrero", "Hierro"]) == "Guerrero y Hierro"  # "hie-" is not an i sound
    monkeypatch.setenv("KINGPIN_LANG", "en")
    assert month_year("2022-12-01") == "December 2022" and day_month("2024-10-01") == "1 October"
    assert [ordinal(n) for n in (1, 12, 21, 112, 103)] == ["1st", "12th", "21st", "112th", "103rd"]
    assert listing(["Colima"]) == "Colima" and span("-0.1", "+2.2") == "-0.1 to +2.2"


def test_formatters_refuse_bad_input():
    from helpers.reference.formats import listing, month_year, ordinal

    with pytest.raises(ValueError, match=r"n=0 is not a rank.*positive whole number"):
        ordinal(0)
    with pytest.raises(ValueError, match=r"n=2.5"):
        ordinal(2.5)
    with pytest.raises(ValueError, match=r"date='soon' is not an ISO date"):
        month_year("soon")
    with pytest.raises(ValueError, match=r"items='Guerrero' is text"):
        listing("Guerrero")
    with pytest.raises(ValueError, match=r"items=\[\] is empty"):
        listing([])
    with pytest.raises(ValueError, match=r"lang='fr'"):
        ordinal(1, lang="fr")
