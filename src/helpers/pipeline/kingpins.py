"""Pipeline family ``kingpins``: the hand-compiled kingpin events and context timeline.

Reads ``kingpins/kingpin_events.csv`` (82 captures, killings, extraditions,
escapes and releases of cartel leaders and senior lieutenants, 2001-2024) and
``kingpins/context_timeline.csv`` (30 context events) and writes
``data/kingpin_events.csv`` and ``data/context_timeline.csv``.

Every row is kept with its sources. The pipeline adds, and never replaces:

* ``cve_ent`` -- the state code from :func:`helpers.reference.states.normalize_state`;
* ``presidency`` -- the term in office on the date, from
  :func:`helpers.reference.presidency.presidency_on` (checked against the compiler's own
  ``presidency`` column, which must agree), and ``presidency_certain``, false
  when a month- or year-precision date spans two terms;
* ``organization_group`` and ``role_level`` -- coarse groupings for filters;
* ``actor`` -- who carried out the event (:data:`ACTORS`): ``rivals`` for the
  killings the notes mark "NOT a state action", ``us_authorities`` for the
  captures made outside Mexico (the U.S. Coast Guard at sea in 2006, U.S.
  agents in New Mexico in 2024), ``other`` for escapes (the prisoner's own
  act), and ``mexican_state`` for every other capture, killing, extradition and
  release (Mexican forces, prosecutors, courts or the executive);
* ``released_same_day`` -- true for a capture whose person the table also shows
  released on the same date (Ovidio Guzmán, Culiacán, 17 October 2019): such a
  capture removed nobody, and the book's removal counts leave it out;
* ``cvegeo`` -- the INEGI municipality code of ``place_municipality``, found by
  matching the name within the state (:func:`helpers.reference.text.fold`:
  accents, case and punctuation ignored) against the names of the municipal
  boundaries (:func:`municipality_names`); a name that matches no municipality,
  or several, stops the pipeline;
* ``disputed`` and ``conflicts`` -- where the compiler's notes record sources
  that disagree on the date, place, force or nature of the event, a short
  summary of the alternatives (the full text stays in ``notes``).

The context timeline is kept as compiled, with two documented exceptions
(:data:`CONTEXT_CORRECTIONS`, :data:`CONTEXT_ADDITIONS`): the row of 7 November
2014 no longer calls that day's account the "historical truth" (the Attorney
General coined the phrase on 27 January 2015, added as its own row), and the
Bicentennial Framework of 8 October 2021, which replaced the Mérida Initiative,
is added. Each change cites its sources; ``amended`` marks the rows.

See ``kingpins/SOURCES.md`` in the raw folder for how the rows were compiled.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
from pathlib import Path

import pandas as pd

from helpers.pipeline.core import Field, RawFile, Table, source
from helpers.reference.paths import data_dir
from helpers.reference.presidency import TERMS, presidency_on
from helpers.reference.states import normalize_state
from helpers.reference.text import fold

RAW_FILES = [
    RawFile(
        "kingpins/kingpin_events.csv",
        "d0e2d03badda1e74ff6831bdaf325cbbb35ca3cd996d8bce0262a218e8aefce1",
    ),
    RawFile(
        "kingpins/context_timeline.csv",
        "3c6ef8993d42845e726cb8db43ff7f801f4036b51dafb344cc9329f2aedb853a",
    ),
]

FAMILY = "kingpins"

EVENT_TYPES = ("captured", "killed", "extradited", "escaped", "released")
ROLES = ("leader", "co-leader", "lieutenant", "plaza boss", "financier")
#: Coarse role used by the studies (Calderón et al. 2015 split leaders and lieutenants).
ROLE_LEVEL = {
    "leader": "leader",
    "co-leader": "leader",
    "lieutenant": "lieutenant",
    "plaza boss": "lieutenant",
    "financier": "lieutenant",
}
PRECISIONS = ("day", "month", "year")

#: Who carried out an event. The first is the default of every removal count.
ACTORS = ("mexican_state", "us_authorities", "rivals", "other")
#: The notes' marker for killings by rivals (SOURCES.md, section 2).
RIVALS_MARKER = "NOT a state action"
#: Rows the compiler places outside Mexico: U.S. operations (SOURCES.md, section 2).
#: The pipeline checks that these are exactly the rows with a non-Mexican ``country``.
US_OPERATIONS = frozenset({"KP009", "KP081", "KP082"})
_SOL2022 = ("El Sol de México, '¿Quién es Jesús Murillo Karam, el autor de la \"verdad "
            "histórica\" en el caso Ayotzinapa?', 2022-08-19 <https://elsoldemexico.com.mx/"
            "mexico/politica/quien-es-jesus-murillo-karam-el-autor-de-la-verdad-historica-en-"
            "el-caso-ayotzinapa-8765068.html>")
_REPORTEROS2015 = ("Reporteros (blog), 'El basurero de Murillo', 2015-12 (quotes the "
                   "Attorney General's statement of 27 Jan 2015) <https://reporteroscom."
                   "blogspot.com/2015/12/el-basurero-de-murillo.html>")

#: Context rows whose text the pipeline corrects: date as given -> (new text, reason).
#: The raw row of 7 Nov 2014 called that day's account the "historical truth"; the
#: Attorney General coined the phrase when he closed the inquiry on 27 Jan 2015.
CONTEXT_CORRECTIONS: dict[str, tuple[str, str]] = {
    "2014-11-07": (
        "Attorney General Murillo Karam presents detainees' confessions that the students "
        "were killed and burned at the Cocula dump; date given as 7 or 8 Nov by different "
        "sources (he calls this account the 'historical truth' only on 27 Jan 2015)",
        _SOL2022,
    ),
}

#: Context rows the raw table lacks, each with its sources (read for this book).
CONTEXT_ADDITIONS: tuple[dict[str, str], ...] = (
    {"date": "2015-01-27",
     "event": "Attorney General Murillo Karam closes the inquiry into the 43 Ayotzinapa "
              "students and calls the Cocula dump account the 'historical truth'",
     "place_state": "Guerrero",
     "source": f"{_REPORTEROS2015} | {_SOL2022}"},
    {"date": "2021-10-08",
     "event": "High-Level Security Dialogue in Mexico City: the U.S.-Mexico Bicentennial "
              "Framework for Security, Public Health and Safe Communities replaces the "
              "Mérida Initiative, adding public health, arms trafficking and synthetic-drug "
              "(fentanyl) precursors to the agenda",
     "place_state": "Ciudad de México",
     "source": "Associated Press via Arkansas Democrat-Gazette, 'Mexico, U.S. forging new "
               "security framework', 2021-10-09 <https://www.arkansasonline.com/news/2021/oct/"
               "09/mexico-us-forging-new-security-framework/> | Voice of America (editorial), "
               "'U.S. and Mexico Agree to Bicentennial Framework', 2021-10 <https://editorials."
               "voa.gov/a/u-s-and-mexico-agree-to-bicentennial-framework/6304393.html> | "
               "Associated Press via KRDO, 'US and Mexico begin work on new security "
               "framework', 2021-12-14 <https://krdo.com/news/2021/12/14/us-and-mexico-begin-"
               "work-on-new-security-framework/>"},
)

#: Path, inside the processed data folder, of the municipal boundaries whose names
#: ``cvegeo`` is matched against (written by the ``geometry`` family).
MUNICIPALITIES_GEOJSON = "geo/municipalities.geojson"

#: Organisation labels of the raw table -> the organisation they belong to at the
#: time of the event (the name before the faction in parentheses). A new label in
#: the raw file stops the pipeline until it is added here.
ORGANIZATION_GROUPS = {
    "Sinaloa Cartel": "Sinaloa Cartel",
    "Sinaloa Cartel (Los Chapitos)": "Sinaloa Cartel",
    "Sinaloa Cartel (Beltrán Leyva faction)": "Sinaloa Cartel",
    "Tijuana Cartel (Arellano Félix Organization)": "Tijuana Cartel",
    # El Teo: a faction that split from the Arellano Félix organisation in Tijuana.
    "Tijuana faction allied with Sinaloa Cartel (ex-AFO)": "Tijuana Cartel",
    "Gulf Cartel": "Gulf Cartel",
    # Z-1 and Z-2 were arrested or killed while Los Zetas were the Gulf Cartel's armed wing.
    "Gulf Cartel (Los Zetas, armed wing)": "Gulf Cartel",
    "Los Zetas": "Los Zetas",
    "Los Zetas (breakaway faction)": "Los Zetas",
    "Beltrán Leyva Organization": "Beltrán Leyva Organization",
    "Beltrán Leyva Organization (own faction)": "Beltrán Leyva Organization",
    "Guerreros Unidos (Beltrán Leyva splinter)": "Guerreros Unidos",
    "Juárez Cartel (Carrillo Fuentes Organization)": "Juárez Cartel",
    "Juárez Cartel (La Línea)": "Juárez Cartel",
    "Juárez Cartel (aligned)": "Juárez Cartel",
    "Jalisco New Generation Cartel (CJNG)": "Jalisco New Generation Cartel",
    "Jalisco New Generation Cartel (CJNG) / Los Cuinis": "Jalisco New Generation Cartel",
    "Cártel Nueva Plaza (CJNG splinter)": "Cártel Nueva Plaza",
    "La Familia Michoacana": "La Familia Michoacana",
    "Knights Templar (Caballeros Templarios)": "Knights Templar",
    "Guadalajara Cartel (founder)": "Guadalajara Cartel",
    "Guadalajara Cartel (founder) / Caro Quintero organization": "Guadalajara Cartel",
    "Santa Rosa de Lima Cartel": "Santa Rosa de Lima Cartel",
}

#: Rows whose notes record sources that disagree (SOURCES.md, section 4 and
#: "Review"): what is disputed and the alternatives, summarised from ``notes``.
#: The main columns keep the compiler's choice (the contemporaneous wire or
#: official version).
CONFLICTS: dict[str, tuple[str, str]] = {
    "KP005": ("date", "21 Nov 2002 (Wikipedia) vs 22 Nov 2002 (contemporaneous Matamoros "
                      "reports); the army-confrontation version is also questioned"),
    "KP007": ("actor", "ambush by rival gunmen (kept) vs La Jornada's first report that state "
                       "police shot him"),
    "KP008": ("force", "PFP and AFI agents (kept) vs the Navy (Ravelo)"),
    "KP009": ("date", "14 Aug 2006 (AP, DEA, ABC) vs 15 Aug 2006 (an LA Times follow-up, "
                      "Washington Times)"),
    "KP016": ("date", "25 Oct 2008 (kept; DEA) vs 26 Oct 2008 (some secondary sources)"),
    "KP018": ("date", "18 Mar 2009 (kept) vs 19 Mar 2009 (PGR via Proceso and La Jornada)"),
    "KP022": ("date", "18 Feb 2010 (AP, LA Times, Proceso) vs 19 Feb 2010 (DEA release)"),
    "KP025": ("place", "Lerma vs Ocoyoacac for the village of Salazar, State of Mexico"),
    "KP032": ("date; place", "29 Jul 2011, Chihuahua city (AP, SSP) vs 31 Jul 2011, "
                             "Ciudad Juárez (Justice in Mexico)"),
    "KP035": ("date", "9 Mar 2012 (contemporaneous sources) vs 3 Mar 2012 (Wikipedia)"),
    "KP036": ("date", "3 Sep 2012 (Justice in Mexico) vs 4 Sep 2012 (AP list; possibly the "
                      "announcement)"),
    "KP038": ("date", "26 Sep 2012 vs 27 Sep 2012 (AP list; date of presentation)"),
    "KP039": ("force", "Navy (kept; SEMAR communiqué) vs Army (EFE, Tamaulipas spokesman)"),
    "KP041": ("place", "Anáhuac, Nuevo León (SEIDO) vs Nuevo Laredo, Tamaulipas (several "
                       "outlets)"),
    "KP043": ("place", "Reynosa vs Río Bravo (Tamaulipas prosecutors)"),
    "KP044": ("place", "Cabo San Lucas vs the Cabo San Lucas-San José del Cabo corridor "
                       "(both in Los Cabos)"),
    "KP049": ("place", "Tumbiscatío vs Naranjo de Chila, Aguililla; an autodefensa leader "
                       "claimed he was taken alive"),
    "KP050": ("date", "31 Mar 2014 (kept) vs 30 Mar (Commissioner Rubido) vs 1 Apr 2014 "
                      "(Justice in Mexico)"),
    "KP051": ("date; place", "29 Apr 2014 (kept) vs May 2014 (La Prensa); Toluca per the PGR "
                             "via La Jornada (not entered)"),
    "KP052": ("date", "23 Jun 2014 vs 24 Jun 2014 (EPA caption; likely the presentation)"),
    "KP054": ("date; force", "9 Oct 2014, Federal Police (kept) vs 10 Oct 2014, Army, Navy "
                             "and PGR (Ríodoce)"),
    "KP056": ("date", "15 Nov 2014 (DOJ, Reuters) vs a PGR report dated 7 Nov 2014"),
    "KP067": ("place", "Tepic municipality (RT citing Proceso) vs near San Blas (Mexico News "
                       "Daily); municipality left blank"),
    "KP070": ("date; place", "27 Dec 2017 (kept; Wikipedia only) vs 29 Dec (Altiplano) vs "
                             "30 Dec 2017 (Puente Grande)"),
    "KP071": ("force", "military police vs National Guard"),
    "KP076": ("date", "day unknown: September 2022 (month precision)"),
    "KP079": ("force", "Army and National Guard (La Razón) vs Navy and National Guard (some "
                       "local reports)"),
    "KP081": ("place; actor", "Santa Teresa, New Mexico vs 'El Paso, Texas' (DOJ); Zambada "
                              "says he was kidnapped and delivered"),
}

#: The 41 rows the compiler re-checked against a further source ("Review" in
#: SOURCES.md): the 26 flagged rows (its list omits KP071, which it reports among
#: the confirmed ones) and a random sample of 15 others.
REVIEWED = frozenset(
    "KP004 KP005 KP008 KP009 KP016 KP021 KP022 KP025 KP032 KP034 KP035 KP036 KP038 KP041 "
    "KP043 KP044 KP049 KP050 KP052 KP056 KP067 KP070 KP071 KP076 KP079 KP081 "
    "KP003 KP006 KP007 KP010 KP011 KP014 KP019 KP029 KP033 KP039 KP051 KP054 KP058 KP062 "
    "KP075".split()
)

_PRESIDENCY_KEYS = tuple(t.key for t in TERMS)
_SHORT_TO_KEY = {t.short: t.key for t in TERMS}

_CREDIT = (
    "Compiled by hand for this book from the contemporaneous news reports and official "
    "releases cited in each row (source_1, source_2); notes are paraphrases. The raw folder's "
    "SOURCES.md states no licence; the compilation is released with the book's data under "
    "CC BY 4.0, and the cited reports remain their publishers'."
)


def _span(start: dt.date, precision: str) -> tuple[dt.date, dt.date]:
    """Return the first and last real day a date of the given precision can mean."""
    if precision == "day":
        return start, start
    if precision == "month":
        last = calendar.monthrange(start.year, start.month)[1]
        return start, start.replace(day=last)
    return start, start.replace(month=12, day=31)


def _presidency_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``presidency``, ``presidency_label`` and ``presidency_certain`` from the dates."""
    keys, labels, certain = [], [], []
    for iso, precision in zip(frame["date"], frame["date_precision"], strict=True):
        first, last = _span(dt.date.fromisoformat(iso), precision)
        term = presidency_on(first)
        keys.append(term.key)
        labels.append(term.short)
        certain.append(presidency_on(last).key == term.key)
    out = frame.copy()
    out["presidency"] = keys
    out["presidency_label"] = labels
    out["presidency_certain"] = pd.array(certain, dtype="boolean")
    return out


