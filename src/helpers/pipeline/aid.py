"""Pipeline family ``aid``: U.S. assistance to Mexico from four sources.

Tables written to ``data/``:

* ``aid_foreignassistance_mexico``: ForeignAssistance.gov country totals for
  Mexico by fiscal year and transaction type (request, appropriated and
  planned, obligation, disbursement), current and constant FY2022 dollars.
* ``aid_deflator``: the price index implied by ForeignAssistance.gov
  (current / constant, FY2022 = 1), derived from every country's rows.
* ``aid_state_budget_mexico``: State Department budget tables (CBJ statistical
  annex) for Mexico by account, FY2008-FY2017, with each year flagged as an
  allocation ("actual") or a request.
* ``aid_greenbook_mexico``: USAID Greenbook obligations to Mexico by agency and
  account, FY1946-FY2019, with the packaging's 2-significant-figure rounding
  flagged and bounded.
* ``aid_transcribed``: figures typed by hand from CRS, GAO, CIP and embassy
  texts, each with its citation.

See ``../shared/data/raw/aid/SOURCES.md`` for where each file comes from.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.pipeline.core import Field, RawFile, Table, source
from helpers.reference.aid_accounts import ACCOUNTS, cbj_account_code, greenbook_account_code

FAMILY = "aid"
_FA = "aid/foreignassistance_gov_us_foreign_aid_country.csv"
_GB = "aid/greenbook.aid.rda"
_TR = "aid/aid_by_year_transcribed.csv"
_CBJ_DIR = "aid/state_cbj_country_account"
_CBJ_WORKBOOK = f"{_CBJ_DIR}/state_budget_by_country_workbook.xlsx"
_CBJ_SHA = {
    2008: "f829b5a880bb9365455e0209921f72903834115e3a5a98ec1591db7cc39b4368",
    2009: "d1152468818e47c6c33c80a27ee2d9c0b3318af86d856394f694f2085b574946",
    2010: "c5815240cf5179dfdb58ab2b753cf89854a47492f500ae46d5241e6da9868d46",
    2011: "61d1d111b485a83e2e0ba07b89b5ccebd5874502ea7f2d1b4837ffd9feea3f37",
    2012: "fe73b946528f1b3e900aae06dfde394e246d55c356497c131c1f8d8d0780dee6",
    2013: "6b4f4a5404f9d0e413d6d89a0d1e6732da2d6e4a27ba4a490f368aa913fc78a0",
    2014: "1779d7eb816421ab6e5a61d3c3293673540530fcc76ee69b3a7c976c0ffda5ee",
    2015: "2aa0cc18929f412bb0558ce6c0ffa49317dc9146d1d96bf8b3f3be07adc37d5a",
    2016: "87adc85950bca74fc61e5d2f4e21aeec97b8a3af0578ffc4f0a27c8fb5ab2732",
    2017: "fc3bf9a590ac1958b1de6d9f4e452cda91492a5d3f2a2af21ef14a5db50b2519",
}
CBJ_YEARS = tuple(sorted(_CBJ_SHA))


def _cbj_file(year: int) -> str:
    return f"{_CBJ_DIR}/state_budget_by_country_FY{year}.csv"


RAW_FILES: list[RawFile] = [
    RawFile(_FA, "cbcdd3ebe0a4a5801fbc17ec797dfdd73319d42baed35e213ac5285e04299b43"),
    RawFile(_GB, "d57452373d452071c4035b5ca84539273ae358797e9fcb6336140087425eebd4"),
    # SOURCES.md gives no hash for the hand transcription; this is the staged file's.
    RawFile(_TR, "ce8d9d3a0da3441aafe236a88fc34acd77491ac9a61a63e472f1d722fd35f1cf"),
    RawFile(_CBJ_WORKBOOK, "071eb254a55490d255b6c69f21062fd09e20df7c55d29a86922defd07e8d5b76"),
    *[RawFile(_cbj_file(y), sha) for y, sha in _CBJ_SHA.items()],
]

#: ForeignAssistance.gov transaction types -> stage of the money.
FA_STAGES = {
    "President's Budget Requests": "request",
    "Appropriated and Planned": "appropriated_planned",
    "Obligations": "obligation",
    "Disbursements": "disbursement",
}

_SRC_FA = source(
    "U.S. Foreign Assistance by Country, country summary file (us_foreign_aid_country.csv)",
    "https://foreignassistance.gov/data",
    "U.S. Department of State and USAID (ForeignAssistance.gov)",
)
_SRC_GB = source(
    "U.S. Overseas Loans and Grants (Greenbook), as packaged in the R package greenbook "
    "(object greenbook.aid, meflynn/greenbook commit a2e68b3)",
    "https://s3.amazonaws.com/files.explorer.devtechlab.com/us_foreignaid_greenbook.xlsx",
    "USAID",
)
_SRC_CBJ = source(
    "Congressional Budget Justification, Foreign Operations: statistical annex by "
    "country and account, FY2008-FY2017 (CSV transcription by CSIS, "
    "CSISdefense/ForeignAssistance commit 4d83c8e)",
    "https://www.state.gov/",
    "U.S. Department of State",
)
_SRC_TR = source(
    "Hand transcription of figures read in CRS reports RS22837, R40135, R41349, IF10578; "
    "GAO-10-253R, GAO-08-215T, GAO-06-200; U.S. Embassy Mexico (June 2009); CIP Just the "
    "Facts (2006); CNSNews (Apr 2011). Each row names its source.",
    "https://www.everycrsreport.com/",
    "Congressional Research Service, Government Accountability Office and others",
)


def _foreignassistance(raw_root: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (Mexico rows, deflator by year) from the country summary file."""
    raw = pd.read_csv(raw_root / _FA, dtype=str, keep_default_na=False)
    unknown = set(raw["Transaction Type Name"]) - set(FA_STAGES)
    if unknown:
        raise ValueError(f"{_FA}: unexpected transaction types {sorted(unknown)}.")
    fy = raw["Fiscal Year"]
    ok = fy.str.fullmatch(r"\d{4}(tq)?")
    if not ok.all():
        raise ValueError(f"{_FA}: unexpected fiscal years {sorted(set(fy[~ok]))}.")
    frame = pd.DataFrame({
        "iso3": raw["Country Code"],
        "fiscal_year": fy.str[:4].astype(int),
        "period": np.where(fy.str.endswith("tq"), "transition_quarter", "fiscal_year"),
        "stage": raw["Transaction Type Name"].map(FA_STAGES),
        "transaction_type_name": raw["Transaction Type Name"],
        "current_usd": raw["current_amount"].astype("int64"),
        "constant_usd_fy2022": raw["constant_amount"].astype("int64"),
    })
    # Deflator: ratio current/constant over rows large enough for rounding not to matter.
    big = frame[frame["constant_usd_fy2022"].abs() >= 1_000_000].copy()
    big["ratio"] = big["current_usd"] / big["constant_usd_fy2022"]
    deflator = (big.groupby(["fiscal_year", "period"])["ratio"]
                .agg(price_index_fy2022="median", ratio_min="min", ratio_max="max",
                     rows_used="size").reset_index())
    spread = (deflator["ratio_max"] - deflator["ratio_min"]) / deflator["price_index_fy2022"]
    if (spread > 1e-4).any():
        bad = deflator.loc[spread > 1e-4, "fiscal_year"].tolist()
        raise ValueError(f"{_FA}: current/constant ratio is not one index in years {bad}.")
    mexico = frame[frame["iso3"] == "MEX"].sort_values(
        ["stage", "fiscal_year", "period"]).reset_index(drop=True)
    # FY2024 was still being reported when the file was made (Mexico obligations $1.4M).
    mexico["incomplete"] = mexico["fiscal_year"] >= 2024
    return mexico, deflator


