"""The 32 federal entities (states) of Mexico and name normalisation.

States are always keyed by INEGI's two-character code ``cve_ent`` ("01".."32").
Names are for display only; :func:`normalize_state` turns any common spelling,
historical name or code into ``cve_ent``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

import pandas as pd

from helpers.reference.text import fold


@dataclass(frozen=True)
class State:
    """One federal entity.

    Attributes
    ----------
    cve_ent : str
        INEGI code, two characters ("01".."32").
    name : str
        Official INEGI name (Marco Geoestadístico).
    short_name : str
        Name for labels and tables.
    iso : str
        ISO 3166-2 code.
    """

    cve_ent: str
    name: str
    short_name: str
    iso: str


_ROWS = [
    ("01", "Aguascalientes", "Aguascalientes", "MX-AGU"),
    ("02", "Baja California", "Baja California", "MX-BCN"),
    ("03", "Baja California Sur", "Baja California Sur", "MX-BCS"),
    ("04", "Campeche", "Campeche", "MX-CAM"),
    ("05", "Coahuila de Zaragoza", "Coahuila", "MX-COA"),
    ("06", "Colima", "Colima", "MX-COL"),
    ("07", "Chiapas", "Chiapas", "MX-CHP"),
    ("08", "Chihuahua", "Chihuahua", "MX-CHH"),
    ("09", "Ciudad de México", "Ciudad de México", "MX-CMX"),
    ("10", "Durango", "Durango", "MX-DUR"),
    ("11", "Guanajuato", "Guanajuato", "MX-GUA"),
    ("12", "Guerrero", "Guerrero", "MX-GRO"),
    ("13", "Hidalgo", "Hidalgo", "MX-HID"),
    ("14", "Jalisco", "Jalisco", "MX-JAL"),
    ("15", "México", "Estado de México", "MX-MEX"),
    ("16", "Michoacán de Ocampo", "Michoacán", "MX-MIC"),
    ("17", "Morelos", "Morelos", "MX-MOR"),
    ("18", "Nayarit", "Nayarit", "MX-NAY"),
    ("19", "Nuevo León", "Nuevo León", "MX-NLE"),
    ("20", "Oaxaca", "Oaxaca", "MX-OAX"),
    ("21", "Puebla", "Puebla", "MX-PUE"),
    ("22", "Querétaro", "Querétaro", "MX-QUE"),
    ("23", "Quintana Roo", "Quintana Roo", "MX-ROO"),
    ("24", "San Luis Potosí", "San Luis Potosí", "MX-SLP"),
    ("25", "Sinaloa", "Sinaloa", "MX-SIN"),
    ("26", "Sonora", "Sonora", "MX-SON"),
    ("27", "Tabasco", "Tabasco", "MX-TAB"),
    ("28", "Tamaulipas", "Tamaulipas", "MX-TAM"),
    ("29", "Tlaxcala", "Tlaxcala", "MX-TLA"),
    ("30", "Veracruz de Ignacio de la Llave", "Veracruz", "MX-VER"),
    ("31", "Yucatán", "Yucatán", "MX-YUC"),
    ("32", "Zacatecas", "Zacatecas", "MX-ZAC"),
]

#: The 32 states in code order.
STATES: tuple[State, ...] = tuple(State(*row) for row in _ROWS)
#: The 32 codes "01".."32".
STATE_CODES: tuple[str, ...] = tuple(s.cve_ent for s in STATES)

# Historical and common names that are neither the official nor the short name.
_ALIASES = {
    "Distrito Federal": "09",
    "DF": "09",
    "D.F.": "09",
    "CDMX": "09",
    "Mexico City": "09",
    "Veracruz-Llave": "30",
    "Veracruz Llave": "30",
    "Querétaro de Arteaga": "22",
    "Baja California Norte": "02",
    "Edomex": "15",
    "Estado de México": "15",
    "State of Mexico": "15",
    "Mexico State": "15",
    "Michoacán": "16",
    "Coahuila": "05",
}


def _build_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for state in STATES:
        for label in (state.name, state.short_name, state.iso, state.iso[3:]):
            lookup[fold(label)] = state.cve_ent
    for alias, code in _ALIASES.items():
        lookup[fold(alias)] = code
    return lookup


_LOOKUP = _build_lookup()


class UnknownStateError(ValueError):
    """Raised when a name or code does not identify one of the 32 states."""


def normalize_state(name_or_code: str | int) -> str:
    """Return the INEGI code ``cve_ent`` of a state given by name or code.

    Accents, case and punctuation are ignored; historical names such as
    "Distrito Federal" or "Veracruz-Llave", ISO 3166-2 codes ("MX-MIC") and
    numeric codes (16, "16", "016") are accepted.

    Parameters
    ----------
    name_or_code : str or int
        A state name, alias, ISO code or INEGI code.

    Returns
    -------
    str
        The two-character code, "01".."32".

    Raises
    ------
    UnknownStateError
        If the input matches no state; the message lists the closest names.

    Examples
    --------
    >>> normalize_state("Michoacan")
    '16'
    >>> normalize_state("Distrito Federal")
    '09'
    >>> normalize_state(9)
    '09'
    """
    if isinstance(name_or_code, bool):
        raise UnknownStateError(f"{name_or_code!r} is not a state name or code.")
    text = str(name_or_code).strip()
    if text.isdigit():
        number = int(text)
        if 1 <= number <= 32:
            return f"{number:02d}"
        raise UnknownStateError(
            f"State code {text!r} is out of range: INEGI codes run from '01' to '32'."
        )
    key = fold(text)
    if key in _LOOKUP:
        return _LOOKUP[key]
    candidates = {s.short_name: fold(s.short_name) for s in STATES}
    candidates.update({alias: fold(alias) for alias in _ALIASES})
    close = difflib.get_close_matches(key, list(candidates.values()), n=3, cutoff=0.5)
    names = [label for label, k in candidates.items() if k in close]
    hint = f" Closest matches: {', '.join(names)}." if names else ""
    raise UnknownStateError(
        f"Unknown state {name_or_code!r}. Use one of the 32 state names, an ISO 3166-2 code "
        f"such as 'MX-MIC', or an INEGI code '01'..'32'.{hint}"
    )


def state(name_or_code: str | int) -> State:
    """Return the :class:`State` record for a name or code.

    Examples
    --------
    >>> state("guerrero").iso
    'MX-GRO'
    """
    return STATES[int(normalize_state(name_or_code)) - 1]


def state_name(cve_ent: str, short: bool = True) -> str:
    """Return the display name of a state code.

    Examples
    --------
    >>> state_name("30")
    'Veracruz'
    >>> state_name("30", short=False)
    'Veracruz de Ignacio de la Llave'
    """
    record = state(cve_ent)
    return record.short_name if short else record.name


def states_table() -> pd.DataFrame:
    """Return the 32 states as a DataFrame.

    Returns
    -------
    pandas.DataFrame
        Columns ``cve_ent``, ``name``, ``short_name``, ``iso``.

    Examples
    --------
    >>> len(states_table())
    32
    """
    return pd.DataFrame([s.__dict__ for s in STATES], columns=list(State.__annotations__))
