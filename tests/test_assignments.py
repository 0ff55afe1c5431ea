"""The otter assignments: `otter assign` builds them, and the autograder gives the reference
solutions full marks, a blank notebook nothing, and a partly wrong one exactly the marks of
the questions it got right."""

from __future__ import annotations

import doctest
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from booktools import assignments as tool
from booktools import handgrading

# otter-grader runs every notebook: slow, outside `make test-fast`.
pytestmark = pytest.mark.slow

#: Per assignment: wrong answers slipped into the reference solutions, as a
#: student might write them, and the questions they must make fail. Each must still pass
#: the public (shape) checks, so that only the hidden tests can catch it.
WRONG = {
    "01-history-and-aid": {
        "q3": "q3_count = q3_count + 1",
        "q5": "q5_total = q5_total * 1.5",
        "q7": "q7_per_year = q7_per_year.shift(1, fill_value=0)",
    },
    "02-violence-by-state": {
        "q2": "q2_state = 'Chihuahua' if q2_state != 'Chihuahua' else 'Sinaloa'",
        # The old question's mistake: yearly rates averaged without weighting by population.
        "q4": "_yearly = national['homicides'] / national['population'] * 100_000\n"
              "_means = _yearly.groupby(national['term']).mean()\n"
              "q4_ratio = float(_means['calderon'] / _means['fox'])",
    },
    "03-captures-and-violence": {
        "q1": "q1_count = q1_count + 1",
        "q4": "q4_change = -q4_change if q4_change else 1.0",
    },
}

ALL = tool.assignments()


def test_there_are_three_assignments_with_four_or_more_questions():
    keys = [a.key for a in ALL]
    assert keys[:3] == ["01-history-and-aid", "02-violence-by-state",
                        "03-captures-and-violence"]
    for item in ALL:
        nb = json.loads(item.source.read_text())
        questions = [c for c in nb["cells"] if c["cell_type"] == "raw"
                     and "".join(c["source"]).startswith("# BEGIN QUESTION")]
        assert len(questions) >= 4, item.key
        config = "".join(nb["cells"][0]["source"])
        assert config.startswith("# ASSIGNMENT CONFIG") and "generate: true" in config


def test_each_assignment_has_a_figure_and_a_written_answer_graded_by_hand():
    for item in ALL:
        table = handgrading.questions(item)
        by_hand = table[table["graded"] == "by hand"]
        assert {"figure", "written"} <= set(by_hand["kind"]), item.key
        assert (table.loc[table["graded"] == "autograder", "kind"] == "value").all()
        assert (table["points"] > 0).all() and table["question"].is_unique
        # Written questions come with a model answer for the grader.
        nb = json.loads(item.source.read_text())
        text = "\n".join("".join(c["source"]) for c in nb["cells"])
        assert text.count("*A model answer.*") == (by_hand["kind"] == "written").sum()


def test_removals_and_dates_follow_the_chapters():
    """Removals as the chapters count them; C3's date from the claim; terms by person-years."""
    for item in ALL:
        text = item.source.read_text()
        assert "state_actions_only" not in text, item.key  # deprecated: removals default to it
    history = tool.find("01").source.read_text()
    assert "C3_CUTOFF" in history and "2015-03-31" not in history
    violence = tool.find("02").source.read_text()
    assert 'groupby(\\"term\\")[\\"rate\\"].mean()' not in violence
    assert "person-years" in violence and "term_rates" in violence


def test_hand_grading_errors_name_the_problem(tmp_path):
    first = tool.find("01")
    with pytest.raises(FileNotFoundError, match="The submission .* does not exist"):
        handgrading.answers(tmp_path / "missing.ipynb", first)
    with pytest.raises(ValueError, match="has 0 hand-graded question block"):
        handgrading.answers(first.source, first)  # the source has no otter markers
    bad = tmp_path / "00-bad" / "bad.ipynb"
    bad.parent.mkdir()
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_raw_cell("# BEGIN QUESTION\npoints: 1")])
    nbformat.write(nb, bad)
    with pytest.raises(ValueError, match="lacks a name or points"):
        handgrading.questions(tool.Assignment(bad))


def test_every_assignment_uses_the_books_data_through_helpers():
    for item in ALL:
        code = "\n".join("".join(c["source"]) for c in json.loads(item.source.read_text())["cells"]
                         if c["cell_type"] == "code")
        assert "from helpers" in code, item.key
        assert "read_csv" not in code and "data/" not in code, "load through helpers only"


@pytest.fixture(scope="module", params=ALL, ids=lambda a: a.key)
def built(request) -> tool.Assignment:
    return tool.assign(request.param, run_tests=False)


def test_otter_assign_strips_solutions_and_hidden_tests(built):
    student = nbformat.read(built.student_notebook, as_version=4)
    sources = [c.source for c in student.cells]
    assert not [s for s in sources if "SOLUTION" in s or "TEST CONFIG" in s]
    assert 'grader.check("q1")' in sources
    cases = [case for test in student.metadata["otter"]["tests"].values()
             for suite in test["suites"] for case in suite["cases"]]
    assert cases and not [case for case in cases if case["hidden"]]
    solution = nbformat.read(built.solution_notebook, as_version=4)
    assert len(solution.metadata["otter"]["tests"]) == len(student.metadata["otter"]["tests"])
    assert built.autograder.stat().st_size > 0


