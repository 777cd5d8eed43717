"""The store's view of material identity: ``kb.chem`` plus the one question the
store adds, "may this entity ever be fuzzy-merged?".

``kb.chem`` is the one home of material identity (contracts); the store asks it for
the key of a written name and the parts of a composite. Fuzzy merging is a store
policy: only plain names qualify. A key with upper-case letters is a composition
(``Bi0.4S0.6``, ``S0.333Se0.333W0.333@cpcs``) and a written form that parses as a
formula, or that carries digits, is chemistry: one character there is another
compound (``MoS2``/``MoSe2``, ``SnO``/``SnO2``), so those never merge by similarity.
"""
from __future__ import annotations

import re

from kb.chem import composite_parts as _parts
from kb.chem import flatten, is_formula as _is_formula, material_key

__all__ = ["composite_parts", "flatten", "fuzzy_eligible", "is_formula", "material_key"]


def is_formula(name: str) -> bool:
    return bool(_is_formula(flatten(name), allow_single_element=True))


def fuzzy_eligible(key: str, forms) -> bool:
    if key != key.lower() or re.search(r"\d", key):
        return False
    return not any(is_formula(f) or re.search(r"\d", f) for f in forms)


def composite_parts(name: str) -> list[str]:
    """Components of a composite as written; [] for a material that is not one."""
    parts = [p for p in _parts(name) if p]
    return parts if len(parts) > 1 else []
