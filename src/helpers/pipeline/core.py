"""Building blocks shared by every source family of the pipeline.

A *family* module (``homicides``, ``population``, ...) declares the raw files it
reads (:class:`RawFile`, each with its SHA-256) and a ``build`` function that
returns :class:`Table` objects. The runner (:mod:`helpers.pipeline.run`)
verifies every raw file before anything is written, serialises each table
deterministically, and moves the finished set into ``data/`` only when all of
it has been built.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

#: Licences referred to by the resources, keyed by a short name.
LICENSES = {
    "inegi": {
        "name": "INEGI-free-use",
        "title": "Términos de Libre Uso de la Información del INEGI",
        "path": "https://www.inegi.org.mx/inegi/terminos.html",
    },
    "libre-uso-mx": {
        "name": "Libre-Uso-MX",
        "title": "Libre Uso MX (datos abiertos del Gobierno de México)",
        "path": "https://datos.gob.mx/libreusomx",
    },
    "cc-by-4.0": {
        "name": "CC-BY-4.0",
        "title": "Creative Commons Attribution 4.0",
        "path": "https://creativecommons.org/licenses/by/4.0/",
    },
    "us-public-domain": {
        "name": "US-Government-Work",
        "title": "U.S. Government work, public domain in the United States (17 U.S.C. 105)",
        "path": "https://www.usa.gov/government-copyright",
    },
    "mit": {
        "name": "MIT",
        "title": "MIT License",
        "path": "https://opensource.org/license/mit",
    },
}


class RawFileError(RuntimeError):
    """A raw file is missing or its bytes are not the ones the pipeline expects."""


@dataclass(frozen=True)
class RawFile:
    """A raw input, relative to the raw folder, with its expected SHA-256.

    Examples
    --------
    >>> RawFile("kingpins/kingpin_events.csv", "0" * 64).relpath
    'kingpins/kingpin_events.csv'
    """

    relpath: str
    sha256: str


def sha256_of(path: Path) -> str:
    """Return the hex SHA-256 of a file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x"
    >>> _ = p.write_bytes(b"abc")
    >>> sha256_of(p)[:12]
    'ba7816bf8f01'
    """
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify_raw_files(raw_root: Path, files: Sequence[RawFile]) -> None:
    """Check that every raw file exists and has the expected SHA-256.

    Parameters
    ----------
    raw_root : pathlib.Path
        Folder holding the raw files (``$KINGPIN_RAW_DIR`` or ``../shared/data/raw``).
    files : sequence of RawFile
        Files to check.

    Raises
    ------
    RawFileError
        Listing every missing or changed file with the hash that was expected.

    Examples
    --------
    >>> verify_raw_files(Path("."), [])
    """
    problems = []
    for raw in files:
        path = raw_root / raw.relpath
        if not path.is_file():
            problems.append(f"missing: {path} (expected sha256 {raw.sha256})")
            continue
        actual = sha256_of(path)
        if actual != raw.sha256:
            problems.append(
                f"changed: {path} has sha256 {actual}, expected {raw.sha256}"
            )
    if problems:
        raise RawFileError(
            "Raw files do not match the ones this pipeline was written for; nothing was "
            "written to data/. Point KINGPIN_RAW_DIR at the publishers' files (see "
            "data/README.md) or update the expected hash after checking the new file.\n  "
            + "\n  ".join(problems)
        )


@dataclass(frozen=True)
class Field:
    """One column of a table, as described in the data package.

    ``type`` is a Frictionless Table Schema type: ``string``, ``integer``,
    ``number``, ``boolean``, ``date`` or ``year``.
    """

    name: str
    type: str
    description: str
    unit: str | None = None
    required: bool = True
    enum: tuple[str, ...] | None = None
    minimum: float | None = None
    decimals: int = 4

    def descriptor(self) -> dict:
        """Return the Table Schema descriptor of this field."""
        out: dict = {"name": self.name, "type": self.type, "description": self.description}
        if self.unit:
            out["unit"] = self.unit
        constraints: dict = {}
        if self.required:
            constraints["required"] = True
        if self.enum:
            constraints["enum"] = list(self.enum)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if constraints:
            out["constraints"] = constraints
        return out


@dataclass
class Table:
    """A processed table (or file) ready to be written into ``data/``.

    Give either ``frame`` (written as CSV with ``fields`` as its schema) or
    ``content`` (bytes written as they are, e.g. TopoJSON).
    """

    name: str
    path: str
    title: str
    description: str
    sources: list[dict]
    licenses: list[str]
    family: str
    fields: list[Field] = field(default_factory=list)
    primary_key: list[str] = field(default_factory=list)
    frame: pd.DataFrame | None = None
    content: bytes | None = None
    fmt: str = "csv"
    mediatype: str = "text/csv"

    def to_bytes(self) -> bytes:
        """Serialise the table deterministically."""
        if self.content is not None:
            return self.content
        if self.frame is None:
            raise ValueError(f"Table {self.name!r} has neither a frame nor content.")
        return frame_to_csv_bytes(self.frame, self.fields)

    def descriptor(self, payload: bytes) -> dict:
        """Return the Data Package resource descriptor for the serialised payload."""
        out: dict = {
            "name": self.name,
            "path": self.path,
            "title": self.title,
            "description": self.description,
            "format": self.fmt,
            "mediatype": self.mediatype,
            "encoding": "utf-8",
            "bytes": len(payload),
            "hash": "sha256:" + hashlib.sha256(payload).hexdigest(),
            "sources": self.sources,
            "licenses": [LICENSES[key] for key in self.licenses],
            "pipeline": self.family,
        }
        if self.fields:
            out["profile"] = "tabular-data-resource"
            out["dialect"] = {"delimiter": ",", "header": True}
            schema: dict = {"fields": [f.descriptor() for f in self.fields]}
            if self.primary_key:
                schema["primaryKey"] = self.primary_key
            out["schema"] = schema
        return out


def frame_to_csv_bytes(frame: pd.DataFrame, fields: Sequence[Field]) -> bytes:
    r"""Serialise a frame to CSV bytes the same way every time.

    Only the described columns are written, in schema order; ``number``
    columns are rounded to each field's ``decimals``; line endings are ``\n``.

    Examples
    --------
    >>> f = [Field("a", "number", "a third", decimals=3)]
    >>> frame_to_csv_bytes(pd.DataFrame({"a": [1 / 3]}), f)
    b'a\n0.333\n'
    """
    names = [f.name for f in fields]
    missing = [c for c in names if c not in frame.columns]
    if missing:
        raise ValueError(f"Columns {missing} are described in the schema but not in the frame.")
    out = frame.loc[:, names].copy()
    for f in fields:
        if f.type == "number":
            out[f.name] = out[f.name].astype("float64").round(f.decimals)
    buffer = io.StringIO()
    out.to_csv(buffer, index=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


def source(title: str, path: str, publisher: str) -> dict:
    """Return a Data Package ``sources`` entry.

    Examples
    --------
    >>> source("Estadísticas de mortalidad", "https://www.inegi.org.mx", "INEGI")["title"]
    'Estadísticas de mortalidad'
    """
    return {"title": title, "path": path, "publisher": publisher}
