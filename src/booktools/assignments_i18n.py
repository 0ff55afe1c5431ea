"""The assignments' student notebooks in Spanish, from the English ones and catalogues (issue 19).

The English source notebooks (``assignments/<nn-slug>/<slug>.ipynb``) stay the only
source: ``otter assign`` makes the English student notebook
(``assignments/<nn-slug>/student/<slug>.ipynb``, :mod:`booktools.assignments`), and
this module writes its Spanish twin, ``assignments/<nn-slug>/student/es/<slug>.ipynb``.
Same file name, so the otter cell ``otter.Notebook("<slug>.ipynb")`` and the export
cell work unchanged and the same autograder grades it.

* **Catalogues**: one gettext catalogue per assignment,
  ``locales/es/LC_MESSAGES/assignments/<slug>.po``, one message per Markdown block of the
  student notebook (heading, paragraph, list item, table cell, cut as the chapters' are,
  :func:`booktools.notebook_edition.translate_myst`) and per full-line comment that
  students read in a code cell (``# Save your notebook first...``). Otter's markers
  (``<!-- BEGIN QUESTION -->``) are never messages. ``make translations`` runs
  :func:`update` after the chapters' catalogues: new messages arrive empty, changed ones
  fuzzy (babel's merge, as ``sphinx-intl update`` does).
* **Generation** (:func:`translate`): Markdown cells translated block by block from the
  catalogue; code cells identical but for the comment lines; first, one Markdown cell
  and one code cell that set ``KINGPIN_LANG=es`` (the helpers' labels in Spanish).
  Notebook metadata (otter's public tests included) and cell metadata are kept, so the
  check cells and the autograder behave as in English.
* ``python -m booktools.assignments assign`` writes them after the English ones
  (:func:`publish`); ``... check`` fails if one is stale or a block is untranslated
  (:func:`problems`).

Command line::

    python -m booktools.assignments_i18n translations   # update the catalogues, print counts
    python -m booktools.assignments_i18n write          # write the Spanish student notebooks
    python -m booktools.assignments_i18n check          # catalogues complete, notebooks current?
"""

from __future__ import annotations

import argparse
import copy
import io
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from booktools.assignments import Assignment, assignments
from booktools.notebook_edition import Catalogue, normalise, translate_myst
from helpers.reference.i18n import LANG_ENV
from helpers.reference.paths import REPO_ROOT

#: Languages the student notebooks are translated into.
LANGUAGES: tuple[str, ...] = ("es",)
#: Catalogues: ``<LOCALES>/<lang>/LC_MESSAGES/assignments/<slug>.po``.
LOCALES = REPO_ROOT / "locales"
#: The cells put first in a translated notebook: a sentence, then the code that selects
#: the language of the helpers' labels.
LANGUAGE_CELL: dict[str, tuple[str, str]] = {
    "es": ("Antes que nada, ejecuta la celda de abajo: pide a las funciones del libro "
           "(`helpers`) que escriban en español los títulos, los ejes y las leyendas de las "
           "gráficas.",
           f'import os\n\nos.environ["{LANG_ENV}"] = "es"'),
}
#: Tag of the language cells (tests and :func:`code_cells` skip them).
LANGUAGE_TAG = "kingpin-language"
#: Metadata key of a translated notebook: its language.
MARK = "kingpin_assignment_language"

_HTML_COMMENT = re.compile(r"^\s*<!--.*-->\s*$", re.S)
_COMMENT = re.compile(r"^(?P<indent>\s*)#\s+(?P<text>.*\S)\s*$")
#: Comments that are otter's or tools' markers, never prose.
_MARKER = re.compile(r"^(BEGIN|END|IGNORE|SOLUTION|TEST|HIDDEN|otter:|noqa|type:)", re.I)


def _check_lang(lang: object) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"lang={lang!r} is not a language of the assignments; "
                         f"allowed: {', '.join(LANGUAGES)}")
    return str(lang)