def _state_codes(places: pd.Series) -> pd.Series:
    return places.map(lambda s: normalize_state(s) if s else pd.NA).astype("string")


def _count_sources(*columns: pd.Series) -> pd.Series:
    total = sum(col.fillna("").str.len().gt(0).astype(int) for col in columns)
    return pd.Series(total, dtype="Int64")


def municipality_names(geojson: bytes) -> dict[tuple[str, str], list[str]]:
    """Return ``{(cve_ent, folded name): [cvegeo, ...]}`` from municipal GeoJSON bytes.

    Examples
    --------
    >>> one = {"type": "Feature", "geometry": None,
    ...        "properties": {"cvegeo": "17007", "cve_ent": "17", "name": "Cuernavaca"}}
    >>> municipality_names(json.dumps({"features": [one]}).encode())
    {('17', 'cuernavaca'): ['17007']}
    """
    lookup: dict[tuple[str, str], list[str]] = {}
    for feature in json.loads(geojson)["features"]:
        props = feature["properties"]
        lookup.setdefault((props["cve_ent"], fold(props["name"])), []).append(props["cvegeo"])
    return lookup


def _actors(frame: pd.DataFrame) -> pd.Series:
    """Return the ``actor`` of every row (see the module docstring for the rule)."""
    abroad = set(frame.loc[frame["country"] != "Mexico", "event_id"])
    if abroad != US_OPERATIONS:
        raise ValueError(
            f"Rows outside Mexico {sorted(abroad)} differ from US_OPERATIONS "
            f"{sorted(US_OPERATIONS)}; read their notes and update US_OPERATIONS."
        )
    rivals = frame["notes"].fillna("").str.contains(RIVALS_MARKER, regex=False)
    actor = pd.Series("mexican_state", index=frame.index, dtype="string")
    actor[frame["event_type"] == "escaped"] = "other"
    actor[frame["event_id"].isin(US_OPERATIONS)] = "us_authorities"
    actor[rivals] = "rivals"
    return actor


