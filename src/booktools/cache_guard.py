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
    digest = hashlib.sha256()
    for path in _files(root, entries):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def guard(cache_dir: Path, root: Path = REPO_ROOT,
          entries: Iterable[str] = DEPENDENCIES) -> bool:
    """Clear ``cache_dir`` if the dependencies changed since it was filled.

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
    stamp = cache_dir.parent / STAMP_NAME
    cleared = False
    if cache_dir.exists() and (not stamp.exists() or stamp.read_text().strip() != current):
        shutil.rmtree(cache_dir)
        cleared = True
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current + "\n")
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
