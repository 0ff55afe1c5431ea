"""Self-check quizzes (jupyterquiz) whose answers are computed from the data.

A quiz is a JSON file ``src/helpers/quizzes/<name>.json`` in jupyterquiz's
format (a list of questions), with two additions:

* **Placeholders.** Any string may hold ``{name}`` fields, filled from the
  keyword arguments of :func:`quiz`; a string that is exactly ``"{name}"``
  becomes the value itself (a number stays a number). So a chapter computes an
  answer in code and passes it in; no figure is typed into the JSON.
  Literal braces are written ``{{`` and ``}}``.
* **Keyed choices.** A multiple- or many-choice question may name its right
  answer(s) in ``"correct"`` (a placeholder, or a list of them) and give each
  answer a ``"key"``; the answers whose key matches are marked correct.

In a notebook the quiz is interactive; in the HTML book the same output (an
HTML container plus jupyterquiz's script) runs in the reader's browser without
a kernel and without the ipywidgets manager. In a chapter::

    from helpers.viz.quiz import quiz
    quiz("intro", n_states=len(states), president_2006=presidency_on("2006-12-11").key)
"""

from __future__ import annotations

import copy
import json
import os
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from helpers.reference.checks import check_finite
from helpers.reference.i18n import language, tr

#: Folder of the quiz files.
QUIZ_DIR = Path(__file__).resolve().parent / "quizzes"
#: Question types jupyterquiz can show.
QUESTION_TYPES = ("multiple_choice", "many_choice", "numeric", "string")
#: Colours: the book's blue for questions, colour-blind-safe feedback (Okabe-Ito based),
#: all with at least 4.5:1 contrast against the white text (answer boxes included).
COLORS = {
    "--jq-multiple-choice-bg": "#0a5a8c",
    "--jq-many-choice-bg": "#0a5a8c",
    "--jq-numeric-bg": "#0a5a8c",
    "--jq-string-bg": "#0a5a8c",
    "--jq-mc-button-bg": "#fafafa",
    "--jq-mc-button-border": "#e0e0e0e0",
    "--jq-mc-button-inset-shadow": "#555555",
    "--jq-numeric-input-bg": "#063b5c",
    "--jq-numeric-input-label": "#101010",
    "--jq-numeric-input-shadow": "#999999",
    "--jq-incorrect-color": "#a3320b",
    "--jq-correct-color": "#00704a",
    "--jq-text-color": "#fafafa",
    "--jq-link-color": "#cfe3ff",
}

#: Accessible name given to jupyterquiz's answer boxes, which have no label.
INPUT_LABEL = "Your answer"
#: Script run after jupyterquiz's: label every answer box, now and when questions redraw.
_LABEL_INPUTS = (
    "(function(){var c=document.getElementById(%s);if(!c){return;}"
    "var fix=function(){c.querySelectorAll('input.Input-text:not([aria-label])').forEach("
    "function(i){i.setAttribute('aria-label',%s);});};"
    "fix();new MutationObserver(fix).observe(c,{childList:true,subtree:true});})();"
)

#: A quiz of the HTML book: its questions, shown by the library the page loaded once.
_SHOW = ("(function(){var q=%s;function show(){var c=document.getElementById(%s);"
         "if(c&&typeof show_questions==='function'){show_questions(q,c);}"
         "else{setTimeout(show,200);}}show();})();")

_FORMATTER = string.Formatter()
_WHOLE = re.compile(r"^\{(\w+)\}$")


def quiz_names(folder: Path = QUIZ_DIR) -> list[str]:
    """Return the names of the available quizzes.

    Examples
    --------
    >>> "intro" in quiz_names()
    True
    """
    return sorted(p.stem for p in folder.glob("*.json"))


def _fields(value: Any) -> set[str]:
    if isinstance(value, str):
        return {f for _, f, _, _ in _FORMATTER.parse(value) if f}
    if isinstance(value, list):
        return set().union(*(_fields(v) for v in value)) if value else set()
    if isinstance(value, dict):
        return set().union(*(_fields(v) for v in value.values())) if value else set()
    return set()