def _released_same_day(frame: pd.DataFrame) -> pd.Series:
    """Flag the captures whose person has a ``released`` row with the same date."""
    releases = set(zip(frame.loc[frame["event_type"] == "released", "name"],
                       frame.loc[frame["event_type"] == "released", "date"], strict=True))
    flags = [t == "captured" and (n, d) in releases
             for t, n, d in zip(frame["event_type"], frame["name"], frame["date"], strict=True)]
    return pd.Series(pd.array(flags, dtype="boolean"), index=frame.index)


def _municipality_codes(frame: pd.DataFrame,
                        names: dict[tuple[str, str], list[str]]) -> pd.Series:
    """Return ``cvegeo`` for every row; stop on a name that matches no or several places."""
    codes: list[str | None] = []
    problems = []
    for event, place, state in zip(frame["event_id"], frame["place_municipality"],
                                   frame["cve_ent"], strict=True):
        if pd.isna(place):
            codes.append(None)
            continue
        found = names.get((str(state), fold(place)), []) if pd.notna(state) else []
        if len(found) != 1:
            problems.append(f"{event} {place!r} in state {state}: {found or 'no match'}")
            codes.append(None)
        else:
            codes.append(found[0])
    if problems:
        raise ValueError("Municipality names that match no single INEGI municipality of the "
                         "state: " + "; ".join(problems) + ".")
    return pd.Series(pd.array(codes, dtype="string"), index=frame.index)


