"""What Binder installs, read the way repo2docker reads it (fast: nothing is installed here).

The end-to-end check that really builds and launches the environment is
``tests/binder`` (marker ``binder``).
"""

from __future__ import annotations

import doctest
import json
import re
from importlib.metadata import distribution, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from booktools import binder, jupyter_settings

REPO = Path(__file__).resolve().parents[1]


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in (REPO / name).read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            package, pinned = line.split("==")
            pins[package.lower().replace("_", "-")] = pinned
    return pins


@pytest.fixture(scope="module")
def plan() -> binder.Plan:
    return binder.plan(REPO)


def test_base_is_repo2dockers_own_lock_for_the_runtime_python(plan):
    assert (REPO / "runtime.txt").read_text().strip() == f"python-{plan.python_version}"
    import repo2docker

    assert plan.lock.is_relative_to(Path(repo2docker.__file__).parent)
    assert plan.lock.name == f"environment.py-{plan.python_version}-linux-64.lock"
    lock = plan.lock.read_text()
    for name in ("jupyterlab", "notebook", "jupyter_server", "ipykernel"):
        found = plan.version_of(name)
        assert found and f"/{name}-{found}-" in lock, name  # read from the lock, never typed
    assert not [p for p in plan.base if p.name in ("python", "nodejs", "openssl")]


def test_build_replays_requirements_then_the_package_then_postbuild(plan):
    assert 'pip install --no-cache-dir -r "requirements.txt"' in plan.scripts[0]
    assert plan.scripts[-1] == "./postBuild"
    assert set(plan.rerun) == set(plan.scripts[1:])  # all but requirements.txt rerun
    assert {"requirements.txt", "requirements-nodeps.txt", "postBuild", "runtime.txt"} <= set(
        plan.inputs)


def test_the_cache_key_follows_the_inputs(plan):
    changed = binder.Plan(**{**plan.__dict__, "inputs": {**plan.inputs, "postBuild": "x"}})
    assert changed.key != plan.key == binder.plan(REPO).key


def test_otter_grader_without_playwright_or_docker_tooling():
    book, nodeps, dev = _pins("requirements.txt"), _pins("requirements-nodeps.txt"), _pins(
        "requirements-dev.txt")
    assert "otter-grader" in nodeps and "otter-grader" not in book
    for heavy in ("playwright", "python-on-whales", "pydantic"):
        assert heavy not in book, f"{heavy} would be installed in Binder"
    assert {"playwright", "python-on-whales"} <= set(dev)
    assert version("otter-grader") == nodeps["otter-grader"]
    # otter's runtime needs (its dependencies without extras, webpdf and Docker) are pinned
    needs = set()
    for text in distribution("otter-grader").requires or []:
        req = Requirement(text)
        if req.marker is None or "extra" not in str(req.marker):
            needs.add(req.name.lower().replace("_", "-"))
    missing = needs - {"python-on-whales"} - set(book)
    assert not missing, f"otter needs {missing} at run time: pin them in requirements.txt"


def test_postbuild_installs_otter_without_dependencies_and_writes_the_settings():
    text = (REPO / "postBuild").read_text()
    assert "pip install --no-cache-dir --no-deps -r requirements-nodeps.txt" in text
    assert "pip install --no-deps -e ." in text
    assert "python -m booktools.jupyter_settings" in text
    makefile = (REPO / "Makefile").read_text()
    assert "--no-deps -r requirements-nodeps.txt" in makefile


def test_settings_merge_into_the_environments_overrides(tmp_path):
    path = jupyter_settings.overrides_file(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"@jupyterlab/apputils-extension:themes": {"theme": "x"},
                                "@jupyterlab/notebook-extension:tracker": {"a": 1}}))
    jupyter_settings.write(tmp_path)
    data = json.loads(path.read_text())
    assert data["@jupyterlab/apputils-extension:themes"] == {"theme": "x"}
    assert data["@jupyterlab/notebook-extension:tracker"] == {"a": 1, "windowingMode": "none"}


def test_repo_files_are_what_a_commit_holds():
    files = binder.repo_files(REPO)
    assert "requirements.txt" in files and "postBuild" in files
    assert not [f for f in files if f.startswith(("_build/", ".venv/"))]
    assert not [f for f in files if re.match(r"assignments/[^/]+/dist/", f)]


@pytest.mark.parametrize("module", [binder, jupyter_settings])
def test_docstring_examples(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
