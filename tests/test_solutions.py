"""Every exercise solution in the book is executed in the build.

Solutions are sphinx-exercise gated directives whose code is a `{code-cell}` (executed by
myst-nb, so a solution that breaks fails the build and `test_chapters`), never a static
```` ```python ```` block that would rot unnoticed. Also unit tests of the scanner used here
and by the student edition.
"""

from __future__ import annotations

import doctest
import json
import re
from pathlib import Path

import pytest

from booktools import solutions as scanner
from booktools import student_build, student_edition
from booktools.solutions import chapter_solutions, solutions, strip_solutions

REPO = Path(__file__).resolve().parents[1]
CHAPTERS = chapter_solutions(REPO / "chapters")


def test_the_book_has_exercise_solutions():
    assert sum(len(found) for found in CHAPTERS.values()) >= 3


@pytest.mark.parametrize("chapter", [p for p, found in CHAPTERS.items() if found],
                         ids=lambda p: p.stem)
def test_solutions_are_executed_code_cells(chapter):
    """Solutions run as code cells; a written exercise (rung-interpret, rung-extend) may
    instead have a model answer in prose, but never static code."""
    text = chapter.read_text(encoding="utf-8")
    labels = set(re.findall(r"^:label:\s*(\S+)", text, flags=re.MULTILINE))
    rungs = dict(re.findall(r"^:label:\s*(\S+)\n:class:\s*rung-(\w+)", text, flags=re.MULTILINE))
    for sol in CHAPTERS[chapter]:
        assert not sol.static_code, (
            f"{chapter.name}: the solution to {sol.target} has static code blocks "
            f"{sol.static_code}; write solution code as ```{{code-cell}} ipython3 so it runs")
        if rungs.get(sol.target) in ("interpret", "extend"):
            assert sol.code_cells or sol.body.strip(), f"{sol.target}: empty model answer"
        else:
            assert sol.code_cells, f"{chapter.name}: the solution to {sol.target} has no code cell"
        assert sol.target in labels, f"{chapter.name}: no exercise labelled {sol.target}"


def test_solution_labels_are_unique_book_wide():
    targets = [sol.target for found in CHAPTERS.values() for sol in found]
    assert len(targets) == len(set(targets))


GOOD = """
Intro.

```{exercise-start}
:label: demo-ex-1
```
Question.
```{exercise-end}
```

```{solution-start} demo-ex-1
:class: dropdown
```
Some words.
```{code-cell} ipython3
answer = 6 * 7
```
```{solution-end}
```

After.
"""


def test_scanner_finds_gated_solutions_and_their_code():
    [sol] = solutions(GOOD)
    assert sol.target == "demo-ex-1"
    assert sol.code_cells == ["answer = 6 * 7"] and sol.static_code == []
    assert "Some words." in sol.body
    stripped = strip_solutions(GOOD)
    assert "answer = 6 * 7" not in stripped and "solution-" not in stripped
    assert "Question." in stripped and "After." in stripped


def test_scanner_flags_static_code_and_plain_solution_directives():
    doc = GOOD.replace("```{code-cell} ipython3", "```python")
    assert solutions(doc)[0].static_code == ["python"]
    plain = "````{solution} demo-ex-1\n```{code-block} python\nx = 1\n```\n````\n"
    [sol] = solutions(plain)
    assert sol.static_code == ["{code-block}"] and not sol.code_cells
    assert strip_solutions(plain) == ""


def test_scanner_ignores_solution_words_inside_code():
    doc = "```python\n```{solution-start} not-a-solution\n```\n"
    assert solutions(doc) == []


def test_scanner_errors_give_the_line():
    with pytest.raises(ValueError, match="line 2: solution-start ex-9 has no solution-end"):
        solutions("\n```{solution-start} ex-9\n```\nText\n")
    with pytest.raises(ValueError, match="line 1: solution-end without a solution-start"):
        solutions("```{solution-end}\n```\n")
    with pytest.raises(ValueError, match=r"line 1: the fence '```' opened here is never closed"):
        solutions("```{code-cell} ipython3\nx = 1\n")


def test_student_notebook_sources_lose_their_solutions():
    import jupytext
    import nbformat

    notebook = jupytext.reads(GOOD, fmt="md:myst")
    stripped = json.loads(student_edition.strip_notebook(nbformat.writes(notebook)))
    sources = "\n".join("".join(c["source"]) for c in stripped["cells"])
    assert "answer = 6 * 7" not in sources and "Some words." not in sources
    assert "Question." in sources and "After." in sources


def test_strip_sources_rewrites_only_files_with_solutions(tmp_path):
    sources = tmp_path / "_sources" / "chapters"
    sources.mkdir(parents=True)
    (sources / "a.md").write_text(GOOD)
    (sources / "b.md").write_text("No exercises here.\n")
    changed = student_edition.strip_sources(tmp_path)
    assert changed == [sources / "a.md"]
    assert "answer" not in (sources / "a.md").read_text()


def test_student_config_adds_the_extension_and_refuses_hide_solutions(tmp_path):
    base = tmp_path / "_config.yml"
    base.write_text("title: T\nsphinx:\n  extra_extensions: [sphinx_exercise]\n")
    config = student_build.student_config(base, tmp_path / "cache")
    assert config["sphinx"]["extra_extensions"] == ["sphinx_exercise", student_build.EXTENSION]
    assert config["html"]["announcement"] == student_build.ANNOUNCEMENT
    base.write_text("sphinx:\n  config:\n    hide_solutions: true\n")
    with pytest.raises(ValueError, match="hide_solutions, which crashes on gated solutions"):
        student_build.student_config(base, tmp_path / "cache")


def test_student_build_refuses_the_public_folder():
    with pytest.raises(ValueError, match="is the public book's folder"):
        student_build.build(REPO / "_build")


@pytest.mark.parametrize("module", [scanner, student_edition, student_build])
def test_module_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
