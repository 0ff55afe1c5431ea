"""Explorers that recompute in a live kernel and still work on the static page.

An :class:`Explorer` wraps a function that draws one matplotlib figure for a
choice of controls (a state, an account, a window...). Displayed in Jupyter it
is a live ipywidgets form that calls the function again on every change. In the
HTML book it is a plain ``<select>`` per control over precomputed inline-SVG
views and six lines of JavaScript: no kernel, no widget manager, a few kB per
view once gzipped.

The book build sets ``KINGPIN_STATIC_WIDGETS=1`` (the Makefile does), so the
executed notebooks carry only the static view and no widget state.
"""

from __future__ import annotations

import hashlib
import html
import io
import itertools
import os
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from helpers.reference.i18n import tr
from helpers.viz.style import fit_for_reading

#: Environment variable that switches explorers to their static view only.
STATIC_ENV = "KINGPIN_STATIC_WIDGETS"

_NUMBER = re.compile(r"-?\d+\.\d+")

_SCRIPT = (
    "<script>(function(){var r=document.getElementById('%s');"
    "var s=r.querySelectorAll('select');function show(){var k=Array.prototype.map.call("
    "s,function(e){return e.value}).join('|');r.querySelectorAll('.kp-view').forEach("
    "function(v){v.hidden=v.getAttribute('data-key')!==k})}"
    "s.forEach(function(e){e.addEventListener('change',show)});show()})();</script>"
)


def _options(values: Sequence[Any] | Mapping[str, Any]) -> list[tuple[str, Any]]:
    if isinstance(values, Mapping):
        pairs = [(tr(str(label)), value) for label, value in values.items()]
    else:
        pairs = [(tr(str(value)), value) for value in values]
    if not pairs:
        raise ValueError("Each control needs at least one option.")
    return pairs


def figure_to_svg(fig: Figure, prefix: str, alt: str, decimals: int = 1) -> str:
    """Return ``fig`` as compact inline SVG with unique ids and a text alternative.

    Coordinates are rounded to ``decimals`` places, fonts are left as text
    (``svg.fonttype='none'``), and every ``id`` is prefixed so that several
    SVGs can live on one page.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure (closed afterwards).
    prefix : str
        Prefix for element ids, unique on the page.
    alt : str
        Text alternative, written as the SVG's ``<title>`` and ``aria-label``.
    decimals : int
        Decimals kept in coordinates.

    Returns
    -------
    str
        An ``<svg>`` element.

    Examples
    --------
    >>> fig, ax = plt.subplots(figsize=(2, 1))
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> svg = figure_to_svg(fig, "demo", "A rising line")
    >>> svg.startswith("<svg") and "A rising line" in svg
    True
    """
    fit_for_reading(fig)  # legible once the page scales the chart to a phone's column
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": prefix}):
        fig.savefig(buffer, format="svg", bbox_inches="tight",
                    metadata={"Date": None, "Creator": None})
    plt.close(fig)
    text = buffer.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r"<metadata>.*?</metadata>", "", text, flags=re.S)
    text = _NUMBER.sub(lambda m: f"{float(m.group()):.{decimals}f}".rstrip("0").rstrip("."),
                       text)
    text = thin_svg(text)
    ids = set(re.findall(r'id="([^"]+)"', text))
    for ident in sorted(ids, key=len, reverse=True):
        new = f"{prefix}-{ident}"
        text = (text.replace(f'id="{ident}"', f'id="{new}"')
                    .replace(f"#{ident})", f"#{new})")
                    .replace(f'"#{ident}"', f'"#{new}"'))
    label = html.escape(alt, quote=True)
    text = text.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)
    head_end = text.index(">") + 1
    return text[:head_end] + f"<title>{label}</title>" + text[head_end:]


