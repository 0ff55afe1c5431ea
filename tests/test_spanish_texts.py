"""Texts the Spanish edition shows that are not in the chapters' catalogues (issue 19, item 2).

* the instructor guide's chapter titles, learning objectives and written exercises
  (:mod:`booktools.guide`, read from the chapters' catalogues);
* the context timeline's descriptions (:mod:`helpers.reference.timeline_text`);
* the reference lists' months and conjunctions (:mod:`booktools.i18n_fixes`).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from booktools import guide
from booktools.i18n_fixes import SPANISH_BIB_STYLE, register_spanish_style, spanish_month
from helpers.data import load_context_timeline
from helpers.reference.i18n import CATALOG_DIR
from helpers.reference.timeline_text import timeline_catalog, tr_timeline

# --- instructor guide ---------------------------------------------------------------------

def test_guide_objectives_are_all_translated():
    english = guide.objectives_markdown(lang="en")
    spanish = guide.objectives_markdown(lang="es")
    bullets = [line for line in spanish.splitlines() if line.startswith("- ")]
    assert len(bullets) == sum(line.startswith("- ") for line in english.splitlines()) > 20
    left = [b for b in bullets if b in english.splitlines()]
    assert not left, f"objectives still in English: {left}"
    assert "**Sobre este libro**" in spanish and "About this book" not in spanish


def test_guide_chapter_titles_and_written_exercises_are_translated():
    titles = guide.chapter_table(lang="es")["chapter"]
    assert not set(titles) & set(guide.chapter_table(lang="en")["chapter"])
    english, spanish = guide.exercises(lang="en"), guide.exercises(lang="es")
    assert list(english["label"]) == list(spanish["label"])
    same = spanish[spanish["asks"] == english["asks"]]
    assert same.empty, f"exercises still in English: {list(same['label'])}"
    assert not spanish["asks"].str.contains("a computed value").any()


def test_guide_english_edition_unchanged():
    assert guide.objectives_markdown(lang="en").startswith("**About this book**")
    assert guide.read_chapter(guide.toc_chapters()[0]).title == "About this book"


def test_guide_shown_rejects_an_unknown_language():
    with pytest.raises(ValueError, match="lang='fr'"):
        guide.catalogue("fr")


# --- context timeline ---------------------------------------------------------------------

def test_every_timeline_row_has_a_current_spanish_description():
    data = load_context_timeline().set_index("context_id")["event"]
    catalog = timeline_catalog("es")
    assert sorted(catalog) == sorted(data.index), "one translation per context_id, no extras"
    stale = [k for k, v in catalog.items() if v["en"] != data[k]]
    assert not stale, f"the English of {stale} changed: update es.context_timeline.json"
    same = [k for k, v in catalog.items() if v["es"] == v["en"] or not v["es"].strip()]
    assert not same, f"untranslated: {same}"


def test_timeline_catalogue_keeps_the_catalogue_format():
    path = CATALOG_DIR / "es.context_timeline.json"
    raw = path.read_text(encoding="utf-8")
    assert raw == json.dumps(json.loads(raw), ensure_ascii=False, indent=1) + "\n"


def test_tr_timeline_translates_for_display_only():
    context = load_context_timeline()
    shown = tr_timeline(context, lang="es")
    assert list(shown.columns) == list(context.columns) and shown.index.equals(context.index)
    assert (shown["event"] != context["event"]).all()
    assert tr_timeline(context, lang="en").equals(context)
    gendarmeria = shown.loc[context["event"].str.contains("Gendarmería launched"), "event"]
    assert gendarmeria.item().startswith("Arranca la Gendarmería")
    assert context["event"].str.contains("Gendarmería launched").any()  # data stay English


def test_tr_timeline_keeps_rows_without_translation_and_checks_its_input():
    rows = pd.DataFrame({"context_id": ["CT99"], "event": ["Something new"]})
    assert tr_timeline(rows, lang="es")["event"].item() == "Something new"
    with pytest.raises(ValueError, match="context_id"):
        tr_timeline(rows.drop(columns="context_id"), lang="es")
    with pytest.raises(ValueError, match="lang='fr'"):
        tr_timeline(rows, lang="fr")


# --- bibliography -------------------------------------------------------------------------

def test_spanish_months():
    assert spanish_month("mar") == "marzo de" and spanish_month("December") == "diciembre de"
    assert spanish_month("Summer") == "Summer"


def test_spanish_reference_style_writes_spanish_dates_and_conjunctions():
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin

    from helpers.reference.paths import REPO_ROOT

    register_spanish_style()
    bib = parse_file(str(REPO_ROOT / "references.bib"))
    style = find_plugin("pybtex.style.formatting", SPANISH_BIB_STYLE)()
    entries = {e.key: e.text.render_as("text") for e in style.format_entries(bib.entries.values())}
    dated = {k: e for k, e in bib.entries.items() if "month" in e.fields}
    assert dated
    for key, entry in dated.items():
        spanish = f"{spanish_month(entry.fields['month'])} {entry.fields['year']}"
        assert spanish in entries[key], (key, entries[key])
        assert f", {entry.fields['month']} {entry.fields['year']}" not in entries[key]
    several = [k for k, e in bib.entries.items() if len(e.persons.get("author", [])) > 1]
    assert several
    for key in several:  # the author list
        names = style.format_names("author", as_sentence=False)
        authors = names.format_data({"entry": bib.entries[key], "style": style}).render_as("text")
        assert authors in entries[key]
        assert " y " in authors and " and " not in authors, (key, authors)


def test_reference_field_translations_are_current():
    from pybtex.database import parse_file

    from booktools.i18n_fixes import reference_fields
    from helpers.reference.paths import REPO_ROOT

    bib = parse_file(str(REPO_ROOT / "references.bib"))
    table = reference_fields("es")
    assert table
    for key, fields in table.items():
        assert key in bib.entries, f"{key}: no such entry in references.bib"
        for name, text in fields.items():
            assert bib.entries[key].fields.get(name) == text["en"], (
                f"{key}.{name} changed in references.bib: update es.references.json")
            assert text["es"].strip() and text["es"] != text["en"], (key, name)
    raw = (CATALOG_DIR / "es.references.json").read_text(encoding="utf-8")
    assert raw == json.dumps(json.loads(raw), ensure_ascii=False, indent=1) + "\n"


def test_spanish_labels_and_in_text_citations_join_two_authors_with_y():
    from pybtex.database import parse_file
    from pybtex.plugin import find_plugin
    from sphinxcontrib.bibtex.plugin import find_plugin as find_bibtex_plugin

    from booktools.citations import author_year_label
    from booktools.i18n_fixes import spanish_label
    from helpers.reference.paths import REPO_ROOT

    register_spanish_style()
    bib = parse_file(str(REPO_ROOT / "references.bib"))
    style = find_plugin("pybtex.style.formatting", SPANISH_BIB_STYLE)()
    labels = {e.key: e.label for e in style.format_entries(bib.entries.values())}
    two = [k for k, e in bib.entries.items() if len(e.persons.get("author", [])) == 2]
    assert two
    for key in two:
        english = author_year_label(bib.entries[key])
        assert " and " in english and labels[key] == english.replace(" and ", " y ")
        assert spanish_label(bib.entries[key]) == labels[key]
    referencing = find_bibtex_plugin("sphinxcontrib.bibtex.style.referencing", SPANISH_BIB_STYLE)
    assert referencing().person.sep2 == " y "
