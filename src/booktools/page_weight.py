"""Page weight of the built book: what a reader downloads for one page.

A page's weight is its own HTML file, inline content included (inline SVG
charts, maps in ``<iframe srcdoc>``), uncompressed and gzipped. Shared theme
assets (``_static/``) are excluded: a reader's browser caches them once for
the whole book. CDN libraries (Leaflet...) and map tiles are not in the page.
Figures the page links from ``_images/`` are reported separately, and
together with the HTML as the page's **transfer**: HTML (maps inline) plus its
images, each as a web server sends it (text gzipped, PNG/JPEG as they are).

A **first visit** (:func:`first_visit`, in Chromium) adds what a reader with an
empty cache fetches besides: the theme's assets (``_static/``, the search
index) and the map libraries from CDNs; map tiles are counted, not weighed.

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
from typing import Any
from urllib.parse import unquote, urlsplit

#: Budgets (bytes, decimal units): a page uncompressed, a page gzipped, one map.
PAGE_RAW_BUDGET = 1_000_000
PAGE_GZIP_BUDGET = 150_000
MAP_RAW_BUDGET = 200_000
#: Budgets of issue 16: a page's transfer (HTML + images + maps, gzipped, theme
#: excluded) and a first visit (theme and map libraries included).
PAGE_TRANSFER_BUDGET = 150_000
FIRST_VISIT_BUDGET = 1_500_000

#: Formats a web server does not compress again.
_COMPRESSED = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2", ".ico")

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
    images_sent : int
        The same images as a web server sends them (SVG gzipped, PNG as is).
    """

    page: str
    raw: int
    gzip: int
    maps: tuple[int, ...]
    images: int
    images_sent: int = 0

    @property
    def transfer(self) -> int:
        """Bytes a reader downloads for this page: HTML (maps inline) + images, as sent."""
        return self.gzip + self.images_sent

    @property
    def within_budget(self) -> bool:
        """True if the page, its transfer and each of its maps are within their budgets."""
        return (self.raw <= PAGE_RAW_BUDGET and self.gzip <= PAGE_GZIP_BUDGET
                and self.transfer <= PAGE_TRANSFER_BUDGET
                and all(m <= MAP_RAW_BUDGET for m in self.maps))


def sent_size(data: bytes, name: str) -> int:
    """Return the bytes a web server sends for a file: gzipped, unless already compressed.

    Examples
    --------
    >>> sent_size(b"<svg>" + b" " * 1000 + b"</svg>", "a.svg") < 100
    True
    >>> sent_size(bytes(1000), "a.png")
    1000
    """
    if name.lower().endswith(_COMPRESSED):
        return len(data)
    return gzip_size(data)


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
    >>> (w.page, w.raw, w.maps, w.transfer == w.gzip)
    ('a.html', 12, (), True)
    """
    page, root = Path(page), Path(root)
    if not page.is_file():
        raise FileNotFoundError(f"No page at {page}: build the book first (make book).")
    if page.suffix != ".html" or not page.resolve().is_relative_to(root.resolve()):
        raise ValueError(f"{page} is not an .html page inside the site {root}.")
    data = page.read_bytes()
    text = data.decode("utf-8", errors="replace")
    maps = tuple(len(fragment.encode("utf-8")) for fragment in map_fragments(text))
    linked = _local_images(text, page, root)
    images = sum(p.stat().st_size for p in linked)
    sent = sum(sent_size(p.read_bytes(), p.name) for p in linked)
    return PageWeight(page.relative_to(root).as_posix(), len(data), gzip_size(data), maps, images,
                      sent)


def site_pages(root: Path) -> list[Path]:
    """Every HTML page of the site, sorted, outside any ``_static/`` or ``_sources/`` folder.

    Raises
    ------
    FileNotFoundError
        If ``root`` is not a folder or holds no page.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp()); _ = (root / "index.html").write_text("x")
    >>> (root / "es" / "_static").mkdir(parents=True)
    >>> _ = (root / "es" / "_static" / "webpack-macros.html").write_text("x")
    >>> _ = (root / "es" / "index.html").write_text("x")
    >>> [p.relative_to(root).as_posix() for p in site_pages(root)]
    ['es/index.html', 'index.html']
    """
    root = Path(root)
    if not root.is_dir():
        raise FileNotFoundError(f"No site at {root}: build the book first (make book).")
    # theme templates and page sources are no pages, at any depth (es/_static/...)
    pages = sorted(p for p in root.rglob("*.html")
                   if not any(part.startswith(("_static", "_sources"))
                              for part in p.relative_to(root).parts))
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
    ['a.html', '2.0', '0.9', '-', '0.0', '0.9', 'ok']
    """
    rows = [("page", "raw KB", "gzip KB", "maps KB", "images KB", "transfer KB", "status")]
    for w in weights:
        maps = "+".join(f"{m / 1000:.1f}" for m in w.maps) or "-"
        rows.append((w.page, f"{w.raw / 1000:.1f}", f"{w.gzip / 1000:.1f}", maps,
                     f"{w.images / 1000:.1f}", f"{w.transfer / 1000:.1f}",
                     "ok" if w.within_budget else "OVER BUDGET"))
    width = max(len(r[0]) for r in rows)
    return "\n".join(
        f"{r[0]:<{width}}  {r[1]:>7}  {r[2]:>8}  {r[3]:>8}  {r[4]:>10}  {r[5]:>11}   {r[6]}"
        for r in rows
    )


