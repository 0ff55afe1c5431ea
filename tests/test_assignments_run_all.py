"""A blank student notebook survives Run All: every answer cell defines its answer name
(``q3_count = ...``), so each check fails gracefully instead of the first one crashing with a
NameError and hiding the questions after it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from booktools import assignments as tool
from booktools.assignments_i18n import LANGUAGES, translated_path

#: Every committed student notebook: English, then its translations (student/<lang>/).
STUDENT = [pytest.param(item.published, id=item.key) for item in tool.assignments()] + [
    pytest.param(translated_path(item, lang), id=f"{item.key}-{lang}")
    for item in tool.assignments() for lang in LANGUAGES]


@pytest.mark.parametrize("notebook", STUDENT)
def test_no_student_cell_reads_a_name_nothing_defines(notebook: Path):
    """Static check (fast): pyflakes' undefined-name rule over the committed notebook."""
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--select", "F821",
         "--output-format", "json", str(notebook)],
        capture_output=True, text=True, check=False)
    found = json.loads(proc.stdout or "[]")
    undefined = [f"cell {f['location']['row']}: {f['message']}" for f in found]
    assert not undefined, undefined


@pytest.mark.parametrize("notebook", STUDENT)
def test_every_question_prompts_for_its_answer_names(notebook: Path):
    """Each answer cell assigns ``...`` to the names its public tests read."""
    nb = nbformat.read(notebook, as_version=4)
    code = [c.source for c in nb.cells if c.cell_type == "code"]
    for question in nb.metadata["otter"]["tests"]:
        check = code.index(f'grader.check("{question}")')
        answer = code[check - 1]
        assert " = ...\n" in answer + "\n", (question, answer)


@pytest.mark.slow
@pytest.mark.parametrize("notebook", STUDENT)
def test_blank_student_notebook_runs_to_the_end(notebook: Path, tmp_path: Path):
    """Run All on the committed student notebook, as handed out: no cell raises, every
    public check reports a failure (nothing answered), and the export cell writes its zip."""
    from nbclient import NotebookClient

    copy = tmp_path / notebook.name
    shutil.copy2(notebook, copy)
    nb = nbformat.read(copy, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [out for cell in nb.cells if cell.cell_type == "code"
              for out in cell.get("outputs", []) if out.output_type == "error"]
    assert not errors, [f"{e.ename}: {e.evalue}" for e in errors]
    checks = [cell for cell in nb.cells
              if cell.cell_type == "code" and cell.source.startswith("grader.check(")]
    assert len(checks) == len(nb.metadata["otter"]["tests"])
    for cell in checks:
        text = "".join(out.get("data", {}).get("text/plain", "") for out in cell.outputs)
        assert "results:" in text and "failed" in text, (cell.source, text[:200])
    assert list(tmp_path.glob("*.zip")), "the export cell wrote no zip"
