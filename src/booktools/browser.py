"""Open the built book in headless Chromium, offline, as a reader would.

Used by the browser tests (``tests/browser``) and the benchmarks. Three parts:

* :class:`CdnMirror` answers requests to public CDNs (Leaflet, jQuery,
  Bootstrap, d3, require.js, the Jupyter widget manager...) from the npm
  packages installed by ``make browser-deps`` into ``tests/browser/node_modules``
  (never committed), answers map tiles with a transparent PNG and blocks, and
  records, every other external request.
* :func:`serve` serves a folder (``_build/html``) on 127.0.0.1 in a thread.
* :func:`launch` starts Debian's ``/usr/bin/chromium`` through Playwright.

Playwright is a test dependency: it is imported only inside :func:`launch`.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.server
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from helpers.reference.paths import REPO_ROOT

#: Debian's Chromium (installed by ``.ci/run`` with apt).
CHROMIUM = Path("/usr/bin/chromium")

#: Flags that keep Chromium quiet on a machine without internet. The last one keeps
#: sandboxed iframes (the maps: ``sandbox="allow-scripts"``) in the page's process:
#: Chromium otherwise isolates them in a process whose requests Playwright's routing
#: does not see, so the maps' CDN scripts would miss the local mirror.
CHROMIUM_FLAGS: tuple[str, ...] = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-quic", "--disable-sync",
    "--disable-features=IsolateSandboxedIframes",
)

#: Where ``make browser-deps`` installs the npm packages (``tests/browser/package.json``).
NODE_MODULES = REPO_ROOT / "tests" / "browser" / "node_modules"

#: A 1x1 transparent PNG, the answer to every map tile request.
TRANSPARENT_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)

_TILE_PATH = re.compile(r"/\d+/\d+/\d+(@2x)?\.(png|jpe?g|webp|pbf)$")
_TILE_HOSTS = ("tile.openstreetmap.org", "basemaps.cartocdn.com", "arcgisonline.com",
               "tiles.stadiamaps.com", "tile.opentopomap.org")

#: cdnjs library folder -> (npm package, file inside the package for ``{file}``).
_CDNJS: dict[str, tuple[str, str]] = {
    "jquery": ("jquery", "dist/{file}"),
    "require.js": ("requirejs", "require.js"),
    "d3": ("d3", "{file}"),
    "topojson": ("topojson", "{file}"),
    "moment.js": ("moment", "min/{file}"),
    "Leaflet.awesome-markers": ("leaflet.awesome-markers", "dist/{file}"),
}

#: Versions served although the CDN asks for another one, with the reason.
SUBSTITUTES: dict[tuple[str, str], tuple[str, str]] = {
    ("leaflet.awesome-markers", "2.0.2"): (
        "2.0.5", "cdnjs's 2.0.2 was never published on npm; 2.0.5 has the same dist files"),
}

#: Stylesheets that folium links by default and that no npm package carries:
#: answered with an empty stylesheet (URL prefix -> reason).
EMPTY_STYLESHEETS: dict[str, str] = {
    "https://netdna.bootstrapcdn.com/bootstrap/3.0.0/css/bootstrap-glyphicons.css":
        "Bootstrap 3.0.0's separate glyphicons file is not on npm; folium links it by default "
        "and the book's maps use no glyphicons",
    "https://cdn.jsdelivr.net/gh/python-visualization/folium/folium/templates/"
    "leaflet.awesome.rotate.min.css":
        "a file of folium's GitHub repository, not of an npm package; only rotates "
        "awesome-markers icons, which the book's maps do not use",
}


@dataclass(frozen=True)
class Answer:
    """How :class:`CdnMirror` answers one request.

    Attributes
    ----------
    kind : str
        ``"file"`` (a local copy), ``"tile"`` (transparent PNG), ``"empty"``
        (empty stylesheet) or ``"blocked"``.
    path : pathlib.Path or None
        The local file for ``"file"``.
    note : str
        Why, for substitutes, empty answers and blocked requests.
    """

    kind: str
    path: Path | None = None
    note: str = ""


@dataclass
class CdnMirror:
    """Answer CDN requests from local npm packages; block and record the rest.

    Parameters
    ----------
    node_modules : pathlib.Path
        Folder filled by ``npm ci`` from ``tests/browser/package.json``.

    Examples
    --------
    >>> mirror = CdnMirror(NODE_MODULES)                      # doctest: +SKIP
    >>> mirror.resolve("https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js").kind
    ...                                                        # doctest: +SKIP
    'file'
    """

    node_modules: Path
    blocked: list[str] = field(default_factory=list)
    served: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not (self.node_modules / ".package-lock.json").is_file():
            raise FileNotFoundError(
                f"No npm packages in {self.node_modules}: run `make browser-deps` "
                "(npm ci in tests/browser) first."
            )

    @functools.cached_property
    def packages(self) -> dict[str, dict[str, Path]]:
        """Installed packages: ``{npm name: {version: folder}}`` (aliases and nested too)."""
        found: dict[str, dict[str, Path]] = {}

        def add(folder: Path) -> None:
            try:
                meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return
            name, version = meta.get("name"), meta.get("version")
            if isinstance(name, str) and isinstance(version, str):
                found.setdefault(name, {}).setdefault(version, folder)
            if (folder / "node_modules").is_dir():
                scan(folder / "node_modules")

        def scan(modules: Path) -> None:
            for child in sorted(modules.iterdir()):
                if child.name.startswith("@") and child.is_dir():
                    for sub in sorted(child.iterdir()):
                        add(sub)
                elif child.is_dir() and not child.name.startswith("."):
                    add(child)

        scan(self.node_modules)
        return found

    def package(self, name: str, spec: str | None) -> tuple[Path, str] | None:
        """Return the folder and note of the installed ``name`` matching version ``spec``.

        ``spec`` may be an exact version, a major (``"2"``), ``"latest"`` or None.
        """
        versions = self.packages.get(name, {})
        if spec in versions:
            return versions[spec], ""
        if (name, spec or "") in SUBSTITUTES:
            other, why = SUBSTITUTES[(name, spec or "")]
            if other in versions:
                return versions[other], f"{name}@{other} for {spec}: {why}"
        if spec is None or spec == "latest" or re.fullmatch(r"\d+(\.\d+)?", spec):
            candidates = [v for v in versions if spec in (None, "latest")
                          or v == spec or v.startswith(spec + ".")]
            if candidates:
                best = max(candidates, key=_version_key)
                return versions[best], f"{name}@{best} for {spec or 'unversioned'}"
        return None

    def _file(self, name: str, spec: str | None, inner: str) -> Answer:
        found = self.package(name, spec)
        if found is None:
            return Answer("blocked", note=f"npm package {name}@{spec} is not installed")
        folder, note = found
        if not inner:
            meta = json.loads((folder / "package.json").read_text(encoding="utf-8"))
            inner = next((meta[k] for k in ("jsdelivr", "unpkg", "browser", "main")
                          if isinstance(meta.get(k), str)), "index.js")
        candidates = [inner]
        if inner.endswith(".min.js"):  # jsdelivr minifies on the fly
            candidates.append(inner[: -len(".min.js")] + ".js")
        for candidate in candidates:
            path = (folder / candidate).resolve()
            if path.is_file() and path.is_relative_to(folder.resolve()):
                return Answer("file", path, note)
        return Answer("blocked", note=f"{inner} is not in {name}@{spec}")

    def resolve(self, url: str) -> Answer:
        """Decide how to answer a request for ``url`` (see :class:`Answer`)."""
        parts = urlsplit(url)
        host, path = parts.netloc.lower(), parts.path
        if any(host.endswith(h) for h in _TILE_HOSTS) or (
            _TILE_PATH.search(path) and "tile" in host
        ):
            return Answer("tile")
        for prefix, why in EMPTY_STYLESHEETS.items():
            if url.startswith(prefix):
                return Answer("empty", note=why)
        if host in ("cdn.jsdelivr.net", "unpkg.com"):
            rest = path.removeprefix("/npm/") if host == "cdn.jsdelivr.net" else path[1:]
            if host == "cdn.jsdelivr.net" and not path.startswith("/npm/"):
                return Answer("blocked", note="jsdelivr GitHub files are not npm packages")
            match = re.fullmatch(r"((?:@[^/@]+/)?[^/@]+)(?:@([^/]+))?/?(.*)", rest)
            if match:
                return self._file(match[1], match[2], match[3])
        if host == "cdnjs.cloudflare.com":
            match = re.fullmatch(r"/ajax/libs/([^/]+)/([^/]+)/(.+)", path)
            if match and match[1] in _CDNJS:
                name, inner = _CDNJS[match[1]]
                return self._file(name, match[2], inner.format(file=match[3]))
        if host == "code.jquery.com":
            match = re.fullmatch(r"/jquery-(\d+\.\d+\.\d+)(\.min)?\.js", path)
            if match:
                return self._file("jquery", match[1], f"dist/jquery{match[2] or ''}.js")
        if host == "d3js.org":
            match = re.fullmatch(r"/d3\.v(\d)(\.min)?\.js", path)
            if match:
                inner = "d3{}.js" if match[1] == "3" else "build/d3{}.js"
                return self._file("d3", match[1], inner.format(match[2] or ""))
        return Answer("blocked", note="no local copy for this host")

    def handler(self, record: list[str]) -> Any:
        """Return a Playwright route handler that answers from the mirror.

        Blocked requests are aborted and appended to ``record`` (and to
        :attr:`blocked`); the other answers are fulfilled locally.
        """

        def route(route: Any) -> None:
            url = route.request.url
            answer = self.resolve(url)
            headers = {"access-control-allow-origin": "*"}
            if answer.kind == "file":
                self.served.append(url)
                route.fulfill(path=str(answer.path), headers=headers)
            elif answer.kind == "tile":
                route.fulfill(status=200, body=TRANSPARENT_PNG, content_type="image/png",
                              headers=headers)
            elif answer.kind == "empty":
                route.fulfill(status=200, body="", content_type="text/css", headers=headers)
            else:
                record.append(f"{url} ({answer.note})")
                self.blocked.append(record[-1])
                route.abort("blockedbyclient")

        return route


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", version)[:3])


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    """Serve ``directory`` on a free port of 127.0.0.1 and yield its base URL.

    Examples
    --------
    >>> import tempfile, urllib.request
    >>> folder = Path(tempfile.mkdtemp()); _ = (folder / "a.txt").write_text("hi")
    >>> with serve(folder) as base:
    ...     urllib.request.urlopen(base + "a.txt").read()
    b'hi'
    """
    if not Path(directory).is_dir():
        raise FileNotFoundError(f"Nothing to serve: {directory} is not a folder (build the book).")
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def launch(playwright: Any, executable: Path = CHROMIUM) -> Any:
    """Launch Debian's Chromium headless through Playwright (no downloaded browser).

    Parameters
    ----------
    playwright : playwright.sync_api.Playwright
        From ``sync_playwright().start()``.
    executable : pathlib.Path
        The Chromium binary.

    Returns
    -------
    playwright.sync_api.Browser

    Examples
    --------
    >>> from playwright.sync_api import sync_playwright        # doctest: +SKIP
    >>> with sync_playwright() as p:                            # doctest: +SKIP
    ...     browser = launch(p)
    """
    if not Path(executable).is_file():
        raise FileNotFoundError(
            f"Chromium not found at {executable}: install Debian's package "
            "(`apt-get install chromium`, as .ci/run does)."
        )
    return playwright.chromium.launch(
        executable_path=str(executable), headless=True, args=list(CHROMIUM_FLAGS)
    )


#: JavaScript run in a frame: the state of every folium map in it.
MAPS_JS = """() => Array.from(document.querySelectorAll('.folium-map')).map(div => {
  const map = window[div.id], L = window.L;
  const codes = [], names = [];
  if (map && map.eachLayer && L) map.eachLayer(l => {
    if (l.feature && l instanceof L.Path) {
      const p = l.feature.properties || {};
      const code = [p.c, p.cve_ent, p.CVE_ENT, p.cvegeo, p.CVEGEO, l.feature.id].find(
          v => v !== undefined && v !== null);
      codes.push(code === undefined ? null : String(code));
      names.push([p.n, p.name, p.nombre, p.NOMGEO, p.nom_ent].find(v => v) || null);
    }
  });
  return {id: div.id, loaded: !!(map && map._loaded), features: codes.length, codes: codes,
          names: names, drawn: div.querySelectorAll('path.leaflet-interactive').length,
          sliders: document.querySelectorAll('input[type=range]').length};
})"""

#: JavaScript predicate: every folium map in the frame has drawn all its features.
MAPS_DRAWN_JS = "() => (" + MAPS_JS + ")().every(m => m.loaded && m.drawn >= m.features)"


@dataclass
class Visit:
    """What happened while one page loaded (see :func:`visit`).

    Attributes
    ----------
    url : str
        The page.
    errors : list of str
        Uncaught exceptions and console errors.
    blocked : list of str
        External requests that were aborted (no local copy).
    maps : list of dict
        Per folium map: ``id``, ``frame`` (index in ``page.frames``),
        ``features`` (polygon layers known to Leaflet), ``drawn`` (SVG paths),
        ``codes`` and ``names`` (of each feature, from its properties),
        ``sliders`` (range inputs in the map's frame).
    load_s : float
        Seconds from navigation to the ``load`` event.
    drawn_s : float or None
        Seconds from navigation until every map had drawn its polygons
        (None without maps).
    """

    url: str
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    maps: list[dict[str, Any]] = field(default_factory=list)
    load_s: float = 0.0
    drawn_s: float | None = None


def show_frame(frame: Any) -> None:
    """Scroll ``frame``'s ``<iframe>`` to the middle of the window and let it render.

    A map frame is sandboxed (``allow-scripts`` without ``allow-same-origin``),
    so it is cross-origin to the page: it may not scroll the page itself (a
    Playwright ``scroll_into_view_if_needed`` on an element inside it never
    settles), and Chromium skips rendering it while it is off-screen, so its
    layout is stale until it has drawn in view (and a map may then re-fit). This
    scrolls from the page and waits until the map's polygons have kept their
    places for three animation frames.
    """
    frame.frame_element().evaluate(
        "e => e.scrollIntoView({block: 'center', behavior: 'instant'})")
    frame.wait_for_function(_SETTLED_JS, polling="raf", timeout=10_000)


#: JavaScript predicate, polled once per animation frame: the polygons of the frame's
#: maps have not moved for three frames.
_SETTLED_JS = """() => {
  const where = Array.from(document.querySelectorAll('path.leaflet-interactive')).slice(0, 40)
    .map(p => { const b = p.getBoundingClientRect(); return [b.x, b.y, b.width].join(); }).join();
  const same = where === window.__kpWhere;
  window.__kpWhere = where;
  window.__kpSame = same ? (window.__kpSame || 0) + 1 : 0;
  return window.__kpSame >= 3;
}"""


def map_frames(page: Any) -> list[Any]:
    """Frames of ``page`` (main frame included) that contain a folium map."""
    found = []
    for frame in page.frames:
        with contextlib.suppress(Exception):
            if frame.evaluate("() => document.querySelectorAll('.folium-map').length") > 0:
                found.append(frame)
    return found


def open_page(browser: Any, mirror: CdnMirror, base: str) -> tuple[Any, Visit]:
    """Open a new page whose external requests go through ``mirror``.

    Returns the Playwright page and a :class:`Visit` that collects errors and
    blocked requests; navigate with :func:`visit`.
    """
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    record = Visit(url="")
    context.route(lambda url: not url.startswith(base), mirror.handler(record.blocked))
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("pageerror", lambda exc: record.errors.append(f"uncaught: {exc}"))
    page.on("console", lambda msg: record.errors.append(f"console.{msg.type}: {msg.text}")
            if msg.type == "error" else None)
    page.on("response", lambda response: record.errors.append(
        f"HTTP {response.status}: {response.url}") if response.status >= 400 else None)
    return page, record


def visit(page: Any, record: Visit, url: str) -> Visit:
    """Load ``url`` in ``page``, wait until its maps are drawn, fill ``record``.

    Examples
    --------
    >>> page, record = open_page(browser, mirror, base)       # doctest: +SKIP
    >>> visit(page, record, base + "chapters/intro.html").errors  # doctest: +SKIP
    []
    """
    import time

    record.url = url
    start = time.perf_counter()
    page.goto(url, wait_until="load")
    record.load_s = time.perf_counter() - start
    frames = map_frames(page)
    for frame in frames:
        frame.wait_for_function(MAPS_DRAWN_JS, polling="raf", timeout=15_000)
    if frames:
        record.drawn_s = time.perf_counter() - start
    record.maps = []
    for frame in frames:
        index = page.frames.index(frame)
        record.maps.extend(dict(m, frame=index) for m in frame.evaluate(MAPS_JS))
    return record
