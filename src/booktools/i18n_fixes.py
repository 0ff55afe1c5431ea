"""A Sphinx extension for translated editions: glue values and table-of-contents captions.

**Glue.** ``{glue:...}`` roles keep working inside translated messages.

Sphinx translates a paragraph by parsing its ``msgstr`` as a new, small
document (``sphinx.transforms.i18n.Locale``). myst-nb's glue roles look up
their value in the document they sit in, through the notebook renderer stored
on it, and the small document has none, so every translated ``{glue:text}``
would fail with "No key ... found in glue data for this document".

myst-nb removes the renderer from the page at the end of parsing, before
``Locale`` runs. This extension keeps a reference to the last page's renderer
(with the page it belongs to), and while ``Locale`` translates that page it
lets the glue lookup fall back to it: the translated sentence shows exactly
the values the page's code computed.

**Captions.** sphinx-external-toc adds the table of contents to the root page
after Sphinx has translated it, so the part captions of ``_toc.yml`` (which
the gettext builder does extract, into the root page's catalogue) would stay
in English; :func:`_translate_captions` translates them from that catalogue.

**Alt texts and captions set in cell metadata.** ``mystnb: image: alt:`` and
``mystnb: figure: caption:`` are not in the gettext catalogues (the builder
never sees them); :func:`metadata_texts` lists them from the chapters, and
:func:`_translate_metadata_texts` replaces each one the strings catalogue
(``helpers/reference/locales/<lang>.json``, the one :func:`~helpers.reference.i18n.tr`
reads) translates. One left untranslated stays in English.

**Launch buttons.** sphinx-book-theme points a page's Binder (and JupyterHub, Colab...)
button at ``<page>.ipynb``, the English notebook edition. :func:`launch_in_language` points
them at the notebook of the page's language instead (``chapters/es/<page>.ipynb``, written by
:mod:`booktools.notebook_edition` from the catalogues), when it exists; and
:data:`THEBE_LANGUAGE_JS` makes *Live code* (Thebe) select the language in its kernel
before the reader's first cell runs, so the helpers draw the same labels as the page.

**Reference lists.** pybtex writes the entries' dates with English month names
("March 2015") and joins two authors with "and". In a translated edition
:func:`_bibliography_style` selects ``SpanishAuthorYearStyle`` (registered as
:data:`SPANISH_BIB_STYLE`, with its labels) and the in-text citation style of the
same name: the book's author–year style with "marzo de 2015", "y" between authors
(list and text: "Espinosa y Rubin, 2015"), "Informe técnico", and the entries'
``howpublished``, ``type`` and ``note`` fields from :func:`reference_fields`
(``es.references.json`` beside the strings catalogue: "Versión del 21 de agosto de
2009"). Titles stay as published.

Loaded only by the Spanish edition (:func:`booktools.i18n_build.spanish_config`).
"""

from __future__ import annotations

import contextvars
from pathlib import Path
from typing import Any

_PAGE: contextvars.ContextVar[Any] = contextvars.ContextVar("kingpin_i18n_page", default=None)
_PATCHED = "_kingpin_i18n_glue"
#: (id of the page's document, its notebook renderer), for the page parsed last.
_LAST: list[tuple[int, Any]] = []


def _with_page_fallback(retrieve: Any) -> Any:
    def retrieve_glue_data(document: Any, key: str) -> Any:
        renderer = _PAGE.get()
        if "nb_renderer" not in document and renderer is not None:
            document = {"nb_renderer": renderer}
        return retrieve(document, key)

    retrieve_glue_data.__doc__ = retrieve.__doc__
    return retrieve_glue_data


