"""Doctest namespace: the loaders every example starts from (as a chapter imports them)."""

import numpy as np
import pandas as pd
import pytest


@pytest.fixture(autouse=True)
def _doctest_names(doctest_namespace):
    from helpers.claims.verdict import VERDICTS
    from helpers.data import load_aid, load_homicides, load_kingpin_events
    from helpers.viz.maps.examples import _demo_frame

    doctest_namespace.update(np=np, pd=pd, load_aid=load_aid, load_homicides=load_homicides,
                             load_kingpin_events=load_kingpin_events, VERDICTS=VERDICTS,
                             _demo_frame=_demo_frame)
