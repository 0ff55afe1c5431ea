"""The docstring examples of every helpers module run as tests (doctests).

Examples start from the loaders a chapter imports (``load_homicides``,
``load_kingpin_events``, ``load_aid``), ``pd`` and ``np``; anything else an
example needs, it imports itself.
"""

import doctest
import importlib
import pkgutil

import matplotlib
import numpy as np
import pandas as pd
import pytest

import booktools
import helpers

matplotlib.use("Agg")

MODULES = sorted(m.name for m in pkgutil.walk_packages(helpers.__path__, "helpers."))


def _globs() -> dict:
    from helpers.claims.verdict import VERDICTS
    from helpers.data import load_aid, load_homicides, load_kingpin_events
    from helpers.viz.maps.examples import _demo_frame

    return {"np": np, "pd": pd, "load_aid": load_aid, "load_homicides": load_homicides,
            "load_kingpin_events": load_kingpin_events, "VERDICTS": VERDICTS,
            "_demo_frame": _demo_frame}


def test_every_module_is_found():
    assert "helpers.data.tables" in MODULES and "helpers.viz.maps.choropleth" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in finder.find(module, name, globs={**vars(module), **_globs()}):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


#: The build and test tooling: its examples run too.
TOOL_MODULES = sorted(m.name for m in pkgutil.walk_packages(booktools.__path__, "booktools."))


@pytest.mark.parametrize("name", TOOL_MODULES)
def test_tooling_docstring_examples(name):
    module = importlib.import_module(name)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in doctest.DocTestFinder(exclude_empty=True).find(module, name,
                                                                 globs=dict(vars(module))):
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"
