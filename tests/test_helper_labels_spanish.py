"""Labels drawn by helpers are in the reader's language, unchanged in English (issue 19, item 2).

The Spanish sweep (tests/test_spanish_sweep.py) found English drawn by helpers: the
series descriptions and legends, the event-study legend and axis, the aid charts and
the maps' attribution. These tests pin each fix in both languages.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers.analysis.eventstudy import event_study
from helpers.reference.i18n import catalog, tr, trc
from helpers.reference.series import SERIES


def _study(n_boot: int = 50) -> pd.DataFrame:
    long = pd.DataFrame({"cve_ent": ["01"] * 5 + ["02"] * 5, "year": 2010,
                         "month": list(range(1, 6)) * 2,
                         "homicides": [10, 10, 20, 20, 20, 5, 5, 5, 5, 5]})
    ev = pd.DataFrame({"event_id": ["A", "B"], "date": ["2010-03-01", "2010-03-20"],
                       "date_precision": ["day", "month"], "cve_ent": ["01", "02"]})
    return event_study(ev, 2, "count", panel=long, n_boot=n_boot)


def _texts(fig) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in fig.findobj(Text) if t.get_text().strip()]


def test_every_series_description_has_a_spanish_translation():
    table = catalog("es")
    for s in SERIES.values():
        assert s.counts_en in table, s.key
        assert s.publisher_en in table or s.publisher_en.startswith(("INEGI, ", "SESNSP, ")), s.key
        assert tr(s.label, lang="es") != s.label, s.key


def test_series_descriptions_follow_the_language(monkeypatch):
    s = SERIES["sesnsp_cases"]
    monkeypatch.setenv("KINGPIN_LANG", "en")
    assert s.counts == s.counts_en
    assert "by month the case was opened and state of the prosecutor" in s.counts
    monkeypatch.setenv("KINGPIN_LANG", "es")
    assert "mes de inicio de la carpeta" in s.counts
    assert "entidad de la fiscalía" in s.counts


def test_national_series_figure_legend(monkeypatch):
    from helpers.viz.figures.series import national_series_figure

    frame = pd.DataFrame({"series": ["inegi_registration"] * 2, "year": [2000, 2001],
                          "homicides": [10, 12]})
    for lang, label, ylabel in (("en", "INEGI, year of registration", "Homicides per year"),
                                ("es", "INEGI, año de registro", "Homicidios por año")):
        monkeypatch.setenv("KINGPIN_LANG", lang)
        fig = national_series_figure(frame)
        assert [line.get_label() for line in fig.axes[0].get_lines()][0] == label
        assert fig.axes[0].get_ylabel() == ylabel
        plt.close(fig)


def test_event_study_legend_and_axis(monkeypatch):
    from helpers.viz.figures.eventstudy import plot_event_study

    study = _study()
    monkeypatch.setenv("KINGPIN_LANG", "en")
    fig = plot_event_study({"Captures and killings": study})
    assert fig.axes[0].get_legend().get_texts()[0].get_text() == (
        "Captures and killings (2 events, too few for a band)")
    assert fig.axes[0].get_ylabel() == "Change from pre-event mean (%)"
    assert "event month" in _texts(fig)
    plt.close(fig)
    monkeypatch.setenv("KINGPIN_LANG", "es")
    fig = plot_event_study({"Captures and killings": study})
    assert fig.axes[0].get_legend().get_texts()[0].get_text() == (
        "Detenciones y abatimientos (2 eventos, muy pocos para una banda)")
    assert fig.axes[0].get_ylabel() == "Cambio respecto a la media previa al evento (%)"
    assert "mes del evento" in _texts(fig)
    plt.close(fig)


@pytest.mark.parametrize("n, en, es", [(1, "x (1 event)", "x (1 evento)"),
                                       (3, "x (3 events)", "x (3 eventos)")])
def test_event_count_templates(n, en, es):
    for template in ("{label} ({n} events)", "{label} ({n} event)"):
        assert template in catalog("es")
    template = "{label} ({n} event" + ("s" if n != 1 else "") + ")"
    assert tr(template, lang="en", label="x", n=n) == en
    assert tr(template, lang="es", label="x", n=n) == es


def test_aid_closing_charts(monkeypatch):
    from helpers.viz.figures.aid import plot_closing_charts

    monkeypatch.setenv("KINGPIN_LANG", "en")
    english = _texts(fig := plot_closing_charts())
    plt.close(fig)
    assert "State: INCLE" in english
    assert "U.S. aid to Mexico, FY2011–FY2014 (Greenbook obligations)" in english
    assert any(t.startswith("Not drawn (too small to see): ") for t in english)
    monkeypatch.setenv("KINGPIN_LANG", "es")
    spanish = _texts(fig := plot_closing_charts())
    plt.close(fig)
    assert "Departamento de Estado: INCLE" in spanish
    assert ("Ayuda de EE. UU. a México, años fiscales 2011–2014 "
            "(compromisos de fondos del Greenbook)") in spanish
    assert any(t.startswith("No se dibujan (demasiado pequeñas para verse): ") for t in spanish)


def test_aid_stage_and_agency_legends(monkeypatch):
    from helpers.viz.figures.aid import plot_by_agency, plot_stages

    monkeypatch.setenv("KINGPIN_LANG", "es")
    fig = plot_stages(years=(2008, 2010))
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["Solicitud del presidente", "Asignado y planeado", "Compromisos de fondos",
                      "Desembolsos"]
    plt.close(fig)
    fig = plot_by_agency(years=(2008, 2010))
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["Departamento de Estado", "USAID", "Defensa", "Otras agencias"]
    plt.close(fig)
    monkeypatch.setenv("KINGPIN_LANG", "en")
    fig = plot_by_agency(years=(2008, 2010))
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["State", "USAID", "Defense", "Other agencies"]
    plt.close(fig)


def test_trc_keeps_contexts_apart_and_checks_input():
    assert trc("agency", "State", lang="es") == "Departamento de Estado"
    assert tr("State", lang="es") == "Entidad federativa"
    assert trc("agency", "USAID", lang="es") == "USAID"  # no entry: unchanged
    assert trc("agency", "State", lang="en") == "State"
    with pytest.raises(TypeError, match="context"):
        trc(None, "State")  # type: ignore[arg-type]


def test_map_attribution(monkeypatch):
    from helpers.data.geo import INEGI_CREDIT
    from helpers.viz.maps.choropleth import _credit

    monkeypatch.setenv("KINGPIN_LANG", "en")
    assert _credit("CONAPO (population).") == (
        f"Boundaries: {INEGI_CREDIT} Data: CONAPO (population).")
    assert _credit(None) == f"Boundaries: {INEGI_CREDIT}"
    monkeypatch.setenv("KINGPIN_LANG", "es")
    assert _credit("INEGI (homicides), CONAPO (population).") == (
        f"Límites: {INEGI_CREDIT} Datos: INEGI (homicidios), CONAPO (población).")


def test_moran_by_year_legend(monkeypatch):
    from helpers.viz.figures.spatial import plot_moran_by_year

    table = pd.DataFrame({"year": [2000, 2001], "moran_i": [0.2, 0.3],
                          "expected": [-1 / 31] * 2, "p_sim": [0.04, 0.2]})
    expected = {"en": ["p ≤ 0.05 (permutation test)", "p > 0.05", "Expected without clustering"],
                "es": ["p ≤ 0.05 (prueba de permutaciones)", "p > 0.05",
                       "Esperado sin agrupamiento"]}
    for lang, labels in expected.items():
        monkeypatch.setenv("KINGPIN_LANG", lang)
        fig = plot_moran_by_year(table)
        assert [t.get_text() for t in fig.axes[0].get_legend().get_texts()] == labels
        plt.close(fig)


def test_slider_map_year_notes_follow_the_language(monkeypatch):
    from helpers.analysis.rates import map_frame
    from helpers.data import load_homicides
    from helpers.viz.maps.choropleth import state_map

    frame, notes = map_frame(load_homicides("state"))
    frame = frame[frame["year"].isin([1999, 2000])]
    notes = {y: n for y, n in notes.items() if y in (1999, 2000)}
    for lang, words in (("en", "INEGI microdata, date of occurrence"),
                        ("es", "microdatos de INEGI, fecha de ocurrencia")):
        monkeypatch.setenv("KINGPIN_LANG", lang)
        page = state_map(frame, value="rate", year_notes=notes).to_html()
        assert words in page, lang
