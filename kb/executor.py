"""Where per-file work runs: the build's only dependency on parallelism.

The build hands an Executor a pure function (``kb.pipeline.process_file``: no
globals, no db) and an iterable of inputs, and consumes results in completion
order from ONE writer. Keeping this interface to a single streaming call means:

- memory is bounded: at most ``max_in_flight`` inputs are submitted and not yet
  consumed, whatever the corpus size (the input iterable is pulled lazily);
- another backend plugs in by implementing ``map_unordered``. ``DaskExecutor``
  runs the same call on a Dask cluster (``pip install -e '.[scale]'``; ``kb build
  --scheduler tcp://host:8786``): it submits ``fn(item)`` while fewer than
  ``max_in_flight`` futures are pending and drains them as they complete; results
  travel back to the one writer exactly like here (``Processed`` is picklable).
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


class DaskExecutor:
    """The same bounded streaming map on a Dask cluster.

    ``scheduler`` is a scheduler address (``tcp://host:8786``) or an existing
    ``distributed.Client`` (tests pass an in-process one). The window of in-flight
    tasks bounds memory on the writer as it does for the process pool; a cluster
    has more workers, so the default window is four tasks per worker thread.
    """

    def __init__(self, scheduler, max_in_flight: int | None = None, connect_timeout: float = 10):
        try:
            import distributed
        except ImportError as e:  # the optional dependency is missing: say how to get it
            raise RuntimeError("the Dask executor needs dask[distributed]: "
                               "pip install -e '.[scale]'") from e
        self._distributed = distributed
        self._own_client = not isinstance(scheduler, distributed.Client)
        if self._own_client:
            try:
                self._client = distributed.Client(scheduler, timeout=connect_timeout)
            except (OSError, TimeoutError, ValueError) as e:
                raise RuntimeError(f"cannot reach the Dask scheduler {scheduler}: {e}") from e
        else:
            self._client = scheduler
        threads = sum(self._client.nthreads().values()) or 1
        self.max_in_flight = max_in_flight or threads * 4

    def map_unordered(self, fn, items):
        pending = self._distributed.as_completed(loop=self._client.loop)
        submitted: dict[str, object] = {}
        it = iter(items)
        exhausted = False

        def top_up() -> None:
            nonlocal exhausted
            while not exhausted and pending.count() < self.max_in_flight:
                try:
                    item = next(it)
                except StopIteration:
                    exhausted = True
                    return
                # pure=False: the same file read twice (after an edit) must run again
                fut = self._client.submit(fn, item, pure=False)
                submitted[fut.key] = item
                pending.add(fut)

        try:
            top_up()
            while pending.count():
                fut = next(pending)
                item = submitted.pop(fut.key)
                result = fut.result()
                fut.release()
                yield item, result
                top_up()
        finally:
            for fut in list(pending.futures):
                fut.cancel()

    def close(self) -> None:
        if self._own_client:
            self._client.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def make_executor(workers: int, scheduler=None) -> SerialExecutor | LocalProcessExecutor | DaskExecutor:
    """A Dask executor when a scheduler is given, else serial or a local process pool."""
    if scheduler is not None:
        return DaskExecutor(scheduler)
    return SerialExecutor() if workers <= 1 else LocalProcessExecutor(workers)
