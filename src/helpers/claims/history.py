"""Checks of the history claims C1, C2, C3 and C5 (chapter "The Kingpin Strategy").

Each check computes its numbers from ``data/`` (the kingpin events table and the
context timeline) or, for the claims only sources can settle (C1, C5), from a
small table of cited facts kept here with their bibliography keys. A stated
:class:`~helpers.claims.verdict.Rule` turns the numbers into the verdict; the
rules' text is printed on the claims page, and C1's and C5's are marked as a
reader's judgment of sources.

Removals are the Mexican state's own captures and killings
(:func:`helpers.data.filter_events` with ``event_type="removal"``): no killings by
rivals, no arrests by U.S. authorities, no capture undone the same day, and no
extraditions (a handover moves a prisoner; it removes nobody).
"""

from __future__ import annotations

import re

import pandas as pd

from helpers.claims.verdict import Rule, Verdict
from helpers.data.events import (
    filter_events,
    find_person,
    load_context_timeline,
    load_kingpin_events,
)
from helpers.reference.i18n import long_date as date_in_language
from helpers.reference.i18n import tr
from helpers.reference.presidency import term

#: The captures and killings the article names for Peña Nieto's first years (C3):
#: (how the article names the person, alias to look up, year of the event it means).
C3_NAMED: tuple[tuple[str, str, int], ...] = (
    ('Joaquín "El Chapo" Guzmán', "El Chapo", 2014),
    ('Miguel Ángel "Z-40" Treviño', "Z-40", 2013),
    ("Nazario Moreno González", "El Chayo", 2014),
    ("Enrique Plancarte Solís", "El Kike", 2014),
    ('Servando "La Tuta" Gómez', "La Tuta", 2015),
    ('Alejandro "Z-42" Treviño Morales', "Z-42", 2015),
)

#: The article was written days after Z-42's capture: its count runs to that day.
C3_CUTOFF = "2015-03-04"

#: "Within one week": La Tuta's and Z-42's captures at most this many days apart.
C3_WEEK_DAYS = 7

#: "Close to a dozen" captures, read generously: this many to this many.
C3_DOZEN = (9, 15)

#: C2: Calderón's removals per year must be at least this multiple of Fox's.
C2_CENTRAL_RATIO = 2.0

#: C2: the offensive counts as adopted "in December 2006" if the context timeline
#: shows a federal operation launched within this many days of 1 December 2006.
C2_ADOPTION_DAYS = 31

#: C1: the documented facts behind the claim, each with the bibliography key of a
#: source read for this book (quotations of cited sources, not data).
C1_FACTS: tuple[tuple[str, str, int, str], ...] = (
    ("dea_origin", "The DEA developed the Kingpin Strategy, aimed at the command and control "
     "of major trafficking organisations", 1992, "hale2012"),
    ("colombia_targets", "Its first targets were the Medellín and Cali cocaine organisations, "
     "mostly Cali", 1992, "hale2012"),
    ("medellin", "Pablo Escobar, head of the Medellín cartel, killed by Colombian police",
     1993, "latimes1995cali"),
    ("cali", "Gilberto Rodríguez Orejuela, head of the Cali cartel, captured in Cali", 1995,
     "latimes1995cali"),
    ("cali", "Miguel Rodríguez Orejuela, the other Cali leader, arrested in Cali", 1995,
     "tampabay1995cali"),
)

#: The parts of claim C1 a source must document.
C1_PARTS: tuple[str, ...] = ("dea_origin", "colombia_targets", "medellin", "cali")


def long_date(iso: str) -> str:
    """Return an ISO date as readers expect it, e.g. '4 March 2015'.

    Examples
    --------
    >>> long_date("2015-03-04")
    '4 March 2015'
    """
    day = pd.Timestamp(iso)
    return f"{day.day} {day:%B %Y}"


