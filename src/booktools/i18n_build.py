"""The Spanish edition: catalogues from the English chapters, and its build (issue 19).

The English chapters are the only source. Spanish prose comes from gettext
catalogues, one per page, in ``locales/es/LC_MESSAGES/<page>.po``; labels
drawn by code come from :mod:`helpers.reference.i18n` (``KINGPIN_LANG=es``).

``make translations`` (``python -m booktools.i18n_build translations``)
    extracts the messages of every page with Sphinx's ``gettext`` builder
    (notebooks are not executed: ``{glue:text}`` roles stay in the messages as
    placeholders) into ``_build/gettext/*.pot`` and merges them into the
    catalogues with ``sphinx-intl update``: new messages arrive empty, changed
    ones fuzzy, so a translator edits only what changed. It then prints the
    table of :func:`coverage`.

``make book`` (:mod:`booktools.book_build`, beside the English build; alone:
``python -m booktools.i18n_build build``)
    builds the Spanish edition into ``_build/es/html`` and copies it to
    ``_build/html/es`` (so ``make serve``, ``make site`` and ``make publish``
    carry it, and the language switch's relative links hold), strict like the
    English build, with

    * a configuration derived from ``_config.yml`` (:func:`spanish_config`):
      ``language: es`` (the theme's words, dates and Spanish search stemming),
      the catalogues, the Spanish title and footer, ``html.baseurl`` + ``es/``;
    * ``KINGPIN_LANG=es`` for the kernels, so charts, maps and quizzes draw
      Spanish labels;
    * its own execution cache, ``_build/es/.jupyter_cache`` (jupyter-cache keys
      on a notebook's code only, and the same code gives Spanish outputs here),
      guarded by :mod:`booktools.cache_guard` like the English one.

A message with no translation shows in English; ``coverage`` says how many.
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
from typing import Any

import yaml

from booktools.cache_guard import SPANISH_DEPENDENCIES, guard
from helpers.reference.i18n import LANG_ENV
from helpers.reference.paths import REPO_ROOT
from helpers.viz.widgets import STATIC_ENV

#: Where the catalogues live (``locales/<lang>/LC_MESSAGES/<page>.po``).
LOCALES = "locales"
#: The Spanish edition's output, inside the English one (published with it).
SPANISH_HTML = "_build/html/es"
#: The Spanish edition's doctrees and execution cache.
SPANISH_WORK = "_build/es"
#: Message templates written by the gettext builder.
POT_DIR = "_build/gettext"
#: The book's title and footer in Spanish (``_config.yml`` holds the English).
TITLE = "La estrategia contra los capos: la guerra de México contra los líderes del narco, en datos"
AUTHOR = "Colaboradores del libro La estrategia contra los capos"
FOOTER = ("<p>Código: MIT. Texto y figuras: CC BY 4.0. Datos: véase el editor de cada tabla en "
          "<code>data/README.md</code> (INEGI, SESNSP, CONAPO, Departamento de Estado de "
          "EE. UU., USAID).</p>\n")

#: The chapters are the .md files; notebooks written beside them (the notebook
#: edition, Binder) are never a source of either edition.
NOT_SOURCES = ("chapters/*.ipynb", "chapters/**/*.ipynb")
#: Roles and placeholders a translation must keep exactly ({glue:text}`key`, {ref}`...`...).
_ROLE = re.compile(r"\{[a-z][\w:-]*\}`[^`]*`")
_CODE = re.compile(r"(?<![}`])`[^`]+`")
_TITLED = re.compile(r"^(\{[^}]+\})`[^`<]*<([^`>]+)>`$")


def spanish_config(base: Path, cache: Path, locales: Path) -> dict[str, Any]:
    """Return the book configuration for the Spanish edition.

    Parameters
    ----------
    base : pathlib.Path
        The book's ``_config.yml``.
    cache : pathlib.Path
        The Spanish edition's execution cache.
    locales : pathlib.Path
        The folder of the catalogues.

    Examples
    --------
    >>> config = spanish_config(REPO_ROOT / "_config.yml", Path("/tmp/c"), Path("/tmp/l"))
    >>> config["sphinx"]["config"]["language"], config["execute"]["cache"]
    ('es', '/tmp/c')
    >>> config["html"]["baseurl"].endswith("/es/")
    True
    """
    config = yaml.safe_load(base.read_text(encoding="utf-8")) or {}
    config["title"] = TITLE
    config["author"] = AUTHOR
    config.setdefault("execute", {})["cache"] = str(cache)
    html = config.setdefault("html", {})
    html["extra_footer"] = FOOTER
    if html.get("baseurl"):
        html["baseurl"] = html["baseurl"].rstrip("/") + "/es/"
    sphinx = config.setdefault("sphinx", {})
    extensions = list(sphinx.get("extra_extensions") or [])
    for extension in ("booktools.language_switch", "booktools.i18n_fixes"):
        if extension not in extensions:
            extensions.append(extension)
    sphinx["extra_extensions"] = extensions
    settings = sphinx.setdefault("config", {}) or {}
    settings.update({"language": "es", "locale_dirs": [str(locales)], "gettext_compact": False,
                     "html_search_language": "es"})
    sphinx["config"] = settings
    return config


def _write_config(config: dict[str, Any], path: Path) -> Path:
    excluded = list(config.get("exclude_patterns") or [])
    config["exclude_patterns"] = excluded + [p for p in NOT_SOURCES if p not in excluded]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _sphinx(root: Path, out: Path, doctrees: Path, config: Path, builder: str,
            strict: bool) -> int:
    from jupyter_book.sphinx import build_sphinx

    overrides: dict[str, Any] = {"external_toc_path": (root / "_toc.yml").as_posix(),
                                 "latex_individualpages": False}
    if strict:
        overrides["nitpicky"] = True
    result = build_sphinx(root, out, noconfig=True, path_config=str(config), doctreedir=doctrees,
                          confoverrides=overrides, builder=builder, warningiserror=strict,
                          keep_going=True, freshenv=True)
    if isinstance(result, BaseException):
        print(f"i18n_build: the {builder} build failed: {result!r}", file=sys.stderr)
        return 1
    return int(result)


def extract(root: Path = REPO_ROOT, out: Path | None = None, work: Path | None = None) -> int:
    """Write one ``.pot`` per page into ``_build/gettext`` (no notebook is executed).

    Parameters
    ----------
    root : pathlib.Path
        The book's root.
    out, work : pathlib.Path, optional
        Folder of the ``.pot`` files (default ``_build/gettext``) and of the
        derived configuration and doctrees (default ``_build/es``).

    Returns
    -------
    int
        Sphinx's exit status.
    """
    work = work or root / SPANISH_WORK
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    settings = config.setdefault("sphinx", {}).setdefault("config", {}) or {}
    settings.update({"gettext_compact": False, "gettext_uuid": False,
                     "gettext_location": False, "gettext_last_translator": "",
                     "gettext_language_team": ""})
    config["sphinx"]["config"] = settings
    path = _write_config(config, work / "_config.gettext.yml")
    out = out or root / POT_DIR
    shutil.rmtree(out, ignore_errors=True)
    return _sphinx(root, out, work / ".doctrees-gettext", path, "gettext", strict=False)


def update(root: Path = REPO_ROOT, lang: str = "es") -> int:
    """Merge the ``.pot`` files into ``locales/<lang>`` with ``sphinx-intl update``."""
    return subprocess.call([sys.executable, "-m", "sphinx_intl", "update", "-p",
                            str(root / POT_DIR), "-d", str(root / LOCALES), "-l", lang,
                            "-w", "0"], cwd=root)


def build(root: Path = REPO_ROOT, *, strict: bool = True, output: Path | None = None,
          work: Path | None = None, publish_to_site: bool = True) -> int:
    """Build the Spanish edition into ``_build/html/es`` (see the module's description).

    Parameters
    ----------
    root : pathlib.Path
        The book's root.
    strict : bool
        Warnings are errors and references are checked, like ``make book``.
    output, work : pathlib.Path, optional
        The HTML folder (default ``_build/html/es``: keep it ``es/`` inside the
        English edition, the language switch links there) and the folder of the
        doctrees, execution cache and derived configuration (``_build/es``).
    publish_to_site : bool
        Copy the edition into ``output`` when it built (:func:`publish`); False
        leaves it in ``<work>/html`` for the caller (:mod:`booktools.book_build`
        copies it once the English site is complete).

    Returns
    -------
    int
        Sphinx's exit status (0 on success).
    """
    work = work or root / SPANISH_WORK
    cache = work / ".jupyter_cache"
    if guard(cache, root, SPANISH_DEPENDENCIES):
        print(f"i18n_build: helpers, data, settings or catalogues changed; cleared {cache}")
    out = output or root / SPANISH_HTML
    if publish_to_site and Path(out).resolve() == (work / "html").resolve():
        raise ValueError(f"the Spanish edition's output ({out}) must not be its build folder "
                         f"({work / 'html'}): choose another --output, or --no-publish")
    for folder in ((out,) if publish_to_site else ()) + (work / "html", work / ".doctrees"):
        shutil.rmtree(folder, ignore_errors=True)
    config = _write_config(spanish_config(root / "_config.yml", cache, root / LOCALES),
                           work / "_config.es.yml")
    os.environ.setdefault(STATIC_ENV, "1")
    previous = os.environ.get(LANG_ENV)
    os.environ[LANG_ENV] = "es"
    try:
        # Sphinx writes into work/html: myst-nb puts executed outputs beside the HTML
        # folder (work/jupyter_execute), which must not land inside the English site.
        status = _sphinx(root, work / "html", work / ".doctrees", config, "html", strict)
    finally:
        if previous is None:
            os.environ.pop(LANG_ENV, None)
        else:
            os.environ[LANG_ENV] = previous
    if status == 0 and publish_to_site:
        publish(work / "html", out)
    return status


def publish(edition: Path, site: Path) -> Path:
    """Copy the built Spanish edition into the site (``_build/html/es``), replacing it.

    GitHub Pages shows the site's one ``404.html`` for any missing address,
    ``es/`` included; the edition's own copy (its ``student/`` link relative to
    ``es/``) would mislead, so it is left out. For a missing address under
    ``es/`` the site's page speaks Spanish and links into ``es/``
    (``_static/kingpin-reading.js``, with the chapter titles of ``es/genindex.html``).
    """
    if Path(site).resolve() == Path(edition).resolve():
        raise ValueError(f"the Spanish edition's output ({site}) must not be its build folder "
                         f"({edition}): choose another --output, or --no-publish")
    shutil.rmtree(site, ignore_errors=True)
    shutil.copytree(edition, site)
    (site / "404.html").unlink(missing_ok=True)
    return site


def roles(text: str) -> list[str]:
    """Return the roles and code spans of ``text`` that a translation must keep, sorted.

    Examples
    --------
    A cross-reference may get a translated title: ``{ref}`el apéndice <claims-page>```
    keeps ``{ref}`the appendix <claims-page>```'s role and target, which is what counts.

    Examples
    --------
    >>> roles("In {glue:text}`year`, see {ref}`maps` and `2010`.")
    ['`2010`', '{glue:text}`year`', '{ref}`maps`']
    >>> roles("{ref}`el apéndice <claims-page>`") == roles("{ref}`the appendix <claims-page>`")
    True
    >>> roles("{term}`OTD <DTO>`") == roles("{term}`DTO`")
    True
    """
    found = [_TITLED.sub(r"\1`\2`", role) for role in _ROLE.findall(text)]
    return sorted(found + _CODE.findall(_ROLE.sub("", text)))


@dataclass(frozen=True)
class PageCoverage:
    """Translation counts of one catalogue (one page)."""

    page: str
    messages: int
    translated: int
    fuzzy: int
    words: int
    translated_words: int

    @property
    def share(self) -> float:
        """Share of messages translated (and not fuzzy), 0 to 1."""
        return self.translated / self.messages if self.messages else 1.0


def _catalog(path: Path) -> Any:
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        return read_po(handle)


def _entries(path: Path) -> list[Any]:
    return [m for m in _catalog(path) if m.id]


def coverage(root: Path = REPO_ROOT, lang: str = "es") -> list[PageCoverage]:
    """Return the translation counts of every catalogue of ``lang``, by page.

    Examples
    --------
    >>> pages = {c.page: c for c in coverage()}
    >>> pages["chapters/appendix/glossary"].messages > 0
    True
    """
    folder = root / LOCALES / lang / "LC_MESSAGES"
    rows = []
    for path in sorted(folder.rglob("*.po")):
        entries = _entries(path)
        done = [m for m in entries if m.string and not m.fuzzy]
        rows.append(PageCoverage(
            page=path.relative_to(folder).with_suffix("").as_posix(), messages=len(entries),
            translated=len(done), fuzzy=sum(1 for m in entries if m.fuzzy),
            words=sum(len(str(m.id).split()) for m in entries),
            translated_words=sum(len(str(m.id).split()) for m in done)))
    return rows


def role_mismatches(root: Path = REPO_ROOT, lang: str = "es") -> list[str]:
    """Return the translated messages that drop or change a role or code span of their source.

    Examples
    --------
    >>> role_mismatches()
    []
    """
    folder = root / LOCALES / lang / "LC_MESSAGES"
    problems = []
    for path in sorted(folder.rglob("*.po")):
        for m in _entries(path):
            if m.string and not m.fuzzy and roles(str(m.id)) != roles(str(m.string)):
                problems.append(f"{path.relative_to(folder)}: {str(m.id)[:60]!r}: "
                                f"{roles(str(m.id))} != {roles(str(m.string))}")
    return problems


def coverage_table(rows: list[PageCoverage]) -> str:
    """Return ``rows`` as a plain-text table, with a total line.

    Examples
    --------
    >>> table = coverage_table([PageCoverage("intro", 4, 2, 1, 40, 10)])
    >>> print(table)  # doctest: +NORMALIZE_WHITESPACE
    page          messages  translated  fuzzy  share    words  translated words
    intro                4           2      1    50%       40                10
    TOTAL                4           2      1    50%       40                10
    """
    lines = [f"{'page':<40}{'messages':>10}{'translated':>12}{'fuzzy':>7}{'share':>7}"
             f"{'words':>9}{'translated words':>18}"]
    total = PageCoverage("TOTAL", sum(r.messages for r in rows), sum(r.translated for r in rows),
                         sum(r.fuzzy for r in rows), sum(r.words for r in rows),
                         sum(r.translated_words for r in rows))
    for r in [*rows, total]:
        lines.append(f"{r.page:<40}{r.messages:>10}{r.translated:>12}{r.fuzzy:>7}"
                     f"{r.share:>7.0%}{r.words:>9}{r.translated_words:>18}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m booktools.i18n_build {translations,build,coverage}``."""
    parser = argparse.ArgumentParser(prog="python -m booktools.i18n_build", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=("translations", "build", "coverage"))
    parser.add_argument("--output", type=Path, help="HTML folder (default: _build/html/es)")
    parser.add_argument("--work", type=Path, help="doctrees and cache (default: _build/es)")
    parser.add_argument("--root", type=Path, default=REPO_ROOT, help="the book's sources")
    parser.add_argument("--no-publish", action="store_true",
                        help="leave the edition in <work>/html (python -m booktools.book_build)")
    args = parser.parse_args(argv)
    if args.command == "translations":
        status = extract() or update()
        if status == 0:
            print(coverage_table(coverage()))
        return status
    if args.command == "coverage":
        print(coverage_table(coverage()))
        mismatches = role_mismatches()
        print("\n".join(mismatches) or "every translation keeps its roles and code spans")
        return 1 if mismatches else 0
    built = ((args.work or args.root / SPANISH_WORK) / "html" if args.no_publish
             else args.output or args.root / SPANISH_HTML)
    start = time.perf_counter()
    status = build(args.root.resolve(), output=args.output and args.output.resolve(),
                   work=args.work and args.work.resolve(), publish_to_site=not args.no_publish)
    print(f"i18n_build: Spanish edition {'built' if status == 0 else 'FAILED'} in "
          f"{time.perf_counter() - start:.0f} s; open "
          f"{built.resolve() / 'index.html'}")
    return status


if __name__ == "__main__":
    sys.exit(main())