def thin_svg(text: str) -> str:
    r"""Return matplotlib's SVG ``text`` lighter, drawing the same picture.

    An explorer repeats one chart per choice on the page, so every byte of a
    view counts many times. This drops the ids nothing refers to, the layout
    whitespace between tags and inside paths, and no-op ``rotate(-0 ...)``
    transforms, and turns each inline ``style`` into a class named after a hash
    of its declarations (the rules go in the SVG's ``<style>``): the same style
    has the same class in every view, so the views stay alike for gzip.

    Parameters
    ----------
    text : str
        An SVG document or element written by matplotlib.

    Returns
    -------
    str
        The same SVG, lighter.

    Examples
    --------
    >>> svg = ('<svg><defs><style type="text/css">*{stroke-linecap: butt}</style></defs>\n'
    ...        ' <g id="axes_1">\n  <path d="M 0 0 \nL 1 1 \n" style="fill: none"/>\n'
    ...        '  <text style="fill: none" transform="rotate(-0 1 2)">a b</text>\n </g>\n</svg>')
    >>> print(thin_svg(svg))  # doctest: +NORMALIZE_WHITESPACE
    <svg><defs><style type="text/css">*{stroke-linecap: butt}.kc5ef27{fill:
    none}</style></defs><g><path d="M 0 0 L 1 1" class="kc5ef27"/><text
    class="kc5ef27">a b</text></g></svg>
    """
    text = text.strip()
    referenced = set(re.findall(r'url\(#([^)"]+)\)', text))
    referenced |= set(re.findall(r'href="#([^"]+)"', text))
    text = re.sub(r' id="([^"]+)"',
                  lambda m: m.group(0) if m.group(1) in referenced else "", text)
    text = re.sub(r' transform="rotate\(-?0 [^)]*\)"', "", text)
    text = re.sub(r' d="([^"]*)"', lambda m: f' d="{" ".join(m.group(1).split())}"', text)
    text = re.sub(r">\s*\n\s*<", "><", text)
    rules: dict[str, str] = {}

    def to_class(match: re.Match[str]) -> str:
        tag, style = match.group(1), match.group(2)
        name = "k" + hashlib.sha1(style.encode("utf-8")).hexdigest()[:6]
        rules[name] = style
        return f'{tag} class="{name}"'

    text = re.sub(r'(<(?:(?!class=)[^>])*?) style="([^"]*)"', to_class, text)
    css = "".join(f".{name}{{{style}}}" for name, style in sorted(rules.items()))
    if "</style>" in text:
        return text.replace("</style>", css + "</style>", 1)
    return re.sub(r"(<svg\b[^>]*>)", lambda m: m.group(1) + f"<style>{css}</style>", text,
                  count=1)


