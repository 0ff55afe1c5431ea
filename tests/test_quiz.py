"""Self-check quizzes: answers filled from data, malformed quizzes refused, static rendering."""

from __future__ import annotations

import doctest
import json
import re
from pathlib import Path

import jupytext
import pytest
from nbclient import NotebookClient

import helpers.viz.quiz as quiz_module
from helpers.reference.presidency import presidency_on
from helpers.reference.states import states_table
from helpers.viz.quiz import QUIZ_DIR, Quiz, load_questions, quiz, quiz_names

REPO = Path(__file__).resolve().parents[1]
INTRO = {"n_states": len(states_table()), "president_dec_2006": presidency_on("2006-12-11").key}


def write(folder: Path, name: str, questions: object) -> Path:
    path = folder / f"{name}.json"
    path.write_text(json.dumps(questions))
    return path


def mc(**extra):
    return {"question": "Q?", "type": "multiple_choice",
            "answers": [{"answer": "a", "correct": True}, {"answer": "b", "correct": False}],
            **extra}


def test_intro_answers_come_from_the_data():
    questions = load_questions("intro", **INTRO)
    president = questions[0]
    right = [a["answer"] for a in president["answers"] if a["correct"]]
    assert right == ["Felipe Calderón"]
    assert all("key" not in a for a in president["answers"]) and "correct" not in president
    numeric = questions[1]
    assert numeric["answers"][0]["value"] == len(states_table())
    assert isinstance(numeric["answers"][0]["value"], int)


def test_every_quiz_file_is_used_by_a_chapter_and_valid():
    chapters = {p: p.read_text() for p in (REPO / "chapters").rglob("*.md")}
    for name in quiz_names():
        users = [p for p, text in chapters.items() if re.search(rf'quiz\(\s*"{name}"', text)]
        assert users, f"quiz {name} is not used by any chapter"
        raw = json.loads((QUIZ_DIR / f"{name}.json").read_text())
        assert isinstance(raw, list) and raw


def test_placeholders_are_checked(tmp_path):
    write(tmp_path, "q", [{"question": "How many? ({n:.1f})", "type": "numeric",
                           "answers": [{"type": "value", "value": "{n}", "correct": True}]}])
    [question] = load_questions("q", folder=tmp_path, n=2.0)
    assert question["question"] == "How many? (2.0)" and question["answers"][0]["value"] == 2.0
    with pytest.raises(KeyError, match=r"Quiz 'q' needs values for \['n'\]"):
        load_questions("q", folder=tmp_path)
    with pytest.raises(ValueError, match=r"Quiz 'q' does not use \['m'\]; it uses \['n'\]"):
        load_questions("q", folder=tmp_path, n=1, m=2)
    with pytest.raises(ValueError, match=r"Cannot fill 'How many\? \(\{n:.1f\}\)'"):
        load_questions("q", folder=tmp_path, n="x")
    write(tmp_path, "v", [{"question": "How many?", "type": "numeric",
                           "answers": [{"type": "value", "value": "{n}", "correct": True}]}])
    with pytest.raises(ValueError, match="the value 'x' is not a number"):
        load_questions("v", folder=tmp_path, n="x")
    with pytest.raises(KeyError, match="No quiz named 'nope'; the quizzes are: q, v"):
        load_questions("nope", folder=tmp_path)


def test_numpy_numbers_become_plain_numbers(tmp_path):
    import numpy as np

    write(tmp_path, "q", [{"question": "?", "type": "numeric",
                           "answers": [{"type": "value", "value": "{n}", "correct": True}]}])
    value = load_questions("q", folder=tmp_path, n=np.int64(7))[0]["answers"][0]["value"]
    assert value == 7 and type(value) is int


@pytest.mark.parametrize(("question", "message"), [
    ({"question": "Q?", "type": "essay", "answers": [{}]}, "type 'essay' is not allowed"),
    ({"question": " ", "type": "numeric", "answers": [{}]}, "'question' must be a non-empty"),
    ({"question": "Q?", "type": "numeric", "answers": []}, "'answers' must be a non-empty list"),
    ({"question": "Q?", "type": "numeric", "answers": [{"type": "default"}]},
     "needs a correct answer of type 'value' or 'range'"),
    ({"question": "Q?", "type": "numeric",
      "answers": [{"type": "range", "range": [1], "correct": True}]},
     "a range must be two numbers"),
    (mc(answers=[{"answer": "a", "correct": True}, {"answer": "b", "correct": True}]),
     "needs exactly one correct answer; it has 2"),
    (mc(answers=[{"answer": "a"}]), "each answer needs an 'answer' text"),
    (mc(correct="z", answers=[{"answer": "a", "key": "x"}]),
     r"correct answer\(s\) \['z'\] are not among the answer keys \['x'\]"),
    (mc(correct="x", answers=[{"answer": "a"}]), "every answer needs a 'key'"),
])
def test_malformed_questions_are_refused(tmp_path, question, message):
    write(tmp_path, "bad", [question])
    with pytest.raises(ValueError, match=message):
        load_questions("bad", folder=tmp_path)


