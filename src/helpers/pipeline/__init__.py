"""The data pipeline: raw official files in, processed and described tables out.

Run it with ``make data`` or ``python -m helpers.pipeline``; see
:mod:`helpers.pipeline.run` for how it works and ``data/README.md`` for sources.
"""

from helpers.pipeline.run import FAMILIES, build_tables, run, write_data

__all__ = ["FAMILIES", "build_tables", "run", "write_data"]
