"""The assignments' Spanish student notebooks (assignments/*/student/es), made from the English
student notebooks and the catalogues locales/es/LC_MESSAGES/assignments/*.po (issue 19)."""

from __future__ import annotations

import doctest
import re
import shutil
from pathlib import Path

import nbformat
import pytest
from babel.messages.pofile import read_po

from booktools import assignments as tool
from booktools import assignments_i18n as es
from booktools.i18n_build import roles

ALL = tool.assignments()
LANG_CELL = 'os.environ["KINGPIN_LANG"] = "es"'
#: English words that never belong in a Spanish sentence (code spans and names removed).
ENGLISH = {"the", "and", "of", "with", "your", "you", "this", "that", "which", "is", "are",
           "in", "on", "to", "by", "from", "for", "not", "each", "store", "compute", "count",
           "question", "answer", "hint", "draw", "use", "how", "what", "where", "whose",
           "its", "their", "it", "an", "or", "into", "than", "after", "before", "please",
           "make", "sure", "submission", "assignment", "chapter", "graded", "hand"}


def _messages(item: tool.Assignment) -> list:
    with es.catalogue_path(item).open("rb") as handle:
        return [m for m in read_po(handle) if m.id]


def _numbers(text: str) -> list[str]:
    """The numbers of a text, thousands separators dropped (100,000 and 100 000 agree)."""
    joined = re.sub(r"(?<=\d)[,\u00a0\u202f ](?=\d{3}\b)", "", text)
    return sorted(re.findall(r"\d+(?:\.\d+)?", joined))


def _markdown(path: Path) -> list[str]:
    nb = nbformat.read(path, as_version=4)
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


# --- catalogues --------------------------------------------------------------------------

@pytest.mark.parametrize("item", ALL, ids=lambda a: a.key)
def test_catalogue_complete_and_not_fuzzy(item):
    found = _messages(item)
    assert [m.id for m in found] == es.messages(item.published), (
        "catalogue out of step with the English student notebook: run `make translations`")
    untranslated = [m.id[:60] for m in found if not m.string or m.fuzzy]
    assert not untranslated, f"translate {es.catalogue_path(item)}: {untranslated}"


@pytest.mark.parametrize("item", ALL, ids=lambda a: a.key)
def test_translations_keep_code_spans_numbers_and_emphasis(item):
    for m in _messages(item):
        source, text = str(m.id), str(m.string)
        assert roles(source) == roles(text), (source[:60], roles(source), roles(text))
        assert _numbers(source) == _numbers(text), (source[:60], text[:60])
        for mark in ("**", "\\$", "`"):
            assert source.count(mark) == text.count(mark), (mark, source[:60])
        assert source.startswith("**") == text.startswith("**"), source[:60]


def test_no_otter_marker_or_code_becomes_a_message():
    for item in ALL:
        for text in es.messages(item.published):
            assert "<!--" not in text and "grader." not in text and " = ..." not in text, text


# --- the notebooks -----------------------------------------------------------------------

def test_committed_spanish_notebooks_are_complete_and_current():
    assert es.problems() == [], ("run `make assignments` "
                                 "(or `python -m booktools.assignments_i18n write`)")


