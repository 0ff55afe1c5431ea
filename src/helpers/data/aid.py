"""Load, aggregate and deflate the tables of U.S. assistance to Mexico.

Four sources, four *stages* of the money (see ``data/README.md``):

=====================  ===========================================  ===================
source                 what it holds                                stage(s)
=====================  ===========================================  ===================
``foreignassistance``  ForeignAssistance.gov totals, all agencies   request,
                                                                    appropriated_planned,
                                                                    obligation,
                                                                    disbursement
``state_budget``       State budget tables by account, FY2008-17    allocation, request
``greenbook``          USAID Greenbook by agency and account        obligation
``transcribed``        figures read in CRS, GAO and other texts     request, appropriation,
                                                                    obligation,
                                                                    disbursement
=====================  ===========================================  ===================

Every frame returned by :func:`load_aid` has the columns ``fiscal_year``,
``stage``, ``agency``, ``account`` and ``amount_usd`` (plus source-specific
columns), so the same aggregation works on all of them. Stages are never added
together: :func:`aggregate` refuses a frame that mixes them.

Constant dollars use one documented deflator, the index implied by
ForeignAssistance.gov's own constant-dollar column (FY2022 = 1; table
``aid_deflator``), not an index made up here.
"""

from __future__ import annotations

import pandas as pd

from helpers.data.datapackage import read_table
from helpers.reference.checks import check_choice, check_frame, check_integer, check_years

#: Sources :func:`load_aid` can read, with their resource names.
SOURCES: dict[str, str] = {
    "foreignassistance": "aid_foreignassistance_mexico",
    "state_budget": "aid_state_budget_mexico",
    "greenbook": "aid_greenbook_mexico",
    "transcribed": "aid_transcribed",
}


#: Stages each source can hold.
SOURCE_STAGES: dict[str, tuple[str, ...]] = {
    "foreignassistance": ("request", "appropriated_planned", "obligation", "disbursement"),
    "state_budget": ("allocation", "request"),
    "greenbook": ("obligation",),
    "transcribed": ("request", "appropriation", "obligation", "disbursement"),
}


#: Order of the stages of the money, from the President's request to cash out the door.
STAGE_ORDER: tuple[str, ...] = (
    "request", "appropriation", "appropriated_planned", "allocation", "obligation",
    "disbursement",
)


#: Base year of the deflator published by ForeignAssistance.gov.
DEFLATOR_BASE = 2022


_TRANSCRIBED_KIND = {
    "requested": "request", "appropriated": "appropriation", "obligated": "obligation",
    "disbursed": "disbursement",
}


def _check_years(years: object) -> list[int] | None:
    """Fiscal years asked for, read as everywhere (see ``check_years``): a tuple is a span."""
    return None if years is None else check_years(years)


def deflator(base_year: int = DEFLATOR_BASE) -> pd.Series:
    """Return the aid price index by fiscal year, equal to 1 in ``base_year``.

    The index is ForeignAssistance.gov's: current / constant dollars of its
    country summary file (FY2022 = 1), rebased to ``base_year``.

    Parameters
    ----------
    base_year : int
        Fiscal year whose dollars the index converts to.

    Returns
    -------
    pandas.Series
        Indexed by ``fiscal_year`` (whole fiscal years only).

    Raises
    ------
    ValueError
        If ``base_year`` is not covered by the index.

    Examples
    --------
    >>> round(float(deflator()[2022]), 6)
    1.0
    >>> round(float(deflator(2019)[2019]), 6)
    1.0
    """
    base_year = check_integer(base_year, "base_year")
    table = read_table("aid_deflator")
    table = table[table["period"] == "fiscal_year"]
    index = pd.Series(table["price_index_fy2022"].to_numpy(),
                      index=pd.Index(table["fiscal_year"].astype(int), name="fiscal_year"),
                      name=f"price_index_fy{base_year}")
    if base_year not in index.index:
        raise ValueError(
            f"base_year={base_year!r} is outside the deflator, which covers FY"
            f"{index.index.min()}-FY{index.index.max()}."
        )
    return index / index[base_year]


