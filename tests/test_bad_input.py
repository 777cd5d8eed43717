"""Bad input: every case fails with one clear reason, and never stops a batch.

Each case is written to tmp_path by the test itself. The library must raise
ParseError naming the problem; the CLI must print exactly one
``kb: <file>: <reason>`` line per bad file, keep parsing the good ones, exit
non-zero, and never show a traceback.
"""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import kb.cli.parse_cmd  # noqa: F401  (registers `parse` on the app)
from kb.cli.app import app
from parsers import ParseError, parse
from parsers.batch import parse_many

REPO = Path(__file__).resolve().parents[1]
# One sample of each format (the corpus is ours, so copying it is fine).
GOOD = [REPO / "corpus" / "102_graphite_potassiation.txt", REPO / "corpus" / "110_antimony_sodiation.txt"]
ERROR_LINE = re.compile(r"^kb: (?P<file>.+?): (?P<reason>\S.*)$")

WILEY_HEAD = ('<component xmlns="http://www.wiley.com/namespaces/wiley" version="2.0" '
              'type="serialArticle" xml:id="x1"><header><contentMeta><titleGroup>'
              '<title type="main">Sodiation of Bi<sub>2</sub>S<sub>3</sub>')

# name -> (content as bytes, words the reason must contain)
CASES: dict[str, tuple[bytes, tuple[str, ...]]] = {
    "empty.txt": (b"", ("empty",)),
    "blank.txt": (b"  \n\n\t \n", ("empty",)),
    "binary.txt": (bytes(range(256)) * 8, ("binary",)),
    "truncated.txt": (WILEY_HEAD.encode(), ("malformed",)),
    "other_vocabulary.txt": (b'<?xml version="1.0"?>\n<article><front><article-title>Na-ion anodes'
                             b'</article-title></front><body><p>Text.</p></body></article>\n',
                             ("another vocabulary", "article")),
    "latin1.txt": (("Sodiation of hard carbon at 25 \u00b0C gives 300 mAh g\u207b\u00b9? "
                    "R\u00e9sum\u00e9: capacit\u00e9 \u00e9lev\u00e9e. " * 20)
                   .encode("utf-8").decode("utf-8").encode("latin-1", errors="replace"),
                   ("utf-8",)),
    "html.txt": (b"<!DOCTYPE html><html><head><title>Access denied</title></head>"
                 b"<body>Please log in.</body></html>", ("html",)),
    "too_short.txt": (b"Graphite anode.\nSee the PDF.\n", ("too little text",)),
}


def _write(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes(CASES[name][0])
    return path


# -- library ------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(CASES))
def test_library_raises_parse_error_with_reason(tmp_path, name):
    path = _write(tmp_path, name)
    with pytest.raises(ParseError) as info:
        parse(path)
    err = info.value
    assert err.path == str(path)
    reason = err.reason.lower()
    assert reason and "\n" not in reason
    for word in CASES[name][1]:
        assert word in reason, f"{name}: reason {err.reason!r} should mention {word!r}"


def test_latin1_reason_points_at_the_byte(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes("Na-ion cells at 25 \u00b0C ".encode("latin-1") + b"text " * 80)
    with pytest.raises(ParseError) as info:
        parse(path)
    assert "0xb0" in info.value.reason  # the degree sign, as Latin-1


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ParseError, match="cannot read"):
        parse(tmp_path / "nope.txt")
    with pytest.raises(ParseError, match="directory"):
        parse(tmp_path)


def _mixed_folder(tmp_path: Path) -> tuple[Path, list[Path], list[Path]]:
    folder = tmp_path / "mixed"
    folder.mkdir()
    good = []
    for src in GOOD:
        dst = folder / src.name
        shutil.copy(src, dst)
        good.append(dst)
    bad = [folder / n for n in ("binary.txt", "empty.txt", "latin1.txt", "truncated.txt")]
    for p in bad:
        p.write_bytes(CASES[p.name][0])
    return folder, good, bad


def test_parse_many_reports_bad_files_as_values(tmp_path):
    folder, good, bad = _mixed_folder(tmp_path)
    results = dict(parse_many([folder]))
    assert set(results) == set(good) | set(bad)
    for p in good:
        assert not isinstance(results[p], ParseError), results[p]
        assert results[p].title
    for p in bad:
        assert isinstance(results[p], ParseError)


# -- CLI ------------------------------------------------------------------------

def _error_lines(stderr: str) -> list[re.Match]:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    matches = [ERROR_LINE.match(ln) for ln in lines]
    assert all(matches), f"stderr lines not of the form 'kb: <file>: <reason>':\n{stderr}"
    return matches


@pytest.mark.parametrize("name", sorted(CASES))
def test_cli_single_bad_file(tmp_path, name):
    path = _write(tmp_path, name)
    result = CliRunner().invoke(app, ["parse", str(path)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    (m,) = _error_lines(result.stderr)
    assert m["file"] == str(path)
    assert result.stdout == ""


def test_cli_mixed_folder(tmp_path):
    folder, good, bad = _mixed_folder(tmp_path)
    result = CliRunner().invoke(app, ["parse", str(folder), "--format", "json"])
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr + result.stdout
    named = sorted(m["file"] for m in _error_lines(result.stderr))
    assert named == sorted(str(p) for p in bad)  # one line per bad file, naming it
    rows = json.loads(result.stdout)
    by_file = {r["file"]: r for r in rows}
    assert set(by_file) == {str(p) for p in good + bad}
    for p in good:
        assert by_file[str(p)]["status"] == "ok" and by_file[str(p)]["title"]
    for p in bad:
        assert by_file[str(p)]["status"] == "error" and by_file[str(p)]["error"]


def test_cli_mixed_folder_table_lists_good_files(tmp_path):
    folder, good, bad = _mixed_folder(tmp_path)
    result = CliRunner().invoke(app, ["parse", str(folder)])
    assert result.exit_code == 1
    for p in good:
        assert p.name in result.stdout
    assert len(_error_lines(result.stderr)) == len(bad)


def test_real_entry_point_has_no_traceback(tmp_path):
    """The installed console-script path (kb.cli.main), as a user runs it."""
    folder, good, bad = _mixed_folder(tmp_path)
    proc = subprocess.run([sys.executable, "-c", "from kb.cli import main; main()",
                           "parse", str(folder), "--format", "csv"],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert len(_error_lines(proc.stderr)) == len(bad)
    assert len(proc.stdout.strip().splitlines()) == 1 + len(good) + len(bad)


def test_cli_no_input_files(tmp_path):
    result = CliRunner().invoke(app, ["parse", str(tmp_path)])
    assert result.exit_code == 1
    assert "no input files" in result.stderr
