import pytest

from helpers.reference.states import (
    STATE_CODES,
    STATES,
    UnknownStateError,
    normalize_state,
    state_name,
    states_table,
)


def test_thirty_two_states_with_unique_codes_and_iso():
    assert len(STATES) == 32
    assert STATE_CODES == tuple(f"{i:02d}" for i in range(1, 33))
    assert len({s.iso for s in STATES}) == 32
    assert all(s.iso.startswith("MX-") for s in STATES)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Distrito Federal", "09"),
        ("Ciudad de México", "09"),
        ("CDMX", "09"),
        ("Veracruz-Llave", "30"),
        ("Veracruz de Ignacio de la Llave", "30"),
        ("Coahuila de Zaragoza", "05"),
        ("Estado de México", "15"),
        ("México", "15"),
        ("Michoacan", "16"),
        ("MICHOACÁN DE OCAMPO", "16"),
        ("nuevo leon", "19"),
        ("Querétaro de Arteaga", "22"),
        ("MX-GRO", "12"),
        ("  Yucatán ", "31"),
        (7, "07"),
        ("7", "07"),
        ("016", "16"),
    ],
)
def test_normalize_state_accepts_names_aliases_and_codes(name, code):
    assert normalize_state(name) == code


def test_every_official_and_short_name_round_trips():
    for s in STATES:
        assert normalize_state(s.name) == s.cve_ent
        assert normalize_state(s.short_name) == s.cve_ent


def test_unknown_name_lists_closest_matches():
    with pytest.raises(UnknownStateError, match="Closest matches: .*Michoacán"):
        normalize_state("Michoacam")


def test_out_of_range_code_says_what_is_allowed():
    with pytest.raises(UnknownStateError, match="'01' to '32'"):
        normalize_state("33")


def test_unknown_is_a_value_error():
    with pytest.raises(ValueError, match="Unknown state 'Atlantis'"):
        normalize_state("Atlantis")


def test_state_name_and_table():
    assert state_name("15") == "Estado de México"
    assert state_name("15", short=False) == "México"
    table = states_table()
    assert list(table.columns) == ["cve_ent", "name", "short_name", "iso"]
    assert table.cve_ent.is_unique
