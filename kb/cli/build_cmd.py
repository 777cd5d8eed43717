"""`kb build`, `kb stats`, `kb show`, `kb alias`: thin layers over kb.store / kb.query.profile."""
from __future__ import annotations

import contextlib
import json
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from kb.cli.app import DB_OPTION, UserError, app, error_line, resolve_db


class Fmt(str, Enum):
    table = "table"
    json = "json"


def _open(db: Path | None, readonly: bool = True):
    from kb.store import Store, StoreError
    try:
        return Store.open(resolve_db(db), readonly=readonly)
    except StoreError as e:
        raise UserError(str(e)) from e


@contextlib.contextmanager
def _db_errors(db: Path | None):
    """SQLite failures (locked past the timeout, disk full, corruption) are one line."""
    import sqlite3
    try:
        yield
    except sqlite3.Error as e:
        raise UserError(f"{resolve_db(db)}: database error: {e}") from e


def _print_json(obj) -> None:
    sys.stdout.write(json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=False, default=str)
                     + "\n")


@app.command("build")
def build_command(
    paths: list[Path] = typer.Argument(..., help="Corpus files or directories (*.txt, *.xml)."),
    db: Optional[Path] = DB_OPTION,
    workers: int = typer.Option(min(os.cpu_count() or 1, 8), "--workers", "-j", min=1,
                                help="Worker processes (1 = no pool; default: CPUs, at most 8)."),
    prune: bool = typer.Option(False, "--prune", help="Remove papers whose files are gone."),
    force: bool = typer.Option(False, "--force", help="Re-process unchanged files too."),
    scheduler: Optional[str] = typer.Option(
        None, "--scheduler", envvar="KB_DASK_SCHEDULER",
        help="Dask scheduler address (tcp://host:8786): run parsing and extraction on that "
             "cluster (needs pip install -e '.[scale]'); --workers is then ignored."),
    progress: Optional[bool] = typer.Option(None, "--progress/--no-progress",
                                            help="Progress bar (default: when stderr is a terminal)."),
    fmt: Fmt = typer.Option(Fmt.table, "--format"),
) -> None:
    """Parse, extract and store papers, one transaction per paper.

    Unchanged files (same content, same extractor code) are skipped without
    parsing; failed files are retried; an interrupted build resumes where it stopped.
    """
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)
    from kb.store import StoreError
    from kb.store.build import build

    show = sys.stderr.isatty() if progress is None else progress
    bar = Progress(TextColumn("[bold]build"), BarColumn(), MofNCompleteColumn(),
                   TextColumn("{task.fields[rate]:.1f} papers/s"),
                   TextColumn("[red]{task.fields[failed]} failed"),
                   TimeElapsedColumn(), TimeRemainingColumn(),
                   console=Console(stderr=True), disable=not show, transient=False,
                   # No refresh thread: worker processes are forked from this process,
                   # and forking while another thread holds a lock can hang the child.
                   auto_refresh=False)
    state = {"task": None, "failed": 0, "done": 0, "t0": None}

    def on_total(n: int) -> None:
        import time
        state["t0"] = time.perf_counter()
        state["task"] = bar.add_task("build", total=n, rate=0.0, failed=0)
        bar.refresh()

    def on_progress(path: str, outcome: str, reason: str | None) -> None:
        import time
        if outcome == "failed":
            state["failed"] += 1
            error_line(path, reason or "failed")
        if outcome != "unchanged":
            state["done"] += 1
        rate = state["done"] / max(time.perf_counter() - state["t0"], 1e-9)
        bar.update(state["task"], advance=1, rate=rate, failed=state["failed"])
        bar.refresh()

    try:
        with bar, _db_errors(db):
            report = build(resolve_db(db), paths, workers=workers, prune=prune, force=force,
                           on_progress=on_progress, on_total=on_total, scheduler=scheduler)
    except StoreError as e:
        raise UserError(str(e)) from e
    except RuntimeError as e:
        if scheduler is None:  # only the Dask executor turns its setup errors into these
            raise
        raise UserError(str(e)) from e
    s = report.summary()
    if fmt is Fmt.json:
        _print_json(s)
    else:
        t = Table(title=f"kb build -> {resolve_db(db)}")
        for col in ("added", "updated", "unchanged", "failed", "pruned", "papers/s", "seconds"):
            t.add_column(col, justify="right")
        t.add_row(*(str(s[k]) for k in ("added", "updated", "unchanged", "failed", "pruned",
                                        "papers_per_s", "seconds")))
        console = Console()
        console.print(t)
        for f in s["failures"]:
            console.print(f"failed: {f['file']}: {f['reason']}", markup=False, highlight=False)
        for p in report.pruned:
            console.print(f"pruned: {p}", markup=False, highlight=False)
    if report.failed:
        raise typer.Exit(1)


