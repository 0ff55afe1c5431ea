"""Reader for the national INEGI-vs-SESNSP comparison table (H8, 1990–2017).

Compiled by Diego Valle-Jones from INEGI and SESNSP; used only as an
independent cross-check of the national series the pipeline builds.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.pipeline.core import RawFile

FILE = "homicides/sesnsp_inegi_nacional_1990_2017/table-inegi-sesnsp.csv"
RAW_FILES: list[RawFile] = [
    RawFile(FILE, "e2c3743463d9d5c2665f3de969364ac727a69175f59b005ea7ff4ff3b2d383c5"),
]

#: Column position in H8 → reference name.
COLUMNS = {
    2: "h8_inegi_registration",
    4: "h8_sesnsp_victims",
    5: "h8_sesnsp_feminicide",
    8: "h8_sesnsp_victims_old",
    9: "h8_sesnsp_cases",
}


def read_reference(raw_root: Path) -> pd.DataFrame:
    """Return H8 national counts in long form: ``year``, ``reference``, ``homicides``.

    Examples
    --------
    >>> from helpers.reference.paths import raw_dir
    >>> r = read_reference(raw_dir())  # doctest: +SKIP
    >>> r.query("reference == 'h8_inegi_registration' and year == 2010")["homicides"].item()
    ... # doctest: +SKIP
    25757
    """
    raw = pd.read_csv(raw_root / FILE, skiprows=2, nrows=31, header=None)
    if raw[0].astype(int).tolist() != list(range(1990, 2021)):
        raise ValueError(f"{FILE}: expected one row per year 1990–2020.")
    parts = []
    for column, name in COLUMNS.items():
        values = pd.to_numeric(raw[column], errors="coerce")
        keep = values.notna()
        parts.append(pd.DataFrame({
            "year": raw.loc[keep, 0].astype("int64"),
            "reference": name,
            "homicides": values[keep].astype("int64"),
        }))
    return pd.concat(parts, ignore_index=True)
