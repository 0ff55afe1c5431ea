"""Spatial weights, Moran's I and LISA clusters of the 32 states."""

from __future__ import annotations

import geopandas as gpd
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest

from helpers.analysis import spatial
from helpers.viz.figures import spatial as spatial_figures


@pytest.fixture(scope="module")
def geo() -> gpd.GeoDataFrame:
    from helpers.data import load_states_geo

    return load_states_geo()


@pytest.fixture(scope="module")
def w(geo):
    return spatial.state_weights(geo)


def north_south(geo) -> pd.Series:
    """1 for the 16 northernmost states, 0 for the rest: a clustered pattern."""
    lat = geo.set_index("cve_ent").geometry.representative_point().y
    return (lat > lat.median()).astype(float)


def test_weights_cover_32_states_without_islands(w):
    assert w.n == 32
    assert w.id_order == [f"{i:02d}" for i in range(1, 33)]
    assert w.islands == []
    # Baja California Sur touches only Baja California.
    assert list(w.neighbors["03"]) == ["02"]
    # Row-standardised by default.
    assert all(sum(v) == pytest.approx(1.0) for v in w.weights.values())
    assert set(w.neighbors["09"]) == {"15", "17"}  # Mexico City: Estado de México, Morelos


def test_moran_positive_for_clustered_pattern(geo, w):
    clustered = spatial.moran(north_south(geo), w, permutations=199)
    assert clustered.I > 0.5
    assert clustered.p_sim <= 0.01
    # Random values are far less clustered.
    rng = np.random.default_rng(3)
    random = pd.Series(rng.normal(size=32), index=[f"{i:02d}" for i in range(1, 33)])
    assert abs(spatial.moran(random, w, permutations=199).I) < clustered.I


def test_moran_is_reproducible_and_leaves_global_random_state(geo, w):
    np.random.seed(123)
    before = np.random.random()
    np.random.seed(123)
    a = spatial.moran(north_south(geo) + np.arange(32) / 100, w, permutations=199, seed=5)
    after = np.random.random()
    b = spatial.moran(north_south(geo) + np.arange(32) / 100, w, permutations=199, seed=5)
    assert a.p_sim == b.p_sim and a.z_sim == b.z_sim
    assert before == after


def test_moran_by_year_one_row_per_year(geo, w):
    base = north_south(geo)
    frame = pd.concat([
        pd.DataFrame({"cve_ent": base.index, "year": 2010, "rate": base.to_numpy()}),
        pd.DataFrame({"cve_ent": base.index, "year": 2011,
                      "rate": np.random.default_rng(1).normal(size=32)}),
    ])
    table = spatial.moran_by_year(frame, w, permutations=99)
    assert table["year"].tolist() == [2010, 2011]
    assert table["expected"].iloc[0] == pytest.approx(-1 / 31)
    assert table["moran_i"].iloc[0] > table["moran_i"].iloc[1]


def test_lisa_labels_clusters(geo, w):
    values = north_south(geo) + np.linspace(0, 0.01, 32)
    out = spatial.lisa(values, w, permutations=199)
    assert out.index.tolist() == w.id_order
    assert set(out["cluster"]) <= set(spatial.CLUSTERS)
    assert {"High-High", "Low-Low"} <= set(out["cluster"])
    high = out[out["cluster"] == "High-High"]
    assert (high["value"] >= 1).all()
    assert (out.loc[out["cluster"] != "Not significant", "p_sim"] <= 0.05).all()


def test_lisa_map_has_a_legend(geo, w):
    fig = spatial_figures.plot_lisa_map(geo, spatial.lisa(north_south(geo) + np.arange(32) / 1e3, w,
                                                  permutations=99), title="demo")
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any(label.startswith("High-High (") for label in labels)
    plt.close(fig)


