"""`kb extract`: facts of papers, without a database.

A thin layer over kb.pipeline.process_file and kb.facts.dedupe: JSONL (one
FACTS.md record plus doi, section, evidence, confidence per line) for programs,
a rich table for people. A bad file costs one error line; the rest go on.
"""
from __future__ import annotations

import json
import sys
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table as RichTable

from kb.cli.app import app, error_line


class ExtractFormat(str, Enum):
    jsonl = "jsonl"
    table = "table"


def extract_records(paths: list[Path]) -> tuple[list[dict], list[tuple[str, str]]]:
    """(export records of the deduplicated facts of every readable file, [(file, reason)])."""
    from parsers.batch import iter_input_files

    from kb.facts import dedupe
    from kb.pipeline import process_file

    records: list[dict] = []
    failed: list[tuple[str, str]] = []
    for f in iter_input_files(paths):
        res = process_file(f)
        if not res.ok:
            failed.append((str(f), res.error or "failed"))
            continue
        records.extend(fact.export_record() for fact in dedupe(res.facts))
    return records, failed


_TABLE_FIELDS = ("paper", "type", "material", "ion", "detail", "confidence", "section", "evidence")


def _detail(r: dict) -> str:
    skip = {"paper", "type", "material", "ion", "doi", "section", "evidence", "confidence"}
    return ", ".join(f"{k}={v}" for k, v in r.items() if k not in skip and v is not None)


@app.command("extract")
def extract_command(
    paths: list[Path] = typer.Argument(..., help="Paper files or folders."),
    fmt: ExtractFormat = typer.Option(ExtractFormat.jsonl, "--format", "-f", help="jsonl | table"),
) -> None:
    """Extract facts (FACTS.md records with evidence). Bad files: one error line each, exit 1."""
    records, failed = extract_records(paths)
    for where, reason in failed:
        error_line(where, reason)
    if fmt is ExtractFormat.jsonl:
        out = sys.stdout
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    else:
        table = RichTable(title=f"{len(records)} facts", title_justify="left")
        for col in _TABLE_FIELDS:
            table.add_column(col, overflow="fold")
        for r in records:
            table.add_row(r["paper"], r["type"], r["material"], r["ion"] or "", _detail(r),
                          f'{r["confidence"]:.2f}', r["section"], r["evidence"][:160])
        console = Console() if sys.stdout.isatty() else Console(width=240)
        console.print(table)
    if failed:
        raise typer.Exit(1)
