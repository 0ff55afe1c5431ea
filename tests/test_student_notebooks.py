"""The committed student notebooks (assignments/*/student): what Binder and nbgitpuller open."""

from __future__ import annotations

import nbformat
import pytest

from booktools import assignments as tool

ALL = tool.assignments()


@pytest.mark.parametrize("item", ALL, ids=lambda a: a.key)
def test_student_notebook_has_questions_checks_and_export_but_no_answers(item):
    nb = nbformat.read(item.published, as_version=4)
    sources = [c.source for c in nb.cells]
    assert sources[0].startswith("# Initialize Otter")
    assert [s for s in sources if 'grader.check("' in s]
    assert [s for s in sources if "grader.export(" in s]
    assert not [s for s in sources if "SOLUTION" in s or "# BEGIN" in s or "TEST CONFIG" in s]
    cases = [case for test in nb.metadata["otter"]["tests"].values()
             for suite in test["suites"] for case in suite["cases"]]
    assert cases and not [case for case in cases if case["hidden"]], "hidden tests shipped"


@pytest.mark.slow
def test_committed_student_notebooks_are_what_otter_assign_makes_today():
    stale = tool.stale_students()
    assert not stale, (f"stale student notebooks: {[a.key for a in stale]}; run "
                       "`make assignments` and commit assignments/*/student/")
