"""Facts for the instructor guide, read from the chapters and the book's configuration.

The guide lists each chapter's learning objectives, a time estimate and the
links that hand a chapter out through Binder or a JupyterHub. All of it is
computed here from ``_toc.yml``, the chapter sources and ``_config.yml``, so
the guide follows the book when chapters change or the book is forked.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pandas as pd
import yaml

from booktools.toc import toc_sources
from helpers.reference.i18n import LANGUAGES, language, tr
from helpers.reference.paths import REPO_ROOT

#: Reading speed assumed for prose, in words per minute.
WORDS_PER_MINUTE = 200
#: Minutes assumed to run a code cell and read its output.
MINUTES_PER_CELL = 2
#: Minutes assumed per exercise.
MINUTES_PER_EXERCISE = 10
#: Length of one class session, in minutes.
SESSION_MINUTES = 90
#: Minutes of each session kept for the opening quiz and the closing discussion question.
SESSION_OVERHEAD = 15
#: Sections done after class: the exercises (with their solutions) and the reading list.
AFTER_CLASS_SECTIONS = ("Exercises", "Further reading")

_FENCE = re.compile(r"^(`{3,}|:{3,})")
_ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*?)\s*(?:<[^`]*>)?`")
_ITEM = re.compile(r"^\s*(?:[-*]|\d+\.)\s+")


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


def _body_lines(path: Path) -> list[str]:
    """Return the lines of a MyST chapter after its front matter."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if lines and lines[0].strip() == "---":  # front matter
        lines = lines[lines.index("---", 1) + 1:]
    return lines


def _scan(lines: list[str]) -> dict:
    """Return title, objectives, prose words, code cells, exercises and level-2 headings.

    Code cells, exercises and solutions are skipped whole (their lines are not prose);
    the bodies of other directives (admonitions) count as prose.
    """
    title, objectives, words, cells, exercises = None, [], 0, 0, 0
    headings: list[tuple[int, str]] = []
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
                        objectives.append(body.strip()[2:])
                    elif objectives and body.startswith("  ") and body.strip():
                        objectives[-1] += " " + body.strip()
            if head.startswith(("{code-cell}", "{exercise-start}", "{exercise-end}",
                                "{solution-start}", "{solution-end}")) or not head.startswith("{"):
                i = close + 1
                continue
            closers.add(close)
            i += 1
            continue
        if title is None and line.startswith("# "):
            title = plain(line[2:].strip())
        elif line.startswith("## ") and not any(c > i for c in closers):
            headings.append((i, plain(line[3:].strip())))
            words += len(re.findall(r"\w[\w’'-]*", plain(line[3:])))
        elif not line.startswith((":", "(")):
            words += len(re.findall(r"\w[\w’'-]*", plain(line)))
        i += 1
    return {"title": title, "objectives": objectives, "words": words, "cells": cells,
            "exercises": exercises, "headings": headings}


