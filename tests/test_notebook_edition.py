"""The notebook edition (booktools.notebook_edition): MyST chapters as notebooks Jupyter renders."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest

from booktools import notebook_edition as edition

REPO = Path(__file__).resolve().parents[1]

#: MyST that Jupyter would show as it is.
RAW = re.compile(r"\{[\w:-]+\}`|^\s*:[\w-]+:|^\([\w.-]+\)=\s*$|(```|:::)\s*\{", re.M)

CHAPTER = r"""---
jupytext:
  text_representation: {extension: .md, format_name: myst}
kernelspec: {display_name: Python 3, language: python, name: python3}
---

(demo)=
# A demo chapter

```{admonition} Learning objectives
:class: tip
- read a {term}`kingpin <Kingpin Strategy>` table;
- cite {cite}`sam2015`.
```

(demo-rates)=
## Rates

```{code-cell} ipython3
from myst_nb import glue
glue("rate", 12.345, display=False)
```

The rate was {glue:text}`rate:.1f` per 100,000 ({cite:t}`sam2015`); see {ref}`demo-rates`,
{ref}`the other
page <other>` and {ref}`demo-ex-1`. Money: {glue:text}`money`.

About US\$2.4 billion, and a formula $x^2$.

supported
: the data agree.

```{code-cell} ipython3
---
tags: [remove-input]
mystnb:
  figure:
    caption: "A {term}`Kingpin Strategy` figure."
---
print("chart")
```

## Exercises

```{exercise-start}
:label: demo-ex-1
```
Compute it.
```{exercise-end}
```

```{solution-start} demo-ex-1
:class: dropdown
```
```{code-cell} ipython3
answer = 42
```
Because.
```{solution-end}
```

## Further reading
"""

OTHER = """---
kernelspec: {display_name: Python 3, language: python, name: python3}
---

(other)=
# Other page

```{code-cell} ipython3
1
```
"""

BIB = """@misc{sam2015,
  author = {{Security Assistance Monitor}},
  title = {The kingpin strategy},
  year = {2015},
}
"""


@pytest.fixture
def demo_book(tmp_path: Path) -> Path:
    """A two-page book in a temporary folder (not the session's ``book`` build)."""
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "demo.md").write_text(CHAPTER)
    (tmp_path / "chapters" / "other.md").write_text(OTHER)
    (tmp_path / "references.bib").write_text(BIB)
    (tmp_path / "_toc.yml").write_text(
        "format: jb-book\nroot: chapters/demo\nchapters:\n  - file: chapters/other\n")
    (tmp_path / "_config.yml").write_text("bibtex_bibfiles:\n  - references.bib\n")
    executed = tmp_path / "_build" / "jupyter_execute" / "chapters"
    executed.mkdir(parents=True)
    glue = {name: {"output_type": "display_data", "data": {"text/plain": value},
                   "metadata": {"scrapbook": {"name": name, "mime_prefix": ""}}}
            for name, value in {"rate": "12.345", "money": "'$2,405 million'"}.items()}
    (executed / "demo.glue.json").write_text(json.dumps(glue))
    return tmp_path


def test_chapter_becomes_a_notebook_jupyter_renders(demo_book: Path) -> None:
    nb = edition.convert(demo_book / "chapters/demo.md", edition.Book.read(demo_book),
                         demo_book / "_build/jupyter_execute")
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert not RAW.search(markdown), RAW.search(markdown)
    assert "The rate was 12.3 per 100,000" in markdown
    # two dollars in a paragraph would make a formula in Jupyter, escaped or not
    assert f"Money: {edition.DOLLAR}2,405 million" in markdown
    assert f"About US{edition.DOLLAR}2.4 billion" in markdown and "$x^2$" in markdown
    assert "[Security Assistance Monitor \\[2015\\]](#References)" in markdown
    assert "[Rates](#Rates)" in markdown
    assert "[the other page](other.ipynb)" in markdown
    assert "[Exercise 1](#Exercise-1)" in markdown
    assert "read a kingpin table" in markdown
    assert '<div class="alert alert-block alert-success">' in markdown
    assert "- **supported**: the data agree." in markdown
    assert "*Figure: A Kingpin Strategy figure.*" in markdown
    assert "## References" in markdown and "The kingpin strategy" in markdown