def catalogue_path(item: Assignment, lang: str = "es") -> Path:
    """Return the catalogue of an assignment: ``locales/<lang>/LC_MESSAGES/assignments/<slug>.po``.

    Examples
    --------
    >>> from booktools.assignments import find
    >>> catalogue_path(find("01")).relative_to(REPO_ROOT).as_posix()
    'locales/es/LC_MESSAGES/assignments/history-and-aid.po'
    """
    return LOCALES / _check_lang(lang) / "LC_MESSAGES" / "assignments" / f"{item.source.stem}.po"


def translated_path(item: Assignment, lang: str = "es") -> Path:
    """Return the translated student notebook: ``<folder>/student/<lang>/<slug>.ipynb``.

    Examples
    --------
    >>> from booktools.assignments import find
    >>> translated_path(find("02")).relative_to(REPO_ROOT).as_posix()
    'assignments/02-violence-by-state/student/es/violence-by-state.ipynb'
    """
    return item.published.parent / _check_lang(lang) / item.published.name


def student_path(item: Assignment, lang: str = "en") -> Path:
    """Return the student notebook readers of ``lang`` open (the English one for ``"en"``).

    Examples
    --------
    >>> from booktools.assignments import find
    >>> student_path(find("01"), "en").name, student_path(find("01"), "es").parent.name
    ('history-and-aid.ipynb', 'es')
    """
    return item.published if lang == "en" else translated_path(item, lang)


def student_notebook(item: Assignment, lang: str | None = None) -> str:
    """Return the student notebook a reader of ``lang`` should open, relative to the repository.

    What Binder and nbgitpuller links open (the instructor guide builds them).

    Parameters
    ----------
    item : Assignment
        The assignment.
    lang : str, optional
        ``"en"`` or ``"es"``; default: the book's language
        (:func:`helpers.reference.i18n.language`, ``KINGPIN_LANG``).

    Examples
    --------
    >>> from booktools.assignments import find
    >>> student_notebook(find("01"), "es")
    'assignments/01-history-and-aid/student/es/history-and-aid.ipynb'
    >>> student_notebook(find("01"), "en")
    'assignments/01-history-and-aid/student/history-and-aid.ipynb'
    """
    from helpers.reference.i18n import language

    lang = language() if lang is None else lang
    if lang != "en":
        _check_lang(lang)
    return student_path(item, lang).relative_to(REPO_ROOT).as_posix()


def _prose(line: str) -> str | None:
    """Return the text of a full-line comment that reads as prose, else None.

    Examples
    --------
    >>> _prose("# Save your notebook first, then run this cell.")
    'Save your notebook first, then run this cell.'
    >>> _prose("# BEGIN SOLUTION") is None, _prose("x = 1  # a value") is None
    (True, True)
    """
    match = _COMMENT.match(line)
    if not match or _MARKER.match(match["text"]) or not re.search(r"[A-Za-z]{2}", match["text"]):
        return None
    return match["text"]


@dataclass
class _Blocks(Catalogue):
    """A catalogue that also records every block it sees (``seen``) and skips otter's markers."""

    seen: list[str] = field(default_factory=list)

    def __call__(self, text: str) -> str:
        if not text.strip() or _HTML_COMMENT.match(text):
            return text
        self.seen.append(normalise(text))
        return super().__call__(text) if self.messages else text


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _translate_cell(cell: dict[str, Any], blocks: _Blocks) -> dict[str, Any]:
    out = copy.deepcopy(cell)
    text = _source(cell)
    if cell.get("cell_type") == "markdown":
        translated = "\n".join(translate_myst(text.split("\n"), blocks))
    elif cell.get("cell_type") == "code":
        lines = []
        for line in text.split("\n"):
            prose = _prose(line)
            if prose is not None:
                indent = line[:len(line) - len(line.lstrip())]
                line = f"{indent}# {blocks(prose)}"
            lines.append(line)
        translated = "\n".join(lines)
    else:
        return out
    out["source"] = _lines(translated) if isinstance(cell.get("source"), list) else translated
    return out


