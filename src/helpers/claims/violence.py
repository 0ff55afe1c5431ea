"""Claims C6–C9: homicide rates by presidential term, Michoacán and Guerrero.

For each claim N, ``cN_numbers`` computes from ``data/`` every number the
chapters ("Violence, state by state", "Michoacán and Guerrero") and the claims
page show, ``CN_RULE`` states in words how those numbers decide the verdict,
and ``check_cN`` applies the rule and returns a
:class:`~helpers.claims.verdict.Verdict`. The only figures typed in are the
article's own (the ratio 2, "10%", 57.42 and "four times"), quoted so that the
checks can compare against them.
"""

from __future__ import annotations

import pandas as pd

from helpers.analysis.rates import add_ranks, poisson_interval, term_rates
from helpers.claims.verdict import Rule, Verdict
from helpers.data import load_homicides
from helpers.data.geo import load_municipalities_geo
from helpers.reference.checks import check_finite
from helpers.reference.i18n import tr
from helpers.reference.series import SERIES

#: The article's figures, quoted so the checks can compare against them.
C6_CLAIMED_RATIO = 2.0
C7_CLAIMED_CHANGE = 0.10
C8_THRESHOLD = 57.42
C8_CLAIMED_MULTIPLE = 4.0
#: The year the article calls "last year" (it was written in March 2015).
ARTICLE_LAST_YEAR = 2014
#: Population floors used to rank municipalities without small-number noise.
CITY_FLOORS: tuple[int, ...] = (0, 20_000, 100_000, 250_000)
#: A ratio at least this close to 2 counts as "doubled".
DOUBLED_AT_LEAST = 1.9
#: Below this ratio the rise is too small to call "partly" a doubling.
PARTLY_DOUBLED_AT_LEAST = 1.5
#: C7: a measure "agrees" when its count rose by at least half the claimed 10 %.
C7_AGREES_AT_LEAST = C7_CLAIMED_CHANGE / 2
#: C8: a multiple within this distance of 4 counts as "four times".
C8_TOLERANCE = 0.25


def c6_rule(doubled_at: float = DOUBLED_AT_LEAST) -> Rule:
    """Return the rule for C6, with the ratio that counts as "doubled" as a parameter.

    The rule reads the ratio rounded to two decimals (``inegi_ratio``), the
    number the chapter prints, so that a reader can apply it to the page.

    Parameters
    ----------
    doubled_at : float
        Smallest ratio (Calderón's term rate over Fox's) called "doubled"; must
        be above :data:`PARTLY_DOUBLED_AT_LEAST`.

    Examples
    --------
    >>> c6_rule().apply({"inegi_ratio": 1.85})
    'partly supported'
    >>> c6_rule(1.8).apply({"inegi_ratio": 1.85})
    'supported'
    """
    if not check_finite(doubled_at, "doubled_at") > PARTLY_DOUBLED_AT_LEAST:
        raise ValueError(f"doubled_at must be a number above {PARTLY_DOUBLED_AT_LEAST}, "
                         f"got {doubled_at!r}.")

    def decide(n):
        ratio = round(float(n["inegi_ratio"]), 2)
        return ("supported" if ratio >= doubled_at else
                "partly supported" if ratio >= PARTLY_DOUBLED_AT_LEAST else "not supported")

    return Rule(
        f"Supported if Calderón's average rate over his exact term (INEGI, date of "
        f"occurrence, deaths over person-years), divided by Fox's and rounded to two "
        f"decimals, is at least {doubled_at:g}; partly supported from "
        f"{PARTLY_DOUBLED_AT_LEAST:g}; not supported below.",
        decide, ("supported", "partly supported", "not supported"))


