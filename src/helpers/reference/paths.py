"""Where the book's files live.

The processed tables are in ``data/`` at the top of the repository. The raw
official files are read only by the pipeline, from ``../shared/data/raw`` next
to the repository unless the environment variable ``KINGPIN_RAW_DIR`` points
elsewhere (for example at files downloaded from the publishers).
"""

from __future__ import annotations

import os
from pathlib import Path

#: Environment variable that overrides the folder of raw official files.
RAW_DIR_ENV = "KINGPIN_RAW_DIR"
#: Environment variable that overrides the folder of processed tables.
DATA_DIR_ENV = "KINGPIN_DATA_DIR"

REPO_ROOT = Path(__file__).resolve().parents[3]


def data_dir() -> Path:
    """Return the folder of processed tables (``data/``).

    Returns
    -------
    pathlib.Path
        ``$KINGPIN_DATA_DIR`` if set, else ``data/`` at the repository root.

    Examples
    --------
    >>> data_dir().name
    'data'
    """
    override = os.environ.get(DATA_DIR_ENV)
    return Path(override) if override else REPO_ROOT / "data"


def raw_dir() -> Path:
    """Return the folder of raw official files read by the pipeline.

    Returns
    -------
    pathlib.Path
        ``$KINGPIN_RAW_DIR`` if set, else ``../shared/data/raw`` beside the repository.

    Examples
    --------
    >>> raw_dir().parts[-2:]
    ('data', 'raw')
    """
    override = os.environ.get(RAW_DIR_ENV)
    return Path(override) if override else REPO_ROOT.parent / "shared" / "data" / "raw"