def _cbj_basis(raw_root: Path, urls: dict[int, str]) -> dict[int, tuple[str, str]]:
    """Decide for each fiscal year whether the table is an allocation or a request."""
    import openpyxl

    book = openpyxl.load_workbook(raw_root / _CBJ_WORKBOOK, read_only=True)
    labelled = {2000 + int(m.group(1)) for name in book.sheetnames
                if (m := re.fullmatch(r"FY(\d\d) \(r\)", name.strip()))}
    book.close()
    out = {}
    for year in CBJ_YEARS:
        shared_earlier = [y for y in CBJ_YEARS if y < year and urls.get(y)
                          and urls.get(y) == urls.get(year)]
        if year in labelled:
            out[year] = ("request", "workbook sheet labelled '(r)' (request)")
        elif shared_earlier:
            out[year] = ("request", f"inferred: same CBJ PDF as FY{shared_earlier[0]}, so this "
                                    "column is that edition's request")
        elif not urls.get(year):
            out[year] = ("allocation", "assumed actual allocation (no source URL)")
        else:
            out[year] = ("allocation", "actual allocation from a later CBJ edition")
    return out


def _fa_match(fa: pd.DataFrame, year: int, total_usd: int) -> str:
    """Name the ForeignAssistance.gov Mexico stages whose total equals ``total_usd``."""
    same = fa[(fa["fiscal_year"] == year) & (fa["period"] == "fiscal_year")
              & (fa["current_usd"] == total_usd)]
    if same.empty:
        return ""
    return "; total equals ForeignAssistance.gov " + " and ".join(sorted(same["stage"]))


