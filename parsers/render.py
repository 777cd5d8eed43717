"""Articles as people read them (Markdown) and as one summary row per file.

Both live beside the parsers, not in the CLI, so tests and other tools get the
same output the `kb parse` command prints.
"""
from __future__ import annotations

from pathlib import Path

from parsers.errors import ParseError
from schemas.article import Article, Section, Table

SUMMARY_FIELDS = ("file", "status", "format", "id", "doi", "title", "sections", "paragraphs",
                  "captions", "tables", "references", "error")
"""The stable column order of parse summaries (JSON keys, CSV header)."""


def summary_row(path: str | Path, result: Article | ParseError) -> dict:
    """One flat record per input file; failed files keep the same keys with ``error`` set."""
    row = dict.fromkeys(SUMMARY_FIELDS)
    row["file"] = str(path)
    if isinstance(result, ParseError):
        row.update(status="error", error=result.reason)
        return row
    row.update(status="ok", format=result.source_format.value, id=result.id, doi=result.doi,
               title=result.title, **result.counts())
    return row


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def table_to_markdown(table: Table) -> list[str]:
    """A pipe table; ragged rows are padded so every renderer accepts it."""
    width = max([len(table.header)] + [len(r) for r in table.rows] + [1])
    header = list(table.header) + [""] * (width - len(table.header))
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |",
             "|" + "|".join(" --- " for _ in range(width)) + "|"]
    for row in table.rows:
        cells = list(row) + [""] * (width - len(row))
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return lines


def _section(sec: Section, depth: int, out: list[str]) -> None:
    title = f"{sec.label} {sec.title}" if sec.label else sec.title
    out += [f"{'#' * min(depth, 6)} {title}", ""]
    for p in sec.paragraphs:
        out += [p.text, ""]
    for sub in sec.subsections:
        _section(sub, depth + 1, out)


def to_markdown(article: Article) -> str:
    """Title, metadata, abstract, body sections, captions, tables and references."""
    out: list[str] = [f"# {article.title or article.id}", ""]
    meta = [("DOI", article.doi), ("Journal", article.journal),
            ("Year", str(article.year) if article.year else None),
            ("Authors", ", ".join(a.name for a in article.authors) or None),
            ("Keywords", "; ".join(article.keywords) or None),
            ("Source", f"{article.source_path} ({article.source_format.value})")]
    out += [f"- **{k}:** {v}" for k, v in meta if v] + [""]
    for ab in article.abstracts:
        out += ["## Graphical Abstract" if ab.kind.value == "graphical" else "## Abstract", ""]
        for p in ab.paragraphs:
            out += [p.text, ""]
    for sec in article.sections:
        _section(sec, 2, out)
    if article.captions:
        out += ["## Figure captions", ""]
        for cap in article.captions:
            out += [f"**{cap.label}.** {cap.text}".rstrip(), ""]
    for tab in article.tables:
        heading = tab.label or "Table"
        out += [f"## {heading}" + (f": {tab.caption}" if tab.caption else ""), ""]
        out += table_to_markdown(tab) + [""]
        out += [f"_{note}_" for note in tab.footnotes] + ([""] if tab.footnotes else [])
    for sec in article.back_matter:
        _section(sec, 2, out)
    if article.references:
        out += ["## References", ""]
        for i, ref in enumerate(article.references, 1):
            label = ref.label or str(i)
            text = ref.text or "; ".join(x for x in (", ".join(ref.authors), ref.title, ref.journal) if x)
            doi = f" https://doi.org/{ref.doi}" if ref.doi and ref.doi not in text else ""
            out.append(f"{label}. {text}{doi}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"