def test_a_quiz_file_must_be_a_list(tmp_path):
    write(tmp_path, "bad", {"question": "Q?"})
    with pytest.raises(ValueError, match="holds a JSON list of questions"):
        load_questions("bad", folder=tmp_path)


def test_many_choice_allows_several_keyed_answers(tmp_path):
    write(tmp_path, "m", [{"question": "Which?", "type": "many_choice", "correct": ["{a}", "{b}"],
                           "answers": [{"key": k, "answer": k} for k in "xyz"]}])
    [question] = load_questions("m", folder=tmp_path, a="x", b="z")
    assert [a["correct"] for a in question["answers"]] == [True, False, True]


def test_display_emits_stable_html_and_a_self_contained_script(monkeypatch):
    monkeypatch.delenv("KINGPIN_STATIC_WIDGETS", raising=False)  # a notebook, not the book
    shown = quiz("intro", **INTRO)
    assert isinstance(shown, Quiz) and shown.div_id == "jq_intro"
    html = shown.html()
    assert html.startswith('<div id="jq_intro"') and "</div><style>" in html
    script = shown.script()
    assert "var questionsjq_intro=" in script and "show_questions" in script
    assert "fetch(" not in script.split("function")[0], "the questions are embedded, not fetched"
    assert quiz("intro", **INTRO).script() == script, "same output on every build"
    # jupyterquiz's answer boxes get an accessible name; its choices keep their own labels
    assert script.endswith("})();") and "input.Input-text:not([aria-label])" in script
    assert json.dumps(quiz_module.INPUT_LABEL) in script


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_text_on_quiz_colours_meets_wcag_aa():
    text = _luminance(quiz_module.COLORS["--jq-text-color"])
    for name in ("--jq-multiple-choice-bg", "--jq-many-choice-bg", "--jq-numeric-bg",
                 "--jq-string-bg", "--jq-numeric-input-bg", "--jq-correct-color",
                 "--jq-incorrect-color"):
        background = _luminance(quiz_module.COLORS[name])
        ratio = (max(text, background) + 0.05) / (min(text, background) + 0.05)
        assert ratio >= 4.5, (name, round(ratio, 2))


def test_quiz_cell_outputs_html_then_javascript():
    notebook = jupytext.reads(
        "```{code-cell} ipython3\nfrom helpers.viz.quiz import quiz\n"
        f"quiz('intro', n_states={INTRO['n_states']}, "
        f"president_dec_2006='{INTRO['president_dec_2006']}')\n```\n", fmt="md:myst")
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    NotebookClient(notebook, timeout=60, kernel_name="python3").execute()
    outputs = notebook.cells[0].outputs
    kinds = [sorted(o.get("data", {})) for o in outputs]
    assert kinds == [["text/html", "text/plain"], ["application/javascript", "text/plain"]]
    assert "application/vnd.jupyter.widget-view+json" not in json.dumps(outputs)


def test_module_examples():
    result = doctest.testmod(quiz_module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.build
def test_intro_quiz_is_on_the_static_page_without_the_widget_manager(book):
    page = (book.html / "chapters/intro.html").read_text(encoding="utf-8")
    assert '<div id="jq_intro"' in page
    scripts = re.findall(r'<script type="application/javascript">(.*?)</script>', page, re.S)
    # the quiz carries its questions; jupyterquiz's library is one static file of the book
    assert any('getElementById("jq_intro")' in s and "show_questions(q,c)" in s
               for s in scripts)
    assert 'src="../_static/kingpin-quiz.js' in page and "class Question" not in page
    assert "function show_questions" in (book.html / "_static/kingpin-quiz.js").read_text()
    assert "Felipe Calder" in page
    assert "html-manager" not in page and "widget-state" not in page