def _state_budget(raw_root: Path, fa: pd.DataFrame) -> pd.DataFrame:
    """Return the Mexico rows of the State budget tables, one row per year and account."""
    rows = []
    urls: dict[int, str] = {}
    parsed = {}
    for year in CBJ_YEARS:
        encoding = "ascii" if year <= 2011 else "cp1252"
        table = pd.read_csv(raw_root / _cbj_file(year), dtype=str, keep_default_na=False,
                            encoding=encoding)
        first = table.columns[0]
        url = [v for v in table[first] if v.startswith("http")]
        urls[year] = url[0] if url else ""
        mexico = table[table[first].str.strip() == "Mexico"]
        if len(mexico) != 1:
            raise ValueError(f"{_cbj_file(year)}: expected one Mexico row, found {len(mexico)}.")
        parsed[year] = (table.columns, mexico.iloc[0])
    basis = _cbj_basis(raw_root, urls)
    for year, (columns, row) in parsed.items():
        if int(row["Fiscal Year"]) != year:
            raise ValueError(f"{_cbj_file(year)}: Fiscal Year column says {row['Fiscal Year']}.")
        total = None
        amounts = {}
        for col in columns[1:]:
            text = row[col].strip().replace(",", "")
            value = 0 if text in ("-", "") else int(text)
            if col.strip() in ("Total", "All Accounts"):
                total = value
                continue
            code = cbj_account_code(col)
            if code is None:
                continue  # "Total without GHCS-State" and "Fiscal Year"
            amounts[(code, col.strip())] = value
        if total is None or sum(amounts.values()) != total:
            raise ValueError(f"{_cbj_file(year)}: Mexico accounts sum to "
                             f"{sum(amounts.values())}, total says {total}.")
        evidence = basis[year][1] + _fa_match(fa, year, total * 1000)
        for (code, label), value in amounts.items():
            rows.append({
                "fiscal_year": year, "account": code, "account_label": label,
                "agency": ACCOUNTS[code].agency, "category": ACCOUNTS[code].category,
                "amount_usd": value * 1000, "basis": basis[year][0],
                "basis_evidence": evidence, "source_pdf": urls[year],
            })
    return pd.DataFrame(rows)


