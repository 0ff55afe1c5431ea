"""The numbers behind the checks of the article's aid claims (C10-C13).

Each function computes, from the aid tables only, the figures one claim check
needs and returns them in a dict (amounts in current U.S. dollars). The
verdicts themselves live in :mod:`helpers.claims`; the chapter "U.S.
assistance to Mexico" shows the same computations step by step.
"""

from __future__ import annotations

from helpers.analysis.aid import aggregate, tag_merida
from helpers.claims.verdict import Verdict
from helpers.data.aid import load_aid
from helpers.reference.aid_accounts import MERIDA_ACCOUNTS

#: Years the article's totals cover (C10).
C10_YEARS: tuple[int, int] = (2008, 2015)
#: The article's round figures (C10, C12), in dollars: kept here to compare against.
C10_STATE_CLAIM = 2.4e9
C10_DOD_CLAIM = 0.5e9
C12_REQUEST_CLAIM = 120e6

_DOD = "Department of Defense"


def _transcribed_amount(fiscal_year: str, account_starts: str, kind: str) -> float:
    rows = load_aid("transcribed")
    hit = rows[(rows["fiscal_year_text"] == fiscal_year)
               & rows["account"].str.startswith(account_starts) & (rows["kind"] == kind)]
    values = sorted(set(hit["amount_usd"]))
    if len(values) != 1:
        raise ValueError(f"Expected one transcribed {kind} figure for {fiscal_year!r} "
                         f"starting {account_starts!r}; found {values}.")
    return float(values[0])


def c10_numbers() -> dict[str, float]:
    """Return the figures that test "about $2.4 billion from State, $500 million from Defense".

    Returns
    -------
    dict
        Greenbook obligations FY2008-FY2015 of INCLE+ESF+FMF (with rounding
        bounds), the Mérida account proxy, INCLE's and FMF's shares, Defense
        obligations (bounds, counter-drug part), the Greenbook "Military"
        category, the State budget tables' INCLE+ESF+FMF and CRS's cumulative
        Mérida appropriation.

    Examples
    --------
    >>> n = c10_numbers()
    >>> 2.3e9 < n["state_obligations"] < 2.5e9
    True
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
        "fmf_share": float(by_account["FMF"]) / state,
        "state_vs_claim": state / C10_STATE_CLAIM,
        "dod_obligations": dod_total,
        "dod_low": float(dod["current_low"].sum()),
        "dod_high": float(dod["current_high"].sum()),
        "dod_counterdrug": float(dod.loc[dod["account"] == "DoD-CN", "amount_usd"].sum()),
        "dod_vs_claim": dod_total / C10_DOD_CLAIM,
        "military_category": float(gb.loc[gb["category"] == "Military", "amount_usd"].sum()),
        "cbj_three_accounts": float(cbj_three["amount_usd"].sum()),
        "cbj_request_years": float(cbj_three.loc[cbj_three["stage"] == "request",
                                                 "fiscal_year"].nunique()),
        "fy2008_supplemental": supplemental,
        "cbj_plus_supplemental": float(cbj_three["amount_usd"].sum()) + supplemental,
        "crs_cumulative": _transcribed_amount("2008-2015", "Merida Initiative cumulative",
                                              "appropriated"),
    }


def c11_numbers() -> dict[str, float]:
    """Return the withheld FY2008 Mérida money and its share of the FY2008 total.

    Examples
    --------
    >>> round(c11_numbers()["withheld_share"], 2)
    0.15
    """
    withheld = _transcribed_amount("2008", "Merida Initiative, Mexico: FY2008 funds withheld",
                                   "appropriated")
    total = _transcribed_amount("2008", "Merida Initiative, Mexico (P.L. 110-252)",
                                "appropriated")
    return {"withheld": withheld, "fy2008_total": total, "withheld_share": withheld / total}


def c12_numbers() -> dict[str, float]:
    """Return the FY2016 request for Mexico by account and in total.

    Examples
    --------
    >>> c12_numbers()["incle_esf"] / 1e6
    119.0
    """
    cbj = load_aid("state_budget", years=(2016, 2016), stage="request")
    amounts = cbj.set_index("account")["amount_usd"]
    fa = load_aid("foreignassistance", years=(2016, 2016), stage="request")
    incle_esf = float(amounts["INCLE"] + amounts["ESF"])
    return {
        "incle": float(amounts["INCLE"]),
        "esf": float(amounts["ESF"]),
        "incle_esf": incle_esf,
        "all_accounts": float(amounts.sum()),
        "foreignassistance_request": float(fa["amount_usd"].iloc[0]),
        "incle_esf_vs_claim": incle_esf / C12_REQUEST_CLAIM,
        "fmf": float(amounts["FMF"]),
    }


def c13_numbers() -> dict[str, float]:
    """Return what the aid tables can say about weapons: FMF grants, FY2008-FY2015.

    FMF is a grant to buy U.S. defence articles, not a purchase by Mexico; sales
    (Foreign Military Sales paid by Mexico, Direct Commercial Sales) are not in
    any aid table, so the claim cannot be checked here.

    Examples
    --------
    >>> c13_numbers()["fmf_obligations"] > 0
    True
    """
    gb = load_aid("greenbook", years=C10_YEARS)
    return {"fmf_obligations": float(gb.loc[gb["account"] == "FMF", "amount_usd"].sum())}


def _musd(value: float) -> str:
    return f"${value / 1e6:,.0f}M"


def check_c10() -> Verdict:
    """C10: about $2.4 billion from State (Mérida included) and $500 million from Defense.

    Examples
    --------
    >>> check_c10().verdict
    'partly supported'
    """
    from helpers.claims.aid import c10_numbers

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
    from helpers.claims.aid import c11_numbers

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
    from helpers.claims.aid import c12_numbers

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
    from helpers.claims.aid import c13_numbers

    n = c13_numbers()
    return Verdict(
        "not checkable", "—",
        "Purchases (Foreign Military Sales paid by Mexico, commercial sales) are not "
        "assistance and appear in none of the aid tables; the FMF grants they do hold came to "
        f"{_musd(n['fmf_obligations'])} in FY2008–FY2015. Ranking buyers needs DSCA sales "
        "or SIPRI arms-transfer data.",
        n,
    )


