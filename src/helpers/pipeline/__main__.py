"""Command line: ``python -m helpers.pipeline [--raw DIR] [--out DIR] [--only FAMILY ...]``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from helpers.pipeline.core import RawFileError
from helpers.pipeline.run import FAMILIES, OutputFolderError, run
from helpers.reference.paths import RAW_DIR_ENV, data_dir, raw_dir


def main(argv: list[str] | None = None) -> int:
    """Parse arguments, run the pipeline and report; return the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m helpers.pipeline",
        description="Rebuild the processed tables in data/ from the raw official files.",
    )
    parser.add_argument(
        "--raw", type=Path, default=None,
        help=f"folder of raw files (default: ${RAW_DIR_ENV} or ../shared/data/raw)",
    )
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: data/)")
    parser.add_argument(
        "--only", nargs="+", choices=FAMILIES, default=None,
        help="rebuild only these source families (others are kept as they are)",
    )
    args = parser.parse_args(argv)
    raw_root = args.raw or raw_dir()
    out = args.out or data_dir()
    started = time.perf_counter()
    print(f"pipeline: raw files from {raw_root}")
    try:
        package = run(raw_root, out, args.only)
    except OutputFolderError as err:
        print(f"pipeline: error: {err}", file=sys.stderr)
        return 1
    except (RawFileError, FileNotFoundError, ValueError) as err:
        print(f"pipeline: error: {err}", file=sys.stderr)
        print(f"pipeline: nothing was written to {out}", file=sys.stderr)
        return 1
    print(f"pipeline: wrote {package} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
