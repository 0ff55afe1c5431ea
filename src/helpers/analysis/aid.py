"""Aggregate U.S. assistance to Mexico without mixing stages, and tag the Mérida accounts.

The frames come from :func:`helpers.data.load_aid`; every one has the columns
``fiscal_year``, ``stage``, ``agency``, ``account`` and ``amount_usd``, so the
same aggregation works on all four sources. Stages of the money (request,
appropriation or allocation, obligation, disbursement) are never added together:
:func:`aggregate` refuses a frame that mixes them. :func:`tag_merida` marks the
accounts that carried Mérida money (an account proxy, an upper bound).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from helpers.reference.aid_accounts import ACCOUNTS, MERIDA_ACCOUNTS, is_merida_account

#: Short labels for the agencies that carry U.S. aid to Mexico.
AGENCY_SHORT: dict[str, str] = {
    "Department of State": "State",
    "U.S. Agency for International Development": "USAID",
    "Department of Defense": "Defense",
    "Department of Justice": "Justice",
    "Department of Homeland Security": "Homeland Security",
}


def aggregate(frame: pd.DataFrame, by: str | Sequence[str] = "fiscal_year",
              value: str = "amount_usd") -> pd.DataFrame:
    """Sum ``value`` by ``by``, refusing sums that mix stages, dollars or spans.

    Parameters
    ----------
    frame : pandas.DataFrame
        A frame from :func:`load_aid` (or a subset of one).
    by : str or sequence of str
        Grouping columns, e.g. ``"fiscal_year"`` or ``["fiscal_year", "agency"]``.
    value : str
        Column to sum.

    Returns
    -------
    pandas.DataFrame
        One row per group with the summed ``value`` (and ``stage``/``dollars``
        kept when they are constant).

    Notes
    -----
    Negative amounts are kept and netted, never dropped. The Greenbook holds
    17 negative rows for Mexico (deobligations of money obligated in earlier
    years, and "INACTIVE - ESF adjustment" rows of 1965-1998): they are part of
    a year's *net* obligations, so a group's sum is net of them and can be
    smaller than the sum of its positive rows (or, in principle, negative).
    Filter ``frame[frame[value] > 0]`` first if you want gross obligations.

    Raises
    ------
    ValueError
        If a column is missing, the frame holds more than one stage of the
        money or more than one kind of dollars, or it holds multi-year
        transcribed figures (which would double count).

    Examples
    --------
    >>> from helpers.data import load_aid
    >>> gb = load_aid("greenbook", years=(2008, 2015))
    >>> by_agency = aggregate(gb, "agency").set_index("agency")["amount_usd"]
    >>> bool(by_agency["Department of State"] > by_agency["Department of Defense"])
    True
    >>> demo = pd.DataFrame({"fiscal_year": [2013, 2013], "stage": ["obligation"] * 2,
    ...                      "amount_usd": [100.0, -10.0]})
    >>> aggregate(demo)["amount_usd"].tolist()  # a deobligation nets out
    [90.0]
    >>> aggregate(load_aid("state_budget"), "fiscal_year")
    Traceback (most recent call last):
    ...
    ValueError: The frame mixes stages of the money ['allocation', 'request']; they cannot be \
added. Filter one stage first, e.g. load_aid(..., stage='allocation').
    """
    keys = [by] if isinstance(by, str) else list(by)
    missing = [c for c in [*keys, value] if c not in frame.columns]
    if missing:
        raise ValueError(f"aggregate: columns {missing} are not in the frame; it has "
                         f"{list(frame.columns)}.")
    if "stage" in frame.columns and "stage" not in keys:
        stages = sorted(frame["stage"].dropna().unique())
        if len(stages) > 1:
            raise ValueError(
                f"The frame mixes stages of the money {stages}; they cannot be added. "
                f"Filter one stage first, e.g. load_aid(..., stage={stages[0]!r})."
            )
    if "dollars" in frame.columns and frame["dollars"].nunique() > 1:
        raise ValueError(f"The frame mixes {sorted(frame['dollars'].unique())} dollars.")
    if "single_year" in frame.columns and not frame["single_year"].all():
        raise ValueError("The frame holds multi-year (cumulative or average) figures; keep "
                         "single_year rows before adding them up.")
    out = frame.groupby(keys, dropna=False)[value].sum().reset_index()
    for column in ("stage", "dollars"):
        if column in frame.columns and column not in keys and frame[column].nunique() == 1:
            out[column] = frame[column].iloc[0]
    return out


def tag_merida(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` with a boolean ``merida`` column (account proxy).

    True for INCLE and ESF from FY2008 and for FMF in FY2008-FY2010
    (:func:`helpers.reference.aid_accounts.is_merida_account`). Mérida is a label over
    these accounts, not an account, and INCLE and ESF also fund other
    programmes: read the sum as an upper bound on Mérida money.

    Raises
    ------
    ValueError
        If the frame has no ``account`` and ``fiscal_year`` columns.

    Examples
    --------
    >>> demo = pd.DataFrame({"fiscal_year": [2009, 2012], "account": ["FMF", "FMF"]})
    >>> tag_merida(demo)["merida"].tolist()
    [True, False]
    """
    for column in ("account", "fiscal_year"):
        if column not in frame.columns:
            raise ValueError(f"tag_merida needs a {column!r} column; the frame has "
                             f"{list(frame.columns)}.")
    out = frame.copy()
    out["merida"] = [
        bool(pd.notna(y)) and is_merida_account(str(a), int(y))
        for a, y in zip(out["account"], out["fiscal_year"], strict=True)
    ]
    return out


def account_table() -> pd.DataFrame:
    """Return the account codes with their names, agencies, categories and Mérida role.

    Examples
    --------
    >>> account_table().set_index("code").loc["INCLE", "merida"]
    'FY2008-'
    """
    rows = []
    for code, acc in ACCOUNTS.items():
        role = ""
        if code in MERIDA_ACCOUNTS:
            role = "FY2008-FY2010" if code == "FMF" else "FY2008-"
        rows.append({"code": code, "name": acc.name, "agency": acc.agency,
                     "category": acc.category, "merida": role})
    return pd.DataFrame(rows)


def short_agency(name: str) -> str:
    """Return a short label for an agency name (the name itself if none is defined).

    Examples
    --------
    >>> short_agency("U.S. Agency for International Development")
    'USAID'
    >>> short_agency("Peace Corps")
    'Peace Corps'
    """
    return AGENCY_SHORT.get(name, name)
