"""Self-check quizzes (helpers.viz.quiz) work on the static page: drawn, answerable, no kernel."""

from __future__ import annotations

import json
import re

import pytest
from harness import docname_of, edition_of

from helpers.reference.presidency import presidency_on, term

#: jupyterquiz's English words (booktools.quiz_assets.SPANISH replaces them in Spanish).
ENGLISH_UI = re.compile(r"Type numeric answer|Type your answer|\bIncorrect\b|\bCorrect\b|"
                        r"Select your answers")

QUIZ_JS = """(root) => ({
  questions: root.querySelectorAll('.Quiz').length || root.children.length,
  buttons: root.querySelectorAll('.MCButton').length,
  boxes: Array.from(root.querySelectorAll('input.Input-text')).map(
      i => i.getAttribute('aria-label')),
  unnamed_choices: Array.from(root.querySelectorAll('input:not(.Input-text)')).filter(
      i => !i.closest('label') && !i.getAttribute('aria-label')).length,
})"""


def test_quizzes_draw_and_answer_without_a_kernel(chromium, report, chapter: str) -> None:
    if not report(chapter).data["quizzes"]:
        pytest.skip("no quiz on this page")
    opened, record = chromium.open(chapter)
    try:
        quizzes = opened.locator('div[id^="jq_"]')
        if not quizzes.count():
            pytest.skip("no quiz on this page")
        assert not opened.locator('script[type="application/vnd.jupyter.widget-state+json"]'
                                  ).count(), "a quiz must not need the widget manager"
        for i in range(quizzes.count()):
            root = quizzes.nth(i)
            state = root.evaluate(QUIZ_JS)
            assert state["questions"] >= 1 and state["buttons"] >= 2, state
            assert all(label for label in state["boxes"]), f"unlabelled answer box: {state}"
            assert state["unnamed_choices"] == 0, state
        assert not record.errors, json.dumps(record.errors, indent=1)
        if edition_of(chapter) == "es":  # jupyterquiz's own words in Spanish (quiz_assets)
            text = " ".join(quizzes.nth(i).inner_text() for i in range(quizzes.count()))
            assert not ENGLISH_UI.search(text), text
        if docname_of(chapter) == "chapters/intro":  # in both editions
            # the right answer, computed as the quiz computes it, is accepted
            president = term(presidency_on("2006-12-11").key).president
            button = opened.locator("#jq_intro .MCButton", has_text=president)
            button.click()
            assert "correctButton" in (button.get_attribute("class") or "").split()
            if edition_of(chapter) == "es":
                feedback = opened.locator("#jq_intro").inner_text()
                assert not ENGLISH_UI.search(feedback), feedback
    finally:
        opened.context.close()