def build_events(path: Path, municipalities: bytes | None = None) -> pd.DataFrame:
    """Return the processed kingpin events table from the raw CSV at ``path``.

    Parameters
    ----------
    path : pathlib.Path
        The raw ``kingpin_events.csv``.
    municipalities : bytes, optional
        The municipal boundaries (GeoJSON) whose names give ``cvegeo``; by
        default the committed ``data/geo/municipalities.geojson``.

    Raises
    ------
    ValueError
        If a value falls outside the documented conventions (unknown organisation
        label, role, event type or precision; a ``presidency`` the date contradicts;
        a municipality name that matches no single municipality of its state).

    Examples
    --------
    >>> from helpers.reference.paths import raw_dir
    >>> build_events(raw_dir() / "kingpins/kingpin_events.csv").shape[0]  # doctest: +SKIP
    82
    """
    raw = pd.read_csv(path, dtype="string", keep_default_na=False, na_values=[""])
    for column, allowed in (("event_type", EVENT_TYPES), ("role", ROLES),
                            ("date_precision", PRECISIONS)):
        bad = sorted(set(raw[column].dropna()) - set(allowed))
        if bad:
            raise ValueError(f"{path.name}: {column} values {bad} are not among {allowed}.")
    unknown = sorted(set(raw["organization"].dropna()) - set(ORGANIZATION_GROUPS))
    if unknown:
        raise ValueError(
            f"{path.name}: organisation labels {unknown} have no group; add them to "
            "ORGANIZATION_GROUPS in helpers/pipeline/kingpins.py."
        )
    missing = sorted(set(CONFLICTS) - set(raw["event_id"]))
    if missing:
        raise ValueError(f"CONFLICTS names rows {missing} that are not in {path.name}.")

    out = _presidency_columns(raw)
    disagree = out["presidency"] != raw["presidency"].map(_SHORT_TO_KEY)
    if disagree.any():
        rows = ", ".join(out.loc[disagree, "event_id"])
        raise ValueError(
            f"{path.name}: the compiler's presidency differs from the one the date gives "
            f"for {rows}; check the dates."
        )
    out["year"] = pd.array([int(d[:4]) for d in out["date"]], dtype="Int64")
    out["organization_group"] = out["organization"].map(ORGANIZATION_GROUPS).astype("string")
    out["role_level"] = out["role"].map(ROLE_LEVEL).astype("string")
    out["cve_ent"] = _state_codes(out["place_state"].fillna(""))
    out["actor"] = _actors(out)
    out["by_rivals"] = pd.array(out["actor"] == "rivals", dtype="boolean")
    out["released_same_day"] = _released_same_day(out)
    if municipalities is None:
        municipalities = (data_dir() / MUNICIPALITIES_GEOJSON).read_bytes()
    out["cvegeo"] = _municipality_codes(out, municipality_names(municipalities))
    out["n_sources"] = _count_sources(out["source_1"], out["source_2"])
    out["disputed"] = out["event_id"].map(lambda i: CONFLICTS[i][0] if i in CONFLICTS else pd.NA)
    out["conflicts"] = out["event_id"].map(lambda i: CONFLICTS[i][1] if i in CONFLICTS else pd.NA)
    out["reviewed"] = pd.array(out["event_id"].isin(REVIEWED), dtype="boolean")
    out["corrected_on_review"] = pd.array(
        out["notes"].fillna("").str.contains("Corrected on review", regex=False), dtype="boolean"
    )
    return out.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)


