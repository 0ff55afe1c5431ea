"""Readers for INEGI death microdata by date of occurrence (Gargiulo, Aburto & Floridi).

H3: state × month, 2000–2022 (2024 release). H7: municipality × month,
2000–2021 (February 2023 release). Only the counts are used; the authors'
``pop_est`` and ``homicide_rate`` are dropped (CONAPO population is used instead).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.pipeline.core import RawFile
from helpers.reference.states import STATE_CODES

STATE_FILE = ("homicides/gargiulo_inegi_state_month_2000_2022/"
              "mexico-state-month-homicide-rates-2000-2022.csv")
MUNI_FILE = ("homicides/gargiulo_inegi_muni_month_2000_2021/"
             "mexico-muni-month-homicide-rates-2000-2021.csv.gz")

RAW_FILES: list[RawFile] = [
    RawFile(STATE_FILE, "12f5dc13222118ffe0df535bf46ffdfbe645b5683740a2b70636e57c786961c3"),
    RawFile(MUNI_FILE, "502f870ff22b465a1af312df8095679c91f857e64ba8f5d8ec30fed99c865333"),
]

STATE_YEARS = range(2000, 2023)
MUNI_YEARS = range(2000, 2022)


def read_state_month(raw_root: Path) -> pd.DataFrame:
    """Return H3 counts: ``cve_ent``, ``year``, ``month``, ``homicides``.

    Raises
    ------
    ValueError
        If any state-month of 2000–2022 is missing or duplicated.

    Examples
    --------
    >>> from helpers.reference.paths import raw_dir
    >>> len(read_state_month(raw_dir()))  # doctest: +SKIP
    8832
    """
    raw = pd.read_csv(raw_root / STATE_FILE, sep="|", dtype={"cve_ent": str},
                      usecols=["cve_ent", "year", "month", "homicides"])
    frame = raw.astype({"year": "int64", "month": "int64", "homicides": "int64"})
    expected = len(STATE_CODES) * len(STATE_YEARS) * 12
    if (len(frame) != expected or frame.duplicated(["cve_ent", "year", "month"]).any()
            or set(frame["cve_ent"]) != set(STATE_CODES)):
        raise ValueError(f"{STATE_FILE}: expected {expected} distinct state-months.")
    return frame.sort_values(["cve_ent", "year", "month"]).reset_index(drop=True)


def read_muni_month(raw_root: Path) -> pd.DataFrame:
    """Return H7 counts: ``cvegeo``, ``year``, ``month``, ``homicides``, ``pop_est``.

    ``pop_est`` (the authors' census interpolation) is kept only to find the
    municipalities that did not exist at the 2000 census (it is empty for them)
    and their parents; it is never used as a denominator.

    Examples
    --------
    >>> from helpers.reference.paths import raw_dir
    >>> read_muni_month(raw_dir())["cvegeo"].nunique()  # doctest: +SKIP
    2467
    """
    raw = pd.read_csv(raw_root / MUNI_FILE, sep="|", dtype={"ent_mun": str},
                      usecols=["ent_mun", "year", "month", "homicides", "pop_est"])
    frame = pd.DataFrame({
        "cvegeo": raw["ent_mun"],
        "year": raw["year"].astype("int64"),
        "month": raw["month"].astype("int64"),
        "homicides": raw["homicides"].astype("int64"),
        "pop_est": raw["pop_est"],
    })
    if frame.duplicated(["cvegeo", "year", "month"]).any():
        raise ValueError(f"{MUNI_FILE}: duplicated municipality-months.")
    if set(frame["year"]) != set(MUNI_YEARS):
        raise ValueError(f"{MUNI_FILE}: expected years {MUNI_YEARS.start}–{MUNI_YEARS.stop - 1}.")
    return frame.sort_values(["cvegeo", "year", "month"]).reset_index(drop=True)