def patch() -> bool:
    """Install the fallback (once); return True if it was installed now.

    Examples
    --------
    >>> patch() in (True, False)
    True
    >>> patch()
    False
    """
    from myst_nb import sphinx_
    from myst_nb.ext.glue import directives, roles, utils
    from sphinx.transforms import i18n

    if getattr(i18n.Locale, _PATCHED, False):
        return False
    fallback = _with_page_fallback(utils.retrieve_glue_data)
    for module in (utils, roles, directives):
        module.retrieve_glue_data = fallback

    load_renderer = sphinx_.load_renderer
    created: list[Any] = []

    def recording_load_renderer(name: str) -> Any:
        cls = load_renderer(name)

        def make(*args: Any, **kwargs: Any) -> Any:
            created.append(cls(*args, **kwargs))
            return created[-1]

        return make

    sphinx_.load_renderer = recording_load_renderer
    parse = sphinx_.Parser.parse

    def recording_parse(self: Any, inputstring: str, document: Any) -> None:
        created.clear()
        parse(self, inputstring, document)
        _LAST[:] = [(id(document), created[-1])] if created else []
        created.clear()

    sphinx_.Parser.parse = recording_parse
    apply = i18n.Locale.apply

    def locale_apply(self: Any, **kwargs: Any) -> None:
        renderer = _LAST[0][1] if _LAST and _LAST[0][0] == id(self.document) else None
        token = _PAGE.set(renderer)
        try:
            apply(self, **kwargs)
        finally:
            _PAGE.reset(token)

    i18n.Locale.apply = locale_apply
    setattr(i18n.Locale, _PATCHED, True)
    return True


def _translate_captions(app: Any, doctree: Any) -> None:
    from sphinx import addnodes
    from sphinx.locale import init as init_locale
    from sphinx.util.i18n import docname_to_domain

    toctrees = [n for n in doctree.findall(addnodes.toctree) if n.get("caption")]
    if not toctrees or not app.config.language or app.config.language == "en":
        return
    dirs = [str(app.srcdir / d) for d in app.config.locale_dirs]
    domain = docname_to_domain(app.env.docname, app.config.gettext_compact)
    catalog, has_catalog = init_locale(dirs, app.config.language, domain)
    if not has_catalog:
        return
    for node in toctrees:
        translated = catalog.gettext(node["caption"])
        node["caption"] = translated
        if "rawcaption" in node:
            node["rawcaption"] = translated


def metadata_texts(chapters: Path | None = None) -> list[str]:
    """Return the alt texts and figure captions set in the chapters' cell metadata.

    Parameters
    ----------
    chapters : pathlib.Path, optional
        Folder of the MyST chapters (default: the book's ``chapters/``).

    Examples
    --------
    >>> texts = metadata_texts()
    >>> len(texts) > 10 and all(isinstance(t, str) and t for t in texts)
    True
    """
    import jupytext

    from helpers.reference.paths import REPO_ROOT

    folder = REPO_ROOT / "chapters" if chapters is None else Path(chapters)
    if not folder.is_dir():
        raise ValueError(f"chapters={str(folder)!r} is not a folder of MyST chapters")
    texts: list[str] = []
    for path in sorted(folder.rglob("*.md")):
        for cell in jupytext.read(path).cells:
            meta = cell.metadata.get("mystnb") or {}
            for text in ((meta.get("image") or {}).get("alt"),
                         (meta.get("figure") or {}).get("caption")):
                if isinstance(text, str) and text.strip() and text not in texts:
                    texts.append(text)
    return texts


