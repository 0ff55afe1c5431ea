"""Helpers for the Kingpin Strategy teaching book, in layers that import downwards only.

=====================  ==============================================================
layer                  what it holds
=====================  ==============================================================
``helpers.reference``  facts with no I/O: states, presidential terms, homicide series,
                       aid accounts, paths, argument checks, accent folding
``helpers.data``       every ``load_*`` (tables checked against ``data/datapackage.json``)
``helpers.analysis``   rates, event counts, aid aggregation, spatial statistics,
                       the event study
``helpers.viz``        house style, maps, explorers, quizzes, figures by domain
``helpers.claims``     the article's claims C1–C13 and the check of each
``helpers.pipeline``   rebuilds ``data/`` from the raw official files (imports only
                       ``helpers.reference``)
=====================  ==============================================================

The rule is enforced by the import-linter contract in ``pyproject.toml``
(``make lint``). Build, test and benchmark tooling is a separate package,
``booktools``, which nothing here imports.

The names readers use most are also available from the top level (imported on
first use, so ``import helpers`` stays light).

Examples
--------
>>> import helpers
>>> helpers.normalize_state("Michoacan")
'16'
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.2.0"

#: Public names kept at the top level, and where they live.
_SHORTCUTS = {
    "load_homicides": "helpers.data",
    "load_population": "helpers.data",
    "load_kingpin_events": "helpers.data",
    "load_aid": "helpers.data",
    "normalize_state": "helpers.reference.states",
    "event_study": "helpers.analysis.eventstudy",
    "state_map": "helpers.viz.maps",
    "municipal_map": "helpers.viz.maps",
}

__all__ = sorted(_SHORTCUTS)


def __getattr__(name: str) -> Any:
    if name in _SHORTCUTS:
        return getattr(import_module(_SHORTCUTS[name]), name)
    raise AttributeError(f"module 'helpers' has no attribute {name!r}")


def _reading_formats(*_: Any, now: bool = False) -> None:
    """IPython hook: once matplotlib is in use, show figures the house way (SVG, legible)."""
    import sys

    if now or "matplotlib.figure" in sys.modules:
        import_module("helpers.viz.style").use_reading_formats()


def _hook_reading_formats() -> None:
    """In a Jupyter kernel, run :func:`_reading_formats` around every cell.

    A chapter's own figures are then fitted for phones too, whichever helpers it
    imports. In a kernel with Jupyter's inline backend (``MPLBACKEND``, set by
    ipykernel) the formats are set at once, so that even the first figure of a
    chapter, drawn and shown in one cell, gets them; elsewhere ``import helpers``
    stays light.
    """
    import os
    import sys

    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython else None
    if shell is not None and hasattr(shell, "events"):
        # before a cell, and after it but before the inline backend shows its figures
        # (a cell that imports matplotlib and draws at once)
        for event in ("pre_run_cell", "post_execute"):
            callbacks = shell.events.callbacks.get(event, [])
            if not any(getattr(c, "__name__", "") == "_reading_formats" for c in callbacks):
                shell.events.register(event, _reading_formats)
        if os.environ.get("MPLBACKEND", "").endswith("backend_inline"):
            _reading_formats(now=True)


_hook_reading_formats()
