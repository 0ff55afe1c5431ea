"""Build the student edition of the book: the same chapters, no exercise solutions.

``make book-student`` runs ``python -m booktools.student_build _build/student``.
The build

* reads the book's own ``_config.yml`` and writes a derived one,
  ``<output>/_config.student.yml``, that adds the Sphinx extension
  :mod:`booktools.student_edition` (it removes every solution) and an
  announcement banner;
* shares the execution cache of ``make book`` (``_build/.jupyter_cache``,
  guarded by :mod:`booktools.cache_guard`): the chapters are the same
  notebooks, so nothing is executed twice;
* writes the HTML to ``<output>/html`` and its doctrees to ``<output>/.doctrees``,
  leaving ``_build/html`` untouched;
* is strict like ``make book`` (warnings are errors, references are checked).
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

import yaml

from booktools.cache_guard import guard
from helpers.reference.paths import REPO_ROOT
from helpers.viz.widgets import STATIC_ENV

#: The extension that removes solutions.
EXTENSION = "booktools.student_edition"
#: Banner shown on every page of the student edition.
ANNOUNCEMENT = "Student edition: the solutions to the exercises are not included."


def student_config(base: Path, cache: Path) -> dict[str, Any]:
    """Return the book configuration for the student edition.

    Parameters
    ----------
    base : pathlib.Path
        The book's ``_config.yml``.
    cache : pathlib.Path
        Execution cache to share with the public build.

    Returns
    -------
    dict
        ``base`` with the student-edition extension, the shared cache and a banner.

    Raises
    ------
    ValueError
        If ``base`` already sets ``hide_solutions`` (it crashes on gated solutions).

    Examples
    --------
    >>> config = student_config(REPO_ROOT / "_config.yml", Path("/tmp/cache"))
    >>> "booktools.student_edition" in config["sphinx"]["extra_extensions"]
    True
    >>> config["execute"]["cache"]
    '/tmp/cache'
    """
    config = yaml.safe_load(base.read_text(encoding="utf-8")) or {}
    sphinx = config.setdefault("sphinx", {})
    if "hide_solutions" in (sphinx.get("config") or {}):
        raise ValueError(
            f"{base} sets sphinx.config.hide_solutions, which crashes on gated solutions "
            "(sphinx-exercise issue 89); remove it: the student build removes solutions itself."
        )
    extensions = list(sphinx.get("extra_extensions") or [])
    if EXTENSION not in extensions:
        extensions.append(EXTENSION)
    sphinx["extra_extensions"] = extensions
    config.setdefault("execute", {})["cache"] = str(cache)
    config.setdefault("html", {})["announcement"] = ANNOUNCEMENT
    return config


def build(output: Path, root: Path = REPO_ROOT, *, strict: bool = True) -> int:
    """Build the student edition into ``output/html``.

    Parameters
    ----------
    output : pathlib.Path
        Folder for the edition (``_build/student``); ``output/html`` is replaced.
    root : pathlib.Path
        The book's root (with ``_config.yml`` and ``_toc.yml``).
    strict : bool
        Treat warnings as errors and check references, like ``make book``.

    Returns
    -------
    int
        Sphinx's exit status (0 on success).
    """
    from jupyter_book.sphinx import build_sphinx

    output = output if output.is_absolute() else root / output
    if output.resolve() == (root / "_build").resolve():
        raise ValueError(f"{output} is the public book's folder; give a sub-folder such as "
                         "_build/student.")
    os.environ.setdefault(STATIC_ENV, "1")
    cache = root / "_build" / ".jupyter_cache"
    if guard(cache, root):
        print(f"student_build: helpers, data or settings changed; cleared {cache}")
    shutil.rmtree(output / "html", ignore_errors=True)
    shutil.rmtree(output / ".doctrees", ignore_errors=True)
    output.mkdir(parents=True, exist_ok=True)
    config_path = output / "_config.student.yml"
    config_path.write_text(yaml.safe_dump(student_config(root / "_config.yml", cache),
                                          allow_unicode=True, sort_keys=False),
                           encoding="utf-8")
    overrides: dict[str, Any] = {"external_toc_path": (root / "_toc.yml").as_posix(),
                                 "latex_individualpages": False}
    if strict:
        overrides["nitpicky"] = True
    result = build_sphinx(root, output / "html", noconfig=True, path_config=str(config_path),
                          confoverrides=overrides, builder="html", warningiserror=strict,
                          keep_going=True, freshenv=True)
    if isinstance(result, BaseException):
        print(f"student_build: the build failed: {result!r}", file=sys.stderr)
        return 1
    return int(result)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m booktools.student_build [OUTPUT]``."""
    args = sys.argv[1:] if argv is None else argv
    output = Path(args[0]) if args else Path("_build/student")
    status = build(output)
    html = (output if output.is_absolute() else REPO_ROOT / output) / "html"
    print(f"student_build: {'done' if status == 0 else 'FAILED'}; open {html / 'index.html'}")
    return status


if __name__ == "__main__":
    sys.exit(main())
