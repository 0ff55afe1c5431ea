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
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from helpers.events import (
    counts_by_presidency,
    filter_events,
    find_person,
    load_context_timeline,
    load_kingpin_events,
)
from helpers.presidency import term

#: The verdicts a check may return.
VERDICTS: tuple[str, ...] = (
    "supported", "partly supported", "not supported", "not checkable", "pending",
)


@dataclass(frozen=True)
class Verdict:
    """The outcome of checking one claim.

    Attributes
    ----------
    verdict : str
        One of :data:`VERDICTS`.
    key_number : str
        The decisive number(s), formatted for a table ("—" when there is none).
    explanation : str
        One or two sentences: what was computed and why the verdict follows.
    numbers : dict
        The raw values behind ``key_number`` (for ``glue`` in chapters).
    """

    verdict: str
    key_number: str
    explanation: str
    numbers: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.verdict not in VERDICTS:
            raise ValueError(
                f"Verdict {self.verdict!r} is not allowed; use one of: {', '.join(VERDICTS)}."
            )


@dataclass(frozen=True)
class Claim:
    """One claim of the source article and where the book checks it.

    Attributes
    ----------
    id : str
        "C1".."C13".
    text : str
        The claim, paraphrased.
    chapter : str
        Path of the chapter that checks it, without suffix.
    label : str or None
        MyST label of the section with the check; ``None`` while pending.
    check : callable
        Returns a :class:`Verdict` computed from the data.
    """

    id: str
    text: str
    chapter: str
    label: str | None
    check: Callable[[], Verdict]


def _pending(chapter: str) -> Callable[[], Verdict]:
    def check() -> Verdict:
        return Verdict("pending", "—", f"Checked in the chapter {chapter!r}, not yet written.")

    return check


# --- checks of the chapter "The Kingpin Strategy" -----------------------------------------

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


CLAIMS: dict[str, Claim] = {c.id: c for c in (
    Claim("C1", "The DEA devised the Kingpin Strategy in the 1990s to go after the leaders "
          "and money of trafficking organisations; it was first used against Colombia's Cali "
          "and Medellín cartels.",
          "chapters/kingpin-strategy", "kingpin-origins", check_c1),
    Claim("C2", "Calderón adopted the strategy in December 2006 and it became central to "
          "Mexico's fight against organised crime.",
          "chapters/kingpin-strategy", "kingpin-calderon", check_c2),
    Claim("C3", "Peña Nieto distanced himself from it in public, yet close to a dozen cartel "
          "leaders were caught in his first years, among them El Chapo, Z-40, Nazario Moreno, "
          "Enrique Plancarte, and La Tuta and Z-42 within one week in 2015.",
          "chapters/kingpin-strategy", "kingpin-pena-nieto", check_c3),
    Claim("C4", "Removing leaders splinters cartels and opens power vacuums; smaller groups "
          "fight over local markets and violence rises.",
          "chapters/captures-and-violence", None, _pending("captures-and-violence")),
    Claim("C5", "Sixty to eighty new trafficking groups appeared under Calderón.",
          "chapters/kingpin-strategy", "kingpin-fragmentation", check_c5),
    Claim("C6", "Homicide rates under Calderón doubled those of the Fox years.",
          "chapters/violence-by-state", None, _pending("violence-by-state")),
    Claim("C7", "Intentional homicide in Michoacán rose 10% from 2013 to 2014.",
          "chapters/michoacan-guerrero", None, _pending("michoacan-guerrero")),
    Claim("C8", "Some Michoacán municipalities have a murder rate of 57.42 per 100,000, four "
          "times the national average.",
          "chapters/michoacan-guerrero", None, _pending("michoacan-guerrero")),
    Claim("C9", "Acapulco (Guerrero) had Mexico's highest homicide rate in 2014, although "
          "several cartels there had been broken up since 2005.",
          "chapters/michoacan-guerrero", None, _pending("michoacan-guerrero")),
    Claim("C10", "State Department security aid to Mexico, Mérida included, came to about "
          "$2.4 billion in 2008–2015, and the Defense Department added about $500 million.",
          "chapters/us-assistance", None, _pending("us-assistance")),
    Claim("C11", "Since 2008, 15% of Mérida funds were withheld each year pending "
          "human-rights conditions, yet the Secretary of State kept certifying Mexico.",
          "chapters/us-assistance", None, _pending("us-assistance")),
    Claim("C12", "For FY2016 the President requested another $120 million for Mexico, much "
          "of it for the southern border.",
          "chapters/us-assistance", None, _pending("us-assistance")),
    Claim("C13", "Mexico had become the largest buyer of U.S. weapons.",
          "chapters/us-assistance", None, _pending("us-assistance")),
)}


