"""The municipal difference-in-differences: known effects recovered, the real result pinned."""

import warnings

import numpy as np
import pandas as pd
import pyfixest as pf
import pytest

from helpers.analysis.did import (
    add_event_time,
    first_removals,
    lead_lag_table,
    municipal_panel,
    pretrend_test,
    synthetic_panel,
    window_effect,
)
from helpers.data import load_kingpin_events

warnings.filterwarnings("ignore", module="pyfixest")


@pytest.mark.parametrize("effect", [0.0, 5.0])
def test_twfe_and_two_stage_recover_a_known_effect(effect):
    data = synthetic_panel(effect=effect, seed=7)
    data["unit"] = data["cvegeo"].astype(int)
    twfe = lead_lag_table(pf.feols("rate ~ i(rel, ref=-1) | unit + t", data=data,
                                   vcov={"CRV1": "unit"}))
    two_stage = lead_lag_table(pf.did2s(data, yname="rate", first_stage="~ 0 | unit + t",
                                        second_stage="~ i(rel, ref=-1)", treatment="post",
                                        cluster="unit"))
    for table in (twfe, two_stage):
        lags = table[table["rel"].between(0, 5)]
        assert ((lags["lower"] <= effect) & (effect <= lags["upper"])).mean() >= 0.8
        assert lags["estimate"].mean() == pytest.approx(effect, abs=1.0)
        leads = table[table["rel"].between(-6, -2)]
        assert leads["estimate"].abs().mean() < 1.0


def test_pretrend_test_sees_a_planted_pre_trend():
    flat = synthetic_panel(effect=5.0, seed=11)
    trending = flat.copy()
    trending.loc[trending["treated"] & (trending["rel"] < -1), "rate"] -= 3.0
    fits = [pf.feols("rate ~ i(rel, ref=-1) | cvegeo + t", data=d, vcov={"CRV1": "cvegeo"})
            for d in (flat, trending)]
    assert pretrend_test(fits[0])["pvalue"] > 0.01
    assert pretrend_test(fits[1])["pvalue"] < 0.001


def test_window_effect_on_a_known_poisson_effect():
    data = synthetic_panel(effect=0.0, seed=5)
    rng = np.random.default_rng(5)
    data["population"] = 100_000
    data["homicides"] = rng.poisson(np.where(data["post"] == 1, 20 * 1.5, 20.0))
    result = window_effect(data, (0, 5), model="poisson")
    assert result["lower"] < 50 < result["upper"]
    assert result["n_treated"] == 20


def test_event_time_rule_and_bad_input():
    panel = pd.DataFrame({"cvegeo": ["a"] * 30 + ["b"] * 30 + ["c"] * 30,
                          "t": list(range(30)) * 3})
    first = pd.DataFrame({"cvegeo": ["a", "c"], "g": [15, 2]})
    out = add_event_time(panel, first, window=6)
    assert set(out["cvegeo"]) == {"a", "b"}  # c's first event is too close to the edge
    assert out.loc[out["cvegeo"] == "a", "rel"].min() == -6
    assert (out.loc[out["cvegeo"] == "b", "rel"] == -1).all()
    with pytest.raises(ValueError, match="^window=0 is out of range; use a whole number from 1.$"):
        add_event_time(panel, first, window=0)
    with pytest.raises(ValueError, match=r"^window=6.0 must be an integer \(e.g. 1\)"):
        add_event_time(panel, first, window=6.0)
    with pytest.raises(ValueError, match="Unknown model 'logit'"):
        window_effect(out, model="logit")
    with pytest.raises(ValueError, match="last_year"):
        municipal_panel(2012, 2005)
    with pytest.raises(ValueError, match=r"^first_year='2005' must be an integer \(e.g. 2022\)"):
        municipal_panel("2005", 2012)
    with pytest.raises(ValueError, match=r"^last_year=2012.0 must be an integer \(e.g. 2022\)"):
        municipal_panel(2005, 2012.0)


def test_real_first_removals_and_panel_are_pinned():
    events = load_kingpin_events()
    first = first_removals(events)
    assert first["cvegeo"].is_unique
    assert first.attrs["unplaced"] == 7
    panel = municipal_panel(2005, 2012)
    data = add_event_time(panel, first, window=12)
    assert data.loc[data["treated"], "cvegeo"].nunique() == 10
    assert panel["cvegeo"].nunique() * 96 == len(panel)
    fit = pf.feols("rate ~ i(rel, ref=-1) | unit + t", data=data, vcov={"CRV1": "unit"})
    lags = lead_lag_table(fit).query("0 <= rel <= 11")["estimate"].mean()
    assert lags == pytest.approx(4.9, abs=0.2)
    assert window_effect(data, (0, 11), model="ols")["percent"] == pytest.approx(71.7, abs=1)
