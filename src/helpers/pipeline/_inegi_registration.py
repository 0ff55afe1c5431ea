"""Reader for INEGI "Defunciones por homicidio" by year of registration (H1, 1990–2015).

Each raw file is INEGI's OLAP export for one registration year: a national
``Total`` row, one row per state of occurrence (code written as an Excel
formula ``=CONCATENAR(0,16)``), municipality rows (`` 16 006 ``), and a code-33
block "Extranjero" for deaths abroad or in an unknown place.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers.pipeline.core import RawFile
from helpers.reference.states import STATE_CODES

FOLDER = "homicides/inegi_defunciones_homicidio_registro_1990_2015"
YEARS = range(1990, 2016)

_SHA256 = {
    1990: "584d1201ed2c6acf914cca01da678cb97232bcbdd2853fb966d02d7df06fbd74",
    1991: "6782bd618d4d2a97a9f81ad6bc3843c25de6dfc4162d3bf4548e783a5bb251d0",
    1992: "c29fb21d8a16c0603818e321610809a404e263e4034d3ac23e6f53af03b2a867",
    1993: "745fab8e322d25bcd173ab3d6dee020f535e636b439ae3da6f80e5988e99667d",
    1994: "b3d69959e448e4d7a0144a0ddb6516c69c9ced2837ee158dd5d70831f352b2ca",
    1995: "a0e29958a4a3d3a32466181ca968d2fdfed21627ab865a6ce0ebf26766673ab2",
    1996: "22dde4118e4c5591e27925bad58d749e084a53f45b85321d14b5664fe680f485",
    1997: "92e3cc6778bc978d6993e0982efc22153ff107b28af0a5493a77de97a4693c8c",
    1998: "b18f9545ae3e80b8d0371cb627ddcd165882f53419f5f91fd918a77a1162bff9",
    1999: "f630b6e2a8e54bb01b34c0a99fb1b99afede62e5bdd0935cf942fb8bc985470f",
    2000: "bafd420c5c32bd3bf54fae59ee39f7119f1de3e6450ca98a9453c84aa1bbb448",
    2001: "6d8c72d9466d99e610c2448eaeb94ca66cee81aef5d772476d25a0702dfe7402",
    2002: "58d05607bfe2629a3d641297102f0624effcb409d778e7b551131e55c2f755fc",
    2003: "7041eea8ba0d0f39b0c628874de43264d38fd8b6c3e4f94cdd6b60fc48f50562",
    2004: "ebccc01314113bfde759a0d47b29cd4799dfb43edccccadcddaaf267e1751dce",
    2005: "a0ab673e3c0ba0eb95af9e5f98ff5cbeb0d4c91955d087898ae9e8813248901b",
    2006: "66775f270bca3e13c693c6369c6f1dd1c8b49a9dbb7d324383da24ac2ebeb337",
    2007: "d4d04f41797406faa5d51d45e9c73ec48f2473766a486182745f000457c22936",
    2008: "18c38b37482e3a44ec15c957133cad32fde5f5add6b6753445a5b91e21778fde",
    2009: "066472ac590fc1ee2c965f96b4125bda12f0c25e1aa7df880c2ee346e4d891a6",
    2010: "332836e2ee4e056bf25a02aab905a2a4cae8487f7d84b4f7b74a73006c2d970e",
    2011: "249c58f23329b52eb20647780a6e517c07ccb561468bba77e4dd51c8e30c732f",
    2012: "6454c522a0a6c7b30549b62c43b050bd76eccb09c55da8557b6e49122a61ca92",
    2013: "5abfc2e23f92c7c5dc123c3d8c1e5f9cc4f352462c9e3ca22af8be05ecd70f26",
    2014: "4ac5db0543c09cbe5a8d2cd35372bbeaa4d90eee24f9978fb6f37277ec95d123",
    2015: "b771de3d07d7d896d60333cc8f2633e715459b77a816e7e3cff329db71587d5c",
}

RAW_FILES: list[RawFile] = [RawFile(f"{FOLDER}/{y}.csv", _SHA256[y]) for y in YEARS]

_STATE = re.compile(r"=CONCATENAR\(\s*0?\s*,\s*(\d+)\)")
_MUNI = re.compile(r"(\d\d) (\d\d\d)")
#: Code of INEGI's "Extranjero" block (abroad or unknown place of occurrence).
ABROAD = "33"


@dataclass
class Registration:
    """Parsed H1 files.

    Attributes
    ----------
    states : pandas.DataFrame
        ``cve_ent``, ``year``, ``homicides`` (32 states × 26 years).
    national : pandas.DataFrame
        ``year``, ``printed_total`` (INEGI's national Total row), ``not_in_states``
        (code-33 block: abroad or unknown place).
    municipalities : pandas.DataFrame
        ``cvegeo``, ``year``, ``homicides`` for rows with a known municipality
        (codes ``EE 999`` "no especificado" are left out; they stay in the state totals).
    unspecified : pandas.DataFrame
        ``cve_ent``, ``year``, ``homicides`` with unknown municipality.
    """

    states: pd.DataFrame
    national: pd.DataFrame
    municipalities: pd.DataFrame
    unspecified: pd.DataFrame


def _number(text: str) -> int:
    text = text.strip().replace(",", "")
    return int(text) if text else 0


def parse_file(path: Path, year: int) -> tuple[int, dict[str, int], dict[str, int]]:
    """Parse one registration-year file.

    Returns
    -------
    tuple
        (national printed total, {state code incl. '33': total}, {cvegeo: total}).
        Municipal keys include ``EE999`` (unspecified) and codes 33–35 (abroad).

    Raises
    ------
    ValueError
        If a row's months do not add up to its total, or the file's year or
        layout is not the expected one.

    Examples
    --------
    >>> from helpers.reference.paths import raw_dir
    >>> parse_file(raw_dir() / FOLDER / "2010.csv", 2010)[0]  # doctest: +SKIP
    25757
    """
    text = path.read_bytes().decode("cp1252")
    if f"Año de registro : {year}" not in text[:200]:
        raise ValueError(f"{path}: title block does not say 'Año de registro : {year}'.")
    rows = list(csv.reader(io.StringIO(text)))
    header = rows[5]
    if header[2:15] != ["Total", "Enero", "Febrero", "Marzo", "Abril", "Mayo", "Junio",
                        "Julio", "Agosto", "Septiembre", "Octubre", "Noviembre", "Diciembre"]:
        raise ValueError(f"{path}: unexpected header {header}.")
    printed: int | None = None
    states: dict[str, int] = {}
    munis: dict[str, int] = {}
    for row in rows[6:]:
        if len(row) < 15:
            continue
        code = row[0].strip()
        total = _number(row[2])
        months = sum(_number(v) for v in row[3:15])
        if months != total:
            raise ValueError(f"{path}: months of row {row[:2]} sum to {months}, not {total}.")
        if code == "" and row[1] == "Total":
            printed = total
        elif match := _STATE.fullmatch(code):
            states[f"{int(match.group(1)):02d}"] = total
        elif match := _MUNI.fullmatch(code):
            munis[match.group(1) + match.group(2)] = total
        else:
            raise ValueError(f"{path}: unexpected geographic code {row[0]!r}.")
    if printed is None:
        raise ValueError(f"{path}: no national Total row.")
    return printed, states, munis


def read_registration(raw_root: Path) -> Registration:
    """Read and check every H1 file.

    Checks that the 32 states plus the code-33 block equal INEGI's printed
    national total, and that municipalities sum to their state.

    Examples
    --------
    >>> from helpers.reference.paths import raw_dir
    >>> read_registration(raw_dir()).national.set_index("year").loc[2010, "printed_total"]
    ... # doctest: +SKIP
    25757
    """
    state_rows, national_rows, muni_rows, unspecified_rows = [], [], [], []
    for year in YEARS:
        path = raw_root / FOLDER / f"{year}.csv"
        printed, states, munis = parse_file(path, year)
        if set(states) - {ABROAD} != set(STATE_CODES):
            raise ValueError(f"{path}: expected the 32 states, found {sorted(states)}.")
        if sum(states.values()) != printed:
            raise ValueError(f"{path}: states + abroad ({sum(states.values())}) differ from "
                             f"the printed national total {printed}.")
        for code in [*STATE_CODES, ABROAD]:
            inside = sum(v for k, v in munis.items()
                         if (k[:2] == code if code != ABROAD else k[:2] >= ABROAD))
            if inside != states.get(code, 0):
                raise ValueError(f"{path}: municipalities of {code} sum to {inside}, "
                                 f"not {states.get(code, 0)}.")
        national_rows.append((year, printed, states.get(ABROAD, 0)))
        state_rows.extend((code, year, states[code]) for code in STATE_CODES)
        for key, value in munis.items():
            if key[:2] >= ABROAD:
                continue
            if key.endswith("999"):
                unspecified_rows.append((key[:2], year, value))
            else:
                muni_rows.append((key, year, value))
    return Registration(
        states=pd.DataFrame(state_rows, columns=["cve_ent", "year", "homicides"]),
        national=pd.DataFrame(national_rows, columns=["year", "printed_total", "not_in_states"]),
        municipalities=pd.DataFrame(muni_rows, columns=["cvegeo", "year", "homicides"]),
        unspecified=pd.DataFrame(unspecified_rows, columns=["cve_ent", "year", "homicides"]),
    )
