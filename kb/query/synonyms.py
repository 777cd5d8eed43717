"""Question words -> the canonical vocabulary of FACTS.md.

People ask about "SIBs", "sodiation", "alloy-type anodes" or "low initial
Coulombic efficiency"; the store holds `Na`, `alloying`, `anode`,
`irreversible_first_cycle`. The mapping is data (kb/vocab/question_synonyms.tsv)
so a curator extends it without touching code; the canonical names of
schemas.fact always match themselves, so a new vocabulary entry there is
askable at once.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from schemas.fact import IONS, MECHANISMS, PHENOMENA, TECHNIQUES

VOCAB = Path(__file__).resolve().parents[1] / "vocab" / "question_synonyms.tsv"
KINDS = ("ion", "role", "mechanism", "phenomenon", "technique")


def fold(text: str) -> str:
    """Lower-case, hyphen/dash variants and underscores as '-'/' ', spaces collapsed."""
    t = text.lower()
    t = re.sub(r"[\u2010-\u2015\u2212]", "-", t)
    t = t.replace("_", " ")
    return re.sub(r"\s+", " ", t).strip()


@cache
def table() -> dict[str, dict[str, str]]:
    """kind -> {folded phrase: canonical}."""
    out: dict[str, dict[str, str]] = {k: {} for k in KINDS}
    for v in IONS:
        out["ion"][fold(v)] = v
    for v in MECHANISMS:
        out["mechanism"][fold(v)] = v
    for v in PHENOMENA:
        out["phenomenon"][fold(v)] = v
    for v in TECHNIQUES:
        out["technique"][fold(v)] = v
    for n, line in enumerate(VOCAB.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[0] not in KINDS:
            raise ValueError(f"{VOCAB.name}:{n}: expected kind<TAB>canonical<TAB>phrase")
        kind, canonical, phrase = parts
        out[kind][fold(phrase)] = canonical
    return out


def _plural(phrase: str) -> str:
    # "anode" -> "anodes", "crack" -> "cracks", "dendrite" -> "dendrites";
    # tolerate "es" too ("electrode" is fine, "pulverizes" ...).
    return re.escape(phrase).replace(r"\ ", r"[\s-]+") + r"(?:e?s|e?d|ing)?"


@cache
def _pattern(kind: str) -> re.Pattern[str]:
    phrases = sorted(table()[kind], key=lambda p: (-len(p), p))
    alt = "|".join(_plural(p) for p in phrases)
    return re.compile(rf"(?<![\w+-])(?:{alt})(?![\w+])", re.IGNORECASE)


def alternation(kind: str) -> str:
    """A regex alternation of every phrase of ``kind`` (for pattern templates)."""
    return _pattern(kind).pattern


@dataclass(frozen=True)
class Hit:
    canonical: str
    start: int
    end: int
    text: str


def find(kind: str, text: str) -> list[Hit]:
    """Every non-overlapping phrase of ``kind`` in ``text``, longest phrase first."""
    hits = []
    lookup = table()[kind]
    for m in _pattern(kind).finditer(fold(text)):
        canonical = _canonical(kind, m.group(0), lookup)
        if canonical is not None:
            hits.append(Hit(canonical, m.start(), m.end(), m.group(0)))
    return hits


def _canonical(kind: str, matched: str, lookup: dict[str, str]) -> str | None:
    key = re.sub(r"[\s-]+", lambda m: "-" if "-" in m.group(0) else " ", matched)
    if key in lookup:
        return lookup[key]
    for suffix in ("es", "s", "ed", "ing"):
        if key.endswith(suffix) and key[: -len(suffix)] in lookup:
            return lookup[key[: -len(suffix)]]
    # "crack"+"ing" -> "cracking" is listed; "fractur"+"ed" needs the 'e' back.
    for suffix in ("d", "s"):
        if key.endswith(suffix) and key[: -len(suffix)] in lookup:
            return lookup[key[: -len(suffix)]]
    # separators differ from the listed spelling ("alloy type" vs "alloy-type")
    flat = key.replace("-", " ")
    for phrase, canonical in lookup.items():
        if phrase.replace("-", " ") == flat:
            return canonical
    return None


def normalize(kind: str, text: str | None) -> str | None:
    """The canonical value when the WHOLE of ``text`` is one phrase of ``kind``."""
    if text is None:
        return None
    t = fold(text)
    if not t:
        return None
    hits = find(kind, t)
    if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(t):
        return hits[0].canonical
    return None


def first(kind: str, text: str) -> str | None:
    hits = find(kind, text)
    return hits[0].canonical if hits else None


def known(kind: str) -> list[str]:
    """Canonical values of ``kind`` (for error messages and suggestions)."""
    return sorted(set(table()[kind].values()))