def test_code_is_unchanged_and_what_the_book_hides_is_collapsed(demo_book: Path) -> None:
    nb = edition.convert(demo_book / "chapters/demo.md", edition.Book.read(demo_book),
                         demo_book / "_build/jupyter_execute")
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert [c.source for c in code] == [
        'from myst_nb import glue\nglue("rate", 12.345, display=False)', 'print("chart")',
        "answer = 42"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert code[1].metadata["jupyter"] == {"source_hidden": True}
    assert "jupytext" not in nb.metadata and edition.MARK in nb.metadata  # never paired


def test_solutions_sit_under_a_collapsed_heading_that_ends_at_the_next_one(demo_book: Path) -> None:
    nb = edition.convert(demo_book / "chapters/demo.md", edition.Book.read(demo_book),
                         demo_book / "_build/jupyter_execute")
    sources = [c.source for c in nb.cells]
    exercise = next(i for i, s in enumerate(sources) if s.startswith("### Exercise 1"))
    solution = next(i for i, s in enumerate(sources) if s.startswith("#### Solution"))
    assert nb.cells[solution].metadata["jp-MarkdownHeadingCollapsed"] is True
    assert exercise < solution
    assert sources[solution + 1] == "answer = 42" and sources[solution + 2] == "Because."
    assert sources[solution + 3].startswith("## Further reading")


def test_unknown_myst_and_missing_values_are_errors(demo_book: Path) -> None:
    book = demo_book
    path = book / "chapters/demo.md"
    path.write_text(CHAPTER.replace("{glue:text}`money`", "{glue:text}`nothing`"))
    with pytest.raises(edition.EditionError, match="no glued value 'nothing'"):
        edition.convert(path, edition.Book.read(book), book / "_build/jupyter_execute")
    path.write_text(CHAPTER.replace("{glue:text}`money`", "{mystery}`x`"))
    with pytest.raises(edition.EditionError, match="role {mystery}"):
        edition.convert(path, edition.Book.read(book), book / "_build/jupyter_execute")


def test_output_is_stable(demo_book: Path) -> None:
    book = demo_book
    first = edition.edition(book, book / "_build/jupyter_execute")
    assert first == edition.edition(book, book / "_build/jupyter_execute")
    assert sorted(p.name for p in first) == ["demo.ipynb", "other.ipynb"]


def test_every_page_with_code_has_its_notebook_committed() -> None:
    book = edition.Book.read(REPO)
    assert "chapters/intro.md" in book.notebooks
    for rel in sorted(book.notebooks):
        path = REPO / Path(rel).with_suffix(".ipynb")
        assert path.is_file(), f"{path.name} missing: run `make notebooks` and commit it"
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert not RAW.search(text), f"{path.name}: {RAW.search(text)}"
        assert "jupytext" not in nb.metadata, f"{path.name} would be paired with its .md"


@pytest.mark.build
def test_committed_notebooks_match_the_book(book_html: Path) -> None:
    executed = book_html.parent / "jupyter_execute"
    stale = edition.stale(REPO, executed)
    assert not stale, (f"stale notebook edition: {[p.name for p in stale]}; "
                       "run `make notebooks` and commit chapters/**/*.ipynb")


# --------------------------------------------------------------------------- Spanish edition
#: The demo chapter's messages as Sphinx extracts them (the figure caption is left out:
#: it must be counted as untranslated).
DEMO_ES = {
    "A demo chapter": "Un capítulo de prueba",
    "Learning objectives": "Objetivos de aprendizaje",
    "read a {term}`kingpin <Kingpin Strategy>` table;":
        "leer una tabla de {term}`capos <Kingpin Strategy>`;",
    "cite {cite}`sam2015`.": "citar {cite}`sam2015`.",
    "Rates": "Tasas",
    "The rate was {glue:text}`rate:.1f` per 100,000 ({cite:t}`sam2015`); see "
    "{ref}`demo-rates`, {ref}`the other page <other>` and {ref}`demo-ex-1`. Money: "
    "{glue:text}`money`.":
        "La tasa fue de {glue:text}`rate:.1f` por cada 100 mil ({cite:t}`sam2015`); véanse "
        "{ref}`demo-rates`, {ref}`la otra página <other>` y {ref}`demo-ex-1`. Dinero: "
        "{glue:text}`money`.",
    "About US\\$2.4 billion, and a formula $x^2$.":
        "Unos 2.4 mil millones de US\\$, y una fórmula $x^2$.",
    "supported": "respaldada",
    "the data agree.": "los datos coinciden.",
    "Exercises": "Ejercicios",
    "Compute it.": "Calcúlala.",
    "Because.": "Porque sí.",
    "Further reading": "Lecturas adicionales",
}


def _spanish(book: Path, messages: dict[str, str] = DEMO_ES) -> Path:
    """Write the demo chapter's Spanish catalogue and executed notebook."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(locale="es")
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr)
    folder = book / "locales/es/LC_MESSAGES/chapters"
    folder.mkdir(parents=True)
    with (folder / "demo.po").open("wb") as handle:
        write_po(handle, catalog)
    executed = book / "_build/es/jupyter_execute/chapters"
    executed.mkdir(parents=True)
    glue = json.loads((book / "_build/jupyter_execute/chapters/demo.glue.json").read_text())
    glue["money"]["data"]["text/plain"] = "'2,405 millones de dólares'"
    (executed / "demo.glue.json").write_text(json.dumps(glue))
    return book / "_build/es/jupyter_execute"


def test_spanish_notebook_is_translated_from_the_catalogue(demo_book: Path) -> None:
    executed = _spanish(demo_book)
    book = edition.Book.read(demo_book, "es")
    nb, catalogue = edition._convert(demo_book / "chapters/demo.md", book, executed)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert not RAW.search(markdown), RAW.search(markdown)
    assert markdown.startswith("# Un capítulo de prueba")
    assert "**Objetivos de aprendizaje**" in markdown and "- leer una tabla de capos;" in markdown
    # glued values from the Spanish build; links and anchors to the Spanish headings
    assert "La tasa fue de 12.3 por cada 100 mil" in markdown
    assert "Dinero: 2,405 millones de dólares" in markdown
    assert "[Tasas](#Tasas)" in markdown and "[la otra página](other.ipynb)" in markdown
    assert "[Ejercicio 1](#Ejercicio-1)" in markdown
    assert "[Security Assistance Monitor \\[2015\\]](#Referencias)" in markdown
    assert "- **respaldada**: los datos coinciden." in markdown
    assert "### Ejercicio 1" in markdown and "#### Solución del ejercicio 1" in markdown
    assert "## Lecturas adicionales" in markdown and "## Referencias" in markdown
    assert "Exercise" not in markdown and "Solution" not in markdown
    # every block but the caption (not in the helpers' strings catalogue) is translated
    assert catalogue.translated == len(DEMO_ES)
    assert catalogue.missing == ["A {term}`Kingpin Strategy` figure."]
    assert "*Figura: A Kingpin Strategy figure.*" in markdown
    # code unchanged, after a first cell that selects the language for the helpers
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].source == edition.LANGUAGE_CELL["es"][1]
    assert 'os.environ["KINGPIN_LANG"] = "es"' in code[0].source
    assert not code[0].metadata.get("jupyter"), "the language cell must be visible"
    english = edition.convert(demo_book / "chapters/demo.md", edition.Book.read(demo_book),
                              demo_book / "_build/jupyter_execute")
    assert [c.source for c in code[1:]] == [
        c.source for c in english.cells if c.cell_type == "code"]
    assert nb.metadata[edition.MARK]["language"] == "es"


def test_spanish_notebooks_mirror_the_chapters_folder(demo_book: Path) -> None:
    executed = _spanish(demo_book)
    written = edition.notebooks(demo_book, executed, lang="es")
    assert [w.path.relative_to(demo_book).as_posix() for w in written] == [
        "chapters/es/demo.ipynb", "chapters/es/other.ipynb"]
    assert [len(w.missing) for w in written] == [1, 1]  # the caption; "Other page"
    assert written == edition.notebooks(demo_book, executed, lang="es")  # stable
    with pytest.raises(ValueError, match="lang='fr'"):
        edition.notebooks(demo_book, executed, lang="fr")


def test_every_prose_block_of_the_spanish_notebooks_is_translated() -> None:
    """Each paragraph, heading, list item, table cell, admonition and caption of every
    chapter with code has a translation in its catalogue (glued values not needed)."""
    written = edition.notebooks(REPO, strict=False, lang="es")
    missing = {w.path.relative_to(REPO).as_posix(): list(w.missing) for w in written
               if w.missing}
    assert sum(w.translated for w in written) > 500
    assert not missing, ("prose left in English (translate it in locales/es, or the caption "
                         f"in helpers/reference/locales/es.json): {missing}")


def test_every_page_with_code_has_its_spanish_notebook_committed() -> None:
    book = edition.Book.read(REPO, "es")
    for rel in sorted(book.notebooks):
        path = REPO / edition.notebook_path(rel, "es")
        assert path.is_file(), f"{path} missing: run `make notebooks` and commit it"
        nb = nbformat.read(path, as_version=4)
        assert nb.metadata[edition.MARK]["language"] == "es"
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert not RAW.search(text), f"{path.name}: {RAW.search(text)}"
        first = next(c for c in nb.cells if c.cell_type == "code")
        assert first.source == edition.LANGUAGE_CELL["es"][1], path


def test_launch_urls_point_at_the_spanish_notebook() -> None:
    from booktools.i18n_fixes import launch_urls

    binder = "https://mybinder.org/v2/gh/o/r/main?urlpath=tree/chapters/appendix/claims.ipynb"
    hub = ("https://hub/hub/user-redirect/git-pull?repo=x&urlpath=tree/r/chapters/appendix/"
           "claims.ipynb&branch=main")
    group = {"label": "launch-buttons", "buttons": [{"url": binder}, {"url": hub},
                                                    {"type": "javascript"}]}
    assert launch_urls([group], "chapters/appendix/claims", "en", REPO) == 0
    assert launch_urls([group], "chapters/appendix/claims", "es", REPO) == 2
    assert [b.get("url") for b in group["buttons"]] == [
        binder.replace("chapters/", "chapters/es/"), hub.replace("chapters/", "chapters/es/"),
        None]
    # no Spanish notebook (a page without code): the English one stays
    other = {"label": "launch-buttons", "buttons": [{"url": binder}]}
    assert launch_urls([other], "chapters/appendix/glossary", "es", REPO) == 0


@pytest.mark.build
def test_committed_spanish_notebooks_match_the_book(book_html: Path) -> None:
    executed = book_html.parent / "es" / "jupyter_execute"
    stale = edition.stale(REPO, executed, lang="es")
    assert not stale, (f"stale Spanish notebook edition: {[p.name for p in stale]}; "
                       "run `make notebooks` and commit chapters/es/")


@pytest.mark.build
def test_spanish_launch_buttons_open_spanish_notebooks(book_html: Path) -> None:
    from urllib.parse import parse_qs, urlsplit

    from bs4 import BeautifulSoup

    for rel in sorted(edition.Book.read(REPO).notebooks):
        page = book_html / "es" / Path(rel).with_suffix(".html")
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = [a["href"] for a in soup.select('.dropdown-launch-buttons a[href*="mybinder"]')]
        assert len(links) == 1, f"{page}: {links}"
        urlpath = parse_qs(urlsplit(links[0]).query)["urlpath"][0]
        assert urlpath == "tree/" + edition.notebook_path(rel, "es"), (rel, links[0])
        target = REPO / urlpath.removeprefix("tree/")
        assert target.is_file(), f"{rel}: the Spanish button opens {target}, which is missing"
        assert nbformat.read(target, as_version=4).metadata[edition.MARK]["language"] == "es"
        english = BeautifulSoup((book_html / Path(rel).with_suffix(".html")).read_text(
            encoding="utf-8"), "html.parser")
        assert "/chapters/es/" not in str(english.select(".dropdown-launch-buttons"))
