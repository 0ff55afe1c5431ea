"""The data layer: every chapter gets its data from here, never from file paths.

Each loader reads a table of ``data/datapackage.json`` (dtypes and schema
checked on load by :mod:`helpers.data.datapackage`), filters it, and checks its
arguments. Boundaries (:func:`load_states_geo`, :func:`load_municipalities_geo`)
need geopandas, which is imported only when they are first asked for, so that
``import helpers.data`` stays light.

Examples
--------
>>> from helpers.data import load_homicides
>>> table = load_homicides(level="national", years=2010, series="inegi_registration")
>>> int(table["homicides"].iloc[0])
25757
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from helpers.data.aid import deflator, load_aid, to_constant
from helpers.data.datapackage import read_table
from helpers.data.events import (
    filter_events,
    find_person,
    load_context_timeline,
    load_kingpin_events,
)
from helpers.data.tables import (
    FREQS,
    LEVELS,
    describe_tables,
    load_homicides,
    load_municipality_parents,
    load_national_reference,
    load_population,
)
from helpers.reference.series import SERIES, Series, series_table
from helpers.reference.states import normalize_state

#: Loaders that need geopandas: imported on first use.
_LAZY = {
    "load_states_geo": "helpers.data.geo",
    "load_municipalities_geo": "helpers.data.geo",
    "INEGI_CREDIT": "helpers.data.geo",
}

__all__ = [
    "FREQS", "LEVELS", "SERIES", "Series", "series_table", "normalize_state", "read_table",
    "load_homicides", "load_population", "load_national_reference",
    "load_municipality_parents", "describe_tables", "load_kingpin_events",
    "load_context_timeline", "filter_events", "find_person", "load_aid", "deflator",
    "to_constant", *_LAZY,
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'helpers.data' has no attribute {name!r}")
