"""The store's view of material identity: a thin adapter over ``kb.chem``.

``kb.chem`` is the one home of material identity (contracts). The store only needs
four answers from it: the identity key of a written name, whether a name is a
formula (formulas are never fuzzy-merged), the parts of a composite, and the
flattened spelling. Going through this module keeps every import of kb.chem in one
place so the rest of the store reads the same whichever chemistry rules apply.
"""
from __future__ import annotations

import re
import unicodedata

try:  # kb.chem is written concurrently; the fallback below keeps the store usable.
    from kb.chem import composite_parts as _chem_parts
    from kb.chem import flatten as _chem_flatten
    from kb.chem import is_formula as _chem_is_formula
    from kb.chem import material_key as _chem_key
    HAVE_CHEM = True
except ImportError:  # pragma: no cover - exercised only before kb.chem lands
    HAVE_CHEM = False

_SUB = str.maketrans("₀₁₂₃₄₅₆₇₈₉⁰¹²³⁴⁵⁶⁷⁸⁹₊₋⁺⁻", "0123456789" "0123456789" "+-+-")
_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2212\uFE63\uFF0D]")
_ELEMENT_RUN = re.compile(r"([A-Z][a-z]?)(\d*\.?\d*)")


def flatten(text: str) -> str:
    if HAVE_CHEM:
        return _chem_flatten(text)
    text = unicodedata.normalize("NFC", text).translate(_SUB)
    text = re.sub(r"_\{([^}]*)\}", r"\1", text)
    return _DASHES.sub("-", text).strip()


def _fallback_composition(name: str) -> dict[str, float] | None:
    s = flatten(name)
    if not s or not _ELEMENT_RUN.fullmatch(s) and not re.fullmatch(r"(?:[A-Z][a-z]?\d*\.?\d*)+", s):
        return None
    comp: dict[str, float] = {}
    for el, n in _ELEMENT_RUN.findall(s):
        comp[el] = comp.get(el, 0.0) + (float(n) if n else 1.0)
    return comp


def is_formula(name: str) -> bool:
    if HAVE_CHEM:
        return bool(_chem_is_formula(flatten(name)))
    return _fallback_composition(name) is not None


def material_key(name: str) -> str:
    if HAVE_CHEM:
        return _chem_key(name)
    comp = _fallback_composition(name)
    if comp:
        total = sum(comp.values())
        return "|".join(f"{el}:{v / total:.4f}" for el, v in sorted(comp.items()))
    return re.sub(r"[\s\-_]+", " ", flatten(name).lower()).strip()


def composite_parts(name: str) -> list[str]:
    if HAVE_CHEM:
        return list(_chem_parts(name) or [])
    s = flatten(name)
    parts = [p.strip() for p in re.split(r"[@/]", s) if p.strip()]
    return parts if len(parts) > 1 else []
