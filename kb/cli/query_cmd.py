"""`kb ask`, `kb materials`, `kb phases`, `kb capacities`, `kb techniques`,
`kb evidence`, `kb search`: thin commands over kb.query (tests call the library)."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Iterator

import pandas as pd
import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kb.cli.app import DB_OPTION, UserError, app, resolve_db
from kb.query import synonyms
from kb.query.ask import NoPattern, Result, ask, help_text, match
from kb.query.filters import Criteria, QueryError, UnknownMaterial, View
from kb.query.output import csv_text, to_csv, to_json
from kb.query.tables import (SORTS, capacities_table, evidence_table, materials_table,
                             phases_table, search_table, techniques_table)


class Fmt(str, Enum):
    table = "table"
    json = "json"
    csv = "csv"


class AskFmt(str, Enum):
    table = "table"
    json = "json"


FORMAT = typer.Option(Fmt.table, "--format", "-f", help="table (for people), json or csv.")


@contextmanager
def open_view(db: Path | None) -> Iterator[View]:
    """The store read-only; a missing or foreign file is one line, not a traceback."""
    from kb.store import Store, StoreError
    path = resolve_db(db)
    try:
        store = Store.open(path, readonly=True)
    except StoreError as e:
        raise UserError(str(e)) from None
    try:
        yield View(store)
    except QueryError as e:
        raise UserError(str(e)) from None
    finally:
        store.close()


def _console() -> Console:
    return Console(soft_wrap=False, highlight=False)


# What a person sees in `--format table`: the columns that fit a terminal.
# json/csv always carry every column.
DISPLAY = {
    "materials": ["material", "ion", "roles", "mechanisms", "pathway", "best_capacity",
                  "phenomena", "techniques", "references"],
    "phases": ["material", "ion", "step", "phase", "role", "references", "evidence"],
    "capacities": ["material", "ion", "value", "kind", "current", "cycles", "doi", "evidence"],
    "techniques_material": ["ion", "technique", "mode", "references", "evidence"],
    "evidence": ["ion", "fact", "paper", "section", "sentence"],
    "search": ["rank", "paper", "section", "sentence"],
}


def print_frame(df: pd.DataFrame, fmt: Fmt, title: str, empty: str,
                display: str | None = None) -> None:
    if fmt is Fmt.json:
        sys.stdout.write(to_json(df))
        return
    if fmt is Fmt.csv:
        sys.stdout.write(to_csv(df))
        return
    con = _console()
    if df.empty:
        con.print(empty)
        return
    cols = [c for c in df.columns if not str(c).startswith("_")]
    if display:
        cols = [c for c in DISPLAY[display] if c in cols]
    t = Table(title=title, show_lines=False, title_justify="left")
    for c in cols:
        wide = c in ("evidence", "sentence", "references", "title", "pathway", "materials")
        t.add_column(c, overflow="fold", ratio=3 if wide else None,
                     justify="right" if c in ("value", "cycles", "n_papers", "step", "rank",
                                              "n_materials", "retention_percent") else "left")
    for row in df[cols].itertuples(index=False, name=None):
        t.add_row(*[csv_text(v) for v in row])
    con.print(t)


def _vocab(kind: str, value: str | None, option: str) -> str | None:
    """A CLI filter value through the same synonyms as questions ("alloy-type", "SIB")."""
    if value is None:
        return None
    v = synonyms.normalize(kind, value)
    if v is None:
        raise UserError(f"unknown {option} '{value}'; known: {', '.join(synonyms.known(kind))}")
    return v


def _role(value: str | None) -> str | None:
    v = _vocab("role", value, "--role")
    return None if v == "any" else v


# --------------------------------------------------------------------------- ask
@app.command("ask", help="Answer a question in one of the documented patterns (no language model).",
             epilog=escape(help_text()).replace("\n", "\n\n"))
def ask_cmd(question: str = typer.Argument(..., help="The question, in quotes."),
            fmt: AskFmt = typer.Option(AskFmt.table, "--format", "-f", help="table or json."),
            db: Path = DB_OPTION) -> None:
    with open_view(db) as view:
        try:
            result = ask(view, question)
        except NoPattern as e:
            if fmt is AskFmt.json:
                sys.stdout.write(to_json(Result(question, None, suggestions=e.suggestions).to_json()))
            raise UserError("the question fits no pattern; closest: "
                            + " | ".join(e.suggestions)) from None
        except QueryError as e:
            if fmt is AskFmt.json:  # programs get the reason on stdout too
                hit = match(question)
                extra = {"error": str(e)}
                if isinstance(e, UnknownMaterial):
                    extra["closest"] = e.closest
                sys.stdout.write(to_json(Result(question, hit[0].name if hit else None,
                                                extra=extra).to_json()))
            raise
    if fmt is AskFmt.json:
        sys.stdout.write(to_json(result.to_json()))
        return
    print_answer(result)


def print_answer(result: Result) -> None:
    con = _console()
    con.print(f"[bold]{escape(result.question)}[/bold]  [dim](pattern: {result.pattern})[/dim]")
    crit = result.extra.get("criteria")
    if crit:  # how the words were read, so a surprising answer can be traced to a synonym
        con.print("[dim]read as: " + escape(", ".join(f"{k}={v}" for k, v in crit.items()))
                  + "[/dim]")
    if not result.answers:
        con.print(result.message or "no answer")
        return
    t = Table(show_lines=True)
    t.add_column("#", justify="right")
    t.add_column("material")
    t.add_column("ion")
    t.add_column("answer", overflow="fold", ratio=3)
    t.add_column("papers", overflow="fold", ratio=2)
    for i, a in enumerate(result.answers, 1):
        papers = "\n".join(p["doi"] or p["paper"] for p in a["papers"])
        t.add_row(str(i), a["material"], a["ion"] or "-", a.get("detail") or "", papers)
    con.print(t)
    for i, a in enumerate(result.answers, 1):
        con.print(f"[bold]Evidence for #{i} {a['material']} ({a['ion'] or '-'}):[/bold]")
        for ev in a["evidence"]:
            con.print(f"  [{ev['paper']} | {ev['section']}] {ev['sentence']}", markup=False)
    comp = result.extra.get("comparison")
    if comp:
        con.print("[bold]Comparison:[/bold]")
        for key, val in comp.items():
            con.print(f"  {key}: " + "; ".join(f"{k}: {', '.join(v) or '-'}" for k, v in val.items()),
                      markup=False)


# --------------------------------------------------------------------------- tables
@app.command("materials", help="Materials (one row per material and ion) meeting every filter.")
def materials_cmd(mechanism: str = typer.Option(None, help="e.g. conversion, alloy-type"),
                  role: str = typer.Option(None, help="anode, cathode, electrolyte"),
                  ion: str = typer.Option(None, help="Na, K, Li ... or sodium-ion, SIB"),
                  phenomenon: str = typer.Option(None, help="e.g. cracking, volume expansion"),
                  technique: str = typer.Option(None, help="e.g. TEM, XRD"),
                  min_capacity: float = typer.Option(None, help="best measured capacity >= N mAh/g"),
                  fmt: Fmt = FORMAT, db: Path = DB_OPTION) -> None:
    c = Criteria(mechanism=_vocab("mechanism", mechanism, "--mechanism"), role=_role(role),
                 ion=_vocab("ion", ion, "--ion"),
                 phenomenon=_vocab("phenomenon", phenomenon, "--phenomenon"),
                 technique=_vocab("technique", technique, "--technique"),
                 min_capacity=min_capacity)
    with open_view(db) as view:
        df = materials_table(view, c)
    empty = ("the knowledge base has no materials" if c.describe() == "no filter"
             else f"no material matches {c.describe()}")
    print_frame(df, fmt, f"Materials ({c.describe()})", empty,
                "materials")


@app.command("phases", help="The reaction pathway of a material, in order, per ion.")
def phases_cmd(material: str = typer.Argument(...),
               ion: str = typer.Option(None, help="Na, K, Li ..."),
               fmt: Fmt = FORMAT, db: Path = DB_OPTION) -> None:
    ion_c = _vocab("ion", ion, "--ion")
    with open_view(db) as view:
        entity = view.resolve(material)
        df = phases_table(view, entity, ion_c)
    print_frame(df, fmt, f"Phases of {entity}", f"no phases are recorded for {entity}",
                "phases")


@app.command("capacities", help="Measured gravimetric capacities, filtered and sorted.")
def capacities_cmd(material: str = typer.Option(None), mechanism: str = typer.Option(None),
                   role: str = typer.Option(None), ion: str = typer.Option(None),
                   min_capacity: float = typer.Option(None, help="value >= N mAh/g"),
                   min_cycles: int = typer.Option(None, help="reported after >= M cycles"),
                   current: str = typer.Option(None, help="e.g. '0.1 A/g' (= '100 mA/g')"),
                   sort: str = typer.Option("value", help="value | cycles | material"),
                   fmt: Fmt = FORMAT, db: Path = DB_OPTION) -> None:
    if sort not in SORTS:
        raise UserError(f"unknown --sort '{sort}'; use one of {', '.join(SORTS)}")
    with open_view(db) as view:
        c = Criteria(material=view.resolve(material) if material else None,
                     mechanism=_vocab("mechanism", mechanism, "--mechanism"), role=_role(role),
                     ion=_vocab("ion", ion, "--ion"), min_capacity=min_capacity,
                     min_cycles=min_cycles, current=current)
        df = capacities_table(view, c, sort)
    print_frame(df, fmt, f"Capacities ({c.describe()})", f"no capacity matches {c.describe()}",
                "capacities")


@app.command("techniques", help="Techniques used in the corpus, or on one material.")
def techniques_cmd(material: str = typer.Argument(None), fmt: Fmt = FORMAT,
                   db: Path = DB_OPTION) -> None:
    with open_view(db) as view:
        entity = view.resolve(material) if material else None
        df = techniques_table(view, entity)
    what = f"of {entity}" if entity else "in the knowledge base"
    print_frame(df, fmt, f"Techniques {what}", f"no technique is recorded {what}",
                "techniques_material" if entity else None)


@app.command("evidence", help="Every evidence sentence behind a material's facts.")
def evidence_cmd(material: str = typer.Argument(...),
                 fact_type: str = typer.Option(None, "--type", help="material, mechanism, phase, "
                                               "capacity, technique, phenomenon"),
                 fmt: Fmt = FORMAT, db: Path = DB_OPTION) -> None:
    with open_view(db) as view:
        entity = view.resolve(material)
        df = evidence_table(view, entity, fact_type)
    print_frame(df, fmt, f"Evidence for {entity}", f"no evidence for {entity}", "evidence")


@app.command("search", help="Full-text search over every sentence (words matched literally; "
                               "put -- before text that starts with '-').")
def search_cmd(text: str = typer.Argument(...), limit: int = typer.Option(20, help="max results"),
               fmt: Fmt = FORMAT, db: Path = DB_OPTION) -> None:
    with open_view(db) as view:
        df = search_table(view, text, limit)
    print_frame(df, fmt, f"Sentences matching {text!r}", f"no sentence matches {text!r}", "search")
