"""A Sphinx extension: a link on every page to the same page in the other language.

The book has two editions built from one source (:mod:`booktools.i18n_build`):
English at the site's root and Spanish under ``es/``. Each page of one edition
gets, above its content, a link to the page of the same name in the other
edition, and ``<link rel="alternate" hreflang>`` tags for search engines. The
links are relative, so they work from ``file://``, from ``make serve`` and
under any base URL (GitHub Pages' ``/REPOSITORY/``).

The student edition (:mod:`booktools.student_build`) has no Spanish twin, so
it gets no switch. Enabled in ``_config.yml`` under ``sphinx.extra_extensions``.
"""

from __future__ import annotations

import html
from typing import Any

#: Where the Spanish edition lives, relative to the English one.
SPANISH_PATH = "es/"
#: Each edition's language -> (the other language, the link's text, its accessible label).
SWITCH: dict[str, tuple[str, str, str]] = {
    "en": ("es", "Leer en español", "Esta página en español"),
    "es": ("en", "Read in English", "This page in English"),
}
#: The navigation landmark's label, in the page's own language.
NAV_LABEL = {"en": "Language", "es": "Idioma"}
CSS = "language-switch.css"


def edition(language: str | None) -> str:
    """Return the edition (``"en"`` or ``"es"``) for Sphinx's ``language`` setting.

    Examples
    --------
    >>> edition("es"), edition("en"), edition(None)
    ('es', 'en', 'en')
    """
    return "es" if (language or "en").split("_")[0] == "es" else "en"


def other_page(pagename: str, language: str | None) -> str:
    """Return the relative link from ``pagename`` to the same page in the other edition.

    Parameters
    ----------
    pagename : str
        Sphinx's page name (``chapters/intro``).
    language : str or None
        The edition being built (Sphinx's ``language``).

    Examples
    --------
    >>> other_page("chapters/intro", "en")
    '../es/chapters/intro.html'
    >>> other_page("chapters/appendix/glossary", "es")
    '../../../chapters/appendix/glossary.html'
    >>> other_page("index", "en")
    'es/index.html'
    """
    up = "../" * pagename.count("/")
    prefix = SPANISH_PATH if edition(language) == "en" else "../"
    return f"{up}{prefix}{pagename}.html"


def switch_html(pagename: str, language: str | None) -> str:
    """Return the switch's HTML for one page.

    Examples
    --------
    >>> 'hreflang="es"' in switch_html("chapters/intro", "en")
    True
    """
    lang = edition(language)
    other, text, label = SWITCH[lang]
    href = html.escape(other_page(pagename, language), quote=True)
    return (f'<nav class="kp-lang-switch" aria-label="{NAV_LABEL[lang]}">'
            f'<a href="{href}" hreflang="{other}" lang="{other}" rel="alternate" '
            f'aria-label="{label}">{text}</a></nav>\n')


def _page_context(app: Any, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: Any) -> None:
    if doctree is None or "body" not in context or "booktools.student_edition" in app.extensions:
        return
    language = app.config.language
    context["body"] = switch_html(pagename, language) + context["body"]
    other, _, _ = SWITCH[edition(language)]
    href = html.escape(other_page(pagename, language), quote=True)
    context["metatags"] = (context.get("metatags", "")
                           + f'\n<link rel="alternate" hreflang="{other}" href="{href}" />')


def setup(app: Any) -> dict[str, Any]:
    """Register the switch (Sphinx extension entry point)."""
    app.connect("html-page-context", _page_context)
    app.add_css_file(CSS)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
