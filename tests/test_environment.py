"""The pinned environment: one source of truth for make, CI and Binder."""

import re
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (REPO / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            package, pinned = line.split("==")
            pins[package] = pinned
    return pins


@pytest.mark.parametrize("requirements", ["requirements.txt", "requirements-dev.txt"])
def test_every_requirement_is_pinned_and_installed_at_that_version(requirements):
    pins = _pins(requirements)
    assert pins, f"{requirements} is empty"
    wrong = {}
    for package, pinned in pins.items():
        try:
            installed = version(package)
        except PackageNotFoundError:
            installed = None
        if installed != pinned:
            wrong[package] = (pinned, installed)
    assert not wrong, f"installed versions differ from {requirements}: {wrong}"


def test_book_stack_versions_are_the_known_good_ones():
    pins = {k.lower(): v for k, v in _pins("requirements.txt").items()}
    assert pins["jupyter-book"] == "1.0.4.post1"
    assert pins["sphinx"].startswith("7.4.")
    assert pins["sphinx-book-theme"] == "1.3.0"
    assert pins["myst-nb"].startswith("1.4")
    for needed in ("jupytext", "geopandas", "folium", "ipywidgets", "pandas"):
        assert needed in pins, f"{needed} must be in the Binder environment"


@pytest.mark.slow
def test_binder_builds_the_pinned_environment_with_repo2docker():
    """The real builder reads runtime.txt, requirements.txt and postBuild."""
    proc = subprocess.run(
        [str(BIN / "jupyter-repo2docker"), "--no-build", "--debug", str(REPO)],
        capture_output=True, text=True, timeout=300,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out[-3000:]
    assert re.search(r"python=3\.11\b", out), "Binder must use the Python of runtime.txt"
    assert 'pip install --no-cache-dir -r "requirements.txt"' in out
    assert "./postBuild" in out
    assert (REPO / "runtime.txt").read_text().strip() == "python-3.11"
    assert "pip install --no-deps -e ." in (REPO / "postBuild").read_text()


def test_makefile_installs_the_same_files_binder_reads():
    makefile = (REPO / "Makefile").read_text()
    assert "-r requirements.txt -r requirements-dev.txt" in makefile
