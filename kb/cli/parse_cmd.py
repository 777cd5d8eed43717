"""`kb parse`: read papers and show what the parsers made of them.

One file prints the whole Article (JSON for programs, Markdown for people);
a folder or several paths print one summary row per file. Thin layer over
parsers.batch and parsers.render.
"""
from __future__ import annotations

import csv
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table as RichTable

from kb.cli.app import app, error_line

COUNT_COLUMNS = ("sections", "paragraphs", "captions", "tables", "references")
# Below this many files a bar would only flicker.
PROGRESS_MIN_FILES = 20


class ParseFormat(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


def _progress_bar(enabled: bool):
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeRemainingColumn)
    return Progress(TextColumn("[bold]parse"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[name]}"), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=True, disable=not enabled)


def _print_summary_table(rows: list[dict]) -> None:
    ok = [r for r in rows if r["status"] == "ok"]
    table = RichTable(title=f"{len(ok)} parsed, {len(rows) - len(ok)} failed", title_justify="left")
    table.add_column("file", no_wrap=True, min_width=max([len(r["file"]) for r in ok] + [4]))
    table.add_column("format", no_wrap=True, min_width=9)
    table.add_column("title", overflow="ellipsis", no_wrap=True, max_width=60)
    for col in COUNT_COLUMNS:
        table.add_column(col, justify="right", no_wrap=True, min_width=len(col))
    for r in ok:
        table.add_row(r["file"], r["format"], r["title"] or "", *(str(r[c]) for c in COUNT_COLUMNS))
    # Piped output has no terminal width; do not squeeze the table into 80 columns.
    console = Console() if sys.stdout.isatty() else Console(width=400)
    console.print(table)


def _write_csv(rows: list[dict]) -> None:
    from parsers.render import SUMMARY_FIELDS
    w = csv.DictWriter(sys.stdout, fieldnames=SUMMARY_FIELDS, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: ("" if v is None else v) for k, v in r.items()})


@app.command("parse")
def parse_command(
    paths: list[Path] = typer.Argument(..., help="Paper files or folders (folders: *.txt, *.xml, recursively)."),
    fmt: Optional[ParseFormat] = typer.Option(
        None, "--format", "-f",
        help="One file: json | markdown (default markdown). Several files or a folder: "
             "table | json | csv summary (default table), or markdown of every article."),
    summary: bool = typer.Option(False, "--summary", help="Summary row even for a single file."),
    progress: Optional[bool] = typer.Option(
        None, "--progress/--no-progress",
        help=f"Progress bar on stderr (default: terminal and at least {PROGRESS_MIN_FILES} files)."),
) -> None:
    """Parse papers: print one Article, or a summary of many. Bad files: one error line each, exit 1."""
    from parsers.batch import iter_input_files, parse_one
    from parsers.errors import ParseError
    from parsers.render import summary_row, to_markdown

    files = iter_input_files(paths)
    single = len(paths) == 1 and not paths[0].is_dir() and not summary
    if fmt is None:
        fmt = ParseFormat.markdown if single else ParseFormat.table
    whole_article = single and fmt in (ParseFormat.json, ParseFormat.markdown)

    show = (sys.stderr.isatty() and len(files) >= PROGRESS_MIN_FILES) if progress is None else progress
    results = []
    failed = 0
    with _progress_bar(show) as bar:
        task = bar.add_task("parse", total=len(files), name="")
        for path in files:
            bar.update(task, name=path.name)
            result = parse_one(path)
            if isinstance(result, ParseError):
                failed += 1
                error_line(str(path), result.reason)
            results.append((path, result))
            bar.advance(task)

    if whole_article:
        article = results[0][1] if results else None
        if article is not None and not isinstance(article, ParseError):
            if fmt is ParseFormat.json:
                sys.stdout.write(article.model_dump_json(indent=2) + "\n")
            else:
                sys.stdout.write(to_markdown(article))
    elif fmt is ParseFormat.markdown:
        docs = [to_markdown(a) for _, a in results if not isinstance(a, ParseError)]
        sys.stdout.write("\n---\n\n".join(docs))
    else:
        rows = [summary_row(p, r) for p, r in results]
        if fmt is ParseFormat.json:
            sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        elif fmt is ParseFormat.csv:
            _write_csv(rows)
        else:
            _print_summary_table(rows)
    if failed or not files:
        if not files:
            error_line("", "no input files found")
        raise typer.Exit(1)
