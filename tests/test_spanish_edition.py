"""The Spanish edition (issue 19): one source, two editions.

Fast tests: the code-produced strings (``helpers.reference.i18n``), the language
switch's links, the catalogues (no fuzzy message, roles and placeholders kept,
the finished pages fully translated; the share translated per page is printed).
Build tests (``-m build``): the English book as ``make book`` builds it, then the
Spanish edition into ``_build/html/es``, strict; every page has ``lang="es"`` and
a switch to a page that exists; no English word is left in the theme; glued
numbers are identical in both editions. A slow test checks the catalogues are in
step with the English chapters (``make translations``).
"""

from __future__ import annotations

import ast
import json
import re
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest

from booktools import i18n_build
from booktools.language_switch import THEME_ES, other_page, switch_html
from helpers.reference import i18n
from helpers.reference.i18n import catalog, long_date, tr

REPO = Path(__file__).resolve().parents[1]
#: Pages whose translation is finished: every message translated, none fuzzy.
FINISHED = ("chapters/intro", "chapters/appendix/glossary", "chapters/appendix/about-data",
            "chapters/appendix/claims", "chapters/appendix/bibliography",
            "chapters/captures-where-they-happen", "chapters/instructors/guide",
            "chapters/kingpin-strategy", "chapters/after-2015",
            "chapters/us-assistance", "chapters/captures-and-violence",
            "chapters/competing-explanations",
            "chapters/violence-by-state", "chapters/michoacan-guerrero")
#: Spanish titles of the finished pages (as the built pages must show them).
FINISHED_TITLES = {"chapters/intro": "Sobre este libro", "chapters/appendix/glossary": "Glosario",
                   "chapters/appendix/about-data": "Sobre los datos",
                   "chapters/appendix/claims": "Las afirmaciones del artículo: veredictos",
                   "chapters/appendix/bibliography": "Referencias",
                   "chapters/captures-where-they-happen":
                       "¿Aumentan las capturas la violencia donde ocurren?",
                   "chapters/instructors/guide": "Guía para docentes",
                   "chapters/kingpin-strategy": "La estrategia contra los capos",
                   "chapters/after-2015": "Después de 2015",
                   "chapters/us-assistance": "La asistencia de Estados Unidos a México",
                   "chapters/captures-and-violence": "Capturas y violencia",
                   "chapters/competing-explanations": "Explicaciones en competencia",
                   "chapters/violence-by-state": "La violencia, estado por estado",
                   "chapters/michoacan-guerrero": "Michoacán y Guerrero"}
#: English words of the theme that must not appear in the Spanish edition's chrome.
ENGLISH_UI = ("Search this book", "Contents", "Print to PDF", "Download", "Skip to main content",
              "Back to top", "Toggle primary sidebar", "Toggle secondary sidebar", "Repository",
              "Open issue", "Launch on Binder", "Live Code", "Binder logo", "Source repositories",
              "Launch interactive content", "On this page", "previous", "Fullscreen mode")


# --- code-produced strings -------------------------------------------------------------

def test_tr_follows_kingpin_lang(monkeypatch):
    monkeypatch.setenv("KINGPIN_LANG", "es")
    assert tr("Homicides per 100,000") == "Homicidios por cada 100 mil habitantes"
    assert tr("Year") == "Año"
    monkeypatch.setenv("KINGPIN_LANG", "en")
    assert tr("Year") == "Year"
    monkeypatch.delenv("KINGPIN_LANG")
    assert tr("Year") == "Year"


def test_tr_keeps_unknown_messages_and_fills_fields():
    assert tr("A label nobody translated", lang="es") == "A label nobody translated"
    assert tr("kingpin captured or killed here ({n})", lang="es", n=4) == (
        "capo detenido o abatido aquí (4)")


def test_tr_refuses_bad_input(monkeypatch):
    with pytest.raises(ValueError, match="lang='fr'.*allowed: en, es"):
        tr("Year", lang="fr")
    with pytest.raises(TypeError, match="message=3"):
        tr(3)  # type: ignore[arg-type]
    monkeypatch.setenv("KINGPIN_LANG", "de")
    with pytest.raises(ValueError, match="KINGPIN_LANG='de'"):
        i18n.language()


