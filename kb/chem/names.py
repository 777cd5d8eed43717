"""Material identity: one canonical key for every way a paper names a material.

The key is what the store merges on, the graph links on and `kb eval` matches on,
so every rule about "are these the same material" lives here:

* formulas compare as compositions (:mod:`kb.chem.formula`), with polymorph and
  structure prefixes (``α-``, ``P2-``, ``1T-``, ``anatase``) and morphology words
  (``nanotubes``, ``electrode``) ignored: authors attach them inconsistently to
  one material;
* common names map to formulas (``bismuth sulfide`` -> Bi2S3) or to a canonical
  name (``rGO`` -> reduced graphene oxide) through kb/vocab/material_names.tsv;
  element names (``antimony``) come from the periodic table; a binary name that states
  its composition gets its formula without a table line (``iron(III) oxide`` -> Fe2O3
  by charge balance, ``tin monoxide`` -> SnO), while a name several compounds share
  (``copper oxide``: CuO or Cu2O) stays a name, its plural folded (``iron oxides``);
* named allotropes keep their names: graphite, graphene, hard carbon are not ``C``,
  and black phosphorus / phosphorene are not ``P`` (red phosphorus, which papers
  write as plain ``P``, is): they react differently (intercalation before alloying),
  so merging them would merge findings that disagree. Polymorph prefixes, by
  contrast, are dropped because authors use them inconsistently for one material;
* a sample label glued to a formula by a hyphen (``G-Bi0.33Sb0.67``, ``S-Bi0.33Sb0.67``,
  ``T-Nb2O5``) has the formula's composition, so it is the same material as the bare
  formula (FACTS.md compares materials by composition), but keeps the label in its key
  (``G-Bi0.3333Sb0.6667``): samples a paper labels apart are compared, and their
  findings must not merge. Only a single capital that is not the working ion K, and only
  before a formula of at least two elements, so that alloy systems (``Bi-Sb``) and cell
  chemistries (``K-O2``, ``Li-S``) stay names;
* MXene terminations are dropped (``Ti3C2Tx`` = ``Ti3C2``): their amount is not a
  composition the papers control;
* variant spellings (``phosphorous``, ``sulphur``) are folded before any lookup;
* Delmas structure labels standing alone (``P2``, ``O3``, ``P3'``) are names, not
  phosphorus or ozone; bracketed labels (``TiO2(B)``) equal their hyphen form;
* anything else is a normalised lower-case name (``Hard-Carbon`` = ``hard carbon``);
* composites ``A@B`` (core@shell), ``A/B`` (mixture, heterostructure), ``A//B``
  (full cell: anode//cathode) and ``carbon-coated A`` (= ``A@C``) have their own
  key, built from their parts' keys; FACTS.md lets a composite also match its first
  component, which :func:`same_material` implements. ``@`` and ``/`` stay distinct:
  a core-shell particle and a physical mixture are different materials.

Hyphens never split a composite (``Bi-Sb`` is an alloy system, ``TiO2-B`` the bronze
polymorph): they stay in the name.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache

from kb.chem.elements import VOCAB, element_by_name
from kb.chem.flatten import flatten
from kb.chem.formula import Composition, is_formula, parse_formula

_POLYMORPH_PREFIX = re.compile(
    r"^(?:[αβγδεζηθκλμξσω]|[POT][1-4]'?|\d[THRM]'?|[acthmo])-(?=\S)")
_COATED = re.compile(
    r"^(?P<shell>.+?)[- ](?:coated|wrapped|encapsulated|encapsulating|supported|decorated|"
    r"modified|confined|anchored|loaded|embedded)\s+(?P<core>.+)$", re.I)
_COATED_WITH = re.compile(
    r"^(?P<core>.+?)\s+(?:coated (?:with|by)|wrapped (?:in|with|by)|encapsulated (?:in|by|within)|"
    r"embedded (?:in|into|within)|anchored (?:on|onto|in)|supported (?:on|by)|"
    r"confined (?:in|within)|decorated (?:with|by)|loaded (?:on|in))\s+(?P<shell>.+)$", re.I)
# Delmas notation of layered oxides (P2, O3, P3, P'2, O3'): a structure type, not
# phosphorus or ozone, whenever it stands alone. O2 stays oxygen (metal-O2 cells).
# "G-Bi0.33Sb0.67": a one-capital sample label before a formula (see the module notes).
_SAMPLE_LABEL = re.compile(r"^(?![K]-)[A-Z]-(?=[A-Z(\[])")
# MXene surface terminations (O, OH, F in varying amounts): "Ti3C2Tx" is Ti3C2.
_TERMINATION = re.compile(r"(?<=[\dCN])T[xz]$")
# British and common misspellings of chemical words, folded in every name key.
_SPELLINGS = {"phosphorous": "phosphorus", "sulphur": "sulfur", "sulphide": "sulfide",
              "sulphides": "sulfides", "sulphate": "sulfate", "aluminium": "aluminum"}
_SPELLING = re.compile(r"\b(?:" + "|".join(_SPELLINGS) + r")\b")
_STRUCTURE_TYPE = re.compile(r"^(?:[PO]'?[123]'?)$")
_LABEL_SUFFIX = re.compile(r"^(?P<base>.+?)\s*\((?P<label>[A-Za-z]+)\)$")
_SLASH = re.compile(r"\s*(?<![0-9])/\s*|\s*/\s*(?![0-9])")


@cache
def _names() -> dict[str, str]:
    out: dict[str, str] = {}
    for line in (VOCAB / "material_names.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, canonical = line.split("\t")[:2]
        out[_norm(name)] = canonical.strip()
    return out


@cache
def _modifiers() -> dict[str, frozenset[str]]:
    kinds: dict[str, set[str]] = {}
    for line in (VOCAB / "material_modifiers.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        kind, word = line.split("\t")[:2]
        kinds.setdefault(kind, set()).add(word.strip().lower())
    return {k: frozenset(v) for k, v in kinds.items()}


@cache
def known_formulas() -> frozenset[str]:
    """Formulas that the common-names list vouches for (lets ``BN``, ``KOH`` pass as formulas)."""
    return frozenset(c for c in _names().values() if c[:1].isupper())


def known_name(token: str) -> bool:
    """Whether the names list maps ``token`` to a name (not a formula): ``NaFSI``, ``rGO``."""
    hit = _names().get(_norm(token))
    return hit is not None and not hit[:1].isupper()


def _norm(name: str) -> str:
    """Lower-case name key: hyphens, underscores and brackets are spaces, spaces collapsed."""
    s = flatten(name).lower()
    s = re.sub(r"[-_()\[\]{},;:]+", " ", s)
    return re.sub(r"\s+", " ", fold_spellings(s)).strip()


def fold_spellings(low: str) -> str:
    """Lower-case ``low`` with variant spellings folded: ``red phosphorous`` -> ``red phosphorus``."""
    if "ph" in low or "alumin" in low:  # the only stems _SPELLINGS folds
        return _SPELLING.sub(lambda m: _SPELLINGS[m.group()], low)
    return low


def common_name_formula(name: str) -> str | None:
    """The formula a common name stands for (``tin dioxide`` -> ``SnO2``), else None."""
    canonical = _lookup(name)
    if canonical and parse_formula(canonical) is not None and canonical[:1].isupper():
        return canonical
    return None


def common_name(name: str) -> str | None:
    """The canonical name of a compound name that has no one formula, else None.

    ``copper oxide`` (CuO or Cu2O), ``iron oxides`` (FeO, Fe3O4, Fe2O3): the names
    list keeps such names as names (the plural folded to the singular) rather than
    guess a formula a paper may not mean.
    """
    canonical = _lookup(name)
    if canonical and canonical[:1].islower():
        return canonical
    return None


def _lookup(name: str) -> str | None:
    n = _norm(name)
    if not n:
        return None
    hit = _names().get(n)
    if hit is not None:
        return hit
    sym = element_by_name().get(n)
    if sym is not None:
        return sym
    if n.endswith("s"):  # "iron oxides": a plural of a name (not of a formula) is that name
        hit = _names().get(n[:-1])
        if hit is not None and hit[:1].islower():
            return hit
    return _systematic_formula(n)


# Anion words of binary compound names: (symbol, charge).
_ANIONS = {"oxide": ("O", 2), "sulfide": ("S", 2), "selenide": ("Se", 2), "telluride": ("Te", 2),
           "nitride": ("N", 3), "phosphide": ("P", 3), "fluoride": ("F", 1), "chloride": ("Cl", 1),
           "hydroxide": ("OH", 1)}
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6}
# Non-metals: "carbon dioxide", "sulfur dioxide" are gases, not electrode compounds.
_NON_METALS = frozenset({"H", "He", "C", "N", "O", "F", "Ne", "P", "S", "Cl", "Ar", "Se", "Br", "Kr",
                         "I", "Xe"})
# Elements with one oxidation state in compounds: "sodium(III) oxide" names nothing.
_FIXED_STATE = {"Li": 1, "Na": 1, "K": 1, "Rb": 1, "Cs": 1, "Be": 2, "Mg": 2, "Ca": 2, "Sr": 2, "Ba": 2}
_SYSTEMATIC = re.compile(r"^([a-z]+) (?:(i|ii|iii|iv|v|vi) )?([a-z]+ide)$")
# Prefixes that give one formula with one metal atom: "monoxide" (the "o" elided), "disulfide".
_ONE_METAL_PREFIXES = (("mono", 1), ("mon", 1), ("di", 2))


def _systematic_formula(n: str) -> str | None:
    """The formula of a binary name that states its composition, else None.

    An oxidation state fixes the formula by charge balance (``iron(III) oxide`` ->
    Fe2O3, ``copper(I) oxide`` -> Cu2O); so do the prefixes mono- and di- with one
    metal atom (``tin monoxide`` -> SnO, ``titanium disulfide`` -> TiS2). Other
    prefixes are ambiguous (a trioxide is MoO3 or Sb2O3), left to the names list.
    ``n`` is a normalised name (``_norm``: "iron iii oxide").
    """
    m = _SYSTEMATIC.match(n)
    if m is None:
        return None
    metal = element_by_name().get(m.group(1))
    if metal is None or metal in _NON_METALS:
        return None
    word = m.group(3)
    if m.group(2):
        anion = _ANIONS.get(word)
        state = _ROMAN[m.group(2)]
        if anion is None or _FIXED_STATE.get(metal, state) != state:
            return None
        sym, charge = anion
        g = math.gcd(state, charge)
        a, b = charge // g, state // g
    else:
        for prefix, b in _ONE_METAL_PREFIXES:
            if word.startswith(prefix) and word[len(prefix):] in _ANIONS:
                sym, a = _ANIONS[word[len(prefix):]][0], 1
                break
        else:
            return None
    part = (f"({sym})" if len(sym) > 1 and sym.isupper() and b > 1 else sym) + (str(b) if b > 1 else "")
    return (metal + (str(a) if a > 1 else "")) + part


def strip_modifiers(name: str) -> str:
    """Drop morphology words at either end and polymorph prefixes: ``hollow FeS2 nanotubes`` -> ``FeS2``."""
    s = flatten(name).strip()
    morph = _modifiers().get("morphology", frozenset())
    poly = _modifiers().get("polymorph", frozenset())
    for _ in range(8):
        before = s
        if _lookup(s) is not None:  # "carbon nanotubes", "amorphous carbon": a name as a whole
            break
        words = s.split(" ")
        while len(words) > 1 and words[-1].lower() in morph:
            words.pop()
        while len(words) > 1 and words[0].lower() in morph:
            words.pop(0)
        if len(words) > 1 and words[0].lower() in poly and _resolves(" ".join(words[1:])):
            words.pop(0)
        s = " ".join(words)
        m = _LABEL_SUFFIX.match(s)  # "TiO2 (anatase)"
        if m and m.group("label").lower() in poly and _resolves(m.group("base")):
            s = m.group("base")
        m = _POLYMORPH_PREFIX.match(s)
        if m and _resolves(s[m.end():]):
            s = s[m.end():]
        # "anatase-TiO2": polymorph word joined by a hyphen
        head, _, rest = s.partition("-")
        if rest and head.lower() in poly and _resolves(rest):
            s = rest
        if s == before:
            break
    return s


def _labelled(s: str) -> Identity | None:
    """``G-Bi0.33Sb0.67``: a sample label before a formula of two or more elements.

    The identity has the formula's composition, so it is the same material as the bare
    formula and as ``S-Bi0.33Sb0.67``, but a key of its own: a paper that labels two
    samples of one composition compares them, and their findings must not merge.
    """
    m = _SAMPLE_LABEL.match(s)
    if m is None:
        return None
    rest = s[m.end():]
    comp = parse_formula(rest) if is_formula(rest) else None
    if comp is None or len(comp.amounts) < 2:
        return None
    return Identity(s[:m.end()] + comp.key(), comp)


def _resolves(s: str) -> bool:
    """Whether ``s`` names a material on its own: a formula or a known name."""
    s = s.strip()
    return bool(s) and (is_formula(s, allow_single_element=True) or _lookup(s) is not None
                        or _split(s) is not None)


@dataclass(frozen=True)
class Identity:
    """A material's identity: an atom (composition or name) or a composite of identities."""

    key: str
    composition: Composition | None = None
    parts: tuple["Identity", ...] = ()
    sep: str = ""

    def heads(self) -> list["Identity"]:
        """This identity, its first component, that one's first component ..."""
        out = [self]
        while out[-1].parts:
            out.append(out[-1].parts[0])
        return out

    def same(self, other: "Identity") -> bool:
        if self.composition is not None and other.composition is not None:
            return self.composition.almost_equal(other.composition)
        if self.parts and other.parts:
            return (self.sep == other.sep and len(self.parts) == len(other.parts)
                    and all(a.same(b) for a, b in zip(self.parts, other.parts)))
        return self.key == other.key


