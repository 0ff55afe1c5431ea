"""Build both editions of the book, as ``make book`` does: English and Spanish side by side.

Each edition executes its chapters in its own kernel (the Spanish one with
``KINGPIN_LANG=es``, so charts and maps draw Spanish labels) and keeps its own
execution cache. Run one after the other, the Spanish edition added 65-80% to a
clean build; a build spends most of its time waiting on one kernel, so the two
run at once, each on its own core, and the Spanish edition adds only what the
machine cannot overlap. ``make bench`` prints the three times (English alone,
Spanish alone, both).

Steps: guard the English execution cache (:mod:`booktools.cache_guard`; the
Spanish build guards its own), ``jupyter-book clean``, start the English build
(``-W -n --keep-going``) and the Spanish build (:func:`booktools.i18n_build.build`
without publishing), wait for both, then copy the Spanish site into
``_build/html/es``, only once the English site is complete, so no English
build step ever sees a half-copied Spanish folder. Each build's log goes to
``_build/logs/<lang>.log``; a failed build prints its warnings and last lines.

``python -m booktools.book_build [--path-output DIR] [--sequential]``
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from booktools.cache_guard import guard
from helpers.reference.paths import REPO_ROOT

BIN = Path(sys.executable).parent
#: Flags of a strict build: warnings are errors, references are checked.
STRICT = ("-W", "-n", "--keep-going")
_PROBLEM = re.compile(r"\bWARNING\b(?!.*running over TCP)|\bERROR\b|Traceback")


@dataclass(frozen=True)
class EditionBuild:
    """How one edition's build ended."""

    lang: str
    returncode: int
    seconds: float
    log: str


@dataclass(frozen=True)
class BooksBuild:
    """Both editions' builds, and where the site is."""

    editions: tuple[EditionBuild, ...]
    seconds: float
    html: Path

    @property
    def returncode(self) -> int:
        """0 if every edition built; otherwise the first failure's status."""
        return next((e.returncode for e in self.editions if e.returncode), 0)

    @property
    def log(self) -> str:
        """The editions' logs, one after the other."""
        return "\n".join(f"--- {e.lang} edition ---\n{e.log}" for e in self.editions)


def summary(build: BooksBuild) -> str:
    """Return one line per edition and one for the whole build.

    Examples
    --------
    >>> en = EditionBuild("en", 0, 100.0, "")
    >>> es = EditionBuild("es", 1, 110.0, "")
    >>> print(summary(BooksBuild((en, es), 111.0, Path("_build/html"))))
    en edition: built in 100 s
    es edition: FAILED in 110 s
    the whole build: 111 s
    """
    lines = [f"{e.lang} edition: {'built' if e.returncode == 0 else 'FAILED'} in {e.seconds:.0f} s"
             for e in build.editions]
    return "\n".join([*lines, f"the whole build: {build.seconds:.0f} s"])


def _problems(log: str, tail: int = 25) -> str:
    lines = log.splitlines()
    flagged = [x for x in lines if _PROBLEM.search(x)][:40]
    return "\n".join(flagged + ["..."] + lines[-tail:])


#: What a clean build removes under ``_build`` (execution caches stay).
CLEANED = ("html", "jupyter_execute", ".doctrees", "logs", "es/html", "es/jupyter_execute",
           "es/.doctrees")


def clean(build_dir: Path) -> list[Path]:
    """Remove the previous build's pages and doctrees, keeping both execution caches.

    ``jupyter-book clean`` would also delete ``_build/es``, the Spanish edition's
    execution cache with it, so every build re-executed every Spanish chapter.

    Examples
    --------
    >>> import tempfile
    >>> build = Path(tempfile.mkdtemp())
    >>> for folder in ("html/x", ".jupyter_cache", "es/html", "es/.jupyter_cache"):
    ...     (build / folder).mkdir(parents=True)
    >>> [p.relative_to(build).as_posix() for p in clean(build)]
    ['html', 'es/html']
    >>> sorted(p.name for p in build.rglob(".jupyter_cache"))
    ['.jupyter_cache', '.jupyter_cache']
    """
    removed = [build_dir / name for name in CLEANED if (build_dir / name).exists()]
    for folder in removed:
        shutil.rmtree(folder)
    return removed