def _sig_half_unit(text: str) -> float:
    """Half a unit of the last printed digit of an R-formatted number (0 if exact)."""
    match = re.fullmatch(r"-?(\d)(?:\.(\d+))?e([+-]\d+)", text)
    if not match:
        return 0.0
    decimals = len(match.group(2) or "")
    # R printed at most 2 significant figures: the rounding step is one unit in the
    # 2nd significant place even when a trailing zero was dropped ("1e+07").
    decimals = max(decimals, 1)
    return 0.5 * 10 ** (int(match.group(3)) - decimals)


def _greenbook(raw_root: Path) -> pd.DataFrame:
    import pyreadr

    frame = pyreadr.read_r(str(raw_root / _GB))["greenbook.aid"]
    mexico = frame[frame["iso3c"] == "MEX"].copy()
    if mexico.empty:
        raise ValueError(f"{_GB}: no rows with iso3c == 'MEX'.")
    current_text = mexico["current"].astype(str).str.strip()
    constant_text = mexico["constant"].astype(str).str.strip()
    half = current_text.map(_sig_half_unit)
    current = current_text.astype(float)
    constant = constant_text.astype(float)
    for label, values in (("current", current), ("constant", constant), ("bounds", half)):
        if not np.allclose(values, values.round()):
            raise ValueError(f"{_GB}: {label} amounts for Mexico are not whole dollars.")
    out = pd.DataFrame({
        "fiscal_year": mexico["year"].astype(int),
        "category": mexico["category"].astype(str),
        "agency": mexico["agency"].astype(str),
        "account": mexico["account"].astype(str),
        "account_code": mexico["account"].astype(str).map(greenbook_account_code),
        "pubrow": mexico["pubrow"].astype(str),
        "current_usd": current.round().astype("int64"),
        "constant_usd_fy2019": constant.round().astype("int64"),
        "current_rounded": current_text.str.contains("e", regex=False),
        "current_low": (current - half).round().astype("int64"),
        "current_high": (current + half).round().astype("int64"),
    })
    if out.duplicated(["fiscal_year", "agency", "account"]).any():
        raise ValueError(f"{_GB}: duplicate Mexico rows for a year, agency and account.")
    return out.sort_values(["fiscal_year", "agency", "account"]).reset_index(drop=True)


def _year_span(text: str) -> tuple[float, float]:
    if re.fullmatch(r"\d{4}", text):
        return int(text), int(text)
    if m := re.fullmatch(r"(\d{4})-(\d{4})", text):
        return int(m.group(1)), int(m.group(2))
    if m := re.fullmatch(r"pre-(\d{4})", text):
        return math.nan, int(m.group(1)) - 1
    raise ValueError(f"{_TR}: cannot read fiscal_year {text!r}.")


def _transcribed(raw_root: Path) -> pd.DataFrame:
    raw = pd.read_csv(raw_root / _TR, dtype=str, keep_default_na=False)
    expected = ["fiscal_year", "agency", "account", "amount_usd_millions", "dollars", "kind",
                "source_citation", "source_table", "note"]
    if list(raw.columns) != expected:
        raise ValueError(f"{_TR}: columns {list(raw.columns)}, expected {expected}.")
    spans = raw["fiscal_year"].map(_year_span)
    out = raw.copy()
    out.insert(0, "row", range(1, len(raw) + 1))
    out.insert(2, "year_start", pd.array([s[0] for s in spans], dtype="Int64"))
    out.insert(3, "year_end", pd.array([s[1] for s in spans], dtype="Int64"))
    out.insert(4, "single_year", [s[0] == s[1] for s in spans])
    out["amount_usd_millions"] = raw["amount_usd_millions"].astype(float)
    return out