def c6_thresholds(ratio: float, thresholds=(1.8, 1.85, 1.9, 1.95, 2.0)) -> pd.DataFrame:
    """How C6's verdict moves with the ratio that counts as "doubled".

    Parameters
    ----------
    ratio : float
        The ratio of term rates (Calderón over Fox).
    thresholds : sequence of float
        Candidate values of "doubled".

    Returns
    -------
    pandas.DataFrame
        ``doubled_at`` and ``verdict``, one row per threshold.

    Examples
    --------
    >>> c6_thresholds(1.85, [1.8, 2.0])["verdict"].tolist()
    ['supported', 'partly supported']
    """
    rows = [{"doubled_at": t, "verdict": c6_rule(t).apply({"inegi_ratio": ratio})}
            for t in thresholds]
    return pd.DataFrame(rows)


def _c7_decide(n) -> str:
    changes = [c for c in n["changes"] if c is not None and not pd.isna(c)]
    if not changes:
        return "not checkable"
    agree = sum(c >= C7_AGREES_AT_LEAST for c in changes)
    return ("supported" if agree == len(changes) else
            "partly supported" if agree else "not supported")


C7_RULE = Rule(
    f"Every published measure with both 2013 and 2014 (INEGI by registration and by "
    f"occurrence, SESNSP case files) is compared. Supported if the count rose by at least "
    f"{C7_AGREES_AT_LEAST:.0%} (half the claimed 10%) in every one; partly supported if in "
    "some; not supported if in none; not checkable if no measure has both years.",
    _c7_decide, ("supported", "partly supported", "not supported", "not checkable"))


def _c8_decide(n) -> str:
    if n["above_n"] == 0:
        return "not supported"
    if n["exact_matches"] == 0:
        return "not checkable"
    near = abs(n["multiple_same_series"] - C8_CLAIMED_MULTIPLE) <= C8_TOLERANCE
    return "supported" if near else "partly supported"


C8_RULE = Rule(
    f"Not supported if no Michoacán municipality reached {C8_THRESHOLD} per 100,000 in "
    f"{ARTICLE_LAST_YEAR} (INEGI, date of occurrence). Not checkable (not found as stated) if "
    f"no municipality-year of Michoacán, in any year and INEGI series, has a rate that rounds "
    f"to {C8_THRESHOLD}: the figure cannot be traced. Otherwise supported if {C8_THRESHOLD} "
    f"divided by INEGI's national rate (date of occurrence) of {ARTICLE_LAST_YEAR} is within "
    f"{C8_TOLERANCE} of {C8_CLAIMED_MULTIPLE:g}, else partly supported.",
    _c8_decide, ("supported", "partly supported", "not supported", "not checkable"))


def _c9_decide(n) -> str:
    if n["rank_all"] == 1:
        return "supported"
    return "partly supported" if n["first_from"] else "not supported"


C9_RULE = Rule(
    f"Acapulco's {ARTICLE_LAST_YEAR} rate (INEGI, date of occurrence) is ranked among all "
    f"municipalities and among those above population floors of "
    f"{', '.join(f'{f:,}' for f in CITY_FLOORS[1:])}. Supported if it ranks first among "
    "all; partly supported if first only above some floor (a ranking of cities); not "
    "supported if first under no floor. The cartels broken up since 2005 are not tested.",
    _c9_decide, ("supported", "partly supported", "not supported"))