def test_catalogue_keeps_every_placeholder():
    fields = string.Formatter()
    for english, spanish in catalog("es").items():
        names = sorted(f for _, f, _, _ in fields.parse(english) if f)
        assert sorted(f for _, f, _, _ in fields.parse(spanish) if f) == names, english
        assert spanish.strip(), f"empty translation of {english!r}"


def test_catalogue_is_valid_json_text():
    raw = json.loads((i18n.CATALOG_DIR / "es.json").read_text(encoding="utf-8"))
    assert all(isinstance(v, str) for v in raw.values())


def test_dates_the_spanish_way():
    assert long_date("2013-07-15", lang="es") == "15 de julio de 2013"
    assert long_date("2016-01-08", lang="en") == "8 January 2016"
    with pytest.raises(ValueError, match="date='July'"):
        long_date("July", lang="es")


# --- the language switch ---------------------------------------------------------------

@pytest.mark.parametrize("page", ["chapters/intro", "chapters/appendix/glossary", "search"])
def test_switch_links_to_the_same_page(page, tmp_path):
    english = tmp_path / "html" / f"{page}.html"
    spanish = tmp_path / "html" / "es" / f"{page}.html"
    for path in (english, spanish):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("", encoding="utf-8")
    assert (english.parent / other_page(page, "en")).resolve() == spanish.resolve()
    assert (spanish.parent / other_page(page, "es")).resolve() == english.resolve()
    assert 'lang="es"' in switch_html(page, "en") and 'lang="en"' in switch_html(page, "es")
    assert "http" not in other_page(page, "en")  # relative: works from file:// and any base URL


# --- catalogues ------------------------------------------------------------------------

def test_coverage_table_printed_and_finished_pages_complete():
    rows = i18n_build.coverage()
    print("\n" + i18n_build.coverage_table(rows))
    pages = {row.page: row for row in rows}
    for page in FINISHED:
        row = pages[page]
        assert row.fuzzy == 0 and row.translated == row.messages, (
            f"{page}: {row.messages - row.translated} untranslated, {row.fuzzy} fuzzy; "
            "edit locales/es/LC_MESSAGES/" + page + ".po")


def test_no_translation_drops_a_role_or_placeholder():
    assert i18n_build.role_mismatches() == []


def test_spanish_config():
    config = i18n_build.spanish_config(REPO / "_config.yml", Path("/c"), REPO / "locales")
    settings = config["sphinx"]["config"]
    assert settings["language"] == "es" and settings["html_search_language"] == "es"
    assert {"booktools.language_switch", "booktools.i18n_fixes"} <= set(
        config["sphinx"]["extra_extensions"])
    assert config["execute"]["cache"] == "/c"


@pytest.mark.slow
def test_catalogues_in_step_with_the_english(tmp_path):
    """The finished pages' catalogues hold exactly the messages of today's English text."""
    from babel.messages.pofile import read_po

    assert i18n_build.extract(out=tmp_path / "pot", work=tmp_path / "work") == 0
    stale = []
    for page in FINISHED:
        with (tmp_path / "pot" / f"{page}.pot").open("rb") as handle:
            fresh = {m.id for m in read_po(handle) if m.id}
        po = REPO / "locales/es/LC_MESSAGES" / f"{page}.po"
        with po.open("rb") as handle:
            kept = {m.id for m in read_po(handle) if m.id}
        if fresh != kept:
            stale.append(f"{page}: {len(fresh - kept)} new, {len(kept - fresh)} gone")
    assert not stale, "run `make translations` and translate: " + "; ".join(stale)


# --- both editions built ---------------------------------------------------------------

