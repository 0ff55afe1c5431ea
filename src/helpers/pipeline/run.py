"""Run the pipeline: verify raw files, build every table, write ``data/`` atomically.

The output folder is the pipeline's own: it holds the files listed in its
``datapackage.json`` (written by an earlier run), that ``datapackage.json`` and the
hand-written :data:`HAND_WRITTEN` files. A run replaces the files it writes and
removes only files an earlier run listed; it refuses a folder holding any other
file (:class:`OutputFolderError`), before writing anything, so ``--out`` can never
delete or overwrite a notebook or a table it did not write.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from helpers.pipeline.core import Table, verify_raw_files

#: Source families in build order (later ones may use tables built earlier).
FAMILIES: tuple[str, ...] = ("population", "homicides", "geometry", "kingpins", "aid")

#: Families whose tables another family uses while it builds (e.g. population for rates).
NEEDS: dict[str, tuple[str, ...]] = {"homicides": ("population",)}

#: Files in data/ that people write and the pipeline never touches.
HAND_WRITTEN = ("README.md",)

PACKAGE_META = {
    "name": "kingpin-strategy-book-data",
    "title": "Data of the Kingpin Strategy teaching book",
    "description": (
        "Processed tables built by `python -m helpers.pipeline` from official Mexican and U.S. "
        "data (INEGI, SESNSP, CONAPO, U.S. Department of State, USAID) and from hand-compiled, "
        "sourced event tables. See data/README.md for credits and caveats."
    ),
    "homepage": "https://github.com/kingpin-book/kingpin-strategy-book",
    "licenses": [
        {
            "name": "CC-BY-4.0",
            "title": "Processed tables: Creative Commons Attribution 4.0; each resource keeps "
            "the terms of its publisher",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        }
    ],
}


class OutputFolderError(ValueError):
    """The output folder holds files the pipeline did not write; nothing was written."""


def _previous_paths(out: Path) -> set[str]:
    """Return the files an earlier run wrote into ``out`` (its datapackage.json lists them)."""
    package = out / "datapackage.json"
    if not package.is_file():
        return set()
    try:
        descriptor = json.loads(package.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return set()
    if not isinstance(descriptor, dict) or descriptor.get("name") != PACKAGE_META["name"]:
        return set()
    paths = {r.get("path") for r in descriptor.get("resources", []) if isinstance(r, dict)}
    return {p for p in paths if isinstance(p, str)} | {"datapackage.json"}


def check_output_folder(out: Path) -> set[str]:
    """Refuse an output folder holding files the pipeline did not write.

    Parameters
    ----------
    out : pathlib.Path
        The output folder (it need not exist yet).

    Returns
    -------
    set of str
        Paths (relative to ``out``) an earlier run wrote, which this run may
        replace or remove.

    Raises
    ------
    OutputFolderError
        If ``out`` is a file, or holds a file that is neither listed in the
        pipeline's ``datapackage.json`` there nor hand-written
        (:data:`HAND_WRITTEN`); the message names the folder and the files.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> check_output_folder(folder / "new")
    set()
    >>> _ = (folder / "notes.ipynb").write_text("{}")
    >>> check_output_folder(folder)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    helpers.pipeline.run.OutputFolderError: The output folder ... holds 1 file(s) the pipeline did not write: notes.ipynb. ...
    """  # noqa: E501
    if out.exists() and not out.is_dir():
        raise OutputFolderError(f"The output folder {out} is a file, not a folder; nothing was "
                                "written.")
    if not out.is_dir():
        return set()
    owned = _previous_paths(out)
    foreign = sorted(rel for p in out.rglob("*") if p.is_file()
                     and (rel := p.relative_to(out).as_posix()) not in owned
                     and rel not in HAND_WRITTEN)
    if foreign:
        shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5
                                         else "")
        raise OutputFolderError(
            f"The output folder {out} holds {len(foreign)} file(s) the pipeline did not write: "
            f"{shown}. The pipeline replaces and removes only the files its datapackage.json "
            "lists, so it refuses this folder; nothing was written. Give --out a new or empty "
            "folder, or move those files elsewhere."
        )
    return owned


def _family_module(name: str):
    if name not in FAMILIES:
        raise ValueError(f"Unknown pipeline family {name!r}; choose from {', '.join(FAMILIES)}.")
    return importlib.import_module(f"helpers.pipeline.{name}")


def build_tables(raw_root: Path, families: Sequence[str] = FAMILIES) -> list[Table]:
    """Verify the raw files of ``families`` and build their tables in memory.

    Parameters
    ----------
    raw_root : pathlib.Path
        Folder of raw official files.
    families : sequence of str
        Families to build, in :data:`FAMILIES` order.

    Returns
    -------
    list of Table

    Examples
    --------
    >>> build_tables(Path("."), families=[])
    []
    """
    modules = [_family_module(name) for name in families]
    verify_raw_files(raw_root, [raw for module in modules for raw in module.RAW_FILES])
    built: dict[str, Table] = {}
    tables: list[Table] = []
    for name, module in zip(families, modules, strict=True):
        started = time.perf_counter()
        new = module.build(raw_root, built)
        for table in new:
            if table.name in built:
                raise ValueError(f"Two tables are named {table.name!r}.")
            built[table.name] = table
        tables.extend(new)
        print(f"  {name:<11} {len(new):>2} tables  {time.perf_counter() - started:6.1f} s")
    return tables


def _with_needs(chosen: Sequence[str]) -> list[str]:
    """Return ``chosen`` plus the families they need (:data:`NEEDS`), in build order.

    Examples
    --------
    >>> _with_needs(["homicides", "aid"])
    ['population', 'homicides', 'aid']
    """
    wanted: set[str] = set()
    pending = list(chosen)
    while pending:
        name = pending.pop()
        if name not in wanted:
            wanted.add(name)
            pending.extend(NEEDS.get(name, ()))
    return [f for f in FAMILIES if f in wanted]


def _existing_resources(out: Path, keep_families: set[str]) -> list[dict]:
    package = out / "datapackage.json"
    if not package.exists():
        return []
    resources = json.loads(package.read_text(encoding="utf-8"))["resources"]
    return [r for r in resources if r.get("pipeline") in keep_families]


def write_data(tables: Sequence[Table], out: Path, keep: Sequence[dict] = ()) -> Path:
    """Serialise ``tables`` and the data package into ``out`` all at once.

    Everything is written to a staging folder first; files are moved into
    ``out`` only after every table has serialised, so a failure leaves ``out``
    as it was. ``out`` must hold only files the pipeline wrote
    (:func:`check_output_folder`); of those, files no longer produced are removed.

    Returns
    -------
    pathlib.Path
        The path of the written ``datapackage.json``.
    """
    previous = check_output_folder(out)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".kingpin-staging-", dir=out.parent))
    try:
        resources = list(keep)
        for resource in keep:
            target = staging / resource["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out / resource["path"], target)
        for table in tables:
            payload = table.to_bytes()
            target = staging / table.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(payload)
            resources.append(table.descriptor(payload))
        resources.sort(key=lambda r: r["name"])
        package = dict(PACKAGE_META, resources=resources)
        text = json.dumps(package, indent=2, ensure_ascii=False) + "\n"
        (staging / "datapackage.json").write_text(text, encoding="utf-8")
        produced = {r["path"] for r in resources} | {"datapackage.json"}
        for rel in sorted(produced):
            target = out / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / rel, target)
        for rel in sorted(previous - produced - set(HAND_WRITTEN)):
            (out / rel).unlink(missing_ok=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return out / "datapackage.json"


def run(raw_root: Path, out: Path, families: Sequence[str] | None = None) -> Path:
    """Rebuild ``out`` from ``raw_root``; with ``families``, rebuild only those.

    Examples
    --------
    >>> from helpers.reference.paths import raw_dir, data_dir
    >>> run(raw_dir(), data_dir())  # doctest: +SKIP
    """
    chosen = list(FAMILIES) if not families else [f for f in FAMILIES if f in families]
    unknown = set(families or ()) - set(FAMILIES)
    if unknown:
        raise ValueError(
            f"Unknown pipeline family {sorted(unknown)}; choose from {', '.join(FAMILIES)}."
        )
    if not raw_root.is_dir():
        raise FileNotFoundError(
            f"Raw data folder {raw_root} does not exist. Set KINGPIN_RAW_DIR to the folder "
            "holding the publishers' files (see data/README.md)."
        )
    # A partial run also builds, in memory only, the families the chosen ones need.
    tables = build_tables(raw_root, _with_needs(chosen))
    tables = [t for t in tables if t.family in chosen]
    keep = _existing_resources(out, set(FAMILIES) - set(chosen)) if families else []
    return write_data(tables, out, keep)