def _context_precision(text: str) -> tuple[str, str]:
    """Return (ISO first day, precision) for a YYYY-MM-DD, YYYY-MM or YYYY date."""
    parts = text.split("-")
    if len(parts) == 3:
        return text, "day"
    if len(parts) == 2:
        return f"{text}-01", "month"
    if len(parts) == 1 and len(text) == 4:
        return f"{text}-01-01", "year"
    raise ValueError(f"context_timeline.csv: cannot read the date {text!r}.")


def build_context(path: Path) -> pd.DataFrame:
    """Return the processed context timeline from the raw CSV at ``path``.

    Examples
    --------
    >>> from helpers.reference.paths import raw_dir
    >>> build_context(raw_dir() / "kingpins/context_timeline.csv").shape[0]  # doctest: +SKIP
    32
    """
    raw = pd.read_csv(path, dtype="string", keep_default_na=False, na_values=[""])
    missing = sorted(set(CONTEXT_CORRECTIONS) - set(raw["date"]))
    if missing:
        raise ValueError(f"CONTEXT_CORRECTIONS names dates {missing} that are not in "
                         f"{path.name}.")
    raw["amended"] = "none"
    for date, (text, _source) in CONTEXT_CORRECTIONS.items():
        at = raw["date"] == date
        raw.loc[at, "event"] = text
        raw.loc[at, "source"] = raw.loc[at, "source"] + " | " + _source
        raw.loc[at, "amended"] = "corrected"
    added = pd.DataFrame(list(CONTEXT_ADDITIONS), dtype="string").assign(amended="added")
    raw = pd.concat([raw, added], ignore_index=True).astype("string")
    raw = raw.rename(columns={"date": "date_as_given"})
    parsed = [_context_precision(d) for d in raw["date_as_given"]]
    raw["date"] = [p[0] for p in parsed]
    raw["date_precision"] = [p[1] for p in parsed]
    out = _presidency_columns(raw)
    out["year"] = pd.array([int(d[:4]) for d in out["date"]], dtype="Int64")
    out["cve_ent"] = _state_codes(out["place_state"].fillna(""))
    out["n_sources"] = pd.Series(
        [len([s for s in str(v).split(" | ") if s.strip()]) for v in out["source"]],
        dtype="Int64",
    )
    out = out.sort_values(["date"], kind="stable").reset_index(drop=True)
    out["context_id"] = [f"CT{i:02d}" for i in range(1, len(out) + 1)]
    return out


