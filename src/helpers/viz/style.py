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
    if isinstance(k, bool) or not isinstance(k, int) or k not in YLORRD:
        raise ValueError(f"k must be an integer from 3 to 9 (number of classes), got {k!r}.")
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
    drawn = []
    for i, term in enumerate(terms):
        end = term.end or end_default
        if dates:
            x0, x1 = mdates.date2num(term.start), mdates.date2num(end)
        else:
            x0, x1 = _year_fraction(term.start), _year_fraction(end + dt.timedelta(days=1))
        if x1 <= left or x0 >= right:
            continue
        ax.axvspan(max(x0, left), min(x1, right), color=TERM_SHADES[i % 2], zorder=0, lw=0)
        if label:
            middle = (max(x0, left) + min(x1, right)) / 2
            ax.text(middle, 1.0, term.short, transform=ax.get_xaxis_transform(),
                    ha="center", va="bottom", fontsize=8, color="#444444")
        drawn.append(term)
    ax.set_xlim(left, right)
    return drawn
