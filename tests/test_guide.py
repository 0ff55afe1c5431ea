"""The instructor guide's facts: objectives, time estimates and hand-out links."""

from __future__ import annotations

import doctest
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

import booktools.guide as guide

REPO = Path(__file__).resolve().parents[1]

CHAPTER = """---
jupytext:
  text_representation: {extension: .md, format_name: myst}
---

(demo)=
# A demo chapter

```{admonition} Learning objectives
:class: tip
- read a {term}`Kingpin Strategy` table;
- compute a rate
  per 100,000 people.
```

Five words of plain prose.

```{code-cell} ipython3
x = "these words are code, not prose"
```

```{exercise-start}
:label: demo-ex-1
```
Two words.
```{exercise-end}
```
"""


def test_read_chapter_counts_prose_cells_exercises_and_objectives(tmp_path):
    path = tmp_path / "chapters" / "demo.md"
    path.parent.mkdir()
    path.write_text(CHAPTER)
    ch = guide.read_chapter(path, tmp_path)
    assert ch.path == "chapters/demo.md" and ch.title == "A demo chapter"
    assert ch.objectives == ["read a Kingpin Strategy table;", "compute a rate per 100,000 people."]
    assert (ch.code_cells, ch.exercises) == (1, 1)
    assert 5 + 2 <= ch.words <= 5 + 2 + 12  # prose and objectives, never code
    assert ch.minutes == 1 + guide.MINUTES_PER_CELL + guide.MINUTES_PER_EXERCISE


