"""The pages of the book, read from ``_toc.yml`` (one reader for tests, tools and benchmarks)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from helpers.reference.paths import REPO_ROOT


def toc_docnames(root: Path = REPO_ROOT) -> list[str]:
    """Return the docname of every page in ``_toc.yml``, root first, in reading order.

    Parameters
    ----------
    root : pathlib.Path
        Folder holding ``_toc.yml``.

    Returns
    -------
    list of str
        Docnames without suffix, e.g. ``"chapters/intro"``.

    Examples
    --------
    >>> toc_docnames()[0]
    'chapters/intro'
    """
    data = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    names = [data["root"]]

    def walk(entries: list[dict[str, Any]] | None) -> None:
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    walk(data.get("chapters"))
    for part in data.get("parts") or []:
        walk(part.get("chapters"))
    return [str(Path(n).with_suffix("")) if n.endswith((".md", ".ipynb")) else n for n in names]


def toc_sources(root: Path = REPO_ROOT) -> list[Path]:
    """Return the source file (``.md`` or ``.ipynb``) of every page that has one.

    Examples
    --------
    >>> toc_sources()[0].name
    'intro.md'
    """
    found = []
    for name in toc_docnames(root):
        for suffix in (".md", ".ipynb"):
            if (root / f"{name}{suffix}").is_file():
                found.append(root / f"{name}{suffix}")
                break
    return found
