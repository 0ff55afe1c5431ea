"""Claims C10–C13: U.S. aid to Mexico, its military share, conditions, request and arms.

For each claim N, ``cN_numbers`` computes from the aid tables in ``data/``
every number the chapter "U.S. assistance to Mexico" and the claims page show
(amounts in current U.S. dollars), ``CN_RULE`` states in words how those
numbers decide the verdict, and ``check_cN`` applies the rule and returns a
:class:`~helpers.claims.verdict.Verdict`. The only figures typed in are the
article's own ($2.4 billion, $500 million, 15%, $120 million), quoted so the
checks can compare against them, and one figure quoted from a cited news
source (:data:`C11_FY2014_NOT_RELEASED`), marked as such.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from helpers.analysis.aid import aggregate, tag_merida
from helpers.claims.verdict import Rule, Verdict
from helpers.data.aid import load_aid
from helpers.reference.aid_accounts import MERIDA_ACCOUNTS, is_merida_account
from helpers.reference.i18n import tr

#: Years the article's totals cover (C10).
C10_YEARS: tuple[int, int] = (2008, 2015)
#: The article's round figures (C10, C11, C12), in dollars or as a share.
C10_STATE_CLAIM = 2.4e9
C10_DOD_CLAIM = 0.5e9
C11_CLAIMED_SHARE = 0.15
C12_REQUEST_CLAIM = 120e6
#: How close a total must come to the article's round figure to count as "about" it.
ABOUT_WITHIN = 0.15
#: Quoted, not computed: the FY2014 money not released in October 2015 because the
#: State Department sent no human-rights report (InSight Crime, 20 Oct 2015; the
#: book's ``insightcrime2015withholds``). The account it came from is not verified.
C11_FY2014_NOT_RELEASED = 5e6

_DOD = "Department of Defense"
_FIRST_PHASE = "2008-2010"


def _transcribed_amount(fiscal_year: str, account_starts: str, kind: str) -> float:
    rows = load_aid("transcribed")
    hit = rows[(rows["fiscal_year_text"] == fiscal_year)
               & rows["account"].str.startswith(account_starts) & (rows["kind"] == kind)]
    values = sorted(set(hit["amount_usd"]))
    if len(values) != 1:
        raise ValueError(f"Expected one transcribed {kind} figure for {fiscal_year!r} "
                         f"starting {account_starts!r}; found {values}.")
    return float(values[0])


def fmf_sources(years: tuple[int, int] = C10_YEARS) -> pd.DataFrame:
    """Return FMF and the three Mérida accounts by period, from the best source per stage.

    Two measures of the same money, never added together:

    * ``budget`` (appropriations or allocations): for FY2008–FY2010, CRS's
      first-phase figures (all Mérida accounts, and FMF), because the State
      budget tables leave out the FY2008 supplemental and file the FY2009
      supplemental's FMF under FY2010; for FY2011 onwards the State budget
      tables, year by year (``stage`` says when a year is a request).
    * ``obligations``: the Greenbook, year by year. A year with no FMF row in
      the Greenbook keeps ``fmf_usd`` missing (NaN), so its gap stays visible.

    Parameters
    ----------
    years : (int, int)
        First and last fiscal year; must start in FY2008 (Mérida's first year)
        and end no later than FY2017 (the last State budget table).

    Returns
    -------
    pandas.DataFrame
        Columns ``measure, period, first_year, last_year, stage, source,
        fmf_usd, three_accounts_usd``.

    Raises
    ------
    ValueError
        If ``years`` does not start in FY2008 or ends outside FY2010–FY2017.

    Examples
    --------
    >>> table = fmf_sources()
    >>> table.groupby("measure")["period"].count().to_dict()
    {'budget': 6, 'obligations': 8}
    """
    first, last = years
    if first != 2008 or not 2010 <= last <= 2017:
        raise ValueError(f"years={years!r}: the first-phase figures cover FY2008-FY2010, so "
                         "years must start in 2008 and end between 2010 and 2017.")
    rows = [{"measure": "budget", "period": "FY2008–FY2010", "first_year": 2008,
             "last_year": 2010, "stage": "appropriation", "source": "CRS IF10578 (first phase)",
             "fmf_usd": _transcribed_amount(_FIRST_PHASE, "Foreign Military Financing",
                                            "appropriated"),
             "three_accounts_usd": _transcribed_amount(_FIRST_PHASE, "Merida Initiative first "
                                                       "phase", "appropriated")}]
    if last > 2010:
        cbj = load_aid("state_budget", years=(2011, last))
        cbj = cbj[cbj["account"].isin(MERIDA_ACCOUNTS)]
        for year, part in cbj.groupby("fiscal_year"):
            rows.append({"measure": "budget", "period": f"FY{year}", "first_year": int(year),
                         "last_year": int(year), "stage": part["stage"].iloc[0],
                         "source": "State budget table",
                         "fmf_usd": float(part.loc[part["account"] == "FMF", "amount_usd"].sum()),
                         "three_accounts_usd": float(part["amount_usd"].sum())})
    gb = load_aid("greenbook", years=years)
    gb = gb[gb["account"].isin(MERIDA_ACCOUNTS)]
    for year in range(first, last + 1):
        part = gb[gb["fiscal_year"] == year]
        fmf = part.loc[part["account"] == "FMF", "amount_usd"]
        rows.append({"measure": "obligations", "period": f"FY{year}", "first_year": year,
                     "last_year": year, "stage": "obligation", "source": "Greenbook",
                     "fmf_usd": float(fmf.sum()) if len(fmf) else float("nan"),
                     "three_accounts_usd": float(part["amount_usd"].sum())})
    return pd.DataFrame(rows)


def fmf_share_by_measure(sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return FMF, the three accounts and FMF's share, one row per measure.

    Missing FMF (a Greenbook gap) counts as zero in the sum; ``fmf_gap_years``
    says how many periods had no FMF figure.

    Examples
    --------
    >>> shares = fmf_share_by_measure()
    >>> bool(shares.loc["budget", "fmf_share"] > shares.loc["obligations", "fmf_share"])
    True
    """
    sources = fmf_sources() if sources is None else sources
    out = sources.groupby("measure")[["fmf_usd", "three_accounts_usd"]].sum()
    out["fmf_share"] = out["fmf_usd"] / out["three_accounts_usd"]
    out["fmf_gap_years"] = sources["fmf_usd"].isna().groupby(sources["measure"]).sum()
    return out


def c10_numbers() -> dict[str, float]:
    """Return the figures that test "about $2.4 billion from State, $500 million from Defense".

    Returns
    -------
    dict
        Greenbook obligations FY2008-FY2015 of INCLE+ESF+FMF (with rounding
        bounds), the Mérida account proxy, INCLE's share, FMF's share at two
        stages (``fmf_share_budget``: best source per period, see
        :func:`fmf_sources`; ``fmf_share_obligations``: Greenbook), the
        Greenbook's FMF gap for FY2008-FY2010, Defense obligations (bounds,
        counter-drug part), the Greenbook "Military" category, the State budget
        tables' INCLE+ESF+FMF and CRS's cumulative Mérida appropriation.

    Examples
    --------
    >>> n = c10_numbers()
    >>> 2.3e9 < n["state_obligations"] < 2.5e9
    True
    >>> round(n["fmf_share_budget"], 2), round(n["fmf_share_obligations"], 2)
    (0.18, 0.03)
    """
    gb = load_aid("greenbook", years=C10_YEARS)
    three = gb[gb["account"].isin(MERIDA_ACCOUNTS)]
    by_account = aggregate(three, "account").set_index("account")["amount_usd"]
    merida = tag_merida(gb)
    dod = gb[gb["agency"] == _DOD]
    cbj = load_aid("state_budget", years=C10_YEARS)
    cbj_three = cbj[cbj["account"].isin(MERIDA_ACCOUNTS)]
    supplemental = _transcribed_amount("2008", "Merida Initiative, Mexico (P.L. 110-252)",
                                       "appropriated")
    sources = fmf_sources(C10_YEARS)
    shares = fmf_share_by_measure(sources)
    budget = sources[sources["measure"] == "budget"]
    first_phase_obl = three[(three["account"] == "FMF") & (three["fiscal_year"] <= 2010)]
    state = float(three["amount_usd"].sum())
    dod_total = float(dod["amount_usd"].sum())
    return {
        "state_obligations": state,
        "state_low": float(three["current_low"].sum()),
        "state_high": float(three["current_high"].sum()),
        "merida_proxy": float(merida.loc[merida["merida"], "amount_usd"].sum()),
        "incle": float(by_account["INCLE"]),
        "esf": float(by_account["ESF"]),
        "fmf": float(by_account["FMF"]),
        "incle_share": float(by_account["INCLE"]) / state,
        "fmf_share_obligations": float(shares.loc["obligations", "fmf_share"]),
        "fmf_share_budget": float(shares.loc["budget", "fmf_share"]),
        "fmf_budget": float(shares.loc["budget", "fmf_usd"]),
        "state_budget_best": float(shares.loc["budget", "three_accounts_usd"]),
        "budget_request_years": int((budget["stage"] == "request").sum()),
        "fmf_first_phase": float(budget.iloc[0]["fmf_usd"]),
        "fmf_first_phase_obligations": float(first_phase_obl["amount_usd"].sum()),
        "fmf_gap_years": int(shares.loc["obligations", "fmf_gap_years"]),
        "state_vs_claim": state / C10_STATE_CLAIM,
        "budget_vs_claim": float(shares.loc["budget", "three_accounts_usd"]) / C10_STATE_CLAIM,
        "dod_obligations": dod_total,
        "dod_low": float(dod["current_low"].sum()),
        "dod_high": float(dod["current_high"].sum()),
        "dod_counterdrug": float(dod.loc[dod["account"] == "DoD-CN", "amount_usd"].sum()),
        "dod_vs_claim": dod_total / C10_DOD_CLAIM,
        "military_category": float(gb.loc[gb["category"] == "Military", "amount_usd"].sum()),
        "cbj_three_accounts": float(cbj_three["amount_usd"].sum()),
        "fy2008_supplemental": supplemental,
        "cbj_plus_supplemental": float(cbj_three["amount_usd"].sum()) + supplemental,
        "crs_cumulative": _transcribed_amount("2008-2015", "Merida Initiative cumulative",
                                              "appropriated"),
    }


def _about(ratio: float) -> bool:
    return abs(ratio - 1) <= ABOUT_WITHIN


def _c10_holds(n: Mapping[str, float]) -> tuple[bool, bool]:
    """Whether the State total (at both stages) and the Defense total are 'about' the claim."""
    return (_about(n["state_vs_claim"]) and _about(n["budget_vs_claim"]),
            _about(n["dod_vs_claim"]))


def _decide_c10(n: Mapping[str, float]) -> str:
    state_holds, dod_holds = _c10_holds(n)
    if not (state_holds or dod_holds):
        return "not supported"
    if state_holds and dod_holds and max(n["fmf_share_budget"],
                                         n["fmf_share_obligations"]) >= 0.5:
        return "supported"
    return "partly supported"


C10_RULE = Rule(
    f"A total is 'about' the article's figure if it lies within {ABOUT_WITHIN:.0%} of it. "
    "The State total must hold at both stages we can compute for FY2008–FY2015 "
    "(Greenbook obligations of INCLE, ESF and FMF, and appropriations or allocations from "
    "the best source for each period); the Defense total is Greenbook obligations. "
    "Supported if both totals hold and FMF, the main State account for the armed forces, is "
    "at least half of the State money at some stage (the article calls it military "
    "assistance); partly supported if both hold but FMF is less than half at every stage, "
    "or if only one total holds; not supported if neither holds.",
    _decide_c10, ("supported", "partly supported", "not supported"))


def _musd(value: float) -> str:
    return f"${value / 1e6:,.1f}M"


def check_c10() -> Verdict:
    """C10: about $2.4 billion from State (Mérida included) and $500 million from Defense.

    Examples
    --------
    >>> check_c10().verdict
    'partly supported'
    """
    n = c10_numbers()
    state_holds, dod_holds = _c10_holds(n)
    totals = tr({(True, True): "so both totals hold",
                 (True, False): "so the State total holds and the Defense total does not",
                 (False, True): "so the Defense total holds and the State total does not",
                 (False, False): "so neither total holds"}[(state_holds, dod_holds)])
    military = max(n["fmf_share_budget"], n["fmf_share_obligations"]) >= 0.5
    conclusion = tr("the military part is at least half of the State money at one stage"
                    if military else
                    "calling it military assistance overstates the military part")
    return Verdict(
        C10_RULE.apply(n),
        tr("{state} INCLE+ESF+FMF, {dod} Defense (obligations FY2008–FY2015); FMF {fmf} of "
           "appropriations", state=_musd(n["state_obligations"]),
           dod=_musd(n["dod_obligations"]), fmf=f"{n['fmf_share_budget']:.0%}"),
        tr("Greenbook obligations FY2008–FY2015 give {state} through the three Mérida accounts "
           "(rounding bounds {low}–{high}; appropriations and allocations from the best source "
           "per period: {best}) and {dod} from Defense, {totals}. ",
           state=_musd(n["state_obligations"]), low=_musd(n["state_low"]),
           high=_musd(n["state_high"]), best=_musd(n["state_budget_best"]),
           dod=_musd(n["dod_obligations"]), totals=totals)
        + tr("FMF is {fmf} of the appropriated money ({fmf_ob} of the Greenbook's obligations, "
             "which record {fp_ob} of the {fp} of FMF appropriated for FY2008–FY2010) and "
             "INCLE (police and justice) carries {incle} of the obligations, so {conclusion}.",
             fmf=f"{n['fmf_share_budget']:.0%}", fmf_ob=f"{n['fmf_share_obligations']:.0%}",
             fp_ob=_musd(n["fmf_first_phase_obligations"]), fp=_musd(n["fmf_first_phase"]),
             incle=f"{n['incle_share']:.0%}", conclusion=conclusion),
        n, rule=C10_RULE,
    )


#: C11: for each fiscal year with a withheld figure in the transcribed tables, the
#: transcribed total it is a share of (how its account name starts).
C11_WITHHELD_OF: dict[str, str] = {"2008": "Merida Initiative, Mexico (P.L. 110-252)"}


def c11_numbers() -> dict[str, float]:
    """Return the withheld Mérida money, its share per documented year, and the years covered.

    Returns
    -------
    dict
        ``withheld``, ``fy2008_total``, ``withheld_share`` (FY2008); ``shares``
        (fiscal year -> withheld share, for every year with a withheld figure in
        the transcribed tables, each divided by its total in :data:`C11_WITHHELD_OF`);
        ``years_documented`` (how many such years), ``years_claimed``
        (FY2008–FY2015, the article's "each year since 2008") and
        ``fy2014_not_released`` (quoted, see :data:`C11_FY2014_NOT_RELEASED`).

    Raises
    ------
    ValueError
        If a year has a withheld figure but no total in :data:`C11_WITHHELD_OF`, or
        not exactly one withheld figure.

    Examples
    --------
    >>> n = c11_numbers()
    >>> round(n["withheld_share"], 2), n["shares"]
    (0.15, {2008: 0.15})
    """
    rows = load_aid("transcribed")
    withheld_rows = rows[rows["account"].str.contains("withheld", case=False)]
    shares = {}
    for year, part in withheld_rows.groupby("fiscal_year_text"):
        values = sorted(set(part["amount_usd"]))
        if year not in C11_WITHHELD_OF or len(values) != 1:
            raise ValueError(f"FY{year}: expected one withheld figure and a total to divide it "
                             f"by in C11_WITHHELD_OF; found {values} and "
                             f"{sorted(C11_WITHHELD_OF)}.")
        total = _transcribed_amount(year, C11_WITHHELD_OF[year], "appropriated")
        shares[int(year)] = float(values[0]) / total
    withheld = _transcribed_amount("2008", "Merida Initiative, Mexico: FY2008 funds withheld",
                                   "appropriated")
    total = _transcribed_amount("2008", C11_WITHHELD_OF["2008"], "appropriated")
    return {"withheld": withheld, "fy2008_total": total, "withheld_share": withheld / total,
            "shares": shares, "years_documented": len(shares),
            "years_claimed": C10_YEARS[1] - C10_YEARS[0] + 1,
            "fy2014_not_released": C11_FY2014_NOT_RELEASED}


def _decide_c11(n: Mapping[str, object]) -> str:
    if any(abs(share - C11_CLAIMED_SHARE) > 0.005 for share in n["shares"].values()):
        return "not supported"
    if n["years_documented"] >= n["years_claimed"]:
        return "supported"
    return "partly supported"


C11_RULE = Rule(
    "Supported if the withheld share documented in the transcribed CRS figures is 15% "
    "(within half a percentage point) in every fiscal year FY2008–FY2015; partly supported "
    "if it is 15% in the years documented but not every year is documented; not supported "
    "if a documented share differs from 15%. Which accounts the condition covered, and "
    "what the Secretary certified, come from the cited reports and are stated beside the "
    "verdict, not computed.",
    _decide_c11, ("supported", "partly supported", "not supported"))


def check_c11() -> Verdict:
    """C11: 15% of Mérida funds withheld each year over human rights; certification continued.

    Examples
    --------
    >>> check_c11().numbers["withheld_share"]
    0.15
    """
    n = c11_numbers()
    return Verdict(
        C11_RULE.apply(n),
        tr("{withheld} of {total} FY2008 ({share}) withheld; {documented} of {claimed} years "
           "documented", withheld=_musd(n["withheld"]), total=_musd(n["fy2008_total"]),
           share=f"{n['withheld_share']:.0%}", documented=n["years_documented"],
           claimed=n["years_claimed"]),
        tr("CRS reports {withheld} of the {total} FY2008 Mérida money for Mexico held back "
           "until a human-rights report, {share}; the FY2008 and FY2009 acts conditioned 15% "
           "of certain police and military assistance, not all Mérida money, and the aid "
           "tables show no other year. In October 2015, after the article, the State "
           "Department sent no report for FY2014 funds and about {not_released} was not "
           "released (InSight Crime).", withheld=_musd(n["withheld"]),
           total=_musd(n["fy2008_total"]), share=f"{n['withheld_share']:.0%}",
           not_released=_musd(n["fy2014_not_released"])),
        n, rule=C11_RULE,
    )


def c12_numbers() -> dict[str, float]:
    """Return the FY2016 request for Mexico by account and in total.

    ``incle_esf`` is the request for the accounts that carried Mérida in
    FY2016 (:func:`~helpers.reference.aid_accounts.is_merida_account`: INCLE
    and ESF; FMF carried Mérida only in FY2008-FY2010); ``with_fmf`` adds FMF.

    Examples
    --------
    >>> c12_numbers()["incle_esf"] / 1e6
    119.0
    """
    cbj = load_aid("state_budget", years=(2016, 2016), stage="request")
    amounts = cbj.set_index("account")["amount_usd"]
    fa = load_aid("foreignassistance", years=(2016, 2016), stage="request")
    merida = [a for a in MERIDA_ACCOUNTS if is_merida_account(a, 2016)]
    if merida != ["INCLE", "ESF"]:
        raise ValueError(f"Expected INCLE and ESF to carry Mérida in FY2016, got {merida}.")
    incle_esf = float(amounts[merida].sum())
    with_fmf = incle_esf + float(amounts["FMF"])
    return {
        "incle": float(amounts["INCLE"]),
        "esf": float(amounts["ESF"]),
        "incle_esf": incle_esf,
        "all_accounts": float(amounts.sum()),
        "foreignassistance_request": float(fa["amount_usd"].iloc[0]),
        "incle_esf_vs_claim": incle_esf / C12_REQUEST_CLAIM,
        "fmf": float(amounts["FMF"]),
        "with_fmf": with_fmf,
        "with_fmf_vs_claim": with_fmf / C12_REQUEST_CLAIM,
    }


def _c12_gap_percent(ratio: float) -> float:
    """Return the gap from the article's figure in percent, rounded to one decimal."""
    return round(100 * abs(ratio - 1), 1)


def _decide_c12(n: Mapping[str, float]) -> str:
    gap = _c12_gap_percent(n["incle_esf_vs_claim"])
    return ("supported" if gap <= 5 else "partly supported" if gap <= 100 * ABOUT_WITHIN
            else "not supported")


C12_RULE = Rule(
    "The article's 'another $120 million' follows its account of Mérida aid, and from "
    "FY2011 Mérida was requested through INCLE and ESF only (FMF carried it in FY2008–FY2010), "
    "so it is compared with the FY2016 request for INCLE plus ESF; FMF is left out. "
    "Supported if that request differs from $120 million by at most 5% (the gap in percent, "
    "rounded to one decimal); partly supported if by at most "
    f"{ABOUT_WITHIN:.0%}; not supported otherwise. The southern-border part cannot be read "
    "from account tables and does not enter the rule.",
    _decide_c12, ("supported", "partly supported", "not supported"))


def check_c12() -> Verdict:
    """C12: another $120 million requested for Mexico in FY2016.

    Examples
    --------
    >>> check_c12().verdict
    'supported'
    """
    n = c12_numbers()
    verdict = C12_RULE.apply(n)
    with_fmf = C12_RULE.apply({"incle_esf_vs_claim": n["with_fmf_vs_claim"]})
    return Verdict(
        verdict,
        tr("{incle_esf} INCLE+ESF of {all} requested", incle_esf=_musd(n["incle_esf"]),
           all=_musd(n["all_accounts"])),
        tr("The FY2016 budget request for Mexico was {incle} INCLE plus {esf} ESF, {incle_esf} "
           "({gap} from $120M), out of {all} for all accounts (the same total as "
           "ForeignAssistance.gov's request); the account tables cannot show how much was for "
           "the southern border.", incle=_musd(n["incle"]), esf=_musd(n["esf"]),
           incle_esf=_musd(n["incle_esf"]),
           gap=f"{100 * (n['incle_esf_vs_claim'] - 1):+.1f}%", all=_musd(n["all_accounts"]))
        + " " + (tr("With FMF ({fmf}) the request is {with_fmf} ({gap}), which the rule "
                    "would also call {verdict}.", fmf=_musd(n["fmf"]),
                    with_fmf=_musd(n["with_fmf"]),
                    gap=f"{100 * (n['with_fmf_vs_claim'] - 1):+.1f}%", verdict=tr(verdict))
                 if with_fmf == verdict else
                 tr("With FMF ({fmf}) the request is {with_fmf} ({gap}), which the rule would "
                    "call {other}.", fmf=_musd(n["fmf"]), with_fmf=_musd(n["with_fmf"]),
                    gap=f"{100 * (n['with_fmf_vs_claim'] - 1):+.1f}%", other=tr(with_fmf))),
        n, rule=C12_RULE,
    )


def c13_numbers() -> dict[str, float | None]:
    """Return what the aid tables can say about weapons: FMF grants, FY2008-FY2015.

    FMF is a grant to buy U.S. defence articles, not a purchase by Mexico; sales
    (Foreign Military Sales paid by Mexico, Direct Commercial Sales) are not in
    any aid table, so ``mexico_rank`` (Mexico's place among buyers of U.S. arms in
    a cited source) is ``None``.

    Examples
    --------
    >>> n = c13_numbers()
    >>> n["fmf_obligations"] > 0, n["mexico_rank"] is None
    (True, True)
    """
    gb = load_aid("greenbook", years=C10_YEARS)
    return {"fmf_obligations": float(gb.loc[gb["account"] == "FMF", "amount_usd"].sum()),
            "mexico_rank": None}


def _decide_c13(n: Mapping[str, object]) -> str:
    rank = n.get("mexico_rank")
    if rank is None:
        return "not checkable"
    return "supported" if rank == 1 else "not supported"


C13_RULE = Rule(
    "A reader's judgment of sources: supported if a cited ranking of buyers of U.S. arms "
    "(Defense Security Cooperation Agency sales or SIPRI transfers) puts Mexico first, not "
    "supported if it puts Mexico lower; not checkable while no such source is cited, since "
    "purchases are trade and appear in no aid table.",
    _decide_c13, ("supported", "not supported", "not checkable"), judgment=True)


def check_c13() -> Verdict:
    """C13: Mexico became the largest buyer of U.S. weapons.

    Examples
    --------
    >>> check_c13().verdict
    'not checkable'
    """
    n = c13_numbers()
    return Verdict(
        C13_RULE.apply(n), "—",
        tr("Purchases (Foreign Military Sales paid by Mexico, commercial sales) are not "
           "assistance and appear in none of the aid tables; the FMF grants they do hold came "
           "to {fmf} in FY2008–FY2015. Ranking buyers needs DSCA sales or SIPRI arms-transfer "
           "data.", fmf=_musd(n["fmf_obligations"])),
        n, rule=C13_RULE,
    )
