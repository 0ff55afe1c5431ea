"""The notebook edition: every chapter as a plain Jupyter notebook that reads well in Jupyter.

The chapters are MyST Markdown notebooks (``chapters/<name>.md``). Opened in Jupyter
as they are, they show MyST on screen: `` {glue:text}`x` `` instead of a number,
``{ref}``/``{cite}`` roles, ``:class: tip`` options, every solution in full; and they
need jupytext's JupyterLab extension, which Binder's base JupyterLab does not load.
This module writes, next to each chapter that has code, ``chapters/<name>.ipynb``:

* the same code cells, unchanged, without outputs (the reader runs them);
* the prose in Markdown that Jupyter renders: glued values inserted as the book
  shows them (read from the executed notebooks of the book build), cross-references as
  links to the other notebooks, citations as the book writes them with a
  *References* section at the end, admonitions as call-out boxes, definition lists as
  bullets;
* each exercise under an ``Exercise N`` heading and its solution under a collapsed
  ``Solution to exercise N`` heading (JupyterLab's ``jp-MarkdownHeadingCollapsed``),
  so that solutions stay hidden until the reader unfolds them;
* cells the book hides (``remove-input``, ``remove-cell``...) collapsed, not removed.

The book's launch buttons (sphinx-book-theme) point at ``<name>.ipynb`` when that file
exists beside ``<name>.md``; ``_config.yml`` keeps Sphinx from reading it. The files are
committed (Binder and nbgitpuller see the repository, not the build);
``python -m booktools.notebook_edition`` rewrites them from a built book and
``--check`` reports stale ones (``make notebooks``, ``tests/test_notebook_edition.py``).

**The Spanish edition** (``--lang es``; ``make notebooks`` writes both) comes from the same
chapters through the same converter, into ``chapters/es/<same path>.ipynb``
(:func:`notebook_path`): every prose block (paragraph, heading, list item, table cell,
admonition title and body, definition) is looked up by its MyST source text, whitespace
collapsed, in the page's gettext catalogue ``locales/es/LC_MESSAGES/<page>.po`` (the
messages Sphinx extracted; :class:`Catalogue`), figure captions in the helpers' strings
catalogue (``helpers/reference/locales/es.json``), glued values come from the Spanish
build's executed notebooks (``_build/es/jupyter_execute``), the words this module writes
(*Exercise N*, *References*...) from :data:`WORDS`, and a first code cell sets
``KINGPIN_LANG=es`` so that the helpers draw Spanish labels in the reader's kernel. A block
with no translation stays English and is counted (:attr:`Converter.untranslated`); the
command prints the counts per notebook. The Spanish pages' launch buttons point at these
notebooks (:mod:`booktools.i18n_fixes`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import jupytext
import nbformat
import yaml

#: The repository (``src/booktools`` -> two levels up).
REPO_ROOT = Path(__file__).resolve().parents[2]
#: Where ``jupyter-book build`` writes the executed notebooks (glued values live there).
EXECUTED = REPO_ROOT / "_build" / "jupyter_execute"
#: Notebook metadata key that marks a generated notebook.
MARK = "kingpin_notebook_edition"
#: Languages of the notebook edition; the first is the chapters' own.
LANGUAGES: tuple[str, ...] = ("en", "es")
#: The chapters' folder: a translated edition mirrors it in ``chapters/<lang>/``.
CHAPTERS = "chapters"
#: Where the Spanish build writes its executed notebooks.
EXECUTED_BY_LANG: dict[str, Path] = {"en": EXECUTED,
                                     "es": REPO_ROOT / "_build" / "es" / "jupyter_execute"}
#: What the notebook edition writes itself, per language.
WORDS: dict[str, dict[str, str]] = {
    "en": {"exercise": "Exercise {n}", "solution": "Solution to exercise {n}",
           "hidden": "*Hidden until you ask for it: click the button just below "
                     "(\"cells hidden\") to show the solution.*",
           "references": "References", "figure": "Figure"},
    "es": {"exercise": "Ejercicio {n}", "solution": "Solución del ejercicio {n}",
           "hidden": "*Oculta hasta que la pidas: haz clic en el botón que está justo debajo "
                     "(\"cells hidden\") para ver la solución.*",
           "references": "Referencias", "figure": "Figura"},
}
#: The first code cell of a translated notebook, and the sentence before it.
LANGUAGE_CELL: dict[str, tuple[str, str]] = {
    "es": ("Antes que nada, esta celda pide a las funciones del libro (`helpers`) que escriban "
           "en español los títulos, ejes, leyendas y controles de las gráficas, los mapas y los "
           "exploradores; ejecútala primero.",
           'import os\n\nos.environ["KINGPIN_LANG"] = "es"'),
}

_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w:-]+)\}\s*(?P<arg>.*?)\s*$")
_PLAIN_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})(?P<info>[^`{]*)$")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
_ROLE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<content>[^`]*)`")
_LABEL = re.compile(r"^\((?P<label>[\w.-]+)\)=\s*$")
_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<title>.+?)\s*#*\s*$")
_TEXT_WITH_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)

#: Admonition directives and the call-out colour (Bootstrap alert class) of each.
ADMONITIONS: dict[str, str] = {
    "admonition": "info", "note": "info", "seealso": "info", "hint": "info",
    "important": "info", "tip": "success", "attention": "warning", "caution": "warning",
    "warning": "warning", "danger": "danger", "error": "danger",
}
#: ``:class:`` values of a generic admonition that pick another colour.
CLASS_COLOURS: dict[str, str] = {"tip": "success", "warning": "warning", "danger": "danger",
                                 "claim-check": "info", "note": "info"}


class EditionError(ValueError):
    """A chapter uses MyST that the notebook edition cannot render (add it here)."""


# --------------------------------------------------------------------------- resolution data
@dataclass(frozen=True)
class Target:
    """Where a ``(label)=`` points: a page and, below its title, a heading."""

    source: str       # chapters/x.md
    title: str        # heading text, roles reduced
    is_page_title: bool


@dataclass
class Book:
    """What the conversion needs from the whole book.

    Attributes
    ----------
    root : pathlib.Path
        The book's folder.
    targets : dict
        ``label -> Target`` for every ``(label)=`` of the book's pages.
    notebooks : set of str
        Sources that get a notebook (``chapters/x.md``).
    bibliography : pybtex BibliographyData
        ``references.bib``.
    """

    root: Path
    targets: dict[str, Target]
    notebooks: set[str]
    bibliography: Any = None
    lang: str = "en"

    @classmethod
    def read(cls, root: Path = REPO_ROOT, lang: str = "en") -> Book:
        """Read the labels, the notebook pages and the bibliography of the book at ``root``.

        With ``lang`` other than English, heading titles (the link texts and anchors of
        cross-references) are those of the page's catalogue.
        """
        from booktools.toc import toc_sources

        check_lang(lang)
        words = WORDS[lang]
        targets: dict[str, Target] = {}
        notebooks: set[str] = set()
        for path in toc_sources(root):
            if path.suffix != ".md":
                continue
            rel = path.relative_to(root).as_posix()
            text = path.read_text(encoding="utf-8")
            if has_code(text):
                notebooks.add(rel)
            translate = Catalogue.read(root, rel, lang) if lang != LANGUAGES[0] else None
            lines = text.splitlines()
            first_heading = True
            pending: list[str] = []
            exercises = 0
            for number, line in enumerate(lines):
                fence = _FENCE.match(line)
                if fence and fence["name"] in ("exercise-start", "exercise"):
                    exercises += 1
                    options, _ = split_options(lines[number + 1:number + 8])
                    if options.get("label"):
                        targets[options["label"]] = Target(
                            rel, words["exercise"].format(n=exercises), False)
                    continue
                label = _LABEL.match(line)
                if label:
                    pending.append(label["label"])
                    continue
                heading = _HEADING.match(line)
                if heading:
                    title = heading["title"]
                    if translate is not None:
                        title = translate.lookup(title) or title
                    for name in pending:
                        targets[name] = Target(rel, plain_text(title), first_heading)
                    first_heading = False
                    pending = []
                elif line.strip():
                    pending = []
        bibliography = None
        config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
        bibfiles = config.get("bibtex_bibfiles") or []
        if bibfiles:
            from pybtex.database import BibliographyData, parse_file

            bibliography = BibliographyData()
            for name in bibfiles:
                for key, entry in parse_file(str(root / name)).entries.items():
                    bibliography.entries[key] = entry
        return cls(root, targets, notebooks, bibliography, lang)


def check_lang(lang: object) -> str:
    """Return ``lang`` if the notebook edition is written in it; else raise ValueError.

    Examples
    --------
    >>> check_lang("es")
    'es'
    >>> check_lang("fr")
    Traceback (most recent call last):
    ValueError: lang='fr' is not a language of the notebook edition; allowed: en, es
    """
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not a language of the notebook edition; "
                         f"allowed: {', '.join(LANGUAGES)}")
    return str(lang)


def notebook_path(rel: str, lang: str = "en") -> str:
    """Return where the notebook of the chapter ``rel`` goes, relative to the book's root.

    Examples
    --------
    >>> notebook_path("chapters/intro.md")
    'chapters/intro.ipynb'
    >>> notebook_path("chapters/appendix/claims.md", "es")
    'chapters/es/appendix/claims.ipynb'
    """
    check_lang(lang)
    path = Path(rel).with_suffix(".ipynb")
    if lang == LANGUAGES[0]:
        return path.as_posix()
    if path.parts[0] != CHAPTERS:
        raise ValueError(f"rel={rel!r} is not under {CHAPTERS}/; only chapters are translated")
    return (Path(CHAPTERS, lang) / path.relative_to(CHAPTERS)).as_posix()


def normalise(text: str) -> str:
    r"""Collapse whitespace as a catalogue's message does (a paragraph on one line).

    Examples
    --------
    >>> normalise("  two\n   lines ")
    'two lines'
    """
    return " ".join(text.split())


@dataclass
class Catalogue:
    """The translations of one page (its gettext catalogue), and what was looked up.

    Attributes
    ----------
    messages : dict
        Source text (whitespace collapsed) -> translation, for translated, non-fuzzy
        messages.
    strings : dict
        The helpers' strings catalogue (figure captions set in cell metadata).
    translated : int
        Blocks translated so far.
    missing : list of str
        Blocks with no translation (they stay in the source language).
    """

    messages: dict[str, str]
    strings: dict[str, str] = field(default_factory=dict)
    translated: int = 0
    missing: list[str] = field(default_factory=list)

    @classmethod
    def read(cls, root: Path, rel: str, lang: str) -> Catalogue:
        """Read ``locales/<lang>/LC_MESSAGES/<page>.po`` of the chapter ``rel`` (may be absent)."""
        from babel.messages.pofile import read_po

        from helpers.reference.i18n import catalog

        po = root / "locales" / lang / "LC_MESSAGES" / Path(rel).with_suffix(".po")
        messages: dict[str, str] = {}
        if po.is_file():
            with po.open("rb") as handle:
                for message in read_po(handle):
                    if message.id and message.string and not message.fuzzy:
                        messages[normalise(str(message.id))] = str(message.string)
        return cls(messages, dict(catalog(lang)))

    def lookup(self, text: str) -> str | None:
        """Return the translation of ``text``, or None (nothing counted)."""
        return self.messages.get(normalise(text)) or self.strings.get(normalise(text))

    def __call__(self, text: str) -> str:
        """Return the translation of one block, counting it; the block itself if none."""
        if not text.strip():
            return text
        found = self.lookup(text)
        if found is None:
            self.missing.append(normalise(text))
            return text
        self.translated += 1
        return found


_LIST_ITEM = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*+]|\d+[.)])\s+(?P<text>.*)$")


def _interrupts(line: str) -> bool:
    """Return True if ``line`` ends the paragraph before it.

    As in CommonMark: a heading, a fence, a bullet, or a numbered item that starts at 1
    ("2015) but" continues the sentence).
    """
    stripped = line.lstrip()
    item = _LIST_ITEM.match(line)
    return bool(_HEADING.match(line) or _PLAIN_FENCE.match(stripped) or _FENCE.match(stripped)
                or (item and (not item["marker"][0].isdigit()
                              or item["marker"][:-1] == "1")))


def translate_myst(lines: list[str], translate: Catalogue) -> list[str]:
    """Return MyST ``lines`` with every prose block replaced by its translation.

    Paragraphs, headings, list items, table cells, definition terms and definitions,
    admonition and exercise titles and the bodies of admonitions are looked up one by one
    (as Sphinx extracted them); code, math, labels and other directives stay as they are.

    Examples
    --------
    >>> tr = Catalogue({"A title": "Un título", "One line and another.": "Una línea y otra.",
    ...                 "item": "elemento", "Note": "Nota"})
    >>> translate_myst(["# A title", "", "One line", "and another.", "", "- item",
    ...                 "```{admonition} Note", ":class: tip", "item", "```"], tr)
    ... # doctest: +NORMALIZE_WHITESPACE
    ['# Un título', '', 'Una línea y otra.', '', '- elemento', '```{admonition} Nota',
     ':class: tip', 'elemento', '```']
    >>> tr.translated, tr.missing
    (5, [])
    """
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        directive = _FENCE.match(line)
        plain = _PLAIN_FENCE.match(line)
        if directive:
            end = closing(lines, i, directive["fence"])
            name, arg = directive["name"], directive["arg"]
            _, body = split_options(lines[i + 1:end])
            head = lines[i + 1:end - len(body)] if body else lines[i + 1:end]
            titled = name == "admonition" or name in ("exercise-start", "exercise")
            if titled and arg:
                line = f"{directive['fence']}{{{name}}} {translate(arg)}"
            if name in ADMONITIONS or name in ("exercise", "solution"):
                body = translate_myst(body, translate)
            out += [line, *head, *body]
            if end > i and end < len(lines):
                out.append(lines[end])
            i = end + 1
            continue
        indented = _PLAIN_FENCE.match(line.lstrip()) or _FENCE.match(line.lstrip())
        if plain or indented:  # code (a fence in a list item is indented)
            end = closing(lines, i, (plain or indented)["fence"])
            out += lines[i:end + 1]
            i = end + 1
            continue
        heading = _HEADING.match(line)
        if heading:
            out.append(f"{heading['hashes']} {translate(heading['title'])}")
            i += 1
            continue
        if not line.strip() or _LABEL.match(line) or line.startswith("%"):
            out.append(line)
            i += 1
            continue
        if line.lstrip().startswith("|"):
            cells = line.strip().strip("|").split("|")
            if all(set(c.strip()) <= set(":-") for c in cells):
                out.append(line)
            else:
                out.append("| " + " | ".join(translate(c.strip()) for c in cells) + " |")
            i += 1
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if nxt.startswith(": ") and not line.startswith((" ", "-", "*")):
            out.append(translate(line.strip()))
            j = i + 2
            while j < len(lines) and lines[j].startswith("  ") and lines[j].strip():
                j += 1
            definition = " ".join([nxt[2:], *lines[i + 2:j]])
            out.append(": " + translate(definition))
            i = j
            continue
        item = _LIST_ITEM.match(line)
        start = i
        i += 1
        while (i < len(lines) and lines[i].strip() and not _interrupts(lines[i])
               and not lines[i].lstrip().startswith("|")
               and not (item and len(lines[i]) - len(lines[i].lstrip())
                        <= len(item["indent"]))
               and not (_LIST_ITEM.match(lines[i]) and len(lines[i]) - len(lines[i].lstrip())
                        < len(line) - len(line.lstrip()))):  # the next item of a list
            i += 1
        if item:
            text = " ".join([item["text"], *lines[start + 1:i]])
            out.append(f"{item['indent']}{item['marker']} {translate(text)}")
        else:
            indent = line[:len(line) - len(line.lstrip())]
            out.append(indent + translate(" ".join(lines[start:i])))
    return out


def has_code(text: str) -> bool:
    """Return True if a MyST page has code cells (the pages the book offers to launch)."""
    return bool(re.search(r"^(`{3,}|:{3,})\{code-cell\}", text, re.M))


def plain_text(text: str) -> str:
    """Reduce roles to their text (for heading titles used as link text).

    Examples
    --------
    >>> plain_text("The {term}`plaza <Plaza>` and {cite}`x`")
    'The plaza and x'
    """
    def repl(match: re.Match[str]) -> str:
        content = match["content"]
        with_target = _TEXT_WITH_TARGET.match(content)
        return with_target["text"] if with_target else content
    return _ROLE.sub(repl, text)


def glue_values(executed: Path) -> dict[str, dict[str, str]]:
    """Return ``{key: mime bundle}`` of every ``glue`` call of one executed chapter.

    myst-nb moves glued outputs out of the executed notebook ``<name>.ipynb`` into
    ``<name>.glue.json`` beside it; both places are read.
    """
    outputs: list[tuple[str, dict[str, Any]]] = []
    side = executed.with_suffix(".glue.json")
    if side.is_file():
        outputs += list(json.loads(side.read_text(encoding="utf-8")).items())
    if executed.is_file():
        notebook = json.loads(executed.read_text(encoding="utf-8"))
        for cell in notebook.get("cells", []):
            for output in cell.get("outputs", []):
                meta = (output.get("metadata") or {}).get("scrapbook")
                if meta:
                    outputs.append((meta["name"], output))
    values: dict[str, dict[str, str]] = {}
    for name, output in outputs:
        prefix = ((output.get("metadata") or {}).get("scrapbook") or {}).get("mime_prefix", "")
        values[name] = {
            (mime[len(prefix):] if prefix and mime.startswith(prefix) else mime):
            "".join(value) if isinstance(value, list) else value
            for mime, value in (output.get("data") or {}).items()}
    return values


@cache
def _citation_style() -> tuple[Any, Any, Any]:
    from pybtex.plugin import find_plugin
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle
    from sphinxcontrib.bibtex.style.template import SphinxReferenceInfo

    info = SphinxReferenceInfo(None, "", "", "", None, "", "")
    return AuthorYearReferenceStyle(), find_plugin("pybtex.style.formatting", "alpha")(), info


#: A literal dollar sign that Jupyter shows as one. JupyterLab hands ``$...$`` to MathJax
#: *after* Markdown has turned ``\$`` into ``$``, so two escaped dollars in a paragraph
#: still become a formula; an entity in a span that MathJax ignores does not.
DOLLAR = '<span class="tex2jax_ignore">&#36;</span>'
_CODE_SPAN = re.compile(r"(`+)(?:.+?)\1")


def escape_markdown(text: str) -> str:
    r"""Escape what Jupyter's Markdown would read as markup in a glued value.

    Examples
    --------
    >>> escape_markdown("2,405 * 3_000")
    '2,405 \\* 3\\_000'
    >>> escape_markdown("$2,405 million") == DOLLAR + "2,405 million"
    True
    """
    return re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text).replace("$", DOLLAR)


def literal_dollars(text: str) -> str:
    r"""Replace MyST's escaped dollars (``\$``) by :data:`DOLLAR`, outside code spans.

    Examples
    --------
    >>> literal_dollars(r"US\$2.4 billion, `a\$b`, $x$") == (
    ...     "US" + DOLLAR + r"2.4 billion, `a\$b`, $x$")
    True
    """
    parts, last = [], 0
    for code in _CODE_SPAN.finditer(text):
        parts.append(text[last:code.start()].replace("\\$", DOLLAR))
        parts.append(code.group(0))
        last = code.end()
    parts.append(text[last:].replace("\\$", DOLLAR))
    return "".join(parts)


# --------------------------------------------------------------------------- the converter
@dataclass
class Converter:
    """Convert one MyST chapter to notebook cells (see the module's docstring)."""

    book: Book
    source: str                                   # chapters/x.md
    glue: dict[str, dict[str, str]]
    strict: bool = True
    translate: Catalogue | None = None            # the page's catalogue (translated editions)
    cells: list[Any] = field(default_factory=list)
    exercises: dict[str, int] = field(default_factory=dict)
    cited: list[str] = field(default_factory=list)
    section_level: int = 1
    _buffer: list[str] = field(default_factory=list)
    _in_solution: bool = False

    @property
    def words(self) -> dict[str, str]:
        """What this module writes itself, in the book's language (:data:`WORDS`)."""
        return WORDS[self.book.lang]

    # -- inline ------------------------------------------------------------------------
    def role(self, name: str, content: str) -> str:
        """Markdown for one inline role."""
        with_target = _TEXT_WITH_TARGET.match(content)
        if name in ("glue", "glue:text", "glue:", "glue:md"):
            return self.glued(name, content)
        if name == "term":  # a glossary link in the book; plain text here
            return with_target["text"] if with_target else content
        if name == "ref":
            text, label = ((with_target["text"], with_target["target"]) if with_target
                           else (None, content.strip()))
            return self.reference(label, text)
        if name in ("cite", "cite:p", "cite:t", "cite:ps", "cite:ts"):
            return self.citation(name, content)
        if name in ("math",):
            return f"${content}$"
        if name in ("sub", "sup", "abbr", "kbd"):
            return content
        raise EditionError(f"{self.source}: role {{{name}}} has no notebook rendering")

    def glued(self, name: str, content: str) -> str:
        """Markdown for a glued value, formatted as myst-nb formats it in the book."""
        from myst_nb.core.variables import format_plain_text

        key, _, spec = content.rpartition(":") if ":" in content else (content, "", "")
        if "::" in content:
            raise EditionError(f"{self.source}: glue from another page ({content}) is not "
                               "supported by the notebook edition")
        if key not in self.glue:
            if not self.strict:
                return f"`{key}`"
            raise EditionError(f"{self.source}: no glued value {key!r} in the executed notebook; "
                               "build the book first (make book)")
        data = self.glue[key]
        if name == "glue:md":
            return self.inline(data["text/markdown"])
        return escape_markdown(format_plain_text(data["text/plain"], spec))

    def reference(self, label: str, text: str | None) -> str:
        """Markdown link to the notebook and heading a ``{ref}`` points at."""
        target = self.book.targets.get(label)
        if target is None:
            if not self.strict:
                return f"*{text or label}*"
            raise EditionError(f"{self.source}: unknown label {label!r}")
        shown = text or target.title
        if target.source not in self.book.notebooks:
            return f"*{shown}*"
        anchor = "" if target.is_page_title else "#" + target.title.replace(" ", "-")
        if target.source == self.source:
            return f"[{shown}]({anchor or '#'})"
        here = Path(self.source).parent
        link = os.path.relpath(Path(target.source).with_suffix(".ipynb"), here)
        return f"[{shown}]({Path(link).as_posix()}{anchor})"

    def citation(self, name: str, content: str) -> str:
        """Return the citation as the book writes it (author-year), linked to References."""
        from sphinxcontrib.bibtex.style.referencing import format_references

        if self.book.bibliography is None:
            raise EditionError(f"{self.source}: {{{name}}} but no bibtex_bibfiles in _config.yml")
        style, formatter, info = _citation_style()
        keys = [k.strip() for k in content.split(",") if k.strip()]
        entries = []
        for key in keys:
            if key not in self.book.bibliography.entries:
                raise EditionError(f"{self.source}: unknown citation {key!r}")
            entry = self.book.bibliography.entries[key]
            formatted = next(iter(formatter.format_entries([entry])))
            entries.append((entry, formatted, info))
            if key not in self.cited:
                self.cited.append(key)
        role = "t" if name.startswith("cite:t") else "p"
        text = str(format_references(style, role, entries))
        return f"[{escape_markdown(text)}](#{self.words['references'].replace(' ', '-')})"

    def inline(self, text: str) -> str:
        """Replace every role in a line of prose, and its escaped dollars."""
        return literal_dollars(_ROLE.sub(lambda m: self.role(m["name"], m["content"]), text))

    # -- blocks ------------------------------------------------------------------------
    def flush(self, metadata: dict[str, Any] | None = None) -> None:
        """End the current markdown cell (with ``metadata``), if it has text."""
        text = "\n".join(self._buffer).strip("\n")
        self._buffer = []
        if text.strip():
            self.cells.append(nbformat.v4.new_markdown_cell(text, metadata=metadata or {}))

    def emit(self, line: str) -> None:
        """Add a line to the current markdown cell."""
        self._buffer.append(line)

    def markdown(self, text: str) -> None:
        """Convert one MyST markdown cell (it may open or close exercises and solutions)."""
        lines = join_roles(text).splitlines()
        if self.translate is not None:
            lines = translate_myst(lines, self.translate)
        for line in self.blocks(lines):
            self.emit(line)

    def blocks(self, lines: list[str]) -> Iterable[str]:
        """Yield the converted lines of a run of MyST lines (directives handled here)."""
        i = 0
        while i < len(lines):
            line = lines[i]
            directive = _FENCE.match(line)
            plain = _PLAIN_FENCE.match(line)
            if directive:
                end = closing(lines, i, directive["fence"])
                options, body = split_options(lines[i + 1:end])
                yield from self.directive(directive["name"], directive["arg"], options, body)
                i = end + 1
                continue
            if plain:
                end = closing(lines, i, plain["fence"])
                yield from lines[i:end + 1]
                i = end + 1
                continue
            if _LABEL.match(line) or line.startswith("%"):
                i += 1
                continue
            heading = _HEADING.match(line)
            if heading:
                self.section_level = len(heading["hashes"])
                if self._in_solution:
                    self._in_solution = False
            nxt = lines[i + 1] if i + 1 < len(lines) else ""
            if line.strip() and nxt.startswith(": ") and not line.startswith((" ", "-", "*")):
                yield f"- **{self.inline(line.strip())}**: {self.inline(nxt[2:].strip())}"
                i += 2
                while i < len(lines) and lines[i].startswith("  ") and lines[i].strip():
                    yield "  " + self.inline(lines[i].strip())
                    i += 1
                continue
            yield self.inline(line)
            i += 1

    def directive(self, name: str, arg: str, options: dict[str, str],
                  body: list[str]) -> Iterable[str]:
        """Yield the Markdown of one directive (or open an exercise or solution cell)."""
        if name in ADMONITIONS:
            title = arg if name == "admonition" else (arg or name.capitalize())
            colour = ADMONITIONS[name]
            for cls in options.get("class", "").split():
                colour = CLASS_COLOURS.get(cls, colour)
            inner = list(self.blocks(body))
            yield f'<div class="alert alert-block alert-{colour}">'
            yield ""
            yield f"**{self.inline(title)}**"
            yield ""
            yield from inner
            yield ""
            yield "</div>"
            return
        if name in ("exercise-start", "exercise"):
            label = options.get("label") or f"exercise-{len(self.exercises) + 1}"
            number = self.exercises.setdefault(label, len(self.exercises) + 1)
            self.flush()
            level = min(self.section_level + 1, 5)
            self.emit(f"{'#' * level} {self.words['exercise'].format(n=number)}")
            self.emit("")
            if arg:
                self.emit(f"**{self.inline(arg)}**")
                self.emit("")
            if name == "exercise":
                yield from self.blocks(body)
            return
        if name in ("exercise-end",):
            return
        if name in ("solution-start", "solution"):
            number = self.exercises.get(arg.strip())
            if number is None:
                raise EditionError(f"{self.source}: solution to unknown exercise {arg!r}")
            self.flush()
            level = min(self.section_level + 2, 6)
            self.emit(f"{'#' * level} {self.words['solution'].format(n=number)}")
            self.emit("")
            self.emit(self.words["hidden"])
            self.flush({"jp-MarkdownHeadingCollapsed": True, "tags": ["solution"]})
            self._in_solution = True
            if name == "solution":
                yield from self.blocks(body)
            return
        if name == "solution-end":
            self.flush()
            return
        if name == "glue:md":
            key = arg.strip()
            if key not in self.glue or "text/markdown" not in self.glue[key]:
                if not self.strict:
                    yield f"`{key}`"
                    return
                raise EditionError(f"{self.source}: no glued Markdown {key!r}; build the book")
            yield from self.blocks(join_roles(self.glue[key]["text/markdown"]).splitlines())
            return
        if name in ("code-block", "code", "sourcecode"):
            yield f"```{arg}"
            yield from body
            yield "```"
            return
        if name == "math":
            yield "$$"
            yield from body
            yield "$$"
            return
        raise EditionError(f"{self.source}: directive {{{name}}} has no notebook rendering")

    def code(self, cell: Any) -> None:
        """Copy a code cell; hide what the book hides; turn a figure caption into prose."""
        self.flush()
        metadata: dict[str, Any] = {}
        tags = list(cell.metadata.get("tags", []))
        jupyter: dict[str, bool] = {}
        if {"remove-input", "hide-input", "remove-cell", "hide-cell"} & set(tags):
            jupyter["source_hidden"] = True
        if {"remove-output", "hide-output"} & set(tags):
            jupyter["outputs_hidden"] = True
        if jupyter:
            metadata["jupyter"] = jupyter
        if tags:
            metadata["tags"] = tags
        self.cells.append(nbformat.v4.new_code_cell(cell.source, metadata=metadata))
        caption = ((cell.metadata.get("mystnb") or {}).get("figure") or {}).get("caption")
        if caption:
            caption = normalise(caption)
            if self.translate is not None:
                caption = self.translate(caption)
            self.emit(f"*{self.words['figure']}: {self.inline(caption)}*")
            self.flush()

    def references(self) -> None:
        """Add a References section with every work this notebook cites."""
        if not self.cited:
            return
        _style, formatter, _info = _citation_style()
        entries = [self.book.bibliography.entries[k] for k in self.cited]
        formatted = sorted(formatter.format_entries(entries), key=lambda e: e.label)
        self.emit(f"## {self.words['references']}")
        self.emit("")
        for entry in formatted:
            self.emit("- " + " ".join(entry.text.render_as("markdown").split()))
        self.flush()


_SPLIT_ROLE = re.compile(r"(\{[\w:-]+\}`[^`\n]*)\n[ \t]*([^`\n]*`)")


def join_roles(text: str) -> str:
    r"""Put every role on one line (a paragraph may wrap inside a role's text).

    Examples
    --------
    >>> join_roles("see {ref}`the claims appendix\n  <claims-page>` now")
    'see {ref}`the claims appendix <claims-page>` now'
    """
    while True:
        joined = _SPLIT_ROLE.sub(r"\1 \2", text)
        if joined == text:
            return text
        text = joined


def closing(lines: list[str], start: int, fence: str) -> int:
    """Index of the line closing the fence opened at ``start`` (the last line if none)."""
    char, size = fence[0], len(fence)
    depth = 0
    for j in range(start + 1, len(lines)):
        stripped = lines[j].strip()
        opener = re.match(rf"^{re.escape(char)}{{{size},}}", stripped)
        if opener and stripped == char * len(opener.group(0)) and len(stripped) >= size:
            if depth == 0:
                return j
            depth -= 1
        elif opener and len(opener.group(0)) == size and len(stripped) > size:
            depth += 1
    return len(lines) - 1


def split_options(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """Split a directive's leading ``:key: value`` (or ``---`` YAML) options from its body."""
    options: dict[str, str] = {}
    if lines and lines[0].strip() == "---" and "---" in lines[1:]:
        end = lines.index("---", 1)
        options = {k: str(v) for k, v in (yaml.safe_load("\n".join(lines[1:end])) or {}).items()}
        return options, lines[end + 1:]
    i = 0
    while i < len(lines):
        match = _OPTION.match(lines[i])
        if not match:
            break
        options[match["key"]] = match["value"]
        i += 1
    return options, lines[i:]


def convert(source: Path, book: Book, executed: Path | None = None,
            strict: bool = True) -> nbformat.NotebookNode:
    """Return the notebook edition of one MyST chapter, in ``book.lang``.

    Parameters
    ----------
    source : pathlib.Path
        ``chapters/<name>.md``.
    book : Book
        Labels, notebook pages and bibliography of the whole book, and the language.
    executed : pathlib.Path, optional
        The book build's executed notebooks (default: :data:`EXECUTED_BY_LANG` of the
        language, ``_build/jupyter_execute`` or ``_build/es/jupyter_execute``).
    strict : bool
        Fail on a glued value missing from ``executed``; else show its key as code
        (drafts only).
    """
    return _convert(source, book, executed, strict)[0]


def _convert(source: Path, book: Book, executed: Path | None = None,
             strict: bool = True) -> tuple[nbformat.NotebookNode, Catalogue | None]:
    rel = source.relative_to(book.root).as_posix()
    executed = EXECUTED_BY_LANG[book.lang] if executed is None else executed
    glue = glue_values(executed / Path(rel).with_suffix(".ipynb"))
    text_nb = jupytext.read(source)
    translate = Catalogue.read(book.root, rel, book.lang) if book.lang != LANGUAGES[0] else None
    converter = Converter(book, rel, glue, strict, translate)
    language_cell = LANGUAGE_CELL.get(book.lang)
    for cell in text_nb.cells:
        if cell.cell_type == "code":
            if language_cell is not None:  # before the first code cell: helpers in book.lang
                converter.flush()
                converter.cells.append(nbformat.v4.new_markdown_cell(language_cell[0]))
                converter.cells.append(nbformat.v4.new_code_cell(
                    language_cell[1], metadata={"tags": ["language"]}))
                language_cell = None
            converter.code(cell)
        elif cell.cell_type == "markdown":
            converter.markdown(cell.source)
            converter.emit("")
        else:  # raw cells go through unchanged
            converter.flush()
            converter.cells.append(nbformat.v4.new_raw_cell(cell.source))
    converter.flush()
    converter.references()
    check_solutions_end(converter.cells, rel, WORDS[book.lang]["references"])
    notebook = nbformat.v4.new_notebook(cells=converter.cells)
    kernelspec = text_nb.metadata.get("kernelspec") or {
        "display_name": "Python 3", "language": "python", "name": "python3"}
    source_name = os.path.relpath(source, (book.root / notebook_path(rel, book.lang)).parent)
    notebook.metadata = {
        "kernelspec": kernelspec,
        "language_info": {"name": "python"},
        MARK: {"source": Path(source_name).as_posix(),
               "note": "Generated from the MyST source by booktools.notebook_edition "
                       "(make notebooks); edit the .md file, not this one."},
    }
    if book.lang != LANGUAGES[0]:
        notebook.metadata[MARK]["language"] = book.lang
    for index, cell in enumerate(notebook.cells):
        cell["id"] = f"cell-{index:03d}"
    return notebook, translate


def check_solutions_end(cells: list[Any], source: str, references: str = "References") -> None:
    """Check that a heading follows every collapsed solution.

    A collapsed heading hides every cell up to the next heading of its level or above;
    without one, the prose after a solution would be hidden too.
    """
    for index, cell in enumerate(cells):
        if not cell.metadata.get("jp-MarkdownHeadingCollapsed"):
            continue
        level = len(_HEADING.match(cell.source.splitlines()[0])["hashes"])
        for later in cells[index + 1:]:
            if later.cell_type != "markdown":
                continue
            heading = _HEADING.match(later.source.lstrip().splitlines()[0])
            if heading and len(heading["hashes"]) <= level:
                break
        else:
            later = None
        if later is None and index != len(cells) - 1:
            tail = [c for c in cells[index + 1:] if c.cell_type == "markdown"]
            if tail and not tail[-1].source.startswith(f"## {references}"):
                raise EditionError(f"{source}: a solution is followed by prose without a "
                                   "heading; the collapsed solution would hide it")


def serialise(notebook: nbformat.NotebookNode) -> str:
    """Return the notebook as written to disk (stable: same input, same bytes)."""
    return nbformat.writes(notebook, version=4) + "\n"


@dataclass(frozen=True)
class Written:
    """One notebook of the edition: where it goes, its text, and its translation counts."""

    path: Path
    text: str
    lang: str = "en"
    translated: int = 0
    missing: tuple[str, ...] = ()


def notebooks(root: Path = REPO_ROOT, executed: Path | None = None, strict: bool = True,
              lang: str = "en") -> list[Written]:
    """Return every notebook of the edition in ``lang`` (see :func:`notebook_path`)."""
    book = Book.read(root, lang)
    written = []
    for rel in sorted(book.notebooks):
        notebook, translate = _convert(root / rel, book, executed, strict)
        written.append(Written(root / notebook_path(rel, lang), serialise(notebook), lang,
                               translate.translated if translate else 0,
                               tuple(translate.missing) if translate else ()))
    return written


def edition(root: Path = REPO_ROOT, executed: Path | None = None,
            strict: bool = True, lang: str = "en") -> dict[Path, str]:
    """Return ``{notebook path: content}`` for every page of the book that has code."""
    return {w.path: w.text for w in notebooks(root, executed, strict, lang)}


def stale(root: Path = REPO_ROOT, executed: Path | None = None,
          lang: str = "en") -> list[Path]:
    """Notebooks that are missing or differ from what :func:`edition` writes."""
    return [path for path, text in edition(root, executed, lang=lang).items()
            if not path.is_file() or path.read_text(encoding="utf-8") != text]


def main(argv: list[str] | None = None) -> int:
    """Command line: write the notebook edition (both languages by default), or ``--check`` it."""
    parser = argparse.ArgumentParser(prog="python -m booktools.notebook_edition",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report stale notebooks")
    parser.add_argument("--lang", choices=[*LANGUAGES, "all"], default="all",
                        help="which edition (default: %(default)s)")
    parser.add_argument("--executed", type=Path, default=EXECUTED_BY_LANG["en"],
                        help="executed notebooks of the English build (default: %(default)s)")
    parser.add_argument("--executed-es", type=Path, default=EXECUTED_BY_LANG["es"],
                        help="executed notebooks of the Spanish build (default: %(default)s)")
    args = parser.parse_args(argv)
    languages = LANGUAGES if args.lang == "all" else (args.lang,)
    executed = {"en": args.executed, "es": args.executed_es}
    status = 0
    for lang in languages:
        if not executed[lang].is_dir():
            print(f"{executed[lang]} does not exist: build the book first (make book).",
                  file=sys.stderr)
            return 2
        for item in notebooks(REPO_ROOT, executed[lang], lang=lang):
            name = item.path.relative_to(REPO_ROOT)
            current = item.path.is_file() and item.path.read_text(encoding="utf-8") == item.text
            if lang != LANGUAGES[0]:
                print(f"{name}: {item.translated} prose blocks translated, "
                      f"{len(item.missing)} not")
                for block in item.missing:
                    print(f"  untranslated: {block[:100]!r}")
            if args.check:
                if not current:
                    print(f"stale: {name}")
                    status = 1
            elif not current:
                item.path.parent.mkdir(parents=True, exist_ok=True)
                item.path.write_text(item.text, encoding="utf-8")
                print(f"wrote {name}")
    return status


if __name__ == "__main__":
    sys.exit(main())