def test_bad_inputs(geo, w):
    values = north_south(geo)
    with pytest.raises(ValueError, match=r"No value for state\(s\) \['32'\]"):
        spatial.moran(values.drop("32"), w)
    with pytest.raises(ValueError, match="missing \\(NaN\\)"):
        spatial.moran(values.where(values.index != "05"), w)
    with pytest.raises(ValueError, match="All values are equal"):
        spatial.moran(values * 0, w)
    with pytest.raises(ValueError, match="^permutations=10 is out of range; use a whole number "
                                         "from 99.$"):
        spatial.moran(values, w, permutations=10)
    with pytest.raises(ValueError, match=r"^permutations=True must be an integer \(e.g. 99\)"):
        spatial.moran(values, w, permutations=True)
    with pytest.raises(ValueError, match="alpha must be between 0 and 1"):
        spatial.lisa(values, w, alpha=5)
    with pytest.raises(ValueError, match="^alpha='0.05' must be a number, not a str.$"):
        spatial.lisa(values, w, alpha="0.05")
    with pytest.raises(ValueError, match="Unknown transform 'x'"):
        spatial.state_weights(geo, transform="x")
    with pytest.raises(ValueError, match="needs a 'cve_ent' column"):
        spatial.state_weights(geo.rename(columns={"cve_ent": "code"}))
    with pytest.raises(ValueError, match="repeats a cve_ent"):
        spatial.state_weights(pd.concat([geo, geo.head(1)]))
    with pytest.raises(ValueError, match=r"frame lacks column\(s\) \['rate'\]"):
        spatial.moran_by_year(pd.DataFrame({"cve_ent": [], "year": []}), w)
    with pytest.raises(ValueError, match="needs a 'cluster' column"):
        spatial_figures.plot_lisa_map(geo, pd.DataFrame({"x": []}))


def test_lisa_labels_are_esda_cluster_labels_and_the_quadrants_by_hand(geo, w):
    """esda's Moran_Local.get_cluster_labels gives what the Moran scatter plot says."""
    values = north_south(geo) + np.linspace(0, 0.3, 32)
    out = spatial.lisa(values, w, permutations=199)
    y = values.reindex(w.id_order).to_numpy()
    z = y - y.mean()
    lag = np.array([sum(wt * z[w.id_order.index(j)] for j, wt in zip(w.neighbors[i],
                                                                     w.weights[i], strict=True))
                    for i in w.id_order])
    by_hand = np.select([(z > 0) & (lag > 0), (z < 0) & (lag < 0), (z > 0) & (lag < 0)],
                        ["High-High", "Low-Low", "High-Low"], "Low-High")
    assert out["quadrant"].tolist() == by_hand.tolist()
    significant = out["p_sim"] < 0.05
    assert (out.loc[significant, "cluster"] == out.loc[significant, "quadrant"]).all()
    assert (out.loc[~significant, "cluster"] == "Not significant").all()
    assert out.attrs["threshold"] == 0.05


def test_corrections_keep_fewer_clusters(geo, w):
    values = north_south(geo) + np.linspace(0, 0.3, 32)
    found = {c: spatial.lisa(values, w, permutations=999, correction=c)
             for c in spatial.CORRECTIONS}
    n_sig = {c: int((t["cluster"] != "Not significant").sum()) for c, t in found.items()}
    assert n_sig["none"] >= n_sig["fdr"] >= n_sig["bonferroni"]
    assert found["bonferroni"].attrs["threshold"] == pytest.approx(0.05 / 32)
    p = found["none"]["p_sim"].to_numpy()
    assert found["fdr"].attrs["threshold"] == pytest.approx(
        spatial.significance_threshold(p, 0.05, "fdr"))
    # The same p-values in every run: only the threshold moves.
    assert (found["fdr"]["p_sim"] == found["none"]["p_sim"]).all()


def test_fdr_threshold_is_benjamini_hochberg():
    p = np.array([0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205] + [0.9] * 24)
    # Largest k with p_(k) < k * 0.05 / 32: k = 1 (0.008 > 2 * 0.05 / 32 = 0.003125).
    assert spatial.significance_threshold(p, 0.05, "fdr") == pytest.approx(0.05 / 32)
    p2 = np.r_[np.full(4, 0.001), np.full(28, 0.9)]
    assert spatial.significance_threshold(p2, 0.05, "fdr") == pytest.approx(4 * 0.05 / 32)
    with pytest.raises(ValueError, match="Unknown correction 'holm'"):
        spatial.significance_threshold(p, 0.05, "holm")
    with pytest.raises(ValueError, match="alpha must be between 0 and 1"):
        spatial.significance_threshold(p, 1.5, "fdr")