def c6_numbers() -> dict:
    """Average national rate under Fox and Calderón, by every series that covers both.

    Returns
    -------
    dict
        ``table``: one row per series and method (``yearly``: calendar years
        2001–2006 vs 2007–2012; ``monthly``: exact terms, Dec 2000–Nov 2006 vs
        Dec 2006–Nov 2012) with ``fox``, ``calderon`` and ``ratio``; plus
        ``inegi_ratio`` (occurrence, exact months), ``sesnsp_ratio`` (cases, exact
        months), ``end_ratio`` (Calderón's last full year over Fox's, INEGI
        occurrence) and ``verdict``.

    Examples
    --------
    >>> n = c6_numbers()
    >>> 1.5 < n["inegi_ratio"] < 2.5
    True
    """
    rows = []
    for key in ("inegi_registration", "inegi_occurrence", "sesnsp_cases"):
        yearly = term_rates(load_homicides("national", series=key), ["fox", "calderon"])
        rows.append(_c6_row(key, "yearly", yearly))
        if ("national", "month") in SERIES[key].coverage:
            monthly = term_rates(load_homicides("national", freq="month", series=key),
                                 ["fox", "calderon"])
            rows.append(_c6_row(key, "monthly", monthly))
    table = pd.DataFrame(rows)
    pick = table.set_index(["series", "method"])
    occ = load_homicides("national", series="inegi_occurrence", years=[2006, 2012])
    rate = occ.set_index("year")["rate"]
    inegi = float(pick.loc[("inegi_occurrence", "monthly"), "ratio"])
    numbers = {
        "table": table,
        "inegi_ratio": inegi,
        "inegi_fox": float(pick.loc[("inegi_occurrence", "monthly"), "fox"]),
        "inegi_calderon": float(pick.loc[("inegi_occurrence", "monthly"), "calderon"]),
        "registration_ratio": float(pick.loc[("inegi_registration", "yearly"), "ratio"]),
        "sesnsp_ratio": float(pick.loc[("sesnsp_cases", "monthly"), "ratio"]),
        "rate_2006": float(rate[2006]),
        "rate_2012": float(rate[2012]),
        "end_ratio": float(rate[2012] / rate[2006]),
    }
    numbers["verdict"] = c6_rule().apply(numbers)
    return numbers


def _c6_row(key: str, method: str, terms: pd.DataFrame) -> dict:
    by = terms.set_index("term")
    if not by.loc[["fox", "calderon"], "complete"].all():
        raise ValueError(f"{key} ({method}) does not cover both terms completely.")
    fox, cal = float(by.loc["fox", "rate"]), float(by.loc["calderon", "rate"])
    return {"series": key, "label": SERIES[key].label, "method": method,
            "fox_periods": f"{by.loc['fox', 'first']} to {by.loc['fox', 'last']}",
            "calderon_periods": f"{by.loc['calderon', 'first']} to {by.loc['calderon', 'last']}",
            "fox": fox, "calderon": cal, "ratio": cal / fox}


def c7_numbers(state: str = "16", start: int = 2013, end: int = 2014) -> dict:
    """Change in Michoacán's homicides from 2013 to 2014 by every measure available.

    Returns
    -------
    dict
        ``table``: one row per series with the counts and rates of both years and
        their relative changes (missing where the series lacks a year);
        ``agreeing``: series whose count rose by at least half the claimed 10 %;
        ``verdict``.

    Examples
    --------
    >>> t = c7_numbers()["table"]
    >>> "sesnsp_cases" in set(t["series"])
    True
    """
    frame = load_homicides("state", states=state)
    rows = []
    for key in SERIES:
        if key == "sesnsp_feminicide":
            continue
        part = frame[(frame["series"] == key) & frame["year"].isin([start, end])]
        by = part.set_index("year")
        row = {"series": key, "label": SERIES[key].label}
        for y in (start, end):
            row[f"homicides_{y}"] = int(by.loc[y, "homicides"]) if y in by.index else pd.NA
            row[f"rate_{y}"] = float(by.loc[y, "rate"]) if y in by.index else None
        both = start in by.index and end in by.index
        row["count_change"] = (row[f"homicides_{end}"] / row[f"homicides_{start}"] - 1
                               if both else None)
        row["rate_change"] = (row[f"rate_{end}"] / row[f"rate_{start}"] - 1 if both else None)
        rows.append(row)
    table = pd.DataFrame(rows)
    for y in (start, end):
        table[f"homicides_{y}"] = table[f"homicides_{y}"].astype("Int64")
    table[["count_change", "rate_change"]] = table[["count_change", "rate_change"]].astype(float)
    comparable = table.dropna(subset=["count_change"])
    agreeing = comparable.loc[comparable["count_change"] >= C7_AGREES_AT_LEAST, "series"]
    numbers = {"table": table, "comparable": len(comparable), "agreeing": list(agreeing),
               "changes": [float(c) for c in comparable["count_change"]],
               "min_change": float(comparable["count_change"].min()),
               "max_change": float(comparable["count_change"].max())}
    numbers["verdict"] = C7_RULE.apply(numbers)
    return numbers


