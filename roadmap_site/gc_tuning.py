"""Garbage-collector settings for a long-running server process.

A dashboard recomputed after a report changes builds tens of thousands of short-lived objects. With
CPython's defaults that sets off full collections that walk every object of the process (Django,
the URL conf, cached dashboard rows), adding 50–80 ms to one request in eight at ten times the data.
"""

import gc

YOUNG_GENERATION_THRESHOLD = 10_000  # CPython's default is 700 allocations


def tune_for_server() -> None:
    """Leave what start-up loaded out of every collection and collect the young generation less often."""
    gc.collect()
    gc.freeze()
    _threshold0, threshold1, threshold2 = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION_THRESHOLD, threshold1, threshold2)
