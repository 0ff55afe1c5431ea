"""The population and homicides pipeline families on the real raw files.

The rebuild test runs wherever the raw folder exists (as in CI) and takes about
as long as the pipeline itself (~1 min); the raw-file error tests use a small
temporary copy of the population files.
"""

from __future__ import annotations

import json
import shutil

import pytest

from helpers.pipeline import homicides, population
from helpers.pipeline.__main__ import main
from helpers.pipeline.core import RawFileError, sha256_of
from helpers.pipeline.run import run
from helpers.reference.paths import RAW_DIR_ENV, data_dir, raw_dir

RAW = raw_dir()
needs_raw = pytest.mark.skipif(not RAW.is_dir(), reason=f"raw folder {RAW} not present")
FAMILIES = ("population", "homicides")


def _snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@needs_raw
@pytest.mark.slow
def test_rebuild_equals_committed_data_byte_for_byte(tmp_path):
    out = tmp_path / "data"
    run(RAW, out, list(FAMILIES))
    rebuilt = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))["resources"]
    committed = {r["name"]: r for r in json.loads(
        (data_dir() / "datapackage.json").read_text(encoding="utf-8"))["resources"]}
    assert {r["pipeline"] for r in rebuilt} == set(FAMILIES)
    assert len(rebuilt) == 10
    for resource in rebuilt:
        path = resource["path"]
        assert (out / path).read_bytes() == (data_dir() / path).read_bytes(), path
        assert committed[resource["name"]] == resource, resource["name"]


def _small_raw(tmp_path):
    """Copy only the population raw files (3 MB) into a temporary raw folder."""
    raw = tmp_path / "raw"
    for item in population.RAW_FILES:
        target = raw / item.relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(RAW / item.relpath, target)
    return raw


def _populated_out(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "README.md").write_text("hand-written\n")
    (out / "population_state_year.csv").write_text("old,contents\n")
    return out


@needs_raw
def test_missing_raw_file_names_it_with_hash_and_leaves_output_untouched(tmp_path):
    raw = _small_raw(tmp_path)
    out = _populated_out(tmp_path)
    before = _snapshot(out)
    missing = homicides.RAW_FILES[0]
    with pytest.raises(RawFileError) as err:
        run(raw, out, ["homicides"])
    assert f"missing: {raw / missing.relpath} (expected sha256 {missing.sha256})" in str(err.value)
    assert _snapshot(out) == before


@needs_raw
def test_changed_raw_file_names_it_with_both_hashes_and_leaves_output_untouched(
        tmp_path, monkeypatch, capsys):
    raw = _small_raw(tmp_path)
    changed = population.RAW_FILES[1]
    path = raw / changed.relpath
    path.write_bytes(path.read_bytes().replace(b"499839", b"499840", 1))
    out = _populated_out(tmp_path)
    before = _snapshot(out)
    monkeypatch.setenv(RAW_DIR_ENV, str(raw))
    assert main(["--out", str(out), "--only", "population"]) == 1
    message = capsys.readouterr().err
    assert f"changed: {path} has sha256 {sha256_of(path)}, expected {changed.sha256}" in message
    assert _snapshot(out) == before


@needs_raw
@pytest.mark.slow
def test_small_raw_copy_builds_population_only(tmp_path):
    raw = _small_raw(tmp_path)
    out = tmp_path / "out"
    run(raw, out, ["population"])
    for name in ("population_state_year", "population_national_year",
                 "population_municipality_year"):
        assert (out / f"{name}.csv").read_bytes() == (data_dir() / f"{name}.csv").read_bytes()


def test_every_raw_file_hash_matches_sources_md():
    """The expected hashes are the ones published in the raw folders' SOURCES.md."""
    for module, folder in ((population, "population"), (homicides, "homicides")):
        sources = (RAW / folder / "SOURCES.md")
        if not sources.exists():
            pytest.skip("raw folder not present")
        text = sources.read_text(encoding="utf-8")
        for item in module.RAW_FILES:
            assert f"`data/raw/{item.relpath}`" in text, item.relpath
            assert item.sha256 in text, item.relpath