def test_a_chapter_without_title_is_an_error(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("No title here.\n")
    with pytest.raises(ValueError, match="no level-1 title"):
        guide.read_chapter(path, tmp_path)


def test_every_book_chapter_states_its_objectives():
    table = guide.chapter_table()
    assert table["file"].iloc[0] == "chapters/intro.md"
    for path in guide.toc_chapters():
        assert len(guide.read_chapter(path).objectives) >= 3, path.name
    assert (table["minutes"] > 0).all()


def test_links_point_at_the_configured_repository():
    config = yaml.safe_load((REPO / "_config.yml").read_text())
    url, branch = config["repository"]["url"], config["repository"].get("branch", "main")
    owner_repo = urlsplit(url).path.strip("/")
    # the same interface as the book's launch buttons (launch_buttons.notebook_interface)
    prefix = {"classic": "tree", "jupyterlab": "lab/tree"}[
        config["launch_buttons"].get("notebook_interface", "classic")]
    assert guide.binder_link("chapters/intro.ipynb") == (
        f"https://mybinder.org/v2/gh/{owner_repo}/{branch}?urlpath={prefix}/chapters/intro.ipynb")
    link = guide.nbgitpuller_link("https://hub.example.edu/", "chapters/intro.ipynb")
    parts = urlsplit(link)
    assert parts.path == "/hub/user-redirect/git-pull"
    query = parse_qs(parts.query)
    assert query == {"repo": [url], "branch": [branch],
                     "urlpath": [f"{prefix}/{owner_repo.split('/')[1]}/chapters/intro.ipynb"]}


def test_link_errors_say_what_is_expected(tmp_path):
    with pytest.raises(ValueError, match="must be the hub's address"):
        guide.nbgitpuller_link("hub.example.edu", "chapters/intro.md")
    with pytest.raises(ValueError, match="is not a GitHub repository URL"):
        guide.binder_link("x.md", "https://gitlab.com/me/book", "main")
    (tmp_path / "_config.yml").write_text("title: T\n")
    with pytest.raises(ValueError, match="has no repository.url"):
        guide.repository(tmp_path)


def test_the_guide_is_in_the_book_and_covers_the_brief():
    toc = (REPO / "_toc.yml").read_text()
    assert "\n      - file: chapters/instructors/guide\n" in toc
    text = (REPO / "chapters/instructors/guide.md").read_text()
    for needed in ("objectives_markdown()", "chapter_table()", "session_plan()",
                   "nbgitpuller_link(", "binder_link(", "booktools.assignments grade",
                   "Discussion questions", "KINGPIN_RAW_DIR", "make data", "make book-student"):
        assert needed in text, needed


def test_module_examples():
    result = doctest.testmod(guide, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


LONG = """---
jupytext:
  text_representation: {extension: .md, format_name: myst}
---

# A long chapter

## First

""" + "word " * 2000 + """

## Second

""" + "word " * 2000 + """

```{code-cell} ipython3
## not a heading: a comment in code
x = 1
```

## Third

""" + "word " * 400 + """

## Exercises

```{exercise-start}
:label: long-ex-1
```
Do it.
```{exercise-end}
```
"""


def test_sections_add_up_to_the_chapter(tmp_path):
    path = tmp_path / "long.md"
    path.write_text(LONG)
    table = guide.chapter_sections(path)
    assert table["section"].tolist() == ["First", "Second", "Third", "Exercises"]
    assert table["code cells"].tolist() == [0, 1, 0, 0]
    assert table["exercises"].tolist() == [0, 0, 0, 1]
    chapter = guide.read_chapter(path, tmp_path)
    assert table["words"].sum() == chapter.words
    assert chapter.minutes - 1 < table["minutes"].sum() <= chapter.minutes


def test_a_long_chapter_is_split_at_its_headings(tmp_path):
    path = tmp_path / "long.md"
    path.write_text(LONG)
    parts = guide.split_chapter(path, budget=15)  # First 10 min, Second 12, Third 2
    assert [p["section"].tolist() for p in parts] == [["First"], ["Second", "Third"]]
    assert all(p["minutes"].sum() <= 15 for p in parts)
    one = guide.split_chapter(path, budget=5)  # a section longer than the budget stands alone
    assert [p["section"].tolist() for p in one] == [["First"], ["Second"], ["Third"]]
    assert [p["section"].tolist() for p in guide.split_chapter(path, budget=60)] == [
        ["First", "Second", "Third"]]
    for bad in (0, -5, "90", True):
        with pytest.raises(ValueError, match="must be a positive number of minutes"):
            guide.split_chapter(path, budget=bad)


def test_the_session_plan_fits_every_chapter_into_90_minute_sessions():
    plan = guide.session_plan()
    budget = guide.SESSION_MINUTES - guide.SESSION_OVERHEAD
    assert plan["fits"].all() and (plan["in class"] <= budget).all()
    assert plan.groupby("session")["in class"].sum().le(budget).all()
    assert plan["session"].is_monotonic_increasing and plan["session"].iloc[0] == 1
    titles = [guide.read_chapter(p).title for p in guide.toc_chapters()]
    assert list(dict.fromkeys(plan["chapter"])) == titles
    # Every chapter longer than a session is split, and the split is marked.
    for path in guide.toc_chapters():
        sections = guide.chapter_sections(path)
        in_class = sections.loc[~sections["section"].isin(guide.AFTER_CLASS_SECTIONS),
                                "minutes"].sum()
        rows = plan[plan["chapter"] == guide.read_chapter(path).title]
        assert (len(rows) > 1) == (in_class > budget), path.name
        if len(rows) > 1:
            assert rows["part"].tolist() == [f"part {k} of {len(rows)}"
                                             for k in range(1, len(rows) + 1)]
    due = [a for a in plan["assignment"] if a]
    assert due == ["01-history-and-aid", "02-violence-by-state", "03-captures-and-violence"]
    with pytest.raises(ValueError, match="leaves no time"):
        guide.session_plan(overhead=90)


def test_every_assignment_names_chapters_of_the_book():
    found = guide.assignment_chapters()
    assert set(found) >= {"01-history-and-aid", "02-violence-by-state",
                          "03-captures-and-violence"}
    assert all(found.values()), found
