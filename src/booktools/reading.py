"""A Sphinx extension for reading on a phone and on a slow connection (issue 16).

* **Navigation.** ``static/kingpin-reading.js`` makes the visible ☰ and
  "contents" buttons open the table of contents and the page outline (see the
  script for the cause: pydata-sphinx-theme binds the first ``.primary-toggle``,
  a hidden header button under sphinx-book-theme).

Enabled in ``_config.yml`` under ``sphinx.extra_extensions``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

#: This extension's own static files (copied to ``_static/``).
STATIC = Path(__file__).resolve().parent / "static"


def add_static_path(app: Any) -> None:
    """Add this package's ``static`` folder to ``html_static_path`` (once)."""
    if str(STATIC) not in app.config.html_static_path:
        app.config.html_static_path.append(str(STATIC))


def setup(app: Any) -> dict[str, Any]:
    """Register the script and static files (Sphinx extension entry point)."""
    app.connect("builder-inited", add_static_path)
    # deferred in <head>: runs before the themes' deferred scripts bind their handlers
    app.add_js_file("kingpin-reading.js", loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
