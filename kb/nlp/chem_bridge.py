"""The NLP layer's one door to material identity (kb.chem).

kb.chem is the single home of formula validation, element symbols and common
names; this module only adapts its answers to what the recognizers need on hot
paths: a cached yes/no per token, guarded by a cheap lexical pre-check (element
symbols, digits, brackets, x/y/z/δ) that rejects most words before the full
parser runs, and exception safety so a chemistry bug costs one token, not a paper.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from kb import chem as _chem

# A symbol's lower-case letter is never a variable (x, y, z): "Ox" in "SiOx", "Sx" in
# "Li2Sx", "Kx" in "KxSn" are O, S, K and an amount. Dy is the one symbol whose second
# letter is a variable letter, so it is spelt out first.
_LEXICAL = re.compile(r"(Dy|[A-Z][a-w]?)|(\d+(?:\.\d+)?(?:/\d+)?)|([xyzδ](?:[-−+]\d*(?:\.\d+)?)?)"
                      r"|([-−+]\d*(?:\.\d+)?[xyzδ]?)|([()\[\]·])")


@cache
def elements() -> frozenset[str]:
    """Element symbols of the periodic table (from kb.chem)."""
    return frozenset(_chem.elements())


def _lexically_formula(text: str) -> bool:
    """Only element symbols, numbers, variables and balanced brackets: worth parsing."""
    pos, seen, depth = 0, False, 0
    symbols = elements()
    for m in _LEXICAL.finditer(text):
        if m.start() != pos:
            return False
        pos = m.end()
        if m.group(1):
            if m.group(1) not in symbols:
                return False
            seen = True
        elif m.group(5):
            depth += 1 if m.group(5) in "([" else -1 if m.group(5) in ")]" else 0
            if depth < 0:
                return False
    return seen and pos == len(text) and depth == 0


@lru_cache(maxsize=65536)
def is_formula(text: str) -> bool:
    """True when ``text`` is a chemical formula valid against the periodic table.

    Single element symbols count ("Bi", "W"): whether a bare symbol is a material or
    a phase is decided by the caller from its context.
    """
    if not text or not text[0].isupper() or not _lexically_formula(text):
        return False
    try:
        return bool(_chem.is_formula(text, allow_single_element=True))
    except Exception:  # noqa: BLE001 - a chem bug must not kill extraction
        return False


@lru_cache(maxsize=65536)
def common_name_formula(name: str) -> str | None:
    """Formula for a common name ("bismuth sulfide" -> "Bi2S3"), None when unknown."""
    try:
        return _chem.common_name_formula(name)
    except Exception:  # noqa: BLE001
        return None


@lru_cache(maxsize=65536)
def material_key(name: str) -> str:
    """Identity key used to merge spellings of one material inside a paper."""
    try:
        return _chem.material_key(name)
    except Exception:  # noqa: BLE001
        return re.sub(r"[\s‐‑–-]+", " ", name.lower()).strip()


@lru_cache(maxsize=4096)
def fold_spellings(name: str) -> str:
    """``name`` (lower case) with variant spellings folded as kb.chem keys them
    ("red phosphorous" -> "red phosphorus")."""
    return _chem.fold_spellings(name)
