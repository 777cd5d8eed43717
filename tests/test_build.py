"""Build: incremental, deterministic across workers, crash-safe, readable while running."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from kb.store import Store
from kb.store.build import build
from kbstore_helpers import fake_process, write_json_paper

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent


def _paper_facts(i: int) -> list[dict]:
    mat = ["Bi2S3", "Sb2S3", "hard carbon", "MoS2", "SnO2"][i % 5]
    return [
        {"type": "material", "material": mat, "ion": "Na", "role": "anode",
         "sentence": f"Paper {i} studies {mat} as an anode."},
        {"type": "mechanism", "material": mat, "ion": "Na", "mechanism": "conversion",
         "sentence": f"In paper {i}, {mat} undergoes conversion with sodium."},
        {"type": "capacity", "material": mat, "ion": "Na", "value": 500.0 + i, "unit": "mAh/g",
         "kind": "reversible", "cycles": 100, "current": "0.1 A/g",
         "sentence": f"{mat} delivers {500 + i} mAh/g after 100 cycles."},
    ]


@pytest.fixture(autouse=True)
def _pinned_pipeline_version(monkeypatch):
    """Builds inside one test see one code version (also in subprocesses: env)."""
    monkeypatch.setenv("KB_PIPELINE_VERSION", "test-pipeline")


def make_corpus(root: Path, n: int) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        write_json_paper(root / f"p{i:03d}.txt", _paper_facts(i))
    return root


def _facts(db: Path):
    with Store.open(db, readonly=True) as st:
        return st.facts(), st.evidence(), st.papers()


def test_incremental_touch_change_delete_prune(tmp_path):
    corpus = make_corpus(tmp_path / "c", 6)
    db = tmp_path / "kb.sqlite"
    r = build(db, [corpus], process=fake_process)
    assert (len(r.added), len(r.updated), len(r.unchanged), len(r.failed)) == (6, 0, 0, 0)
    assert len(_facts(db)[0]) == 18

    os.utime(corpus / "p002.txt", None)  # touch: same content, new mtime
    r = build(db, [corpus], process=fake_process)
    assert (len(r.added), len(r.updated), len(r.unchanged)) == (0, 0, 6)

    write_json_paper(corpus / "p002.txt", _paper_facts(2)[:1])  # changed content
    r = build(db, [corpus], process=fake_process)
    assert r.updated == [str(corpus / "p002.txt")] and len(r.unchanged) == 5
    facts = _facts(db)[0]
    assert len(facts) == 16 and (facts["paper"] == "p002").sum() == 1

    (corpus / "p004.txt").unlink()
    r = build(db, [corpus], process=fake_process)  # no --prune: kept
    assert r.pruned == [] and len(_facts(db)[2]) == 6
    r = build(db, [corpus], process=fake_process, prune=True)
    assert r.pruned == ["p004"]
    facts, ev, papers = _facts(db)
    assert "p004" not in set(papers["paper"]) and "p004" not in set(facts["paper"])
    assert "p004" not in set(ev["paper"])


def test_same_corpus_same_facts_with_1_and_2_workers_and_rebuild(tmp_path):
    corpus = make_corpus(tmp_path / "c", 12)
    a, b = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    build(a, [corpus], workers=1, process=fake_process)
    build(b, [corpus], workers=2, process=fake_process)
    fa, ea, _ = _facts(a)
    fb, eb, _ = _facts(b)
    assert fa.equals(fb) and ea.equals(eb)  # ids included: they are deterministic
    build(a, [corpus], workers=2, process=fake_process, force=True)
    fa2, ea2, _ = _facts(a)
    assert fa2.equals(fa) and ea2.equals(ea)


def test_corrupt_file_in_the_middle(tmp_path):
    corpus = make_corpus(tmp_path / "c", 5)
    (corpus / "p002.txt").write_bytes(b"\x00\xff garbage {")
    db = tmp_path / "kb.sqlite"
    r = build(db, [corpus, tmp_path / "missing.txt"], workers=2, process=fake_process)
    assert len(r.added) == 4
    assert [f for f, _ in r.failed] == [str(corpus / "p002.txt"), str(tmp_path / "missing.txt")] \
        or sorted(f for f, _ in r.failed) == sorted([str(corpus / "p002.txt"),
                                                      str(tmp_path / "missing.txt")])
    reasons = dict(r.failed)
    assert "not a test paper" in reasons[str(corpus / "p002.txt")]
    assert reasons[str(tmp_path / "missing.txt")] == "no such file or directory"
    with Store.open(db, readonly=True) as st:
        s = st.stats()
    assert s["papers_ok"] == 4 and s["papers_failed"] == 1
    assert s["failures"][0]["paper"] == "p002"
    # a fixed file is retried and recovers
    write_json_paper(corpus / "p002.txt", _paper_facts(2))
    r = build(db, [corpus], process=fake_process)
    assert r.updated == [str(corpus / "p002.txt")] and not r.failed


def test_worker_exception_is_a_failure_not_a_crash(tmp_path):
    corpus = make_corpus(tmp_path / "c", 3)
    r = build(tmp_path / "kb.sqlite", [corpus], workers=2, process=_explode_on_p001)
    assert [Path(f).name for f, _ in r.failed] == ["p001.txt"]
    assert "RuntimeError: boom" in r.failed[0][1] and len(r.added) == 2


def _explode_on_p001(path):
    if Path(path).stem == "p001":
        raise RuntimeError("boom")
    return fake_process(path)


def test_duplicate_stems_reported(tmp_path):
    a = make_corpus(tmp_path / "a", 2)
    b = make_corpus(tmp_path / "b", 1)
    r = build(tmp_path / "kb.sqlite", [a, b], process=fake_process)
    assert len(r.added) == 2 and len(r.failed) == 1
    assert "duplicate paper id 'p000'" in r.failed[0][1]


_BUILD_SCRIPT = textwrap.dedent("""
    import sys
    sys.path.insert(0, {tests!r})
    from kb.store.build import build
    from kbstore_helpers import fake_process
    r = build({db!r}, [{corpus!r}], workers={workers}, process=fake_process)
    print(len(r.added), len(r.unchanged), len(r.failed))