def messages(notebook: Path) -> list[str]:
    """Return the messages of a student notebook, in order, each once.

    Parameters
    ----------
    notebook : pathlib.Path
        An English student notebook.

    Examples
    --------
    >>> from booktools.assignments import find
    >>> found = messages(find("01").published)
    >>> found[:2]
    ['Initialize Otter', 'Assignment 1: The Kingpin Strategy, presidents and U.S. aid']
    >>> "<!-- BEGIN QUESTION -->" in found, "Initialize Otter" in found
    (False, True)
    """
    data = json.loads(Path(notebook).read_text(encoding="utf-8"))
    blocks = _Blocks({})
    for cell in data.get("cells", []):
        _translate_cell(cell, blocks)
    return list(dict.fromkeys(blocks.seen))


def read_catalogue(path: Path) -> dict[str, str]:
    """Return ``{message: translation}`` of a catalogue: translated, non-fuzzy messages only."""
    from babel.messages.pofile import read_po

    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        return {normalise(str(m.id)): str(m.string) for m in read_po(handle)
                if m.id and m.string and not m.fuzzy}


def update(item: Assignment, lang: str = "es") -> Path:
    """Merge the messages of an assignment's English student notebook into its catalogue.

    New messages arrive empty and changed ones fuzzy (babel's merge, like ``sphinx-intl
    update``); the file is left alone when its messages are already today's.

    Returns
    -------
    pathlib.Path
        The catalogue.
    """
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    path = catalogue_path(item, lang)
    found = messages(item.published)
    if path.is_file():
        with path.open("rb") as handle:
            catalog = read_po(handle)
        if [str(m.id) for m in catalog if m.id] == found:
            return path
    else:
        catalog = Catalog(locale=lang, project=f"Kingpin book, assignment {item.key}",
                          fuzzy=False)
    template = Catalog(project=catalog.project, fuzzy=False)
    for text in found:
        template.add(text)
    catalog.update(template, update_creation_date=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, ignore_obsolete=True, no_location=True)
    path.write_bytes(buffer.getvalue())
    return path


@dataclass
class Translation:
    """A translated student notebook (its JSON text) and the blocks left untranslated."""

    text: str
    translated: int
    missing: list[str]


def translate(item: Assignment, lang: str = "es") -> Translation:
    """Return the translated student notebook of ``item`` (see the module's description).

    Examples
    --------
    >>> from booktools.assignments import find
    >>> result = translate(find("01"))
    >>> result.missing
    []
    >>> json.loads(result.text)["metadata"]["kingpin_assignment_language"]
    'es'
    """
    data = json.loads(item.published.read_text(encoding="utf-8"))
    blocks = _Blocks(read_catalogue(catalogue_path(item, lang)))
    cells = [_translate_cell(cell, blocks) for cell in data.get("cells", [])]
    sentence, code = LANGUAGE_CELL[lang]
    tags = {"tags": [LANGUAGE_TAG]}
    first = [{"cell_type": "markdown", "id": "", "metadata": copy.deepcopy(tags),
              "source": _lines(sentence)},
             {"cell_type": "code", "execution_count": None, "id": "",
              "metadata": copy.deepcopy(tags), "outputs": [], "source": _lines(code)}]
    data["cells"] = first + cells
    data.setdefault("metadata", {})[MARK] = lang
    for index, cell in enumerate(data["cells"]):  # as booktools.assignments.student_text
        cell["id"] = f"cell-{index:03d}"
    text = json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
    return Translation(text, blocks.translated, list(dict.fromkeys(blocks.missing)))


