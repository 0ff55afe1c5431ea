"""Charts of U.S. assistance to Mexico, and the render function of the aid explorer.

Every function returns a matplotlib :class:`~matplotlib.figure.Figure` built from
:func:`helpers.data.load_aid`; nothing is read from files directly.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from helpers.analysis.aid import aggregate, short_agency, tag_merida
from helpers.data.aid import load_aid, to_constant
from helpers.reference.aid_accounts import ACCOUNTS
from helpers.reference.i18n import tr, trc
from helpers.viz.style import OI, in_house_style

#: Account groups offered by the explorer: label -> account codes (or "merida"/"all").
EXPLORER_ACCOUNTS: dict[str, str] = {
    "Mérida accounts (INCLE + ESF + FMF)": "merida",
    "INCLE (narcotics control and law enforcement)": "INCLE",
    "ESF (economic support)": "ESF",
    "FMF (military financing)": "FMF",
    "Defense counter-drug (DoD)": "DoD-CN",
}
#: Year windows offered by the explorer.
EXPLORER_WINDOWS: dict[str, tuple[int, int]] = {
    "FY2000–FY2019 (all Greenbook years)": (2000, 2019),
    "FY2008–FY2015 (the article's period)": (2008, 2015),
}
#: Dollar bases offered by the explorer.
EXPLORER_DOLLARS: dict[str, str] = {
    "current dollars": "current",
    "constant FY2022 dollars": "constant",
}

_STAGE_STYLE = {
    "request": ("President's request", OI["purple"], "o", ":"),
    "appropriated_planned": ("Appropriated and planned", OI["green"], "s", "--"),
    "obligation": ("Obligations", OI["vermillion"], "^", "-"),
    "disbursement": ("Disbursements", "#444444", "v", "-."),
}
_AGENCY_COLORS = {"State": OI["blue"], "USAID": OI["sky"], "Defense": OI["vermillion"],
                  "Other agencies": "#bbbbbb"}


def _millions(ax: plt.Axes, dollars: str) -> None:
    ax.set_ylabel(tr("US$ millions (FY2022 dollars)") if dollars == "constant"
                  else tr("US$ millions"))
    ax.spines[["top", "right"]].set_visible(False)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def _scale(frame: pd.DataFrame, dollars: str) -> pd.DataFrame:
    out = to_constant(frame) if dollars == "constant" else frame.copy()
    out["amount_usd"] = out["amount_usd"] / 1e6
    return out


@in_house_style
def plot_stages(years: tuple[int, int] = (2006, 2023), dollars: str = "current") -> Figure:
    """Draw ForeignAssistance.gov's four stages of the money for Mexico by fiscal year.

    Examples
    --------
    >>> fig = plot_stages()
    >>> len(fig.axes[0].get_lines())
    4
    """
    fa = load_aid("foreignassistance", years=years, dollars=dollars)
    fa["amount_usd"] = fa["amount_usd"] / 1e6
    fig, ax = plt.subplots(figsize=(7, 3.6))
    for stage, (label, color, marker, style) in _STAGE_STYLE.items():
        part = fa[fa["stage"] == stage]
        ax.plot(part["fiscal_year"], part["amount_usd"], marker=marker, linestyle=style,
                color=color, label=tr(label), markersize=4)
    ax.set_xlabel(tr("U.S. fiscal year"))
    _millions(ax, dollars)
    ax.legend(frameon=False, fontsize=8)
    ax.set_title(tr("U.S. assistance to Mexico, all agencies: four stages of the money"),
                 fontsize=10)
    fig.tight_layout()
    return fig


def agency_table(years: tuple[int, int] = (2000, 2019), dollars: str = "current") -> pd.DataFrame:
    """Return Greenbook obligations by fiscal year and agency (US$ millions), wide.

    Agencies other than State, USAID and Defense are summed as "Other agencies".

    Examples
    --------
    >>> list(agency_table().columns)
    ['State', 'USAID', 'Defense', 'Other agencies']
    """
    gb = _scale(load_aid("greenbook", years=years), dollars)
    gb["agency"] = gb["agency"].map(short_agency)
    gb.loc[~gb["agency"].isin(["State", "USAID", "Defense"]), "agency"] = "Other agencies"
    wide = aggregate(gb, ["fiscal_year", "agency"]).pivot(
        index="fiscal_year", columns="agency", values="amount_usd").fillna(0.0)
    return wide[list(_AGENCY_COLORS)]


@in_house_style
def plot_by_agency(years: tuple[int, int] = (2000, 2019), dollars: str = "current") -> Figure:
    """Draw Greenbook obligations to Mexico by agency as stacked bars.

    Examples
    --------
    >>> fig = plot_by_agency(years=(2008, 2010))
    >>> len(fig.axes[0].patches)
    12
    """
    wide = agency_table(years, dollars)
    fig, ax = plt.subplots(figsize=(7, 3.6))
    bottom = np.zeros(len(wide))
    for agency, color in _AGENCY_COLORS.items():
        ax.bar(wide.index, wide[agency], bottom=bottom, color=color,
               label=trc("agency", agency), width=0.8)
        bottom += wide[agency].to_numpy()
    ax.set_xlabel(tr("U.S. fiscal year of obligation"))
    _millions(ax, dollars)
    # The legend sits above the axes, so it never covers a bar (2010 is the tallest).
    ax.legend(frameon=False, fontsize=8, ncols=4, loc="lower center",
              bbox_to_anchor=(0.5, 1.0))
    ax.set_title(tr("Obligations to Mexico by agency (USAID Greenbook)"), fontsize=10, pad=22)
    fig.tight_layout()
    return fig


@in_house_style
def plot_state_budget(dollars: str = "current") -> Figure:
    """Draw the State budget tables' Mexico row by account; request years are hatched.

    Examples
    --------
    >>> fig = plot_state_budget()
    >>> fig.axes[0].get_title(loc="left")
    'State Department budget tables for Mexico, by account'
    """
    cbj = _scale(load_aid("state_budget"), dollars)
    main = ["INCLE", "ESF", "FMF", "DA"]
    cbj["group"] = cbj["account"].where(cbj["account"].isin(main), "Other accounts")
    wide = (cbj.groupby(["fiscal_year", "group"])["amount_usd"].sum().unstack(fill_value=0.0)
            [main + ["Other accounts"]])
    stage = cbj.groupby("fiscal_year")["stage"].first()
    colors = [OI["blue"], OI["sky"], OI["vermillion"], OI["green"], "#bbbbbb"]
    fig, ax = plt.subplots(figsize=(7, 3.6))
    bottom = np.zeros(len(wide))
    for group, color in zip(wide.columns, colors, strict=True):
        hatches = ["//" if stage[y] == "request" else "" for y in wide.index]
        bars = ax.bar(wide.index, wide[group], bottom=bottom, color=color, label=tr(group),
                      width=0.8, edgecolor="white", linewidth=0.3)
        for bar, hatch in zip(bars, hatches, strict=True):
            bar.set_hatch(hatch)
        bottom += wide[group].to_numpy()
    _millions(ax, dollars)
    ax.set_xticks(wide.index)
    ax.set_xticklabels([f"{y}\n{tr('request') if stage[y] == 'request' else ''}"
                        for y in wide.index], fontsize=8)
    ax.set_xlabel(tr("U.S. fiscal year (hatched: request, not allocation)"))
    ax.legend(frameon=False, fontsize=8, ncols=5, loc="lower center",
              bbox_to_anchor=(0.5, 1.0))
    ax.set_title(tr("State Department budget tables for Mexico, by account"), fontsize=10, pad=22)
    fig.tight_layout()
    return fig


def closing_chart_table(years: tuple[int, int] = (2011, 2014)) -> dict[str, pd.DataFrame]:
    """Return the Greenbook data behind the article's two closing charts (US$ millions).

    ``counternarcotics``: INCLE and Defense counter-drug obligations by year.
    ``defense``: Defense obligations by account and year.

    Examples
    --------
    >>> tables = closing_chart_table()
    >>> list(tables["counternarcotics"].columns)
    ['INCLE', 'DoD-CN']
    """
    gb = _scale(load_aid("greenbook", years=years), "current")
    cn = gb[gb["account"].isin(["INCLE", "DoD-CN"])]
    counternarcotics = (aggregate(cn, ["fiscal_year", "account"])
                        .pivot(index="fiscal_year", columns="account", values="amount_usd")
                        .reindex(columns=["INCLE", "DoD-CN"]).fillna(0.0))
    dod = gb[gb["agency"] == "Department of Defense"].copy()
    dod["account"] = dod["account"].replace({"DoD-CN": "Drug Interdiction and Counter-Drug"})
    defense = (aggregate(dod, ["fiscal_year", "account"])
               .pivot(index="fiscal_year", columns="account", values="amount_usd").fillna(0.0))
    return {"counternarcotics": counternarcotics, "defense": defense}


@in_house_style
def plot_closing_charts(years: tuple[int, int] = (2011, 2014)) -> Figure:
    """Redraw the article's two closing charts from Greenbook obligations.

    Examples
    --------
    >>> len(plot_closing_charts().axes)
    2
    """
    tables = closing_chart_table(years)
    fig, axes = plt.subplots(1, 2, figsize=(9, 3.6))
    cn = tables["counternarcotics"]
    labels = {"INCLE": "State: INCLE", "DoD-CN": "Defense: counter-drug"}
    bottom = np.zeros(len(cn))
    for account, color in (("INCLE", OI["blue"]), ("DoD-CN", OI["vermillion"])):
        axes[0].bar(cn.index, cn[account], bottom=bottom, color=color,
                    label=tr(labels[account]))
        bottom += cn[account].to_numpy()
    axes[0].set_title(tr("Counternarcotics obligations"), fontsize=10)
    defense = tables["defense"]
    visible, small = _visible_accounts(defense)
    palette = plt.get_cmap("Reds_r")(np.linspace(0.1, 0.6, max(len(visible), 2)))
    bottom = np.zeros(len(defense))
    for account, color in zip(visible, palette, strict=False):
        axes[1].bar(defense.index, defense[account], bottom=bottom, color=color,
                    label=tr(DEFENSE_LABELS.get(account, account)))
        bottom += defense[account].to_numpy()
    axes[1].set_title(tr("Department of Defense obligations"), fontsize=10)
    for ax in axes:
        _millions(ax, "current")
        ax.set_xticks(cn.index)
        ax.set_xlabel(tr("U.S. fiscal year of obligation"))
        ax.set_ylim(0, ax.get_ylim()[1] * 1.35)
        ax.legend(frameon=False, fontsize=8, loc="upper right")
    if small:
        largest = float(defense[small].sum(axis=1).max())
        fig.text(0.99, 0.01, tr("Not drawn (too small to see): {n} other Defense accounts, "
                                "at most {amount} million a year together.",
                                n=len(small), amount=f"{largest:,.1f}"),
                 ha="right", va="bottom", fontsize=8)
    fig.suptitle(tr("U.S. aid to Mexico, FY{first}–FY{last} (Greenbook obligations)",
                    first=years[0], last=years[1]), fontsize=11)
    fig.tight_layout(rect=(0, 0.05 if small else 0, 1, 1))
    return fig


#: Short legend labels for Defense accounts (full names are too long for a legend).
DEFENSE_LABELS: dict[str, str] = {
    "Drug Interdiction and Counter-Drug": "Counter-drug (DoD-CN)",
    "Operation and Maintenance, Defense-Wide": "Operation & maintenance, Defense-wide",
    "Operation and Maintenance, Navy": "Operation & maintenance, Navy",
}


def _visible_accounts(wide: pd.DataFrame, min_share: float = 0.02) -> tuple[list[str], list[str]]:
    """Split columns into those tall enough to see in a stacked bar and the rest.

    A column is drawn if in some year it reaches ``min_share`` of that year's
    tallest bar; the others would be slivers under a pixel, so the legend
    must not list them.

    Examples
    --------
    >>> wide = pd.DataFrame({"big": [80.0, 60.0], "tiny": [0.5, 0.1]})
    >>> _visible_accounts(wide)
    (['big'], ['tiny'])
    """
    tallest = float(wide.sum(axis=1).max()) or 1.0
    order = wide.sum().sort_values(ascending=False).index
    visible = [c for c in order if float(wide[c].max()) >= min_share * tallest]
    return visible, [c for c in order if c not in visible]


def explorer_series(account: str, window: tuple[int, int],
                    dollars: str) -> Mapping[str, pd.DataFrame]:
    """Return the series the explorer draws for one choice (US$ millions).

    ``obligations``: Greenbook obligations by year with rounding bounds.
    ``budget``: State budget-table amounts by year and stage (empty for
    accounts the tables do not hold).

    Raises
    ------
    ValueError
        If ``account`` is not an explorer account code.

    Examples
    --------
    >>> s = explorer_series("INCLE", (2008, 2015), "current")
    >>> sorted(s["budget"]["stage"].unique())
    ['allocation', 'request']
    """
    codes = list(EXPLORER_ACCOUNTS.values())
    if account not in codes:
        raise ValueError(f"account={account!r} is not offered; choose one of {codes}.")
    gb = tag_merida(load_aid("greenbook", years=window))
    keep = gb["merida"] if account == "merida" else gb["account"] == account
    gb = gb[keep]
    years = pd.Index(range(window[0], window[1] + 1), name="fiscal_year")
    obligations = pd.DataFrame(index=years)
    for column in ("amount_usd", "current_low", "current_high"):
        part = gb[["fiscal_year", column]].rename(columns={column: "amount_usd"})
        part = _scale(part.assign(dollars="current"), dollars) if len(part) else part
        obligations[column] = part.groupby("fiscal_year")["amount_usd"].sum()
    obligations = obligations.fillna(0.0).reset_index()
    budget = pd.DataFrame(columns=["fiscal_year", "stage", "amount_usd"])
    if account != "DoD-CN":
        lo, hi = max(window[0], 2008), min(window[1], 2017)
        if lo <= hi:
            cbj = tag_merida(load_aid("state_budget", years=(lo, hi)))
            cbj = cbj[cbj["merida"]] if account == "merida" else cbj[cbj["account"] == account]
            budget = (_scale(cbj, dollars).groupby(["fiscal_year", "stage"])["amount_usd"]
                      .sum().reset_index())
    return {"obligations": obligations, "budget": budget}


@in_house_style
def render_explorer(account: str = "merida", window: tuple[int, int] = (2000, 2019),
                    dollars: str = "current") -> Figure:
    """Draw one view of the aid explorer: obligations with budget amounts on top.

    Bars are Greenbook obligations (thin whiskers: its rounding bounds); dots
    are the State budget tables' allocations, open circles their requests.

    Examples
    --------
    >>> fig = render_explorer("FMF", (2008, 2015), "constant")
    >>> "FMF" in fig.axes[0].get_title(loc="left")
    True
    """
    series = explorer_series(account, window, dollars)
    ob, budget = series["obligations"], series["budget"]
    fig, ax = plt.subplots(figsize=(6.4, 3.8), layout="constrained")
    err = np.vstack([ob["amount_usd"] - ob["current_low"], ob["current_high"] - ob["amount_usd"]])
    ax.bar(ob["fiscal_year"], ob["amount_usd"], color="#9ecae1", width=0.75,
           label=tr("Obligations (Greenbook)"), yerr=np.clip(err, 0, None),
           error_kw={"elinewidth": 0.8, "ecolor": "#555555"})
    for stage, style in (("allocation", {"color": "#08519c"}),
                         ("request", {"facecolors": "none", "edgecolors": "#08519c"})):
        part = budget[budget["stage"] == stage]
        if len(part):
            ax.scatter(part["fiscal_year"], part["amount_usd"], zorder=3, s=28,
                       label=tr("State budget table: {stage}", stage=tr(stage)), **style)
    name = next(k for k, v in EXPLORER_ACCOUNTS.items() if v == account)
    ax.set_title(tr("{name}, FY{first}–FY{last}", name=tr(name), first=window[0],
                    last=window[1]), fontsize=9)
    ax.set_xlabel(tr("U.S. fiscal year"))
    _millions(ax, dollars)
    # Layout for both languages: the legend goes below the axes (over the plot it hid
    # the tallest bars), its long labels wrapped; years every few ticks, never run together.
    ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, [textwrap.fill(label, 28) for label in labels], frameon=False,
               fontsize=7, ncols=2, loc="outside lower center")
    return fig


def explorer_alt(account: str, window: tuple[int, int], dollars: str) -> str:
    """Return the text alternative of one explorer view, with its largest year.

    Examples
    --------
    >>> explorer_alt("INCLE", (2008, 2015), "current").startswith("Bar chart")
    True
    """
    ob = explorer_series(account, window, dollars)["obligations"]
    top = ob.loc[ob["amount_usd"].idxmax()]
    name = next(k for k, v in EXPLORER_ACCOUNTS.items() if v == account)
    unit = tr("constant FY2022") if dollars == "constant" else tr("current")
    return tr("Bar chart of U.S. obligations to Mexico for {name}, FY{first} to FY{last}, in "
              "{unit} US$ millions; the largest year is FY{top} with about {amount} million. "
              "Dots mark State budget-table allocations and requests where the tables have the "
              "account.", name=tr(name), first=window[0], last=window[1], unit=unit,
              top=int(top["fiscal_year"]), amount=f"{top['amount_usd']:,.1f}")


def account_names() -> dict[str, str]:
    """Return ``{code: name}`` for the accounts the charts label.

    Examples
    --------
    >>> account_names()["ESF"]
    'Economic Support Fund'
    """
    return {code: acc.name for code, acc in ACCOUNTS.items()}