def to_constant(frame: pd.DataFrame, base_year: int = DEFLATOR_BASE,
                value: str = "amount_usd") -> pd.DataFrame:
    """Return a copy of ``frame`` with ``value`` in constant ``base_year`` dollars.

    Rows without a single ``fiscal_year`` (multi-year transcribed figures) get
    NaN: a cumulative sum over years cannot be deflated with one year's index.

    Parameters
    ----------
    frame : pandas.DataFrame
        A frame with ``fiscal_year`` and ``value`` columns, in current dollars.
    base_year : int
        Fiscal year of the constant dollars.
    value : str
        Column to convert.

    Returns
    -------
    pandas.DataFrame
        With a column ``dollars`` saying ``"constant FY<base_year>"``.

    Raises
    ------
    ValueError
        If a column is missing, the frame is already in constant dollars, or a
        fiscal year has no index.

    Examples
    --------
    >>> demo = pd.DataFrame({"fiscal_year": [2022, 2011], "amount_usd": [100.0, 100.0]})
    >>> to_constant(demo)["amount_usd"].round(1).tolist()
    [100.0, 128.2]
    """
    check_frame(frame, "frame", ["fiscal_year", value], numeric=[value], non_empty=False)
    base_year = check_integer(base_year, "base_year")
    if "dollars" in frame.columns and frame["dollars"].astype(str).str.startswith(
            "constant").any():
        raise ValueError("The frame is already in constant dollars; deflate current dollars.")
    index = deflator(base_year)
    years = pd.to_numeric(frame["fiscal_year"], errors="coerce")
    unreadable = frame["fiscal_year"].notna() & years.isna()
    if unreadable.any():
        raise ValueError(f"fiscal_year has value(s) that are not whole years: "
                         f"{sorted(frame.loc[unreadable, 'fiscal_year'].astype(str).unique())[:5]}"
                         "; write them as integers (2010, not 'FY2010').")
    missing = sorted(set(years.dropna().astype(int)) - set(index.index))
    if missing:
        raise ValueError(f"No deflator for fiscal years {missing}; it covers FY"
                         f"{index.index.min()}-FY{index.index.max()}.")
    out = frame.copy()
    factor = years.map(index).astype("float64")
    out[value] = out[value].astype("float64") / factor
    out["dollars"] = f"constant FY{base_year}"
    return out


def _standard(source: str, table: pd.DataFrame) -> pd.DataFrame:
    """Give each source's table the common columns."""
    if source == "foreignassistance":
        out = table[table["period"] == "fiscal_year"].copy()
        out["agency"] = "All agencies"
        out["account"] = "All accounts"
        out["amount_usd"] = out["current_usd"].astype("float64")
        out["fiscal_year"] = out["fiscal_year"].astype(int)
    elif source == "state_budget":
        out = table.copy()
        out["stage"] = out["basis"]
        out["amount_usd"] = out["amount_usd"].astype("float64")
        out["fiscal_year"] = out["fiscal_year"].astype(int)
    elif source == "greenbook":
        out = table.copy()
        out["stage"] = "obligation"
        out["account_name"] = out["account"]
        code = out["account_code"].fillna("")
        out["account"] = code.where(code != "", out["account_name"])
        out["amount_usd"] = out["current_usd"].astype("float64")
        out["fiscal_year"] = out["fiscal_year"].astype(int)
    else:  # transcribed
        out = table.copy()
        if (out["dollars"] != "current").any():
            raise ValueError("aid_transcribed has constant-dollar rows; this loader expects "
                             "current dollars only.")
        out["stage"] = out["kind"].map(_TRANSCRIBED_KIND)
        out["fiscal_year_text"] = out["fiscal_year"]
        out["fiscal_year"] = out["year_end"].where(out["single_year"]).astype("Int64")
        out["amount_usd"] = out["amount_usd_millions"] * 1e6
    out["dollars"] = "current"
    common = ["fiscal_year", "stage", "agency", "account", "amount_usd", "dollars"]
    rest = [c for c in out.columns if c not in common]
    return out[common + rest].reset_index(drop=True)