def claim(claim_id: str) -> Claim:
    """Return a claim by id ("C1".."C13"; case and spaces ignored).

    Examples
    --------
    >>> claim("c3").chapter
    'chapters/kingpin-strategy'
    """
    key = str(claim_id).strip().upper()
    if key not in CLAIMS:
        raise ValueError(f"Unknown claim {claim_id!r}; the claims are {', '.join(CLAIMS)}.")
    return CLAIMS[key]


def check(claim_id: str) -> Verdict:
    """Run the check of one claim and return its :class:`Verdict`.

    Examples
    --------
    >>> check("C1").verdict
    'not checkable'
    """
    result = claim(claim_id).check()
    if not isinstance(result, Verdict):
        raise TypeError(f"The check of {claim_id} returned {type(result).__name__}, "
                        "not a Verdict.")
    return result


def check_all() -> pd.DataFrame:
    """Run every check; one row per claim.

    Returns
    -------
    pandas.DataFrame
        Columns ``id``, ``claim``, ``verdict``, ``key_number``, ``explanation``,
        ``chapter``, ``label``.

    Examples
    --------
    >>> check_all()["id"].tolist()[:3]
    ['C1', 'C2', 'C3']
    """
    rows = []
    for c in CLAIMS.values():
        result = check(c.id)
        rows.append({"id": c.id, "claim": c.text, "verdict": result.verdict,
                     "key_number": result.key_number, "explanation": result.explanation,
                     "chapter": c.chapter, "label": c.label})
    return pd.DataFrame(rows)


def _cell(text: str) -> str:
    """Escape a table cell: pipes end cells, dollars open math in MyST (dollarmath)."""
    return str(text).replace("|", "\\|").replace("$", "\\$").replace("\n", " ")


def claims_markdown(table: pd.DataFrame | None = None) -> str:
    """Return the claims table as MyST Markdown with links to the checking sections.

    Pending claims, and claims whose check has no section label yet, get no
    link (a dangling reference would break the strict build).

    Examples
    --------
    >>> md = claims_markdown()
    >>> md.splitlines()[0]
    '| Claim | What the article says | Verdict | Key number | Checked in |'
    """
    table = check_all() if table is None else table
    lines = ["| Claim | What the article says | Verdict | Key number | Checked in |",
             "|---|---|---|---|---|"]
    for row in table.itertuples():
        if row.verdict != "pending" and row.label:
            where = f"{{ref}}`{row.label}`"
        else:
            where = f"pending ({row.chapter.rsplit('/', 1)[-1]})"
        lines.append(f"| {row.id} | {_cell(row.claim)} | **{row.verdict}** | "
                     f"{_cell(row.key_number)} | {where} |")
    return "\n".join(lines)


# --- checks of the chapter "U.S. assistance to Mexico" (aid helper) ------------------------


def _musd(value: float) -> str:
    return f"${value / 1e6:,.0f}M"


def check_c10() -> Verdict:
    """C10: about $2.4 billion from State (Mérida included) and $500 million from Defense.

    Examples
    --------
    >>> check_c10().verdict
    'partly supported'
    """
    from helpers.aid_claims import c10_numbers

    n = c10_numbers()
    return Verdict(
        "partly supported",
        f"{_musd(n['state_obligations'])} INCLE+ESF+FMF, {_musd(n['dod_obligations'])} "
        "Defense (obligations FY2008–FY2015)",
        f"Greenbook obligations FY2008–FY2015 give {_musd(n['state_obligations'])} through "
        f"the three Mérida accounts (rounding bounds {_musd(n['state_low'])}–"
        f"{_musd(n['state_high'])}) and {_musd(n['dod_obligations'])} from Defense, so both "
        f"totals hold; but {n['incle_share']:.0%} of the State-side money is INCLE (police "
        f"and justice) and only {n['fmf_share']:.0%} FMF, so calling it military assistance "
        "overstates the military part.",
        n,
    )