@app.command("stats")
def stats_command(db: Optional[Path] = DB_OPTION, fmt: Fmt = typer.Option(Fmt.table, "--format")) -> None:
    """Papers, facts per type, materials, failures (works while a build runs)."""
    with _db_errors(db), _open(db) as st:
        s = st.stats()
    if fmt is Fmt.json:
        _print_json(s)
        return
    console = Console()
    t = Table(title="knowledge base", show_header=False)
    t.add_column("what")
    t.add_column("count", justify="right")
    for k in ("papers", "papers_ok", "papers_failed", "facts", "evidence", "sentences",
              "materials", "material_spellings", "user_aliases"):
        t.add_row(k, str(s[k]))
    t.add_row("db size", f"{s['db_bytes'] / 1e6:.1f} MB")
    for typ, n in s["facts_by_type"].items():
        t.add_row(f"facts: {typ}", str(n))
    console.print(t)
    if s["failures"]:
        f = Table(title="failed papers")
        f.add_column("paper")
        f.add_column("reason")
        for row in s["failures"]:
            f.add_row(row["paper"], row["error"])
        console.print(f)


@app.command("show")
def show_command(material: str = typer.Argument(..., help="Any spelling or alias."),
                 db: Optional[Path] = DB_OPTION,
                 fmt: Fmt = typer.Option(Fmt.table, "--format")) -> None:
    """Everything known about one material across papers, with evidence."""
    from kb.query.profile import UnknownMaterial, material_profile, render_profile
    with _db_errors(db), _open(db) as st:
        try:
            prof = material_profile(st, material)
        except UnknownMaterial as e:
            raise UserError(str(e)) from e
    if fmt is Fmt.json:
        _print_json(prof)
    else:
        render_profile(prof, Console())


alias_app = typer.Typer(no_args_is_help=True, help="User aliases: names for materials, applied at query time.")
app.add_typer(alias_app, name="alias")


@alias_app.command("add")
def alias_add(name: str, canonical: str, db: Optional[Path] = DB_OPTION) -> None:
    """Make NAME mean the material CANONICAL (no rebuild needed)."""
    from kb.store import StoreError
    with _db_errors(db), _open(db, readonly=False) as st:
        try:
            target = st.add_alias(name, canonical)
        except StoreError as e:
            raise UserError(str(e)) from e
    Console().print(f"{name} -> {target}", markup=False, highlight=False)


@alias_app.command("remove")
def alias_remove(name: str, db: Optional[Path] = DB_OPTION) -> None:
    with _db_errors(db), _open(db, readonly=False) as st:
        if not st.remove_alias(name):
            raise UserError(f"no user alias '{name}'")


@alias_app.command("list")
def alias_list(db: Optional[Path] = DB_OPTION, fmt: Fmt = typer.Option(Fmt.table, "--format"),
               all_: bool = typer.Option(False, "--all", help="Also the spellings read from papers.")) -> None:
    with _db_errors(db), _open(db) as st:
        rows = st.aliases(include_auto=all_)
    if fmt is Fmt.json:
        _print_json([{"alias": a, "canonical": c} for a, c in rows])
        return
    t = Table(title="aliases")
    t.add_column("alias")
    t.add_column("canonical")
    for a, c in rows:
        t.add_row(a, c)
    Console().print(t)