def _common_fields() -> dict[str, Field]:
    return {
        "date": Field(
            "date", "date",
            "First day the event can fall on (ISO YYYY-MM-DD). With month precision the day "
            "is a placeholder 01, with year precision the date is YYYY-01-01: placeholders are "
            "not real days.",
        ),
        "date_precision": Field(
            "date_precision", "string", "How precise the date is: day, month or year.",
            enum=PRECISIONS,
        ),
        "year": Field("year", "year", "Calendar year of the date."),
        "presidency": Field(
            "presidency", "string",
            "Key of the Mexican presidential term in office on `date` "
            "(helpers.reference.presidency.presidency_on).",
            enum=_PRESIDENCY_KEYS,
        ),
        "presidency_label": Field(
            "presidency_label", "string", "Surname of the president in office, for labels."
        ),
        "presidency_certain": Field(
            "presidency_certain", "boolean",
            "False when a month- or year-precision date spans two terms, so the presidency "
            "depends on the unknown day.",
        ),
        "cve_ent": Field(
            "cve_ent", "string",
            "INEGI state code ('01'..'32') of place_state "
            "(helpers.reference.states.normalize_state); "
            "empty when no Mexican state is given.",
            required=False,
        ),
    }


def _event_fields() -> list[Field]:
    common = _common_fields()
    return [
        Field("event_id", "string", "Row identifier KP001..KP082 (not strictly chronological: "
              "sort by date)."),
        common["date"],
        common["date_precision"],
        common["year"],
        Field("name", "string", "Full name of the person, with Spanish accents."),
        Field("alias", "string", "Alias or aliases, separated by '; '; empty if the sources "
              "read gave none.", required=False),
        Field("organization", "string", "Organisation at the time of the event as the "
              "compiler recorded it, faction in parentheses."),
        Field("organization_group", "string", "Organisation the row belongs to at the time "
              "(the name before the faction), for grouping and filters."),
        Field("role", "string", "Role at the time of the event, as the sources present it "
              "(a judgement; disputed cases in notes).", enum=ROLES),
        Field("role_level", "string", "leader (leader, co-leader) or lieutenant (lieutenant, "
              "plaza boss, financier).", enum=("leader", "lieutenant")),
        Field("event_type", "string", "What happened to the person.", enum=EVENT_TYPES),
        Field("actor", "string", "Who carried out the event: mexican_state (Mexican forces, "
              "prosecutors, courts or the executive: captures, killings, extraditions, "
              "releases), us_authorities (captures outside Mexico by U.S. agents or the U.S. "
              "Coast Guard), rivals (killings the notes mark 'NOT a state action'), other "
              "(escapes).", enum=ACTORS),
        Field("by_rivals", "boolean", "True for the killings by rival gunmen (actor == "
              "'rivals'); kept for older code."),
        Field("released_same_day", "boolean", "True for a capture whose person the table "
              "shows released on the same date (Ovidio Guzmán, 17 Oct 2019); not counted as "
              "a removal."),
        Field("place_municipality", "string", "Municipality where a source names one; "
              "localities are in notes.", required=False),
        Field("place_state", "string", "State as the compiler wrote it (INEGI style); empty "
              "outside Mexico or if unknown.", required=False),
        common["cve_ent"],
        Field("cvegeo", "string", "INEGI municipality code of place_municipality, matched "
              "by name within the state (accents and case ignored) against the municipal "
              "boundaries; empty when no municipality is given.", required=False),
        Field("country", "string", "Mexico, United States, or international waters."),
        common["presidency"],
        common["presidency_label"],
        common["presidency_certain"],
        Field("n_sources", "integer", "Number of cited sources (1 or 2).", minimum=1),
        Field("source_1", "string", "Main source: publisher (author), title, date <URL>."),
        Field("source_2", "string", "Second, independent source where one was found.",
              required=False),
        Field("disputed", "string", "What sources disagree on, from the notes: date, place, "
              "force, actor (several separated by '; '); empty if no disagreement is noted.",
              required=False),
        Field("conflicts", "string", "The alternatives the notes record, summarised; the main "
              "columns keep the contemporaneous wire or official version.", required=False),
        Field("reviewed", "boolean", "True for the 41 rows the compiler re-checked against a "
              "further source."),
        Field("corrected_on_review", "boolean", "True where the review changed a value "
              "(notes start the change with 'Corrected on review')."),
        Field("notes", "string", "The compiler's notes: force responsible, conflicts, "
              "uncertainty flags.", required=False),
    ]


