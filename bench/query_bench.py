"""Query latency: the main `kb ask` patterns, structured queries and exports.

The store is built once (corpus/ plus ../shared/corpus when present) into a
temporary file; each query then runs ``--repeat`` times on a freshly opened
read-only store, as a CLI call would, and the best and median wall times are
reported. Opening the store and reading its facts is part of every timing,
because that is what a user waits for.

    python -m bench query [--repeat N] [--db EXISTING.sqlite] [--json]
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = Path(os.environ.get("KB_SHARED", REPO.parent / "shared")) / "corpus"
SAMPLE_CORPUS = REPO / "corpus"

QUESTIONS = [
    "which conversion anodes show irreversible first cycles?",
    "which alloying anodes crack on sodiation?",
    "what phases form when Bi2S3 is sodiated?",
    "which techniques were used to study Bi2S3?",
    "which materials were studied by in situ TEM?",
    "which conversion anodes deliver more than 500 mAh/g after 100 cycles?",
    "what is known about Sb?",
    "compare Bi2S3 and Sb",
    "which papers report cracking in Sb?",
]


def _cases(tmp: Path):
    """(name, fn(store)) pairs; every fn does what the CLI command does."""
    from kb.export import export_facts, export_graph, export_table
    from kb.query.ask import ask
    from kb.query.filters import Criteria, View
    from kb.query.tables import (capacities_table, evidence_table, materials_table,
                                 phases_table, search_table, techniques_table)

    # baseline: reading every fact, which every query below pays once
    cases = [("store.facts() (baseline)", lambda st: st.facts())]
    cases += [(f"ask: {q}", lambda st, q=q: ask(View(st), q)) for q in QUESTIONS]
    cases += [
        ("materials --mechanism alloying --role anode",
         lambda st: materials_table(View(st), Criteria(mechanism="alloying", role="anode"))),
        ("materials (all)", lambda st: materials_table(View(st))),
        ("phases Bi2S3", lambda st: phases_table(View(st), View(st).resolve("Bi2S3"))),
        ("capacities --sort value", lambda st: capacities_table(View(st), Criteria(), "value")),
        ("techniques", lambda st: techniques_table(View(st))),
        ("evidence Sb", lambda st: evidence_table(View(st), View(st).resolve("Sb"))),
        ("search 'in situ TEM sodiation'", lambda st: search_table(View(st), "in situ TEM sodiation")),
        ("search hostile 'NEAR(\"Bi*'", lambda st: search_table(View(st), 'NEAR("Bi*')),
        ("export facts .jsonl", lambda st: export_facts(st, tmp / "f.jsonl")),
        ("export facts .parquet", lambda st: export_facts(st, tmp / "f.parquet")),
        ("export table materials .xlsx", lambda st: export_table(st, "materials", tmp / "m.xlsx")),
    ]
    from kb.export.graph import graph_of
    cases.append(("export graph .graphml", lambda st: export_graph(graph_of(st), tmp / "g.graphml")))
    return cases


def build_store(db: Path) -> dict:
    from kb.store.build import build
    inputs = [p for p in (SAMPLE_CORPUS, SHARED_CORPUS) if p.exists()]
    report = build(db, inputs, workers=1)
    return {"inputs": [str(p) for p in inputs], "papers": len(report.added) + len(report.updated),
            "failed": len(report.failed), "build_seconds": round(report.seconds, 2)}


def measure(db: Path, repeat: int, tmp: Path) -> list[dict]:
    from kb.store import Store
    out = []
    for name, fn in _cases(tmp):
        times = []
        error = None
        for _ in range(repeat):
            t0 = time.perf_counter()
            try:
                with Store.open(db, readonly=True) as st:
                    fn(st)
            except Exception as e:  # noqa: BLE001 - report, keep measuring the rest
                error = f"{type(e).__name__}: {e}"
                break
            times.append(time.perf_counter() - t0)
        out.append({"query": name, "best_ms": round(min(times) * 1000, 1) if times else None,
                    "median_ms": round(statistics.median(times) * 1000, 1) if times else None,
                    "runs": len(times), "error": error})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench query", description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--db", type=Path, help="use this store instead of building one")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        if args.db:
            if not args.db.exists():
                sys.stderr.write(f"bench: {args.db}: no such store\n")
                return 1
            db, info = args.db, {"inputs": [str(args.db)]}
        else:
            db = tmp / "bench.sqlite"
            info = build_store(db)
        from kb.store import Store
        with Store.open(db, readonly=True) as st:
            stats = st.stats()
        info.update({"facts": stats["facts"], "materials": stats["materials"],
                     "sentences": stats["sentences"]})
        rows = measure(db, max(args.repeat, 1), tmp)
    if args.json:
        print(json.dumps({"store": info, "queries": rows}, indent=2))
        return int(any(r["error"] for r in rows))
    con = Console()
    con.print(f"store: {info}")
    t = Table(title=f"Query latency (best / median of {args.repeat}, store opened each run)")
    t.add_column("query", overflow="fold")
    t.add_column("best ms", justify="right")
    t.add_column("median ms", justify="right")
    t.add_column("error", overflow="fold")
    for r in rows:
        t.add_row(r["query"], str(r["best_ms"] or "-"), str(r["median_ms"] or "-"), r["error"] or "")
    con.print(t)
    return int(any(r["error"] for r in rows))


if __name__ == "__main__":
    sys.exit(main())
