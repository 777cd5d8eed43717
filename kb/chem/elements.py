"""The periodic table, read once from kb/vocab/elements.tsv.

Formula validation must reject ``Bi2Xy3`` and accept ``Og``: the table, not a
regular expression, decides what an element symbol is.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

VOCAB = Path(__file__).resolve().parents[1] / "vocab"


@cache
def elements() -> dict[str, tuple[str, int]]:
    """symbol -> (lower-case name, Z)."""
    out: dict[str, tuple[str, int]] = {}
    for line in (VOCAB / "elements.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        symbol, name, z = line.split("\t")
        out[symbol] = (name, int(z))
    return out


def is_element(symbol: str) -> bool:
    return symbol in elements()


@cache
def element_by_name() -> dict[str, str]:
    """lower-case English name (both spellings of Al, S, Cs) -> symbol."""
    out = {name: sym for sym, (name, _z) in elements().items()}
    out.update({"aluminum": "Al", "sulphur": "S", "cesium": "Cs"})
    return out