def translate_metadata_texts(doctree: Any, lang: str) -> int:
    """Translate image alt texts and figure captions of ``doctree``; return how many.

    Examples
    --------
    >>> from docutils import nodes
    >>> tree = nodes.section("", nodes.image(uri="x.png", alt="Moran's I"))
    >>> translate_metadata_texts(tree, "es"), tree[0]["alt"]
    (1, 'I de Moran')
    >>> tree = nodes.section("", nodes.image(uri="x.png", alt="Moran’s I"))  # smart quotes
    >>> translate_metadata_texts(tree, "es"), tree[0]["alt"]
    (1, 'I de Moran')
    """
    from docutils import nodes

    from helpers.reference.i18n import LANGUAGES, catalog

    if lang not in LANGUAGES or lang == LANGUAGES[0]:
        return 0
    # Sphinx's smart quotes have curled the apostrophes and quotes of the page's texts
    # by now ("Michoacán’s"), not those of the catalogue: match with quotes made alike.
    table = {_straight(k): v for k, v in catalog(lang).items()}
    done = 0
    for image in doctree.findall(nodes.image):
        alt = _straight(image.get("alt") or "")
        if alt in table:
            image["alt"] = table[alt]
            done += 1
    for caption in doctree.findall(nodes.caption):
        text = _straight(caption.astext())
        if text in table:  # markup inside a caption from metadata is plain text anyway
            caption.children = []
            caption += nodes.Text(table[text])
            done += 1
    return done


def _straight(text: str) -> str:
    """``text`` with every quote and apostrophe made ``'`` (for matching only).

    Smart quotes may even curl an apostrophe the wrong way ("events” percent").
    """
    return text.translate(str.maketrans("‘’“”\"", "'''''"))


def _translate_metadata_texts(app: Any, doctree: Any) -> None:
    translate_metadata_texts(doctree, app.config.language or "en")


def launch_urls(buttons: list[dict[str, Any]], pagename: str, lang: str,
                root: Path | None = None) -> int:
    """Point the launch links of ``buttons`` at the notebook of ``pagename`` in ``lang``.

    Parameters
    ----------
    buttons : list of dict
        sphinx-book-theme's ``header_buttons`` (the group labelled ``launch-buttons``).
    pagename : str
        The page (``chapters/intro``).
    lang : str
        The edition's language.
    root : pathlib.Path, optional
        The repository; a link changes only if the notebook exists there (default: the
        book's root).

    Returns
    -------
    int
        How many links now point at the translated notebook.

    Examples
    --------
    >>> from booktools.notebook_edition import REPO_ROOT
    >>> group = {"label": "launch-buttons", "buttons": [{"type": "link", "url":
    ...          "https://mybinder.org/v2/gh/o/r/main?urlpath=tree/chapters/intro.ipynb"}]}
    >>> launch_urls([group], "chapters/intro", "es", REPO_ROOT)
    1
    >>> group["buttons"][0]["url"]
    'https://mybinder.org/v2/gh/o/r/main?urlpath=tree/chapters/es/intro.ipynb'
    """
    from booktools.notebook_edition import LANGUAGES, REPO_ROOT, notebook_path

    if lang not in LANGUAGES or lang == LANGUAGES[0]:
        return 0
    try:
        target = notebook_path(f"{pagename}.md", lang)
    except ValueError:  # not a chapter
        return 0
    if not ((root or REPO_ROOT) / target).is_file():
        return 0
    english = "/" + notebook_path(f"{pagename}.md")
    changed = 0
    for group in buttons:
        if not isinstance(group, dict) or group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            url = button.get("url")
            if isinstance(url, str) and english in url:
                button["url"] = url.replace(english, "/" + target)
                changed += 1
    return changed


def launch_in_language(app: Any, pagename: str, templatename: str, context: dict[str, Any],
                       doctree: Any) -> None:
    """``html-page-context`` handler, after sphinx-book-theme's (priority 501)."""
    launch_urls(context.get("header_buttons") or [], pagename, app.config.language or "en",
                Path(app.srcdir))


#: Thebe (*Live code*) asks Binder for a kernel of the repository, where ``KINGPIN_LANG`` is
#: not set; once it is ready, this sets it there, before any cell the reader runs.
THEBE_LANGUAGE_JS = """
(function () {
  var code = 'import os; os.environ["KINGPIN_LANG"] = "%(lang)s"';
  var hooked = false;
  function hook() {
    if (hooked || typeof thebelab === "undefined" || !thebelab.on) return hooked;
    thebelab.on("status", function (evt, data) {
      var kernel = (data && data.kernel) || window.thebeKernel;
      if (data && data.status === "ready" && kernel && kernel.requestExecute) {
        kernel.requestExecute({code: code, silent: true, store_history: false});
      }
    });
    hooked = true;
    return true;
  }
  function wait(tries) {
    if (!hook() && tries > 0) setTimeout(function () { wait(tries - 1); }, 250);
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest(".btn-launch-thebe, [onclick*='initThebe']")) {
      wait(240);
    }
  }, true);
})();
"""


