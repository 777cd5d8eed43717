"""`kb extract`: JSONL records of deduplicated facts; bad files cost one line and exit 1."""
import json

from typer.testing import CliRunner

from kb.cli import app
from kb.cli.extract_cmd import extract_records

runner = CliRunner()


def test_extract_jsonl_records_have_export_fields(sample_corpus):
    path = sorted(sample_corpus.glob("*.txt"))[0]
    res = runner.invoke(app, ["extract", str(path)])
    assert res.exit_code == 0, res.output
    rows = [json.loads(line) for line in res.stdout.splitlines() if line.strip()]
    assert rows
    for r in rows:
        assert {"paper", "type", "material", "ion", "doi", "section", "evidence", "confidence"} <= set(r)
        assert r["paper"] == path.stem and r["evidence"]
    keys = [tuple(sorted((k, str(v)) for k, v in r.items()
                         if k not in ("doi", "section", "evidence", "confidence"))) for r in rows]
    assert len(keys) == len(set(keys)), "records must be deduplicated"


def test_bad_file_is_one_error_line_and_exit_1(tmp_path, sample_corpus):
    bad = tmp_path / "broken.txt"
    bad.write_bytes(b"\x00\x01not a paper")
    good = sorted(sample_corpus.glob("*.txt"))[0]
    res = runner.invoke(app, ["extract", str(bad), str(good)])
    assert res.exit_code == 1
    assert f"kb: {bad}:" in res.stderr
    assert "Traceback" not in res.stderr
    assert any(json.loads(line)["paper"] == good.stem for line in res.stdout.splitlines() if line.strip())


def test_table_format(sample_corpus):
    path = sorted(sample_corpus.glob("*.txt"))[0]
    res = runner.invoke(app, ["extract", str(path), "--format", "table"])
    assert res.exit_code == 0
    assert "facts" in res.stdout


def test_library_function_matches_cli(sample_corpus):
    path = sorted(sample_corpus.glob("*.txt"))[0]
    records, failed = extract_records([path])
    assert not failed
    res = runner.invoke(app, ["extract", str(path)])
    assert [json.loads(l) for l in res.stdout.splitlines() if l.strip()] == records
