"""Light, accessible choropleth maps of states and municipalities, with a year slider.

A map made here is a folium (Leaflet) map in an ``<iframe>`` that works on the
static HTML page without a kernel:

* the boundaries are written **once**, as a quantised TopoJSON layer
  (:mod:`helpers.topology`), however many years the slider covers;
* the values are a compact table ``{code: [value per year]}``; a small script
  recolours the layer when the slider moves, and computes each year's national
  (or within-state) rank for the tooltip;
* classes come from ``mapclassify`` (quantiles, Fisher–Jenks or given breaks),
  computed over **all years shown** so that a colour means the same in every
  year; the legend prints each class's bounds;
* the palette is ColorBrewer YlOrRd (colour-blind safe), with grey for no data;
* the INEGI credit line is in the map's attribution;
* a text equivalent (highest, lowest and median per year) follows the map.

Third-party JavaScript (Leaflet, topojson-client) is loaded from the same public
CDNs folium uses; nothing is vendored.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import math
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import branca.element
import folium
import mapclassify
import numpy as np
import pandas as pd
from folium.elements import JSCSSMixin
from folium.template import Template

from helpers.geo import INEGI_CREDIT, load_municipalities_geo, load_states_geo
from helpers.plots import NO_DATA, sequential_colors
from helpers.states import normalize_state, state_name
from helpers.topology import topology

#: Classification schemes accepted by :func:`classify`.
SCHEMES = ("quantiles", "fisher_jenks", "breaks")

#: CDN of topojson-client, the same URL folium's ``TopoJson`` uses.
TOPOJSON_JS = "https://cdnjs.cloudflare.com/ajax/libs/topojson/1.6.9/topojson.min.js"


class _LightMap(folium.Map):
    """A folium map that loads only Leaflet (no jQuery, Bootstrap or icon fonts)."""

    default_js = [js for js in folium.Map.default_js if js[0] == "leaflet"]
    default_css = [css for css in folium.Map.default_css if css[0] == "leaflet_css"]


_SCRIPT = """
{% macro header(this, kwargs) %}<style>.leaflet-container{background:#fff}
.kp-box{background:rgba(255,255,255,.92);padding:6px 8px;border-radius:4px;font:12px/1.35 \
system-ui,sans-serif;box-shadow:0 0 4px rgba(0,0,0,.3)}.kp-box i{display:inline-block;\
width:14px;height:11px;margin-right:5px;border:1px solid #777;vertical-align:middle}\
.kp-box input{width:210px}.leaflet-control-attribution{font-size:10px}@media(max-width:500px){\
.kp-box{font-size:10px;padding:3px 5px}.kp-box i{width:10px;height:8px}.kp-box input{width:140px}}\
</style>{% endmacro %}
{% macro script(this, kwargs) %}(function(){var m={{ this._parent.get_name() }},\
T={{ this.topo }},D={{ this.table }},cur=D.i,R=[];
D.y.forEach(function(_,i){var k=Object.keys(D.v).filter(function(c){return D.v[c][i]!==null});\
k.sort(function(a,b){return D.v[b][i]-D.v[a][i]});var r={};k.forEach(function(c,j){r[c]=j+1});\
R.push([r,k.length])});
function val(f){var s=D.v[f.properties.c];return s?s[cur]:null}
function col(x){if(x===null)return D.na;for(var j=0;j<D.b.length;j++){if(x<=D.b[j])return D.c[j]}\
return D.c[D.c.length-1]}
function sty(f){return{fillColor:col(val(f)),fillOpacity:.85,color:"#444",weight:.6}}
function fmt(x,d){return x===null?"no data":x.toLocaleString("en",{minimumFractionDigits:d,\
maximumFractionDigits:d})}
var g=L.geoJson(topojson.feature(T,T.objects.f),{style:sty}).addTo(m);
g.bindTooltip(function(l){var p=l.feature.properties,v=val(l.feature),n=D.n[p.c],\
h="<b>"+p.n+"</b>, "+D.y[cur]+(D.yn[cur]?" ("+D.yn[cur]+")":"")+"<br>"+D.l+": "+\
fmt(v,D.d);if(n)h+="<br>"+D.nl+": "+\
fmt(n[cur],0);if(v!==null)h+="<br>Rank: "+R[cur][0][p.c]+" of "+R[cur][1]+D.rk;return h},\
{sticky:true});
m.attributionControl.setPrefix(false);m.attributionControl.addAttribution(D.cr);
var lg=L.control({position:"bottomright"});lg.onAdd=function(){var d=L.DomUtil.create("div",\
"kp-box kp-legend"),h="<b>"+D.lt+"</b>";D.c.forEach(function(c,j){h+='<br><i style="background:'\
+c+'"></i>'+D.lb[j]});d.innerHTML=h+'<br><i style="background:'+D.na+'"></i>no data';return d};\
lg.addTo(m);
var sl=null;if(D.y.length>1){sl=L.control({position:"topright"});sl.onAdd=function(){\
var d=L.DomUtil.create("div","kp-box kp-slider");d.innerHTML='<label>Year <b>'+D.y[cur]+\
'</b> <span>'+D.yn[cur]+'</span><br><input type=\
"range" min="0" max="'+(D.y.length-1)+'" step="1" value="'+cur+'" aria-label="Year"></label>';\
L.DomEvent.disableClickPropagation(d);var s=d.querySelector("input"),o=d.querySelector("b"),\
q=d.querySelector("span");s.addEventListener("input",function(){cur=+s.value;o.textContent=\
D.y[cur];q.textContent=D.yn[cur];g.setStyle(sty)});\
return d};sl.addTo(m)}
function fit(){var t=m.zoomControl?m.zoomControl.getContainer().offsetHeight:0;if(sl)t=\
Math.max(t,sl.getContainer().offsetHeight);m.fitBounds(g.getBounds(),{paddingTopLeft:[4,t+14],\
paddingBottomRight:[lg.getContainer().offsetWidth+14,4]})}
fit();m.on("resize",fit)})();{% endmacro %}
"""


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


def classify(
    values: Iterable[float],
    scheme: str = "quantiles",
    k: int = 5,
    breaks: Sequence[float] | None = None,
) -> list[float]:
    """Return the upper bounds of the classes of ``values``.

    Parameters
    ----------
    values : iterable of float
        Values to classify (missing values are ignored).
    scheme : {"quantiles", "fisher_jenks", "breaks"}
        ``mapclassify`` scheme: ``Quantiles``, ``FisherJenks``, or ``UserDefined``
        with ``breaks``.
    k : int
        Number of classes (3..9) for quantiles and Fisher–Jenks.
    breaks : sequence of float, optional
        Increasing upper bounds for ``scheme="breaks"`` (a last class up to the
        maximum is added if needed).

    Returns
    -------
    list of float
        Upper bound of each class; the last one is the maximum.

    Raises
    ------
    ValueError
        For an unknown scheme, a bad ``k``, missing or unsorted breaks, or no values.

    Examples
    --------
    >>> classify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "quantiles", k=5)
    [2.8, 4.6, 6.4, 8.2, 10.0]
    >>> classify([1, 5, 20], "breaks", breaks=[2, 10, 30])
    [2.0, 10.0, 30.0]
    """
    y = np.asarray([v for v in values if v is not None and not pd.isna(v)], dtype=float)
    if y.size == 0:
        raise ValueError("There are no values to classify (all are missing).")
    if scheme not in SCHEMES:
        raise ValueError(f"Unknown scheme {scheme!r}; choose one of {', '.join(SCHEMES)}.")
    if scheme == "breaks":
        if breaks is None or len(breaks) == 0:
            raise ValueError('scheme="breaks" needs breaks, e.g. breaks=[10, 20, 40].')
        b = [float(x) for x in breaks]
        if any(b2 <= b1 for b1, b2 in zip(b, b[1:], strict=False)):
            raise ValueError(f"breaks must be strictly increasing, got {list(breaks)}.")
        if len(b) + (b[-1] < y.max()) > 9:
            raise ValueError("At most 9 classes: give at most 8 breaks below the maximum.")
        bins = mapclassify.UserDefined(y, b).bins
        out = [float(x) for x in bins]
        if len(out) < 3:  # the palettes start at 3 classes
            raise ValueError(
                f"breaks give {len(out)} class(es); give at least 3 classes, e.g. "
                "breaks=[10, 20, 40]."
            )
        return out
    if isinstance(k, bool) or not isinstance(k, int) or not 3 <= k <= 9:
        raise ValueError(f"k must be an integer from 3 to 9, got {k!r}.")
    with warnings.catch_warnings():  # "Numba not installed", "Not enough unique values"
        warnings.simplefilter("ignore", UserWarning)
        if scheme == "quantiles":
            bins = mapclassify.Quantiles(y, k=k).bins
        else:
            bins = mapclassify.FisherJenks(y, k=k).bins
    out = sorted({round(float(x), 10) for x in bins})
    if len(out) < 3:
        raise ValueError(
            f"The values have too few distinct levels for {k} {scheme} classes; "
            'use scheme="breaks" with explicit breaks.'
        )
    return out


def _fmt(x: float, decimals: int) -> str:
    return f"{x:,.{decimals}f}"


def legend_labels(bins: Sequence[float], minimum: float, decimals: int = 1) -> list[str]:
    """Return legend labels "lower – upper" for class upper bounds ``bins``.

    Examples
    --------
    >>> legend_labels([5.0, 10.0, 42.25], minimum=1.0)
    ['1.0 – 5.0', '5.0 – 10.0', '10.0 – 42.2']
    """
    lows = [minimum, *bins[:-1]]
    return [f"{_fmt(lo, decimals)} – {_fmt(hi, decimals)}" for lo, hi in
            zip(lows, bins, strict=True)]


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

    def summary_text(self, year: int | None = None) -> str:
        """One sentence: highest, lowest and median in ``year`` (default: last year).

        Examples
        --------
        >>> m = state_map(_demo_frame(), value="rate", count="homicides")  # doctest: +SKIP
        >>> m.summary_text(2020)  # doctest: +SKIP
        'In 2020 the highest rate was ...'
        """
        year = self.years[-1] if year is None else year
        if year not in self.years:
            raise ValueError(f"Year {year} is not on this map; years: {self.years[0]}–"
                             f"{self.years[-1]}.")
        row = self.summary.loc[self.summary["year"] == year].iloc[0]
        d = self.decimals
        return (
            f"In {year} the highest value ({self.value_label}) was in {row['highest']} "
            f"({_fmt(row['highest_value'], d)}), the lowest in {row['lowest']} "
            f"({_fmt(row['lowest_value'], d)}); the median of {int(row['areas'])} areas was "
            f"{_fmt(row['median'], d)}."
        )

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
            self._html = (
                f'<div class="kp-map"><iframe title="{title}" srcdoc="{doc}" '
                f'style="width:100%;height:{self.height}px;border:0"></iframe>'
                f'<p class="kp-map-summary">{html.escape(self.summary_text())}</p>'
                f"<details><summary>Text version of the map: highest, lowest and median by "
                f"year ({html.escape(self.value_label)})</summary><table>"
                f"<thead><tr><th>Year</th><th>Highest</th><th>Lowest</th><th>Median</th>"
                f"</tr></thead><tbody>{rows}</tbody></table></details></div>"
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
    frame[key] = frame[key].astype(str)
    if frame.duplicated([key, "year"]).any():
        dup = frame.loc[frame.duplicated([key, "year"]), [key, "year"]].iloc[0].tolist()
        raise ValueError(
            f"data has more than one row for {key}={dup[0]!r}, year={dup[1]}; filter it to one "
            "series (e.g. load_homicides(series=...)) before mapping."
        )
    if not pd.api.types.is_numeric_dtype(frame[value]):
        raise ValueError(f"Column {value!r} must be numeric.")
    return frame


def _choose_years(frame: pd.DataFrame, years: Iterable[int] | None,
                  year: int | None) -> tuple[list[int], int]:
    available = sorted(int(y) for y in frame["year"].dropna().unique())
    if not available:
        raise ValueError("data has no rows.")
    if years is None:
        chosen = available
    else:
        chosen = sorted({int(y) for y in years})
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
) -> ChoroplethMap:
    if tiles not in (None, "OpenStreetMap"):
        raise ValueError(f"tiles must be None or 'OpenStreetMap', got {tiles!r}.")
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 4:
        raise ValueError(f"decimals must be an integer from 0 to 4, got {decimals!r}.")
    frame = _check_frame(data, key, value, count)
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
        "lt": legend_title or value_label,
        "l": value_label,
        "nl": count_label,
        "d": decimals,
        "rk": rank_suffix,
        "cr": credit,
        "yn": [str(notes.get(y, "")) for y in chosen],
        "v": {c: [_rounded(x, decimals) for x in row] for c, row in
              zip(wide.index, wide.to_numpy(), strict=True)},
        "n": {},
    }
    if count:
        counts = frame.pivot(index=key, columns="year", values=count).reindex(columns=chosen)
        table["n"] = {c: [_rounded(x, 0) for x in row] for c, row in
                      zip(counts.index, counts.to_numpy(), strict=True)}
    topo = topology(geo.geometry.values,
                    [{"c": c, "n": names[c]} for c in geo[geo_key]], "f", quantization)

    figure = branca.element.Figure(title=title)
    fmap = _LightMap(location=[23.5, -102.0], zoom_start=5, tiles=tiles, zoom_snap=0.25,
                    scroll_wheel_zoom=False)
    fmap.add_to(figure)
    _YearChoropleth(_compact(topo), _compact(table)).add_to(fmap)
    _deterministic_ids(figure, f"{title}|{value}|{len(chosen)}")
    summary = _summary(frame, key, value, names, chosen)
    return ChoroplethMap(map=fmap, years=chosen, breaks=bins, labels=labels, summary=summary,
                         title=title, height=height, decimals=decimals, value_label=value_label)


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
        e.g. which source series a year comes from.

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
    credit = f"Boundaries: {INEGI_CREDIT}" + (f" Data: {source}" if source else "")
    return _build(states, "cve_ent", names, frame, "cve_ent", value, count, year, years,
                  scheme, k, breaks, value_label, count_label, legend_title, title, credit,
                  decimals, " states", tiles, height, 10_000, year_notes)


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
    frame = data[data["cvegeo"].astype(str).str[:2] == code].copy()
    if frame.empty:
        raise ValueError(f"data has no municipality of {state_name(code)} (cve_ent {code}).")
    frame["cvegeo"] = frame["cvegeo"].astype(str)
    known = set(munis["cvegeo"])
    frame = frame[frame["cvegeo"].isin(known)]
    names = dict(zip(munis["cvegeo"], munis["name"], strict=True))
    credit = f"Boundaries: {INEGI_CREDIT}" + (f" Data: {source}" if source else "")
    title = title or f"Map of the municipalities of {state_name(code)}"
    return _build(munis, "cvegeo", names, frame, "cvegeo", value, count, year, years,
                  scheme, k, breaks, value_label, count_label, legend_title, title, credit,
                  decimals, f" in {state_name(code)}", tiles, height, 5_000, year_notes)


def _demo_frame(level: str = "state", state: str = "16") -> pd.DataFrame:
    """Return a tiny synthetic indicator for examples and tests (NOT data)."""
    if level == "state":
        geo = load_states_geo()
        codes, key = list(geo["cve_ent"]), "cve_ent"
    else:
        geo = load_municipalities_geo(state)
        codes, key = list(geo["cvegeo"]), "cvegeo"
    rows = []
    for i, c in enumerate(codes):
        for y in (2019, 2020):
            rows.append({key: c, "year": y, "rate": float(i + y - 2019),
                         "homicides": i * 10 + (y - 2019)})
    return pd.DataFrame(rows)


def static_state_maps(
    data: pd.DataFrame,
    years: Sequence[int],
    value: str = "rate",
    scheme: str = "quantiles",
    k: int = 5,
    breaks: Sequence[float] | None = None,
    decimals: int = 1,
    legend_title: str = "Homicides per 100,000",
    ncols: int = 2,
):
    """Small multiples: one static state map per year, sharing one classification.

    Parameters
    ----------
    data : pandas.DataFrame
        ``cve_ent``, ``year`` and ``value`` columns.
    years : sequence of int
        One panel per year, in this order.
    value, scheme, k, breaks, decimals, legend_title
        As in :func:`state_map`; classes are computed over the years shown.
    ncols : int
        Panels per row.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> fig = static_state_maps(_demo_frame(), [2019, 2020])
    >>> len(fig.axes)
    2
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    frame = _check_frame(data, "cve_ent", value, None)
    if not years:
        raise ValueError("years is empty: give at least one year.")
    available = set(frame["year"].astype(int))
    absent = [y for y in years if y not in available]
    if absent:
        raise ValueError(f"Years {absent} are not in the data ({min(available)}–"
                         f"{max(available)}).")
    frame = frame[frame["year"].isin(list(years))]
    bins = classify(frame[value], scheme=scheme, k=k, breaks=breaks)
    colors = sequential_colors(len(bins))
    labels = legend_labels(bins, float(frame[value].min()), decimals)
    geo = load_states_geo()
    nrows = math.ceil(len(years) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.8 * ncols, 2.45 * nrows + 0.7),
                             squeeze=False)
    for ax in axes.flat[len(years):]:
        ax.remove()
    for ax, y in zip(axes.flat, years, strict=False):
        part = geo.merge(frame[frame["year"] == y], on="cve_ent", how="left")
        cls = np.searchsorted(np.asarray(bins), part[value].to_numpy(), side="left")
        fill = [NO_DATA if pd.isna(v) else colors[min(c, len(colors) - 1)]
                for v, c in zip(part[value], cls, strict=True)]
        part.plot(ax=ax, color=fill, edgecolor="#444444", linewidth=0.3)
        ax.set_title(str(y))
        ax.set_axis_off()
    handles = [Patch(facecolor=c, edgecolor="#444444", label=lb)
               for c, lb in zip(colors, labels, strict=True)]
    if frame[value].isna().any():
        handles.append(Patch(facecolor=NO_DATA, edgecolor="#444444", label="no data"))
    fig.legend(handles=handles, title=legend_title, loc="lower center",
               bbox_to_anchor=(0.5, 0.035), ncol=min(len(handles), 6), fontsize=8,
               title_fontsize=8, frameon=False)
    fig.text(0.99, 0.008, f"Boundaries: {INEGI_CREDIT}", ha="right", va="bottom", fontsize=6,
             color="#555555")
    fig.subplots_adjust(left=0.01, right=0.99, top=0.95, bottom=0.15, wspace=0.02, hspace=0.1)
    return fig
