"""The CLI layer: exit codes, one-line errors, JSON outputs, alias commands."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

KB = [sys.executable, "-c", "from kb.cli import main; main()"]


def kb(*args):
    # one code version for every build of this module, even if the pipeline's
    # source changes while the tests run
    env = dict(os.environ, KB_PIPELINE_VERSION="cli-test")
    return subprocess.run(KB + list(args), capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def cli_db(tmp_path_factory, sample_corpus):
    root = tmp_path_factory.mktemp("cli")
    corpus = root / "corpus"
    corpus.mkdir()
    sample = sorted(sample_corpus.glob("*.txt"))[0]
    shutil.copy(sample, corpus / sample.name)
    (corpus / "empty.txt").write_text("")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    db = root / "kb.sqlite"
    res = kb("build", str(corpus), "--db", str(db), "--workers", "2", "--format", "json")
    return db, corpus, sample, res


def test_build_bad_files_exit_1_and_one_line_each(cli_db):
    db, corpus, sample, res = cli_db
    assert res.returncode == 1
    lines = res.stderr.strip().splitlines()
    assert sorted(lines) == [f"kb: {corpus / 'binary.txt'}: binary file (contains NUL bytes), "
                             "not an article", f"kb: {corpus / 'empty.txt'}: empty file"]
    summary = json.loads(res.stdout)
    assert summary["added"] == 1 and summary["failed"] == 2
    assert {f["reason"] for f in summary["failures"]} == {
        "empty file", "binary file (contains NUL bytes), not an article"}


def test_stats_json_and_table(cli_db):
    db, _, sample, _ = cli_db
    s = json.loads(kb("stats", "--db", str(db), "--format", "json").stdout)
    assert s["papers_ok"] == 1 and s["papers_failed"] == 2
    assert sorted(f["paper"] for f in s["failures"]) == ["binary", "empty"]
    table = kb("stats", "--db", str(db))
    assert table.returncode == 0 and "failed papers" in table.stdout and "empty file" in table.stdout


def test_rebuild_unchanged_then_prune(cli_db, tmp_path):
    db, corpus, sample, _ = cli_db
    work = tmp_path / "kb.sqlite"
    shutil.copy(db, work)
    (corpus / "empty.txt").unlink()
    (corpus / "binary.txt").unlink()
    res = kb("build", str(corpus), "--db", str(work), "--prune", "--format", "json")
    assert res.returncode == 0, res.stderr
    s = json.loads(res.stdout)
    assert (s["unchanged"], s["pruned"], s["failed"]) == (1, 2, 0)


def test_alias_commands(cli_db, tmp_path):
    db, _, _, _ = cli_db
    work = tmp_path / "kb.sqlite"
    shutil.copy(db, work)
    mats = json.loads(kb("stats", "--db", str(work), "--format", "json").stdout)["materials"]
    assert mats > 0
    with __import__("kb.store", fromlist=["Store"]).Store.open(work, readonly=True) as st:
        target = st.facts()["entity"].iloc[0]
    res = kb("alias", "add", "my favourite electrode", target, "--db", str(work))
    assert res.returncode == 0 and res.stdout.strip() == f"my favourite electrode -> {target}"
    listed = json.loads(kb("alias", "list", "--db", str(work), "--format", "json").stdout)
    assert listed == [{"alias": "my favourite electrode", "canonical": target}]
    shown = json.loads(kb("show", "my favourite electrode", "--db", str(work),
                          "--format", "json").stdout)
    assert shown["material"] == target and shown["user_aliases"] == ["my favourite electrode"]
    bad = kb("alias", "add", "x", "no such material zz", "--db", str(work))
    assert bad.returncode == 1 and bad.stderr.startswith("kb: no material 'no such material zz'")


def test_missing_db_is_one_line(tmp_path):
    res = kb("stats", "--db", str(tmp_path / "none.sqlite"))
    assert res.returncode == 1
    assert res.stderr == f"kb: no knowledge base at {tmp_path / 'none.sqlite'} (run `kb build` first)\n"


def test_build_missing_path(tmp_path):
    res = kb("build", str(tmp_path / "nope"), "--db", str(tmp_path / "kb.sqlite"))
    assert res.returncode == 1
    assert res.stderr == f"kb: {tmp_path / 'nope'}: no such file or directory\n"


def test_corrupt_db_is_one_line(cli_db, tmp_path):
    import sqlite3
    db, _, _, _ = cli_db
    bad = tmp_path / "bad.sqlite"
    shutil.copy(db, bad)
    con = sqlite3.connect(bad)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    size = bad.stat().st_size
    with open(bad, "r+b") as fh:  # trash everything after the first pages
        fh.seek(4096 * 2)
        fh.write(b"\xff" * max(size - 4096 * 2, 4096))
    for args in (["stats"], ["show", "Sn"], ["alias", "list"]):
        res = kb(*args, "--db", str(bad))
        assert res.returncode == 1, args
        assert res.stderr.startswith(f"kb: {bad}") and res.stderr.count("\n") == 1, res.stderr
        assert "Traceback" not in res.stderr
