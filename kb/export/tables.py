"""`kb export table`: review tables as CSV, Markdown, XLSX or LaTeX.

XLSX is a zip of XML parts; openpyxl stamps the current time into the document
properties and into every zip entry, so two exports of the same store differ.
We fix the document properties and rewrite the zip with a constant entry time
and order, which makes the file byte-identical across runs (tested).
"""
from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Callable

import pandas as pd

from kb.export.facts import ExportError
from kb.query.filters import View
from kb.query.output import csv_text, to_csv
from kb.query.tables import (capacities_table, materials_table, mechanisms_table, phases_table,
                             techniques_table)

TABLE_KINDS: dict[str, Callable[[View], pd.DataFrame]] = {
    "materials": lambda v: materials_table(v),
    "capacities": lambda v: capacities_table(v, sort="material"),
    "mechanisms": lambda v: mechanisms_table(v),
    "phases": lambda v: phases_table(v),
    "techniques": lambda v: techniques_table(v),
}
TITLES = {"materials": "Materials", "capacities": "Reported capacities",
          "mechanisms": "Reaction mechanisms", "phases": "Reaction pathways",
          "techniques": "Characterisation techniques"}
FORMATS = (".csv", ".md", ".xlsx", ".tex")
FIXED_TIME = datetime(2000, 1, 1, 0, 0, 0)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def review_table(store_or_view, kind: str) -> pd.DataFrame:
    if kind not in TABLE_KINDS:
        raise ExportError(f"unknown table kind '{kind}'; use one of {', '.join(TABLE_KINDS)}")
    view = store_or_view if isinstance(store_or_view, View) else View(store_or_view)
    return TABLE_KINDS[kind](view)


def to_markdown(df: pd.DataFrame) -> str:
    def esc(v) -> str:
        return csv_text(v).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    cols = list(df.columns)
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for row in df.itertuples(index=False, name=None):
        lines.append("| " + " | ".join(esc(v) for v in row) + " |")
    return "\n".join(lines) + "\n"


_TEX = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
        "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
        "→": r"$\rightarrow$", "−": "-", "–": "--", "—": "---",
        # symbols chemistry text uses that pdflatex cannot set from UTF-8 alone
        "α": r"$\alpha$", "β": r"$\beta$", "γ": r"$\gamma$", "δ": r"$\delta$",
        "θ": r"$\theta$", "λ": r"$\lambda$", "μ": r"$\mu$", "σ": r"$\sigma$",
        "°": r"$^{\circ}$", "±": r"$\pm$", "×": r"$\times$", "≈": r"$\approx$",
        "≤": r"$\leq$", "≥": r"$\geq$", "⁺": r"$^{+}$", "⁻": r"$^{-}$"}


def tex_escape(text: str) -> str:
    return "".join(_TEX.get(ch, ch) for ch in text)


def to_latex(df: pd.DataFrame, caption: str) -> str:
    """A longtable with booktabs rules (needs \\usepackage{longtable,booktabs})."""
    cols = list(df.columns)
    wide = {"evidence", "references", "pathway", "materials", "best_capacity", "mechanisms",
            "phenomena", "techniques"}
    spec = "".join("p{4cm}" if c in wide else "l" for c in cols)
    head = " & ".join(r"\textbf{" + tex_escape(c) + "}" for c in cols) + r" \\"
    lines = [r"% requires \usepackage{longtable,booktabs}",
             r"\begin{longtable}{" + spec + "}",
             r"\caption{" + tex_escape(caption) + r"}\\",
             r"\toprule", head, r"\midrule", r"\endfirsthead",
             r"\toprule", head, r"\midrule", r"\endhead",
             r"\bottomrule", r"\endlastfoot"]
    for row in df.itertuples(index=False, name=None):
        lines.append(" & ".join(tex_escape(csv_text(v)) for v in row) + r" \\")
    lines.append(r"\end{longtable}")
    return "\n".join(lines) + "\n"


def stable_zip(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01, in name order, with a fixed
    modification time in the document properties."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in sorted(src.namelist(), key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            info.create_system = 3
            data = src.read(name)
            if name == "docProps/core.xml":
                # openpyxl sets "modified" to the save time whatever we ask for
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                              rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            dst.writestr(info, data)
    return buf.getvalue()


def to_xlsx(df: pd.DataFrame, sheet: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    cols = list(df.columns)
    ws.append(cols)
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in df.itertuples(index=False, name=None):
        vals = []
        for v in row:
            v = csv_text(v) if not isinstance(v, (int, float)) or isinstance(v, bool) else v
            if isinstance(v, float) and v != v:  # NaN
                v = None
            vals.append(None if v == "" else v)
        ws.append(vals)
    for i, c in enumerate(cols, 1):
        width = max([len(str(c))] + [len(csv_text(v)) for v in df[c]]) if len(df) else len(c)
        ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
    ws.freeze_panes = "A2"
    props = wb.properties
    props.creator = "kb"
    props.lastModifiedBy = "kb"
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    props.title = sheet
    buf = io.BytesIO()
    wb.save(buf)
    return stable_zip(buf.getvalue())


def export_table(store_or_view, kind: str, out: Path) -> int:
    """Write review table ``kind`` in the format the suffix names; returns the row count."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(f"{out}: unknown format '{suffix or '(none)'}'; use {', '.join(FORMATS)}")
    df = review_table(store_or_view, kind)
    df = df[[c for c in df.columns if not str(c).startswith("_")]].reset_index(drop=True)
    if suffix == ".csv":
        data = to_csv(df).encode("utf-8")
    elif suffix == ".md":
        data = (f"**{TITLES[kind]}**\n\n" + to_markdown(df)).encode("utf-8")
    elif suffix == ".tex":
        data = to_latex(df, TITLES[kind]).encode("utf-8")
    else:
        data = to_xlsx(df, TITLES[kind])
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
    except OSError as e:
        raise ExportError(f"{out}: cannot write ({e.strerror or e})") from None
    return len(df)
