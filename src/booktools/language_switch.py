"""A Sphinx extension: a link on every page to the same page in the other language.

The book has two editions built from one source (:mod:`booktools.i18n_build`):
English at the site's root and Spanish under ``es/``. Each page of one edition
gets, above its content, a link to the page of the same name in the other
edition, and ``<link rel="alternate" hreflang>`` tags for search engines. The
links are relative, so they work from ``file://``, from ``make serve`` and
under any base URL (GitHub Pages' ``/REPOSITORY/``).

The student edition (:mod:`booktools.student_build`) has no Spanish twin, so
it gets no switch. Enabled in ``_config.yml`` under ``sphinx.extra_extensions``.

In the Spanish edition the extension also puts into Spanish the few words of
the theme that Sphinx's and the themes' own catalogues leave in English (the
launch and source buttons, the sidebar toggles, landmark labels, Jupyter
Book's search placeholder): :data:`THEME_ES`, applied to every page after the
build (:func:`translate_theme`).
"""

from __future__ import annotations

import html
from pathlib import Path
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
#: Jupyter Book's search placeholder, which no catalogue translates.
SEARCH_TEXT = {"Search this book...": "Buscar en este libro..."}
#: Theme words left in English by the themes' catalogues -> Spanish (exact HTML fragments).
THEME_ES: dict[str, str] = {
    'aria-label="Main"': 'aria-label="Principal"',
    'aria-label="Page"': 'aria-label="Página"',
    'title="Toggle primary sidebar"': 'title="Mostrar u ocultar el índice del libro"',
    'title="Toggle secondary sidebar"': 'title="Mostrar u ocultar el índice de la página"',
    'aria-label="Launch interactive content"': 'aria-label="Abrir contenido interactivo"',
    'title="Launch on Binder"': 'title="Abrir en Binder"',
    'alt="Binder logo"': 'alt="Logotipo de Binder"',
    'title="Launch Thebe"': 'title="Ejecutar el código en esta página (Thebe)"',
    '<span class="btn__text-container">Live Code</span>':
        '<span class="btn__text-container">Código en vivo</span>',
    'aria-label="Source repositories"': 'aria-label="Repositorios del código fuente"',
    '<span class="btn__text-container">Repository</span>':
        '<span class="btn__text-container">Repositorio</span>',
    '<span class="btn__text-container">Open issue</span>':
        '<span class="btn__text-container">Reportar un problema</span>',
    "body=Your%20issue%20content%20here.": "body=Describe%20el%20problema%20aqu%C3%AD.",
    "title=Issue%20on%20page%20": "title=Problema%20en%20la%20p%C3%A1gina%20",
    'placeholder="Search this book..."': 'placeholder="Buscar en este libro..."',
    'aria-label="Search this book..."': 'aria-label="Buscar en este libro..."',
}


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


def translate_theme(page: str) -> str:
    """Return a built page with the theme's English words in Spanish (:data:`THEME_ES`).

    Examples
    --------
    >>> translate_theme('<nav aria-label="Main">')
    '<nav aria-label="Principal">'
    """
    for english, spanish in THEME_ES.items():
        page = page.replace(english, spanish)
    return page


def _configure(app: Any, config: Any) -> None:
    if edition(config.language) != "es":
        return
    options = dict(config.html_theme_options or {})
    text = options.get("search_bar_text")
    if text in SEARCH_TEXT:
        options["search_bar_text"] = SEARCH_TEXT[text]
        config.html_theme_options = options


def _finish(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    if edition(app.config.language) != "es":
        return
    for path in Path(app.outdir).rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        translated = translate_theme(text)
        if translated != text:
            path.write_text(translated, encoding="utf-8")


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
    app.connect("config-inited", _configure)
    app.connect("html-page-context", _page_context)
    app.connect("build-finished", _finish)
    app.add_css_file(CSS)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