""")


def _start_build(db: Path, corpus: Path, workers: int, delay: float) -> subprocess.Popen:
    code = _BUILD_SCRIPT.format(tests=str(TESTS), db=str(db), corpus=str(corpus), workers=workers)
    env = dict(os.environ, KB_TEST_DELAY=str(delay))
    return subprocess.Popen([sys.executable, "-c", code], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def _ok_papers(db: Path) -> int:
    try:
        with Store.open(db, readonly=True) as st:
            return st.stats()["papers_ok"]
    except Exception:  # noqa: BLE001 - db may not exist yet
        return 0


@pytest.mark.parametrize("workers", [1, 2])
def test_sigkill_mid_build_then_resume(tmp_path, workers):
    n = 30
    corpus = make_corpus(tmp_path / "c", n)
    db = tmp_path / "kb.sqlite"
    proc = _start_build(db, corpus, workers, delay=0.1)
    deadline = time.time() + 60
    while _ok_papers(db) < 4 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.02)
    finished_early = proc.poll() is not None
    os.killpg(proc.pid, signal.SIGKILL)  # the writer and its workers, mid-build
    _, err = proc.communicate()
    committed = _ok_papers(db)
    assert not finished_early and 4 <= committed < n, err
    with Store.open(db) as st:  # valid db, every committed paper complete
        assert st.integrity_check() == "ok"
        f = st.facts()
        assert len(f) == 3 * committed
        assert (f.groupby("paper").size() == 3).all()
    r = build(db, [corpus], workers=workers, process=fake_process)
    assert len(r.unchanged) == committed and len(r.added) + len(r.updated) == n - committed
    with Store.open(db, readonly=True) as st:
        f = st.facts()
        assert st.integrity_check() == "ok"
        assert len(f) == 3 * n and not f["fact_id"].duplicated().any()
        assert st.stats()["evidence"] == 3 * n
    clean = tmp_path / "clean.sqlite"
    build(clean, [corpus], process=fake_process)
    assert _facts(clean)[0].equals(_facts(db)[0])


def test_reader_works_while_build_runs(tmp_path):
    corpus = make_corpus(tmp_path / "c", 25)
    db = tmp_path / "kb.sqlite"
    proc = _start_build(db, corpus, 1, delay=0.05)
    seen = []
    try:
        while proc.poll() is None:
            if db.exists():
                n = _reader_count(db)
                if n is not None:
                    seen.append(n)
            time.sleep(0.03)
        out, err = proc.communicate()
        assert proc.returncode == 0, err
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    assert seen == sorted(seen)  # counts only grow, every read succeeded
    assert len(set(seen)) >= 3  # we really read in the middle of the build
    assert _reader_count(db) == 25


def _reader_count(db: Path) -> int | None:
    from kb.store import StoreError
    try:
        st = Store.open(db, readonly=True)
    except StoreError:
        return None  # not created / not migrated yet
    with st, st.snapshot():
        s = st.stats()
        assert len(st.facts()) == s["facts"]
        return s["papers_ok"]


def test_changed_extractor_code_reprocesses_unchanged_files(tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "c", 3)
    db = tmp_path / "kb.sqlite"
    build(db, [corpus], process=fake_process)
    assert len(build(db, [corpus], process=fake_process).unchanged) == 3
    monkeypatch.setenv("KB_PIPELINE_VERSION", "other-code")
    r = build(db, [corpus], process=fake_process)
    assert len(r.updated) == 3 and not r.unchanged
    assert len(build(db, [corpus], process=fake_process).unchanged) == 3


def test_pipeline_version_is_stable_and_can_be_pinned(monkeypatch):
    from kb.store.build import pipeline_version, source_version
    monkeypatch.delenv("KB_PIPELINE_VERSION", raising=False)
    source_version.cache_clear()  # computed from the source tree as it is now
    v = pipeline_version()
    source_version.cache_clear()
    assert pipeline_version() == v and len(v) == 16
    monkeypatch.setenv("KB_PIPELINE_VERSION", "pinned")
    assert pipeline_version() == "pinned"


def test_unchanged_stat_skips_reading_touched_file_is_hashed_once(tmp_path, monkeypatch):
    import kb.store.build as b
    corpus = make_corpus(tmp_path / "c", 4)
    db = tmp_path / "kb.sqlite"
    build(db, [corpus], process=fake_process)
    hashed = []
    real_hash = b._file_hash
    monkeypatch.setattr(b, "_file_hash", lambda p: hashed.append(p.name) or real_hash(p))
    assert len(build(db, [corpus], process=fake_process).unchanged) == 4
    assert hashed == []  # same size and mtime: no file was read
    os.utime(corpus / "p001.txt", ns=(1, 1))  # touch
    assert len(build(db, [corpus], process=fake_process).unchanged) == 4
    assert hashed == ["p001.txt"]  # read once, found identical, new stat remembered
    build(db, [corpus], process=fake_process)
    assert hashed == ["p001.txt"]
    moved = tmp_path / "moved"
    (corpus).rename(moved)  # same files elsewhere: unchanged, new location recorded
    r = build(db, [moved], process=fake_process, prune=True)
    assert len(r.unchanged) == 4 and r.pruned == []
    with Store.open(db, readonly=True) as st:
        assert all(Path(p).parent == moved.resolve() for p in st.papers()["source_path"])
