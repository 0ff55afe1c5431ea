"""A municipal difference-in-differences around kingpin removals (pyfixest).

The design follows the municipal studies of the kingpin strategy: a panel of
municipalities by month, treated municipalities where the Mexican state captured
or killed a kingpin, municipality and month fixed effects, and lead and lag
coefficients around the first removal.

Treatment rule (:data:`TREATMENT_RULE`): a municipality is treated from the month
of the **first** capture or killing by the Mexican state located in it; later
events there do not restart the clock (treatment is absorbing); events without a
municipality code cannot be placed and are left out (their number is kept in
``attrs``); a first event too close to the panel's edges to see ``margin`` months
on each side leaves the municipality out of the comparison group as well, so it
never serves as a control.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from helpers.data import filter_events, load_homicides, load_population
from helpers.reference.arithmetic import annualised_rate
from helpers.reference.checks import check_integer

#: The treatment rule, as the chapter states it.
TREATMENT_RULE = (
    "A municipality is treated from the month of the first capture or killing of a "
    "kingpin by the Mexican state located in it; later events there do not restart the "
    "clock; events with no municipality code are left out; a municipality whose first "
    "event falls too close to the panel's edges is dropped rather than used as a control."
)


def month_index(year: pd.Series | np.ndarray, month: pd.Series | np.ndarray) -> np.ndarray:
    """Return months as integers ``year * 12 + month - 1`` (so differences are months).

    Examples
    --------
    >>> int(month_index(np.array([2007]), np.array([1]))[0] - month_index(np.array([2006]),
    ...     np.array([12]))[0])
    1
    """
    return np.asarray(year, dtype="int64") * 12 + np.asarray(month, dtype="int64") - 1


def municipal_panel(first_year: int, last_year: int, min_population: int = 50_000,
                    series: str = "inegi_occurrence") -> pd.DataFrame:
    """Return a complete municipality × month panel of homicides, population and rate.

    Months without a record are zero homicides (the table lists only months with
    deaths). Population is CONAPO's mid-year estimate; the rate is per 100,000
    inhabitants a year (:func:`~helpers.reference.arithmetic.annualised_rate`).

    Parameters
    ----------
    first_year, last_year : int
        The panel's calendar years (both included).
    min_population : int
        Keep municipalities with at least this population in every year (rates
        of very small places swing with one death).
    series : str
        A monthly municipal homicide series.

    Returns
    -------
    pandas.DataFrame
        ``cvegeo``, ``cve_ent``, ``year``, ``month``, ``t`` (month index),
        ``homicides``, ``population``, ``rate``.

    Examples
    --------
    >>> p = municipal_panel(2010, 2010, min_population=1_000_000)
    >>> p.groupby("cvegeo").size().eq(12).all()
    np.True_
    """
    first_year = check_integer(first_year, "first_year")
    last_year = check_integer(last_year, "last_year")
    if last_year < first_year:
        raise ValueError(f"last_year ({last_year}) is before first_year ({first_year}).")
    years = list(range(int(first_year), int(last_year) + 1))
    counts = load_homicides(level="municipality", freq="month", series=series, years=years)
    pop = load_population(level="municipality", years=years)
    smallest = pop.groupby("cvegeo")["population"].min()
    every_year = pop.groupby("cvegeo")["year"].nunique() == len(years)
    codes = smallest[(smallest >= min_population) & every_year].index
    grid = pd.MultiIndex.from_product([codes, years, range(1, 13)],
                                      names=["cvegeo", "year", "month"]).to_frame(index=False)
    panel = grid.merge(counts[["cvegeo", "year", "month", "homicides"]],
                       on=["cvegeo", "year", "month"], how="left")
    panel["homicides"] = panel["homicides"].fillna(0).astype("int64")
    panel = panel.merge(pop[["cvegeo", "cve_ent", "year", "population"]],
                        on=["cvegeo", "year"], how="left", validate="m:1")
    panel["t"] = month_index(panel["year"], panel["month"])
    # A numeric unit id: pyfixest's did2s cannot cluster on pandas string columns.
    panel["unit"] = panel["cvegeo"].astype("int64")
    panel["rate"] = annualised_rate(panel["homicides"], panel["population"], panel["year"],
                                    panel["month"])
    return panel[["cvegeo", "unit", "cve_ent", "year", "month", "t", "homicides", "population",
                  "rate"]]


def first_removals(events: pd.DataFrame, **filters: object) -> pd.DataFrame:
    """Return the first capture or killing by the Mexican state in each municipality.

    Parameters
    ----------
    events : pandas.DataFrame
        The kingpin events table (:func:`helpers.data.load_kingpin_events`).
    **filters
        More filters for :func:`helpers.data.filter_events` (e.g. ``role="leader"``).

    Returns
    -------
    pandas.DataFrame
        ``cvegeo``, ``g`` (month index of the first removal), ``event_id``, ``alias``;
        ``attrs["unplaced"]`` counts removals with no municipality code.

    Examples
    --------
    >>> first = first_removals(load_kingpin_events())
    >>> first["cvegeo"].is_unique
    True
    """
    removals = filter_events(events, event_type="removal", actor="mexican_state", **filters)
    placed = removals[removals["cvegeo"].notna()].copy()
    placed["g"] = month_index(placed["date"].dt.year, placed["date"].dt.month)
    first = (placed.sort_values(["g", "event_id"])
             .drop_duplicates("cvegeo")[["cvegeo", "g", "event_id", "alias"]]
             .reset_index(drop=True))
    first.attrs["unplaced"] = int(len(removals) - len(placed))
    return first


def add_event_time(panel: pd.DataFrame, first: pd.DataFrame, window: int = 12,
                   margin: int | None = None) -> pd.DataFrame:
    """Add treatment timing: ``g`` (first removal month, 0 = never) and binned ``rel``.

    ``rel`` is months since the first removal, binned at ``±window`` (months
    further away share the end bins); never-treated units get ``rel = -1``, the
    reference month, so they identify the month effects only.

    Parameters
    ----------
    panel : pandas.DataFrame
        From :func:`municipal_panel`.
    first : pandas.DataFrame
        From :func:`first_removals`.
    window : int
        Leads and lags shown on each side.
    margin : int, optional
        Months a first removal must have inside the panel on each side (default
        ``window``); municipalities whose first removal is closer to an edge, or
        outside the panel, are dropped.

    Returns
    -------
    pandas.DataFrame
        The panel with ``g``, ``treated``, ``rel`` and ``post`` columns.

    Examples
    --------
    >>> panel = pd.DataFrame({"cvegeo": ["a"] * 5 + ["b"] * 5, "t": list(range(5)) * 2})
    >>> first = pd.DataFrame({"cvegeo": ["a"], "g": [2]})
    >>> add_event_time(panel, first, window=1, margin=1)["rel"].tolist()
    [-1, -1, 0, 1, 1, -1, -1, -1, -1, -1]
    """
    window = check_integer(window, "window", minimum=1)
    margin = window if margin is None else margin
    lo, hi = int(panel["t"].min()), int(panel["t"].max())
    g = panel["cvegeo"].map(first.set_index("cvegeo")["g"])
    inside = g.between(lo + margin, hi - margin)
    out = panel[g.isna() | inside].copy()
    g = g[out.index]
    out["g"] = g.fillna(0).astype("int64")
    out["treated"] = out["g"] > 0
    rel = (out["t"] - out["g"]).clip(-window, window)
    out["rel"] = np.where(out["treated"], rel, -1).astype("int64")
    out["post"] = (out["treated"] & (out["t"] >= out["g"])).astype("int64")
    return out


def lead_lag_table(fit: object) -> pd.DataFrame:
    """Return the ``rel::k`` coefficients of a pyfixest fit as a tidy table, with k = -1 at 0.

    Examples
    --------
    >>> import pyfixest as pf
    >>> data = synthetic_panel(effect=5.0, seed=1)
    >>> fit = pf.feols("rate ~ i(rel, ref=-1) | cvegeo + t", data=data)
    >>> table = lead_lag_table(fit)
    >>> float(table.loc[table["rel"] == -1, "estimate"].iloc[0])
    0.0
    """
    tidy = fit.tidy()
    rows = tidy[tidy.index.str.startswith("rel::")]
    table = pd.DataFrame({
        "rel": [int(float(name.split("::")[1])) for name in rows.index],
        "estimate": rows["Estimate"].to_numpy(float),
        "lower": rows["2.5%"].to_numpy(float),
        "upper": rows["97.5%"].to_numpy(float),
    })
    reference = pd.DataFrame({"rel": [-1], "estimate": [0.0], "lower": [0.0], "upper": [0.0]})
    return pd.concat([table, reference]).sort_values("rel").reset_index(drop=True)


def pretrend_test(fit: object, first_lead: int = -2) -> dict[str, float]:
    """Joint Wald test that every lead up to ``first_lead`` is zero (no pre-trend).

    Returns
    -------
    dict
        ``statistic``, ``pvalue`` and ``n_leads``.

    Examples
    --------
    >>> import pyfixest as pf
    >>> data = synthetic_panel(effect=5.0, seed=1)
    >>> fit = pf.feols("rate ~ i(rel, ref=-1) | cvegeo + t", data=data,
    ...                vcov={"CRV1": "cvegeo"})
    >>> pretrend_test(fit)["pvalue"] > 0.01
    True
    """
    names = list(fit.coef().index)
    leads = [n for n in names
             if n.startswith("rel::") and int(float(n.split("::")[1])) <= first_lead]
    if not leads:
        raise ValueError("the fit has no lead coefficients (rel::k with k <= "
                         f"{first_lead}); fit `i(rel, ref=-1)` first.")
    restrictions = np.zeros((len(leads), len(names)))
    for row, name in enumerate(leads):
        restrictions[row, names.index(name)] = 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # pyfixest notes it uses chi2 here
        result = fit.wald_test(R=restrictions)
    return {"statistic": float(result["statistic"]), "pvalue": float(result["pvalue"]),
            "n_leads": len(leads)}


def synthetic_panel(n_units: int = 60, n_treated: int = 20, months: int = 48,
                    effect: float = 5.0, seed: int = 2006, window: int = 6) -> pd.DataFrame:
    """Return a panel whose true effect is known: ``effect`` added from the first treated month.

    Unit and month effects and noise are random; treated units start at
    staggered months; there is no pre-trend.

    Examples
    --------
    >>> data = synthetic_panel(effect=5.0)
    >>> int(data["treated"].groupby(data["cvegeo"]).first().sum())
    20
    """
    rng = np.random.default_rng(seed)
    units = [f"{i:05d}" for i in range(n_units)]
    panel = pd.MultiIndex.from_product([units, range(months)],
                                       names=["cvegeo", "t"]).to_frame(index=False)
    unit_effect = dict(zip(units, rng.normal(20, 5, n_units), strict=True))
    month_effect = rng.normal(0, 2, months)
    starts = rng.integers(window + 6, months - window - 6, n_treated)
    first = pd.DataFrame({"cvegeo": units[:n_treated], "g": starts})
    panel = add_event_time(panel, first, window=window)
    panel["rate"] = (panel["cvegeo"].map(unit_effect) + month_effect[panel["t"]]
                     + effect * panel["post"] + rng.normal(0, 1.5, len(panel)))
    return panel


def window_effect(data: pd.DataFrame, months: tuple[int, int] = (0, 5),
                  model: str = "poisson") -> dict[str, float]:
    """Average effect in the months ``months`` after the first removal, as a percent.

    Treated municipalities keep their months before the event and the months in
    the window (later months are left out, as in an event window); never-treated
    municipalities keep every month. ``model="poisson"`` fits homicide counts with
    municipality and month fixed effects and log population as an offset (the
    percent is ``exp(b) - 1``); ``model="ols"`` fits the rate and gives the
    coefficient as a percent of the treated municipalities' pre-event mean.

    Returns
    -------
    dict
        ``percent``, ``lower``, ``upper`` (95%, clustered by municipality) and
        ``n_treated``.

    Examples
    --------
    >>> data = synthetic_panel(effect=5.0, seed=3)
    >>> data["homicides"] = data["rate"].round().clip(lower=0).astype(int)
    >>> data["population"] = 100_000
    >>> bool(0 < window_effect(data, (0, 5), model="ols")["percent"] < 60)
    True
    """
    import pyfixest as pf

    from helpers.reference.checks import check_choice

    check_choice(model, ("poisson", "ols"), "model")
    first, last = months
    if not 0 <= first <= last:
        raise ValueError(f"months must be (first, last) with 0 <= first <= last, got {months!r}.")
    rel_raw = data["t"] - data["g"]
    keep = ~data["treated"] | (rel_raw < 0) | rel_raw.between(first, last)
    sample = data[keep].copy()
    sample["window"] = (sample["treated"] & (sample["t"] - sample["g"] >= first)).astype(int)
    unit = "unit" if "unit" in sample else "cvegeo"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if model == "poisson":
            sample["log_population"] = np.log(sample["population"].astype(float))
            fit = pf.fepois(f"homicides ~ window | {unit} + t", data=sample,
                            offset="log_population", vcov={"CRV1": unit})
        else:
            fit = pf.feols(f"rate ~ window | {unit} + t", data=sample, vcov={"CRV1": unit})
    row = fit.tidy().loc["window"]
    estimate, lower, upper = float(row["Estimate"]), float(row["2.5%"]), float(row["97.5%"])
    if model == "poisson":
        percent = [100 * (np.exp(x) - 1) for x in (estimate, lower, upper)]
    else:
        base = sample.loc[sample["treated"] & (sample["window"] == 0), "rate"].mean()
        percent = [100 * x / base for x in (estimate, lower, upper)]
    return {"percent": percent[0], "lower": percent[1], "upper": percent[2],
            "n_treated": int(sample.loc[sample["treated"], unit].nunique())}
