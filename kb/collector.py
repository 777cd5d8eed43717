"""The cyclic garbage collector, paused while one paper is extracted.

Extraction allocates a few hundred thousand short-lived objects per paper (mention
dataclasses, facts, regex matches, spaCy Docs). They die by reference counting,
but while they live they push the collector's generation counters over threshold
again and again: measured on the five real papers, the young and middle
generation collections took 0.5-2x the bare tokenizer's time, tracing the same
survivors each time for no garbage. Pausing the collector for one paper and
letting it run once the paper is done frees exactly the same cycles, later.

The pause is process-wide (the gc module has no other switch), so it is as short
as one paper, nests, and restores the previous state even when extraction raises.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
