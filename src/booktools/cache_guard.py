"""Keep the notebook execution cache honest.

Jupyter Book's execution cache keys on each notebook's code only, so an edit to
``src/helpers`` or ``data/`` would otherwise leave stale outputs in the book.
:func:`guard` fingerprints everything chapters depend on besides their own
code and clears the cache when the fingerprint changes.

Run by ``make book`` as ``python -m booktools.cache_guard``.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

from helpers.reference.paths import REPO_ROOT

#: What chapter outputs depend on, besides the chapters' own code.
DEPENDENCIES: tuple[str, ...] = (
    "src/helpers", "data", "requirements.txt", "_config.yml",
    # The tooling the instructor guide imports (tests/test_cache_guard.py keeps this complete).
    "src/booktools/guide.py", "src/booktools/assignments.py",
    "src/booktools/assignments_i18n.py", "src/booktools/handgrading.py",
    "src/booktools/notebook_edition.py", "src/booktools/toc.py",
)
#: The Spanish edition's outputs also depend on its catalogues: the instructor guide
#: reads the chapters' Spanish titles and headings from them.
SPANISH_DEPENDENCIES: tuple[str, ...] = (*DEPENDENCIES, "locales")
#: Build and test tooling that chapters never import: editing it keeps the cache
#: (the modules the guide imports are listed in DEPENDENCIES).
IGNORED: tuple[str, ...] = ("src/booktools",)
STAMP_NAME = "kingpin-dependencies.sha256"
#: Pages whose outputs also depend on other pages' sources: the instructor guide counts
#: the chapters' words, cells and exercises and the assignments' questions. Only that
#: page's cached outputs are dropped when these change (the chapters' notebook
#: editions, ``*.ipynb`` under ``chapters/``, are generated from the build: left out).
PAGE_DEPENDENCIES: dict[str, tuple[str, ...]] = {
    "chapters/instructors/guide.md": ("_toc.yml", "chapters/**/*.md", "assignments/*/*.ipynb"),
}


def _files(root: Path, entries: Iterable[str]) -> list[Path]:
    files: list[Path] = []
    for entry in entries:
        path = root / entry
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(
                p for p in path.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
                and not any(p.is_relative_to(root / ignored) for ignored in IGNORED)
            )
    return sorted(files)


def fingerprint(root: Path = REPO_ROOT, entries: Iterable[str] = DEPENDENCIES) -> str:
    """Return one SHA-256 over the paths and bytes of the dependency files.

    Examples
    --------
    >>> len(fingerprint())
    64
    """
    return _digest(root, _files(root, entries))


def _digest(root: Path, files: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def page_fingerprints(root: Path = REPO_ROOT) -> dict[str, str]:
    """Return one SHA-256 per page of :data:`PAGE_DEPENDENCIES` over what it reads.

    Examples
    --------
    >>> sorted(page_fingerprints())
    ['chapters/instructors/guide.md']
    """
    return {page: _digest(root, sorted({p for pattern in patterns for p in root.glob(pattern)
                                        if p.is_file() and p != root / page}))
            for page, patterns in PAGE_DEPENDENCIES.items()}


def forget_pages(cache_dir: Path, pages: Iterable[str]) -> list[str]:
    """Drop the cached outputs of ``pages`` (paths ending so) from a jupyter-cache.

    Returns the notebook paths whose records were removed.

    Examples
    --------
    >>> import tempfile
    >>> forget_pages(Path(tempfile.mkdtemp()) / "none", ["chapters/intro.md"])
    []
    """
    pages = list(pages)
    if not pages or not cache_dir.exists():
        return []
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_dir))
    removed = []
    for record in cache.list_cache_records():
        if any(Path(record.uri).as_posix().endswith("/" + page) for page in pages):
            cache.remove_cache(record.pk)
            removed.append(record.uri)
    return removed


def _read_stamp(stamp: Path) -> tuple[str, dict[str, str]]:
    if not stamp.exists():
        return "", {}
    first, *rest = stamp.read_text().splitlines() or [""]
    pages = dict(line.split(" ", 1)[::-1] for line in rest if " " in line)
    return first.strip(), pages


def guard(cache_dir: Path, root: Path = REPO_ROOT,
          entries: Iterable[str] = DEPENDENCIES) -> bool:
    """Clear ``cache_dir`` if the dependencies changed since it was filled.

    Also drop the cached outputs of each page of :data:`PAGE_DEPENDENCIES` whose
    other sources changed (the rest of the cache is kept).

    Parameters
    ----------
    cache_dir : pathlib.Path
        Jupyter Book's execution cache (``_build/.jupyter_cache``).
    root : pathlib.Path
        Repository root.
    entries : iterable of str
        What the outputs depend on (default :data:`DEPENDENCIES`); the Spanish
        edition adds its catalogues (:data:`SPANISH_DEPENDENCIES`).

    Returns
    -------
    bool
        True if the cache was cleared.

    Examples
    --------
    >>> import tempfile
    >>> guard(Path(tempfile.mkdtemp()) / "cache")
    False
    """
    current = fingerprint(root, entries)
    pages = page_fingerprints(root)
    stamp = cache_dir.parent / STAMP_NAME
    recorded, recorded_pages = _read_stamp(stamp)
    cleared = False
    if cache_dir.exists() and recorded != current:
        shutil.rmtree(cache_dir)
        cleared = True
    changed = [page for page, value in pages.items() if recorded_pages.get(page) != value]
    for uri in forget_pages(cache_dir, changed):
        print(f"cache_guard: what {uri} reads changed; dropped its cached outputs")
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n" + "".join(f"{v} {k}\n" for k, v in pages.items()))
    return cleared


def main() -> int:
    """Command line entry point: guard ``_build/.jupyter_cache``."""
    cache_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO_ROOT / "_build/.jupyter_cache"
    if guard(cache_dir):
        print(f"cache_guard: helpers, data or settings changed; cleared {cache_dir}")
    else:
        print("cache_guard: execution cache is up to date with helpers and data")
    return 0


if __name__ == "__main__":
    sys.exit(main())
