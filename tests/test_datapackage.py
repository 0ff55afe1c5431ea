import pandas as pd
import pytest

from helpers.data.datapackage import SchemaError, validate

SCHEMA = {
    "fields": [
        {"name": "cve_ent", "type": "string", "constraints": {"required": True,
                                                              "enum": ["01", "02"]}},
        {"name": "homicides", "type": "integer", "constraints": {"minimum": 0}},
    ],
    "primaryKey": ["cve_ent"],
}


def test_valid_frame_passes():
    validate(pd.DataFrame({"cve_ent": ["01", "02"], "homicides": [3, 0]}), SCHEMA, "t")


@pytest.mark.parametrize(
    ("frame", "message"),
    [
        (pd.DataFrame({"homicides": [1], "cve_ent": ["01"]}), "columns .* differ from schema"),
        (pd.DataFrame({"cve_ent": [None], "homicides": [1]}), "missing value"),
        (pd.DataFrame({"cve_ent": ["03"], "homicides": [1]}), r"values \['03'\] outside"),
        (pd.DataFrame({"cve_ent": ["01"], "homicides": [-2]}), "below the minimum 0"),
        (pd.DataFrame({"cve_ent": ["01", "01"], "homicides": [1, 2]}), "duplicate rows"),
    ],
)
def test_schema_violations_are_named(frame, message):
    with pytest.raises(SchemaError, match=message):
        validate(frame, SCHEMA, "t")