def check_c11() -> Verdict:
    """C11: 15% of Mérida funds withheld each year over human rights; certification continued.

    Examples
    --------
    >>> check_c11().numbers["withheld_share"]
    0.15
    """
    from helpers.aid_claims import c11_numbers

    n = c11_numbers()
    return Verdict(
        "partly supported",
        f"{_musd(n['withheld'])} of {_musd(n['fy2008_total'])} FY2008 "
        f"({n['withheld_share']:.0%}) withheld",
        f"CRS reports {_musd(n['withheld'])} of the {_musd(n['fy2008_total'])} FY2008 Mérida "
        f"money for Mexico held back until a human-rights report, {n['withheld_share']:.0%}; "
        "the FY2008 and FY2009 acts conditioned 15% of certain police and military "
        "assistance, not all Mérida money, and the aid tables cannot show withholding or "
        "certifications in later years.",
        n,
    )


def check_c12() -> Verdict:
    """C12: another $120 million requested for Mexico in FY2016.

    Examples
    --------
    >>> check_c12().verdict
    'supported'
    """
    from helpers.aid_claims import c12_numbers

    n = c12_numbers()
    return Verdict(
        "supported",
        f"{_musd(n['incle_esf'])} INCLE+ESF of {_musd(n['all_accounts'])} requested",
        f"The FY2016 budget request for Mexico was {_musd(n['incle'])} INCLE plus "
        f"{_musd(n['esf'])} ESF, {_musd(n['incle_esf'])}, out of {_musd(n['all_accounts'])} "
        "for all accounts (the same total as ForeignAssistance.gov's request); the account "
        "tables cannot show how much was for the southern border.",
        n,
    )


def check_c13() -> Verdict:
    """C13: Mexico became the largest buyer of U.S. weapons.

    Examples
    --------
    >>> check_c13().verdict
    'not checkable'
    """
    from helpers.aid_claims import c13_numbers

    n = c13_numbers()
    return Verdict(
        "not checkable", "—",
        "Purchases (Foreign Military Sales paid by Mexico, commercial sales) are not "
        "assistance and appear in none of the aid tables; the FMF grants they do hold came to "
        f"{_musd(n['fmf_obligations'])} in FY2008–FY2015. Ranking buyers needs DSCA sales "
        "or SIPRI arms-transfer data.",
        n,
    )


# The aid checks replace the pending entries (chapter "U.S. assistance to Mexico").
for _id, _label, _check in (("C10", "aid-claim-c10", check_c10),
                            ("C11", "aid-claim-c11", check_c11),
                            ("C12", "aid-claim-c12", check_c12),
                            ("C13", "aid-claim-c13", check_c13)):
    CLAIMS[_id] = Claim(_id, CLAIMS[_id].text, CLAIMS[_id].chapter, _label, _check)


def check_c4() -> Verdict:
    """C4: removing leaders splinters cartels and violence rises.

    Examples
    --------
    >>> check_c4().verdict
    'partly supported'
    """
    from helpers.violence import c4_numbers

    n = c4_numbers()
    band = "excludes" if n["diff_low"] > 0 or n["diff_upp"] < 0 else "includes"
    return Verdict(
        "partly supported",
        f"{n['event_est']:+.1f}% state homicide rate in months 1–6 after a removal "
        f"({n['diff_est']:+.1f}% net of states without an event)",
        f"After {n['event_n']} captures and killings by the state the state homicide rate "
        f"averaged {n['event_est']:+.1f}% against the year before, but random placebo dates in "
        f"the same states give {n['placebo_est']:+.1f}% and the difference with states without "
        f"an event, {n['diff_est']:+.1f}%, has a 95% band that {band} zero; this descriptive "
        "design cannot show cause. The causal municipal studies do find rises in violence "
        "after removals (Calderón et al. 2015; Lindo & Padilla-Romo 2018); the mechanism "
        "(splintering, fights over local markets) rests on counts of criminal groups "
        "(Atuesta & Pérez-Dávila 2018) and is not measured by homicide data.",
        n,
    )


CLAIMS["C4"] = Claim(CLAIMS["C4"].id, CLAIMS["C4"].text, CLAIMS["C4"].chapter,
                     "captures-c4", check_c4)


# --- checks of the chapters "Violence, state by state" and "Michoacán and Guerrero" -------


