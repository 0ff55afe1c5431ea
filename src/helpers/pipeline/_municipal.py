"""Municipal geography over time: find new municipalities and their parents, build rates.

CONAPO's municipal population (P3) is in today's geography (2,475
municipalities, each reconstructed back to 1990), whereas homicide files record
a death in the municipality that existed when it was registered. A municipality
created later is therefore merged into the municipality it was split from (its
*parent*) in both numerator and denominator for the years before it appears.

Which municipalities are new, and their parents, is derived from the staged
data, not typed in:

* *Created after the 2000 census*: the municipalities to which the Gargiulo
  et al. file (H7) gives no census population (``pop_est`` empty).
* *Created after 2021*: municipalities in CONAPO's list that H7 does not have.
* *Parent*: at a census the parent still contained the new municipality, so its
  census population (H7 ``pop_est`` in 2000) exceeds its CONAPO
  population (today's boundaries) by about the new municipality's CONAPO
  population. For each state, children are assigned to the candidate parents
  so that these excesses are matched best (weighted least squares: exact
  search among clear candidates, then local search). The evidence is written
  to the ``municipality_parents`` table.

Municipalities created between 1990 and 2000 cannot be detected from the
staged files (no 1990 census by municipality is staged); they are not merged.
"""

from __future__ import annotations

import pandas as pd

#: Census whose geography is used to find parents.
CENSUS_2000 = 2000
#: Minimal cost increase of the runner-up assignment for a parent to count as clear.
AMBIGUITY = 1.0


def _excess(muni_month: pd.DataFrame, pop_muni: pd.DataFrame, year: int) -> pd.DataFrame:
    """Census population (H7 ``pop_est``, January) minus state-scaled CONAPO population."""
    census = (muni_month[(muni_month["year"] == year) & (muni_month["month"] == 1)]
              .dropna(subset=["pop_est"])[["cvegeo", "pop_est"]])
    conapo = pop_muni[pop_muni["year"] == year][["cvegeo", "population"]]
    frame = census.merge(conapo, on="cvegeo", validate="one_to_one")
    frame["cve_ent"] = frame["cvegeo"].str[:2]
    ratio = (frame["pop_est"] / frame["population"]).groupby(frame["cve_ent"]).median()
    frame["excess"] = frame["pop_est"] - frame["population"] * frame["cve_ent"].map(ratio)
    return frame.set_index("cvegeo")


def _noise(population: float) -> float:
    """Return the expected census-vs-CONAPO difference unrelated to boundary changes."""
    return 1000.0 + 0.02 * population


def _exact_start(kids: list[str], children: dict[str, float], excess: pd.Series,
                 weight: dict[str, float]) -> dict[str, str]:
    """Best assignment among parents whose excess is at least half the child (branch and bound)."""
    options = {c: [p for p in sorted(excess.index) if excess[p] >= 0.5 * children[c]]
               for c in kids}
    for child, parents in options.items():
        if not parents:
            raise ValueError(f"No municipality shows the census population of new "
                             f"municipality {child}; its parent cannot be derived.")
    positive = [p for p in excess.index if excess[p] > 0]
    base = sum(weight[p] * excess[p] ** 2 for p in positive)
    load: dict[str, float] = {}
    best: dict[str, str] = {}
    best_cost = [float("inf")]
    chosen: dict[str, str] = {}

    def final_cost() -> float:
        total = base
        for p, v in load.items():
            total += weight[p] * ((excess[p] - v) ** 2 - (excess[p] ** 2 if excess[p] > 0 else 0))
        return total

    def search(i: int, overload: float) -> None:
        if overload >= best_cost[0]:
            return
        if i == len(kids):
            total = final_cost()
            if total < best_cost[0]:
                best_cost[0] = total
                best.clear()
                best.update(chosen)
            return
        child, size = kids[i], children[kids[i]]
        for parent in options[child]:
            before = load.get(parent, 0.0)
            extra = weight[parent] * (max(0.0, before + size - excess[parent]) ** 2
                                      - max(0.0, before - excess[parent]) ** 2)
            load[parent] = before + size
            chosen[child] = parent
            search(i + 1, overload + extra)
            if before == 0.0:
                del load[parent]
            else:
                load[parent] = before
        chosen.pop(child, None)

    search(0, 0.0)
    return dict(best)


