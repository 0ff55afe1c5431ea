"""The homicide series of the book: what each counts, who publishes it, which years it covers.

Series are never spliced: each table keeps them apart in a ``series`` column,
and :data:`SERIES` says what each one measures so a chapter can explain the
difference rather than hide it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from helpers.reference.i18n import tr


@dataclass(frozen=True)
class Series:
    """Description of one homicide series.

    Attributes
    ----------
    key : str
        Value of the ``series`` column.
    label : str
        Short label for legends.
    publisher_en, counts_en : str
        Who publishes the counts; what one unit of ``homicides`` is, and how it
        is dated and placed. In English, as written in this module.
    publisher, counts : str
        The same, in the reader's language (:func:`~helpers.reference.i18n.tr`).
    coverage : dict
        ``(level, freq) -> (first_year, last_year)``: the years available at
        each geographic level and frequency.
    notes : str
        Caveats to keep in mind.
    """

    key: str
    label: str
    publisher_en: str
    counts_en: str
    coverage: dict[tuple[str, str], tuple[int, int]] = field(default_factory=dict)
    notes: str = ""

    @property
    def publisher(self) -> str:
        """Who publishes the counts, in the reader's language."""
        return tr(self.publisher_en)

    @property
    def counts(self) -> str:
        """What one unit of ``homicides`` is, in the reader's language.

        Examples
        --------
        >>> SERIES["sesnsp_cases"].counts == tr(SERIES["sesnsp_cases"].counts_en)
        True
        """
        return tr(self.counts_en)


_SERIES = [
    Series(
        "inegi_registration", "INEGI, year of registration",
        "INEGI, Estadísticas de mortalidad (Defunciones por homicidio)",
        "Deaths whose death certificate records a presumed homicide, by year of registration "
        "and state (municipality) of occurrence.",
        {("national", "year"): (1990, 2015), ("state", "year"): (1990, 2015),
         ("municipality", "year"): (1990, 2015)},
        "The series INEGI itself headlines; national totals include deaths that occurred "
        "abroad or in an unknown place, state and municipal tables do not.",
    ),
    Series(
        "inegi_occurrence", "INEGI microdata, date of occurrence",
        "INEGI death microdata, aggregated by Gargiulo, Aburto & Floridi (OSF, CC BY 4.0)",
        "Deaths classified as homicide by ICD-10 cause of death, by month and year of "
        "occurrence and state (municipality) of occurrence.",
        {("national", "year"): (2000, 2022), ("state", "year"): (2000, 2022),
         ("national", "month"): (2000, 2022), ("state", "month"): (2000, 2022),
         ("municipality", "year"): (2000, 2021), ("municipality", "month"): (2000, 2021)},
        "Excludes deaths abroad or without municipality of occurrence, so it runs below "
        "INEGI's published totals, by 2–7% after 2017; late registrations are missing for the "
        "last year.",
    ),
    Series(
        "sesnsp_cases", "SESNSP cases (old methodology)",
        "SESNSP, Incidencia delictiva del fuero común (metodología anterior)",
        "Presumed crimes of homicidio doloso (intentional homicide) recorded in prosecutors' "
        "case files, by month the case was opened and state of the prosecutor; one case can "
        "have several victims.",
        {("national", "year"): (1997, 2014), ("state", "year"): (1997, 2014),
         ("national", "month"): (1997, 2014), ("state", "month"): (1997, 2014)},
        "December-2014 vintage; known reporting breaks (e.g. Tlaxcala 2007).",
    ),
    Series(
        "sesnsp_victims_old", "SESNSP victims (old methodology)",
        "SESNSP, víctimas de homicidio doloso (metodología anterior), compiled by D. Valle-Jones",
        "Victims of homicidio doloso in prosecutors' case files, by month and state.",
        {("national", "year"): (2014, 2015), ("state", "year"): (2014, 2015),
         ("national", "month"): (2014, 2016), ("state", "month"): (2014, 2016)},
        "Monthly data run from January 2014 to March 2016; only 2014 and 2015 are complete "
        "years.",
    ),
    Series(
        "sesnsp_victims", "SESNSP victims of homicidio doloso",
        "SESNSP, Víctimas de delitos del fuero común (nueva metodología)",
        "Victims of homicidio doloso (intentional homicide, excluding feminicide) in "
        "prosecutors' case files, by month and state.",
        {("national", "year"): (2015, 2024), ("state", "year"): (2015, 2024),
         ("national", "month"): (2015, 2025), ("state", "month"): (2015, 2025)},
        "Cut of June 2025: monthly data run to June 2025; yearly tables stop at 2024, the "
        "last complete year. SESNSP revises past months with every release.",
    ),
    Series(
        "sesnsp_feminicide", "SESNSP victims of feminicidio",
        "SESNSP, Víctimas de delitos del fuero común (nueva metodología)",
        "Victims of feminicidio (killing of a woman for gender reasons, as classified by the "
        "prosecutor), by month and state. Not included in sesnsp_victims.",
        {("national", "year"): (2015, 2024), ("state", "year"): (2015, 2024),
         ("national", "month"): (2015, 2025), ("state", "month"): (2015, 2025)},
        "Add it to sesnsp_victims to approach INEGI's homicide concept.",
    ),
]

#: Every series by key, in the order tables list them.
SERIES: dict[str, Series] = {s.key: s for s in _SERIES}
#: Series keys in table order.
SERIES_KEYS: tuple[str, ...] = tuple(SERIES)


def series_table() -> pd.DataFrame:
    """Return one row per series and level/frequency with its first and last year.

    Returns
    -------
    pandas.DataFrame
        Columns ``series``, ``label``, ``publisher``, ``level``, ``freq``,
        ``first_year``, ``last_year``.

    Examples
    --------
    >>> t = series_table()
    >>> t.query("series == 'inegi_registration' and level == 'state'")["first_year"].item()
    1990
    """
    rows = [
        (s.key, s.label, s.publisher, level, freq, first, last)
        for s in _SERIES
        for (level, freq), (first, last) in s.coverage.items()
    ]
    return pd.DataFrame(rows, columns=["series", "label", "publisher", "level", "freq",
                                       "first_year", "last_year"])
