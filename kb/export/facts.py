"""`kb export facts`: the curated dataset (FACTS.md records + doi, section, evidence, confidence).

Rows are rebuilt as schemas.Fact and serialised with Fact.export_record, so the
dataset has exactly the shape the extractors produce and the gold files use, and
schemas/facts.schema.json validates every line.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from kb.query.filters import clean
from schemas.fact import Evidence, Fact, FactType

COLUMNS = ["paper", "doi", "type", "material", "ion", "role", "mechanism", "phase", "value",
           "unit", "kind", "current", "cycles", "retention_percent", "technique", "mode",
           "phenomenon", "section", "evidence", "confidence"]
_FIELDS = ["ion", "role", "mechanism", "phase", "value", "unit", "kind", "current", "cycles",
           "retention_percent", "technique", "mode", "phenomenon", "order", "doi"]
PARQUET_SCHEMA = pa.schema([
    (c, pa.float64() if c in ("value", "retention_percent", "confidence")
     else pa.int64() if c == "cycles" else pa.string())
    for c in COLUMNS])
FORMATS = (".jsonl", ".csv", ".parquet")


class ExportError(Exception):
    """Bad export request (unknown format, unwritable path): one line for the user."""


def fact_records(store) -> list[dict[str, Any]]:
    """Every stored fact as an export record, in store order (paper, document order)."""
    out = []
    df = store.facts()
    cols = list(df.columns)
    for values in df.itertuples(index=False, name=None):
        row = {k: clean(v) for k, v in zip(cols, values)}
        kw = {f: row.get(f) for f in _FIELDS}
        if kw["cycles"] is not None:
            kw["cycles"] = int(kw["cycles"])
        if kw["order"] is not None:
            kw["order"] = int(kw["order"])
        fact = Fact(paper=row["paper"], type=FactType(row["type"]), material=row["material"],
                    evidence=Evidence(paper=row["paper"], section=row.get("section") or "",
                                      sentence=row.get("evidence") or "",
                                      confidence=row.get("confidence") if row.get("confidence") is not None else 1.0),
                    **kw)
        out.append(fact.export_record())
    return out


def _jsonl(records: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def _csv(records: list[dict[str, Any]]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in records:
        w.writerow(["" if r.get(c) is None else r[c] for c in COLUMNS])
    return buf.getvalue().encode("utf-8")


def _parquet(records: list[dict[str, Any]], out: Path) -> None:
    cols = {c: [r.get(c) for r in records] for c in COLUMNS}
    table = pa.table(cols, schema=PARQUET_SCHEMA)
    # no pandas metadata, one row group, fixed writer options: the bytes depend
    # on the rows and the pyarrow version only
    pq.write_table(table, out, compression="zstd", use_dictionary=True, write_statistics=True,
                   row_group_size=max(len(records), 1), store_schema=False)


def export_facts(store, out: Path) -> int:
    """Write the dataset in the format the suffix names; returns the number of rows."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"{out}: unknown format '{suffix or '(none)'}'; use {', '.join(FORMATS)}")
    records = fact_records(store)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        if suffix == ".jsonl":
            out.write_bytes(_jsonl(records))
        elif suffix == ".csv":
            out.write_bytes(_csv(records))
        else:
            _parquet(records, out)
    except OSError as e:
        raise ExportError(f"{out}: cannot write ({e.strerror or e})") from None
    return len(records)