def _split(s: str) -> tuple[str, list[str]] | None:
    """Top-level composite split: ``//`` (cell), then ``/``, then ``@``; None if atomic."""
    if "//" in s:
        parts = [p.strip() for p in s.split("//")]
        return ("//", parts) if all(parts) and len(parts) > 1 else None
    if "/" in s and parse_formula(s) is None:
        parts = [p.strip() for p in _SLASH.split(s)]
        if len(parts) > 1 and all(parts):
            return "/", parts
    if "@" in s:
        parts = [p.strip() for p in s.split("@")]
        if len(parts) > 1 and all(parts):
            return "@", parts
    m = _COATED_WITH.match(s) or _COATED.match(s)
    if m:
        return "@", [m.group("core").strip(), m.group("shell").strip()]
    return None


@lru_cache(maxsize=1 << 18)  # bounded: names repeat, but a big corpus has many
def identity(name: str) -> Identity:
    """The parsed identity of a material name (cached: names repeat across a corpus)."""
    s = flatten(name or "").strip()
    hit = _lookup(s)
    if hit is not None:
        return _atom(hit)
    s = strip_modifiers(s)
    split = _split(s)
    if split is not None:
        sep, parts = split
        ids = tuple(identity(p) for p in parts)
        return Identity(sep.join(i.key for i in ids), None, ids, sep)
    labelled = _labelled(s)
    if labelled is not None:
        return labelled
    m = _TERMINATION.search(s)
    if m and is_formula(s[:m.start()]):
        return _atom(s[:m.start()])  # "Ti3C2Tx": the MXene whatever its terminations
    hit = _lookup(s)
    if hit is not None:
        return _atom(hit)
    return _atom(s)


