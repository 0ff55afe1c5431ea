"""Page weight of the built book: what a reader downloads for one page.

A page's weight is its own HTML file, inline content included (inline SVG
charts, maps in ``<iframe srcdoc>``), uncompressed and gzipped. Shared theme
assets (``_static/``) are excluded: a reader's browser caches them once for
the whole book. CDN libraries (Leaflet...) and map tiles are not in the page.
Figures the page links from ``_images/`` are reported separately.

Used by ``tests/test_page_weight.py`` (the budgets are asserted) and
``benchmarks/run.py`` (the figures are printed). Run
``python -m booktools.page_weight _build/html`` for a table.
"""

from __future__ import annotations

import gzip
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

#: Budgets (bytes, decimal units): a page uncompressed, a page gzipped, one map.
PAGE_RAW_BUDGET = 1_000_000
PAGE_GZIP_BUDGET = 150_000
MAP_RAW_BUDGET = 200_000

_IFRAME = re.compile(r"<iframe\b[^>]*>", re.S | re.I)
_IMG_SRC = re.compile(r"<img\b[^>]*?\bsrc=\"([^\"]+)\"", re.S | re.I)


@dataclass(frozen=True)
class PageWeight:
    """The weight of one built page.

    Attributes
    ----------
    page : str
        Path relative to the site root (``chapters/intro.html``).
    raw : int
        Bytes of the HTML file.
    gzip : int
        Bytes of the HTML file gzipped (level 6, as web servers do).
    maps : tuple of int
        Bytes of each folium map on the page (its ``<iframe srcdoc>`` element).
    images : int
        Bytes of the distinct local images the page links outside ``_static/``.
    """

    page: str
    raw: int
    gzip: int
    maps: tuple[int, ...]
    images: int

    @property
    def within_budget(self) -> bool:
        """True if the page and each of its maps are within their budgets."""
        return (self.raw <= PAGE_RAW_BUDGET and self.gzip <= PAGE_GZIP_BUDGET
                and all(m <= MAP_RAW_BUDGET for m in self.maps))


def gzip_size(data: bytes) -> int:
    """Return the size of ``data`` gzipped at level 6, deterministically (no timestamp).

    Examples
    --------
    >>> gzip_size(b"a" * 10_000) < 100
    True
    """
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def map_fragments(html_text: str) -> list[str]:
    """Return the ``<iframe>`` tags of ``html_text`` that hold a folium map.

    Folium maps (``helpers.viz.maps`` and folium's own notebook output) are
    written as an ``<iframe srcdoc="...">`` whose document contains a
    ``folium-map`` element; the tag, with its document, is what the map adds to
    the page.

    Examples
    --------
    >>> page = '<p>x</p><iframe srcdoc="&lt;div class=&quot;folium-map&quot;&gt;"></iframe>'
    >>> [len(f) for f in map_fragments(page)]
    [58]
    >>> map_fragments('<iframe src="video.html"></iframe>')
    []
    """
    return [m.group(0) for m in _IFRAME.finditer(html_text)
            if "srcdoc=" in m.group(0) and "folium-map" in m.group(0)]


def _local_images(html_text: str, page: Path, root: Path) -> list[Path]:
    found: list[Path] = []
    for src in _IMG_SRC.findall(html_text):
        parts = urlsplit(src)
        if parts.scheme or parts.netloc or src.startswith("data:"):
            continue
        target = (page.parent / unquote(parts.path)).resolve()
        if (target.is_file() and target.is_relative_to(root.resolve())
                and "_static" not in target.relative_to(root.resolve()).parts
                and target not in found):
            found.append(target)
    return found


