"""`kb parse` and the batch helpers under it, on the sample corpus we wrote."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from typer.testing import CliRunner

import kb.cli.parse_cmd  # noqa: F401  (registers `parse` on the app)
from kb.cli.app import app
from parsers import parse
from parsers.batch import iter_input_files, parse_many
from parsers.render import SUMMARY_FIELDS, summary_row, table_to_markdown, to_markdown
from schemas.article import Article, Table

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "corpus"
XML_SAMPLE = CORPUS / "102_graphite_potassiation.txt"  # has subsections and a table


def _invoke(*args: str):
    return CliRunner().invoke(app, ["parse", *args])


# -- batch -----------------------------------------------------------------------

def test_iter_input_files_sorted_recursive_hidden_skipped(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for rel in ("b/2.txt", "a.txt", "b/1.xml", ".hidden.txt", ".git/x.txt", "notes.md", "b/Z.TXT"):
        (tmp_path / rel).write_text("x")
    files = iter_input_files([tmp_path])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a.txt", "b/1.xml", "b/2.txt", "b/Z.TXT"]


def test_iter_input_files_dedupes_and_keeps_named_paths(tmp_path):
    a = tmp_path / "a.txt"
    a.write_text("x")
    odd = tmp_path / "named.dat"
    odd.write_text("x")
    missing = tmp_path / "missing.txt"
    files = iter_input_files([a, tmp_path, odd, missing, a, tmp_path / ".." / tmp_path.name])
    assert files == sorted({a, odd, missing}, key=lambda q: str(q).casefold())


def test_parse_many_progress_callback(tmp_path):
    calls = []
    results = list(parse_many([CORPUS], progress=lambda d, t, p: calls.append((d, t, p))))
    files = iter_input_files([CORPUS])
    assert [p for p, _ in results] == files
    assert calls == [(i, len(files), p) for i, p in enumerate(files, 1)]


# -- one file ----------------------------------------------------------------------

def test_json_round_trips_into_article():
    result = _invoke(str(XML_SAMPLE), "--format", "json")
    assert result.exit_code == 0, result.stderr
    article = Article.model_validate_json(result.stdout)
    assert article == parse(XML_SAMPLE)
    assert article.doi == "10.1021/acs.nanolett.5b03667"


def test_markdown_has_title_headings_table_references():
    article = parse(XML_SAMPLE)
    result = _invoke(str(XML_SAMPLE))  # markdown is the default for one file
    assert result.exit_code == 0, result.stderr
    md = result.stdout
    assert md == to_markdown(article)
    assert md.startswith(f"# {article.title}\n")
    for _, sec in article.walk_sections():
        assert f" {sec.title}\n" in md
    assert "\n## " in md and "\n### " in md  # a subsection is one level deeper
    assert "| Step | Phase | Stage |" in md and "| 3 | KC8 | I |" in md
    assert "## References" in md and "10.1021/acs.nanolett.5b03667" in md


def test_table_to_markdown_pads_ragged_rows_and_escapes_pipes():
    lines = table_to_markdown(Table(header=["a", "b"], rows=[["1"], ["x|y", "2", "3"]]))
    assert lines == ["| a | b |  |", "| --- | --- | --- |", "| 1 |  |  |", "| x\\|y | 2 | 3 |"]


# -- many files ----------------------------------------------------------------------

def _good_corpus_files() -> list[Path]:
    return [p for p, r in parse_many([CORPUS]) if isinstance(r, Article)]


def test_summary_json_lists_every_file():
    result = _invoke(str(CORPUS), "--format", "json")
    rows = json.loads(result.stdout)
    files = iter_input_files([CORPUS])
    assert [r["file"] for r in rows] == [str(p) for p in files]
    assert all(list(r) == list(SUMMARY_FIELDS) for r in rows)
    expected = [summary_row(p, r) for p, r in parse_many([CORPUS])]
    assert rows == expected
    assert result.exit_code == (0 if all(r["status"] == "ok" for r in rows) else 1)


def test_summary_csv_has_stable_header():
    result = _invoke(str(CORPUS), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == SUMMARY_FIELDS
    assert len(rows) == len(iter_input_files([CORPUS]))


def test_summary_table_names_every_parsed_file():
    result = _invoke(str(CORPUS))
    for p in _good_corpus_files():
        assert p.name in result.stdout
    assert "parsed" in result.stdout


def test_summary_is_deterministic():
    first = _invoke(str(CORPUS), "--format", "json").stdout
    assert _invoke(str(CORPUS), "--format", "json").stdout == first


def test_single_file_summary_flag():
    result = _invoke(str(XML_SAMPLE), "--summary", "--format", "json")
    assert result.exit_code == 0
    (row,) = json.loads(result.stdout)
    assert row["tables"] == 1 and row["format"] == "wiley_xml"