def _start(command: list[str], log: Path, env: dict[str, str], cwd: Path) -> subprocess.Popen:
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as handle:
        return subprocess.Popen(command, cwd=cwd, env=env, stdout=handle,
                                stderr=subprocess.STDOUT, text=True)


def _wait(running: dict[str, tuple[subprocess.Popen, float, Path]],
          results: dict[str, EditionBuild]) -> None:
    """Wait for every running build, recording each one's time as it ends."""
    while running:
        for lang, (process, began, log) in list(running.items()):
            if process.poll() is not None:
                results[lang] = EditionBuild(lang, process.returncode,
                                             time.perf_counter() - began,
                                             log.read_text(encoding="utf-8"))
                del running[lang]
        time.sleep(0.2)


def build_editions(root: Path = REPO_ROOT, path_output: Path | None = None, *,
                   sequential: bool = False, quiet: bool = False) -> BooksBuild:
    """Build the English and the Spanish edition strictly, at once, into one site.

    Parameters
    ----------
    root : pathlib.Path
        The book's sources.
    path_output : pathlib.Path, optional
        The folder that gets ``_build`` (default: ``root``), as
        ``jupyter-book build --path-output``.
    sequential : bool
        Build the Spanish edition after the English one (to measure each alone).
    quiet : bool
        Print nothing (the caller reads :attr:`BooksBuild.log`).

    Returns
    -------
    BooksBuild
        Each edition's status, time and log; the site is ``<path_output>/_build/html``
        with the Spanish edition in its ``es/`` folder (copied only if both built).
    """
    from booktools import i18n_build

    out = (path_output or root).resolve()
    build_dir = out / "_build"
    env = dict(os.environ, KINGPIN_STATIC_WIDGETS="1")
    env.pop("KINGPIN_LANG", None)
    cache = build_dir / ".jupyter_cache"
    if guard(cache, root) and not quiet:
        print(f"book_build: helpers, data or settings changed; cleared {cache}")
    clean(build_dir)
    work = build_dir / "es"
    commands = {
        "en": [str(BIN / "jupyter-book"), "build", str(root), "--path-output", str(out), *STRICT],
        "es": [str(BIN / "python"), "-m", "booktools.i18n_build", "build", "--root", str(root),
               "--work", str(work), "--no-publish"],
    }
    start = time.perf_counter()
    results: dict[str, EditionBuild] = {}
    running: dict[str, tuple[subprocess.Popen, float, Path]] = {}
    for lang, command in commands.items():
        log = build_dir / "logs" / f"{lang}.log"
        running[lang] = (_start(command, log, env, root), time.perf_counter(), log)
        if sequential:
            _wait(running, results)
    _wait(running, results)
    total = time.perf_counter() - start
    build = BooksBuild(tuple(results[lang] for lang in commands), total, build_dir / "html")
    if build.returncode == 0:
        i18n_build.publish(work / "html", build_dir / "html" / "es")
    if not quiet:
        for edition in build.editions:
            if edition.returncode:
                print(f"--- {edition.lang} edition FAILED; warnings and last lines of its log "
                      f"({build_dir / 'logs' / (edition.lang + '.log')}):\n"
                      f"{_problems(edition.log)}")
        print(summary(build))
        if build.returncode == 0:
            print(f"open {build.html / 'index.html'} (Spanish: {build.html / 'es' / 'index.html'})")
    return build


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m booktools.book_build [--path-output DIR] [--sequential]``."""
    parser = argparse.ArgumentParser(prog="python -m booktools.book_build",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--path-output", type=Path, help="folder that gets _build (default: .)")
    parser.add_argument("--sequential", action="store_true",
                        help="build Spanish after English (slower; to time each alone)")
    args = parser.parse_args(argv)
    return build_editions(path_output=args.path_output, sequential=args.sequential).returncode


if __name__ == "__main__":
    sys.exit(main())
