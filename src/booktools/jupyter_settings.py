"""Default JupyterLab / Notebook 7 settings for the book's Binder (and any hub's) environment.

Binder runs ``postBuild`` after ``requirements.txt``; it calls
``python -m booktools.jupyter_settings``, which writes the settings below into
``<environment>/etc/jupyter/labconfig/default_setting_overrides.json`` (merged with what
is there). Both JupyterLab and Notebook 7 read that file as their defaults; a reader's
own settings still win. A course JupyterHub can run the same command in its image.

* ``windowingMode: "none"``: JupyterLab's default (``"full"``) gives the cells outside the
  window no size. A folium map drawn by such a cell (Run All) starts in a 0x0 frame;
  Leaflet never learns its real size, so the map stays blank when scrolled to. The
  book's own maps also fit themselves once their frame has a size (``slider.js``), but
  maps that readers make with plain folium (as the chapters teach) need every cell laid
  out. The chapters have a few dozen cells: windowing buys nothing here.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

#: ``{plugin id: {setting: value}}`` written as defaults.
SETTINGS: dict[str, dict[str, Any]] = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
}


def overrides_file(prefix: Path | str = sys.prefix) -> Path:
    """Where Jupyter reads default setting overrides for the environment at ``prefix``."""
    return Path(prefix) / "etc" / "jupyter" / "labconfig" / "default_setting_overrides.json"


def write(prefix: Path | str = sys.prefix,
          settings: dict[str, dict[str, Any]] | None = None) -> Path:
    """Merge ``settings`` (default :data:`SETTINGS`) into the environment's overrides file.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write(tmp)
    ...     json.loads(path.read_text())["@jupyterlab/notebook-extension:tracker"]
    {'windowingMode': 'none'}
    """
    path = overrides_file(prefix)
    current: dict[str, dict[str, Any]] = {}
    if path.is_file():
        current = json.loads(path.read_text(encoding="utf-8") or "{}")
    for plugin, values in (settings or SETTINGS).items():
        current.setdefault(plugin, {}).update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """Command line: write the settings for this Python's environment (or ``--prefix``)."""
    parser = argparse.ArgumentParser(prog="python -m booktools.jupyter_settings",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--prefix", type=Path, default=Path(sys.prefix))
    args = parser.parse_args(argv)
    print(f"wrote {write(args.prefix)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
