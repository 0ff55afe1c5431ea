"""Every chapter in the table of contents executes top to bottom (nbclient)."""

from pathlib import Path

import jupytext
import pytest
import yaml
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]


def toc_files() -> list[str]:
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [entry["file"] for entry in part.get("chapters") or []]
    return files


def chapter_paths() -> list[Path]:
    paths = []
    for entry in toc_files():
        matches = [REPO / f"{entry}{ext}" for ext in (".md", ".ipynb")]
        paths += [p for p in matches if p.exists()]
    return paths


def test_every_toc_entry_has_a_file():
    missing = [e for e in toc_files()
               if not any((REPO / f"{e}{x}").exists() for x in (".md", ".ipynb"))]
    assert not missing


@pytest.mark.parametrize("path", chapter_paths(), ids=lambda p: p.stem)
def test_chapter_executes(path, monkeypatch):
    # Live explorers (ipywidgets) are exercised here; the book build uses the static view.
    monkeypatch.delenv("KINGPIN_STATIC_WIDGETS", raising=False)
    notebook = jupytext.read(path)
    NotebookClient(notebook, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in notebook.cells if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
