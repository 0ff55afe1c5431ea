"""Read tables described in ``data/datapackage.json`` and check them on load.

The data package is the single description of every processed table: its
columns, types, units, sources and licence. :func:`read_table` reads a CSV
resource with the dtypes its schema gives and checks the schema (columns,
required values, allowed values, minimums) before returning it, so a chapter
never works on a table that drifted from its description.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers.reference.paths import data_dir

_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "float64",
    "boolean": "boolean",
    "year": "Int64",
    "date": "string",
}


class SchemaError(ValueError):
    """A processed table does not match its description in the data package."""


@lru_cache(maxsize=4)
def _package(folder: str) -> dict:
    path = Path(folder) / "datapackage.json"
    if not path.exists():
        raise FileNotFoundError(
            f"{path} not found: run `make data` to build the processed tables."
        )
    return json.loads(path.read_text(encoding="utf-8"))


def resource(name: str) -> dict:
    """Return the descriptor of resource ``name``.

    Raises
    ------
    KeyError
        Naming the resources that exist.

    Examples
    --------
    >>> resource("population_state_year")["format"]  # doctest: +SKIP
    'csv'
    """
    package = _package(str(data_dir()))
    for res in package["resources"]:
        if res["name"] == name:
            return res
    names = ", ".join(sorted(r["name"] for r in package["resources"]))
    raise KeyError(f"No resource {name!r} in the data package; available: {names}.")


def resource_path(name: str) -> Path:
    """Return the file path of resource ``name``."""
    return data_dir() / resource(name)["path"]


def validate(frame: pd.DataFrame, schema: dict, label: str) -> None:
    """Check ``frame`` against a Table Schema; raise :class:`SchemaError` if it differs.

    Examples
    --------
    >>> schema = {"fields": [{"name": "x", "type": "integer",
    ...                       "constraints": {"required": True, "minimum": 0}}]}
    >>> validate(pd.DataFrame({"x": [1, 2]}), schema, "demo")
    >>> validate(pd.DataFrame({"x": [-1]}), schema, "demo")
    Traceback (most recent call last):
    ...
    helpers.data.datapackage.SchemaError: demo: column 'x' has 1 value(s) below the minimum 0.
    """
    expected = [f["name"] for f in schema["fields"]]
    if list(frame.columns) != expected:
        raise SchemaError(f"{label}: columns {list(frame.columns)} differ from schema {expected}.")
    for spec in schema["fields"]:
        column = frame[spec["name"]]
        constraints = spec.get("constraints", {})
        if constraints.get("required") and column.isna().any():
            raise SchemaError(
                f"{label}: column {spec['name']!r} has {int(column.isna().sum())} missing "
                "value(s) but is required."
            )
        if "enum" in constraints:
            bad = set(column.dropna().unique()) - set(constraints["enum"])
            if bad:
                raise SchemaError(
                    f"{label}: column {spec['name']!r} has values {sorted(bad)} outside "
                    f"{constraints['enum']}."
                )
        if "minimum" in constraints:
            below = int((column.dropna() < constraints["minimum"]).sum())
            if below:
                raise SchemaError(
                    f"{label}: column {spec['name']!r} has {below} value(s) below the minimum "
                    f"{constraints['minimum']}."
                )
    key = schema.get("primaryKey")
    if key and frame.duplicated(subset=key).any():
        raise SchemaError(f"{label}: primary key {key} has duplicate rows.")


def read_table(name: str) -> pd.DataFrame:
    """Read CSV resource ``name`` with its schema's dtypes and validate it.

    Parameters
    ----------
    name : str
        Resource name in ``data/datapackage.json``.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> read_table("population_state_year").columns.tolist()  # doctest: +SKIP
    ['cve_ent', 'year', 'population']
    """
    res = resource(name)
    schema = res.get("schema")
    if schema is None:
        raise SchemaError(f"Resource {name!r} is not a table (format {res['format']}).")
    dtypes = {f["name"]: _DTYPES[f["type"]] for f in schema["fields"]}
    frame = pd.read_csv(data_dir() / res["path"], dtype=dtypes, keep_default_na=False,
                        na_values=[""])
    validate(frame, schema, name)
    return frame