@pytest.mark.parametrize("item", ALL, ids=lambda a: a.key)
def test_code_cells_are_the_english_ones_after_a_language_cell(item):
    spanish = es.translated_path(item)
    assert spanish.name == item.published.name  # otter.Notebook("<slug>.ipynb") and export
    assert es.code_cells(spanish) == es.code_cells(item.published)
    nb = nbformat.read(spanish, as_version=4)
    english = nbformat.read(item.published, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert LANG_CELL in code[0].source and es.LANGUAGE_TAG in code[0].metadata["tags"]
    assert code[1].source.startswith("# ") and "otter.Notebook(" in code[1].source
    # otter's tests, the cells' metadata and kinds are the English ones
    assert nb.metadata["otter"] == english.metadata["otter"]
    kept = [c for c in nb.cells if es.LANGUAGE_TAG not in c.metadata.get("tags", [])]
    assert [(c.cell_type, c.metadata) for c in kept] == [
        (c.cell_type, c.metadata) for c in english.cells]
    # otter's markers stay, in the same places
    for marker in ("<!-- BEGIN QUESTION -->", "<!-- END QUESTION -->"):
        assert [marker in c.source for c in kept] == [marker in c.source for c in english.cells]


@pytest.mark.parametrize("item", ALL, ids=lambda a: a.key)
def test_comments_students_read_are_spanish(item):
    english = es.code_cells(item.published, comments=True)
    spanish = es.code_cells(es.translated_path(item), comments=True)
    changed = [(e, s) for e, s in zip(english, spanish, strict=True) if e != s]
    assert changed, "no comment was translated"
    for e, s in changed:
        assert [ln for ln in e.split("\n") if not ln.lstrip().startswith("#")] == [
            ln for ln in s.split("\n") if not ln.lstrip().startswith("#")]


@pytest.mark.parametrize("item", ALL, ids=lambda a: a.key)
def test_no_english_sentences_left_in_the_spanish_markdown(item):
    leftovers = []
    for text in _markdown(es.translated_path(item)):
        plain = re.sub(r"`[^`]*`|<!--.*?-->|https?://\S+|ForeignAssistance\.gov", " ", text)
        words = {w.lower() for w in re.findall(r"[A-Za-záéíóúñü']+", plain)}
        if words & ENGLISH:
            leftovers.append((sorted(words & ENGLISH), text[:80]))
    assert not leftovers, leftovers


# --- the tools ---------------------------------------------------------------------------

def test_an_untranslated_block_fails_the_check(tmp_path, monkeypatch):
    item = ALL[0]
    source = es.catalogue_path(item)
    heading = next(m for m in _messages(item) if m.id.startswith("Assignment "))
    monkeypatch.setattr(es, "LOCALES", tmp_path / "locales")
    copy = es.catalogue_path(item)
    copy.parent.mkdir(parents=True)
    text = source.read_text(encoding="utf-8")
    # drop the translation of the heading: that block stays English and is counted
    text = text.replace(f'msgstr "{heading.string}"', 'msgstr ""', 1)
    copy.write_text(text, encoding="utf-8")
    result = es.translate(item)
    assert result.missing == [heading.id]
    found = es.problems([item])
    assert any("1 block(s) untranslated" in line for line in found), found
    assert es.report([item]).splitlines()[1].split()[-1] == "1"


def test_update_merges_new_and_changed_messages(tmp_path, monkeypatch):
    item = ALL[0]
    monkeypatch.setattr(es, "LOCALES", tmp_path / "locales")
    path = es.update(item)
    with path.open("rb") as handle:
        fresh = [m for m in read_po(handle) if m.id]
    assert [m.id for m in fresh] == es.messages(item.published)
    assert not any(m.string for m in fresh)
    before = path.read_bytes()
    assert es.update(item).read_bytes() == before  # unchanged messages: file left alone


def test_errors_name_the_language():
    with pytest.raises(ValueError, match="lang='fr'.*allowed: es"):
        es.translated_path(ALL[0], "fr")
    with pytest.raises(ValueError, match="lang='fr'"):
        es.student_notebook(ALL[0], "fr")


def test_guide_links_follow_the_books_language(monkeypatch):
    item = ALL[0]
    monkeypatch.setenv("KINGPIN_LANG", "es")
    assert es.student_notebook(item) == (
        f"assignments/{item.key}/student/es/{item.published.name}")
    monkeypatch.setenv("KINGPIN_LANG", "en")
    assert es.student_notebook(item) == f"assignments/{item.key}/student/{item.published.name}"
    guide = (tool.REPO_ROOT / "chapters/instructors/guide.md").read_text(encoding="utf-8")
    assert "binder_link(student_notebook(item))" in guide


def test_module_examples():
    assert doctest.testmod(es).failed == 0


# --- grading (otter runs the notebooks: slow) ---------------------------------------------

@pytest.fixture(scope="module", params=ALL, ids=lambda a: a.key)
def built(request, tmp_path_factory) -> tool.Assignment:
    """``otter assign`` on a copy of the source (leaves the shared dist/ folders alone)."""
    item = request.param
    copy = tmp_path_factory.mktemp("assign") / item.key / item.source.name
    copy.parent.mkdir()
    shutil.copy2(item.source, copy)
    return tool.assign(tool.Assignment(copy), run_tests=False)


def _answered(spanish: Path, solutions: Path) -> nbformat.NotebookNode:
    """The Spanish student notebook with the reference solutions' answer cells."""
    nb = nbformat.read(spanish, as_version=4)
    ref = nbformat.read(solutions, as_version=4)
    for question in nb.metadata["otter"]["tests"]:
        check = f'grader.check("{question}")'
        mine = next(i for i, c in enumerate(nb.cells) if c.source == check)
        theirs = next(i for i, c in enumerate(ref.cells) if c.source == check)
        assert "otter_answer_cell" in nb.cells[mine - 1].metadata.get("tags", [])
        nb.cells[mine - 1].source = ref.cells[theirs - 1].source
    return nb


@pytest.mark.slow
def test_spanish_notebook_grades_like_the_english_one(built, tmp_path):
    item = next(a for a in ALL if a.key == built.key)
    spanish = es.translated_path(item)
    blank = tool.grade(spanish, built.autograder)
    assert blank["total"] == 0 and blank["possible"] > 0, blank
    submission = tmp_path / spanish.name
    nbformat.write(_answered(spanish, built.solution_notebook), submission)
    scores = tool.grade(submission, built.autograder)
    reference = tool.grade(built.solution_notebook, built.autograder)
    assert scores == reference, (scores, reference)
    assert scores["total"] == scores["possible"], scores


@pytest.mark.slow
@pytest.mark.parametrize("item", ALL, ids=lambda a: a.key)
def test_blank_spanish_notebook_runs_to_the_end_in_spanish(item, tmp_path: Path):
    """Run All on the Spanish notebook as handed out: no cell raises, the helpers speak
    Spanish in its kernel, every public check reports a failure, the export writes its zip."""
    from nbclient import NotebookClient

    notebook = tmp_path / item.published.name
    shutil.copy2(es.translated_path(item), notebook)
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell(
        "from helpers.reference.i18n import language, tr\nprint(language(), tr('Year'))"))
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    errors = [out for cell in nb.cells if cell.cell_type == "code"
              for out in cell.get("outputs", []) if out.output_type == "error"]
    assert not errors, [f"{e.ename}: {e.evalue}" for e in errors]
    assert nb.cells[2].outputs[0]["text"].strip() == "es Año"
    checks = [cell for cell in nb.cells
              if cell.cell_type == "code" and cell.source.startswith("grader.check(")]
    assert len(checks) == len(nb.metadata["otter"]["tests"])
    for cell in checks:
        text = "".join(out.get("data", {}).get("text/plain", "") for out in cell.outputs)
        assert "results:" in text and "failed" in text, (cell.source, text[:200])
    assert list(tmp_path.glob("*.zip")), "the export cell wrote no zip"


def test_written_answer_placeholders_known_to_hand_grading():
    from booktools import handgrading

    assert handgrading.PLACEHOLDER in es.answer_placeholders()
    for item in ALL:
        nb = nbformat.read(es.translated_path(item), as_version=4)
        answers = [c.source.strip() for c in nb.cells if c.cell_type == "markdown"
                   and "otter_answer_cell" in c.metadata.get("tags", [])]
        assert answers and set(answers) <= es.answer_placeholders() - {handgrading.PLACEHOLDER}
