"""Population family: CONAPO mid-year population by state and by municipality.

Tables
------
``population_state_year``
    32 states × 1990–2030, CONAPO 2023 conciliation/projections (``POB_MIT_AÑO``).
``population_national_year``
    Mexico × 1990–2030, CONAPO's national row of the same file.
``population_municipality_year``
    2,475 municipalities (today's geography) × 1990–2040, CONAPO 2024 municipal
    reconstruction/projections, which sum exactly to the state figures.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.pipeline.core import Field, RawFile, Table, source
from helpers.reference.states import STATE_CODES

FAMILY = "population"
STATE_FILE = "population/conapo_2023/5_Indicadores_demograficos_proyecciones.xlsx"
MUNI_FILE = "population/conapo_municipios_1990_2040/total.csv"

RAW_FILES: list[RawFile] = [
    RawFile(STATE_FILE, "ee297053c917c56c30aac88dddaba37d2ae6a039184094260125da2b0bdd0ba7"),
    RawFile(MUNI_FILE, "9b7fd549d1d6b7ae973e2b28649730c8fff4d479b49603491924ed269ab0aa0c"),
]

#: Years kept in the state and national tables.
STATE_YEARS = range(1990, 2031)
#: Years kept in the municipal table.
MUNI_YEARS = range(1990, 2041)

CONAPO_STATE_SOURCE = source(
    "CONAPO, Conciliación Demográfica de México 1950–2019 y Proyecciones de la Población de "
    "México y de las Entidades Federativas 2020–2070 (2023), 5_Indicadores_demográficos_"
    "proyecciones.xlsx, column POB_MIT_AÑO",
    "https://datos.gob.mx/busca/dataset/proyecciones-de-la-poblacion-de-mexico-y-de-las-"
    "entidades-federativas-2020-2070",
    "Consejo Nacional de Población (CONAPO)",
)
CONAPO_MUNI_SOURCE = source(
    "CONAPO, Reconstrucción y proyecciones de la población de los municipios de México "
    "1990–2040 (2024), summed over age groups by the mirror lapanquecita/poblacion-estimada",
    "https://www.gob.mx/conapo/documentos/reconstruccion-y-proyecciones-de-la-poblacion-de-"
    "los-municipios-de-mexico-1990-2040",
    "Consejo Nacional de Población (CONAPO)",
)

CVE_ENT = Field("cve_ent", "string", "INEGI state code, '01'..'32'.", enum=STATE_CODES)
YEAR = Field("year", "integer", "Calendar year (population at 1 July).", minimum=1990)
POPULATION = Field("population", "integer", "Mid-year (1 July) population.",
                   unit="persons", minimum=0)
CVEGEO = Field("cvegeo", "string",
               "INEGI municipality key: cve_ent (2 digits) + cve_mun (3 digits).")


def read_state_population(raw_root: Path) -> pd.DataFrame:
    """Return CONAPO mid-year population, national (``cve_ent`` '00') and states.

    Parameters
    ----------
    raw_root : pathlib.Path
        Raw folder.

    Returns
    -------
    pandas.DataFrame
        Columns ``cve_ent`` ('00' national, '01'..'32'), ``year``, ``population``
        for :data:`STATE_YEARS`.

    Examples
    --------
    >>> from helpers.reference.paths import raw_dir
    >>> read_state_population(raw_dir()).query("cve_ent == '00' and year == 2010")[
    ...     "population"].item()  # doctest: +SKIP
    114756059
    """
    raw = pd.read_excel(raw_root / STATE_FILE, usecols=["AÑO", "CVE_GEO", "POB_MIT_AÑO"])
    frame = pd.DataFrame({
        "cve_ent": raw["CVE_GEO"].map(lambda c: f"{int(c):02d}"),
        "year": raw["AÑO"].astype("int64"),
        "population": raw["POB_MIT_AÑO"].astype("int64"),
    })
    frame = frame[frame["year"].isin(STATE_YEARS)]
    frame = frame.sort_values(["cve_ent", "year"]).reset_index(drop=True)
    expected = {"00", *STATE_CODES}
    if set(frame["cve_ent"]) != expected or len(frame) != 33 * len(STATE_YEARS):
        raise ValueError(f"{STATE_FILE}: expected national + 32 states for every year "
                         f"{STATE_YEARS.start}–{STATE_YEARS.stop - 1}.")
    states = frame[frame["cve_ent"] != "00"].groupby("year")["population"].sum()
    national = frame[frame["cve_ent"] == "00"].set_index("year")["population"]
    if not states.equals(national):
        raise ValueError(f"{STATE_FILE}: the 32 states do not sum to the national row.")
    return frame


def read_municipal_population(raw_root: Path) -> pd.DataFrame:
    """Return CONAPO municipal mid-year population in long form.

    Returns
    -------
    pandas.DataFrame
        Columns ``cvegeo``, ``cve_ent``, ``year``, ``population`` for :data:`MUNI_YEARS`.

    Examples
    --------
    >>> from helpers.reference.paths import raw_dir
    >>> len(read_municipal_population(raw_dir()))  # doctest: +SKIP
    126225
    """
    wide = pd.read_csv(raw_root / MUNI_FILE, dtype={"CVE": str})
    years = [str(y) for y in MUNI_YEARS]
    long = wide.melt(id_vars=["CVE"], value_vars=years, var_name="year",
                     value_name="population")
    frame = pd.DataFrame({
        "cvegeo": long["CVE"],
        "cve_ent": long["CVE"].str[:2],
        "year": long["year"].astype("int64"),
        "population": long["population"].astype("int64"),
    })
    if not frame["cvegeo"].str.fullmatch(r"\d{5}").all():
        raise ValueError(f"{MUNI_FILE}: municipality keys must have five digits.")
    return frame.sort_values(["cvegeo", "year"]).reset_index(drop=True)


def build(raw_root: Path, built: dict[str, Table]) -> list[Table]:
    """Build the population tables.

    Examples
    --------
    >>> from helpers.reference.paths import raw_dir
    >>> [t.name for t in build(raw_dir(), {})]  # doctest: +SKIP
    ['population_state_year', 'population_national_year', 'population_municipality_year']
    """
    states = read_state_population(raw_root)
    muni = read_municipal_population(raw_root)
    check = muni[muni["year"].isin(STATE_YEARS)].groupby(["cve_ent", "year"])["population"].sum()
    state_pop = states[states["cve_ent"] != "00"].set_index(["cve_ent", "year"])["population"]
    if not check.sort_index().equals(state_pop.sort_index()):
        raise ValueError(f"{MUNI_FILE}: municipalities do not sum to CONAPO's state totals.")
    licence = ["libre-uso-mx"]
    return [
        Table(
            name="population_state_year",
            path="population_state_year.csv",
            title="Population by state and year, 1990–2030 (CONAPO 2023)",
            description=(
                "Mid-year (1 July) population of the 32 states. 1990–2019 are CONAPO's "
                "conciliated estimates, 2020 onward its projections (2023 revision). The "
                "national figure is in population_national_year."
            ),
            sources=[CONAPO_STATE_SOURCE], licenses=licence, family=FAMILY,
            fields=[CVE_ENT, YEAR, POPULATION], primary_key=["cve_ent", "year"],
            frame=states[states["cve_ent"] != "00"].reset_index(drop=True),
        ),
        Table(
            name="population_national_year",
            path="population_national_year.csv",
            title="Population of Mexico by year, 1990–2030 (CONAPO 2023)",
            description=(
                "Mid-year (1 July) population of Mexico: CONAPO's national row, equal to the "
                "sum of the 32 states in population_state_year."
            ),
            sources=[CONAPO_STATE_SOURCE], licenses=licence, family=FAMILY,
            fields=[YEAR, POPULATION], primary_key=["year"],
            frame=states[states["cve_ent"] == "00"].reset_index(drop=True),
        ),
        Table(
            name="population_municipality_year",
            path="population_municipality_year.csv",
            title="Population by municipality and year, 1990–2040 (CONAPO 2024)",
            description=(
                "Mid-year (1 July) population of the 2,475 municipalities in today's "
                "geography; municipalities created recently have reconstructed values back "
                "to 1990. Municipalities of each state sum exactly to population_state_year."
            ),
            sources=[CONAPO_MUNI_SOURCE], licenses=licence, family=FAMILY,
            fields=[CVEGEO, CVE_ENT, YEAR, POPULATION], primary_key=["cvegeo", "year"],
            frame=muni,
        ),
    ]