def named_events(events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the events the article names for Peña Nieto's first years (claim C3).

    Returns
    -------
    pandas.DataFrame
        One row per named event (captures or killings), with the article's naming
        in ``named_as``.

    Raises
    ------
    ValueError
        If a named person has no single capture or killing in the year meant.

    Examples
    --------
    >>> named_events()["alias"].tolist()[:2]
    ['Z-40', 'El Chapo']
    """
    events = load_kingpin_events() if events is None else events
    rows = []
    for named_as, alias, year in C3_NAMED:
        person = find_person(events, alias)
        hit = person[(person["date"].dt.year == year)
                     & person["event_type"].isin(["captured", "killed"])]
        if len(hit) != 1:
            raise ValueError(f"Expected one capture or killing of {alias!r} in {year}, "
                             f"found {len(hit)}.")
        rows.append(hit.assign(named_as=named_as))
    return pd.concat(rows).sort_values("date")


# --------------------------------------------------------------------------- C1


def _c1_decide(n) -> str:
    found = sum(bool(n[p]) for p in C1_PARTS)
    if found == len(C1_PARTS):
        return "supported"
    return "partly supported" if found else "not checkable"


C1_RULE = Rule(
    "Supported if cited sources document all four parts: the DEA devised the strategy in the "
    "1990s, its first targets were the Medellín and Cali organisations, and the leaders of "
    "both were killed or arrested; partly supported if some parts are documented; not "
    "checkable if none is. The events table starts in 2001 and covers Mexico only, so this is "
    "a reading of sources.",
    _c1_decide, ("supported", "partly supported", "not checkable"), judgment=True)


def c1_numbers() -> dict:
    """Return which parts of claim C1 a cited source documents, and the years they give.

    Examples
    --------
    >>> c1_numbers()["dea_year"]
    1992
    """
    parts = {p: sorted({k for f, _t, _y, k in C1_FACTS if f == p}) for p in C1_PARTS}
    years = {f: y for f, _t, y, _k in C1_FACTS}
    return {**{p: bool(keys) for p, keys in parts.items()},
            "sources": parts, "dea_year": years["dea_origin"],
            "escobar_year": years["medellin"], "cali_year": years["cali"],
            "events_first_year": int(load_kingpin_events()["date"].dt.year.min())}


def check_c1() -> Verdict:
    """C1: the DEA devised the Kingpin Strategy in the 1990s; first used against Cali/Medellín.

    Examples
    --------
    >>> check_c1().verdict
    'supported'
    """
    n = c1_numbers()
    return Verdict(
        C1_RULE.apply(n),
        tr("DEA strategy {dea}; Escobar killed {escobar}; Cali leaders arrested {cali}",
           dea=n["dea_year"], escobar=n["escobar_year"], cali=n["cali_year"]),
        tr("Cited sources date the DEA's Kingpin Strategy to {dea}, name the Medellín and Cali "
           "organisations as its first targets, and report Escobar's killing ({escobar}) and "
           "the Cali leaders' arrests ({cali}). The book's own data start in {first} and cover "
           "Mexico only, so the verdict is a reading of those sources, not a computation.",
           dea=n["dea_year"], escobar=n["escobar_year"], cali=n["cali_year"],
           first=n["events_first_year"]),
        n, C1_RULE)


# --------------------------------------------------------------------------- C2


def _c2_decide(n) -> str:
    central = n["ratio"] >= C2_CENTRAL_RATIO
    adopted = n["days_to_offensive"] is not None and n["days_to_offensive"] <= C2_ADOPTION_DAYS
    if central and adopted:
        return "supported"
    return "partly supported" if central or adopted else "not supported"


C2_RULE = Rule(
    f"'Central': the Mexican state's removals of cartel figures per year in office (captures "
    f"and killings in the events table) under Calderón are at least {C2_CENTRAL_RATIO:g} times "
    f"Fox's. 'Adopted in December 2006': the context timeline shows a federal operation "
    f"launched within {C2_ADOPTION_DAYS} days of 1 December 2006. Supported if both hold, "
    "partly supported if one does, not supported if neither.",
    _c2_decide, ("supported", "partly supported", "not supported"))


def _per_year(count: int, key: str) -> float:
    t = term(key)
    return count / ((pd.Timestamp(t.end) - pd.Timestamp(t.start)).days / 365.25)


def c2_numbers() -> dict:
    """Count removals under Fox and Calderón, their ratio per year, and the offensive's start.

    Examples
    --------
    >>> n = c2_numbers()
    >>> n["calderon"] > n["fox"]
    True
    """
    events = load_kingpin_events()
    removals = filter_events(events, event_type="removal")
    fox = int((removals["presidency"] == "fox").sum())
    calderon = int((removals["presidency"] == "calderon").sum())
    start = pd.Timestamp(term("calderon").start)
    first = removals[removals["date"] >= start].iloc[0]
    context = load_context_timeline(start=start)
    operations = context[context["event"].str.contains("Operation", regex=False)]
    days = int((operations["date"].iloc[0] - start).days) if len(operations) else None
    return {
        "fox": fox, "calderon": calderon,
        "fox_per_year": round(_per_year(fox, "fox"), 2),
        "calderon_per_year": round(_per_year(calderon, "calderon"), 2),
        "ratio": round(_per_year(calderon, "calderon") / _per_year(fox, "fox"), 2),
        "days_to_offensive": days,
        "offensive_date": operations["date"].iloc[0].date().isoformat() if days is not None
        else None,
        "first_removal_id": str(first["event_id"]),
        "first_removal_date": first["date"].date().isoformat(),
        "first_removal_type": str(first["event_type"]),
        "weeks_to_first_removal": int((first["date"] - start).days // 7),
    }


def check_c2() -> Verdict:
    """C2: Calderón adopted the strategy in December 2006 and made it central.

    Examples
    --------
    >>> check_c2().verdict
    'supported'
    """
    n = c2_numbers()
    # The explanation says the list's first removal came after the first operation.
    assert n["offensive_date"] is not None and n["first_removal_date"] > n["offensive_date"]
    return Verdict(
        C2_RULE.apply(n),
        tr("{calderon} removals under Calderón vs {fox} under Fox ({ratio} times as many a "
           "year)", calderon=n["calderon"], fox=n["fox"], ratio=f"{n['ratio']:.1f}"),
        tr("The list holds {calderon} captures and killings by the Mexican state under Calderón "
           "against {fox} under Fox, {ratio} times as many per year, and the first federal "
           "operation of his term began on {offensive}, {days} days in. The list's first "
           "removal under him came later, on {first_removal} ({weeks} weeks in); the list is "
           "curated, so the counts show emphasis, not totals.", calderon=n["calderon"],
           fox=n["fox"], ratio=f"{n['ratio']:.1f}",
           offensive=date_in_language(n["offensive_date"]), days=n["days_to_offensive"],
           first_removal=date_in_language(n["first_removal_date"]),
           weeks=n["weeks_to_first_removal"]),
        n, C2_RULE)


# --------------------------------------------------------------------------- C3


def _c3_decide(n) -> str:
    low, high = C3_DOZEN
    dozen = low <= n["captured"] <= high
    named = n["named_found"] == len(C3_NAMED) and n["gap_days"] <= C3_WEEK_DAYS
    if dozen and named:
        return "supported"
    return "partly supported" if dozen or named else "not supported"


C3_RULE = Rule(
    f"Leaders and co-leaders captured by the Mexican state from 1 December 2012 to "
    f"{long_date(C3_CUTOFF)} (the last event the article reports) are counted; 'close to a "
    f"dozen' is read as {C3_DOZEN[0]} to {C3_DOZEN[1]}. Supported if the count is in that "
    f"range and all {len(C3_NAMED)} named events are in the list in that window, La Tuta's "
    f"and Z-42's at most {C3_WEEK_DAYS} days apart ('within one week'); partly supported if "
    "one holds; not supported if neither. His public distancing is not tested.",
    _c3_decide, ("supported", "partly supported", "not supported"))


def c3_numbers() -> dict:
    """Count leader captures and killings under Peña Nieto to Z-42's capture (C3_CUTOFF).

    Examples
    --------
    >>> c3_numbers()["named_found"]
    6
    """
    events = load_kingpin_events()
    leaders = filter_events(events, presidency="pena_nieto", role="leader",
                            event_type="removal", end=C3_CUTOFF)
    named = named_events(events)
    named = named[(named["presidency"] == "pena_nieto")
                  & (named["date"] <= pd.Timestamp(C3_CUTOFF))]
    tuta, z42 = (named.set_index("alias").loc[a, "date"] for a in ("La Tuta", "Z-42"))
    return {"captured": int((leaders["event_type"] == "captured").sum()),
            "killed": int((leaders["event_type"] == "killed").sum()),
            "named_found": len(named), "gap_days": int((z42 - tuta).days),
            "named_killed": int((named["event_type"] == "killed").sum())}


def check_c3() -> Verdict:
    """C3: close to a dozen leaders caught under Peña Nieto by March 2015, six named.

    Examples
    --------
    >>> check_c3().numbers["named_found"]
    6
    """
    n = c3_numbers()
    return Verdict(
        C3_RULE.apply(n),
        tr("{captured} leaders captured (+{killed} killed), Dec 2012–Mar 2015",
           captured=n["captured"], killed=n["killed"]),
        tr("Between 1 December 2012 and {cutoff} the list records {captured} captures and "
           "{killed} killings of leaders or co-leaders by the Mexican state; all {named} named "
           "events are in it, La Tuta's and Z-42's captures {gap} days apart.",
           cutoff=date_in_language(C3_CUTOFF), captured=n["captured"], killed=n["killed"],
           named=n["named_found"], gap=n["gap_days"]) + " "
        + (tr("Two details differ: {named_killed} of the named men were killed, not captured, "
              "and Z-42's first names are Óscar Omar.", named_killed=n["named_killed"])
           if n["named_killed"] else
           tr("One detail differs: Z-42's first names are Óscar Omar.")),
        n, C3_RULE)


# --------------------------------------------------------------------------- C5


def _first_count(text: str) -> str:
    match = re.search(r"\d+(?:\s*[–-]\s*\d+)?", text)
    if match is None:
        raise ValueError(f"No number in the context event {text!r}.")
    return re.sub(r"\s*[–-]\s*", "–", match.group(0))


def _c5_decide(n) -> str:
    if not n["traced"]:
        return "not checkable"
    return "supported" if n["counts_new_groups"] else "partly supported"


C5_RULE = Rule(
    "Supported if a cited official or scholarly source counts 60 to 80 new groups formed "
    "under Calderón; partly supported if the figure can be traced to such a source but "
    "counts something else (groups operating at one date); not checkable if it cannot be "
    "traced. Counting groups depends on what counts as a group, so this is a reading of "
    "sources.",
    _c5_decide, ("supported", "partly supported", "not checkable"), judgment=True)


def c5_numbers() -> dict:
    """Return the counts of groups in the context timeline and what the 2012 figure counts.

    Examples
    --------
    >>> c5_numbers()["ag_2012"]
    '60–80'
    """
    context = load_context_timeline().set_index("date_as_given")
    ag = context.loc["2012-12-18", "event"]
    counts = {
        "ag_2012": _first_count(ag),
        "pgr_2015": _first_count(context.loc["2015-04-23", "event"]),
        "gov_2019": _first_count(context.loc["2019-05", "event"]),
    }
    return {**counts, "traced": counts["ag_2012"] == "60–80",
            "counts_new_groups": bool(re.search(r"\bnew (?:groups|organi[sz]ations|gangs)\b",
                                                ag, flags=re.IGNORECASE))}


def check_c5() -> Verdict:
    """C5: 60-80 new trafficking groups appeared under Calderón.

    Examples
    --------
    >>> check_c5().verdict
    'partly supported'
    """
    n = c5_numbers()
    # The explanation says the figure is traced and counts groups operating, not new ones.
    assert n["traced"] and not n["counts_new_groups"]
    return Verdict(
        C5_RULE.apply(n),
        tr("{ag} groups operating (Attorney General, Dec 2012)", ag=n["ag_2012"]),
        tr("The figure is the incoming Attorney General's estimate of groups operating in "
           "December 2012, a stock and a political statement, not a count of new groups; the "
           "PGR counted {pgr} in 2015 and the government {gov} 'cartels' in 2019, so the count "
           "depends on what counts as a group.", pgr=n["pgr_2015"],
           gov=n["gov_2019"]),
        n, C5_RULE)