@pytest.fixture(scope="module")
def reference_scores(built) -> dict[str, float]:
    return tool.grade(built.solution_notebook, built.autograder)


def test_reference_solutions_get_full_marks(reference_scores):
    scores = reference_scores
    assert scores["possible"] > 0
    assert scores["total"] == scores["possible"], scores


def test_only_autograded_questions_are_scored(built, reference_scores):
    table = handgrading.questions(built)
    auto = table[table["graded"] == "autograder"]
    assert sorted(q for q in reference_scores if q not in ("total", "possible")) == sorted(
        auto["question"])
    assert reference_scores["possible"] == auto["points"].sum()
    # The student notebook leaves an empty answer for each question graded by hand.
    found = handgrading.answers(built.student_notebook, built)
    assert list(found) == table.loc[table["graded"] == "by hand", "question"].tolist()
    assert not any(found.values())
    # ...and so does the Spanish student notebook, whose placeholder is translated.
    from booktools.assignments_i18n import translated_path

    found = handgrading.answers(translated_path(built), built)
    assert list(found) == table.loc[table["graded"] == "by hand", "question"].tolist()
    assert not any(found.values())


def test_blank_submission_gets_nothing(built):
    scores = tool.grade(built.student_notebook, built.autograder)
    assert scores["total"] == 0, scores


def test_wrong_answers_lose_exactly_their_questions(built, reference_scores, tmp_path):
    wrong = WRONG[built.key]
    nb = nbformat.read(built.solution_notebook, as_version=4)
    for question, code in wrong.items():
        # Tests run where the notebook checks the question, so the mistake goes just before.
        check = next(i for i, c in enumerate(nb.cells) if c.source == f'grader.check("{question}")')
        nb.cells.insert(check, nbformat.v4.new_code_cell(code))
    submission = tmp_path / built.solution_notebook.name
    nbformat.write(nb, submission)
    scores = tool.grade(submission, built.autograder)
    full = reference_scores
    questions = [q for q in full if q not in ("total", "possible")]
    lost = sorted(q for q in questions if scores[q] < full[q])
    assert lost == sorted(wrong), scores
    # The public checks pass (partial credit): only the hidden tests catch these mistakes.
    assert all(scores[q] > 0 for q in wrong), scores


def test_errors_name_what_is_missing(tmp_path):
    with pytest.raises(KeyError, match="No assignment matches 'nope'; the assignments are: 01"):
        tool.find("nope")
    empty = tool.Assignment(tmp_path / "00-empty" / "empty.ipynb")
    with pytest.raises(FileNotFoundError, match="No autograder for 00-empty"):
        _ = empty.autograder
    with pytest.raises(FileNotFoundError, match="The submission .* does not exist"):
        tool.grade(tmp_path / "missing.ipynb", tmp_path / "ag.zip")
    (tmp_path / "two").mkdir()
    for name in ("a.ipynb", "b.ipynb"):
        (tmp_path / "two" / name).write_text("{}")
    with pytest.raises(ValueError, match="must hold exactly one source notebook"):
        tool.assignments(tmp_path)


def test_otter_assign_failure_is_reported(tmp_path):
    folder = tmp_path / "09-broken"
    folder.mkdir()
    (folder / "broken.ipynb").write_text("not a notebook")
    with pytest.raises(RuntimeError, match="otter assign failed for 09-broken"):
        tool.assign(tool.Assignment(folder / "broken.ipynb"))


def test_command_line_grades_and_writes_csv(built, tmp_path, capsys):
    if built.key != ALL[0].key:
        pytest.skip("the command line is checked once")
    out = tmp_path / "scores.csv"
    assert tool.main(["grade", built.key[:2], str(built.student_notebook),
                      "--csv", str(out)]) == 0
    assert "0 / " in capsys.readouterr().out
    header, row = out.read_text().splitlines()
    assert header.startswith("submission,") and header.endswith("total,possible")
    assert row.startswith(str(built.student_notebook))


def test_exported_submission_zip_is_graded(built, tmp_path):
    """What a student hands in: the zip made by the notebook's own export cell."""
    if built.key != ALL[0].key:
        pytest.skip("the export round trip is checked once")
    from nbclient import NotebookClient

    notebook = tmp_path / built.solution_notebook.name
    shutil.copy(built.solution_notebook, notebook)
    nb = nbformat.read(notebook, as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    [submission] = tmp_path.glob("*.zip")
    scores = tool.grade(submission, built.autograder)
    assert scores["total"] == scores["possible"] > 0, scores
    # The hand-graded answers: the zip's (saved before it ran, so without figures), the
    # executed notebook's (its figure drawn) and a blank notebook's (nothing).
    nbformat.write(nb, notebook)
    sheet = handgrading.answer_sheet(built, [submission, notebook, built.student_notebook])
    assert sheet.count('<img alt="figure drawn by the submission"') == 1
    assert "A model answer" in sheet and sheet.count("<em>no answer</em>") == 2
    out = tmp_path / "written.html"
    assert handgrading.main([built.key[:2], str(submission), "--out", str(out)]) == 0
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_module_examples():
    for module in (tool, handgrading):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0 and result.attempted > 0, module.__name__


def test_dist_folders_are_ignored_by_git():
    ignore = (Path(tool.REPO_ROOT) / ".gitignore").read_text()
    assert "assignments/**/dist/" in ignore.splitlines()
