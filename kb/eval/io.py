"""Reading gold annotations and prediction files (both FACTS.md JSONL).

Unreadable input is the user's problem, not a crash: it raises
:class:`EvalInputError` naming the file and the reason, which the CLI prints as
``kb: <path>: <reason>``.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

REQUIRED = ("paper", "type", "material")


class EvalInputError(Exception):
    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Records of one JSONL file (a JSON array is accepted too); every record needs paper/type/material."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise EvalInputError(p, "no such file")
    except IsADirectoryError:
        raise EvalInputError(p, "is a directory")
    except UnicodeDecodeError:
        raise EvalInputError(p, "not UTF-8 text")
    except OSError as e:
        raise EvalInputError(p, f"cannot read ({e.strerror or e})")
    records: list[tuple[int, Any]] = []
    if text.lstrip().startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise EvalInputError(p, f"invalid JSON ({e.msg} at line {e.lineno})")
        records = [(i + 1, r) for i, r in enumerate(data)]
    else:
        for n, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append((n, json.loads(line)))
            except json.JSONDecodeError as e:
                raise EvalInputError(p, f"line {n}: invalid JSON ({e.msg})")
    out = []
    for n, r in records:
        if not isinstance(r, dict):
            raise EvalInputError(p, f"record {n}: not a JSON object")
        missing = [k for k in REQUIRED if not isinstance(r.get(k), str) or not r.get(k)]
        if missing:
            raise EvalInputError(p, f"record {n}: missing {', '.join(missing)}")
        out.append(normalise_record(r))
    return out


def normalise_record(r: dict[str, Any]) -> dict[str, Any]:
    """Accept Fact.record(), Fact.export_record() and Fact.model_dump() shapes alike."""
    r = dict(r)
    ev = r.get("evidence")
    if isinstance(ev, dict):  # model_dump(): nested Evidence
        r["evidence"] = ev.get("sentence")
        r.setdefault("section", ev.get("section"))
    t = r.get("type")
    if isinstance(t, str) and t.startswith("FactType."):
        r["type"] = t.split(".", 1)[1].lower()
    return r


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        files = sorted(f for f in path.iterdir() if f.suffix == ".jsonl" and f.is_file())
        if not files:
            raise EvalInputError(path, "no .jsonl files in directory")
        return files
    if not path.exists():
        raise EvalInputError(path, "no such file or directory")
    return [path]


def load_gold(path: str | Path) -> dict[str, list[dict[str, Any]]]:
    """Gold facts by paper from one JSONL file or a directory of them (``gold/*.jsonl``)."""
    gold: dict[str, list[dict[str, Any]]] = {}
    for f in _files(Path(path)):
        for r in read_jsonl(f):
            gold.setdefault(r["paper"], []).append(r)
    return dict(sorted(gold.items()))


def load_predictions(path: str | Path) -> list[dict[str, Any]]:
    """Predicted facts from a JSONL file (or a directory of them)."""
    out: list[dict[str, Any]] = []
    for f in _files(Path(path)):
        out += read_jsonl(f)
    return out