def _context_fields() -> list[Field]:
    common = _common_fields()
    return [
        Field("context_id", "string", "Row identifier CT01.., in date order."),
        Field("date_as_given", "string", "Date as the sources give it: YYYY-MM-DD, YYYY-MM "
              "or YYYY."),
        common["date"],
        common["date_precision"],
        common["year"],
        Field("event", "string", "What happened, paraphrased."),
        Field("place_state", "string", "State concerned, if one.", required=False),
        common["cve_ent"],
        common["presidency"],
        common["presidency_label"],
        common["presidency_certain"],
        Field("n_sources", "integer", "Number of cited sources.", minimum=1),
        Field("source", "string", "Sources, separated by ' | '."),
        Field("amended", "string", "none (as compiled), corrected (text corrected by the "
              "pipeline, CONTEXT_CORRECTIONS) or added (row added by the pipeline, "
              "CONTEXT_ADDITIONS), each with its sources.",
              enum=("none", "corrected", "added")),
    ]


def build(raw_root: Path, built: dict[str, Table]) -> list[Table]:
    """Build the ``kingpin_events`` and ``context_timeline`` tables.

    Parameters
    ----------
    raw_root : pathlib.Path
        Raw folder holding ``kingpins/``.
    built : dict
        Tables of earlier families: ``geo_municipalities``, if built, gives the
        municipal names for ``cvegeo``.

    Returns
    -------
    list of Table

    Examples
    --------
    >>> from helpers.reference.paths import raw_dir
    >>> [t.name for t in build(raw_dir(), {})]  # doctest: +SKIP
    ['kingpin_events', 'context_timeline']
    """
    folder = raw_root / "kingpins"
    # The municipal names come from the boundaries built in this run (a full run
    # builds ``geometry`` first) or, for ``--only kingpins``, from the committed file.
    geo = built.get("geo_municipalities")
    municipalities = geo.content if geo is not None and geo.content is not None else None
    compiled = source(
        "Kingpin events and context timeline, hand-compiled from cited news reports and "
        "official releases (kingpins/SOURCES.md of the raw folder)",
        "kingpins/SOURCES.md",
        "Kingpin Strategy book contributors",
    )
    events = Table(
        name="kingpin_events",
        path="kingpin_events.csv",
        title="Captures, killings, extraditions, escapes and releases of cartel leaders, "
              "2001-2024",
        description="82 dated events concerning leaders and senior lieutenants of Mexican "
                    "drug-trafficking organisations: a curated list of the most important "
                    "events, not a census. " + _CREDIT,
        sources=[compiled],
        licenses=["cc-by-4.0"],
        family=FAMILY,
        fields=_event_fields(),
        primary_key=["event_id"],
        frame=build_events(folder / "kingpin_events.csv", municipalities),
    )
    context = Table(
        name="context_timeline",
        path="context_timeline.csv",
        title="Context timeline of Mexico's security policy, 2006-2024",
        description="Dated context events (deployments, the Mérida Initiative and the "
                    "Bicentennial Framework, autodefensas, Ayotzinapa, Gendarmería, Guardia "
                    "Nacional...): the compiler's 30 rows, one corrected and two added by the "
                    "pipeline (column amended). " + _CREDIT,
        sources=[compiled],
        licenses=["cc-by-4.0"],
        family=FAMILY,
        fields=_context_fields(),
        primary_key=["context_id"],
        frame=build_context(folder / "context_timeline.csv"),
    )
    return [events, context]
