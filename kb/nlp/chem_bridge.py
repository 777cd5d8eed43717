"""The NLP layer's one door to material identity (kb.chem).

kb.chem is the single home of formula validation and common names; this module
only adapts its answers to what the recognizers need (a yes/no on a token, the
formula behind a name) and degrades to a strict periodic-table check while
kb.chem is not importable, so the pipeline never breaks on a half-built tree.
"""
from __future__ import annotations

import re
from functools import lru_cache

try:  # pragma: no cover - exercised whichever way the tree is built
    from kb import chem as _chem
except Exception:  # noqa: BLE001 - any import failure means "not available yet"
    _chem = None

_ELEMENTS = frozenset("""H He Li Be B C N O F Ne Na Mg Al Si P S Cl Ar K Ca Sc Ti V Cr Mn Fe Co Ni
Cu Zn Ga Ge As Se Br Kr Rb Sr Y Zr Nb Mo Tc Ru Rh Pd Ag Cd In Sn Sb Te I Xe Cs Ba La Ce Pr Nd
Pm Sm Eu Gd Tb Dy Ho Er Tm Yb Lu Hf Ta W Re Os Ir Pt Au Hg Tl Pb Bi Po At Rn Fr Ra Ac Th Pa U
Np Pu Am Cm Bk Cf Es Fm Md No Lr""".split())

_FALLBACK_TOKEN = re.compile(r"([A-Z][a-z]?)|(\d+(?:\.\d+)?(?:/\d+)?)|([xyzδ](?:[-−+]\d*(?:\.\d+)?)?)|([-−+]\d*(?:\.\d+)?[xyzδ]?)|([()\[\]·])")


def elements() -> frozenset[str]:
    return _ELEMENTS


def _fallback_is_formula(text: str) -> bool:
    pos, seen = 0, False
    depth = 0
    for m in _FALLBACK_TOKEN.finditer(text):
        if m.start() != pos:
            return False
        pos = m.end()
        if m.group(1):
            if m.group(1) not in _ELEMENTS:
                return False
            seen = True
        elif m.group(5):
            depth += 1 if m.group(5) in "([" else -1 if m.group(5) in ")]" else 0
            if depth < 0:
                return False
    return seen and pos == len(text) and depth == 0


@lru_cache(maxsize=65536)
def is_formula(text: str) -> bool:
    """True when ``text`` is a chemical formula valid against the periodic table."""
    if not text or not text[0].isupper():
        return False
    if not _fallback_is_formula(text):
        return False  # fast negative: not even element symbols and numbers
    if _chem is not None and hasattr(_chem, "is_formula"):
        try:
            try:
                return bool(_chem.is_formula(text, allow_single_element=True))
            except TypeError:
                return bool(_chem.is_formula(text))
        except Exception:  # noqa: BLE001 - a chem bug must not kill extraction
            pass
    return _fallback_is_formula(text)


@lru_cache(maxsize=65536)
def common_name_formula(name: str) -> str | None:
    """Formula for a common name ("bismuth sulfide" -> "Bi2S3"), None when unknown."""
    if _chem is not None and hasattr(_chem, "common_name_formula"):
        try:
            return _chem.common_name_formula(name)
        except Exception:  # noqa: BLE001
            return None
    return None


@lru_cache(maxsize=65536)
def material_key(name: str) -> str:
    """Identity key used to merge spellings of one material inside a paper."""
    if _chem is not None and hasattr(_chem, "material_key"):
        try:
            return _chem.material_key(name)
        except Exception:  # noqa: BLE001
            pass
    return re.sub(r"[\s‐‑–-]+", " ", name.lower()).strip()


def chem_available() -> bool:
    return _chem is not None
