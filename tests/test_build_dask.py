"""The Dask executor: same streaming contract as the local pool, same knowledge base.

Runs an in-process Dask cluster (threads, no network beyond localhost), so it tests
the real submit/as-completed path, not a stand-in. dask[distributed] is a test
dependency (pyproject: test extra) because the build documents it as a backend.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

distributed = pytest.importorskip("distributed", reason="dask[distributed] is not installed")

from kb.cli import app  # noqa: E402
from kb.cli.app import UserError  # noqa: E402
from kb.executor import DaskExecutor, make_executor  # noqa: E402
from kb.store import Store  # noqa: E402
from kb.store.build import build  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def square(x: int) -> int:
    return x * x


@pytest.fixture(scope="module")
def client():
    with distributed.Client(processes=False, n_workers=1, threads_per_worker=2,
                            dashboard_address=None) as c:
        yield c


def test_dask_gives_every_result_once(client):
    with DaskExecutor(client) as ex:
        assert dict(ex.map_unordered(square, range(40))) == {i: i * i for i in range(40)}


def test_dask_pulls_inputs_lazily_within_the_window(client):
    pulled = []

    def items():
        for i in range(60):
            pulled.append(i)
            yield i

    consumed = 0
    with DaskExecutor(client, max_in_flight=4) as ex:
        for _ in ex.map_unordered(square, items()):
            consumed += 1
            assert len(pulled) - consumed <= 4
    assert consumed == 60


def test_make_executor_with_a_scheduler_is_dask(client):
    with make_executor(1, client) as ex:
        assert isinstance(ex, DaskExecutor)
    assert client.status == "running"  # a client passed in is the caller's to close


def test_build_on_dask_equals_serial_build(client, tmp_path):
    """The real pipeline on the sample corpus: the same facts and evidence either way."""
    serial, dask_db = tmp_path / "serial.sqlite", tmp_path / "dask.sqlite"
    r1 = build(serial, [REPO / "corpus"], workers=1)
    r2 = build(dask_db, [REPO / "corpus"], scheduler=client)
    assert not r1.failed and not r2.failed and len(r2.added) == len(r1.added) > 0
    with Store.open(serial, readonly=True) as a, Store.open(dask_db, readonly=True) as b:
        fa, fb = a.facts(), b.facts()
        assert len(fa) > 0
        assert fa.equals(fb) and a.evidence().equals(b.evidence())  # ids are deterministic


def test_unreachable_scheduler_is_a_runtime_error_naming_it():
    with pytest.raises(RuntimeError, match="cannot reach the Dask scheduler tcp://127.0.0.1:9"):
        DaskExecutor("tcp://127.0.0.1:9", connect_timeout=1)


def test_cli_turns_an_unreachable_scheduler_into_a_user_error(tmp_path, monkeypatch):
    import kb.executor
    monkeypatch.setattr(kb.executor.DaskExecutor.__init__, "__defaults__", (None, 1))
    res = CliRunner().invoke(app, ["build", str(REPO / "corpus"), "--db", str(tmp_path / "x.sqlite"),
                                   "--scheduler", "tcp://127.0.0.1:9", "--no-progress"])
    assert res.exit_code != 0
    assert isinstance(res.exception, UserError)
    assert "cannot reach the Dask scheduler tcp://127.0.0.1:9" in str(res.exception)