class Explorer:
    """A figure that changes with one or more controls, live or static.

    Parameters
    ----------
    render : callable
        ``render(**choice) -> matplotlib.figure.Figure``; keyword names are the
        control names.
    controls : mapping
        ``{name: options}``; options are a sequence of values or a mapping
        ``{label: value}``.
    title : str
        Accessible name of the explorer.
    alt : callable or str
        Text alternative of each view: a string, or ``alt(**choice) -> str``.
    labels : mapping, optional
        Visible label of each control (defaults to the name).

        The title, these labels, the options' labels and a fixed ``alt`` are
        shown through :func:`helpers.reference.i18n.tr`, so the Spanish edition
        shows them from ``locales/es.json`` (option values are passed unchanged).
    max_views : int
        Largest number of precomputed static views allowed (every combination
        of options is one view).

    Examples
    --------
    >>> def draw(scale):
    ...     fig, ax = plt.subplots(figsize=(2, 1))
    ...     ax.plot([0, 1], [0, scale])
    ...     return fig
    >>> ex = Explorer(draw, {"scale": [1, 2]}, title="Demo", alt="A line")
    >>> html_text = ex.static_html()
    >>> html_text.count('class="kp-view"')
    2
    """

    def __init__(
        self,
        render: Callable[..., Figure],
        controls: Mapping[str, Sequence[Any] | Mapping[str, Any]],
        title: str,
        alt: Callable[..., str] | str,
        labels: Mapping[str, str] | None = None,
        max_views: int = 64,
    ) -> None:
        if not controls:
            raise ValueError("An Explorer needs at least one control.")
        if not callable(render):
            raise TypeError(f"render must be a function returning a matplotlib Figure, got a "
                            f"{type(render).__name__}.")
        self.render = render
        self.controls = {name: _options(values) for name, values in controls.items()}
        # Fixed texts are shown in the book's language (tr(); unknown texts stay as given).
        self.title = tr(title)
        self.alt = tr(alt) if isinstance(alt, str) else alt
        self.labels = {name: tr(text) for name, text in (labels or {}).items()}
        views = 1
        for options in self.controls.values():
            views *= len(options)
        if views > max_views:
            raise ValueError(
                f"{views} combinations of controls would be precomputed for the static page; "
                f"the limit is {max_views}. Offer fewer options or raise max_views."
            )
        digest = hashlib.sha1(repr((title, list(self.controls))).encode()).hexdigest()[:8]
        self.dom_id = f"kp-explorer-{digest}"

    def _figure(self, choice: dict[str, Any]) -> Figure:
        """Call ``render`` for one choice; refuse anything but a matplotlib Figure."""
        fig = self.render(**choice)
        if not isinstance(fig, Figure):
            raise TypeError(
                f"render({', '.join(f'{k}={v!r}' for k, v in choice.items())}) returned a "
                f"{type(fig).__name__}, not a matplotlib Figure; end the render function with "
                "`return fig` (e.g. fig, ax = plt.subplots() ... return fig)."
            )
        return fig

    def _alt_for(self, choice: dict[str, Any]) -> str:
        return self.alt(**choice) if callable(self.alt) else self.alt

    def label(self, name: str) -> str:
        """Visible label of a control (``labels``, else the name, capitalised)."""
        return self.labels.get(name, name.replace("_", " ").capitalize())

    def static_html(self) -> str:
        """Return the kernel-free view: selects, precomputed SVGs, a tiny script."""
        parts = [f'<div class="kp-explorer" id="{self.dom_id}" role="group" '
                 f'aria-label="{html.escape(self.title, quote=True)}">',
                 '<div class="kp-controls">']
        for index, (name, options) in enumerate(self.controls.items()):
            select_id = f"{self.dom_id}-c{index}"
            label = html.escape(self.label(name))
            parts.append(f'<label for="{select_id}">{label}</label> '
                         f'<select id="{select_id}" data-control="{html.escape(name)}">')
            parts.extend(f'<option value="{i}">{html.escape(text)}</option>'
                         for i, (text, _) in enumerate(options))
            parts.append("</select> ")
        parts.append("</div>")
        names = list(self.controls)
        ranges = [range(len(self.controls[n])) for n in names]
        for combo in itertools.product(*ranges):
            choice = {n: self.controls[n][i][1] for n, i in zip(names, combo, strict=True)}
            key = "|".join(str(i) for i in combo)
            prefix = f"{self.dom_id}-v{'-'.join(str(i) for i in combo)}"
            svg = figure_to_svg(self._figure(choice), prefix, self._alt_for(choice))
            hidden = "" if all(i == 0 for i in combo) else " hidden"
            parts.append(f'<div class="kp-view" data-key="{key}"{hidden}>{svg}</div>')
        parts.append(_SCRIPT % self.dom_id)
        parts.append("</div>")
        return "".join(parts)

    def widget(self):
        """Return the live ipywidgets form (recomputes on every change)."""
        import ipywidgets as widgets
        from IPython.display import display

        # index=0, not value=: a first option whose value is None ("all") would
        # otherwise leave the dropdown blank. description_width "initial" shows the
        # whole label instead of cutting it at ipywidgets' default 90 px.
        dropdowns = {
            name: widgets.Dropdown(options=options, index=0, description=self.label(name),
                                   style={"description_width": "initial"},
                                   layout=widgets.Layout(width="auto"))
            for name, options in self.controls.items()
        }
        output = widgets.Output()

        def redraw(_change: Any = None) -> None:
            output.clear_output(wait=True)
            with output:
                fig = self._figure({n: d.value for n, d in dropdowns.items()})
                display(fig)
                plt.close(fig)

        for dropdown in dropdowns.values():
            dropdown.observe(redraw, names="value")
        redraw()
        return widgets.VBox([widgets.HBox(list(dropdowns.values())), output])

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        bundle = {"text/html": self.static_html(), "text/plain": f"<Explorer: {self.title}>"}
        if os.environ.get(STATIC_ENV) != "1":
            live = self.widget()._repr_mimebundle_()
            bundle.update({k: v for k, v in live.items() if k != "text/plain"})
        return bundle