def load_aid(
    source: str = "foreignassistance",
    *,
    years: tuple[int, int] | None = None,
    stage: str | None = None,
    dollars: str = "current",
    base_year: int = DEFLATOR_BASE,
) -> pd.DataFrame:
    """Load U.S. assistance to Mexico from one source, in current or constant dollars.

    Parameters
    ----------
    source : {"foreignassistance", "state_budget", "greenbook", "transcribed"}
        Which table (see the module docstring).
    years : (int, int), int or list of int, optional
        Fiscal years kept: a tuple ``(first, last)`` is a span, both ends
        included; an integer is one year; a list, range or array is a set of
        years (the same rule as :func:`helpers.data.load_homicides`, see
        :func:`helpers.reference.checks.check_years`). Multi-year transcribed
        figures are kept only if every year they span is kept.
    stage : str, optional
        Keep one stage of the money (``SOURCE_STAGES[source]`` lists them).
    dollars : {"current", "constant"}
        ``"constant"`` converts ``amount_usd`` with :func:`deflator`; for
        ForeignAssistance.gov the published constant amounts are used.
    base_year : int
        Fiscal year of constant dollars (default FY2022, the publisher's).

    Returns
    -------
    pandas.DataFrame
        Columns ``fiscal_year, stage, agency, account, amount_usd, dollars``
        followed by the source's own columns.

    Raises
    ------
    ValueError
        For an unknown source, stage or dollars, malformed ``years``, or
        ``years`` outside what the source covers.

    Examples
    --------
    >>> fa = load_aid("foreignassistance", stage="obligation", years=(2008, 2015))
    >>> fa["fiscal_year"].tolist()[:3]
    [2008, 2009, 2010]
    >>> load_aid("state_budget", years=(2016, 2016))["stage"].unique().tolist()
    ['request']
    >>> load_aid("aid")
    Traceback (most recent call last):
    ...
    ValueError: Unknown source 'aid'; use one of: 'foreignassistance', 'state_budget', \
'greenbook', 'transcribed'.
    """
    check_choice(source, SOURCES, "source")
    check_choice(dollars, ("current", "constant"), "dollars")
    if stage is not None:
        check_choice(stage, SOURCE_STAGES[source], f"stage (for source {source!r})")
    span = _check_years(years)
    frame = _standard(source, read_table(SOURCES[source]))
    if stage is not None:
        frame = frame[frame["stage"] == stage]
    if span is not None:
        if source == "transcribed":
            start = frame["year_start"].fillna(frame["year_end"])
            asked = set(span)
            inside = pd.Series([pd.notna(a) and pd.notna(b)
                                and set(range(int(a), int(b) + 1)) <= asked
                                for a, b in zip(start, frame["year_end"], strict=True)],
                               index=frame.index)
            covered = (int(frame["year_start"].min()), int(frame["year_end"].max()))
        else:
            inside = frame["fiscal_year"].isin(span)
            covered = (int(frame["fiscal_year"].min()), int(frame["fiscal_year"].max()))
        if not inside.any():
            raise ValueError(
                f"years={years!r}: source {source!r}"
                + (f" (stage {stage!r})" if stage else "")
                + f" covers FY{covered[0]}-FY{covered[1]}; no rows in the years asked for."
            )
        frame = frame[inside.fillna(False).astype(bool)]
    frame = frame.reset_index(drop=True)
    if dollars == "constant":
        if source == "foreignassistance" and base_year == DEFLATOR_BASE:
            frame = frame.assign(amount_usd=frame["constant_usd_fy2022"].astype("float64"),
                                 dollars=f"constant FY{DEFLATOR_BASE}")
        else:
            frame = to_constant(frame, base_year)
    return frame