def _assign(children: dict[str, float], excess: pd.Series,
            population: pd.Series) -> tuple[dict[str, str], dict[str, float]]:
    """Assign each child to a parent so that parents' excesses are best explained.

    Minimises the sum over municipalities p of ((excess_p - load_p) / noise_p)^2,
    where load_p is the CONAPO population of the children given to p: first
    exactly among the municipalities whose excess is at least half the child's
    population (:func:`_exact_start`), then by a deterministic local search over
    all municipalities of the state (single moves and pairwise swaps until none
    improves). Returns the assignment and, per child, the
    smallest cost increase of any move or swap away from it (how clear it is).
    """
    kids = sorted(children, key=lambda c: (-children[c], c))
    munis = sorted(excess.index)
    weight = {p: _noise(float(population[p])) ** -2 for p in munis}
    load = dict.fromkeys(munis, 0.0)

    def part(p: str, amount: float) -> float:
        return weight[p] * (excess[p] - amount) ** 2

    def move_delta(child: str, new: str, chosen: dict[str, str]) -> float:
        old, size = chosen[child], children[child]
        return (part(old, load[old] - size) + part(new, load[new] + size)
                - part(old, load[old]) - part(new, load[new]))

    def swap_delta(a: str, b: str, chosen: dict[str, str]) -> float:
        pa, pb, diff = chosen[a], chosen[b], children[b] - children[a]
        return (part(pa, load[pa] + diff) + part(pb, load[pb] - diff)
                - part(pa, load[pa]) - part(pb, load[pb]))

    chosen = _exact_start(kids, children, excess, weight)
    for child, parent in chosen.items():
        load[parent] += children[child]

    def alternatives(child: str) -> list[tuple[float, str, str]]:
        moves = [(move_delta(child, p, chosen), "move", p) for p in munis if p != chosen[child]]
        swaps = [(swap_delta(child, other, chosen), "swap", other) for other in kids
                 if other != child and chosen[other] != chosen[child]]
        return moves + swaps

    improved = True
    while improved:
        improved = False
        for child in kids:
            delta, kind, target = min(alternatives(child), default=(0.0, "", ""))
            if delta < -1e-9:
                if kind == "move":
                    load[chosen[child]] -= children[child]
                    load[target] += children[child]
                    chosen[child] = target
                else:
                    diff = children[target] - children[child]
                    load[chosen[child]] += diff
                    load[chosen[target]] -= diff
                    chosen[child], chosen[target] = chosen[target], chosen[child]
                improved = True
    margin = {c: min((d for d, _, _ in alternatives(c)), default=float("inf")) for c in kids}
    return chosen, margin


def derive_parents(muni_month: pd.DataFrame, pop_muni: pd.DataFrame) -> pd.DataFrame:
    """Find municipalities created after 2000 and their parents.

    Parameters
    ----------
    muni_month : pandas.DataFrame
        H7 as read by :func:`helpers.pipeline._inegi_occurrence.read_muni_month`.
    pop_muni : pandas.DataFrame
        CONAPO municipal population (``cvegeo``, ``year``, ``population``).

    Returns
    -------
    pandas.DataFrame
        ``cvegeo``, ``parent``, ``child_population`` (CONAPO, 2000),
        ``parent_excess`` (parent's 2000 census population minus its
        state-scaled CONAPO population, i.e. what the census counted in the
        parent that today belongs elsewhere), ``clear`` (False when moving the
        child to another parent, or swapping it with another child, fits the
        census almost as well: less than :data:`AMBIGUITY` extra weighted cost).

    Examples
    --------
    >>> from helpers.reference.paths import raw_dir
    >>> from helpers.pipeline import _inegi_occurrence, population
    >>> pop = population.read_municipal_population(raw_dir())  # doctest: +SKIP
    >>> g = derive_parents(_inegi_occurrence.read_muni_month(raw_dir()), pop)  # doctest: +SKIP
    >>> g.set_index("cvegeo").loc["23009", "parent"]  # Tulum  # doctest: +SKIP
    '23008'
    """
    h7_codes = set(muni_month["cvegeo"])
    after_2000 = set(muni_month.loc[muni_month["pop_est"].isna(), "cvegeo"])
    after_2021 = set(pop_muni["cvegeo"]) - h7_codes
    kids = sorted(after_2000 | after_2021)
    excess = _excess(muni_month, pop_muni, CENSUS_2000)
    conapo = pop_muni[pop_muni["year"] == CENSUS_2000].set_index("cvegeo")["population"]
    rows = []
    for state in sorted({k[:2] for k in kids}):
        children = {k: float(conapo[k]) for k in kids if k[:2] == state}
        in_state = excess[excess["cve_ent"] == state]
        assignment, margin = _assign(children, in_state["excess"], in_state["population"])
        for child, parent in sorted(assignment.items()):
            rows.append((child, parent, int(conapo[child]),
                         int(round(in_state.loc[parent, "excess"])),
                         bool(round(margin[child], 6) >= AMBIGUITY)))
    return pd.DataFrame(rows, columns=["cvegeo", "parent", "child_population",
                                       "parent_excess", "clear"])


