"""Facts for the instructor guide, read from the chapters and the book's configuration.

The guide lists each chapter's learning objectives, a time estimate and the
links that hand a chapter out through Binder or a JupyterHub. All of it is
computed here from ``_toc.yml``, the chapter sources and ``_config.yml``, so
the guide follows the book when chapters change or the book is forked.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pandas as pd
import yaml

from booktools.toc import toc_sources
from helpers.reference.paths import REPO_ROOT

#: Reading speed assumed for prose, in words per minute.
WORDS_PER_MINUTE = 200
#: Minutes assumed to run a code cell and read its output.
MINUTES_PER_CELL = 2
#: Minutes assumed per exercise.
MINUTES_PER_EXERCISE = 10

_FENCE = re.compile(r"^(`{3,}|:{3,})")
_ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*?)\s*(?:<[^`]*>)?`")


@dataclass(frozen=True)
class Chapter:
    """What the guide needs to know about one chapter.

    Attributes
    ----------
    path : str
        Source file relative to the book root (``chapters/x.md``).
    title : str
        First level-1 heading.
    objectives : list of str
        Bullets of the "Learning objectives" admonition, roles reduced to text.
    words : int
        Words of prose (code cells and directive options left out).
    code_cells : int
        Executable cells, solutions included.
    exercises : int
        ``exercise-start`` directives.
    """

    path: str
    title: str
    objectives: list[str]
    words: int
    code_cells: int
    exercises: int

    @property
    def minutes(self) -> int:
        """Estimated working time: reading, running each cell, doing each exercise."""
        reading = math.ceil(self.words / WORDS_PER_MINUTE)
        return reading + MINUTES_PER_CELL * self.code_cells + MINUTES_PER_EXERCISE * self.exercises


def plain(text: str) -> str:
    """Return MyST inline text with roles reduced to their text.

    Examples
    --------
    >>> plain("use the {term}`Kingpin Strategy` and {cite}`sam2015`")
    'use the Kingpin Strategy and sam2015'
    >>> plain("{term}`kingpins <Kingpin Strategy>`")
    'kingpins'
    """
    return _ROLE.sub(lambda m: m[1], text)


def read_chapter(path: Path, root: Path = REPO_ROOT) -> Chapter:
    """Read the title, objectives and size of one MyST chapter.

    Raises
    ------
    ValueError
        If the chapter has no level-1 title.

    Examples
    --------
    >>> intro = read_chapter(REPO_ROOT / "chapters/intro.md")
    >>> intro.title
    'About this book'
    >>> len(intro.objectives) >= 3
    True
    """
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines and lines[0].strip() == "---":  # front matter
        lines = lines[lines.index("---", 1) + 1:]
    title, objectives, words, cells, exercises = None, [], 0, 0, 0
    closers: set[int] = set()  # closing fences of the directives whose body is prose
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if i in closers:
            i += 1
            continue
        if fence:
            close = next((j for j in range(i + 1, len(lines))
                          if lines[j].strip() == fence[1]), len(lines))
            head = line[len(fence[1]):].strip()
            if head.startswith("{code-cell}"):
                cells += 1
            elif head.startswith("{exercise-start}"):
                exercises += 1
            if "Learning objectives" in head:
                for body in lines[i + 1:close]:
                    if body.lstrip().startswith("- "):
                        objectives.append(plain(body.strip()[2:]))
                    elif objectives and body.startswith("  ") and body.strip():
                        objectives[-1] += " " + plain(body.strip())
            if head.startswith(("{code-cell}", "{exercise-start}", "{exercise-end}",
                                "{solution-start}", "{solution-end}")) or not head.startswith("{"):
                i = close + 1
                continue
            closers.add(close)
            i += 1
            continue
        if title is None and line.startswith("# "):
            title = plain(line[2:].strip())
        elif not line.startswith((":", "(")):
            words += len(re.findall(r"\w[\w’'-]*", plain(line)))
        i += 1
    if title is None:
        raise ValueError(f"{path}: no level-1 title ('# ...') found.")
    return Chapter(path.relative_to(root).as_posix(), title, objectives, words, cells, exercises)


def toc_chapters(root: Path = REPO_ROOT) -> list[Path]:
    """Return the chapter files listed in ``_toc.yml`` (root first), skipping appendix pages.

    Examples
    --------
    >>> toc_chapters()[0].name
    'intro.md'
    """
    return [p for p in toc_sources(root) if p.suffix == ".md" and "appendix" not in p.parts
            and "instructors" not in p.parts]


def chapter_table(root: Path = REPO_ROOT) -> pd.DataFrame:
    """Return one row per chapter: title, words, code cells, exercises, estimated minutes.

    Examples
    --------
    >>> table = chapter_table()
    >>> list(table.columns)
    ['chapter', 'file', 'words', 'code cells', 'exercises', 'minutes']
    """
    rows = []
    for path in toc_chapters(root):
        ch = read_chapter(path, root)
        rows.append({"chapter": ch.title, "file": ch.path, "words": ch.words,
                     "code cells": ch.code_cells, "exercises": ch.exercises,
                     "minutes": ch.minutes})
    return pd.DataFrame(rows)


def objectives_markdown(root: Path = REPO_ROOT) -> str:
    """Return the learning objectives of every chapter as Markdown.

    Examples
    --------
    >>> objectives_markdown().startswith("**About this book**")
    True
    """
    parts = []
    for path in toc_chapters(root):
        ch = read_chapter(path, root)
        bullets = "\n".join(f"- {o}" for o in ch.objectives) or "- (no objectives listed)"
        parts.append(f"**{ch.title}** (`{ch.path}`)\n\n{bullets}")
    return "\n\n".join(parts)


def repository(root: Path = REPO_ROOT) -> tuple[str, str]:
    """Return the book's repository URL and branch from ``_config.yml``.

    Raises
    ------
    ValueError
        If ``repository.url`` is missing.

    Examples
    --------
    >>> url, branch = repository()
    >>> url.startswith("https://github.com/"), branch
    (True, 'main')
    """
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    repo = config.get("repository") or {}
    if not repo.get("url"):
        raise ValueError(f"{root / '_config.yml'} has no repository.url; set it to your fork.")
    return repo["url"].rstrip("/"), repo.get("branch", "main")


def _github(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    owner_repo = parts.path.strip("/").removesuffix(".git").split("/")
    if parts.netloc != "github.com" or len(owner_repo) != 2:
        raise ValueError(f"{url!r} is not a GitHub repository URL "
                         "(https://github.com/<owner>/<repo>).")
    return owner_repo[0], owner_repo[1]


def binder_link(path: str, url: str | None = None, branch: str | None = None,
                binderhub: str = "https://mybinder.org") -> str:
    """Return a Binder link that opens ``path`` of the book's repository in JupyterLab.

    Examples
    --------
    >>> binder_link("chapters/intro.md", "https://github.com/me/book", "main")
    'https://mybinder.org/v2/gh/me/book/main?urlpath=lab/tree/chapters/intro.md'
    """
    if url is None or branch is None:
        url_default, branch_default = repository()
        url, branch = url or url_default, branch or branch_default
    owner, repo = _github(url)
    return f"{binderhub.rstrip('/')}/v2/gh/{owner}/{repo}/{branch}?urlpath=lab/tree/{path}"


def nbgitpuller_link(hub: str, path: str, url: str | None = None,
                     branch: str | None = None) -> str:
    """Return an nbgitpuller link: the hub clones (or updates) the repository, then opens ``path``.

    Parameters
    ----------
    hub : str
        The JupyterHub's address, e.g. ``"https://hub.example.edu"``.
    path : str
        File to open, relative to the repository root.
    url, branch : str, optional
        Repository and branch (default: ``repository`` in ``_config.yml``).

    Raises
    ------
    ValueError
        If ``hub`` is not an http(s) address.

    Examples
    --------
    >>> nbgitpuller_link("https://hub.example.edu", "chapters/intro.md",
    ...                  "https://github.com/me/book", "main")  # doctest: +NORMALIZE_WHITESPACE
    'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fme%2Fbook&urlpath=lab%2Ftree%2Fbook%2Fchapters%2Fintro.md&branch=main'
    """
    if not hub.startswith(("https://", "http://")):
        raise ValueError(f"hub={hub!r} must be the hub's address, starting with https://.")
    if url is None or branch is None:
        url_default, branch_default = repository()
        url, branch = url or url_default, branch or branch_default
    folder = url.rstrip("/").removesuffix(".git").rsplit("/", 1)[-1]
    query = urlencode({"repo": url, "urlpath": f"lab/tree/{folder}/{path}", "branch": branch},
                      quote_via=quote, safe="")
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"
