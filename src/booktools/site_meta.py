"""A Sphinx extension that makes the published book findable and shareable.

Everything here follows from one setting, ``html.baseurl`` in ``_config.yml``
(Sphinx's ``html_baseurl``): the address where the book is published, which
forks change together with ``repository.url``. From it the extension sets

* the canonical link of every page (Sphinx writes it once ``html_baseurl`` is set);
* ``sitemap.xml`` (sphinx-sitemap): every page of the book, searches and indexes left out;
* Open Graph and Twitter-card metadata (sphinxext-opengraph), with a preview image
  per page drawn at build time by matplotlib (``_images/social_previews``);
* ``404.html``: a "page not found" page with the chapters, a search box and a link
  to report the broken link, which works at any depth of the site (GitHub Pages
  serves it for every missing address) because it carries ``<base href>``.

The student edition (:mod:`booktools.student_build`) is published under
:data:`STUDENT_PATH` of the same site; when its extension is loaded, the base
URL gains that path, so its canonical links, sitemap and cards point there.

Enabled in ``_config.yml`` under ``sphinx.extra_extensions``.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

#: Where the student edition lives inside the published site.
STUDENT_PATH = "student/"
#: The extension that marks a student-edition build.
STUDENT_EXTENSION = "booktools.student_edition"
#: Pages that are not content: left out of the sitemap.
SITEMAP_EXCLUDES = ("404.html", "search.html", "genindex.html", "py-modindex.html")
NOT_FOUND = "404"


def edition_baseurl(baseurl: str, student: bool) -> str:
    """Return the base URL of an edition of the book.

    Parameters
    ----------
    baseurl : str
        ``html.baseurl`` of the book (ends with ``/``).
    student : bool
        True for the student edition, published under :data:`STUDENT_PATH`.

    Returns
    -------
    str
        The address of the edition's root folder, ending with ``/``.

    Examples
    --------
    >>> edition_baseurl("https://example.github.io/book/", student=False)
    'https://example.github.io/book/'
    >>> edition_baseurl("https://example.github.io/book/", student=True)
    'https://example.github.io/book/student/'
    """
    return urljoin(baseurl, STUDENT_PATH) if student else baseurl


def not_found_body(chapters: list[tuple[str, str]], repository_url: str = "",
                   student_link: bool = True) -> str:
    """Return the HTML body of the 404 page.

    Links are relative to the edition's root: the page sets ``<base href>`` to it.

    Parameters
    ----------
    chapters : list of (str, str)
        ``(target, title)`` of each page in reading order, e.g.
        ``("chapters/intro.html", "Introduction")``.
    repository_url : str
        The book's repository; adds a link to report the broken address.
    student_link : bool
        Also point to the student edition (the public book's page only).

    Returns
    -------
    str
        HTML for the page's ``body``.

    Examples
    --------
    >>> body = not_found_body([("chapters/intro.html", "Introduction")],
    ...                       "https://github.com/o/r")
    >>> '<a href="chapters/intro.html">Introduction</a>' in body
    True
    >>> "https://github.com/o/r/issues/new" in body
    True
    """
    items = "\n".join(f'<li><a href="{html.escape(target)}">{html.escape(title)}</a></li>'
                      for target, title in chapters)
    parts = [
        "<h1>Page not found</h1>",
        "<p>There is no page at this address. It may have moved when a chapter was "
        "renamed, or the link may have a typing error.</p>",
        '<form class="not-found-search" action="search.html" method="get" role="search">'
        '<label for="not-found-q">Search the book:</label> '
        '<input id="not-found-q" type="search" name="q" autocomplete="off"> '
        '<button type="submit">Search</button></form>',
        '<p>Or start again from the <a href="index.html">first page</a>, or open a chapter:</p>',
        f"<ul>\n{items}\n</ul>",
    ]
    if student_link:
        parts.append(f'<p>Looking for the student edition (no solutions)? It is at '
                     f'<a href="{STUDENT_PATH}index.html">{STUDENT_PATH}</a>.</p>')
    if repository_url:
        issue = (repository_url.rstrip("/") + "/issues/new?title="
                 + quote("Broken link in the published book"))
        parts.append(f'<p>If a link in the book brought you here, please '
                     f'<a href="{html.escape(issue)}">report it</a> with the address you '
                     "followed.</p>")
    return "\n".join(parts)


def reading_order(env: Any) -> list[str]:
    """Return the docnames of the book in reading order (root first), from Sphinx's toctrees."""
    order: list[str] = []
    seen: set[str] = set()

    def walk(doc: str) -> None:
        if doc in seen or doc not in env.found_docs:
            return
        seen.add(doc)
        order.append(doc)
        for child in env.toctree_includes.get(doc, []):
            walk(child)

    walk(env.config.root_doc)
    return order


def _is_student(app: Any) -> bool:
    return STUDENT_EXTENSION in app.extensions


def _configure(app: Any, config: Any) -> None:
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    base = config.html_baseurl or ""
    if not base:
        logger.warning("html.baseurl is empty in _config.yml: set it to the address where "
                       "the book is published (see the README, section Publish)")
        return
    if not base.startswith("https://") or not base.endswith("/"):
        logger.warning("html.baseurl %r must start with https:// and end with '/'", base)
    base = edition_baseurl(base, _is_student(app))
    config.html_baseurl = base
    # sphinx-sitemap: plain links (no language or version folder), no non-content pages.
    config.site_url = base
    config.sitemap_url_scheme = "{link}"
    config.sitemap_excludes = sorted(set(config.sitemap_excludes) | set(SITEMAP_EXCLUDES))
    # sphinxext-opengraph: absolute addresses, a description, a card per page.
    config.ogp_site_url = base
    config.ogp_canonical_url = base
    if not config.ogp_site_name:
        # Jupyter Book puts the book's title in html_title and leaves project unset.
        config.ogp_site_name = config.html_title or config.project
    if config.ogp_social_cards is None:
        # DejaVu Sans ships with matplotlib in every weight (the default font has
        # no bold and logs "findfont" on every card).
        config.ogp_social_cards = {"enable": True, "font": "DejaVu Sans"}


def _collect_not_found(app: Any) -> list[tuple[str, dict[str, Any], str]]:
    if app.builder.format != "html" or app.builder.embedded or not app.config.html_baseurl:
        return []
    env = app.env
    chapters = [(app.builder.get_target_uri(doc), env.titles[doc].astext())
                for doc in reading_order(env) if doc in env.titles]
    repository = (app.config.html_theme_options or {}).get("repository_url", "")
    body = not_found_body(chapters, repository, student_link=not _is_student(app))
    return [(NOT_FOUND, {"title": "Page not found", "body": body}, "page.html")]


def _page_context(app: Any, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: Any) -> None:
    if pagename == NOT_FOUND and doctree is None:
        # No canonical address for an error page; keep it out of search engines.
        context["pageurl"] = None
        context["metatags"] = (context.get("metatags") or "") + \
            '<meta name="robots" content="noindex" />\n'


_HEAD = re.compile(r"<head>", re.IGNORECASE)


def base_tag(page: str, baseurl: str) -> str:
    """Insert ``<base href=baseurl>`` as the first element of a page's ``<head>``.

    Examples
    --------
    >>> print(base_tag('<html><head><meta charset="utf-8">', "https://x.org/b/"))
    <html><head>
    <base href="https://x.org/b/" />
    <meta charset="utf-8">
    """
    tag = f'<base href="{html.escape(baseurl)}" />'
    if tag in page:
        return page
    return _HEAD.sub(lambda m: f"{m.group(0)}\n{tag}\n", page, count=1)


def _finish(app: Any, exception: BaseException | None) -> None:
    if exception is not None or app.builder.format != "html" or not app.config.html_baseurl:
        return
    page = Path(app.outdir) / f"{NOT_FOUND}.html"
    if page.is_file():
        # The 404 page is served at any depth: resolve its relative links from the root.
        text = page.read_text(encoding="utf-8")
        page.write_text(base_tag(text, app.config.html_baseurl), encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    """Register the extension (Sphinx entry point); loads sphinx-sitemap and sphinxext-opengraph."""
    app.setup_extension("sphinx_sitemap")
    app.setup_extension("sphinxext.opengraph")
    app.connect("config-inited", _configure)
    app.connect("html-collect-pages", _collect_not_found)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _finish)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
