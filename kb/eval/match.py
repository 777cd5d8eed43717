"""When a predicted fact counts as a gold fact: the FACTS.md / gold README rules.

Per type, after the paper and the type agree:

==========  ==========================================================
material    material
mechanism   material + mechanism + ion
phase       material + phase (phase compared by composition)
capacity    material + value within 1 % of the gold value + same unit
technique   material + technique name
phenomenon  material + phenomenon name
==========  ==========================================================

Material identity is :func:`kb.chem.same_material` (composition as element
fractions, common names, composite ``A@B``/``A/B`` also matching its first
component, in both directions). Fields the table does not name (role, kind,
mode, current, phenomenon value ...) do not take part: the README names ``ion``
only for mechanisms, so an ``ion`` disagreement elsewhere is not a miss.

The *key* of a fact is the exact form of the same fields (material key, phase
key, exact value): two facts with one key are duplicates and count once.
"""
from __future__ import annotations

from typing import Any

from kb.chem import identity, material_key, same_material


def _s(v: Any) -> str:
    return "" if v is None else str(v).strip()


def _value(v: Any) -> float | None:
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def match_key(r: dict[str, Any]) -> tuple:
    t = _s(r.get("type"))
    m = material_key(_s(r.get("material")))
    if t == "mechanism":
        return (t, m, _s(r.get("mechanism")).lower(), _s(r.get("ion")))
    if t == "phase":
        return (t, m, material_key(_s(r.get("phase"))))
    if t == "capacity":
        return (t, m, _value(r.get("value")), _s(r.get("unit")))
    if t == "technique":
        return (t, m, _s(r.get("technique")).lower())
    if t == "phenomenon":
        return (t, m, _s(r.get("phenomenon")).lower())
    return (t, m)


def fields_match(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    """Everything but the material (checked separately, it is the expensive part)."""
    t = _s(gold.get("type"))
    if _s(pred.get("type")) != t:
        return False
    if t == "mechanism":
        return (_s(pred.get("mechanism")).lower() == _s(gold.get("mechanism")).lower()
                and _s(pred.get("ion")) == _s(gold.get("ion")))
    if t == "phase":
        return identity(_s(pred.get("phase"))).same(identity(_s(gold.get("phase"))))
    if t == "capacity":
        pv, gv = _value(pred.get("value")), _value(gold.get("value"))
        if pv is None or gv is None or _s(pred.get("unit")) != _s(gold.get("unit")):
            return False
        return abs(pv - gv) <= 0.01 * abs(gv)
    if t == "technique":
        return _s(pred.get("technique")).lower() == _s(gold.get("technique")).lower()
    if t == "phenomenon":
        return _s(pred.get("phenomenon")).lower() == _s(gold.get("phenomenon")).lower()
    return True


def matches(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    return fields_match(pred, gold) and same_material(_s(pred.get("material")),
                                                      _s(gold.get("material")))
