"""Spatial autocorrelation of state homicide rates with PySAL.

* :func:`state_weights` -- Queen contiguity weights between the 32 states
  (two states are neighbours if their borders share at least one point);
* :func:`moran_by_year` -- global Moran's I for every year, with a permutation
  p-value;
* :func:`lisa` -- local Moran statistics and the LISA cluster of each state
  (High-High, Low-Low, High-Low, Low-High, or not significant), with a
  correction for testing 32 states at once (false discovery rate or
  Bonferroni).

The figures are in :mod:`helpers.viz.figures.spatial`. All permutation tests take
a ``seed`` so that results repeat exactly.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from helpers.reference.checks import check_finite, check_frame, check_integer, check_series

#: Default seed of the permutation tests.
DEFAULT_SEED = 2006
#: LISA cluster labels, in legend order.
CLUSTERS: tuple[str, ...] = ("High-High", "Low-Low", "High-Low", "Low-High", "Not significant")
#: Corrections for testing every state at once: none, Benjamini-Hochberg false discovery
#: rate (``esda.fdr``), or Bonferroni (``alpha / n``).
CORRECTIONS: tuple[str, ...] = ("none", "fdr", "bonferroni")


def state_weights(geo=None, transform: str = "r"):
    """Return Queen contiguity weights for the states, keyed by ``cve_ent``.

    Parameters
    ----------
    geo : geopandas.GeoDataFrame, optional
        State boundaries with a ``cve_ent`` column (default:
        :func:`helpers.data.load_states_geo`).
    transform : {"r", "b"}
        ``"r"`` row-standardises the weights (each state's neighbours sum to
        1), ``"b"`` keeps binary 0/1 weights.

    Returns
    -------
    libpysal.weights.W
        Ids are the ``cve_ent`` codes in sorted order. ``w.islands`` lists the
        states without a neighbour (none for Mexico's 32 states).

    Raises
    ------
    ValueError
        If ``geo`` lacks ``cve_ent``, repeats a code, or ``transform`` is unknown.

    Examples
    --------
    >>> w = state_weights()
    >>> w.n, w.islands, list(w.neighbors["03"])
    (32, [], ['02'])
    """
    from libpysal.weights import Queen

    if transform not in ("r", "b"):
        raise ValueError(f"Unknown transform {transform!r}; use 'r' (row-standardised) or 'b' "
                         "(binary).")
    if geo is None:
        from helpers.data.geo import load_states_geo

        geo = load_states_geo()
    if "cve_ent" not in geo.columns:
        raise ValueError("geo needs a 'cve_ent' column with the INEGI state codes.")
    if geo["cve_ent"].duplicated().any():
        raise ValueError("geo repeats a cve_ent: give one (multi)polygon per state.")
    geo = geo.sort_values("cve_ent").reset_index(drop=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # libpysal warns about islands; we report them
        w = Queen.from_dataframe(geo, ids=geo["cve_ent"].astype(str).tolist(), use_index=False)
    w.transform = transform
    return w


def _aligned(values: pd.Series, w) -> np.ndarray:
    """Return ``values`` (indexed by cve_ent) in the order of ``w.id_order``."""
    values = check_series(values, "values").copy()
    values.index = values.index.astype(str)
    if values.index.duplicated().any():
        raise ValueError(f"values has several entries for state(s) "
                         f"{sorted(set(values.index[values.index.duplicated()]))[:5]}; give one "
                         "value per state (one series, one year).")
    missing = [i for i in w.id_order if i not in values.index]
    if missing:
        raise ValueError(f"No value for state(s) {missing}: Moran's I needs all "
                         f"{w.n} units of the weights.")
    y = values.reindex(w.id_order).to_numpy(dtype=float)
    if np.isnan(y).any():
        raise ValueError("A state's value is missing (NaN); Moran's I needs complete data.")
    if np.allclose(y, y[0]):
        raise ValueError("All values are equal: Moran's I is undefined without variation.")
    return y


def _check_permutations(permutations: int) -> int:
    return check_integer(permutations, "permutations", minimum=99)


def moran(values: pd.Series, w, permutations: int = 999, seed: int = DEFAULT_SEED):
    """Return global Moran's I of ``values`` (indexed by ``cve_ent``).

    Parameters
    ----------
    values : pandas.Series
        One value per state, indexed by ``cve_ent``.
    w : libpysal.weights.W
        Weights from :func:`state_weights`.
    permutations : int
        Random permutations for the pseudo p-value (at least 99).
    seed : int
        Seed of the permutations.

    Returns
    -------
    esda.Moran
        With ``I``, ``EI`` (expected under no autocorrelation), ``z_sim`` and
        ``p_sim`` (one-sided pseudo p-value).

    Examples
    --------
    Latitude is clustered by construction: northern states border northern states.

    >>> from helpers.data.geo import load_states_geo
    >>> geo = load_states_geo()
    >>> latitude = geo.set_index("cve_ent").geometry.representative_point().y
    >>> m = moran(latitude, state_weights(geo), permutations=99)
    >>> bool(m.I > 0.5), bool(m.p_sim < 0.05)
    (True, True)
    """
    import esda

    y = _aligned(values, w)
    permutations = _check_permutations(permutations)
    state = np.random.get_state()
    np.random.seed(seed)  # esda.Moran draws its permutations from numpy's global generator
    try:
        return esda.Moran(y, w, permutations=permutations)
    finally:
        np.random.set_state(state)


def moran_by_year(
    frame: pd.DataFrame,
    w,
    value: str = "rate",
    permutations: int = 999,
    seed: int = DEFAULT_SEED,
) -> pd.DataFrame:
    """Return global Moran's I of ``value`` for every year in ``frame``.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long table with ``cve_ent``, ``year`` and ``value``.
    w : libpysal.weights.W
        Weights from :func:`state_weights`.
    value : str
        Column to test.
    permutations, seed
        As in :func:`moran`.

    Returns
    -------
    pandas.DataFrame
        ``year``, ``moran_i``, ``expected`` (-1/(n-1)), ``z_sim``, ``p_sim``.

    Examples
    --------
    >>> w = state_weights()
    >>> frame = pd.DataFrame({"cve_ent": w.id_order * 2, "year": [2000] * 32 + [2001] * 32,
    ...                       "rate": [float(i % 2) for i in range(64)]})
    >>> moran_by_year(frame, w, permutations=99)["year"].tolist()
    [2000, 2001]
    """
    check_frame(frame, "frame", ["cve_ent", "year", value], numeric=[value])
    if "series" in frame.columns and frame["series"].nunique() > 1:
        raise ValueError(f"frame mixes series {sorted(frame['series'].unique())}; keep one "
                         "(e.g. load_homicides(series='inegi_occurrence')): each state needs "
                         "one value per year.")
    dup = frame.duplicated(["cve_ent", "year"])
    if dup.any():
        first = frame.loc[dup, ["cve_ent", "year"]].iloc[0].tolist()
        raise ValueError(f"frame has {int(dup.sum())} duplicated state-year row(s), e.g. "
                         f"cve_ent={first[0]!r}, year={first[1]}; keep one row per state and "
                         "year.")
    rows = []
    for year, group in frame.groupby("year", sort=True):
        m = moran(group.set_index("cve_ent")[value], w, permutations, seed)
        rows.append({"year": int(year), "moran_i": float(m.I), "expected": float(m.EI),
                     "z_sim": float(m.z_sim), "p_sim": float(m.p_sim)})
    return pd.DataFrame(rows)


def significance_threshold(p_values, alpha: float = 0.05, correction: str = "none") -> float:
    """Return the p-value below which a local test counts as significant.

    Testing 32 states at the 5% level finds 1.6 "significant" states on
    average even where there is no clustering at all. ``"fdr"`` keeps the
    expected share of false discoveries among the significant states at
    ``alpha`` (Benjamini-Hochberg, :func:`esda.fdr`); ``"bonferroni"`` keeps
    the chance of any false discovery at ``alpha`` (``alpha / n``).

    Parameters
    ----------
    p_values : array-like
        One pseudo p-value per state.
    alpha : float
        Significance level, between 0 and 1.
    correction : {"none", "fdr", "bonferroni"}

    Returns
    -------
    float
        A state is significant when its p-value is *below* the threshold
        (as in :meth:`esda.Moran_Local.get_cluster_labels`).

    Examples
    --------
    >>> p = [0.001, 0.002, 0.02, 0.04, 0.3] + [0.5] * 27
    >>> significance_threshold(p), significance_threshold(p, correction="bonferroni")
    (0.05, 0.0015625)
    >>> round(significance_threshold(p, correction="fdr"), 4)  # two states pass: 2 × 0.05 / 32
    0.0031
    """
    import esda

    from helpers.reference.checks import check_choice

    correction = check_choice(correction, CORRECTIONS, "correction")
    if not 0 < check_finite(alpha, "alpha") < 1:
        raise ValueError(f"alpha must be between 0 and 1 (e.g. 0.05), got {alpha}.")
    p = np.asarray(p_values, dtype=float)
    if correction == "none":
        return float(alpha)
    if correction == "bonferroni":
        return float(alpha / p.size)
    return float(esda.fdr(p, alpha))


def lisa(
    values: pd.Series,
    w,
    permutations: int = 999,
    alpha: float = 0.05,
    seed: int = DEFAULT_SEED,
    correction: str = "none",
) -> pd.DataFrame:
    """Return the local Moran statistic and LISA cluster of every state.

    Parameters
    ----------
    values : pandas.Series
        One value per state, indexed by ``cve_ent``.
    w : libpysal.weights.W
        Weights from :func:`state_weights`.
    permutations : int
        Conditional permutations per state (at least 99).
    alpha : float
        Significance level of the pseudo p-value, between 0 and 1.
    seed : int
        Seed of the permutations.
    correction : {"none", "fdr", "bonferroni"}
        Correction for testing every state (see :func:`significance_threshold`).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``cve_ent``: ``value``, ``local_i``, ``quadrant`` (where the
        state sits on the Moran scatter plot, whatever its significance),
        ``p_sim`` and ``cluster`` (one of :data:`CLUSTERS`: esda's
        ``Moran_Local.get_cluster_labels`` at the corrected threshold, with
        esda's "Insignificant" shown as "Not significant").
        ``attrs["threshold"]`` is the p-value a state had to be below.

    Examples
    --------
    >>> from helpers.data.geo import load_states_geo
    >>> geo = load_states_geo()
    >>> latitude = geo.set_index("cve_ent").geometry.representative_point().y
    >>> clusters = lisa(latitude, state_weights(geo), permutations=99)
    >>> clusters.loc["08", "cluster"], clusters.loc["27", "cluster"]  # Chihuahua, Tabasco
    ('High-High', 'Low-Low')
    """
    import esda

    if not 0 < check_finite(alpha, "alpha") < 1:
        raise ValueError(f"alpha must be between 0 and 1 (e.g. 0.05), got {alpha}.")
    y = _aligned(values, w)
    permutations = _check_permutations(permutations)
    with warnings.catch_warnings():
        # esda announces a future change of its default alternative hypothesis; the
        # p-values here are the current one-sided (folded) pseudo p-values.
        warnings.simplefilter("ignore", DeprecationWarning)
        local = esda.Moran_Local(y, w, permutations=permutations, seed=seed)
    threshold = significance_threshold(local.p_sim, alpha, correction)
    # A threshold above every p-value labels each state by its quadrant alone.
    quadrant = local.get_cluster_labels(crit_value=2.0)
    cluster = pd.Series(local.get_cluster_labels(crit_value=threshold)).replace(
        "Insignificant", "Not significant")
    out = pd.DataFrame({"value": y, "local_i": local.Is, "quadrant": quadrant,
                        "p_sim": local.p_sim, "cluster": cluster.to_numpy()},
                       index=pd.Index(w.id_order, name="cve_ent"))
    out.attrs["threshold"] = threshold
    out.attrs["correction"] = correction
    return out




