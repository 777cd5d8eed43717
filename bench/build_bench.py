"""Build throughput, peak memory and db size: `python -m bench build [--replicate 1 3] [--workers 1 2]`.

Each configuration runs `kb.store.build.build` in a fresh subprocess over the real
papers (../shared/corpus) plus the sample corpus/, optionally replicated N times
into a temp folder (copies get distinct stems, so they are distinct papers). A
fresh process per run makes ``ru_maxrss`` that run's own peak: the writer (self)
and the largest worker (children). Comparing replicate 1 with 3 shows whether
memory grows with corpus size; it should not, since papers are streamed through
a bounded window and committed one by one. The last row rebuilds the largest db
unchanged: the cost of the incremental check (hashing, no parsing).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = Path(os.environ.get("KB_SHARED", REPO.parent / "shared")) / "corpus"
SAMPLE_CORPUS = REPO / "corpus"

_RUN = r"""
import json, resource, sys
from kb.store.build import build
report = build(sys.argv[1], sys.argv[3:], workers=int(sys.argv[2]))
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({**report.summary(), "processed": report.processed,
                  "maxrss_self_mb": me.ru_maxrss / 1024, "maxrss_children_mb": kids.ru_maxrss / 1024,
                  "cpu_s": me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime}))
"""


def replicate(sources: list[Path], n: int, dest: Path) -> int:
    files = [f for src in sources for f in sorted(src.glob("*.txt"))]
    dest.mkdir(parents=True, exist_ok=True)
    for k in range(n):
        for f in files:
            shutil.copyfile(f, dest / (f.name if k == 0 else f"{f.stem}_r{k}{f.suffix}"))
    return len(files) * n


def run_build(db: Path, workers: int, inputs: list[Path], version: str) -> dict:
    env = dict(os.environ, KB_PIPELINE_VERSION=version)
    out = subprocess.run([sys.executable, "-c", _RUN, str(db), str(workers), *map(str, inputs)],
                         capture_output=True, text=True, cwd=REPO, env=env)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr else "build failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench build", description=__doc__.splitlines()[0])
    ap.add_argument("--replicate", type=int, nargs="+", default=[1, 3])
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--json", action="store_true", help="machine-readable results")
    args = ap.parse_args(argv)
    sources = [p for p in (SHARED_CORPUS, SAMPLE_CORPUS) if p.is_dir()]
    if not sources:
        sys.stderr.write("bench: build: no corpus found (../shared/corpus, corpus/)\n")
        return 1
    # One code version for all runs: an edit to the pipeline during the bench must
    # not turn the "unchanged" run into a full rebuild.
    from kb.store.build import pipeline_version
    version = pipeline_version()
    rows = []
    with tempfile.TemporaryDirectory(prefix="kb-build-bench-") as tmp:
        tmp = Path(tmp)
        last_db = None
        for n in sorted(set(args.replicate)):
            corpus = tmp / f"corpus_x{n}"
            papers = replicate(sources, n, corpus)
            for w in args.workers if n == min(args.replicate) else [max(args.workers)]:
                db = tmp / f"kb_x{n}_w{w}.sqlite"
                r = run_build(db, w, [corpus], version)
                size = sum(p.stat().st_size for p in tmp.glob(db.name + "*"))
                rows.append({"run": "fresh", "papers": papers, "workers": w, **r,
                             "db_kb_per_paper": size / 1024 / max(papers, 1)})
                last_db = (db, w, corpus, papers)
        if last_db is not None:
            db, w, corpus, papers = last_db
            r = run_build(db, w, [corpus], version)
            rows.append({"run": "unchanged", "papers": papers, "workers": w, **r,
                         "papers_per_s": papers / r["seconds"] if r["seconds"] else 0.0,
                         "db_kb_per_paper": None})
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    t = Table(title="kb build (one process per run; rss = peak)")
    for c in ("run", "papers", "workers", "seconds", "papers/s", "cpu s", "failed",
              "rss writer MB", "rss worker MB", "db KB/paper"):
        t.add_column(c, justify="right")
    for r in rows:
        t.add_row(r["run"], str(r["papers"]), str(r["workers"]), f"{r['seconds']:.1f}",
                  f"{r['papers_per_s']:.2f}", f"{r['cpu_s']:.1f}", str(r["failed"]),
                  f"{r['maxrss_self_mb']:.0f}", f"{r['maxrss_children_mb']:.0f}",
                  "" if r["db_kb_per_paper"] is None else f"{r['db_kb_per_paper']:.0f}")
    Console(width=max(Console().width, 120)).print(t)
    return 0