def build(raw_root: Path, built: dict[str, Table]) -> list[Table]:
    """Build the aid tables (``built`` is not used: aid needs no other family).

    Examples
    --------
    >>> from helpers.reference.paths import raw_dir
    >>> [t.name for t in build(raw_dir(), {})][:2]  # doctest: +SKIP
    ['aid_foreignassistance_mexico', 'aid_deflator']
    """
    fa, deflator = _foreignassistance(raw_root)
    usd = "US dollars"
    stage_enum = tuple(FA_STAGES.values())
    tables = [
        Table(
            name="aid_foreignassistance_mexico",
            path="aid_foreignassistance_mexico.csv",
            title="U.S. foreign assistance to Mexico by fiscal year and stage "
                  "(ForeignAssistance.gov)",
            description=(
                "Country totals for Mexico, all U.S. agencies together (no agency or account "
                "breakdown). Obligations FY1946-, disbursements FY2001-, appropriated and "
                "planned FY2006-, President's budget requests FY2008-. Stages of the money "
                "cannot be added together. Amounts are whole dollars; constant amounts are "
                "FY2022 dollars as published. FY2024 (and probably FY2023) was still "
                "incomplete in the snapshot."
            ),
            sources=[_SRC_FA], licenses=["us-public-domain"], family=FAMILY,
            fields=[
                Field("fiscal_year", "integer", "U.S. fiscal year (Oct-Sep)", minimum=1946),
                Field("period", "string", "fiscal_year, or transition_quarter (Jul-Sep 1976)",
                      enum=("fiscal_year", "transition_quarter")),
                Field("stage", "string", "stage of the money", enum=stage_enum),
                Field("transaction_type_name", "string", "transaction type as published"),
                Field("current_usd", "integer", "amount in current dollars", unit=usd),
                Field("constant_usd_fy2022", "integer", "amount in constant FY2022 dollars",
                      unit="US dollars of FY2022"),
                Field("incomplete", "boolean", "true where the year was still being reported"),
            ],
            primary_key=["stage", "fiscal_year", "period"], frame=fa,
        ),
        Table(
            name="aid_deflator",
            path="aid_deflator.csv",
            title="Price index implied by ForeignAssistance.gov (FY2022 = 1)",
            description=(
                "current_amount / constant_amount of the ForeignAssistance.gov country summary "
                "file, median over all countries' rows with |constant| >= $1M in each year "
                "(the ratio is one index: its spread within a year is below 1e-4). Use it to "
                "put other aid figures in the same FY2022 dollars."
            ),
            sources=[_SRC_FA], licenses=["us-public-domain"], family=FAMILY,
            fields=[
                Field("fiscal_year", "integer", "U.S. fiscal year"),
                Field("period", "string", "fiscal_year or transition_quarter",
                      enum=("fiscal_year", "transition_quarter")),
                Field("price_index_fy2022", "number", "current / constant, FY2022 = 1",
                      decimals=6, minimum=0),
                Field("rows_used", "integer", "country-stage rows averaged", minimum=1),
            ],
            primary_key=["fiscal_year", "period"], frame=deflator,
        ),
        Table(
            name="aid_state_budget_mexico",
            path="aid_state_budget_mexico.csv",
            title="State Department budget tables for Mexico by account, FY2008-FY2017",
            description=(
                "Mexico row of the CBJ statistical annex 'by country and account', published "
                "in $ thousands and stored here in dollars. 'basis' says whether the year's "
                "column is an actual allocation or a request; supplementals are treated "
                "inconsistently (FY2008 leaves out the $400M Merida supplemental; FY2010 FMF "
                "appears to include the FY2009 supplemental's $260M). '-' in the source is 0."
            ),
            sources=[_SRC_CBJ], licenses=["us-public-domain"], family=FAMILY,
            fields=[
                Field("fiscal_year", "integer", "U.S. fiscal year"),
                Field("account", "string", "account code (see helpers.reference.aid_accounts)",
                      enum=tuple(ACCOUNTS)),
                Field("account_label", "string", "column header as published"),
                Field("agency", "string", "agency the account is filed under"),
                Field("category", "string", "Greenbook category",
                      enum=("Economic", "Military")),
                Field("amount_usd", "integer", "amount (published in thousands)", unit=usd,
                      minimum=0),
                Field("basis", "string", "allocation (actual) or request",
                      enum=("allocation", "request")),
                Field("basis_evidence", "string", "why the year has that basis"),
                Field("source_pdf", "string", "state.gov PDF named in the CSV", required=False),
            ],
            primary_key=["fiscal_year", "account"], frame=_state_budget(raw_root, fa),
        ),
        Table(
            name="aid_greenbook_mexico",
            path="aid_greenbook_mexico.csv",
            title="U.S. obligations to Mexico by agency and account (USAID Greenbook)",
            description=(
                "Obligations by fiscal year of obligation, FY1946-FY2019. ROUNDING CAVEAT: the "
                "packaging script stored every value through R format(x, digits = 2), so "
                "values printed in scientific notation (most of those >= $10M) are rounded to "
                "two significant figures; 'current_rounded' flags them and current_low and "
                "current_high bound the true value (half a unit in the 2nd significant place). "
                "constant_usd_fy2019 is in FY2019 dollars."
            ),
            sources=[_SRC_GB], licenses=["us-public-domain"], family=FAMILY,
            fields=[
                Field("fiscal_year", "integer", "U.S. fiscal year of obligation"),
                Field("category", "string", "Greenbook category",
                      enum=("Economic", "Military")),
                Field("agency", "string", "U.S. agency"),
                Field("account", "string", "account as published"),
                Field("account_code", "string", "short code (helpers.reference.aid_accounts)"
                      " or empty",
                      required=False),
                Field("pubrow", "string", "Greenbook publication row"),
                Field("current_usd", "integer", "obligations, current dollars", unit=usd),
                Field("constant_usd_fy2019", "integer",
                      "obligations, FY2019 dollars (rounded like current_usd, more often)",
                      unit="US dollars of FY2019"),
                Field("current_rounded", "boolean",
                      "true if current_usd was stored with 2 significant figures"),
                Field("current_low", "integer", "lower bound of current_usd", unit=usd),
                Field("current_high", "integer", "upper bound of current_usd", unit=usd),
            ],
            primary_key=["fiscal_year", "agency", "account"], frame=_greenbook(raw_root),
        ),
        Table(
            name="aid_transcribed",
            path="aid_transcribed.csv",
            title="Figures on U.S. aid to Mexico transcribed from CRS, GAO and other texts",
            description=(
                "One row per figure read, with its citation. fiscal_year is text: single "
                "years, spans such as 2008-2015 (cumulative or averages: read the account "
                "and note) and pre-2009. Never add multi-year rows to single-year ones."
            ),
            sources=[_SRC_TR], licenses=["us-public-domain"], family=FAMILY,
            fields=[
                Field("row", "integer", "row number in the transcription", minimum=1),
                Field("fiscal_year", "string", "fiscal year or span as written"),
                Field("year_start", "integer", "first fiscal year (empty for 'pre-')",
                      required=False),
                Field("year_end", "integer", "last fiscal year"),
                Field("single_year", "boolean", "true if the figure is for one fiscal year"),
                Field("agency", "string", "agency as given by the source"),
                Field("account", "string", "account or programme as given by the source"),
                Field("amount_usd_millions", "number", "amount", unit="millions of US dollars",
                      decimals=3),
                Field("dollars", "string", "current or constant", enum=("current", "constant")),
                Field("kind", "string", "stage of the money",
                      enum=("requested", "appropriated", "obligated", "disbursed")),
                Field("source_citation", "string", "where the figure was read"),
                Field("source_table", "string", "part of the source"),
                Field("note", "string", "caveats", required=False),
            ],
            primary_key=["row"], frame=_transcribed(raw_root),
        ),
    ]
    return tables