def _thebe_language(app: Any) -> None:
    lang = app.config.language or "en"
    if lang != "en":  # every page: it acts only when the reader starts Live code
        app.add_js_file(None, body=THEBE_LANGUAGE_JS % {"lang": lang})


#: pybtex formatting style of the Spanish edition's reference lists.
SPANISH_BIB_STYLE = "author_year_es"
_EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december")


def spanish_month(month: str) -> str:
    """Return a BibTeX ``month`` value as a Spanish date writes it before the year.

    Examples
    --------
    >>> spanish_month("March"), spanish_month("oct"), spanish_month("Spring")
    ('marzo de', 'octubre de', 'Spring')
    """
    from helpers.reference.i18n import _MONTHS

    key = month.strip().lower()
    for number, name in enumerate(_EN_MONTHS):
        if key in (name, name[:3]):
            return f"{_MONTHS['es'][number]} de"
    return month


def reference_fields(lang: str = "es") -> dict[str, dict[str, dict[str, str]]]:
    """Return ``key -> field -> {"en": BibTeX value, lang: translation}`` for the reference lists.

    Read from ``helpers/reference/locales/<lang>.references.json``; a language without
    that file has none.

    Examples
    --------
    >>> reference_fields("es")["crs_r40135_2009"]["note"]["es"]
    'Versión del 21 de agosto de 2009'
    >>> reference_fields("en")
    {}
    """
    import json

    from helpers.reference.i18n import CATALOG_DIR

    path = CATALOG_DIR / f"{lang}.references.json"
    if not path.is_file():
        return {}
    return {k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items()
            if not k.startswith("//")}


def _spanish_person() -> Any:
    from sphinxcontrib.bibtex.style.referencing import PersonStyle

    return PersonStyle(sep2=" y ", last_sep=" y ")


def spanish_label(entry: Any) -> str:
    """Return the author–year label of a pybtex entry with Spanish conjunctions.

    Examples
    --------
    >>> from pybtex.database import Entry, Person
    >>> two = Entry("article", fields={"year": "2015"}, persons={"author": [
    ...     Person("Espinosa, Valeria"), Person("Rubin, Donald B.")]})
    >>> spanish_label(two)
    'Espinosa y Rubin, 2015'
    """
    from types import SimpleNamespace

    from sphinxcontrib.bibtex.style.template import join
    from sphinxcontrib.bibtex.style.template import year as year_node

    person = _spanish_person()
    template = join(sep=", ")[person.author_or_editor_or_title(full=False), year_node]
    text = template.format_data({"entry": entry, "style": SimpleNamespace(person=person)})
    return text.render_as("text")


def _spanish_referencing() -> type:
    from dataclasses import dataclass, field

    from sphinxcontrib.bibtex.style.referencing import PersonStyle
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

    @dataclass
    class SpanishAuthorYearReferenceStyle(AuthorYearReferenceStyle):
        """In-text author–year citations with "y" between two authors."""

        person: PersonStyle = field(default_factory=_spanish_person)

    return SpanishAuthorYearReferenceStyle


def _spanish_labels() -> type:
    from collections import Counter
    from collections.abc import Iterable, Iterator

    from pybtex.style.labels import BaseLabelStyle

    class SpanishAuthorYearLabelStyle(BaseLabelStyle):
        """The reference list's labels as the Spanish text cites them."""

        def format_labels(self, sorted_entries: Iterable[Any]) -> Iterator[str]:
            labels = [spanish_label(entry) for entry in sorted_entries]
            counts, seen = Counter(labels), Counter[str]()
            for label in labels:
                seen[label] += 1
                yield label + ("abcdefghijklmnopqrstuvwxyz"[seen[label] - 1]
                               if counts[label] > 1 else "")

    return SpanishAuthorYearLabelStyle


