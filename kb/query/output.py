"""Tables as text for programs: JSON and CSV with a stable schema.

Kept apart from the CLI so tests read exactly what `--format json|csv` prints.
Missing values are null in JSON and empty in CSV; numbers keep their type;
column order is the table's own.
"""
from __future__ import annotations

import csv
import io
import json
import math
from typing import Any

import pandas as pd

from kb.query.filters import clean


def cell(value: Any) -> Any:
    v = clean(value)
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def frame_records(df: pd.DataFrame) -> list[dict[str, Any]]:
    cols = [c for c in df.columns if not str(c).startswith("_")]
    return [{c: cell(v) for c, v in zip(cols, row)}
            for row in df[cols].itertuples(index=False, name=None)]


def to_json(obj: Any) -> str:
    if isinstance(obj, pd.DataFrame):
        obj = frame_records(obj)
    return json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n"


def csv_text(value: Any) -> str:
    v = cell(value)
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, (list, tuple)):
        return "; ".join(str(x) for x in v)
    return str(v)


def to_csv(df: pd.DataFrame) -> str:
    cols = [c for c in df.columns if not str(c).startswith("_")]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for row in df[cols].itertuples(index=False, name=None):
        w.writerow([csv_text(v) for v in row])
    return buf.getvalue()