def _first_years(counts: pd.DataFrame) -> dict[str, int]:
    positive = counts[counts["homicides"] > 0]
    return positive.groupby("cvegeo")["year"].min().to_dict()


def _unit_map(codes: list[str], parents: dict[str, str], first: dict[str, int],
              year: int) -> dict[str, str]:
    """Map each code to the unit it belongs to in ``year`` (itself or its parent)."""
    def unit(code: str) -> str:
        seen = set()
        while code in parents and year < first.get(code, 10_000) and code not in seen:
            seen.add(code)
            code = parents[code]
        return code
    return {code: unit(code) for code in codes}


def _series_year(counts: pd.DataFrame, years: range, series: str, pop_muni: pd.DataFrame,
                 parents: dict[str, str]) -> pd.DataFrame:
    codes = sorted(pop_muni["cvegeo"].unique())
    unknown = set(counts["cvegeo"]) - set(codes)
    if unknown:
        raise ValueError(f"{series}: municipality codes {sorted(unknown)} are not in CONAPO's "
                         "municipal population.")
    first = _first_years(counts)
    parts = []
    for year in years:
        mapping = _unit_map(codes, parents, first, year)
        pop = pop_muni[pop_muni["year"] == year][["cvegeo", "population"]]
        pop = pop.assign(unit=pop["cvegeo"].map(mapping)).groupby("unit")["population"].sum()
        hom = counts[counts["year"] == year]
        hom = hom.assign(unit=hom["cvegeo"].map(mapping)).groupby("unit")["homicides"].sum()
        frame = pd.DataFrame({"population": pop}).join(hom).fillna({"homicides": 0})
        frame = frame.rename_axis("cvegeo").reset_index()
        frame["year"] = year
        parts.append(frame)
    out = pd.concat(parts, ignore_index=True)
    out["series"] = series
    out["cve_ent"] = out["cvegeo"].str[:2]
    out["homicides"] = out["homicides"].astype("int64")
    out["population"] = out["population"].astype("int64")
    out["rate"] = out["homicides"] / out["population"] * 1e5
    return out[["series", "cvegeo", "cve_ent", "year", "homicides", "population", "rate"]]


def municipality_year(registration: pd.DataFrame, muni_month: pd.DataFrame,
                      pop_muni: pd.DataFrame, geography: pd.DataFrame,
                      registration_years: range = range(1990, 2016),
                      occurrence_years: range = range(2000, 2022)) -> pd.DataFrame:
    """Return municipal homicides, population and rates for both INEGI series.

    Parameters
    ----------
    registration : pandas.DataFrame
        H1 municipal counts (``cvegeo``, ``year``, ``homicides``), 1990–2015.
    muni_month : pandas.DataFrame
        H7 monthly counts, 2000–2021.
    pop_muni : pandas.DataFrame
        CONAPO municipal population.
    geography : pandas.DataFrame
        Output of :func:`derive_parents`.
    registration_years, occurrence_years : range
        Years of each series.

    Returns
    -------
    pandas.DataFrame
        ``series``, ``cvegeo``, ``cve_ent``, ``year``, ``homicides``, ``population``, ``rate``.

    Examples
    --------
    A child ("02099") first records a homicide in 2001, so in 2000 it is merged
    into its parent "02001":

    >>> pop = pd.DataFrame({"cvegeo": ["02001", "02099"] * 2, "year": [2000, 2000, 2001, 2001],
    ...                     "population": [900, 100, 880, 120]})
    >>> month = pd.DataFrame({"cvegeo": ["02001", "02099"], "year": [2000, 2001],
    ...                       "month": [1, 1], "homicides": [5, 2]})
    >>> reg = pd.DataFrame(columns=["cvegeo", "year", "homicides"]).astype({"year": int})
    >>> geo = pd.DataFrame({"cvegeo": ["02099"], "parent": ["02001"]})
    >>> out = municipality_year(reg, month, pop, geo, registration_years=range(2000, 2001),
    ...                         occurrence_years=range(2000, 2002))
    >>> occ = out[out["series"] == "inegi_occurrence"]
    >>> occ[["cvegeo", "year", "homicides", "population"]].values.tolist()
    [['02001', 2000, 5, 1000], ['02001', 2001, 0, 880], ['02099', 2001, 2, 120]]
    """
    parents = dict(zip(geography["cvegeo"], geography["parent"], strict=True))
    occurrence = muni_month.groupby(["cvegeo", "year"], as_index=False)["homicides"].sum()
    reg = _series_year(registration, registration_years, "inegi_registration", pop_muni, parents)
    occ = _series_year(occurrence, occurrence_years, "inegi_occurrence", pop_muni, parents)
    return pd.concat([reg, occ], ignore_index=True)