def _spanish_style() -> type:
    from pybtex.database import Entry
    from pybtex.style.formatting import toplevel
    from pybtex.style.formatting.unsrt import date
    from pybtex.style.template import field, first_of, names, optional_field, sentence, words

    from booktools.citations import AuthorYearStyle

    translated = reference_fields("es")

    class SpanishAuthorYearStyle(AuthorYearStyle):
        """The book's author–year entries with Spanish months and conjunctions."""

        default_label_style = SPANISH_BIB_STYLE

        def format_names(self, role: str, as_sentence: bool = True) -> Any:
            formatted = names(role, sep=", ", sep2=" y ", last_sep=" y ")
            return sentence[formatted] if as_sentence else formatted

        def get_techreport_template(self, e: Any) -> Any:  # pybtex unsrt's, in Spanish
            return toplevel[
                sentence[self.format_names("author")],
                self.format_title(e, "title"),
                sentence[
                    words[first_of[optional_field("type"), "Informe técnico"],
                          optional_field("number")],
                    field("institution"),
                    optional_field("address"),
                    date,
                ],
                sentence[optional_field("note")],
                self.format_web_refs(e),
            ]

        def format_entry(self, label: str, entry: Any, bib_data: Any = None) -> Any:
            month = entry.fields.get("month")
            fields = dict(entry.fields)
            if month:
                fields["month"] = spanish_month(month)
            for name, text in translated.get(entry.key, {}).items():
                if fields.get(name) == text["en"]:  # a changed English stays English
                    fields[name] = text["es"]
            if fields != dict(entry.fields):
                shown = Entry(entry.type, fields=fields, persons=entry.persons)
                shown.key = entry.key
                entry = shown
            return super().format_entry(label, entry, bib_data)

    return SpanishAuthorYearStyle


def register_spanish_style() -> None:
    """Register :data:`SPANISH_BIB_STYLE` with pybtex (idempotent).

    Examples
    --------
    >>> register_spanish_style()
    >>> from pybtex.plugin import find_plugin
    >>> find_plugin("pybtex.style.formatting", SPANISH_BIB_STYLE).__name__
    'SpanishAuthorYearStyle'
    """
    from pybtex.plugin import find_plugin, register_plugin
    from sphinxcontrib.bibtex import plugin as bibtex_plugin

    from booktools.citations import register

    register()
    try:
        find_plugin("pybtex.style.formatting", SPANISH_BIB_STYLE)
    except Exception:  # not registered yet
        register_plugin("pybtex.style.labels", SPANISH_BIB_STYLE, _spanish_labels())
        register_plugin("pybtex.style.formatting", SPANISH_BIB_STYLE, _spanish_style())
    bibtex_plugin.register_plugin("sphinxcontrib.bibtex.style.referencing", SPANISH_BIB_STYLE,
                                  _spanish_referencing(), force=True)


def _bibliography_style(app: Any, config: Any) -> None:
    style = getattr(config, "bibtex_default_style", None)
    if (config.language or "en") == "es" and style == "author_year":
        register_spanish_style()
        config.bibtex_default_style = SPANISH_BIB_STYLE
        if getattr(config, "bibtex_reference_style", None) == "author_year":
            config.bibtex_reference_style = SPANISH_BIB_STYLE


def setup(app: Any) -> dict[str, Any]:
    """Install the fallback and the caption translation (Sphinx extension entry point)."""
    patch()
    app.connect("config-inited", _bibliography_style)
    app.connect("doctree-read", _translate_captions)
    app.connect("doctree-read", _translate_metadata_texts)
    app.connect("html-page-context", launch_in_language, priority=502)
    app.connect("builder-inited", _thebe_language)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
