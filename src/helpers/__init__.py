"""Helpers for the Kingpin Strategy teaching book.

Subpackages and modules, each with one job:

* :mod:`helpers.paths` -- where the processed data and the raw mirror live.
* :mod:`helpers.states` -- the 32 states and name normalisation.
* :mod:`helpers.presidency` -- which president was in office on a date.
* :mod:`helpers.datapackage` -- read and validate tables described in ``data/datapackage.json``.
* :mod:`helpers.data` -- the public loaders used by every chapter.
* :mod:`helpers.pipeline` -- rebuild ``data/`` from the raw official files.
"""

__version__ = "0.1.0"