def page_weight(page: Path, root: Path) -> PageWeight:
    """Measure one built page.

    Parameters
    ----------
    page : pathlib.Path
        An ``.html`` file of the site.
    root : pathlib.Path
        The site root (``_build/html``).

    Returns
    -------
    PageWeight

    Raises
    ------
    FileNotFoundError
        If ``page`` is not a file.
    ValueError
        If ``page`` is not an ``.html`` file inside ``root``.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp()); _ = (root / "a.html").write_text("<p>hello</p>")
    >>> w = page_weight(root / "a.html", root)
    >>> (w.page, w.raw, w.maps)
    ('a.html', 12, ())
    """
    page, root = Path(page), Path(root)
    if not page.is_file():
        raise FileNotFoundError(f"No page at {page}: build the book first (make book).")
    if page.suffix != ".html" or not page.resolve().is_relative_to(root.resolve()):
        raise ValueError(f"{page} is not an .html page inside the site {root}.")
    data = page.read_bytes()
    text = data.decode("utf-8", errors="replace")
    maps = tuple(len(fragment.encode("utf-8")) for fragment in map_fragments(text))
    images = sum(p.stat().st_size for p in _local_images(text, page, root))
    return PageWeight(page.relative_to(root).as_posix(), len(data), gzip_size(data), maps, images)


def site_pages(root: Path) -> list[Path]:
    """Every HTML page of the site, sorted, outside ``_static/`` and ``_sources/``.

    Raises
    ------
    FileNotFoundError
        If ``root`` is not a folder or holds no page.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp()); _ = (root / "index.html").write_text("x")
    >>> [p.name for p in site_pages(root)]
    ['index.html']
    """
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"No site at {root}: build the book first (make book).")
    pages = sorted(p for p in root.rglob("*.html")
                   if not p.relative_to(root).parts[0].startswith(("_static", "_sources")))
    if not pages:
        raise FileNotFoundError(f"No .html page in {root}: build the book first (make book).")
    return pages


def site_weights(root: Path) -> list[PageWeight]:
    """Measure every page of the site (see :func:`site_pages`).

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp()); _ = (root / "index.html").write_text("x")
    >>> [w.raw for w in site_weights(root)]
    [1]
    """
    return [page_weight(p, root) for p in site_pages(root)]


def folder_size(root: Path) -> int:
    """Total bytes of every file under ``root``.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp()); _ = (root / "a").write_bytes(b"123")
    >>> folder_size(root)
    3
    """
    return sum(p.stat().st_size for p in Path(root).rglob("*") if p.is_file())


def format_table(weights: list[PageWeight]) -> str:
    """Return a plain-text table of page weights against the budgets.

    Examples
    --------
    >>> table = format_table([PageWeight("a.html", 2000, 900, (), 0)])
    >>> table.splitlines()[1].split()
    ['a.html', '2.0', '0.9', '-', '0.0', 'ok']
    """
    rows = [("page", "raw KB", "gzip KB", "maps KB", "images KB", "status")]
    for w in weights:
        maps = "+".join(f"{m / 1000:.1f}" for m in w.maps) or "-"
        rows.append((w.page, f"{w.raw / 1000:.1f}", f"{w.gzip / 1000:.1f}", maps,
                     f"{w.images / 1000:.1f}", "ok" if w.within_budget else "OVER BUDGET"))
    width = max(len(r[0]) for r in rows)
    return "\n".join(
        f"{r[0]:<{width}}  {r[1]:>7}  {r[2]:>8}  {r[3]:>8}  {r[4]:>10}   {r[5]}" for r in rows
    )


def main(argv: list[str] | None = None) -> int:
    """Print the page weights of a built site (default ``_build/html``)."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path("_build/html")
    weights = site_weights(root)
    print(format_table(weights))
    print(f"budgets: page <= {PAGE_RAW_BUDGET / 1000:.0f} KB raw and "
          f"<= {PAGE_GZIP_BUDGET / 1000:.0f} KB gzipped; map <= {MAP_RAW_BUDGET / 1000:.0f} KB")
    print(f"site total: {folder_size(root) / 1e6:.2f} MB")
    return 0 if all(w.within_budget for w in weights) else 1


if __name__ == "__main__":
    sys.exit(main())
