"""Executors: same results serial or pooled, and a bounded window of work in flight."""
from __future__ import annotations

from kb.executor import LocalProcessExecutor, SerialExecutor, make_executor


def square(x: int) -> int:
    return x * x


def test_serial_and_pool_give_the_same_results():
    with SerialExecutor() as s:
        serial = dict(s.map_unordered(square, range(50)))
    with LocalProcessExecutor(2) as p:
        pooled = dict(p.map_unordered(square, range(50)))
    assert serial == pooled == {i: i * i for i in range(50)}


def test_pool_pulls_inputs_lazily_within_the_window():
    pulled = []

    def items():
        for i in range(200):
            pulled.append(i)
            yield i

    with LocalProcessExecutor(2, max_in_flight=5) as p:
        consumed = 0
        for _ in p.map_unordered(square, items()):
            consumed += 1
            # never more than the window ahead of what the writer has consumed
            assert len(pulled) - consumed <= 5
    assert consumed == 200


def test_make_executor():
    assert isinstance(make_executor(1), SerialExecutor)
    ex = make_executor(3)
    assert isinstance(ex, LocalProcessExecutor) and ex.workers == 3
    ex.close()
