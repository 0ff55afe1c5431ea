"""Registry of the source article's claims C1-C13 and the book's check of each.

Every claim has a paraphrased text, the chapter and section label that check it,
and a function that computes the verdict from ``data/`` and returns a
:class:`Verdict`: one of :data:`VERDICTS`, the key number(s) formatted for a
table, and a one-sentence explanation. The claims page
(``chapters/appendix/claims.md``) renders :func:`claims_markdown`.

A claim whose chapter is not written yet returns ``"pending"``. To add a check:
write a function returning a :class:`Verdict` (computed from the loaders, never
typed in), point the claim's ``check`` at it and set ``label`` to the MyST label
of the section that shows the computation (the claims page links to it).
"""

from __future__ import annotations

import re

import pandas as pd

from helpers.analysis.events import counts_by_presidency
from helpers.claims.verdict import Verdict
from helpers.data.events import (
    filter_events,
    find_person,
    load_context_timeline,
    load_kingpin_events,
)
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


def named_events(events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the events the article names for Peña Nieto's first years (claim C3).

    Returns
    -------
    pandas.DataFrame
        One row per named event (captures or killings), with the article's naming
        in ``named_as``.

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


def check_c1() -> Verdict:
    """C1: the DEA devised the Kingpin Strategy in the 1990s; first used against Cali/Medellín.

    Examples
    --------
    >>> check_c1().verdict
    'not checkable'
    """
    first = int(load_kingpin_events()["date"].dt.year.min())
    return Verdict(
        "not checkable", f"events start in {first}",
        f"The event data start in {first} and concern Mexico only; none of the sources the "
        "book's compilers read covers the DEA's design of the strategy or its use in "
        "Colombia, so the claim stays a statement of the article.",
        {"first_year": first},
    )


def check_c2() -> Verdict:
    """C2: Calderón adopted the strategy in December 2006 and made it central.

    Examples
    --------
    >>> check_c2().verdict
    'supported'
    """
    events = load_kingpin_events()
    removals = filter_events(events, event_type="removal", state_actions_only=True)
    table = counts_by_presidency(removals, by="event_type")
    fox, calderon = int(table.loc["Fox", "total"]), int(table.loc["Calderón", "total"])
    start = pd.Timestamp(term("calderon").start)
    first = events[events["date"] >= start].iloc[0]
    weeks = int((first["date"] - start).days // 7)
    return Verdict(
        "supported", f"{calderon} removals under Calderón vs {fox} under Fox",
        f"The curated list holds {calderon} captures and killings of cartel figures by the "
        f"state under Calderón against {fox} under Fox, and his first kingpin event (a mass "
        f"extradition) came {weeks} weeks into his term; the list is not a census, so the "
        "counts show emphasis rather than totals.",
        {"fox": fox, "calderon": calderon, "weeks_to_first": weeks},
    )


def check_c3() -> Verdict:
    """C3: close to a dozen leaders caught under Peña Nieto by March 2015, six named.

    Examples
    --------
    >>> check_c3().numbers["named_found"]
    6
    """
    events = load_kingpin_events()
    leaders = filter_events(events, presidency="pena_nieto", role="leader",
                            event_type="removal", end=C3_CUTOFF, state_actions_only=True)
    captured = int((leaders["event_type"] == "captured").sum())
    killed = int((leaders["event_type"] == "killed").sum())
    named = named_events(events)
    tuta, z42 = (named.set_index("alias").loc[a, "date"] for a in ("La Tuta", "Z-42"))
    gap = int((z42 - tuta).days)
    named_killed = int((named["event_type"] == "killed").sum())
    return Verdict(
        "supported",
        f"{captured} leaders captured (+{killed} killed), Dec 2012–Mar 2015",
        f"Between 1 December 2012 and {C3_CUTOFF} the list records {captured} captures and "
        f"{killed} killings of leaders or co-leaders by the state; all {len(named)} named "
        f"events are in it, La Tuta's and Z-42's captures {gap} days apart. Two details differ: "
        f"{named_killed} of the named men were killed, not captured, and Z-42's first names "
        "are Óscar Omar.",
        {"captured": captured, "killed": killed, "named_found": len(named), "gap_days": gap,
         "named_killed": named_killed},
    )


def _first_count(text: str) -> str:
    match = re.search(r"\d+(?:\s*[–-]\s*\d+)?", text)
    if match is None:
        raise ValueError(f"No number in the context event {text!r}.")
    return re.sub(r"\s*[–-]\s*", "–", match.group(0))


def check_c5() -> Verdict:
    """C5: 60-80 new trafficking groups appeared under Calderón.

    Examples
    --------
    >>> check_c5().verdict
    'partly supported'
    """
    context = load_context_timeline().set_index("date_as_given")
    counts = {
        "ag_2012": _first_count(context.loc["2012-12-18", "event"]),
        "pgr_2015": _first_count(context.loc["2015-04-23", "event"]),
        "gov_2019": _first_count(context.loc["2019-05", "event"]),
    }
    return Verdict(
        "partly supported",
        f"{counts['ag_2012']} groups operating (Attorney General, Dec 2012)",
        f"The figure is the incoming Attorney General's estimate of groups operating in "
        f"December 2012, a stock and a political statement, not a count of new groups; the "
        f"PGR counted {counts['pgr_2015']} in 2015 and the government {counts['gov_2019']} "
        "'cartels' in 2019, so the order of magnitude depends on what counts as a group.",
        counts,
    )


