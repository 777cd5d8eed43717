"""Loading of the data files in kb/vocab (one entry a line, ``#`` comments).

Loaded once per process (functools.cache): the extractors call these on every
sentence and must never re-read or re-compile anything.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

VOCAB_DIR = Path(__file__).resolve().parents[1] / "vocab"


@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """Tab-separated rows of ``kb/vocab/<name>``; blank lines and comments skipped."""
    path = VOCAB_DIR / name
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        out.append(tuple(c.strip() for c in line.split("\t")))
    return tuple(out)


@cache
def entries(name: str) -> frozenset[str]:
    """The first column of ``kb/vocab/<name>`` as a set."""
    return frozenset(r[0] for r in rows(name))


@cache
def mapping(name: str) -> dict[str, str]:
    """First column -> second column of ``kb/vocab/<name>``."""
    return {r[0]: (r[1] if len(r) > 1 else "") for r in rows(name)}
