"""Analysis layer: computations on frames from :mod:`helpers.data` (no drawing).

* :mod:`~helpers.analysis.rates` -- rates by term, ranks, pooled rates, Poisson intervals.
* :mod:`~helpers.analysis.events` -- counts of kingpin events by term and year.
* :mod:`~helpers.analysis.aid` -- aggregation and tagging of aid tables.
* :mod:`~helpers.analysis.spatial` -- Queen weights, Moran's I and LISA (PySAL).
* :mod:`~helpers.analysis.eventstudy` -- event windows, pooled estimates, placebo dates.
"""