def _fill(value: Any, values: Mapping[str, Any]) -> Any:
    if isinstance(value, str):
        whole = _WHOLE.match(value)
        if whole:
            filled = values[whole[1]]
            return filled.item() if hasattr(filled, "item") else filled
        try:
            return value.format_map(values)
        except (ValueError, TypeError) as err:
            raise ValueError(f"Cannot fill {value!r} with the values given: {err}.") from err
    if isinstance(value, list):
        return [_fill(v, values) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, values) for k, v in value.items()}
    return value


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check(question: dict[str, Any], where: str) -> dict[str, Any]:
    """Validate one filled question, resolve keyed choices, return jupyterquiz's dict."""
    kind = question.get("type")
    if kind not in QUESTION_TYPES:
        raise ValueError(f"{where}: type {kind!r} is not allowed; use one of "
                         f"{', '.join(QUESTION_TYPES)}.")
    if not isinstance(question.get("question"), str) or not question["question"].strip():
        raise ValueError(f"{where}: 'question' must be a non-empty string.")
    answers = question.get("answers")
    if not isinstance(answers, list) or not answers:
        raise ValueError(f"{where}: 'answers' must be a non-empty list.")
    question = copy.deepcopy(question)
    if kind in ("multiple_choice", "many_choice"):
        if "correct" in question:
            wanted = question.pop("correct")
            wanted = {str(w) for w in (wanted if isinstance(wanted, list) else [wanted])}
            keys = [a.get("key") for a in question["answers"]]
            if None in keys:
                raise ValueError(f"{where}: with 'correct', every answer needs a 'key'.")
            unknown = wanted - {str(k) for k in keys}
            if unknown:
                raise ValueError(f"{where}: correct answer(s) {sorted(unknown)} are not among "
                                 f"the answer keys {keys}.")
            for answer in question["answers"]:
                answer["correct"] = str(answer.pop("key")) in wanted
        for answer in question["answers"]:
            if not isinstance(answer.get("answer"), str) or not isinstance(
                    answer.get("correct"), bool):
                raise ValueError(f"{where}: each answer needs an 'answer' text and a "
                                 "'correct' true/false (or a 'key' and a question-level "
                                 "'correct').")
        n_right = sum(a["correct"] for a in question["answers"])
        if n_right == 0 or (kind == "multiple_choice" and n_right > 1):
            raise ValueError(f"{where}: a {kind} question needs "
                             f"{'exactly one' if kind == 'multiple_choice' else 'at least one'}"
                             f" correct answer; it has {n_right}.")
    elif kind == "numeric":
        right = [a for a in answers if a.get("correct") and a.get("type") in ("value", "range")]
        if not right:
            raise ValueError(f"{where}: a numeric question needs a correct answer of type "
                             "'value' or 'range'.")
        for answer in answers:
            if answer.get("type") == "value" and not _is_number(answer.get("value")):
                raise ValueError(f"{where}: the value {answer.get('value')!r} is not a number.")
            if answer.get("type") == "range" and not (
                    isinstance(answer.get("range"), list) and len(answer["range"]) == 2
                    and all(_is_number(x) for x in answer["range"])):
                raise ValueError(f"{where}: a range must be two numbers, got "
                                 f"{answer.get('range')!r}.")
    return question


def _check_value(quiz_name: str, key: str, value: Any) -> None:
    """Refuse a missing or non-finite answer (a quiz built on NaN would mark every reply)."""
    if value is None or type(value).__name__ in ("NAType", "NaTType"):
        raise ValueError(f"Quiz {quiz_name!r}: {key}={value!r} is missing; compute it from "
                         "the data before building the quiz.")
    import numpy as np

    if isinstance(value, int | float | np.number) and not isinstance(value, bool):
        try:
            check_finite(value, key)
        except ValueError as err:
            raise ValueError(f"Quiz {quiz_name!r}: {err}") from None


def load_questions(name: str, folder: Path = QUIZ_DIR, **values: Any) -> list[dict[str, Any]]:
    """Read quiz ``name``, fill its placeholders from ``values`` and validate it.

    Parameters
    ----------
    name : str
        File name without ``.json`` in ``folder``.
    folder : pathlib.Path
        Where quiz files live.
    **values
        One value per placeholder used in the file.

    Returns
    -------
    list of dict
        Questions in jupyterquiz's format.

    Raises
    ------
    KeyError
        If there is no such quiz (the message lists the quizzes) or a
        placeholder has no value (the message lists what the quiz needs).
    ValueError
        If a value is given that the quiz never uses, or a question is malformed.

    Examples
    --------
    >>> qs = load_questions("intro", n_states=32, president_dec_2006="calderon")
    >>> qs[0]["type"]
    'multiple_choice'
    >>> load_questions("intro", n_states=32)
    Traceback (most recent call last):
    ...
    KeyError: "Quiz 'intro' needs values for ['president_dec_2006'] (it uses \
['n_states', 'president_dec_2006'])."
    """
    path = folder / f"{name}.json"
    translated = folder / language() / f"{name}.json"  # quizzes/es/<name>.json: Spanish edition
    if path.is_file() and translated.is_file():
        path = translated
    if not path.is_file():
        raise KeyError(f"No quiz named {name!r}; the quizzes are: "
                       f"{', '.join(quiz_names(folder)) or '(none)'}.")
    raw = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(raw, list):
        raise ValueError(f"{path.name}: a quiz file holds a JSON list of questions.")
    needed = _fields(raw)
    missing = sorted(needed - set(values))
    if missing:
        raise KeyError(f"Quiz {name!r} needs values for {missing} (it uses {sorted(needed)}).")
    unused = sorted(set(values) - needed)
    if unused:
        raise ValueError(f"Quiz {name!r} does not use {unused}; it uses {sorted(needed)}.")
    for key, value in values.items():
        _check_value(name, key, value)
    filled = _fill(raw, values)
    return [_check(q, f"{path.name}, question {i + 1}") for i, q in enumerate(filled)]