def catalogue(lang: str, root: Path = REPO_ROOT) -> dict[str, str]:
    """Return the chapters' gettext catalogues of ``lang``: English message -> translation.

    Read from ``locales/<lang>/LC_MESSAGES/chapters/**/*.po`` (the catalogues the
    translated edition is built from); fuzzy and empty translations are left out.
    The source language has no catalogue (an empty dict).

    Raises
    ------
    ValueError
        If ``lang`` is not a language of the book.

    Examples
    --------
    >>> catalogue("en")
    {}
    >>> catalogue("es")["Learning objectives"]
    'Objetivos de aprendizaje'
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not a language of the book; "
                         f"allowed: {', '.join(LANGUAGES)}")
    return dict(_catalogue(lang, Path(root)))


@cache
def _catalogue(lang: str, root: Path) -> tuple[tuple[str, str], ...]:
    from babel.messages.pofile import read_po

    if lang == LANGUAGES[0]:
        return ()
    found: dict[str, str] = {}
    for po in sorted((root / "locales" / lang / "LC_MESSAGES" / "chapters").rglob("*.po")):
        with po.open("rb") as handle:
            found.update((m.id, m.string) for m in read_po(handle)
                         if m.id and isinstance(m.id, str) and m.string and not m.fuzzy)
    return tuple(found.items())


def shown(text: str, lang: str | None = None, root: Path = REPO_ROOT) -> str:
    """Return a chapter message (title, bullet, paragraph) as the ``lang`` edition prints it.

    ``text`` is the MyST source of one message, its lines joined by spaces (as the
    gettext builder extracts it); a message the catalogue does not translate comes
    back unchanged. ``lang`` defaults to the book's language (``KINGPIN_LANG``).

    Examples
    --------
    >>> shown("Learning objectives", "es")
    'Objetivos de aprendizaje'
    >>> shown("Learning objectives", "en")
    'Learning objectives'
    """
    lang = language() if lang is None else lang
    return catalogue(lang, root).get(text, text)


def _shown_block(text: str, lang: str, root: Path) -> str:
    """Translate MyST text paragraph by paragraph (and list item by list item)."""
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        items: list[tuple[str, list[str]]] = []
        for line in paragraph.splitlines():
            marker = _ITEM.match(line)
            if marker or not items:
                items.append((marker[0].strip() + " " if marker else "",
                              [line[marker.end():] if marker else line.strip()]))
            else:
                items[-1][1].append(line.strip())
        paragraphs.append("\n".join(mark + shown(" ".join(words), lang, root)
                                     for mark, words in items))
    return "\n\n".join(paragraphs)


def read_chapter(path: Path, root: Path = REPO_ROOT, lang: str = "en") -> Chapter:
    """Read the title, objectives and size of one MyST chapter.

    ``lang`` gives the title and objectives as that edition prints them (from the
    chapters' catalogues, :func:`shown`); the sizes are the English source's.

    Raises
    ------
    ValueError
        If the chapter has no level-1 title, or ``lang`` is not a language of the book.

    Examples
    --------
    >>> intro = read_chapter(REPO_ROOT / "chapters/intro.md")
    >>> intro.title
    'About this book'
    >>> len(intro.objectives) >= 3
    True
    >>> read_chapter(REPO_ROOT / "chapters/intro.md", lang="es").title
    'Sobre este libro'
    """
    catalogue(lang, root)  # checks lang
    lines = _body_lines(path)
    found = _scan(lines)
    title = found["title"]
    if title is None:
        raise ValueError(f"{path}: no level-1 title ('# ...') found.")
    title = plain(shown(title, lang, root))
    objectives = [plain(shown(o, lang, root)) for o in found["objectives"]]
    words = found["words"]
    cells, exercises = found["cells"], found["exercises"]
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


def chapter_table(root: Path = REPO_ROOT, lang: str | None = None) -> pd.DataFrame:
    """Return one row per chapter: title, words, code cells, exercises, estimated minutes.

    The titles are the ``lang`` edition's (default: the book's language, ``KINGPIN_LANG``);
    the column names stay as below (code reads them).

    Examples
    --------
    >>> table = chapter_table()
    >>> list(table.columns)
    ['chapter', 'file', 'words', 'code cells', 'exercises', 'minutes']
    """
    lang = language() if lang is None else lang
    rows = []
    for path in toc_chapters(root):
        ch = read_chapter(path, root, lang)
        rows.append({"chapter": ch.title, "file": ch.path, "words": ch.words,
                     "code cells": ch.code_cells, "exercises": ch.exercises,
                     "minutes": ch.minutes})
    return pd.DataFrame(rows)


def _minutes(words: int, cells: int, exercises: int) -> float:
    return (words / WORDS_PER_MINUTE + MINUTES_PER_CELL * cells
            + MINUTES_PER_EXERCISE * exercises)


def chapter_sections(path: Path) -> pd.DataFrame:
    """Return one row per level-2 section of a chapter, with its estimated working time.

    The opening (title, objectives) belongs to the first section.

    Returns
    -------
    pandas.DataFrame
        ``section`` (heading text), ``words``, ``code cells``, ``exercises`` and
        ``minutes`` (a float: the same rule as :attr:`Chapter.minutes`, unrounded).

    Examples
    --------
    >>> table = chapter_sections(REPO_ROOT / "chapters/violence-by-state.md")
    >>> table["section"].iloc[0], "Exercises" in set(table["section"])
    ('Overview', True)
    """
    lines = _body_lines(path)
    headings = _scan(lines)["headings"]
    if not headings:
        headings = [(0, read_chapter(path, path.parent).title)]
    starts = [0] + [i for i, _ in headings[1:]] + [len(lines)]
    rows = []
    for (_, heading), start, stop in zip(headings, starts[:-1], starts[1:], strict=True):
        found = _scan(lines[start:stop])
        rows.append({"section": heading, "words": found["words"], "code cells": found["cells"],
                     "exercises": found["exercises"],
                     "minutes": _minutes(found["words"], found["cells"], found["exercises"])})
    return pd.DataFrame(rows)


def split_chapter(path: Path, budget: float) -> list[pd.DataFrame]:
    """Split a chapter's in-class sections into consecutive parts of at most ``budget`` minutes.

    Sections done after class (:data:`AFTER_CLASS_SECTIONS`) are left out. A part ends
    where the next section would take it over the budget; a single section longer
    than the budget is a part of its own (and :func:`session_plan` flags it).

    Raises
    ------
    ValueError
        If ``budget`` is not a positive number.

    Examples
    --------
    >>> parts = split_chapter(REPO_ROOT / "chapters/intro.md", budget=75)
    >>> len(parts), parts[0]["section"].iloc[0]
    (1, 'Overview')
    """
    if isinstance(budget, bool) or not isinstance(budget, int | float) or budget <= 0:
        raise ValueError(f"budget={budget!r} must be a positive number of minutes.")
    table = chapter_sections(path)
    table = table[~table["section"].isin(AFTER_CLASS_SECTIONS)]
    parts: list[list[int]] = []
    total = 0.0
    for index, minutes in table["minutes"].items():
        if not parts or total + minutes > budget:
            parts.append([])
            total = 0.0
        parts[-1].append(index)
        total += minutes
    # As many parts as the greedy split needs, but of similar length where they still fit.
    share = table["minutes"].sum() / len(parts)
    middle = table["minutes"].cumsum() - table["minutes"] / 2
    balanced = [list(g.index) for _, g in table.groupby(
        (middle // share).clip(upper=len(parts) - 1).astype(int))]
    if len(balanced) == len(parts) and all(
            table.loc[part, "minutes"].sum() <= budget for part in balanced):
        parts = balanced
    return [table.loc[part] for part in parts]


def assignment_chapters(root: Path = REPO_ROOT) -> dict[str, list[str]]:
    """Return, per assignment, the titles of the chapters it goes with.

    Read from the first Markdown cell of each source notebook, which names its
    chapters in italics ("This assignment goes with the chapters *A* and *B*").

    Examples
    --------
    >>> assignment_chapters()["01-history-and-aid"]
    ['The Kingpin Strategy', 'U.S. assistance to Mexico']
    """
    titles = {read_chapter(p, root).title for p in toc_chapters(root)}
    found = {}
    for notebook in sorted((root / "assignments").glob("*/*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        intro = next(("".join(c["source"]) for c in cells if c["cell_type"] == "markdown"), "")
        named = [" ".join(t.split()) for t in re.findall(r"\*([^*]+)\*", intro)]
        found[notebook.parent.name] = [t for t in named if t in titles]
    return found


def session_plan(root: Path = REPO_ROOT, session_minutes: int = SESSION_MINUTES,
                 overhead: int = SESSION_OVERHEAD) -> pd.DataFrame:
    """Return a plan of class sessions that follows the book's order.

    Each chapter's in-class sections are split into parts that fit one session
    (``session_minutes - overhead`` minutes of work, the rest for the opening quiz
    and a discussion question); consecutive parts share a session while they fit.
    A chapter's exercises are homework after the session that finishes it, and so
    is each assignment after the session that finishes its last chapter.

    Returns
    -------
    pandas.DataFrame
        One row per part: ``session``, ``chapter``, ``part`` (``""`` or ``"part 1 of
        2"``), ``sections`` (first and last), ``in class`` (minutes, rounded up),
        ``exercises after class`` (minutes, on the chapter's last part, else 0),
        ``assignment`` (folder name due after this part, or ``""``) and ``fits``
        (whether the part fits the session; ``False`` only for one section longer
        than a session).

    Raises
    ------
    ValueError
        If ``overhead`` leaves no time for work.

    Examples
    --------
    >>> plan = session_plan()
    >>> bool(plan["fits"].all()), int(plan["session"].iloc[0])
    (True, 1)
    """
    budget = session_minutes - overhead
    if budget <= 0:
        raise ValueError(f"overhead={overhead!r} leaves no time in a session of "
                         f"{session_minutes} minutes; give a smaller overhead.")
    due = {}
    for key, chapters in assignment_chapters(root).items():
        if chapters:
            due.setdefault(chapters[-1], []).append(key)
    rows, session, used = [], 0, float(budget)
    for path in toc_chapters(root):
        title = read_chapter(path, root).title
        sections = chapter_sections(path)
        homework = sections.loc[sections["section"].isin(AFTER_CLASS_SECTIONS), "minutes"].sum()
        parts = split_chapter(path, budget)
        for number, part in enumerate(parts, start=1):
            minutes = float(part["minutes"].sum())
            if used + minutes > budget:
                session, used = session + 1, 0.0
            used += minutes
            last = number == len(parts)
            rows.append({
                "session": session, "chapter": title,
                "part": f"part {number} of {len(parts)}" if len(parts) > 1 else "",
                "sections": (part["section"].iloc[0] if len(part) == 1 else
                             f"{part['section'].iloc[0]} to {part['section'].iloc[-1]}"),
                "in class": math.ceil(minutes),
                "exercises after class": math.ceil(homework) if last else 0,
                "assignment": ", ".join(due.get(title, [])) if last else "",
                "fits": minutes <= budget,
            })
    return pd.DataFrame(rows)


_EXERCISE = re.compile(r"^(`{3,}|:{3,})\{exercise-start\}[^\n]*\n((?::[\w-]+:[^\n]*\n)*)"
                       r"(?:\1[ \t]*\n)?(.*?)^\1\{exercise-end\}", re.M | re.S)
_GLUED = re.compile(r"\{glue(?::\w+)?\}`[^`]*`")


def _shorten(text: str, limit: int = 320) -> str:
    """Return ``text`` whole if short, else its sentences that fit ``limit`` (at least one)."""
    if len(text) <= limit:
        return text
    sentences = re.findall(r".+?[.?!](?=\s|$)", text)
    kept = ""
    for sentence in sentences:
        if kept and len(kept) + len(sentence) > limit:
            break
        kept += sentence
    return (kept or text[:limit].rsplit(" ", 1)[0]).strip() + " …"


def exercises(root: Path = REPO_ROOT, rung: str | None = None,
              lang: str | None = None) -> pd.DataFrame:
    """Return the exercises of every chapter: label, rung and the first sentence asked.

    Parameters
    ----------
    root : pathlib.Path
        The book's root.
    rung : str, optional
        Keep one rung only, e.g. ``"interpret"`` (exercises of class ``rung-interpret``).
    lang : str, optional
        The edition whose words to use for titles and texts (from the chapters'
        catalogues); default: the book's language (``KINGPIN_LANG``).

    Returns
    -------
    pandas.DataFrame
        ``chapter`` (title), ``label``, ``rung`` (``""`` if the exercise has none) and
        ``asks`` (its text, roles reduced to text, cut after the sentences that fit
        about 320 characters).

    Examples
    --------
    >>> written = exercises(rung="interpret")
    >>> bool(len(written) >= 1 and (written["rung"] == "interpret").all())
    True
    """
    lang = language() if lang is None else lang
    rows = []
    for path in toc_chapters(root):
        title = read_chapter(path, root, lang).title
        for match in _EXERCISE.finditer(path.read_text(encoding="utf-8")):
            options = dict(re.findall(r"^:([\w-]+):\s*(.*)$", match[2], re.M))
            found = re.search(r"rung-(\w+)", options.get("class", ""))
            text = _shown_block(match[3], lang, root)
            text = _GLUED.sub(tr("(a computed value)", lang=lang), text).replace("\\$", "$")
            text = " ".join(plain(text).split())
            rows.append({"chapter": title, "label": options.get("label", ""),
                         "rung": found[1] if found else "", "asks": _shorten(text)})
    table = pd.DataFrame(rows, columns=["chapter", "label", "rung", "asks"])
    if rung is not None:
        table = table[table["rung"] == rung].reset_index(drop=True)
    return table


def objectives_markdown(root: Path = REPO_ROOT, lang: str | None = None) -> str:
    """Return the learning objectives of every chapter as Markdown.

    Titles and objectives are the ``lang`` edition's (default: the book's language,
    ``KINGPIN_LANG``), read from the chapters' catalogues.

    Examples
    --------
    >>> objectives_markdown(lang="en").startswith("**About this book**")
    True
    >>> objectives_markdown(lang="es").startswith("**Sobre este libro**")
    True
    """
    lang = language() if lang is None else lang
    parts = []
    for path in toc_chapters(root):
        ch = read_chapter(path, root, lang)
        bullets = ("\n".join(f"- {o}" for o in ch.objectives)
                   or f"- {tr('(no objectives listed)', lang=lang)}")
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


#: ``launch_buttons.notebook_interface`` -> the start of a link's ``urlpath`` (as
#: sphinx-book-theme writes the buttons).
INTERFACES = {"classic": "tree", "jupyterlab": "lab/tree"}


def interface_path(root: Path = REPO_ROOT) -> str:
    """Return the ``urlpath`` prefix of the book's launch buttons (``_config.yml``).

    Links built here use it too, so a link in the guide opens a file the way the rocket
    button does (``tree/``: Notebook 7, one notebook per tab).

    Examples
    --------
    >>> interface_path()
    'tree'
    """
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    name = (config.get("launch_buttons") or {}).get("notebook_interface", "classic")
    if name not in INTERFACES:
        raise ValueError(f"launch_buttons.notebook_interface is {name!r}; "
                         f"use one of {sorted(INTERFACES)}")
    return INTERFACES[name]


def binder_link(path: str, url: str | None = None, branch: str | None = None,
                binderhub: str = "https://mybinder.org", interface: str | None = None) -> str:
    """Return a Binder link that opens ``path`` of the book's repository like the buttons do.

    Examples
    --------
    >>> binder_link("chapters/intro.ipynb", "https://github.com/me/book", "main")
    'https://mybinder.org/v2/gh/me/book/main?urlpath=tree/chapters/intro.ipynb'
    """
    if url is None or branch is None:
        url_default, branch_default = repository()
        url, branch = url or url_default, branch or branch_default
    owner, repo = _github(url)
    prefix = interface or interface_path()
    return f"{binderhub.rstrip('/')}/v2/gh/{owner}/{repo}/{branch}?urlpath={prefix}/{path}"


def nbgitpuller_link(hub: str, path: str, url: str | None = None,
                     branch: str | None = None, interface: str | None = None) -> str:
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
    >>> nbgitpuller_link("https://hub.example.edu", "chapters/intro.ipynb",
    ...                  "https://github.com/me/book", "main")  # doctest: +NORMALIZE_WHITESPACE
    'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fme%2Fbook&urlpath=tree%2Fbook%2Fchapters%2Fintro.ipynb&branch=main'
    """
    if not hub.startswith(("https://", "http://")):
        raise ValueError(f"hub={hub!r} must be the hub's address, starting with https://.")
    if url is None or branch is None:
        url_default, branch_default = repository()
        url, branch = url or url_default, branch or branch_default
    folder = url.rstrip("/").removesuffix(".git").rsplit("/", 1)[-1]
    prefix = interface or interface_path()
    query = urlencode({"repo": url, "urlpath": f"{prefix}/{folder}/{path}", "branch": branch},
                      quote_via=quote, safe="")
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{query}"
