"""A Sphinx extension with two small fixes that the browser tests asked for.

1. Sphinx 7.4 writes every inline script added during the build twice
   (``Sphinx.add_js_file(None, body=...)`` reaches the HTML builder once as
   ``None`` and once as ``''``; fixed upstream in Sphinx 8.2, which Jupyter Book
   1.0 cannot use). The second copy of sphinx-thebe's
   ``const THEBE_JS_URL = ...`` throws "Identifier 'THEBE_JS_URL' has already
   been declared" on every page. :func:`setup` makes the builder store ``''``.
2. docutils writes bibliographies as ``<div role="list">`` of
   ``role="doc-biblioentry"`` items, a deprecated role that assistive
   technology and axe-core do not accept as a list item (a critical
   "aria-required-children" violation). :func:`fix_citation_roles` writes
   ``role="listitem"`` instead.

Enabled in ``_config.yml`` under ``sphinx.extra_extensions``.
"""

from __future__ import annotations

import re
from typing import Any

_BIBLIOENTRY = 'role="doc-biblioentry"'


def fix_citation_roles(body: str) -> str:
    """Give bibliography entries the ``listitem`` role their ``role="list"`` parent needs.

    Parameters
    ----------
    body : str
        HTML of a page body.

    Returns
    -------
    str
        The same HTML with ``role="doc-biblioentry"`` replaced.

    Examples
    --------
    >>> fix_citation_roles('<div role="list"><div class="citation" role="doc-biblioentry">')
    '<div role="list"><div class="citation" role="listitem">'
    """
    return body.replace(_BIBLIOENTRY, 'role="listitem"')


_UNTITLED_IFRAME = re.compile(r"<iframe(?![^>]*\btitle=)")


def title_iframes(body: str, title: str = "Interactive map") -> str:
    """Give every ``<iframe>`` without a title one (folium's notebook output has none).

    Screen readers announce a frame by its title; axe-core rates a frame without one as
    serious. The book's own maps set a specific title; this covers plain folium maps.

    Examples
    --------
    >>> title_iframes('<iframe srcdoc="x"></iframe><iframe title="Map" src="y">')
    '<iframe title="Interactive map" srcdoc="x"></iframe><iframe title="Map" src="y">'
    """
    return _UNTITLED_IFRAME.sub(f'<iframe title="{title}"', body)


def _page_context(app: Any, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: Any) -> None:
    body = context.get("body")
    if isinstance(body, str) and _BIBLIOENTRY in body:
        body = context["body"] = fix_citation_roles(body)
    if isinstance(body, str) and "<iframe" in body:
        context["body"] = title_iframes(body)


def setup(app: Any) -> dict[str, Any]:
    """Register the fixes (Sphinx extension entry point).

    Examples
    --------
    >>> from sphinx.builders.html import StandaloneHTMLBuilder
    >>> getattr(StandaloneHTMLBuilder.add_js_file, "_kingpin_fixed", False)  # doctest: +SKIP
    True
    """
    from sphinx.builders.html import StandaloneHTMLBuilder

    original = StandaloneHTMLBuilder.add_js_file
    if not getattr(original, "_kingpin_fixed", False):

        def add_js_file(self: Any, filename: str | None, **kwargs: Any) -> None:
            original(self, filename or "", **kwargs)

        add_js_file._kingpin_fixed = True  # type: ignore[attr-defined]
        StandaloneHTMLBuilder.add_js_file = add_js_file  # type: ignore[method-assign]
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