class _Page(HTMLParser):
    """A built page: its lang, its chrome's text and attributes, its glued values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lang = ""
        self.chrome: list[str] = []
        self.pasted: list[str] = []
        self.h1 = ""
        self._skip = self._article = self._pasted = self._h1 = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang", "")
        self._skip += tag in ("script", "style")
        self._article += tag == "article"
        self._h1 += tag == "h1"
        if tag == "span" and "pasted-text" in (attrs.get("class") or ""):
            self._pasted += 1
        if not self._article:
            self.chrome += [v for k, v in attrs.items()
                            if k in ("title", "aria-label", "placeholder", "alt") and v]

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0
        self._article -= tag == "article" and self._article > 0
        self._h1 -= tag == "h1" and self._h1 > 0
        if tag == "span" and self._pasted:
            self._pasted -= 1

    def handle_data(self, data):
        if self._skip:
            return
        if self._pasted:
            self.pasted.append(data.strip())
        if self._h1:
            self.h1 += data
        if not self._article and data.strip():
            self.chrome.append(data.strip())


def _read(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


@pytest.fixture(scope="module")
def spanish_html(book_html):
    """The Spanish edition, built with the English book (tests/conftest.py, as `make book`)."""
    spanish = REPO / i18n_build.SPANISH_HTML
    assert (spanish / "index.html").exists() or any(spanish.rglob("*.html")), spanish
    return spanish


def _doc_pages(html: Path) -> list[Path]:
    return sorted(p for p in (html / "chapters").rglob("*.html"))


@pytest.mark.build
def test_every_spanish_page_is_spanish_with_a_switch(spanish_html):
    pages = _doc_pages(spanish_html)
    assert len(pages) >= 14
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert _read(path).lang == "es", path
        href = re.search(r'<nav class="kp-lang-switch"[^>]*><a href="([^"]+)"', text)
        assert href, f"{path}: no language switch"
        assert (path.parent / href.group(1)).resolve().is_file(), f"{path}: {href.group(1)}"


@pytest.mark.build
def test_every_english_page_links_to_its_spanish_twin(spanish_html, book_html):
    for path in _doc_pages(book_html):
        if spanish_html in path.parents:
            continue
        text = path.read_text(encoding="utf-8")
        href = re.search(r'<nav class="kp-lang-switch"[^>]*><a href="([^"]+)"', text)
        assert href, f"{path}: no language switch"
        assert (path.parent / href.group(1)).resolve().is_file(), f"{path}: {href.group(1)}"


@pytest.mark.build
def test_no_english_words_in_the_spanish_theme(spanish_html):
    for path in [*_doc_pages(spanish_html), spanish_html / "search.html"]:
        chrome = " | ".join(_read(path).chrome)
        left = [w for w in (*ENGLISH_UI, *(k.split('"')[1] for k in THEME_ES if '"' in k))
                if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", chrome)]
        assert not left, f"{path.relative_to(spanish_html)}: English theme words {left}"


@pytest.mark.build
def test_finished_pages_in_spanish(spanish_html):
    for page, title in FINISHED_TITLES.items():
        heading = _read(spanish_html / f"{page}.html").h1  # the theme's header repeats it
        assert heading.replace("#", "").replace(title, "").strip() == "", (page, heading)


@pytest.mark.build
def test_glued_numbers_identical_in_both_editions(spanish_html, book_html):
    page = "chapters/appendix/about-data.html"
    english, spanish = _read(book_html / page).pasted, _read(spanish_html / page).pasted
    assert len(english) >= 20
    assert sorted(english) == sorted(spanish)


@pytest.mark.build
def test_spanish_search_stemming(spanish_html):
    assert "SpanishStemmer" in (spanish_html / "_static/language_data.js").read_text("utf-8")


# --- code-produced labels in the Spanish edition ------------------------------------------

def test_slider_map_speaks_spanish(monkeypatch):
    from helpers.viz.maps.choropleth import state_map
    from helpers.viz.maps.examples import _demo_frame

    monkeypatch.setenv("KINGPIN_LANG", "es")
    fragment = state_map(_demo_frame(), value="rate", count="homicides").to_html()
    for english in ("Text version of the map", "<th>Year</th>", "<th>Highest</th>",
                    "the highest value", "The map opens on this year"):
        assert english not in fragment, english
    for spanish in ("Versión en texto del mapa", "<th>Año</th>", "el valor más alto",
                    "Homicidios por cada 100 mil habitantes", "sin datos", "Lugar"):
        assert spanish in fragment, spanish
    monkeypatch.setenv("KINGPIN_LANG", "en")
    assert "Text version of the map" in state_map(_demo_frame(), value="rate").to_html()


def test_spanish_quiz_has_the_same_structure_and_placeholders(monkeypatch):
    from helpers.viz.quiz import QUIZ_DIR, load_questions

    for path in sorted((QUIZ_DIR / "es").glob("*.json")):
        english = json.loads((QUIZ_DIR / path.name).read_text(encoding="utf-8"))
        spanish = json.loads(path.read_text(encoding="utf-8"))
        assert len(spanish) == len(english), path.name
        for en_q, es_q in zip(english, spanish, strict=True):
            assert {k: v for k, v in en_q.items() if k not in ("question", "answers")} == {
                k: v for k, v in es_q.items() if k not in ("question", "answers")}
            assert [{k: v for k, v in a.items() if k not in ("answer", "feedback")}
                    for a in en_q["answers"]] == [
                {k: v for k, v in a.items() if k not in ("answer", "feedback")}
                for a in es_q["answers"]]
    monkeypatch.setenv("KINGPIN_LANG", "es")
    questions = load_questions("intro", n_states=32, president_dec_2006="calderon")
    assert questions[0]["question"].startswith("El operativo del Ejército")


def test_make_site_publishes_the_spanish_edition(tmp_path):
    from booktools.publish import assemble

    html, student = tmp_path / "html", tmp_path / "student"
    for page in (html / "index.html", html / "es" / "index.html", student / "index.html"):
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("<html></html>", encoding="utf-8")
    site = assemble(html, student, tmp_path / "site")
    assert (site / "es" / "index.html").is_file()  # i18n_build.SPANISH_HTML is inside _build/html
    assert i18n_build.SPANISH_HTML.startswith("_build/html/")


def test_every_string_passed_to_tr_is_translated():
    """Every literal label code passes through tr() has a Spanish entry in es.json."""
    literal = re.compile(r'\btr\(\s*"((?:[^"\\]|\\.)*)"\s*[,)]')  # whole literals only
    used = set()
    for path in (REPO / "src/helpers").rglob("*.py"):
        used |= {ast.literal_eval(f'"{m}"') for m in  # escapes decoded, "±" and "–" kept
                 literal.findall(path.read_text(encoding="utf-8"))}
    used -= {"A label nobody translated", "A message nobody translated"}
    assert len(used) >= 15
    assert i18n.untranslated(sorted(used)) == []


# --- the claims table and rules (helpers.claims) -------------------------------------------

def _claims_frame():
    import pandas as pd

    from helpers.claims.registry import CLAIMS

    return pd.DataFrame([{"id": c.id, "claim": c.text, "verdict": v, "key_number": "1.85",
                          "explanation": "", "chapter": c.chapter, "label": c.label,
                          "rule": "", "judgment": c.id == "C13"}
                         for c, v in zip(CLAIMS.values(), ["supported", "partly supported",
                                                           "not supported", "not checkable",
                                                           "pending"] * 3, strict=False)])


def test_claims_table_in_spanish_and_english_unchanged(monkeypatch):
    from helpers.claims.registry import claims_markdown

    frame = _claims_frame()
    monkeypatch.setenv("KINGPIN_LANG", "en")
    english = claims_markdown(frame)
    assert english.splitlines()[0] == (
        "| Claim | What the article says | Verdict | Key number | Checked in |")
    assert "**partly supported**" in english and "pending (" in english
    monkeypatch.setenv("KINGPIN_LANG", "es")
    spanish = claims_markdown(frame)
    assert spanish.splitlines()[0] == (
        "| Afirmación | Qué dice el artículo | Veredicto | Cifra clave | Se verifica en |")
    for word in ("**sustentada**", "**sustentada en parte**", "**no sustentada**",
                 "**no verificable**", "pendiente ("):
        assert word in spanish, word
    assert "Calderón adoptó la estrategia" in spanish and "Calderón adopted" not in spanish


def test_every_claim_and_rule_text_has_spanish(monkeypatch):
    from helpers.claims.registry import CLAIMS, check_all, rules_markdown

    table = check_all()
    texts = [c.text for c in CLAIMS.values()] + [r for r in table["rule"] if r]
    assert len(texts) == 2 * len(CLAIMS)
    assert i18n.untranslated(texts) == []
    monkeypatch.setenv("KINGPIN_LANG", "es")
    rules = rules_markdown(table)
    assert "Sustentada si" in rules and "Supported if" not in rules
    if table["judgment"].any():
        assert "juicio de un lector sobre las fuentes, no un cálculo" in rules


# --- explorers and text alternatives drawn by code -----------------------------------------

def test_explorer_controls_in_spanish(monkeypatch):
    import matplotlib.pyplot as plt

    from helpers.viz.figures.aid import EXPLORER_DOLLARS
    from helpers.viz.widgets import Explorer

    def draw(dollars):
        fig, ax = plt.subplots(figsize=(2, 1))
        ax.plot([0, 1], [0, 1 if dollars == "current" else 2])
        return fig

    seen = []

    def alt(dollars):
        seen.append(dollars)  # the render and alt functions get the value, not the label
        return "A line"

    def build():
        return Explorer(draw, {"dollars": EXPLORER_DOLLARS}, title="U.S. aid to Mexico by account",
                        alt=alt, labels={"dollars": "Dollars"}).static_html()

    monkeypatch.setenv("KINGPIN_LANG", "en")
    english = build()
    assert 'aria-label="U.S. aid to Mexico by account"' in english and ">Dollars</label>" in english
    assert ">constant FY2022 dollars</option>" in english
    monkeypatch.setenv("KINGPIN_LANG", "es")
    spanish = build()
    assert 'aria-label="Ayuda de EE. UU. a México por cuenta"' in spanish
    assert ">Dólares</label>" in spanish
    assert ">dólares constantes del año fiscal 2022</option>" in spanish
    assert set(seen) == {"current", "constant"}


def test_text_alternatives_in_spanish(monkeypatch):
    from helpers.data import load_kingpin_events
    from helpers.viz.figures.aid import explorer_alt
    from helpers.viz.figures.events import organization_years_alt
    from helpers.viz.figures.violence import state_rate_alt

    events = load_kingpin_events()
    monkeypatch.setenv("KINGPIN_LANG", "en")
    assert organization_years_alt(events, "Gulf Cartel").startswith(
        "Stacked bars of kingpin events per year for Gulf Cartel:")
    assert state_rate_alt("16").startswith("Line chart of Michoacán's homicide rate")
    assert explorer_alt("FMF", (2008, 2015), "constant").startswith("Bar chart of U.S.")
    monkeypatch.setenv("KINGPIN_LANG", "es")
    org = organization_years_alt(events, "Gulf Cartel")
    assert org.startswith("Barras apiladas de eventos de capos por año para Cártel del Golfo:")
    assert "capturado" in org and "captured" not in org
    state = state_rate_alt("16")
    assert state.startswith("Gráfica de líneas de la tasa de homicidios") and "Michoacán" in state
    assert "capo" in state and "kingpin" not in state
    aid = explorer_alt("FMF", (2008, 2015), "constant")
    assert aid.startswith("Gráfica de barras") and "FMF (financiamiento militar)" in aid
    assert "constantes del año fiscal 2022" in aid


def test_figures_of_explorers_label_in_spanish(monkeypatch):
    import matplotlib.pyplot as plt

    from helpers.data import load_kingpin_events
    from helpers.viz.figures.aid import render_explorer
    from helpers.viz.figures.events import organization_years_figure
    from helpers.viz.figures.violence import state_rate_figure

    monkeypatch.setenv("KINGPIN_LANG", "es")
    events = load_kingpin_events()
    fig = organization_years_figure(events, "Gulf Cartel")
    ax = fig.axes[0]
    assert ax.get_title(loc="left").startswith("Cártel del Golfo: ")
    assert "capturado" in [t.get_text() for t in ax.get_legend().get_texts()]
    plt.close(fig)
    fig = render_explorer("INCLE", (2008, 2015), "current")
    legend = fig.axes[0].get_legend() or fig.legends[0]  # the legend sits below the axes
    texts = [" ".join(t.get_text().split()) for t in legend.get_texts()]  # wrapped labels
    assert "Compromisos de fondos (Greenbook)" in texts
    assert any(t.startswith("Tabla presupuestaria") and "asignación" in t for t in texts)
    assert "años fiscales 2008–2015" in fig.axes[0].get_title(loc="left")
    assert fig.axes[0].get_ylabel() == "Millones de dólares"
    plt.close(fig)
    fig = state_rate_figure("16")
    texts = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert "México" in texts and "discontinua: serie de INEGI por año de registro" in texts
    plt.close(fig)


def test_every_claim_explained_in_spanish(monkeypatch):
    """Key numbers and explanations of every check are Spanish; verdicts and numbers unchanged."""
    from helpers.claims.registry import CLAIMS, check

    english_words = re.compile(r"\b(the|and|of|which|homicides?|rate|years?)\b")
    for claim_id in CLAIMS:
        monkeypatch.setenv("KINGPIN_LANG", "en")
        en = check(claim_id)
        monkeypatch.setenv("KINGPIN_LANG", "es")
        es = check(claim_id)
        assert es.verdict == en.verdict and es.numbers.keys() == en.numbers.keys(), claim_id
        assert es.explanation != en.explanation, claim_id
        assert not english_words.search(es.explanation), (claim_id, es.explanation)
        assert es.key_number == "—" or not english_words.search(es.key_number), (
            claim_id, es.key_number)


# --- alt texts and captions set in cell metadata (booktools.i18n_fixes) ---------------------

def test_metadata_alt_texts_and_captions_translated_at_build():
    from docutils import nodes

    from booktools.i18n_fixes import metadata_texts, translate_metadata_texts

    texts = metadata_texts()
    done = [t for t in texts if t not in i18n.untranslated(texts)]
    print(f"\nalt texts and captions in cell metadata: {len(done)} of {len(texts)} translated "
          "(src/helpers/reference/locales/es.json)")
    assert len(texts) >= 30
    assert i18n.untranslated(texts) == [], "translate them in src/helpers/reference/locales/es.json"
    alt, caption = done[0], done[1]

    def tree():
        return nodes.section("", nodes.figure("", nodes.image(uri="x.png", alt=alt),
                                              nodes.caption(caption, caption)))

    english = tree()
    assert translate_metadata_texts(english, "en") == 0
    assert next(iter(english.findall(nodes.caption))).astext() == caption
    spanish = tree()
    assert translate_metadata_texts(spanish, "es") == 2
    image = next(iter(spanish.findall(nodes.image)))
    assert image["alt"] == catalog("es")[alt]
    assert next(iter(spanish.findall(nodes.caption))).astext() == catalog("es")[caption]


def test_table_labels_for_display(monkeypatch):
    import pandas as pd

    from helpers.reference.i18n import tr_labels

    table = pd.DataFrame({"State": ["Guerrero"], "Homicides": [2500], 2014: [64.5]})
    monkeypatch.setenv("KINGPIN_LANG", "es")
    shown = tr_labels(table.set_index("State"))
    assert list(shown.columns) == ["Homicidios", 2014] and shown.index.name == "Entidad federativa"
    assert shown.iloc[0, 0] == 2500 and list(table.columns) == ["State", "Homicides", 2014]
    monkeypatch.setenv("KINGPIN_LANG", "en")
    assert list(tr_labels(table).columns) == ["State", "Homicides", 2014]
    with pytest.raises(TypeError, match="frame must be a pandas DataFrame"):
        tr_labels([1, 2])


def test_the_spanish_output_cannot_be_its_own_build_folder(tmp_path):
    """Publishing would delete the build it copies: refused before anything is built."""
    with pytest.raises(ValueError, match="must not be its build folder"):
        i18n_build.build(output=tmp_path / "html", work=tmp_path)
    with pytest.raises(ValueError, match="must not be its build folder"):
        i18n_build.publish(tmp_path, tmp_path)
    assert not (tmp_path / "html").exists()
