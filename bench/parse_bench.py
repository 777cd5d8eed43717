"""Parse throughput (MB/s, papers/s) on the real papers and on our sample corpus.

Files are read once; the timed part is format detection plus parsing of text
already in memory (the parser's own cost, not the disk's). Each set is parsed
``--repeat`` times and the best run is reported, which is the least noisy
estimate on a shared machine.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from parsers import ParseError, parse_text, read_text
from parsers.batch import iter_input_files

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = Path(os.environ.get("KB_SHARED", REPO.parent / "shared")) / "corpus"
SAMPLE_CORPUS = REPO / "corpus"


def _load(folder: Path) -> tuple[list[tuple[Path, str, int]], list[tuple[Path, str]]]:
    """(path, text, size in bytes) for readable files, (path, reason) for the rest."""
    ok, bad = [], []
    for path in iter_input_files([folder]):
        try:
            ok.append((path, read_text(path), path.stat().st_size))
        except ParseError as e:
            bad.append((path, e.reason))
    return ok, bad


def _best_of(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def measure(folder: Path, repeat: int) -> dict:
    """Per-file and whole-set timings for every file of ``folder`` that parses."""
    docs, bad = _load(folder)
    files, failed = [], [{"file": str(p), "reason": r} for p, r in bad]
    for path, text, size in docs:
        try:
            article = parse_text(text, path)
        except ParseError as e:
            failed.append({"file": str(path), "reason": e.reason})
            continue
        secs = _best_of(lambda: parse_text(text, path), repeat)
        files.append({"file": path.name, "format": article.source_format.value, "bytes": size,
                      "seconds": secs, "mb_per_s": size / 1e6 / secs if secs else 0.0})
    good = [(p, t) for p, t, _ in docs if any(f["file"] == p.name for f in files)]
    total_bytes = sum(f["bytes"] for f in files)
    total = _best_of(lambda: [parse_text(t, p) for p, t in good], repeat) if good else 0.0
    return {"folder": str(folder), "papers": len(files), "bytes": total_bytes, "seconds": total,
            "mb_per_s": total_bytes / 1e6 / total if total else 0.0,
            "papers_per_s": len(files) / total if total else 0.0,
            "repeat": repeat, "files": files, "failed": failed}


def _show(console: Console, title: str, r: dict) -> None:
    table = Table(title=title, title_justify="left")
    for col, just in (("file", "left"), ("format", "left"), ("KB", "right"),
                      ("best ms", "right"), ("MB/s", "right")):
        table.add_column(col, justify=just, no_wrap=True)
    for f in r["files"]:
        table.add_row(f["file"], f["format"], f"{f['bytes'] / 1e3:.1f}",
                      f"{f['seconds'] * 1e3:.2f}", f"{f['mb_per_s']:.2f}")
    table.add_section()
    table.add_row(f"all {r['papers']} papers", "", f"{r['bytes'] / 1e3:.1f}",
                  f"{r['seconds'] * 1e3:.2f}", f"{r['mb_per_s']:.2f}")
    console.print(table)
    console.print(f"{title}: {r['mb_per_s']:.2f} MB/s, {r['papers_per_s']:.1f} papers/s "
                  f"(best of {r['repeat']})")
    for f in r["failed"]:
        console.print(f"[red]failed[/red] {f['file']}: {f['reason']}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench parse", description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", "-n", type=int, default=5, help="repetitions; the best is kept")
    ap.add_argument("--json", action="store_true", help="machine-readable results on stdout")
    args = ap.parse_args(argv if argv is not None else [])
    console = Console(width=None if sys.stdout.isatty() else 160)
    results = {}
    for key, title, folder in (("real", "real papers (../shared/corpus)", SHARED_CORPUS),
                               ("sample", "sample corpus (corpus/)", SAMPLE_CORPUS)):
        if not folder.is_dir():
            console.print(f"skipped {title}: {folder} not found")
            continue
        results[key] = measure(folder, max(1, args.repeat))
        if not args.json:
            _show(console, title, results[key])
    if args.json:
        sys.stdout.write(json.dumps(results, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