def code_cells(notebook: Path, *, comments: bool = False) -> list[str]:
    """Return the code of a student notebook's code cells, the language cell left out.

    Parameters
    ----------
    notebook : pathlib.Path
        A student notebook, English or translated.
    comments : bool
        Keep full-line prose comments (they are translated); False drops them, so that
        the code of both languages compares equal.
    """
    data = json.loads(Path(notebook).read_text(encoding="utf-8"))
    out = []
    for cell in data.get("cells", []):
        if cell.get("cell_type") != "code" or LANGUAGE_TAG in cell.get("metadata", {}).get(
                "tags", []):
            continue
        lines = _source(cell).split("\n")
        out.append("\n".join(line for line in lines if comments or _prose(line) is None))
    return out


def publish(item: Assignment, lang: str = "es") -> Translation:
    """Write the translated student notebook of ``item`` (after ``otter assign``)."""
    result = translate(item, lang)
    path = translated_path(item, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(result.text, encoding="utf-8")
    return result


def answer_placeholders(message: str = "_Type your answer here, replacing this text._") -> set[str]:
    """Return otter's placeholder of a written answer, in English and every translation.

    :mod:`booktools.handgrading` skips an answer cell that still holds it; a Spanish
    notebook holds the translation.

    Examples
    --------
    >>> for text in sorted(answer_placeholders()):
    ...     print(text)
    _Escribe aquí tu respuesta, en lugar de este texto._
    _Type your answer here, replacing this text._
    """
    found = {message}
    for lang in LANGUAGES:
        for item in assignments():
            found.add(read_catalogue(catalogue_path(item, lang)).get(message, message))
    return found


def _shown(path: Path) -> str:
    """Return ``path`` relative to the repository when it is inside it."""
    return path.relative_to(REPO_ROOT).as_posix() if path.is_relative_to(REPO_ROOT) else str(path)


def problems(items: Iterable[Assignment] | None = None, lang: str = "es") -> list[str]:
    """Return what is wrong with the translated student notebooks (empty when all is well).

    A catalogue that lacks messages of today's English notebook, an untranslated or fuzzy
    block, or a committed translated notebook that differs from what :func:`translate`
    makes today.

    Examples
    --------
    >>> problems()
    []
    """
    found = []
    for item in assignments() if items is None else items:
        rel = _shown(translated_path(item, lang))
        result = translate(item, lang)
        if result.missing:
            found.append(f"{rel}: {len(result.missing)} block(s) untranslated, first: "
                         f"{result.missing[0][:70]!r} (run `make translations`, translate "
                         f"{_shown(catalogue_path(item, lang))})")
        path = translated_path(item, lang)
        if not path.is_file() or path.read_text(encoding="utf-8") != result.text:
            found.append(f"stale: {rel} (run `make assignments` and commit it)")
    return found


def report(items: Iterable[Assignment] | None = None, lang: str = "es") -> str:
    """Return a table: messages, words, translated and untranslated blocks per notebook."""
    lines = [f"{'assignment':<28}{'messages':>10}{'words':>8}{'translated':>12}"
             f"{'untranslated':>14}"]
    for item in assignments() if items is None else items:
        found = messages(item.published)
        result = translate(item, lang)
        lines.append(f"{item.key:<28}{len(found):>10}{sum(len(m.split()) for m in found):>8}"
                     f"{result.translated:>12}{len(result.missing):>14}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``translations``, ``write`` or ``check`` (see the module's description)."""
    parser = argparse.ArgumentParser(prog="python -m booktools.assignments_i18n",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("translations", "write", "check"))
    args = parser.parse_args(argv)
    for lang in LANGUAGES:
        if args.command == "translations":
            for item in assignments():
                update(item, lang)
        elif args.command == "write":
            for item in assignments():
                publish(item, lang)
        print(report(lang=lang))
        if args.command == "check":
            found = problems(lang=lang)
            print("\n".join(found) or "the Spanish student notebooks are complete and current")
            if found:
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
