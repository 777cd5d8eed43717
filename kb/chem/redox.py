"""Formal oxidation states: how far a phase has been reduced on the way to the products.

Why: a paper states phases in the order that suits its story (an abstract names
the final product first, an introduction cites other work), so the order of
mention says little about the order of formation. Charge balance does: when a
host takes up a working ion, its redox-active element(s) are reduced step by
step (Bi2S3: Bi +3 -> NaBiS2 +3 -> Bi 0 -> NaBi -1 -> Na3Bi -3), and the
by-products that carry away the anions (Na2S, Li2O) form when the element
reaches the metal. :mod:`kb.graph.pathway` sorts a pathway with these numbers.

Conventions (general chemistry, no material-specific rule):

- the working ion has its usual charge: Li/Na/K/Rb/Cs +1, Mg/Ca/Zn +2, Al +3;
- anions: O, S, Se, Te -2; F, Cl, Br, I -1; N, P (and As) -3 -- each only when a
  less electronegative element is present; S/Se/Te/N/P/C/Si/B/As bound to O
  are the centres of oxo-anions (sulfate, phosphate ...) with fixed charges;
- alkali, alkaline-earth and Al/Sc/Y/La cations in a host with another
  candidate (Li1.3FeS2, LiAlTi phosphates) are spectators with fixed charges;
- what remains of the host (minus the working ion) are the redox elements; an
  elemental host (Sn, P, Si, Bi, S) is its own redox element;
- a variable stoichiometry (x, y, z, δ) is evaluated at a small ``EPS``, so
  NaxSn sits just below Sn(0) and NaxBi2S3 just below Bi(+3);
- the remaining charge is spread evenly over the redox atoms (an average for
  mixed hosts such as ZnFe2O4 or SnSb).

Everything returns None rather than raising when the chemistry cannot be
computed (a name that is no formula, an unknown ion, a phase that shares no
redox element with the host): callers then fall back to other evidence.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from kb.chem.elements import element_by_name
from kb.chem.formula import Amount, Composition, parse_formula

EPS = 0.01  # value of x, y, z, δ: "a little", never zero (NaxSn is not Sn)

ION_CHARGE = {"Li": 1, "Na": 1, "K": 1, "Rb": 1, "Cs": 1, "Mg": 2, "Ca": 2, "Zn": 2, "Al": 3}
ANION_CHARGE = {"O": -2, "S": -2, "Se": -2, "Te": -2, "F": -1, "Cl": -1, "Br": -1, "I": -1,
                "N": -3, "P": -3, "As": -3}
# Elements that are never anions next to a metal unless oxygen is absent (then
# they are the centres of oxo-anions: sulfate, selenate, phosphate, nitrate ...).
_OXO_CENTRE_CHARGE = {"S": 6, "Se": 6, "Te": 6, "N": 5, "P": 5, "As": 5, "C": 4, "Si": 4,
                      "B": 3}
_HALOGENS = frozenset({"F", "Cl", "Br", "I"})
# Cations whose charge does not change in an electrode reaction.
_SPECTATOR_CHARGE = {"H": 1, "Li": 1, "Na": 1, "K": 1, "Rb": 1, "Cs": 1, "Be": 2, "Mg": 2,
                     "Ca": 2, "Sr": 2, "Ba": 2, "Al": 3, "Sc": 3, "Y": 3, "La": 3}
# Pauling electronegativities of the elements that can act as anions or are
# compared with them; anything missing is treated as a metal (<= 2.0).
_EN = {"H": 2.20, "B": 2.04, "C": 2.55, "N": 3.04, "O": 3.44, "F": 3.98, "Si": 1.90,
       "P": 2.19, "S": 2.58, "Cl": 3.16, "Ge": 2.01, "As": 2.18, "Se": 2.55, "Br": 2.96,
       "Sb": 2.05, "Te": 2.10, "I": 2.66, "Sn": 1.96, "Bi": 2.02, "Pb": 2.33, "W": 2.36,
       "Mo": 2.16, "Au": 2.54, "Pt": 2.28, "Pd": 2.20, "Ru": 2.2, "Rh": 2.28, "Ir": 2.20,
       "Os": 2.2, "Hg": 2.00}
_METAL_EN = 1.9


def _en(el: str) -> float:
    return _EN.get(el, _METAL_EN)


def value(a: Amount, eps: float = EPS) -> float:
    """An amount with every variable set to ``eps``."""
    return float(sum((v * (Fraction(eps) if k else 1) for k, v in a.terms.items()), Fraction(0)))


def ion_element(ion: str | None) -> str | None:
    """The working ion's element: ``Na``, ``Li-S`` -> Li, ``Na-O2`` -> Na, ``Na+``,
    ``sodium``; None when it is not a known working ion."""
    if not ion:
        return None
    s = ion.strip().split("-")[0].rstrip("+").strip()
    s = element_by_name().get(s.lower(), s)
    return s if s in ION_CHARGE else None


def composition(name: str | None) -> Composition | None:
    """The composition a material or phase name stands for, or None.

    Tries the name as a formula, its first composite component without
    morphology/polymorph words (``α-MoO3``, ``Sb2S3/rGO``, ``Bi2S3 nanorods``),
    a common name (``tin``, ``red phosphorus``) and a trailing element name
    (``black phosphorus``).
    """
    if not name or not name.strip():
        return None
    return _composition(name.strip())


@lru_cache(maxsize=4096)
def _composition(name: str) -> Composition | None:
    from kb.chem.names import common_name_formula, composite_parts
    candidates = [name]
    try:
        parts = composite_parts(name)
    except Exception:  # noqa: BLE001 - identity rules are someone else's; never crash here
        parts = ()
    if parts:
        candidates.append(parts[0])
    for c in candidates:
        comp = parse_formula(c)
        if comp is not None and not comp.is_ion:
            return comp
    for c in candidates:
        f = common_name_formula(c)
        comp = parse_formula(f) if f else None
        if comp is not None:
            return comp
    last = name.lower().split()[-1]
    el = element_by_name().get(last)
    return parse_formula(el) if el else None


@dataclass(frozen=True)
class Roles:
    """How the elements of a host take part in its reaction with ``ion``."""

    ion: str
    redox: frozenset[str]  # elements whose oxidation state changes
    anions: frozenset[str]  # anion-forming elements of the host (O, S, F ...)


def _classify(els: set[str], redox_forced: frozenset[str] = frozenset()
              ) -> tuple[set[str], dict[str, int], dict[str, int]]:
    """(redox elements, anions -> charge, fixed-charge cations -> charge) of a composition's
    non-ion elements; ``redox_forced`` elements are always redox (the host's)."""
    rest = set(els) - redox_forced
    has_oxygen = "O" in els
    # the least electronegative element decides whether a candidate anion has a cation
    anions: dict[str, int] = {}
    fixed: dict[str, int] = {}
    for el in sorted(rest, key=lambda e: -_en(e)):
        others = (els - {el}) - set(anions)
        if not others or el not in ANION_CHARGE:
            continue
        if el in _HALOGENS or el == "O":
            if any(_en(o) < _en(el) for o in others):
                anions[el] = ANION_CHARGE[el]
        elif has_oxygen and el in _OXO_CENTRE_CHARGE:
            continue
        elif any(_en(o) < _en(el) for o in others if o not in ANION_CHARGE):
            anions[el] = ANION_CHARGE[el]
    rest -= set(anions)
    if has_oxygen:
        for el in list(rest):
            if el in _OXO_CENTRE_CHARGE and "O" in anions:
                fixed[el] = _OXO_CENTRE_CHARGE[el]
    for el in list(rest):
        if el in _SPECTATOR_CHARGE and el not in fixed:
            fixed[el] = _SPECTATOR_CHARGE[el]
    redox = (rest - set(fixed)) | (set(els) & redox_forced)
    if not redox and not redox_forced:
        # nothing else can change: the spectators (then the oxo-centres) must
        redox = {e for e in fixed if e in _SPECTATOR_CHARGE} or set(fixed)
        fixed = {e: c for e, c in fixed.items() if e not in redox}
    return redox, anions, fixed


def host_roles(host: str | Composition | None, ion: str | None) -> Roles | None:
    """The host's redox elements and anions for ``ion``, or None when unknown."""
    comp = composition(host) if isinstance(host, str) or host is None else host
    ion_el = ion_element(ion)
    if comp is None or ion_el is None:
        return None
    els = set(comp.amounts) - {ion_el}
    if not els:
        return None  # the host is the ion itself (a metal anode): nothing to order
    if len(els) == 1:
        return Roles(ion_el, frozenset(els), frozenset())
    redox, anions, _fixed = _classify(els)
    if not redox:
        return None
    return Roles(ion_el, frozenset(redox), frozenset(anions))


@dataclass(frozen=True)
class State:
    """Where one phase stands on the host's reduction path."""

    oxidation: float  # formal oxidation state of the redox element(s); 0 for by-products
    ion_per_redox: float  # working ions per redox atom (per anion atom for by-products)
    byproduct: bool  # only the ion and anions: Na2S, Li2O, NaF
    elemental: bool  # only redox elements: Bi, Sn, Fe
    variable: bool  # stoichiometry with x/y/z/δ: stands for a range of states


def phase_state(phase: str | Composition | None, roles: Roles | None) -> State | None:
    """The formal oxidation state of ``roles.redox`` in ``phase`` by charge balance,
    or None when it cannot be computed (not a formula, no element shared with the
    host, a foreign cation in a by-product)."""
    if roles is None:
        return None
    comp = composition(phase) if isinstance(phase, str) or phase is None else phase
    if comp is None or comp.is_ion:
        return None
    amounts = {el: value(a) for el, a in comp.amounts.items()}
    if any(v < 0 for v in amounts.values()):
        return None
    variable = bool(comp.variables)
    els = set(amounts) - {roles.ion}
    n_ion = amounts.get(roles.ion, 0.0)
    if not els:
        return None  # the ion metal itself (plating), not a step of the host's reaction
    redox_here = els & roles.redox
    if not redox_here:
        if els <= roles.anions:  # only the ion and the host's anions: a by-product
            n_anion = sum(amounts[e] for e in els)
            return State(0.0, n_ion / n_anion if n_anion else 0.0, True, False, variable)
        return None  # shares no redox element with the host
    redox, anions, fixed = _classify(els, roles.redox)
    charge = n_ion * ION_CHARGE[roles.ion]
    charge += sum(amounts[e] * c for e, c in anions.items())
    charge += sum(amounts[e] * c for e, c in fixed.items())
    n_redox = sum(amounts[e] for e in redox)
    if n_redox <= 0:
        return None
    ox = -charge / n_redox + 0.0  # no -0.0
    elemental = not anions and not fixed and n_ion == 0
    return State(round(ox, 6), round(n_ion / n_redox, 6), False, elemental, variable)


def oxidation_state(phase: str, host: str, ion: str) -> float | None:
    """Shortcut: the formal oxidation state of ``host``'s redox element(s) in ``phase``."""
    st = phase_state(phase, host_roles(host, ion))
    return None if st is None or st.byproduct else st.oxidation


__all__ = ["EPS", "ION_CHARGE", "ANION_CHARGE", "Roles", "State", "composition", "host_roles",
           "ion_element", "oxidation_state", "phase_state", "value"]
