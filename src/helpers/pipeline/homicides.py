"""Homicides family: INEGI and SESNSP homicide series by nation, state and municipality.

Every table keeps the source measure in a ``series`` column (see
:mod:`helpers.reference.series`); series are never spliced. Rates use CONAPO population
from the population family.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.pipeline import _inegi_occurrence as occurrence
from helpers.pipeline import _inegi_registration as registration
from helpers.pipeline import _municipal as municipal
from helpers.pipeline import _national_reference as reference
from helpers.pipeline import _sesnsp as sesnsp
from helpers.pipeline.core import Field, RawFile, Table, source
from helpers.pipeline.population import CONAPO_MUNI_SOURCE, CONAPO_STATE_SOURCE
from helpers.reference.arithmetic import annualised_rate
from helpers.reference.series import SERIES_KEYS
from helpers.reference.states import STATE_CODES

FAMILY = "homicides"

RAW_FILES: list[RawFile] = [
    *registration.RAW_FILES,
    *occurrence.RAW_FILES,
    *sesnsp.RAW_FILES,
    *reference.RAW_FILES,
]

SRC_INEGI = source(
    "INEGI, Estadísticas de mortalidad: Defunciones por homicidio (consulta interactiva), "
    "by year of registration and place of occurrence, 1990–2015",
    "https://www.inegi.org.mx/programas/mortalidad/",
    "Instituto Nacional de Estadística y Geografía (INEGI)",
)
SRC_GARGIULO = source(
    "Gargiulo, Aburto & Floridi, Monthly municipal-level homicide rates in Mexico, OSF, "
    "doi:10.17605/OSF.IO/U8DC3 (from INEGI death microdata)",
    "https://doi.org/10.17605/OSF.IO/U8DC3",
    "Maria Gargiulo, José Manuel Aburto, Ginevra Floridi (data: INEGI)",
)
SRC_SESNSP = source(
    "SESNSP, Datos abiertos de incidencia delictiva: incidencia del fuero común 1997–2014 "
    "(metodología anterior) and víctimas del fuero común 2015–2025 (nueva metodología)",
    "https://www.gob.mx/sesnsp/acciones-y-programas/datos-abiertos-de-incidencia-delictiva",
    "Secretariado Ejecutivo del Sistema Nacional de Seguridad Pública (SESNSP)",
)
SRC_SESNSP_OLD_VICTIMS = source(
    "SESNSP victims of homicidio doloso 2014–2016 (old methodology), compiled by "
    "D. Valle-Jones for crimenmexico.diegovalle.net",
    "https://github.com/diegovalle/crimenmexico.diegovalle.net",
    "SESNSP (compiled by Diego Valle-Jones)",
)
SRC_H8 = source(
    "D. Valle-Jones, national INEGI vs SESNSP homicide table 1990–2017 (new.crimenmexico)",
    "https://github.com/diegovalle/new.crimenmexico",
    "Diego Valle-Jones (data: INEGI, SESNSP)",
)
ALL_SOURCES = [SRC_INEGI, SRC_GARGIULO, SRC_SESNSP, SRC_SESNSP_OLD_VICTIMS,
               CONAPO_STATE_SOURCE]
ALL_LICENSES = ["inegi", "cc-by-4.0", "libre-uso-mx"]

CVE_ENT = Field("cve_ent", "string", "INEGI state code of the place of occurrence (INEGI) or "
                "of the prosecutor (SESNSP), '01'..'32'.", enum=STATE_CODES)
CVEGEO = Field("cvegeo", "string", "INEGI municipality key of the place of occurrence: "
               "cve_ent + 3-digit cve_mun (a parent's key also covers municipalities created "
               "later, see data/README.md).")
YEAR = Field("year", "integer", "Calendar year (of registration for inegi_registration, of "
             "occurrence for inegi_occurrence, of the case file for SESNSP).", minimum=1990)
MONTH = Field("month", "integer", "Calendar month, 1..12.", minimum=1)
SERIES = Field("series", "string", "Source measure; see helpers.reference.series.SERIES and "
               "data/README.md. Series are never spliced.", enum=SERIES_KEYS)
HOMICIDES = Field("homicides", "integer", "Count: deaths (INEGI series), victims "
                  "(sesnsp_victims*, sesnsp_feminicide) or cases (sesnsp_cases).",
                  unit="count", minimum=0)
POPULATION = Field("population", "integer", "CONAPO mid-year population of the same place "
                   "and year.", unit="persons", minimum=0)
RATE = Field("rate", "number", "homicides / population × 100,000.",
             unit="per 100,000 inhabitants per year", minimum=0)
RATE_MONTH = Field("rate_annualized", "number", "Annualised monthly rate: homicides / "
                   "population × 100,000 × (days in year / days in month).",
                   unit="per 100,000 inhabitants per year", minimum=0)
NOT_IN_STATES = Field("not_in_states", "integer", "Part of homicides with no state: deaths "
                      "that occurred abroad or in an unknown place (INEGI registration only; "
                      "0 for other series). homicides = sum of the 32 states + not_in_states.",
                      unit="count", minimum=0)


def _series_order(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    order = {k: i for i, k in enumerate(SERIES_KEYS)}
    return (frame.assign(_s=frame["series"].map(order))
            .sort_values(["_s", *keys]).drop(columns="_s").reset_index(drop=True))


def _with_rate(frame: pd.DataFrame, population: pd.DataFrame, on: list[str]) -> pd.DataFrame:
    merged = frame.merge(population, on=on, how="left", validate="many_to_one")
    if merged["population"].isna().any():
        missing = merged.loc[merged["population"].isna(), on].drop_duplicates().head()
        raise ValueError(f"No CONAPO population for {missing.to_dict('records')}.")
    merged["population"] = merged["population"].astype("int64")
    merged["rate"] = merged["homicides"] / merged["population"] * 1e5
    return merged


def _full_years(frame: pd.DataFrame) -> pd.DataFrame:
    """Sum monthly counts to years, keeping only years with all 12 months."""
    months = frame.groupby(["series", "year"])["month"].nunique()
    complete = months[months == 12].reset_index()[["series", "year"]]
    kept = frame.merge(complete, on=["series", "year"])
    return kept.groupby(["series", "cve_ent", "year"], as_index=False)["homicides"].sum()


def state_month(raw_root: Path) -> pd.DataFrame:
    """Return every monthly state series.

    Columns ``series``, ``cve_ent``, ``year``, ``month``, ``homicides``.

    Examples
    --------
    >>> from helpers.reference.paths import raw_dir
    >>> sorted(state_month(raw_dir())["series"].unique())[:2]  # doctest: +SKIP
    ['inegi_occurrence', 'sesnsp_cases']
    """
    parts = [
        occurrence.read_state_month(raw_root).assign(series="inegi_occurrence"),
        sesnsp.read_cases(raw_root).assign(series="sesnsp_cases"),
        sesnsp.read_old_victims(raw_root).assign(series="sesnsp_victims_old"),
        sesnsp.read_victims(raw_root),
    ]
    frame = pd.concat(parts, ignore_index=True)[["series", "cve_ent", "year", "month",
                                                 "homicides"]]
    return _series_order(frame, ["cve_ent", "year", "month"])


def build(raw_root: Path, built: dict[str, Table]) -> list[Table]:
    """Build the homicide tables (needs the population family's tables in ``built``).

    Examples
    --------
    >>> from helpers.reference.paths import raw_dir
    >>> from helpers.pipeline import population
    >>> pop = {t.name: t for t in population.build(raw_dir(), {})}  # doctest: +SKIP
    >>> [t.name for t in build(raw_dir(), pop)][:1]  # doctest: +SKIP
    ['homicides_state_year']
    """
    pop_state = built["population_state_year"].frame[["cve_ent", "year", "population"]]
    pop_nat = built["population_national_year"].frame[["year", "population"]]
    pop_muni = built["population_municipality_year"].frame[["cvegeo", "year", "population"]]

    reg = registration.read_registration(raw_root)
    monthly = state_month(raw_root)

    # state × year
    yearly = pd.concat([reg.states.assign(series="inegi_registration"), _full_years(monthly)],
                       ignore_index=True)
    state_year = _series_order(_with_rate(yearly, pop_state, ["cve_ent", "year"]),
                               ["cve_ent", "year"])

    # national × year: states summed, plus INEGI's code-33 block for registration
    national = state_year.groupby(["series", "year"], as_index=False)["homicides"].sum()
    national = national.merge(reg.national[["year", "not_in_states"]].assign(
        series="inegi_registration"), on=["series", "year"], how="left")
    national["not_in_states"] = national["not_in_states"].fillna(0).astype("int64")
    national["homicides"] = national["homicides"] + national["not_in_states"]
    check = national[national["series"] == "inegi_registration"].set_index("year")["homicides"]
    printed = reg.national.set_index("year")["printed_total"]
    if not check.equals(printed):
        raise ValueError("INEGI registration national totals differ from INEGI's printed totals.")
    national = _series_order(_with_rate(national, pop_nat, ["year"]), ["year"])

    # state × month with annualised rates
    month_frame = monthly.merge(pop_state, on=["cve_ent", "year"], how="left",
                                validate="many_to_one")
    month_frame["rate_annualized"] = annualised_rate(
        month_frame["homicides"], month_frame["population"], month_frame["year"],
        month_frame["month"])

    # national references: INEGI's printed totals and the H8 compilation
    refs = pd.concat([
        reg.national.rename(columns={"printed_total": "homicides"})[["year", "homicides"]]
        .assign(reference="inegi_printed_total"),
        reference.read_reference(raw_root),
    ], ignore_index=True)[["reference", "year", "homicides"]]

    # municipalities
    muni_month_raw = occurrence.read_muni_month(raw_root)
    geography = municipal.derive_parents(muni_month_raw, pop_muni)
    muni_year = municipal.municipality_year(reg.municipalities, muni_month_raw, pop_muni,
                                            geography)
    muni_month = (muni_month_raw.loc[muni_month_raw["homicides"] > 0,
                                     ["cvegeo", "year", "month", "homicides"]]
                  .reset_index(drop=True))

    inegi = ["inegi"]
    return [
        Table(
            name="homicides_state_year", path="homicides_state_year.csv",
            title="Homicides by state and year, by source series",
            description=(
                "Homicides, CONAPO population and rate per 100,000 for the 32 states, one row "
                "per series, state and year. Series: inegi_registration 1990–2015, "
                "inegi_occurrence 2000–2022, sesnsp_cases 1997–2014, sesnsp_victims_old "
                "2014–2015, sesnsp_victims and sesnsp_feminicide 2015–2024 (complete years "
                "only; 2025 months are in homicides_state_month). INEGI deaths abroad or in an "
                "unknown state are excluded."
            ),
            sources=ALL_SOURCES, licenses=ALL_LICENSES, family=FAMILY,
            fields=[SERIES, CVE_ENT, YEAR, HOMICIDES, POPULATION, RATE],
            primary_key=["series", "cve_ent", "year"], frame=state_year,
        ),
        Table(
            name="homicides_national_year", path="homicides_national_year.csv",
            title="Homicides in Mexico by year, by source series",
            description=(
                "National homicides, CONAPO population and rate per 100,000 per series and "
                "year: the sum of the 32 states plus, for inegi_registration, the deaths INEGI "
                "places abroad or in an unknown place (not_in_states), so that it reproduces "
                "the national totals INEGI prints."
            ),
            sources=ALL_SOURCES, licenses=ALL_LICENSES, family=FAMILY,
            fields=[SERIES, YEAR, HOMICIDES, NOT_IN_STATES, POPULATION, RATE],
            primary_key=["series", "year"], frame=national,
        ),
        Table(
            name="homicides_state_month", path="homicides_state_month.csv",
            title="Homicides by state and month, by source series",
            description=(
                "Monthly homicides per series and state with the CONAPO mid-year population "
                "of that year and an annualised rate: inegi_occurrence 2000-01–2022-12, "
                "sesnsp_cases 1997-01–2014-12, sesnsp_victims_old 2014-01–2016-03, "
                "sesnsp_victims and sesnsp_feminicide 2015-01–2025-06 (the 2025 months are "
                "SESNSP's cut of June 2025)."
            ),
            sources=ALL_SOURCES, licenses=ALL_LICENSES, family=FAMILY,
            fields=[SERIES, CVE_ENT, YEAR, MONTH, HOMICIDES, POPULATION, RATE_MONTH],
            primary_key=["series", "cve_ent", "year", "month"], frame=month_frame,
        ),
        Table(
            name="homicides_municipality_year", path="homicides_municipality_year.csv",
            title="Homicides by municipality and year (INEGI)",
            description=(
                "Homicides, CONAPO population and rate per 100,000 by municipality of "
                "occurrence: inegi_registration 1990–2015 and inegi_occurrence 2000–2021. "
                "Every municipality of the year's geography has a row (0 if no homicide). "
                "Municipalities created after 2000 are merged into their parent (homicides and "
                "population) in the years before the source first records a homicide in them; "
                "parents are derived from the data (see data/README.md). Deaths with an "
                "unknown municipality (INEGI code 999) are left out, so municipalities can sum "
                "to less than the state."
            ),
            sources=[SRC_INEGI, SRC_GARGIULO, CONAPO_MUNI_SOURCE],
            licenses=["inegi", "cc-by-4.0", "libre-uso-mx"], family=FAMILY,
            fields=[SERIES, CVEGEO, CVE_ENT, YEAR, HOMICIDES, POPULATION, RATE],
            primary_key=["series", "cvegeo", "year"], frame=muni_year,
        ),
        Table(
            name="homicides_municipality_month", path="homicides_municipality_month.csv",
            title="Homicides by municipality and month of occurrence, 2000–2021 (INEGI)",
            description=(
                "Monthly homicides by municipality of occurrence (series inegi_occurrence, "
                "February 2023 release), only the municipality-months with at least one "
                "homicide: a municipality-month that is absent had 0 homicides. 2,467 "
                "municipalities of the microdata's geography."
            ),
            sources=[SRC_GARGIULO], licenses=["cc-by-4.0", "inegi"], family=FAMILY,
            fields=[CVEGEO, YEAR, MONTH, HOMICIDES],
            primary_key=["cvegeo", "year", "month"], frame=muni_month,
        ),
        Table(
            name="municipality_parents", path="municipality_parents.csv",
            title="Municipalities created after 2000 and the parent each is merged into",
            description=(
                "Derived by the pipeline (helpers.pipeline._municipal): new municipalities are "
                "those without a 2000-census population in the Gargiulo et al. file or missing "
                "from it (created after 2021); each is assigned to the municipality of its "
                "state whose 2000 census population exceeds its CONAPO (today's boundaries) "
                "population by about the child's population, by weighted least squares. "
                "clear = False where another parent fits almost as well (e.g. two children of "
                "the same size)."
            ),
            sources=[SRC_GARGIULO, CONAPO_MUNI_SOURCE], licenses=["cc-by-4.0", "libre-uso-mx"],
            family=FAMILY,
            fields=[
                Field("cvegeo", "string", "INEGI key of the new municipality."),
                Field("parent", "string", "INEGI key of the municipality it is merged into."),
                Field("child_population", "integer", "CONAPO population of the new "
                      "municipality in 2000 (today's boundaries).", unit="persons", minimum=0),
                Field("parent_excess", "integer", "Parent's 2000 census population (Gargiulo "
                      "et al. pop_est) minus its CONAPO 2000 population scaled by the state's "
                      "median census/CONAPO ratio.", unit="persons"),
                Field("clear", "boolean", "True if no other parent (or swap with another "
                      "child) fits the census nearly as well."),
            ],
            primary_key=["cvegeo"], frame=geography,
        ),
        Table(
            name="homicides_national_reference", path="homicides_national_reference.csv",
            title="Published national homicide totals used as cross-checks",
            description=(
                "inegi_printed_total: the national Total row INEGI prints in each "
                "registration-year file (1990–2015). h8_*: D. Valle-Jones's national table of "
                "INEGI and SESNSP series (early-2018 vintage), 1990–2017."
            ),
            sources=[SRC_INEGI, SRC_H8], licenses=[*inegi, "mit"], family=FAMILY,
            fields=[
                Field("reference", "string", "Which published figure.",
                      enum=("inegi_printed_total", *reference.COLUMNS.values())),
                YEAR,
                Field("homicides", "integer", "Published national count.", unit="count",
                      minimum=0),
            ],
            primary_key=["reference", "year"], frame=refs,
        ),
    ]
