"""Light, accessible choropleth maps of states and municipalities, with a year slider.

A map made here is a folium (Leaflet) map in an ``<iframe>`` that works on the
static HTML page without a kernel:

* the boundaries are written **once**, as a quantised TopoJSON layer
  (:mod:`helpers.viz.maps.topology`), however many years the slider covers;
* the values are a compact table ``{code: [value per year]}``; a small script
  recolours the layer when the slider moves, and computes each year's national
  (or within-state) rank for the tooltip;
* classes come from ``mapclassify`` (quantiles, Fisher–Jenks or given breaks),
  computed over **all years shown** so that a colour means the same in every
  year; the legend prints each class's bounds;
* the palette is ColorBrewer YlOrRd (colour-blind safe), with grey for no data;
* the INEGI credit line is in the map's attribution;
* a text equivalent (highest, lowest and median per year) follows the map;
* every label, name, note and credit is inserted as text, never as markup, and
  the iframe is sandboxed (``allow-scripts`` without ``allow-same-origin``).

Third-party JavaScript (Leaflet, topojson-client) is loaded from the same public
CDNs folium uses; nothing is vendored.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import branca.element
import folium
import pandas as pd
from folium.elements import JSCSSMixin
from folium.template import Template

from helpers.data.geo import INEGI_CREDIT, load_municipalities_geo, load_states_geo
from helpers.reference.checks import check_choice, check_codes, check_integer, check_years
from helpers.reference.i18n import language, tr
from helpers.reference.states import normalize_state, state_name
from helpers.viz.maps.classify import _fmt, classify, legend_labels
from helpers.viz.maps.topology import topology
from helpers.viz.style import NO_DATA, sequential_colors

#: CDN of topojson-client, the same URL folium's ``TopoJson`` uses.
TOPOJSON_JS = "https://cdnjs.cloudflare.com/ajax/libs/topojson/1.6.9/topojson.min.js"


class _LightMap(folium.Map):
    """A folium map that loads only Leaflet (no jQuery, Bootstrap or icon fonts)."""

    default_js = [js for js in folium.Map.default_js if js[0] == "leaflet"]
    default_css = [css for css in folium.Map.default_css if css[0] == "leaflet_css"]


def _minified(source: str) -> str:
    """Drop comment lines and indentation (the file stays readable, the page light)."""
    lines = (line.strip() for line in source.splitlines())
    return "\n".join(line for line in lines if line and not line.startswith(("//", "/*")))


#: The slider's JavaScript, a real file beside this module.
_SLIDER_JS = _minified(Path(__file__).with_name("slider.js").read_text(encoding="utf-8"))

#: The controls' stylesheet, a real file beside this module.
_SLIDER_CSS = _minified(Path(__file__).with_name("slider.css").read_text(encoding="utf-8"))

_SCRIPT = (
    "{% macro header(this, kwargs) %}<style>" + _SLIDER_CSS.replace("\n", "")
    + "</style>{% endmacro %}\n"
    "{% macro script(this, kwargs) %}" + _SLIDER_JS
    + "kpChoropleth({{ this._parent.get_name() }},{{ this.topo }},{{ this.table }});"
    "{% endmacro %}"
)


class _YearChoropleth(JSCSSMixin, branca.element.MacroElement):
    """One TopoJSON layer recoloured from an embedded per-year table."""

    _template = Template(_SCRIPT)
    default_js = [("topojson", TOPOJSON_JS)]

    def __init__(self, topo: str, table: str) -> None:
        super().__init__()
        self._name = "YearChoropleth"
        self.topo = topo
        self.table = table


def _compact(obj: object) -> str:
    text = json.dumps(obj, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return text.replace("</", "<\\/")








#: The state slider map's TopoJSON: 4,000 steps across the map (about 850 m) and
#: arcs simplified at 0.01° (about 1 km, under a pixel at the opening zoom); no
#: state's area changes by 1 % (tests/test_maps.py), and the map weighs about half.
STATE_QUANTIZATION = 4_000
STATE_SIMPLIFY = 0.01

#: Said after the summary of the opening year: the sentence does not follow the slider.
_SLIDER_NOTE = (" The map opens on this year; the slider changes the map, not this sentence: "
                "the text version below gives every year.")


@dataclass
class ChoroplethMap:
    """A year-slider choropleth and its text equivalent.

    Display it in a notebook (``_repr_html_``) or get the page fragment with
    :meth:`to_html`. Attributes give what the map shows.

    Attributes
    ----------
    map : folium.Map
        The Leaflet map (one TopoJSON layer).
    years : list of int
        Years on the slider.
    breaks : list of float
        Upper bounds of the classes.
    labels : list of str
        Legend labels.
    summary : pandas.DataFrame
        Per year: highest and lowest area with their values, and the median.
    title : str
        Accessible title of the map.
    """

    map: folium.Map
    years: list[int]
    breaks: list[float]
    labels: list[str]
    summary: pd.DataFrame
    title: str
    height: int = 460
    decimals: int = 1
    value_label: str = ""
    opening_year: int | None = None
    _html: str | None = field(default=None, repr=False)
    _doc: str | None = field(default=None, repr=False)

    def __repr__(self) -> str:
        return (f"<ChoroplethMap {self.title!r}: {self.years[0]}–{self.years[-1]}, "
                f"{len(self.breaks)} classes>")

    def document(self) -> str:
        """Return the map as a standalone HTML document (what the iframe holds).

        The folium tree is rendered once and the result kept: rendering a folium
        map twice can emit some scripts twice.
        """
        if self._doc is None:
            self._doc = self.map.get_root().render()
        return self._doc

    def summary_text(self, year: int | None = None, lang: str = "en") -> str:
        """One sentence: highest, lowest and median in ``year`` (default: the opening year).

        In English unless ``lang`` says otherwise (chapters check the English sentence);
        the page shows it in the book's language (``KINGPIN_LANG``, :meth:`to_html`).

        Examples
        --------
        >>> m = state_map(_demo_frame(), value="rate", count="homicides")  # doctest: +SKIP
        >>> m.summary_text(2020)  # doctest: +SKIP
        'In 2020 the highest rate was ...'
        """
        if year is None:
            year = self.opening_year if self.opening_year is not None else self.years[-1]
        if year not in self.years:
            raise ValueError(f"Year {year} is not on this map; years: {self.years[0]}–"
                             f"{self.years[-1]}.")
        row = self.summary.loc[self.summary["year"] == year].iloc[0]
        d = self.decimals
        return tr("In {year} the highest value ({label}) was in {highest} ({highest_value}), "
                  "the lowest in {lowest} ({lowest_value}); the median of {areas} areas was "
                  "{median}.", lang, year=year, label=tr(self.value_label, lang),
                  highest=row["highest"],
                  highest_value=_fmt(row["highest_value"], d), lowest=row["lowest"],
                  lowest_value=_fmt(row["lowest_value"], d), areas=int(row["areas"]),
                  median=_fmt(row["median"], d))

    def to_html(self) -> str:
        """Return the page fragment: the map iframe and its text equivalent."""
        if self._html is None:
            doc = html.escape(self.document(), quote=True)
            rows = "".join(
                f"<tr><td>{int(r.year)}</td><td>{html.escape(r.highest)} "
                f"({_fmt(r.highest_value, self.decimals)})</td><td>{html.escape(r.lowest)} "
                f"({_fmt(r.lowest_value, self.decimals)})</td>"
                f"<td>{_fmt(r.median, self.decimals)}</td></tr>"
                for r in self.summary.itertuples()
            )
            title = html.escape(self.title, quote=True)
            # sandboxed: the map's scripts run, but not with the book page's rights
            self._html = (
                f'<div class="kp-map"><iframe title="{title}" sandbox="allow-scripts" '
                f'srcdoc="{doc}" style="width:100%;height:{self.height}px;border:0"></iframe>'
                f'<p class="kp-map-summary">{html.escape(self.summary_text(lang=language()))}'
                f"{tr(_SLIDER_NOTE) if len(self.years) > 1 else ''}</p>"
                "<details><summary>" + html.escape(tr(
                    "Text version of the map: highest, lowest and median by year ({label})",
                    label=tr(self.value_label))) + "</summary><table><thead><tr>"
                + "".join(f"<th>{tr(w)}</th>" for w in ("Year", "Highest", "Lowest", "Median"))
                + f"</tr></thead><tbody>{rows}</tbody></table></details></div>"
            )
        return self._html

    def _repr_html_(self) -> str:
        return self.to_html()

    def sizes(self) -> dict[str, int]:
        """Bytes of the page fragment, raw and gzipped.

        Examples
        --------
        >>> sorted(state_map(_demo_frame()).sizes())
        ['gzip', 'raw']
        """
        data = self.to_html().encode("utf-8")
        return {"raw": len(data), "gzip": len(gzip.compress(data, mtime=0))}

    def save(self, path: str) -> None:
        """Write the standalone map document to ``path``."""
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(self.document())


def _check_frame(data: pd.DataFrame, key: str, value: str, count: str | None) -> pd.DataFrame:
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, got {type(data).__name__}.")
    needed = [key, "year", value] + ([count] if count else [])
    missing = [c for c in needed if c not in data.columns]
    if missing:
        raise ValueError(
            f"data lacks column(s) {missing}; it needs {needed} (one row per area and year). "
            f"Columns present: {list(data.columns)}."
        )
    frame = data.loc[:, needed].copy()
    codes = check_codes(frame[key], key, 2 if key == "cve_ent" else 5)  # 1 -> "01"
    if codes.isna().any():
        raise ValueError(f"data has {int(codes.isna().sum())} row(s) without a {key}; drop "
                         "them before mapping.")
    frame[key] = codes.astype(str)
    if frame.duplicated([key, "year"]).any():
        dup = frame.loc[frame.duplicated([key, "year"]), [key, "year"]].iloc[0].tolist()
        raise ValueError(
            f"data has more than one row for {key}={dup[0]!r}, year={dup[1]}; filter it to one "
            "series (e.g. load_homicides(series=...)) before mapping."
        )
    if not pd.api.types.is_numeric_dtype(frame[value]):
        raise ValueError(f"Column {value!r} must be numeric.")
    infinite = frame[value].abs() == float("inf")
    if infinite.any():
        where = frame.loc[infinite, [key, "year"]].head(3).to_numpy().tolist()
        raise ValueError(f"Column {value!r} has {int(infinite.sum())} infinite value(s), e.g. "
                         f"{key}, year = {where}; a rate is infinite when the population is 0. "
                         "Set those values to NaN (shown as no data) or drop the rows.")
    return frame


def _choose_years(frame: pd.DataFrame, years: Iterable[int] | None,
                  year: int | None) -> tuple[list[int], int]:
    available = sorted(int(y) for y in frame["year"].dropna().unique())
    if not available:
        raise ValueError("data has no rows.")
    if years is None:
        chosen = available
    else:
        chosen = check_years(years)
        absent = [y for y in chosen if y not in available]
        if absent:
            raise ValueError(
                f"Years {absent} are not in the data, which covers "
                f"{available[0]}–{available[-1]}."
            )
    if year is None:
        year = chosen[-1]
    if int(year) not in chosen:
        raise ValueError(f"year={year} is not among the years shown ({chosen[0]}–{chosen[-1]}).")
    return chosen, int(year)


def _rounded(x: float, decimals: int) -> float | None:
    if x is None or pd.isna(x):
        return None
    value = round(float(x), decimals)
    return int(value) if decimals == 0 else value


def _summary(frame: pd.DataFrame, key: str, value: str, names: dict[str, str],
             years: list[int]) -> pd.DataFrame:
    rows = []
    for y in years:
        part = frame[(frame["year"] == y) & frame[value].notna() & frame[key].isin(names)]
        if part.empty:
            continue
        part = part.sort_values([value, key], ascending=[False, True])
        top, bottom = part.iloc[0], part.sort_values([value, key]).iloc[0]
        rows.append({"year": y, "highest": names[top[key]], "highest_value": top[value],
                     "lowest": names[bottom[key]], "lowest_value": bottom[value],
                     "median": float(part[value].median()), "areas": len(part)})
    return pd.DataFrame(rows)


def _deterministic_ids(root: branca.element.Element, seed: str) -> None:
    """Give every element a stable id so the same map renders to the same bytes."""
    stack, n = [root], 0
    while stack:
        element = stack.pop(0)
        element._id = hashlib.sha1(f"{seed}-{n}".encode()).hexdigest()[:8]
        n += 1
        stack.extend(element._children.values())


def _build(
    geo: pd.DataFrame,
    geo_key: str,
    names: dict[str, str],
    data: pd.DataFrame,
    key: str,
    value: str,
    count: str | None,
    year: int | None,
    years: Iterable[int] | None,
    scheme: str,
    k: int,
    breaks: Sequence[float] | None,
    value_label: str,
    count_label: str,
    legend_title: str | None,
    title: str,
    credit: str,
    decimals: int,
    rank_suffix: str,
    tiles: str | None,
    height: int,
    quantization: int,
    year_notes: Mapping[int, str] | None,
    simplify: float = 0.0,
) -> ChoroplethMap:
    tiles = check_choice(tiles, (None, "OpenStreetMap"), "tiles")
    decimals = check_integer(decimals, "decimals", minimum=0, maximum=4)
    frame = _check_frame(data, key, value, count)
    title = tr(title)  # the iframe's title, read by screen readers, in the book's language
    unknown = sorted(set(frame[key]) - set(names))
    if unknown:
        shown = ", ".join(unknown[:5]) + (" ..." if len(unknown) > 5 else "")
        raise ValueError(
            f"{len(unknown)} {key} code(s) in data have no boundary on this map: {shown}."
        )
    chosen, start = _choose_years(frame, years, year)
    frame = frame[frame["year"].isin(chosen)]
    notes = dict(year_notes or {})
    stray = sorted(set(notes) - set(chosen))
    if stray:
        raise ValueError(f"year_notes has years {stray} that are not on the map "
                         f"({chosen[0]}–{chosen[-1]}).")
    bins = classify(frame[value], scheme=scheme, k=k, breaks=breaks)
    colors = sequential_colors(len(bins))
    labels = legend_labels(bins, float(frame[value].min()), decimals)

    wide = frame.pivot(index=key, columns="year", values=value).reindex(columns=chosen)
    table = {
        "y": chosen,
        "i": chosen.index(start),
        "b": [round(b, 6) for b in bins],
        "c": colors,
        "na": NO_DATA,
        "lb": labels,
        "lt": tr(legend_title or value_label),
        "l": tr(value_label),
        "nl": tr(count_label),
        "t": [tr(w) for w in ("Year", "no data", "Rank", "of")],
        "d": decimals,
        "rk": rank_suffix,
        "cr": credit,
        "yn": [tr(str(notes.get(y, ""))) for y in chosen],  # e.g. a series label, translated
        "v": {c: [_rounded(x, decimals) for x in row] for c, row in
              zip(wide.index, wide.to_numpy(), strict=True)},
        "n": {},
    }
    if count:
        counts = frame.pivot(index=key, columns="year", values=count).reindex(columns=chosen)
        table["n"] = {c: [_rounded(x, 0) for x in row] for c, row in
                      zip(counts.index, counts.to_numpy(), strict=True)}
    topo = topology(geo.geometry.values,
                    [{"c": c, "n": names[c]} for c in geo[geo_key]], "f", quantization,
                    simplify)

    figure = branca.element.Figure(title=html.escape(title))  # branca does not escape it
    fmap = _LightMap(location=[23.5, -102.0], zoom_start=5, tiles=tiles, zoom_snap=0.25,
                    scroll_wheel_zoom=False)
    fmap.add_to(figure)
    _YearChoropleth(_compact(topo), _compact(table)).add_to(fmap)
    _deterministic_ids(figure, f"{title}|{value}|{len(chosen)}")
    summary = _summary(frame, key, value, names, chosen)
    return ChoroplethMap(map=fmap, years=chosen, breaks=bins, labels=labels, summary=summary,
                         title=title, height=height, decimals=decimals, value_label=value_label,
                         opening_year=start)


def _credit(source: str | None) -> str:
    """Return the map's attribution in the book's language (the publishers' credits as written).

    >>> _credit("CONAPO").startswith("Boundaries: ")
    True
    """
    credit = tr("Boundaries: {credit}", credit=INEGI_CREDIT)
    return credit + (tr(" Data: {source}", source=tr(source)) if source else "")


def state_map(
    data: pd.DataFrame,
    value: str = "rate",
    count: str | None = "homicides",
    year: int | None = None,
    years: Iterable[int] | None = None,
    scheme: str = "quantiles",
    k: int = 5,
    breaks: Sequence[float] | None = None,
    value_label: str = "Homicides per 100,000",
    count_label: str = "Homicides",
    legend_title: str | None = None,
    title: str = "Map of Mexico's states",
    source: str = "",
    decimals: int = 1,
    tiles: str | None = None,
    height: int = 460,
    year_notes: Mapping[int, str] | None = None,
) -> ChoroplethMap:
    """Choropleth of a state-level indicator with a year slider.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per state and year with columns ``cve_ent``, ``year``, ``value``
        (and ``count`` if given), e.g. ``load_homicides(level="state", series=...)``.
    value : str
        Column to map (default ``"rate"``, per 100,000).
    count : str or None
        Column shown in the tooltip as a count (default ``"homicides"``).
    year : int, optional
        Year shown first (default: the last year).
    years : iterable of int, optional
        Years on the slider (default: every year in ``data``).
    scheme : {"quantiles", "fisher_jenks", "breaks"}
        Classification (see :func:`classify`), over all years shown.
    k : int
        Number of classes (3..9).
    breaks : sequence of float, optional
        Class upper bounds for ``scheme="breaks"``.
    value_label, count_label, legend_title : str
        Wording of tooltip and legend.
    title : str
        Accessible title of the map (the iframe's ``title``).
    source : str
        Credit for the data mapped, added to the INEGI boundary credit.
    decimals : int
        Decimals shown for values.
    tiles : None or "OpenStreetMap"
        Background tiles (default none).
    height : int
        Height in pixels.
    year_notes : mapping, optional
        ``{year: note}`` shown beside the year on the slider and in the tooltip,
        e.g. which source series a year comes from; notes in the catalogue are
        shown in the book's language.

    Returns
    -------
    ChoroplethMap

    Raises
    ------
    ValueError
        For missing columns, duplicate state-years, unknown codes, years not in the
        data, bad classification arguments or tiles.

    Examples
    --------
    >>> m = state_map(_demo_frame(), title="Demo")
    >>> m.years[0], m.years[-1], len(m.breaks)
    (2019, 2020, 5)
    >>> m.to_html().count("topojson.feature(")
    1
    """
    states = load_states_geo()
    frame = data.copy() if isinstance(data, pd.DataFrame) else data
    if isinstance(frame, pd.DataFrame) and "cve_ent" in frame.columns:
        frame["cve_ent"] = frame["cve_ent"].astype(str)
    names = dict(zip(states["cve_ent"], states["short_name"], strict=True))
    credit = _credit(source)
    return _build(states, "cve_ent", names, frame, "cve_ent", value, count, year, years,
                  scheme, k, breaks, value_label, count_label, legend_title, title, credit,
                  decimals, " states", tiles, height, STATE_QUANTIZATION, year_notes,
                  STATE_SIMPLIFY)


def municipal_map(
    data: pd.DataFrame,
    state: str | int,
    value: str = "rate",
    count: str | None = "homicides",
    year: int | None = None,
    years: Iterable[int] | None = None,
    scheme: str = "quantiles",
    k: int = 5,
    breaks: Sequence[float] | None = None,
    value_label: str = "Homicides per 100,000",
    count_label: str = "Homicides",
    legend_title: str | None = None,
    title: str | None = None,
    source: str = "",
    decimals: int = 1,
    tiles: str | None = None,
    height: int = 460,
    year_notes: Mapping[int, str] | None = None,
) -> ChoroplethMap:
    """Choropleth of a municipal indicator within one state, with a year slider.

    Parameters are those of :func:`state_map`, except:

    Parameters
    ----------
    data : pandas.DataFrame
        One row per municipality and year with ``cvegeo`` (5 characters), ``year``
        and the value (and count) columns. Rows of other states are ignored.
    state : str or int
        The state (name or code).

    Returns
    -------
    ChoroplethMap
        Ranks in the tooltip are within the state. Municipalities with no row
        (e.g. created after the data's year) are grey.

    Examples
    --------
    >>> frame = _demo_frame(level="municipality", state="12")
    >>> m = municipal_map(frame, "Guerrero")
    >>> m.title
    'Map of the municipalities of Guerrero'
    """
    code = normalize_state(state)
    munis = load_municipalities_geo(code)
    if not isinstance(data, pd.DataFrame):
        raise TypeError(f"data must be a pandas DataFrame, got {type(data).__name__}.")
    if "cvegeo" not in data.columns:
        raise ValueError(
            f"data lacks the column 'cvegeo' (5-character municipal code); columns present: "
            f"{list(data.columns)}."
        )
    data = data.assign(cvegeo=check_codes(data["cvegeo"], "cvegeo", 5))
    frame = data[(data["cvegeo"].str[:2] == code).fillna(False)].copy()
    if frame.empty:
        raise ValueError(f"data has no municipality of {state_name(code)} (cve_ent {code}).")
    frame["cvegeo"] = frame["cvegeo"].astype(str)
    known = set(munis["cvegeo"])
    frame = frame[frame["cvegeo"].isin(known)]
    names = dict(zip(munis["cvegeo"], munis["name"], strict=True))
    credit = _credit(source)
    title = title or tr("Map of the municipalities of {state}", state=state_name(code))
    return _build(munis, "cvegeo", names, frame, "cvegeo", value, count, year, years,
                  scheme, k, breaks, value_label, count_label, legend_title, title, credit,
                  decimals, tr(" in {state}", state=state_name(code)), tiles, height, 5_000,
                  year_notes)