def check_c6() -> Verdict:
    """C6: homicide rates under Calderón double those of the Fox years.

    Examples
    --------
    >>> check_c6().verdict in VERDICTS
    True
    """
    from helpers.violence_claims import DOUBLED_AT_LEAST, c6_numbers

    n = c6_numbers()
    return Verdict(
        n["verdict"],
        f"×{n['inegi_ratio']:.2f} (INEGI, exact terms); ×{n['sesnsp_ratio']:.2f} (SESNSP cases)",
        f"Averaged over the exact terms, INEGI's occurrence series gives {n['inegi_fox']:.1f} "
        f"homicides per 100,000 a year under Fox and {n['inegi_calderon']:.1f} under "
        f"Calderón, a ratio of {n['inegi_ratio']:.2f} (we count at least "
        f"{DOUBLED_AT_LEAST:.1f} as 'doubled'); SESNSP case files give {n['sesnsp_ratio']:.2f}. "
        f"The last full year of Calderón's term was {n['end_ratio']:.2f} times Fox's last.",
        {k: v for k, v in n.items() if k != "table"},
    )


def check_c7() -> Verdict:
    """C7: intentional homicide in Michoacán rose 10% from 2013 to 2014.

    Examples
    --------
    >>> check_c7().verdict in VERDICTS
    True
    """
    from helpers.violence_claims import c7_numbers

    n = c7_numbers()
    return Verdict(
        n["verdict"],
        f"{n['min_change']:+.1%} to {n['max_change']:+.1%} ({n['comparable']} measures)",
        f"The {n['comparable']} measures with both years (INEGI by registration and by "
        f"occurrence, SESNSP case files) change by {n['min_change']:+.1%} to "
        f"{n['max_change']:+.1%}; none shows a rise near 10%. SESNSP's victim counts start in "
        "2014.",
        {k: v for k, v in n.items() if k != "table"},
    )


def check_c8() -> Verdict:
    """C8: some Michoacán municipalities at 57.42 per 100,000, four times the national rate.

    Examples
    --------
    >>> check_c8().verdict in VERDICTS
    True
    """
    from helpers.violence_claims import C8_THRESHOLD, c8_numbers

    n = c8_numbers()
    return Verdict(
        n["verdict"],
        f"{n['above_n']} municipalities ≥ {C8_THRESHOLD} in {n['year']}; "
        f"×{n['multiple_min']:.1f}–×{n['multiple_max']:.1f} the national rate",
        f"In {n['year']} {n['above_n']} of Michoacán's {n['municipalities']} municipalities had "
        f"a rate of at least {C8_THRESHOLD} (INEGI, occurrence), {n['above_large']} of them with "
        f"{n['min_population']:,} inhabitants or more. {C8_THRESHOLD} is "
        f"{n['multiple_same_series']:.2f} times INEGI's national rate of that year and "
        f"{n['multiple_min']:.2f}–{n['multiple_max']:.2f} times the other measures'; close to "
        f"four only with {', '.join(n['series_near_four']) or 'none'}.",
        {k: v for k, v in n.items() if k not in ("above", "national")},
    )


def check_c9() -> Verdict:
    """C9: Acapulco had Mexico's highest homicide rate in 2014.

    Examples
    --------
    >>> check_c9().verdict in VERDICTS
    True
    """
    from helpers.violence_claims import c9_numbers

    n = c9_numbers()
    first = (f"first among municipalities of at least {n['first_from']:,} inhabitants"
             if n["first_from"] else "first under no population floor")
    return Verdict(
        n["verdict"],
        f"rank {n['rank_all']} of {n['ranked_all']:,} municipalities; rank {n['rank_250k']} of "
        f"{n['ranked_250k']} with ≥ 250,000 inhabitants",
        f"Acapulco's {n['year']} rate ({n['rate']:.1f} per 100,000, INEGI occurrence) ranks "
        f"{n['rank_all']} among all municipalities, {n['rank_100k']} among those of at least "
        f"100,000 inhabitants; it is {first}. The cartels broken up since 2005 cannot be "
        "checked with homicide data.",
        {k: v for k, v in n.items() if k != "ranks"},
    )


for _id, _label, _check in (("C6", "violence-claim-c6", check_c6),
                            ("C7", "mg-claim-c7", check_c7),
                            ("C8", "mg-claim-c8", check_c8),
                            ("C9", "mg-claim-c9", check_c9)):
    CLAIMS[_id] = Claim(_id, CLAIMS[_id].text, CLAIMS[_id].chapter, _label, _check)