@dataclass(frozen=True)
class FirstVisit:
    """What Chromium fetched to show one page to a reader with an empty cache.

    Attributes
    ----------
    page : str
        Path relative to the site root.
    page_bytes : int
        The page itself: its HTML and its ``_images/``, as sent (gzipped text).
    theme_bytes : int
        The theme's assets (``_static/``, ``searchindex.js``), as sent.
    cdn_bytes : int
        Libraries the maps load from CDNs (Leaflet, jQuery...), as sent; 0
        without maps.
    tiles : int
        Map tile requests (not weighed: the tests answer them with a 1-pixel
        PNG).
    files : tuple of (str, int)
        Every file fetched and its bytes as sent, heaviest first.
    """

    page: str
    page_bytes: int
    theme_bytes: int
    cdn_bytes: int
    tiles: int
    files: tuple[tuple[str, int], ...]

    @property
    def total(self) -> int:
        """Bytes of the whole first visit (page, theme, map libraries)."""
        return self.page_bytes + self.theme_bytes + self.cdn_bytes


def first_visit(browser: Any, mirror: Any, base: str, page: str) -> FirstVisit:
    """Load ``page`` in a fresh Chromium context and weigh everything it fetched.

    Parameters
    ----------
    browser : playwright.sync_api.Browser
        From :func:`booktools.browser.launch`.
    mirror : booktools.browser.CdnMirror
        Answers the CDN requests of the maps from local npm copies.
    base : str
        The served site (:func:`booktools.browser.serve`).
    page : str
        Path of the page relative to the site root.

    Returns
    -------
    FirstVisit
        Sizes as a web server sends them (:func:`sent_size`).
    """
    from booktools.browser import open_page, visit

    fetched: dict[str, int] = {}
    tiles = 0
    opened, record = open_page(browser, mirror, base)

    def weigh(response: Any) -> None:
        nonlocal tiles
        url = response.url
        if url.startswith("data:") or url in fetched or response.status >= 300:
            return
        if not url.startswith(base) and mirror.resolve(url).kind == "tile":
            tiles += 1
            return
        try:
            body = response.body()
        except Exception:  # a response without a body (aborted, redirected)
            return
        fetched[url] = sent_size(body, urlsplit(url).path)

    opened.on("response", weigh)
    try:
        visit(opened, record, base + page)
        opened.wait_for_load_state("networkidle")
    finally:
        opened.context.close()
    page_bytes = theme_bytes = cdn_bytes = 0
    for url, size in fetched.items():
        if not url.startswith(base):
            cdn_bytes += size
        elif "/_static/" in url or urlsplit(url).path.endswith("/searchindex.js"):
            theme_bytes += size
        else:
            page_bytes += size
    files = tuple(sorted(((u.removeprefix(base), n) for u, n in fetched.items()),
                         key=lambda item: -item[1]))
    return FirstVisit(page, page_bytes, theme_bytes, cdn_bytes, tiles, files)


def main(argv: list[str] | None = None) -> int:
    """Print the page weights of a built site (default ``_build/html``)."""
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path("_build/html")
    weights = site_weights(root)
    print(format_table(weights))
    print(f"budgets: page <= {PAGE_RAW_BUDGET / 1000:.0f} KB raw and "
          f"<= {PAGE_GZIP_BUDGET / 1000:.0f} KB gzipped; transfer (HTML + images + maps, "
          f"as sent) <= {PAGE_TRANSFER_BUDGET / 1000:.0f} KB; "
          f"map <= {MAP_RAW_BUDGET / 1000:.0f} KB")
    print(f"site total: {folder_size(root) / 1e6:.2f} MB")
    return 0 if all(w.within_budget for w in weights) else 1


if __name__ == "__main__":
    sys.exit(main())
