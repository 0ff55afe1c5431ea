"""A Sphinx extension for reading on a phone and on a slow connection (issue 16).

* **Navigation.** ``static/kingpin-reading.js`` makes the visible ☰ and
  "contents" buttons open the table of contents and the page outline (see the
  script for the cause: pydata-sphinx-theme binds the first ``.primary-toggle``,
  a hidden header button under sphinx-book-theme). The same script marks wide
  boxes that scroll sideways (``_static/reading.css`` fades their edge).
* **Theme weight.** A first visit loaded about 2.5 MB of theme assets, 1.49 MB
  of it Font Awesome's SVG-replacement script, which the pages do not need:
  pydata-sphinx-theme's stylesheet already draws every icon from Font Awesome's
  web fonts. The extension

  - leaves ``fontawesome.js`` out of every page (:func:`slim_page`);
  - leaves Sphinx's search scripts and the whole search index out of every page
    but ``search.html`` when search-as-you-type is off (the theme loads them
    everywhere; its search box sends the reader to ``search.html``), which
    also lets Sphinx highlight the searched words on the page a result opens;
  - sandboxes inline documents (folium's own maps) that are not;
  - leaves sphinx-design's stylesheet and script out of pages that use none of
    its components (none does today);
  - after the build, subsets the three icon fonts to the icons the pages,
    the theme's scripts and its stylesheets use (about 40 of 2,000), writes
    them as WOFF files with ``kingpin-icons.css`` declaring them after the
    theme's own ``@font-face`` rules (the last declaration wins, so the big
    fonts are never fetched), and drops the unused icon classes from
    pydata-sphinx-theme's stylesheet (:func:`slim_icon_css`).

  ``booktools.page_weight`` measures the result (``make bench``).

Enabled in ``_config.yml`` under ``sphinx.extra_extensions``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

#: This extension's own static files (copied to ``_static/``).
STATIC = Path(__file__).resolve().parent / "static"

#: Icon fonts of pydata-sphinx-theme (TrueType sources in the output's
#: ``_static/vendor/fontawesome/webfonts``) -> CSS family and weight.
ICON_FONTS: dict[str, tuple[str, int]] = {
    "fa-solid-900": ("Font Awesome 6 Free", 900),
    "fa-regular-400": ("Font Awesome 6 Free", 400),
    "fa-brands-400": ("Font Awesome 6 Brands", 400),
}
ICONS_CSS = "kingpin-icons.css"
ICONS_DIR = "kingpin-icons"

_FONTAWESOME_JS = re.compile(r'[ \t]*<script\b[^>]*\bsrc="[^"]*scripts/fontawesome\.js[^"]*"[^>]*>'
                             r"\s*</script>\n?")
_SEARCH_JS = re.compile(r'[ \t]*<script\b[^>]*\bsrc="[^"]*(?:_static/searchtools\.js|'
                        r'_static/language_data\.js|searchindex\.js)[^"]*"[^>]*>\s*</script>\n?')
#: An ``<iframe srcdoc=...>`` (a folium map) with no ``sandbox`` attribute.
_UNSANDBOXED = re.compile(r"<iframe(?=\s)(?![^>]*\ssandbox=)(?=[^>]*\ssrcdoc=)", re.I)
_ICON_NAME = re.compile(r"\bfa-[a-z0-9]+(?:-[a-z0-9]+)*\b")
_CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_ICON_SELECTOR = re.compile(r"\.(fa-[a-z0-9-]+):(?:before|after)")
_CODEPOINT = re.compile(r"\\([0-9a-fA-F]{4,6})")


def add_static_path(app: Any) -> None:
    """Add this package's ``static`` folder to ``html_static_path`` (once)."""
    if str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC))


# -- theme weight ----------------------------------------------------------------------


