import json

import pandas as pd
import pytest

from helpers.pipeline.core import Field, RawFile, RawFileError, Table, sha256_of, verify_raw_files
from helpers.pipeline.run import write_data


def _table(name="demo", values=(1, 2)):
    return Table(
        name=name, path=f"{name}.csv", title="Demo", description="A demo table.",
        sources=[], licenses=["cc-by-4.0"], family="demo",
        fields=[Field("x", "integer", "a number")],
        frame=pd.DataFrame({"x": list(values)}),
    )


def test_verify_names_missing_and_changed_files_with_expected_hash(tmp_path):
    (tmp_path / "a.csv").write_text("hello")
    expected = "0" * 64
    with pytest.raises(RawFileError) as err:
        verify_raw_files(tmp_path, [RawFile("a.csv", expected), RawFile("b.csv", "1" * 64)])
    message = str(err.value)
    assert f"changed: {tmp_path / 'a.csv'}" in message and expected in message
    assert f"missing: {tmp_path / 'b.csv'} (expected sha256 {'1' * 64})" in message
    assert "nothing was written" in message


def test_verify_accepts_the_right_bytes(tmp_path):
    (tmp_path / "a.csv").write_text("hello")
    verify_raw_files(tmp_path, [RawFile("a.csv", sha256_of(tmp_path / "a.csv"))])


def test_write_data_is_deterministic_and_described(tmp_path):
    write_data([_table()], tmp_path / "one")
    write_data([_table()], tmp_path / "two")
    one = (tmp_path / "one/datapackage.json").read_bytes()
    assert one == (tmp_path / "two/datapackage.json").read_bytes()
    resource = json.loads(one)["resources"][0]
    assert resource["hash"] == "sha256:" + sha256_of(tmp_path / "one/demo.csv")
    assert resource["bytes"] == (tmp_path / "one/demo.csv").stat().st_size
    assert (tmp_path / "one/demo.csv").read_text() == "x\n1\n2\n"


def test_failed_write_leaves_output_untouched(tmp_path):
    out = tmp_path / "data"
    write_data([_table()], out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    broken = _table(name="broken")
    broken.frame = pd.DataFrame({"y": [1]})  # column x missing
    with pytest.raises(ValueError, match=r"Columns \['x'\] are described"):
        write_data([_table(values=(7, 8)), broken], out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert not list(tmp_path.glob(".kingpin-staging-*"))


def test_stale_files_are_removed_but_readme_is_kept(tmp_path):
    out = tmp_path / "data"
    write_data([_table(), _table(name="old")], out)
    (out / "README.md").write_text("people wrote this")
    write_data([_table()], out)
    assert sorted(p.name for p in out.iterdir()) == ["README.md", "datapackage.json", "demo.csv"]
