"""Phases a conversion paper names by a generic word that only the host's formula resolves.

Conversion papers describe their products without formulas: "metal nanoparticles
dispersed in a Li2O matrix", "Co nanoparticles embedded in amorphous Na2O", "on charge
the metal is converted back to the oxide". The phase recognizer reads formulas, so these
products and reformed hosts were lost. Which metal "metal" is, and which oxide "the
oxide" is, depends on the material the sentence is about, which only the assembly knows:
this module finds the wording in a sentence, and ``resolve`` turns it into phases of one
host (CoO -> Co; ZnFe2O4 -> Zn and Fe; the oxide -> CoO reformed).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kb.chem.formula import parse_formula
from kb.nlp.mentions import PhaseMention

# "<metal|metallic|Co> (nano)particles/grains/clusters ... in/within (an) (amorphous) Li2O matrix"
_IN_MATRIX = re.compile(
    r"\b(?P<what>metal(?:lic)?|[A-Z][a-z]?)\s+(?:nano-?)?(?:particles?|grains?|clusters?|crystallites?|"
    r"crystals?|dots?|domains?|nanocrystals?)\b[^.;]{0,120}?\b(?:in|within|into|throughout|inside)\s+"
    r"(?:an?\s+|the\s+)?(?:(?:amorphous|insulating|surrounding)\s+)?"
    r"(?P<matrix>(?:Li|Na|K)\d*(?:O|S|Se|Te|F|Cl|N|P)\d*)\s+matri(?:x|ces)\b")
# "the metal is converted back to the oxide", "reverts back into the original sulfide"
_BACK_TO = re.compile(
    r"\b(?:convert\w*|transform\w*|revert\w*|return\w*|turn\w*|re-?oxidi[sz]\w*|oxidi[sz]\w*)\s+"
    r"back\s+(?:in)?to\s+(?:the\s+|an?\s+)?(?:(?:original|pristine|initial|starting|parent|metal)\s+)*"
    r"(?P<cls>oxide|sulfide|sulphide|selenide|telluride|phosphide|fluoride|nitride|chloride)s?\b",
    re.I)
_CLASS_ANION = {"oxide": "O", "sulfide": "S", "sulphide": "S", "selenide": "Se", "telluride": "Te",
                "phosphide": "P", "fluoride": "F", "nitride": "N", "chloride": "Cl"}
_ANIONS = frozenset({"O", "S", "Se", "Te", "P", "F", "N", "Cl", "C", "H", "B"})
_ION_METALS = frozenset({"Li", "Na", "K"})
_KEYS = ("matri", "back")


@dataclass(frozen=True)
class GenericPhase:
    """Where the wording is, and what it names: a metal (``symbol`` None: the host's
    metals), the matrix phase, or the host reformed (``anion``)."""

    start: int
    end: int
    text: str
    symbol: str | None = None
    matrix: str | None = None
    anion: str | None = None


def find(text: str) -> list[GenericPhase]:
    """The generic phase wording of one sentence (cheap when it has none)."""
    if not any(k in text for k in _KEYS):
        return []
    out = []
    if "matri" in text:
        for m in _IN_MATRIX.finditer(text):
            what = m.group("what")
            symbol = None if what.lower().startswith("metal") else what
            out.append(GenericPhase(m.start("what"), m.end("what"), what, symbol=symbol,
                                    matrix=m.group("matrix")))
    if "back" in text:
        for m in _BACK_TO.finditer(text):
            out.append(GenericPhase(m.start("cls"), m.end("cls"), m.group("cls"),
                                    anion=_CLASS_ANION[m.group("cls").lower()]))
    return out


def _elements(formula: str) -> tuple[str, ...]:
    """The formula's elements in written order (kb.chem's grammar); () for a word."""
    comp = parse_formula(formula, strict=False)
    return comp.element_order if comp is not None else ()


def resolve(g: GenericPhase, host_name: str, ion_metal: str | None) -> list[PhaseMention]:
    """The phases ``g`` names for one host (empty when its formula does not fit)."""
    if not host_name or not host_name[0].isupper() or any(c in host_name for c in "@/ "):
        return []  # a named carbon, a composite or a word: no single formula to resolve
    elements = _elements(host_name)
    metals = [e for e in dict.fromkeys(elements) if e not in _ANIONS and e != ion_metal]
    anions = [e for e in elements if e in _ANIONS]
    if not metals or not anions:
        return []  # an element or an ion's salt: nothing is reduced to a metal
    if g.anion is not None:
        if g.anion not in anions:
            return []
        return [PhaseMention(g.start, g.end, g.text, phase=host_name, role="reformed")]
    out = []
    if g.symbol is None:
        out.extend(PhaseMention(g.start, g.end, g.text, phase=m, role="product") for m in metals)
    elif g.symbol in metals:
        out.append(PhaseMention(g.start, g.end, g.text, phase=g.symbol, role="product"))
    if out and g.matrix and (ion_metal is None or g.matrix.startswith(ion_metal)):
        matrix_anion = [e for e in _elements(g.matrix) if e in _ANIONS]
        if matrix_anion and matrix_anion[0] in anions:
            out.append(PhaseMention(g.start, g.end, g.text, phase=g.matrix, role="product"))
    return out