def slim_page(html: str, pagename: str, search_as_you_type: bool = False) -> str:
    r"""Remove the theme's scripts a page does not need from its HTML.

    Font Awesome's script always goes; Sphinx's search scripts and index stay
    only on the search page (or everywhere with search-as-you-type). An inline
    document (``<iframe srcdoc>``: folium's own maps; ``helpers.viz.maps`` sets
    it itself) without a ``sandbox`` gets ``sandbox="allow-scripts"``: its
    scripts run, without the book page's rights.

    Examples
    --------
    >>> head = ('<script defer src="../_static/scripts/fontawesome.js?digest=1"></script>\n'
    ...         '<script src="../_static/searchtools.js"></script>\n'
    ...         '<script src="../_static/language_data.js"></script>\n'
    ...         '<script src="../searchindex.js"></script>\n<p>text</p>')
    >>> slim_page(head, "chapters/intro")
    '<p>text</p>'
    >>> slim_page(head, "search").count("<script")
    3
    >>> slim_page('<iframe srcdoc="&lt;p&gt;" style="x"></iframe>', "a")
    '<iframe sandbox="allow-scripts" srcdoc="&lt;p&gt;" style="x"></iframe>'
    >>> slim_page('<iframe sandbox="" srcdoc="x"></iframe>', "a")
    '<iframe sandbox="" srcdoc="x"></iframe>'
    """
    html = _FONTAWESOME_JS.sub("", html)
    html = _UNSANDBOXED.sub('<iframe sandbox="allow-scripts"', html)
    if pagename != "search" and not search_as_you_type:
        html = _SEARCH_JS.sub("", html)
    return html


def _slim_rendering(app: Any) -> None:
    """Wrap the HTML builder's template rendering with :func:`slim_page`."""
    templates = getattr(app.builder, "templates", None)
    if app.builder.format != "html" or templates is None or getattr(
            templates.render, "_kingpin_slim", False):
        return
    render = templates.render

    def slim_render(template: str, context: dict[str, Any]) -> str:
        html = render(template, context)
        if not template.endswith(".html"):
            return html
        as_you_type = str(context.get("theme_search_as_you_type", "")).lower() == "true"
        return slim_page(html, context.get("pagename", ""), as_you_type)

    slim_render._kingpin_slim = True  # type: ignore[attr-defined]
    templates.render = slim_render


def _drop_unused_design(app: Any, pagename: str, templatename: str, context: dict[str, Any],
                        doctree: Any) -> None:
    """Leave sphinx-design's assets out of a page that uses none of its components."""
    body = context.get("body")
    if not isinstance(body, str) or re.search(r'class="[^"]*\bsd-', body):
        return
    for key, unused in (("css_files", "sphinx-design"), ("script_files", "design-tabs.js")):
        files = context.get(key)
        if isinstance(files, list):
            context[key] = [f for f in files if unused not in str(getattr(f, "filename", f))]


def icon_names(texts: Iterable[str]) -> set[str]:
    """Return the Font Awesome class names (``fa-bars``...) found in some HTML or JavaScript.

    Examples
    --------
    >>> sorted(icon_names(['<i class="fa-solid fa-bars fa-lg"></i>', 'x.classList = "fa-xmark"']))
    ['fa-bars', 'fa-lg', 'fa-solid', 'fa-xmark']
    """
    names: set[str] = set()
    for text in texts:
        names.update(_ICON_NAME.findall(text))
    return names


def slim_icon_css(css: str, used: set[str]) -> tuple[str, set[int]]:
    r"""Drop the icon classes nobody uses from a stylesheet; return it and the glyphs still needed.

    A rule whose selectors are all ``.fa-NAME:before`` (Font Awesome's class
    map) is kept if one of its names is used; every other rule is kept as is.
    The glyphs are the code points of the kept class-map rules and every
    private-use character elsewhere, escaped (``"\fXXX"``) or not: the icons
    the theme sets from CSS (``--pst-icon-bell`` for admonitions, external
    links...).

    Examples
    --------
    >>> css = ('.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}'
    ...        '.fa-ad:before{content:"\\f641"}:root{--pst-icon-info:"\\f05a";'
    ...        '--pst-icon-bell:"\uf0f3"}')
    >>> slim, glyphs = slim_icon_css(css, {"fa-bars"})
    >>> ".fa-ad" in slim, ".fa-bars" in slim
    (False, True)
    >>> sorted(hex(g) for g in glyphs)
    ['0xf05a', '0xf0c9', '0xf0f3']
    """
    glyphs: set[int] = set()

    def rule(match: re.Match[str]) -> str:
        selectors, body = match.group(1), match.group(2)
        parts = [s.strip() for s in selectors.split(",")]
        names = [_ICON_SELECTOR.fullmatch(p) for p in parts]
        if all(names) and body.strip().startswith("content:"):
            if not used.intersection(n.group(1) for n in names if n):
                return ""
        glyphs.update(int(cp, 16) for cp in _CODEPOINT.findall(body)
                      if 0xE000 <= int(cp, 16) <= 0xF8FF)
        glyphs.update(ord(c) for c in body if 0xE000 <= ord(c) <= 0xF8FF)  # written as is
        return match.group(0)

    return _CSS_RULE.sub(rule, css), glyphs


