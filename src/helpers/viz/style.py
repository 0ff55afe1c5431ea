"""House style for the book's figures: palettes, presidential terms, SVG-friendly output.

Every palette here is safe for the common forms of colour blindness: the
qualitative one is Okabe & Ito's (2008), the sequential ones are ColorBrewer
single-direction ramps (YlOrRd, Blues) that stay ordered in lightness, so they
also survive greyscale printing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import wraps
from typing import Any, TypeVar

import matplotlib as mpl
import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from helpers.reference.checks import check_integer
from helpers.reference.presidency import TERMS, Term

#: Okabe–Ito qualitative palette (black first), safe for colour-blind readers.
OKABE_ITO: tuple[str, ...] = (
    "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7",
)

#: ColorBrewer YlOrRd, by number of classes (3..9). Colour-blind safe.
YLORRD: dict[int, tuple[str, ...]] = {
    3: ("#ffeda0", "#feb24c", "#f03b20"),
    4: ("#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"),
    5: ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"),
    6: ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026"),
    7: ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"),
    8: ("#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c",
        "#b10026"),
    9: ("#ffffcc", "#ffeda0", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c",
        "#bd0026", "#800026"),
}

#: Okabe–Ito colours by name, for code that reads better with a name than an index.
OI: dict[str, str] = dict(zip(
    ("black", "orange", "sky", "green", "yellow", "blue", "vermillion", "purple"), OKABE_ITO,
    strict=True))

#: LISA clusters: ColorBrewer RdBu (diverging, colour-blind safe), grey when not significant.
CLUSTER_COLOURS: dict[str, str] = {
    "High-High": "#b2182b",
    "Low-Low": "#2166ac",
    "High-Low": "#f4a582",
    "Low-High": "#92c5de",
    "Not significant": "#e0e0e0",
}

#: Colour for "no data" on maps (a neutral grey, distinct from every YlOrRd class).
NO_DATA = "#bdbdbd"

#: Two greys that alternate behind presidential terms.
TERM_SHADES: tuple[str, str] = ("#f0f0f0", "#d9d9d9")


def sequential_colors(k: int) -> list[str]:
    """Return ``k`` colour-blind-safe sequential colours, light to dark.

    Parameters
    ----------
    k : int
        Number of classes, 3 to 9.

    Raises
    ------
    ValueError
        If ``k`` is outside 3..9.

    Examples
    --------
    >>> sequential_colors(5)[0]
    '#ffffb2'
    """
    k = check_integer(k, "k", minimum=min(YLORRD), maximum=max(YLORRD))
    return list(YLORRD[k])


#: The book's matplotlib settings: fonts as SVG text, light axes, the Okabe–Ito cycle.
HOUSE_STYLE: dict[str, object] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "kingpin",
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "figure.figsize": (7.5, 4.0),
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.prop_cycle": mpl.cycler(color=list(OKABE_ITO[1:]) + [OKABE_ITO[0]]),
    "legend.frameon": False,
}


@contextmanager
def house_style() -> Iterator[None]:
    """Draw in the book's style inside this context, then put matplotlib back as it was.

    Only the settings of :data:`HOUSE_STYLE` are changed and restored, so the
    backend (which matplotlib and Jupyter settle when the first figure is drawn)
    is never reset: a figure function never changes how the reader's own plots
    look, and every figure of a page is shown.

    Examples
    --------
    >>> before = mpl.rcParams["axes.titlelocation"]
    >>> with house_style():
    ...     mpl.rcParams["axes.titlelocation"]
    'left'
    >>> mpl.rcParams["axes.titlelocation"] == before
    True
    """
    use_reading_formats()
    saved = {key: mpl.rcParams[key] for key in HOUSE_STYLE}
    mpl.rcParams.update(HOUSE_STYLE)
    try:
        yield
    finally:
        mpl.rcParams.update(saved)


_F = TypeVar("_F", bound=Callable[..., Any])


def in_house_style(func: _F) -> _F:
    """Decorate a figure function so that it draws inside :func:`house_style`.

    Examples
    --------
    >>> @in_house_style
    ... def title_place():
    ...     return mpl.rcParams["axes.titlelocation"]
    >>> title_place()
    'left'
    """
    @wraps(func)
    def drawn(*args: Any, **kwargs: Any) -> Any:
        with house_style():
            return func(*args, **kwargs)

    return drawn  # type: ignore[return-value]


def _year_fraction(day: dt.date) -> float:
    start = dt.date(day.year, 1, 1)
    length = (dt.date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def shade_terms(
    ax: Axes,
    terms: Sequence[Term] = TERMS,
    dates: bool = False,
    label: bool = True,
    until: dt.date | None = None,
) -> list[Term]:
    """Shade presidential terms behind a time series, with the president's name on top.

    Terms alternate between two light greys so that neighbours stay apart even
    in greyscale; only terms that overlap the current x-range are drawn, and the
    x-range is kept.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes whose x-axis is in years (numbers such as 2006.5) or, with
        ``dates=True``, matplotlib dates.
    terms : sequence of Term
        Terms to shade (default all, Salinas to Sheinbaum).
    dates : bool
        Whether the x-axis holds dates rather than fractional years.
    label : bool
        Write each president's surname at the top of the band.
    until : datetime.date, optional
        End of the open term (default: today).

    Returns
    -------
    list of Term
        The terms drawn.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([2000, 2015], [10, 20])
    >>> [t.key for t in shade_terms(ax)]
    ['zedillo', 'fox', 'calderon', 'pena_nieto']
    >>> plt.close(fig)
    """
    left, right = ax.get_xlim()
    end_default = until or dt.date.today()
    drawn, middles = [], []
    for i, term in enumerate(terms):
        end = term.end or end_default
        if dates:
            x0, x1 = mdates.date2num(term.start), mdates.date2num(end)
        else:
            x0, x1 = _year_fraction(term.start), _year_fraction(end + dt.timedelta(days=1))
        if x1 <= left or x0 >= right:
            continue
        ax.axvspan(max(x0, left), min(x1, right), color=TERM_SHADES[i % 2], zorder=0, lw=0)
        drawn.append(term)
        middles.append((max(x0, left) + min(x1, right)) / 2)
    if label:
        points_per_x = (ax.get_position().width * ax.figure.get_figwidth() * 72
                        / (right - left))
        names = term_labels(drawn, [m * points_per_x for m in middles], TERM_FONT_PT)
        for middle, name in zip(middles, names, strict=True):
            ax.text(middle, 1.0, name, transform=ax.get_xaxis_transform(),
                    ha="center", va="bottom", fontsize=TERM_FONT_PT, color="#444444")
    ax.set_xlim(left, right)
    return drawn


#: Size of the presidents' names above the term bands, in points.
TERM_FONT_PT = 8.0


def term_labels(terms: Sequence[Term], centres: Sequence[float], size: float,
                gap: float = 4.0) -> list[str]:
    """Return each term's label, its initials where the surname would touch a neighbour's.

    Widths are estimated at 0.6 em a character, which errs on the wide side
    for the house font (DejaVu Sans averages about 0.55 em).

    Parameters
    ----------
    terms : sequence of Term
        The terms, left to right.
    centres : sequence of float
        Where each label is centred, in points.
    size : float
        Font size in points.
    gap : float
        Least space between two labels, in points.

    Examples
    --------
    >>> from helpers.reference.presidency import TERMS
    >>> term_labels(TERMS[4:6], [0, 100], 8)
    ['Peña Nieto', 'López Obrador']
    >>> term_labels(TERMS[4:6], [0, 55], 8)
    ['Peña Nieto', 'AMLO']
    >>> term_labels(TERMS[4:6], [0, 30], 8)
    ['EPN', 'AMLO']
    """
    names = [t.short for t in terms]

    def half(name: str) -> float:
        return len(name) * size * 0.3

    def clash(i: int) -> bool:
        return centres[i] - half(names[i]) < centres[i - 1] + half(names[i - 1]) + gap

    for i in range(1, len(names)):
        for shorter in (i, i - 1):
            if clash(i):
                names[shorter] = terms[shorter].initials or names[shorter]
    return names


# -- figures for reading on a phone (issue 16) ---------------------------------------------

#: Width of a figure in the text column of a 390 px phone (the book's narrowest
#: reader), in CSS px: the column is 358 px, a figure in it 336 to 342.
PHONE_COLUMN_PX = 330
#: Smallest figure text a reader may get there, in CSS px.
MIN_TEXT_PX = 9.0
#: Smallest font of a figure, in points (smaller text is raised to it).
MIN_FONT_PT = 9.0
#: Resolution of the raster figures (where PNG is lighter than SVG): 1.15 image
#: pixels per CSS pixel at natural size, twice that once shrunk to a phone.
PNG_DPI = 110


def _text_artists(fig: Figure) -> list[Any]:
    from matplotlib.text import Text

    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def _saved_width_in(fig: Figure) -> float:
    """Width of ``fig`` saved with ``bbox_inches="tight"`` (what the page shows), in inches."""
    renderer = fig.canvas.get_renderer()
    return float(fig.get_tightbbox(renderer).width) + 0.2  # savefig pads 0.1 in each side


def smallest_text_px(fig: Figure, column_px: float = PHONE_COLUMN_PX) -> float:
    """Size of the smallest text of ``fig`` once the figure is shrunk to a column, in CSS px.

    A figure of width *W* inches is *W* × 96 CSS px wide; in a narrower column
    it is scaled down, and so is its text.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(7.5, 4))
    >>> _ = ax.set_title("Title", fontsize=8)
    >>> round(smallest_text_px(fig), 1) < MIN_TEXT_PX
    True
    >>> plt.close(fig)
    """
    fig.canvas.draw()
    smallest = min((t.get_fontsize() for t in _text_artists(fig)), default=MIN_FONT_PT)
    shown = min(column_px, _saved_width_in(fig) * 96)
    return smallest * 96 / 72 * shown / (_saved_width_in(fig) * 96)


def _panels(fig: Figure) -> int:
    """Count the plotting panels of ``fig`` (colour bars do not count)."""
    return sum(1 for ax in fig.axes if ax.get_label() != "<colorbar>")


def fit_for_reading(fig: Figure, column_px: float = PHONE_COLUMN_PX) -> Figure:
    """Make the text of ``fig`` legible on a phone, in place.

    Text under :data:`MIN_FONT_PT` is raised to it. A one-panel figure so wide
    that a phone would shrink its text below :data:`MIN_TEXT_PX` is narrowed to
    the widest width that keeps it legible (fonts keep their size, the plot
    gets the room it loses; its title and notes wrap). A figure of several
    panels keeps its layout: :func:`figure_output` gives it a display width
    below which it scrolls instead of shrinking.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(7.5, 4))
    >>> _ = ax.plot([0, 1], [0, 1], label="a line")
    >>> _ = ax.legend(fontsize=7)
    >>> _ = ax.set_title("A title long enough to be wrapped when the figure gets narrower")
    >>> smallest_text_px(fit_for_reading(fig)) >= MIN_TEXT_PX
    True
    >>> plt.close(fig)
    """
    for text in _text_artists(fig):
        if text.get_fontsize() < MIN_FONT_PT:
            text.set_fontsize(MIN_FONT_PT)
    if _panels(fig) != 1:
        return fig
    ax = next(a for a in fig.axes if a.get_label() != "<colorbar>")
    for text in (ax.title, ax._left_title, ax._right_title, *fig.texts,
                 getattr(fig, "_suptitle", None)):
        if text is not None:
            text.set_wrap(True)
    for _ in range(4):
        fig.canvas.draw()
        if smallest_text_px(fig, column_px) >= MIN_TEXT_PX - 0.01:
            break
        smallest = min(t.get_fontsize() for t in _text_artists(fig))
        # widest legible width, in inches (2 % to spare: layouts move by a few pixels)
        limit = 0.98 * smallest * 96 / 72 * column_px / MIN_TEXT_PX / 96
        width, height = fig.get_size_inches()
        renderer = fig.canvas.get_renderer()
        for legend in [*fig.legends, ax.get_legend()]:
            # a legend wider than the figure: fewer columns, more rows
            if legend is not None and legend._ncols > 1 and \
                    legend.get_window_extent(renderer).width > fig.bbox.width * 0.95:
                legend.set_ncols(max(1, legend._ncols // 2))
        margin = _saved_width_in(fig) - width  # what sticks out (legends outside...)
        fig.set_size_inches(max(2.5, min(width * 0.98, limit - max(margin, 0))), height)
        if fig.get_layout_engine() is None:
            fig.tight_layout()
    return fig


def display_width_px(fig: Figure, column_px: float = PHONE_COLUMN_PX) -> int | None:
    """Width (CSS px) below which ``fig`` must scroll rather than shrink, or None.

    None when the figure's text stays legible however narrow the column; else
    the width at which its smallest text is :data:`MIN_TEXT_PX`, or its natural
    width up to 720 px (the text column of a laptop), whichever is larger.
    """
    if smallest_text_px(fig, column_px) >= MIN_TEXT_PX - 0.01:
        return None
    natural = _saved_width_in(fig) * 96
    smallest = min(t.get_fontsize() for t in _text_artists(fig)) * 96 / 72
    return round(max(natural * MIN_TEXT_PX / smallest, min(natural, 720)))


def figure_output(fig: Figure) -> tuple[str, bytes | str, dict[str, Any]]:
    """Render ``fig`` for a page: SVG (text as text), or a PNG where that is lighter.

    The figure is first fitted for phones (:func:`fit_for_reading`). Both
    formats are drawn; the one a web server sends in fewer bytes wins (SVG
    gzipped, PNG as is). A PNG is drawn at :data:`PNG_DPI` and reduced to a
    palette of as few colours as it needs (:func:`_quantized_png`). A figure
    that must not shrink below some width (:func:`display_width_px`) carries
    that width in its metadata, and its PNG is drawn no wider than that (the
    page shows it at that width: more pixels would be thrown away).

    Returns
    -------
    tuple
        ``(mime type, data, metadata)``.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 1])
    >>> figure_output(fig)[0]
    'image/svg+xml'
    >>> plt.close(fig)
    """
    import gzip
    import io

    fit_for_reading(fig)
    svg_buffer = io.StringIO()
    with mpl.rc_context({"svg.fonttype": "none", "svg.hashsalt": "kingpin"}):
        fig.savefig(svg_buffer, format="svg", bbox_inches="tight",
                    metadata={"Date": None, "Creator": None})
    svg = svg_buffer.getvalue()
    width = display_width_px(fig)
    # a figure the page shows at a fixed width gets no more pixels than that width
    dpi = PNG_DPI if not width else max(72.0, min(PNG_DPI, width / _saved_width_in(fig)))
    png_buffer = io.BytesIO()
    fig.savefig(png_buffer, format="png", dpi=dpi, bbox_inches="tight")
    png = _quantized_png(png_buffer.getvalue())
    metadata = {"width": width} if width else {}  # reading.css: such a figure scrolls
    if len(gzip.compress(svg.encode("utf-8"), mtime=0)) <= len(png):
        return "image/svg+xml", svg, metadata
    return "image/png", png, metadata


#: Largest mean difference (0-255, averaged over pixels and channels) allowed
#: between a figure and its palette PNG.
PNG_MAX_ERROR = 1.5


def _quantized_png(png: bytes, max_error: float = PNG_MAX_ERROR) -> bytes:
    """Return ``png`` as a palette PNG with as few colours as its picture needs.

    Charts and choropleths have a few flat colours plus the shades of
    anti-aliased edges, which a small palette keeps. The fewest of 16, 32, 64,
    128 or 256 colours (undithered: dithering defeats PNG's compression) whose
    mean difference from the original is at most ``max_error`` wins; a picture
    no palette draws that closely (smooth gradients) gets 256 dithered colours.
    The original is kept if it is smaller.

    Examples
    --------
    >>> import io
    >>> from PIL import Image, ImageDraw
    >>> picture = Image.new("RGB", (200, 100), "white")
    >>> ImageDraw.Draw(picture).ellipse((20, 10, 180, 90), fill="#fd8d3c", outline="#444444")
    >>> buffer = io.BytesIO(); picture.save(buffer, format="PNG")
    >>> small = _quantized_png(buffer.getvalue())
    >>> len(small) < len(buffer.getvalue()), Image.open(io.BytesIO(small)).mode
    (True, 'P')
    """
    import io

    from PIL import Image, ImageChops, ImageStat

    image = Image.open(io.BytesIO(png)).convert("RGB")
    chosen = None
    for colors in (16, 32, 64, 128, 256):
        palette = image.quantize(colors=colors, method=Image.Quantize.FASTOCTREE,
                                 dither=Image.Dither.NONE)
        difference = ImageStat.Stat(ImageChops.difference(image, palette.convert("RGB")))
        if sum(difference.mean) / 3 <= max_error:
            chosen = palette
            break
    if chosen is None:
        chosen = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    chosen.save(out, format="PNG", optimize=True)
    return out.getvalue() if len(out.getvalue()) < len(png) else png


def use_reading_formats() -> bool:
    """Show matplotlib figures in IPython as :func:`figure_output` decides (SVG or light PNG).

    Called by :func:`house_style` and when this module is imported, so that any
    figure a chapter shows after importing the helpers is fitted for phones and
    drawn in the lighter format; pandas then shows every table cell whole
    (``display.max_colwidth = None``: a cell cut by "..." cannot be read on the
    page). Returns False outside IPython.
    """
    try:
        from IPython import get_ipython
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None or not hasattr(shell, "display_formatter"):
        return False
    if "inline" in str(mpl.rcParams._get_backend_or_none() or ""):
        # Jupyter's inline backend sets its own figure formatters when it is first
        # loaded (on the first figure): load it now, so that ours come after.
        import importlib

        importlib.import_module("matplotlib_inline.backend_inline")
    from matplotlib.figure import Figure as _Figure

    formatters = shell.display_formatter.formatters
    chosen: dict[int, tuple[str, Any, dict[str, Any]]] = {}

    def rendered(fig: _Figure) -> tuple[str, Any, dict[str, Any]]:
        key = id(fig)
        if key not in chosen:
            chosen.clear()  # one figure at a time: the SVG and PNG formatters ask in turn
            chosen[key] = figure_output(fig)
        return chosen[key]

    def as_format(mime: str) -> Callable[[_Figure], Any]:
        def format_figure(fig: _Figure) -> Any:
            kind, data, metadata = rendered(fig)
            if kind != mime:
                return None
            return (data, metadata) if metadata else data
        return format_figure

    formatters["image/svg+xml"].for_type(_Figure, as_format("image/svg+xml"))
    formatters["image/png"].for_type(_Figure, as_format("image/png"))
    try:  # tables: never cut a cell with "..." (the page wraps long cells instead)
        import pandas as pd

        pd.set_option("display.max_colwidth", None)
    except ImportError:
        pass
    return True


use_reading_formats()  # figures a chapter shows after importing the helpers


def legend_problems(fig: Figure) -> list[str]:
    """List the legends of ``fig`` that cover data, and the entries nobody can see.

    A legend covers data if a line, bar, marker or filled area of its axes
    (shading behind the plot, at ``zorder`` < 1, excepted) crosses its box. An
    entry is invisible if its series draws nothing in view (no point inside
    the axes, or bars all under one pixel tall).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 1], label="rising")
    >>> _ = ax.bar([0.5], [0.0], label="nothing")
    >>> _ = ax.legend(loc="upper left")
    >>> legend_problems(fig)
    ["axes 0: legend entry 'nothing' shows nothing"]
    >>> plt.close(fig)
    """
    import numpy as np
    from matplotlib.container import BarContainer

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    problems = []
    for index, ax in enumerate(fig.axes):
        legend = ax.get_legend()
        if legend is None:
            continue
        box = legend.get_window_extent(renderer).expanded(0.97, 0.9)
        view = ax.bbox
        covered = False
        for line in ax.lines:
            if line.get_zorder() >= 1 and line.get_visible():
                path = line.get_transform().transform_path(line.get_path())
                covered |= path.intersects_bbox(box, filled=False)
        for patch in ax.patches:
            if patch.get_zorder() >= 1 and patch.get_visible():
                covered |= patch.get_window_extent(renderer).overlaps(box)
        for collection in ax.collections:
            if collection.get_zorder() >= 1 and collection.get_visible():
                transform = collection.get_transform()
                offsets = collection.get_offset_transform().transform(collection.get_offsets())
                covered |= any(box.contains(x, y) for x, y in offsets)
                covered |= any(transform.transform_path(p).intersects_bbox(box)
                               for p in collection.get_paths()
                               if not collection.get_offsets().size)
        if covered:
            problems.append(f"axes {index}: the legend covers data")
        labels = {t.get_text() for t in legend.get_texts()}
        for container in ax.containers:
            if isinstance(container, BarContainer) and container.get_label() in labels:
                heights = [p.get_window_extent(renderer).height for p in container.patches
                           if p.get_window_extent(renderer).overlaps(view)]
                if not heights or max(heights) < 1:
                    problems.append(f"axes {index}: legend entry {container.get_label()!r} "
                                    "shows nothing")
        for line in ax.lines:
            if line.get_label() in labels:
                xy = line.get_transform().transform(line.get_xydata())  # units converted
                inside = [view.contains(x, y) for x, y in xy if np.isfinite([x, y]).all()]
                if not any(inside):
                    problems.append(f"axes {index}: legend entry {line.get_label()!r} "
                                    "shows nothing")
    return problems
