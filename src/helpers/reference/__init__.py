"""Reference layer: facts the book relies on, with no I/O and no imports of our own layers.

* :mod:`~helpers.reference.states` -- the 32 states and name normalisation.
* :mod:`~helpers.reference.presidency` -- presidential terms, who was in office on a date.
* :mod:`~helpers.reference.series` -- the homicide series and what each counts.
* :mod:`~helpers.reference.aid_accounts` -- U.S. foreign-assistance accounts.
* :mod:`~helpers.reference.paths` -- where the processed and raw data live.
* :mod:`~helpers.reference.checks`, :mod:`~helpers.reference.text` -- argument checks
  and accent folding, one of each, used by every layer.
"""