def subset_icon_fonts(static: Path, glyphs: set[int]) -> str:
    """Write the icon fonts cut down to ``glyphs`` as WOFF under ``static``; return their CSS.

    Parameters
    ----------
    static : pathlib.Path
        The site's ``_static`` folder (with the theme's ``vendor/fontawesome``).
    glyphs : set of int
        Unicode code points to keep.

    Returns
    -------
    str
        ``@font-face`` rules for the subsets (empty if the theme has no fonts).
    """
    from fontTools import subset

    source = static / "vendor" / "fontawesome" / "webfonts"
    (static / ICONS_DIR).mkdir(exist_ok=True)
    rules = []
    for name, (family, weight) in ICON_FONTS.items():
        ttf = source / f"{name}.ttf"
        if not ttf.is_file():
            continue
        options = subset.Options()
        options.flavor = "woff"  # zlib: WOFF2 would need brotli
        options.layout_features = ["*"]
        options.name_IDs = ["*"]
        font = subset.load_font(str(ttf), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(glyphs))
        subsetter.subset(font)
        subset.save_font(font, str(static / ICONS_DIR / f"{name}.woff"), options)
        rules.append(
            f'@font-face {{ font-family: "{family}"; font-style: normal; font-weight: {weight}; '
            f'font-display: block; src: url("{ICONS_DIR}/{name}.woff") format("woff"); }}')
    return "\n".join(rules) + ("\n" if rules else "")


def slim_icons(outdir: Path) -> dict[str, int]:
    """Subset the icon fonts and the theme's icon classes of a built site, in place.

    Returns the number of icon names used and glyphs kept.
    """
    static = outdir / "_static"
    pages = [p.read_text(encoding="utf-8", errors="replace") for p in outdir.rglob("*.html")
             if "_static" not in p.relative_to(outdir).parts]
    scripts = [p.read_text(encoding="utf-8", errors="replace") for p in static.rglob("*.js")
               if p.name != "fontawesome.js" and p.stat().st_size < 2_000_000]
    used = icon_names(pages + scripts)
    glyphs: set[int] = set()
    for css_file in static.rglob("*.css"):
        if css_file.parent.name == ICONS_DIR or css_file.name == ICONS_CSS:
            continue
        css = css_file.read_text(encoding="utf-8")
        if ".fa-bars:before" in css:  # the stylesheet that holds Font Awesome's class map
            css, found = slim_icon_css(css, used)
            css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/", "", css)
            css_file.write_text(css, encoding="utf-8")
        else:
            _, found = slim_icon_css(css, set())
        glyphs |= found
    (static / ICONS_CSS).write_text(
        "/* Icon fonts cut down to the icons this book uses (booktools.reading). */\n"
        + subset_icon_fonts(static, glyphs), encoding="utf-8")
    return {"icons": len(used), "glyphs": len(glyphs)}


def _slim_icons_after_build(app: Any, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        slim_icons(Path(app.outdir))


def setup(app: Any) -> dict[str, Any]:
    """Register the scripts, stylesheet and theme slimming (Sphinx extension entry point)."""
    app.connect("builder-inited", add_static_path)
    app.connect("builder-inited", _slim_rendering)
    app.connect("html-page-context", _drop_unused_design)
    app.connect("build-finished", _slim_icons_after_build)
    # deferred in <head>: runs before the themes' deferred scripts bind their handlers
    app.add_js_file("kingpin-reading.js", loading_method="defer")
    # after the theme's stylesheets: its @font-face rules win (written after the build)
    app.add_css_file(ICONS_CSS, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