def c8_numbers(year: int = ARTICLE_LAST_YEAR, state: str = "16",
               series: str = "inegi_occurrence", min_population: int = 20_000) -> dict:
    """Michoacán municipalities at or above 57.42 per 100,000, against the national rate.

    Returns
    -------
    dict
        ``above``: the municipalities at or above the threshold in ``year`` (name,
        homicides, population, rate and a 95 % Poisson interval); ``above_n``,
        ``above_large`` (those with at least ``min_population`` inhabitants),
        ``municipalities``; ``exact_matches`` (municipality-years of the state, any
        series and year, whose rate rounds to 57.42); ``national``: the national rate
        of ``year`` by every series with ``multiple`` = 57.42 / national rate;
        ``verdict``.

    Examples
    --------
    >>> n = c8_numbers()
    >>> n["above_n"] >= 1
    True
    """
    munis = load_homicides("municipality", series=series, years=year, states=state)
    names = load_municipalities_geo(state).set_index("cvegeo")["name"]
    above = munis[munis["rate"] >= C8_THRESHOLD].copy()
    above.insert(2, "name", above["cvegeo"].map(names))
    low, high = poisson_interval(above["homicides"], above["population"])
    above["rate_low"], above["rate_high"] = low, high
    above = above.sort_values("rate", ascending=False).reset_index(drop=True)
    national = load_homicides("national", years=year)
    national = national[national["series"] != "sesnsp_feminicide"][["series", "rate"]].copy()
    national["label"] = national["series"].map(lambda k: SERIES[k].label)
    national["multiple"] = C8_THRESHOLD / national["rate"]
    national = national.reset_index(drop=True)
    same = national.set_index("series").loc[series, "multiple"]
    every_year = load_homicides("municipality", states=state)
    exact = every_year[every_year["rate"].round(2) == C8_THRESHOLD]
    gap = (every_year["rate"] - C8_THRESHOLD).abs()
    nearest = every_year.loc[gap.idxmin()]
    near = (national["multiple"] - C8_CLAIMED_MULTIPLE).abs() <= C8_TOLERANCE
    numbers = {
        "year": year, "series": series, "above": above, "above_n": len(above),
        "above_large": int((above["population"] >= min_population).sum()),
        "exact_matches": len(exact),
        "min_population": min_population, "municipalities": len(munis),
        "national": national, "multiple_same_series": float(same),
        "series_near_four": list(national.loc[near, "series"]),
        "multiple_min": float(national["multiple"].min()),
        "multiple_max": float(national["multiple"].max()),
        "searched": len(every_year),
        "searched_first": int(every_year["year"].min()),
        "searched_last": int(every_year["year"].max()),
        "nearest_name": names.get(nearest["cvegeo"], nearest["cvegeo"]),
        "nearest_year": int(nearest["year"]), "nearest_rate": float(nearest["rate"]),
        "nearest_series": str(nearest["series"]),
        "implied_national": C8_THRESHOLD / C8_CLAIMED_MULTIPLE,
    }
    numbers["verdict"] = C8_RULE.apply(numbers)
    return numbers


