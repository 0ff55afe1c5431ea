"""Every chapter in the table of contents executes top to bottom (nbclient)."""

from pathlib import Path

import jupytext
import pytest
from nbclient import NotebookClient

from booktools.toc import toc_docnames, toc_sources

REPO = Path(__file__).resolve().parents[1]


def test_every_toc_entry_has_a_file():
    missing = [e for e in toc_docnames()
               if not any((REPO / f"{e}{x}").exists() for x in (".md", ".ipynb"))]
    assert not missing


@pytest.mark.parametrize("path", toc_sources(), ids=lambda p: p.stem)
def test_chapter_executes(path, monkeypatch):
    # Live explorers (ipywidgets) are exercised here; the book build uses the static view.
    monkeypatch.delenv("KINGPIN_STATIC_WIDGETS", raising=False)
    notebook = jupytext.read(path)
    NotebookClient(notebook, timeout=180, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    errors = [o for c in notebook.cells if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors
