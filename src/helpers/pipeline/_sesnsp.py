"""Readers for SESNSP crime statistics (H4, H5, H6).

* H5 — old methodology, presumed *homicidio doloso* crimes (cases) by state and
  month, 1997-01 to 2014-12 (SESNSP Excel release of December 2014).
* H4 — new methodology, victims of *homicidio doloso* and of *feminicidio* by
  state and month, 2015-01 to 2025-06 (cut of June 2025).
* H6 — old methodology, victims of *homicidio doloso* by state and month,
  2014-01 to 2016-03 (compiled by D. Valle-Jones).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from helpers.pipeline.core import RawFile
from helpers.reference.states import STATE_CODES

CASES_FILE = "homicides/sesnsp_fuero_comun_estatal_1997_2014/IncidenciaDelictivaEstatal.xlsx"
VICTIMS_FILE = ("homicides/sesnsp_victimas_estatal_2015_2025/"
                "db_victimas_delitos_ent_long.csv.bz2")
OLD_VICTIMS_FILE = "homicides/sesnsp_victimas_estatal_2014_2016/states.json"

RAW_FILES: list[RawFile] = [
    RawFile(CASES_FILE, "5b5306d943a36248385f6fdd95aa1d7e1a4f90af69f5a4e87564e06dee080d1c"),
    RawFile(VICTIMS_FILE, "9a27abb9322d590dbfdbb758fd9525336501bf66ffd2b4ce908064b77a07d86c"),
    RawFile(OLD_VICTIMS_FILE, "f215f3dfb697186532c9958fc3505ebf1ef2e9f782574c9c21a06353f6076236"),
]

_MONTHS = ["ENERO", "FEBRERO", "MARZO", "ABRIL", "MAYO", "JUNIO", "JULIO", "AGOSTO",
           "SEPTIEMBRE", "OCTUBRE", "NOVIEMBRE", "DICIEMBRE"]
#: H5 spells states in upper case without accents, in INEGI order.
_H5_NAMES = [
    "AGUASCALIENTES", "BAJA CALIFORNIA", "BAJA CALIFORNIA SUR", "CAMPECHE", "COAHUILA",
    "COLIMA", "CHIAPAS", "CHIHUAHUA", "DISTRITO FEDERAL", "DURANGO", "GUANAJUATO", "GUERRERO",
    "HIDALGO", "JALISCO", "MEXICO", "MICHOACAN", "MORELOS", "NAYARIT", "NUEVO LEON", "OAXACA",
    "PUEBLA", "QUERETARO", "QUINTANA ROO", "SAN LUIS POTOSI", "SINALOA", "SONORA", "TABASCO",
    "TAMAULIPAS", "TLAXCALA", "VERACRUZ", "YUCATAN", "ZACATECAS",
]
H5_CODES = dict(zip(_H5_NAMES, STATE_CODES, strict=True))

#: ``subtipo_de_delito`` values of H4 kept, and the series each becomes.
VICTIM_SUBTYPES = {"Homicidio doloso": "sesnsp_victims", "Feminicidio": "sesnsp_feminicide"}


def _complete(frame: pd.DataFrame, label: str, months: int) -> None:
    counts = frame.groupby("cve_ent").size()
    if set(counts.index) != set(STATE_CODES) or (counts != months).any():
        raise ValueError(f"{label}: expected {months} months for each of the 32 states.")


def read_cases(raw_root: Path) -> pd.DataFrame:
    """Return H5 *homicidio doloso* crimes: ``cve_ent``, ``year``, ``month``, ``homicides``.

    Blank month cells are zeros (checked: months always add up to ``TOTAL AÑO``).

    Examples
    --------
    >>> from helpers.reference.paths import raw_dir
    >>> read_cases(raw_dir()).query("year == 2014")["homicides"].sum()  # doctest: +SKIP
    15649
    """
    raw = pd.read_excel(raw_root / CASES_FILE)
    rows = raw[(raw["MODALIDAD"] == "HOMICIDIOS") & (raw["TIPO"] == "DOLOSOS")].copy()
    unknown = set(rows["ENTIDAD"]) - set(H5_CODES)
    if unknown:
        raise ValueError(f"{CASES_FILE}: unknown state names {sorted(unknown)}.")
    months = rows[_MONTHS].apply(lambda col: pd.to_numeric(col, errors="coerce")).fillna(0)
    if not (months.sum(axis=1) == rows["TOTAL AÑO"]).all():
        raise ValueError(f"{CASES_FILE}: monthly homicide counts do not add up to TOTAL AÑO.")
    months.columns = range(1, 13)
    months["cve_ent"] = rows["ENTIDAD"].map(H5_CODES)
    months["year"] = rows["AÑO"].astype("int64")
    long = months.melt(id_vars=["cve_ent", "year"], var_name="month", value_name="homicides")
    out = (long.groupby(["cve_ent", "year", "month"], as_index=False)["homicides"].sum()
           .astype({"month": "int64", "homicides": "int64"}))
    _complete(out, CASES_FILE, 18 * 12)
    return out


def read_victims(raw_root: Path) -> pd.DataFrame:
    """Return H4 victims: ``series``, ``cve_ent``, ``year``, ``month``, ``homicides``.

    ``series`` is ``sesnsp_victims`` (*homicidio doloso*) or ``sesnsp_feminicide``.

    Examples
    --------
    >>> from helpers.reference.paths import raw_dir
    >>> v = read_victims(raw_dir())  # doctest: +SKIP
    >>> v.query("series == 'sesnsp_victims' and year == 2015")["homicides"].sum()
    ... # doctest: +SKIP
    17884
    """
    raw = pd.read_csv(raw_root / VICTIMS_FILE,
                      usecols=["n_year", "n_month", "cve_ent", "subtipo_de_delito", "n_victimas"],
                      dtype={"n_month": str, "cve_ent": str})
    raw = raw[raw["subtipo_de_delito"].isin(VICTIM_SUBTYPES)]
    frame = pd.DataFrame({
        "series": raw["subtipo_de_delito"].map(VICTIM_SUBTYPES),
        "cve_ent": raw["cve_ent"],
        "year": raw["n_year"].astype("int64"),
        "month": raw["n_month"].astype("int64"),
        "homicides": raw["n_victimas"].astype("int64"),
    })
    out = frame.groupby(["series", "cve_ent", "year", "month"], as_index=False)["homicides"].sum()
    for series, part in out.groupby("series"):
        _complete(part, f"{VICTIMS_FILE} ({series})", part[["year", "month"]]
                  .drop_duplicates().shape[0])
    return out


def read_old_victims(raw_root: Path) -> pd.DataFrame:
    """Return H6 *homicidio doloso* victims: ``cve_ent``, ``year``, ``month``, ``homicides``.

    Examples
    --------
    >>> from helpers.reference.paths import raw_dir
    >>> read_old_victims(raw_dir()).query("year == 2014")["homicides"].sum()  # doctest: +SKIP
    17324
    """
    records = json.loads((raw_root / OLD_VICTIMS_FILE).read_text(encoding="utf-8"))["hd"]
    raw = pd.DataFrame(records)
    if raw["count"].isna().any():
        raise ValueError(f"{OLD_VICTIMS_FILE}: homicide records without a count.")
    dates = pd.to_datetime(raw["date"], format="%Y-%m-%d")
    out = pd.DataFrame({
        "cve_ent": raw["state_code"].map(lambda c: f"{int(c):02d}"),
        "year": dates.dt.year.astype("int64"),
        "month": dates.dt.month.astype("int64"),
        "homicides": raw["count"].astype("int64"),
    }).sort_values(["cve_ent", "year", "month"]).reset_index(drop=True)
    _complete(out, OLD_VICTIMS_FILE, 27)
    return out
