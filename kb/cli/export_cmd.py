"""`kb export facts|table|graph`: thin commands over kb.export."""
from __future__ import annotations

import sys
from pathlib import Path

import typer

from kb.cli.app import DB_OPTION, UserError, app, resolve_db

export_app = typer.Typer(no_args_is_help=True, add_completion=False,
                         help="Export the curated fact dataset, review tables or the graph "
                              "(byte-identical for the same store).")
app.add_typer(export_app, name="export")


def _store(db: Path | None):
    from kb.store import Store, StoreError
    try:
        return Store.open(resolve_db(db), readonly=True)
    except StoreError as e:
        raise UserError(str(e)) from None


@export_app.command("facts", help="Every fact with doi, section, evidence sentence and confidence "
                                  "(.jsonl, .csv or .parquet); --schema prints its JSON Schema.")
def facts_cmd(out: Path = typer.Option(None, "--out", "-o", help="FILE.jsonl|.csv|.parquet"),
              schema: bool = typer.Option(False, "--schema", help="print the JSON Schema and exit"),
              db: Path = DB_OPTION) -> None:
    from kb.export.facts import ExportError, export_facts
    if schema:
        from schemas.jsonschema import schema_text
        sys.stdout.write(schema_text())
        return
    if out is None:
        raise UserError("--out FILE is required (or --schema)")
    st = _store(db)
    try:
        n = export_facts(st, out)
    except ExportError as e:
        raise UserError(str(e)) from None
    finally:
        st.close()
    sys.stderr.write(f"kb: wrote {n} facts to {out}\n")


@export_app.command("table", help="A review table: materials, capacities, mechanisms, phases or "
                                  "techniques (.csv, .md, .xlsx or .tex).")
def table_cmd(kind: str = typer.Option(..., "--kind", "-k",
                                       help="materials|capacities|mechanisms|phases|techniques"),
              out: Path = typer.Option(..., "--out", "-o", help="FILE.csv|.md|.xlsx|.tex"),
              db: Path = DB_OPTION) -> None:
    from kb.export.facts import ExportError
    from kb.export.tables import TABLE_KINDS, export_table
    if kind not in TABLE_KINDS:
        raise UserError(f"unknown --kind '{kind}'; use one of {', '.join(TABLE_KINDS)}")
    st = _store(db)
    try:
        n = export_table(st, kind, out)
    except ExportError as e:
        raise UserError(str(e)) from None
    finally:
        st.close()
    sys.stderr.write(f"kb: wrote {n} rows ({kind}) to {out}\n")


@export_app.command("graph", help="The knowledge graph as .graphml, .gexf, .json, or "
                                  "--format neo4j-csv --out DIR (nodes.csv, relationships.csv).")
def graph_cmd(out: Path = typer.Option(..., "--out", "-o", help="FILE or DIR (neo4j-csv)"),
              fmt: str = typer.Option(None, "--format", "-f",
                                      help="graphml|gexf|json|neo4j-csv (default: from suffix)"),
              db: Path = DB_OPTION) -> None:
    from kb.export.facts import ExportError
    from kb.export.graph import export_graph, graph_of
    st = _store(db)
    try:
        n, m = export_graph(graph_of(st), out, fmt)
    except ExportError as e:
        raise UserError(str(e)) from None
    finally:
        st.close()
    sys.stderr.write(f"kb: wrote {n} nodes and {m} edges to {out}\n")