def c9_numbers(year: int = ARTICLE_LAST_YEAR, cvegeo: str = "12001") -> dict:
    """Acapulco's rank among municipalities in ``year``, with and without population floors.

    Returns
    -------
    dict
        ``ranks``: one row per INEGI series and population floor with Acapulco's
        rank, the number of municipalities ranked and the top municipality;
        ``rank_all`` and ``rank_100k`` (INEGI occurrence); ``verdict``.

    Examples
    --------
    >>> c9_numbers()["rank_all"] > 1
    True
    """
    names = load_municipalities_geo().set_index("cvegeo")["name"]
    rows = []
    for key in ("inegi_occurrence", "inegi_registration"):
        munis = load_homicides("municipality", series=key, years=year)
        if cvegeo not in set(munis["cvegeo"]):
            raise ValueError(f"Municipality {cvegeo} has no {key} row in {year}.")
        for floor in CITY_FLOORS:
            ranked = add_ranks(munis, min_population=floor).dropna(subset=["rank"])
            top = ranked.sort_values(["rank", "cvegeo"]).iloc[0]
            target = ranked.set_index("cvegeo").loc[cvegeo]
            rows.append({"series": key, "min_population": floor,
                         "rank": int(target["rank"]), "ranked": len(ranked),
                         "rate": float(target["rate"]),
                         "top": names.get(top["cvegeo"], top["cvegeo"]),
                         "top_state": top["cve_ent"], "top_rate": float(top["rate"]),
                         "top_population": int(top["population"])})
    ranks = pd.DataFrame(rows)
    occ = ranks[ranks["series"] == "inegi_occurrence"].set_index("min_population")
    first_floor = occ.index[occ["rank"] == 1]
    numbers = {"year": year, "name": names[cvegeo], "ranks": ranks,
            "rank_all": int(occ.loc[0, "rank"]), "rank_20k": int(occ.loc[20_000, "rank"]),
            "rank_100k": int(occ.loc[100_000, "rank"]),
            "rank_250k": int(occ.loc[250_000, "rank"]),
            "ranked_all": int(occ.loc[0, "ranked"]), "ranked_250k": int(occ.loc[250_000,
                                                                              "ranked"]),
            "rate": float(occ.loc[0, "rate"]),
            "first_from": int(first_floor[0]) if len(first_floor) else None}
    numbers["verdict"] = C9_RULE.apply(numbers)
    return numbers


def check_c6() -> Verdict:
    """C6: homicide rates under Calderón double those of the Fox years.

    Examples
    --------
    >>> check_c6().verdict
    'partly supported'
    """
    n = c6_numbers()
    return Verdict(
        n["verdict"],
        tr("×{inegi} (INEGI, exact terms); ×{sesnsp} (SESNSP cases)",
           inegi=f"{n['inegi_ratio']:.2f}", sesnsp=f"{n['sesnsp_ratio']:.2f}"),
        tr("Averaged over the exact terms, INEGI's occurrence series gives {fox} homicides per "
           "100,000 a year under Fox and {calderon} under Calderón, a ratio of {inegi} (the rule "
           "counts at least {doubled} as 'doubled'); SESNSP case files give {sesnsp}. The last "
           "full year of Calderón's term was {end} times Fox's last.",
           fox=f"{n['inegi_fox']:.1f}", calderon=f"{n['inegi_calderon']:.1f}",
           inegi=f"{n['inegi_ratio']:.2f}", doubled=f"{DOUBLED_AT_LEAST:g}",
           sesnsp=f"{n['sesnsp_ratio']:.2f}", end=f"{n['end_ratio']:.2f}"),
        {k: v for k, v in n.items() if k != "table"},
        rule=c6_rule(),
    )


def check_c7() -> Verdict:
    """C7: intentional homicide in Michoacán rose 10% from 2013 to 2014.

    Examples
    --------
    >>> check_c7().verdict
    'not supported'
    """
    n = c7_numbers()
    agree = len(n["agreeing"])
    return Verdict(
        n["verdict"],
        tr("{low} to {high} ({n} measures)", low=f"{n['min_change']:+.1%}",
           high=f"{n['max_change']:+.1%}", n=n["comparable"]),
        tr("The {n} measures with both years (INEGI by registration and by occurrence, SESNSP "
           "case files) change by {low} to {high}; {agree} of them rose by {at_least} or more. "
           "SESNSP's victim counts start in 2014.", n=n["comparable"],
           low=f"{n['min_change']:+.1%}", high=f"{n['max_change']:+.1%}", agree=agree,
           at_least=f"{C7_AGREES_AT_LEAST:.0%}"),
        {k: v for k, v in n.items() if k != "table"},
        rule=C7_RULE,
    )


