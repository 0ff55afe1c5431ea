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
