"""Where per-file work runs: the build's only dependency on parallelism.

The build hands an Executor a pure function (``kb.pipeline.process_file``: no
globals, no db) and an iterable of inputs, and consumes results in completion
order from ONE writer. Keeping this interface to a single streaming call means:

- memory is bounded: at most ``max_in_flight`` inputs are submitted and not yet
  consumed, whatever the corpus size (the input iterable is pulled lazily);
- another backend plugs in by implementing ``map_unordered``. A Dask executor is
  ``client = distributed.Client(address)``, then submit ``fn(item)`` with
  ``client.submit(fn, item, pure=False)`` while fewer than ``max_in_flight``
  futures are pending, and drain ``distributed.as_completed(futures)`` yielding
  ``(item, future.result())``; results travel back to the writer exactly like
  here (``Processed`` is picklable). Install with ``pip install -e '.[scale]'``.
"""
from __future__ import annotations

import os
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from typing import Callable, Iterable, Iterator, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    def map_unordered(self, fn: Callable[[T], R], items: Iterable[T]) -> Iterator[tuple[T, R]]:
        """Yield (item, fn(item)) as results complete; ``fn`` must be picklable."""

    def close(self) -> None: ...


class SerialExecutor:
    """workers=1: no processes, exact same code path as the pool (useful for debugging)."""

    def map_unordered(self, fn, items):
        for item in items:
            yield item, fn(item)

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class LocalProcessExecutor:
    """A process pool with a bounded window of in-flight tasks."""

    def __init__(self, workers: int | None = None, max_in_flight: int | None = None):
        self.workers = workers or os.cpu_count() or 1
        self.max_in_flight = max_in_flight or self.workers * 4
        self._pool = ProcessPoolExecutor(max_workers=self.workers)

    def map_unordered(self, fn, items):
        pending: dict[Future, object] = {}
        it = iter(items)
        exhausted = False
        try:
            while True:
                while not exhausted and len(pending) < self.max_in_flight:
                    try:
                        item = next(it)
                    except StopIteration:
                        exhausted = True
                        break
                    pending[self._pool.submit(fn, item)] = item
                if not pending:
                    return
                done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                # Completion order is nondeterministic; yield a finished batch in a
                # stable order so single-writer effects depend less on timing.
                for fut in sorted(done, key=lambda f: str(pending[f])):
                    item = pending.pop(fut)
                    yield item, fut.result()
        finally:
            for fut in pending:
                fut.cancel()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def make_executor(workers: int) -> SerialExecutor | LocalProcessExecutor:
    return SerialExecutor() if workers <= 1 else LocalProcessExecutor(workers)