@dataclass(frozen=True)
class Quiz:
    """A quiz ready to show; displaying it emits jupyterquiz's HTML and script.

    Attributes
    ----------
    name : str
        Quiz name, also used for the container's id (stable across builds).
    questions : list of dict
        The filled questions.
    """

    name: str
    questions: list[dict[str, Any]]

    @property
    def div_id(self) -> str:
        """Id of the HTML container (a valid JavaScript name, as jupyterquiz needs)."""
        return "jq_" + re.sub(r"\W", "_", self.name)

    def html(self) -> str:
        """Return the container and its styles.

        jupyterquiz's ``display_quiz`` draws the same container, but under a random
        id (pages would change at every build) and with no way to label its answer
        boxes; so the quiz calls the two functions ``display_quiz`` itself calls,
        with the same settings, by keyword.
        """
        from jupyterquiz.dynamic.renderer import build_styles, render_div

        div = render_div(div_id=self.div_id, shuffle_questions=False, shuffle_answers=True,
                         preserve_responses=False, num=1_000_000, max_width=600,
                         border_radius=10, question_alignment="left")
        return div + "</div>" + build_styles(div_id=self.div_id, color_dict=COLORS)

    def script(self) -> str:
        """Return the JavaScript that draws the questions into the container.

        jupyterquiz's own script, followed by a few lines that give its answer
        boxes an accessible name (it writes ``<input>`` elements without a label).
        In the HTML book (``KINGPIN_STATIC_WIDGETS=1``) jupyterquiz's library
        (:func:`library_js`) is not repeated in every quiz: the page loads it
        once, from the book's static files (:mod:`booktools.quiz_assets`), and
        the quiz carries its questions and the call that shows them.
        """
        from jupyterquiz.dynamic.loader import load_questions_script
        from jupyterquiz.dynamic.renderer import build_script

        from helpers.viz.widgets import STATIC_ENV

        label = _LABEL_INPUTS % (json.dumps(self.div_id), json.dumps(tr(INPUT_LABEL)))
        if os.environ.get(STATIC_ENV) == "1":
            return _SHOW % (json.dumps(self.questions), json.dumps(self.div_id)) + label
        prefix, static, url = load_questions_script(ref=self.questions, div_id=self.div_id)
        script = build_script(prefix_script=prefix, static=static, url=url, div_id=self.div_id,
                              load_js=True)
        return script + label

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, Javascript, display

        display(HTML(self.html()))
        display(Javascript(self.script()))


def library_js() -> str:
    """Return jupyterquiz's JavaScript library, as its own script includes it.

    The HTML book serves it once as a static file (:mod:`booktools.quiz_assets`).

    Examples
    --------
    >>> "function show_questions" in library_js()
    True
    """
    from importlib.resources import files

    folder = files("jupyterquiz").joinpath("js")
    return "".join(f.read_text(encoding="utf-8")
                   for f in sorted(folder.iterdir(), key=lambda f: f.name)
                   if f.name.endswith(".js"))


def quiz(name: str, **values: Any) -> Quiz:
    """Return quiz ``name`` with its answers filled in from ``values``; display it in a cell.

    Parameters
    ----------
    name : str
        A quiz in ``src/helpers/quizzes`` (see :func:`quiz_names`).
    **values
        The computed answers the quiz file refers to.

    Returns
    -------
    Quiz
        Shown as an interactive quiz when it is the cell's last expression.

    Examples
    --------
    >>> q = quiz("intro", n_states=32, president_dec_2006="calderon")
    >>> q.div_id
    'jq_intro'
    >>> "show_questions" in q.script()
    True
    """
    return Quiz(name, load_questions(name, **values))
