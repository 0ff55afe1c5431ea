"""U.S. foreign-assistance accounts: short codes, names, agencies and the Mérida label.

One table, :data:`ACCOUNTS`, describes every account code used by the aid
tables of the book. The pipeline uses it to normalise the account headers of the
State Department budget tables and the Greenbook's account names; the loaders
in :mod:`helpers.analysis.aid` use it to add agency, category and the Mérida flag.

*Agency* is the agency the Greenbook files the account under (ESF is filed
under USAID although State allocates it). *Category* is the Greenbook's
Economic/Military split: INCLE counts as **Economic** there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Account:
    """One assistance account.

    Examples
    --------
    >>> ACCOUNTS["INCLE"].agency
    'Department of State'
    """

    code: str
    name: str
    agency: str
    category: str


_STATE = "Department of State"
_USAID = "U.S. Agency for International Development"
_DOD = "Department of Defense"

#: Account code -> :class:`Account`.
ACCOUNTS: dict[str, Account] = {
    a.code: a
    for a in [
        Account("INCLE", "International Narcotics Control and Law Enforcement", _STATE,
                "Economic"),
        Account("ESF", "Economic Support Fund", _USAID, "Economic"),
        Account("FMF", "Foreign Military Financing", _STATE, "Military"),
        Account("IMET", "International Military Education and Training", _STATE, "Military"),
        Account("NADR", "Nonproliferation, Anti-terrorism, Demining and Related Programs",
                _STATE, "Economic"),
        Account("PKO", "Peacekeeping Operations", _STATE, "Military"),
        Account("DA", "Development Assistance", _USAID, "Economic"),
        Account("GHCS-USAID", "Global Health and Child Survival (USAID)", _USAID, "Economic"),
        Account("GHCS-State", "Global Health and Child Survival (State)", _STATE, "Economic"),
        Account("GHP-USAID", "Global Health Programs (USAID)", _USAID, "Economic"),
        Account("GHP-State", "Global Health Programs (State)", _STATE, "Economic"),
        Account("AEECA", "Assistance for Europe, Eurasia and Central Asia", _STATE, "Economic"),
        Account("MRA", "Migration and Refugee Assistance", _STATE, "Economic"),
        Account("FFP", "Food for Peace (P.L. 480 Title II)", _USAID, "Economic"),
        Account("IO&P", "International Organizations and Programs", _STATE, "Economic"),
        Account("IDA", "International Disaster Assistance", _USAID, "Economic"),
        Account("DF", "Democracy Fund", _STATE, "Economic"),
        Account("AID-Admin", "USAID administrative expenses", _USAID, "Economic"),
        Account("Other", "Other accounts (as grouped by the budget table)", "Various",
                "Economic"),
        Account("DoD-CN", "Drug Interdiction and Counter-Drug Activities, Defense", _DOD,
                "Military"),
    ]
}

#: Accounts through which Mérida Initiative money was appropriated.
MERIDA_ACCOUNTS: tuple[str, ...] = ("INCLE", "ESF", "FMF")

#: Fiscal years in which FMF was part of Mérida (CRS IF10578: FY2008-FY2010).
MERIDA_FMF_YEARS: tuple[int, int] = (2008, 2010)

#: First fiscal year of Mérida money.
MERIDA_FIRST_YEAR = 2008

# Header spellings in the State budget tables -> account code.
_CBJ_HEADERS = {
    "DA": "DA", "ESF": "ESF", "AEECA": "AEECA", "INCLE": "INCLE", "NADR": "NADR",
    "PKO": "PKO", "IMET": "IMET", "FMF": "FMF", "MRA": "MRA", "FFP": "FFP",
    "PL480": "FFP", "P.L.480": "FFP", "IO&P": "IO&P", "IDA": "IDA", "DF": "DF",
    "AIDADMIN": "AID-Admin", "OTHER": "Other",
    "GHCS-USAID": "GHCS-USAID", "GHCS-STATE": "GHCS-State",
    "GHP-USAID": "GHP-USAID", "GHP-STATE": "GHP-State",
}

# Greenbook account names -> account code (only those the book names).
_GREENBOOK_NAMES = {
    "International Narcotics Control and Law Enforcement": "INCLE",
    "Economic Support Fund": "ESF",
    "Foreign Military Financing Program": "FMF",
    "International Military Education and Training": "IMET",
    "Nonproliferation, Anti-Terrorism, Demining and Related Programs": "NADR",
    "Development Assistance": "DA",
    "Global Health Programs": "GHP-State",
    "Child Survival and Health Programs Fund, United States": "GHCS-USAID",
    "Migration and Refugee Assistance, Department of  State": "MRA",
    "Democracy Fund, Department of State": "DF",
    "International Disaster and Famine Assistance": "IDA",
    "Drug Interdiction and Counter-Drug Activities, Defense": "DoD-CN",
}


def cbj_account_code(header: str) -> str | None:
    """Return the account code of a State budget-table column header.

    Spaces, asterisks and the GHCS/GHP separators vary between years; totals
    and the fiscal-year column return ``None``.

    Examples
    --------
    >>> cbj_account_code("GHCS- USAID"), cbj_account_code("GHP STATE")
    ('GHCS-USAID', 'GHP-State')
    >>> cbj_account_code("Other**"), cbj_account_code("All Accounts") is None
    ('Other', True)
    """
    key = re.sub(r"[\s*]", "", header).upper()
    key = re.sub(r"^(GHCS|GHP)-?", r"\1-", key)
    return _CBJ_HEADERS.get(key)


def greenbook_account_code(name: str) -> str:
    """Return the account code of a Greenbook account name, or ``""`` if it has none.

    Examples
    --------
    >>> greenbook_account_code("Drug Interdiction and Counter-Drug Activities, Defense")
    'DoD-CN'
    >>> greenbook_account_code("Peace Corps")
    ''
    """
    return _GREENBOOK_NAMES.get(name, "")


def is_merida_account(code: str, fiscal_year: int) -> bool:
    """Say whether money in account ``code`` in ``fiscal_year`` can carry the Mérida label.

    Mérida is not an account: it is a label over INCLE (most of it), ESF and,
    in FY2008-FY2010, FMF. INCLE and ESF also pay for programmes outside
    Mérida, so this is an *account proxy* for Mérida, an upper bound.

    Examples
    --------
    >>> is_merida_account("INCLE", 2012), is_merida_account("FMF", 2012)
    (True, False)
    >>> is_merida_account("FMF", 2009), is_merida_account("INCLE", 2007)
    (True, False)
    """
    if fiscal_year < MERIDA_FIRST_YEAR or code not in MERIDA_ACCOUNTS:
        return False
    if code == "FMF":
        return MERIDA_FMF_YEARS[0] <= fiscal_year <= MERIDA_FMF_YEARS[1]
    return True