def check_c8() -> Verdict:
    """C8: some Michoacán municipalities at 57.42 per 100,000, four times the national rate.

    Examples
    --------
    >>> check_c8().verdict
    'not checkable'
    """
    n = c8_numbers()
    return Verdict(
        n["verdict"],
        tr("57.42 in {exact} of {searched} municipality-years; {above} municipalities ≥ "
           "{threshold} in {year}; ×{low}–×{high} the national rate", exact=n["exact_matches"],
           searched=f"{n['searched']:,}", above=n["above_n"], threshold=C8_THRESHOLD,
           year=n["year"], low=f"{n['multiple_min']:.1f}", high=f"{n['multiple_max']:.1f}"),
        tr("No Michoacán municipality-year from {first} to {last} has a rate that rounds to "
           "{threshold} (the nearest is {nearest} in {nearest_year}, {nearest_rate}, "
           "{nearest_series}), so the figure is not found as stated. In {year} {above} of "
           "Michoacán's {municipalities} municipalities had at least {threshold} (INEGI, "
           "occurrence), {above_large} of them with {min_population} inhabitants or more. "
           "{threshold} is {same} times INEGI's national rate of that year and {low}–{high} "
           "times all measures'. Tracing it would need the article's source: SESNSP's "
           "municipal case files or another population base.", first=n["searched_first"],
           last=n["searched_last"], threshold=C8_THRESHOLD, nearest=n["nearest_name"],
           nearest_year=n["nearest_year"], nearest_rate=f"{n['nearest_rate']:.2f}",
           nearest_series=tr(SERIES[n["nearest_series"]].label), year=n["year"],
           above=n["above_n"], municipalities=n["municipalities"],
           above_large=n["above_large"], min_population=f"{n['min_population']:,}",
           same=f"{n['multiple_same_series']:.2f}", low=f"{n['multiple_min']:.2f}",
           high=f"{n['multiple_max']:.2f}")
        if n["exact_matches"] == 0 else
        tr("In {year} {above} of Michoacán's {municipalities} municipalities had at least "
           "{threshold}; {threshold} is {same} times INEGI's national rate of that year.",
           year=n["year"], above=n["above_n"], municipalities=n["municipalities"],
           threshold=C8_THRESHOLD, same=f"{n['multiple_same_series']:.2f}"),
        {k: v for k, v in n.items() if k not in ("above", "national")},
        rule=C8_RULE,
    )


def check_c9() -> Verdict:
    """C9: Acapulco had Mexico's highest homicide rate in 2014.

    Examples
    --------
    >>> check_c9().verdict
    'partly supported'
    """
    n = c9_numbers()
    first = (tr("first among municipalities of at least {floor} inhabitants",
                floor=f"{n['first_from']:,}")
             if n["first_from"] else tr("first under no population floor"))
    return Verdict(
        n["verdict"],
        tr("rank {rank_all} of {ranked_all} municipalities; rank {rank_250k} of {ranked_250k} "
           "with ≥ 250,000 inhabitants", rank_all=n["rank_all"],
           ranked_all=f"{n['ranked_all']:,}", rank_250k=n["rank_250k"],
           ranked_250k=n["ranked_250k"]),
        tr("Acapulco's {year} rate ({rate} per 100,000, INEGI occurrence) ranks {rank_all} "
           "among all municipalities, {rank_100k} among those of at least 100,000 inhabitants; "
           "it is {first}. The cartels broken up since 2005 cannot be checked with homicide "
           "data.", year=n["year"], rate=f"{n['rate']:.1f}", rank_all=n["rank_all"],
           rank_100k=n["rank_100k"], first=first),
        {k: v for k, v in n.items() if k != "ranks"},
        rule=C9_RULE,
    )