def _atom(s: str) -> Identity:
    if _STRUCTURE_TYPE.match(s) and s != "O2":
        return Identity(_norm(s))
    if s[:1].isupper() or s[:1] in "([" or s[:1].isdigit():
        if is_formula(s, allow_single_element=True):
            comp = parse_formula(s)
            assert comp is not None
            return Identity(comp.key(), comp)
    return Identity(_norm(s))


def material_key(name: str) -> str:
    """Canonical identity key: ``Bi0.4S0.6`` for Bi2S3, ``hard carbon``, ``S0.333Se0.333W0.333@cpcs``."""
    return identity(name).key


def composite_parts(name: str) -> tuple[str, ...]:
    """The components of a composite as written (``WSSe@CPCS`` -> (``WSSe``, ``CPCS``));
    a one-element tuple for a material that is not a composite."""
    s = strip_modifiers(flatten(name or "").strip())
    if _lookup(s) is None:
        split = _split(s)
        if split is not None:
            return tuple(split[1])
    return (s,)


def same_material(a: str, b: str) -> bool:
    """FACTS.md identity: same composition or name, or one is the other's first component.

    The first-component rule is applied down the chain, so ``A@B//C`` matches ``A@B``
    and ``A``; it is symmetric (a predicted ``A`` matches a gold ``A@B`` and vice versa).
    """
    ia, ib = identity(a), identity(b)
    if ia.same(ib):
        return True
    return any(h.same(ib) for h in ia.heads()[1:]) or any(h.same(ia) for h in ib.heads()[1:])
