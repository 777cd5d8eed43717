"""`kb eval`: score extracted (or given) facts against gold annotations.

A thin layer over :mod:`kb.eval`; the figures it prints come from ``Report``.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from kb.cli.app import UserError, app, error_line
from kb.eval import EvalInputError, Report, load_gold, load_predictions, score


def _input_files(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    files: list[Path] = []
    bad: list[tuple[Path, str]] = []
    for p in paths:
        if p.is_dir():
            files += sorted(f for f in p.iterdir() if f.is_file() and not f.name.startswith("."))
        elif p.is_file():
            files.append(p)
        else:
            bad.append((p, "no such file or directory"))
    return files, bad


def extract_predictions(files: list[Path], papers: set[str]) -> tuple[list[dict[str, Any]], list[tuple[str, str]]]:
    """Export records of the facts extracted from the files whose stem has gold."""
    from kb.pipeline import process_file

    records: list[dict[str, Any]] = []
    errors: list[tuple[str, str]] = []
    for f in files:
        if f.stem not in papers:
            continue
        try:
            done = process_file(f)
        except ImportError as e:  # the extractor package is not importable: nothing to score
            raise UserError(f"cannot extract facts ({e}); score a --pred file instead", code=2)
        if not done.ok:
            errors.append((str(f), done.error or "failed"))
            continue
        records += [fact.export_record() for fact in done.facts]
    return records, errors


def scope_gold(gold: dict[str, list], in_scope: set[str]) -> tuple[dict[str, list], list[str]]:
    """Gold restricted to the papers that were given to score.

    A gold paper that was not extracted (not among FILES, absent from --pred)
    would otherwise count as all misses; it is left out and named instead.
    """
    kept = {k: v for k, v in gold.items() if k in in_scope}
    return kept, sorted(set(gold) - in_scope)


def _f(x: float) -> str:
    return f"{x:.3f}"


def _counts_table(title: str, first: str, rows: list[tuple[str, Any]], micro: Any | None) -> Table:
    t = Table(title=title)
    t.add_column(first)
    for col in ("P", "R", "F1", "TP", "FP", "FN", "ignored", "dup"):
        t.add_column(col, justify="right")
    for name, c in rows:
        t.add_row(name, _f(c.precision), _f(c.recall), _f(c.f1), str(c.tp), str(c.fp), str(c.fn),
                  str(c.ignored), str(c.duplicates))
    if micro is not None:
        c = micro
        t.add_row("[bold]micro[/bold]", _f(c.precision), _f(c.recall), _f(c.f1), str(c.tp),
                  str(c.fp), str(c.fn), str(c.ignored), str(c.duplicates), end_section=True)
    return t


def _detail(r: dict[str, Any]) -> str:
    t = r.get("type")
    bits = [f"material={r.get('material')}", f"ion={r.get('ion')}"]
    for k in {"mechanism": ("mechanism",), "phase": ("phase", "role"),
              "capacity": ("value", "unit", "kind"), "technique": ("technique", "mode"),
              "phenomenon": ("phenomenon", "value", "unit"), "material": ("role",)}.get(t, ()):
        if r.get(k) is not None:
            bits.append(f"{k}={r.get(k)}")
    return " ".join(bits)


def print_report(report: Report, errors: bool, console: Console) -> None:
    console.print(_counts_table("kb eval: by fact type", "type",
                                list(report.by_type.items()), report.micro))
    console.print(_counts_table("by paper (micro over types)", "paper",
                                list(report.by_paper.items()), None))
    if report.ignored_papers:
        console.print(f"papers without gold, ignored: {', '.join(report.ignored_papers)}")
    if not errors:
        return
    for paper in report.by_paper:
        for t in report.by_type:
            misses = [r for r in report.misses if r["paper"] == paper and r["type"] == t]
            fps = [r for r in report.false_positives if r["paper"] == paper and r["type"] == t]
            if not misses and not fps:
                continue
            console.rule(f"{paper} · {t}")
            for r in misses:
                console.print(f"[red]MISS[/red] {_detail(r)}", markup=True, highlight=False)
                if r.get("quote"):
                    console.print(f"     [{r.get('scope', '')}] {r['quote']}", markup=False,
                                  highlight=False)
                if r.get("near"):
                    console.print(f"     predicted nearby: {'; '.join(r['near'])}", markup=False,
                                  highlight=False)
            for r in fps:
                console.print(f"[yellow]FP[/yellow]   {_detail(r)}", markup=True, highlight=False)
                if r.get("evidence"):
                    console.print(f"     [{r.get('section', '')}] {r['evidence']}", markup=False,
                                  highlight=False)
                if r.get("near"):
                    console.print(f"     gold nearby: {'; '.join(r['near'])}", markup=False,
                                  highlight=False)


@app.command("eval")
def eval_command(
    paths: Optional[list[Path]] = typer.Argument(None, help="Papers (files or directories) to extract and score."),
    gold: Path = typer.Option(..., "--gold", help="Gold JSONL file or directory of them."),
    pred: Optional[list[Path]] = typer.Option(None, "--pred", help="Predicted facts JSONL (repeatable)."),
    errors: bool = typer.Option(False, "--errors", help="List misses and false positives with evidence."),
    fmt: str = typer.Option("table", "--format", help="table | json"),
) -> None:
    """Precision, recall and F1 per fact type against gold annotations."""
    if fmt not in ("table", "json"):
        raise UserError(f"--format must be table or json, not {fmt!r}", code=2)
    if not paths and not pred:
        raise UserError("nothing to score: give paper FILES or --pred F.jsonl", code=2)
    try:
        gold_facts = load_gold(gold)
    except EvalInputError as e:
        error_line(e.path, e.reason)
        raise typer.Exit(2)
    records: list[dict[str, Any]] = []
    failed = False
    for p in pred or []:
        try:
            records += load_predictions(p)
        except EvalInputError as e:
            error_line(e.path, e.reason)
            raise typer.Exit(2)
    if paths:
        files, bad = _input_files(paths)
        for p, reason in bad:
            error_line(str(p), reason)
            failed = True
        extracted, errs = extract_predictions(files, set(gold_facts))
        for where, reason in errs:
            error_line(where, reason)
            failed = True
        records += extracted
        in_scope = {f.stem for f in files}
    else:
        in_scope = set()
    in_scope |= {str(r["paper"]) for r in records}
    gold_facts, unscored = scope_gold(gold_facts, in_scope)
    if unscored:
        sys.stderr.write(f"kb: gold papers not among the inputs, not scored: {', '.join(unscored)}\n")
    report = score(records, gold_facts)
    if fmt == "json":
        sys.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, sort_keys=False, indent=2) + "\n")
    else:
        print_report(report, errors, Console(width=max(Console().width, 100)))
    if failed:
        raise typer.Exit(1)
