"""Material mentions in one sentence: formulas, composites, named materials.

Works on the sentence's raw text with compiled regexes (no per-token Python), so
offsets line up with the evidence sentence and the cost stays near the
tokenizer's. A chunk of text becomes a material when its core validates against
the periodic table (kb.chem), when it is a named material (``hard carbon``,
``black phosphorus``), a common name that maps to a formula (``bismuth
sulfide``), or an abbreviation the paper defined earlier (``... (NVPF)``).
Acronyms that happen to spell elements (``CPCS``, ``SEI``, ``CV``) are rejected
unless they sit inside a composite whose first part is a real formula.

A composite is one material whichever way its parts are joined: "/", "@" or any
dash typesetting puts between them (``SnS2–rGO`` is SnS2-rGO), with a support
written in several words (``SnS2–Reduced Graphene Oxide``, ``Fe3O4@reduced graphene
oxide``) or as a phrase (``phosphorene sandwiched between graphene``). A dash that
joins a working ion to something else (``Li–S``, ``Na–O2``), two atoms of one element
(``Sn–Sn``) or two ion-bearing compounds (``Li2S8–Li2S4``) makes no composite.
"""
from __future__ import annotations

import re
from dataclasses import fields
from functools import cache, lru_cache
from operator import attrgetter

from kb.chem import common_name, element_by_name, flatten
from kb.chem import parse_formula as _chem_parse
from kb.nlp.chem_bridge import common_name_formula, elements, fold_spellings
from kb.nlp.chem_bridge import is_formula as _bridge_is_formula
from kb.nlp.mentions import MaterialMention
from kb.nlp.vocab import entries, rows

_HY = "\\-‐‑–−‒"
# Candidate chunks: start (after opening punctuation) with a capital or a Greek
# polymorph letter; plain capitalised words ("However", "Figure") are skipped by the
# pattern itself so no Python runs for them.
# The pattern opens on a character class (an opening bracket/quote or a capital) so
# that re can skip straight to such characters; the lookbehinds after that first
# character then check what the text before it was. Same matches as the direct
# form  (?<![^\s(\[{"'“‘])[(\[{"'“‘]*(?=[A-Zαβγδεηθλ])(?![A-Z][a-z]{2,}END)[^\s,;:]+
_OPEN = "(\\[{\"'“‘"
_WORD_END = r"(?:[\s,;:.)\]'\"”’]|$)"
# The three branches exclude each other (by the first character); the capital one,
# by far the most tried, comes first.
_CHUNK = re.compile(rf"[{_OPEN}A-Zαβγδεηθλ](?<![^\s{_OPEN}].)"
                    rf"(?:(?<=[A-Z])(?![a-z]{{2,}}{_WORD_END})"
                    rf"|(?<=[{_OPEN}])[{_OPEN}]*(?=[A-Zαβγδεηθλ])(?![A-Z][a-z]{{2,}}{_WORD_END})"
                    rf"|(?<=[αβγδεηθλ]))[^\s,;:]*")
_LEAD = "([{\"'“‘"
_TRAIL = ".,;:!?\"'”’@/"
# Things glued to a material that are not part of its name: "Sn-based", "S-doped".
_GLUED_SUFFIX = re.compile(
    rf"[{_HY}](?:based|type|doped|codoped|poor|deficient|coated|containing|rich|like|derived|decorated|loaded|"
    rf"modified|free|ion|anode|anodes|cathode|cathodes|electrode|electrodes|host|hosts|phase|"
    rf"phases|layer|alloy|alloys|cell|cells|batteries|battery|edge|K|L|M)$")
# "N-doped", "Sn-doped", "antimony-doped": the element is a dopant of the material named
# next, never the material itself.
_DOPANT_AFTER = re.compile(rf"[{_HY}\s](?:co[{_HY}]?)?doped\b")
# Glued suffixes that say the element before them is not the material named.
# "K-edge", "Na-ion": an absorption edge and a battery chemistry, not the element.
_NOT_THE_MATERIAL = frozenset({"doped", "codoped", "rich", "poor", "free", "deficient", "edge", "ion"})
# Polymorph / polytype prefixes kept in the name but not in the formula check.
_PREFIX = re.compile(rf"^(?:(?:[αβγδεηθλ]|[A-Z]\d?'?)(?:/[A-Z]\d?'?)*)[{_HY}](?=[A-Z])")
# ... and MXene surface terminations ("Ti3C2Tx": T is O, OH or F, x their amount)
_POLY_SUFFIX = re.compile(rf"(?:\((?:[A-Z]|[IVX]+)\)|[{_HY}][A-Z]|(?<=[\dCN])T[xz])$")
_CHARGED = re.compile(r"(?:[+−⁺⁻]|\d[+−-]|\([IVX]+\))$")
_ACRONYM = re.compile(r"^[A-Z]{2,}s?$")
# Supporting-information labels ("Figure S1", "Movies S2–S4") spell sulfur + a number.
_SI_LABEL = re.compile(rf"^(?:S\d+[a-z]?(?:[{_HY}]S?\d+[a-z]?)?|[A-Z][a-z]?\d+[{_HY}][A-Z][a-z]?\d+)$")
# What follows a symbol that is not a material: an author ("Li et al."), an X-ray
# line ("Cu Kα"), a bond ("W–Se bond"), an apparatus ("Cu grid"), a ratio.
_NOT_MATERIAL_AFTER = re.compile(
    r"\s*(?:et\s+al|and\s+co-?workers|and\s+colleagues|['’]s\s+group|group\b|K\s?[αβ]|"
    r"K[-‐\s]?edge|L[-‐\s]?edge|[LKM][23]?[-‐\s]edge|\d[spdf]\b|bond(?:s|ing)?\b|linkages?\b|bridges?\b|"
    r"distances?\b|stretching\b|grids?\b|foils?\b|"
    r"SEI\b|interphase\b|passivation\b|"
    r"mesh\b|tips?\b|probes?\b|current\s+collectors?|ratios?\b|atomic\s+ratio|elements?\b|"
    r"signals?\b|peaks?\b|contents?\b|loading\b|precursors?\b|sources?\b|salts?\b)", re.I)
# The same for text.lower() where it lines up with the text (_lower_lines_up): no
# IGNORECASE, and "ϐ", which IGNORECASE takes for "β" but lower() keeps, listed.
_NOT_MATERIAL_AFTER_LOW = re.compile(_NOT_MATERIAL_AFTER.pattern.lower().replace("[αβ]", "[αβϐ]"))
_NOT_MATERIAL_BEFORE = re.compile(r"(?:ratio\s+of|Figures?|Figs?\.|Movies?|Tables?|Videos?|Notes?)\s*$",
                                  re.I)
_CHEMISTRY_LABEL = re.compile(rf"^(?:Li|Na|K|Mg|Ca|Zn|Al)[{_HY}](?:[A-Z]|air|ion)")
_ELECTRODE_AFTER = re.compile(r"\s+(?:anodes?|cathodes?|electrodes?)\b")
WORKING_IONS = frozenset({"Li", "Na", "K"})

def _trie_alternation(words, space: str | None = None) -> str:
    """A regex group for literal ``words`` that shares their common prefixes.

    Python's ``re`` tries a flat alternation word by word at every position; the
    trie tests one character per level instead. Longer continuations come before
    the end of a shorter word, so when several words match at a position they are
    tried longest first: the same preference as the flat, length-sorted alternation.
    ``space``, when given, is the pattern each space in a word stands for.
    """
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [(space if ch == " " and space else re.escape(ch)) + build(node[ch])
                for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        if len(alts) == 1 and "" not in node:
            return alts[0]
        return "(?:" + "|".join(alts) + ("|" if "" in node else "") + ")"
    return "(?:" + build(trie) + ")"


@cache
def _common_pattern(lowered: bool = False) -> re.Pattern:
    """"<element name> (<oxidation state>) <prefix><anion>": "tin dioxide", "iron(II) sulfide".

    Element names come from kb.chem; the formula behind a match is kb.chem's answer.
    ``lowered=True`` gives the same pattern for ``text.lower()`` (lower-case numerals,
    no IGNORECASE, which re pays for at every letter of the element-name trie); it
    finds the same spans wherever ``_lower_lines_up(text)`` holds.
    """
    numerals = r"i{1,3}|iv|v|vi" if lowered else r"I{1,3}|IV|V|VI"
    names = _trie_alternation(n.lower() if lowered else n for n in element_by_name())
    return re.compile(
        r"\b(?:" + names + rf"(?:\s*\((?:{numerals})\))?\s+)+"
        r"(?:mono?|di|tri|tetra?|penta?|sesqui|per|super)?(?:oxide|sulfide|sulphide|selenide|telluride|phosphide|"
        r"nitride|carbide|fluoride|phosphate|sulfoselenide|hydroxide)s?\b", 0 if lowered else re.I)


_COMMON_KEYS = ("oxide", "sulfide", "sulphide", "selenide", "telluride", "phosphide", "nitride",
                "carbide", "fluoride", "phosphate", "hydroxide")
# A cheaper superset of the keys ("-ide" names share their ending), tried first.
_COMMON_GATE = tuple(sorted({"ide" if k.endswith("ide") else k for k in _COMMON_KEYS}))


def _common_spans(text: str, low: str, lines_up: bool) -> list[tuple[int, int, str, str]]:
    """(start, end, written, lower-cased) of every common compound name, in text order.

    The spans of ``_common_pattern().finditer(text)`` behind the key pre-check; on
    the lowered text when it lines up with the text (``_lower_lines_up``).
    """
    if not (_contains_any(low, _COMMON_GATE) and _contains_any(low, _COMMON_KEYS)):
        return []
    if lines_up and _ascii_vocabulary():
        return [(m.start(), m.end(), text[m.start():m.end()], m.group())
                for m in _common_pattern(True).finditer(low)]
    return [(m.start(), m.end(), m.group(), m.group().lower()) for m in _common_pattern().finditer(text)]


@lru_cache(maxsize=1024)
def _common_name(lowered: str) -> str | None:
    """kb.chem's canonical name of a compound name without one formula, cached per name."""
    try:
        return common_name(lowered)
    except Exception:  # noqa: BLE001 - a chem bug must not kill extraction
        return None


@cache
def _named_pattern(lowered: bool = False) -> re.Pattern:
    """Named materials, case-insensitive on the text, with an optional plural "s".

    ``lowered=True`` gives the same pattern for ``text.lower()`` instead: the names in
    lower case and no IGNORECASE, which lets re skip the case folding at every
    position. It finds the same spans wherever ``_lower_lines_up(text)`` holds.
    """
    names = sorted((r[0] for r in rows("named_materials.tsv")), key=len, reverse=True)
    sep = rf"[\s{_HY}]+"
    if lowered and not any(c in n for n in names for c in _HY):
        # as a trie, which matches as the flat alternation does: two names that match
        # at one place are one the other's start, spaces and letters never competing
        # for a character (a name spelt with a hyphen could: then the flat form)
        trie = _trie_alternation((n.lower() for n in names), space=sep)
        return re.compile(rf"(?<![\w{_HY}]){trie}s?(?![\w])")
    if lowered:
        names = [n.lower() for n in names]
    alts = "|".join(re.escape(n).replace("\\ ", sep) for n in names)
    # the lookahead lets positions that cannot start a name fail on one character test
    first = "".join(sorted({re.escape(n[0].lower()) for n in names}))
    return re.compile(rf"(?<![\w{_HY}])(?=[{first}])(?:{alts})s?(?![\w])", 0 if lowered else re.I)


@cache
def _named_keys() -> tuple[str, ...]:
    """Lower-case words one of which every named material contains (a cheap pre-check)."""
    return tuple(sorted({r[0].lower().split()[-1][:6] for r in rows("named_materials.tsv")}))


def _contains_any(low: str, keys: tuple[str, ...]) -> bool:
    """``any(k in low for k in keys)`` without a generator per sentence."""
    for k in keys:
        if k in low:
            return True
    return False


# Substrings shared by several named materials ("carbon" is in seven): the stricter
# pre-check tests these instead of one key per name, fewer passes over a sentence.
_NAMED_HINTS = ("carbon", "graph", "phosph", "prussian")
# One-word names this short ("tin") hide inside common words ("setting"); the
# stricter pre-check wants them as a word of their own.
_SHORT_NAME = 3


@cache
def _named_gate() -> tuple[tuple[str, ...], tuple[str, ...], re.Pattern]:
    """(keys, short names, short-name pattern): a pre-check that every match passes.

    Valid on ``text.lower()`` when ``_lower_lines_up(text)``: a name matched in the
    text then appears in lower case at the same offsets of the lowered text. So each
    name either contains one of ``keys`` (a hint, or the ``_named_keys`` key of its
    last word) or is one of the short one-word names, which then stands between two
    characters that are not lower-case word characters (see ``_has_short_name``).
    """
    keys, short = set(), set()
    for r in rows("named_materials.tsv"):
        name = r[0].lower()
        hint = next((h for h in _NAMED_HINTS if h in name), None)
        if hint:
            keys.add(hint)
        elif " " not in name and len(name) <= _SHORT_NAME:
            short.add(name)
        else:
            keys.add(name.split()[-1][:6])
    words = re.compile(rf"(?:{'|'.join(map(re.escape, sorted(short)))})(?![a-z0-9_])" if short else "(?!)")
    return tuple(sorted(keys)), tuple(sorted(short)), words


def _has_short_name(low: str, short: tuple[str, ...], words: re.Pattern) -> bool:
    """One of the ``short`` names stands as a word of its own in ``low``."""
    if not _contains_any(low, short):
        return False
    for m in words.finditer(low):
        i = m.start()
        if not i or not ("a" <= low[i - 1] <= "z" or "0" <= low[i - 1] <= "9" or low[i - 1] == "_"):
            return True
    return False


# The characters IGNORECASE matches to an ASCII letter although str.lower() does not
# turn them into that letter (the only ones in Unicode; tests/test_nlp_materials.py
# checks it). "İ" is also the one character whose lower() is two characters long.
_FOLD_EXOTIC = "İıſ"


@cache
def _ascii_vocabulary() -> bool:
    """The element and named-material names are ASCII, as the lowered patterns assume.

    (``_lower_lines_up`` speaks for ASCII letters only; a name with another letter
    would send every sentence down the IGNORECASE path.)
    """
    return all(n.isascii() for n in element_by_name()) and \
        all(r[0].isascii() for r in rows("named_materials.tsv"))


def _lower_lines_up(text: str) -> bool:
    """True when ``text.lower()`` can stand in for ``text`` under re.IGNORECASE.

    Then the lowered text has the same length, and a pattern of ASCII letters matches
    the text case-insensitively exactly where its lower-case form matches the lowered
    text; word characters, spaces and hyphens stay what they are.
    """
    if text.isascii():
        return True
    for ch in _FOLD_EXOTIC:
        if ch in text:
            return False
    return True


def _named_spans(text: str, low: str, lines_up: bool) -> list[tuple[int, int, str]]:
    """(start, end, written) of every named material, in text order.

    The same spans as ``_named_pattern().finditer(text)`` behind the ``_named_keys``
    pre-check, found more cheaply: on the lowered text, behind a stricter pre-check
    (a match needs it, see ``_named_gate``), whenever the two line up (``lines_up``,
    from ``_lower_lines_up``).
    """
    if lines_up and _ascii_vocabulary():
        keys, short, words = _named_gate()
        if not (_contains_any(low, keys) or _has_short_name(low, short, words)):
            return []
        return [(m.start(), m.end(), text[m.start():m.end()]) for m in _named_pattern(True).finditer(low)]
    if not _contains_any(low, _named_keys()):
        return []
    return [(m.start(), m.end(), m.group()) for m in _named_pattern().finditer(text)]


@cache
def _named_lookup() -> dict[str, tuple[str, str | None]]:
    """lower-cased name -> (canonical name, formula for element names)."""
    out = {}
    for r in rows("named_materials.tsv"):
        out[r[0].lower()] = (r[0], r[2] if len(r) > 2 and r[2] else None)
    return out


@cache
def _morphology() -> frozenset[str]:
    return entries("morphology.tsv")


@lru_cache(maxsize=4096)
def _named_identity(written: str) -> tuple[str, str | None]:
    """(name, formula) of a named material as written, cached per spelling.

    A plural and a misspelling ("red phosphorous") get the name of the table entry
    they spell, so that every spelling keys as one material.
    """
    cleaned = _clean_name(written)
    low = fold_spellings(cleaned.lower().replace("-", " "))
    lookup = _named_lookup()
    canon, formula = lookup.get(low, (None, None))
    if canon is None and low.endswith("s"):  # "hard carbons": the pattern's plural
        canon, formula = lookup.get(low[:-1], (None, None))
    if canon is None:
        canon = cleaned.lower()
    return formula or canon, formula


@cache
def _abbreviations() -> dict[str, str]:
    """Undefined abbreviation ("rGO", "CNT") -> the named material it stands for."""
    return {r[0]: r[1] for r in rows("material_abbreviations.tsv")}


def _abbreviated(raw: str) -> str | None:
    """The named material an undefined abbreviation stands for ("CNTs" -> carbon nanotubes)."""
    names = _abbreviations()
    return names.get(raw) or (names.get(raw[:-1]) if raw[-1:] == "s" else None)


@cache
def _lower_abbreviations() -> tuple[str, ...]:
    """The abbreviations that start in lower case ("rGO"): the chunk rules, which start
    at a capital, read the others, so only these need a scan of their own."""
    return tuple(a for a in _abbreviations() if not a[0].isupper())


@cache
def _abbreviation_pattern() -> re.Pattern:
    """The lower-case-initial abbreviations as words of their own, with a plural "s".

    Not after "/", "@" or a hyphen: "Sb/rGO" is a composite that the chunk rules read
    whole, and "N-rGO" is another material.
    """
    trie = _trie_alternation(_lower_abbreviations())
    return re.compile(rf"(?<![\w{_HY}/@]){trie}s?(?![\w])")


def _abbreviation_spans(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, written, named material) of every lower-case-initial abbreviation."""
    return [(m.start(), m.end(), m.group(), _abbreviated(m.group()))
            for m in _abbreviation_pattern().finditer(text)]


@cache
def _named_parts() -> frozenset[str]:
    """Named materials and abbreviations as they may stand after "/" or "@" in a
    composite ("Sb/rGO", "SnO2/graphene"), lower-case, with plurals."""
    names = {n for n in _named_lookup() if " " not in n} | \
        {a.lower() for a, named in _abbreviations().items() if not named[0].isupper()}
    return frozenset(names | {n + "s" for n in names})


def _named_in_composite(text: str, start: int) -> bool:
    """A named material right after "/" or "@" that ends a composite the chunk rules
    read whole ("SnO2/graphene"): the composite, not its carbon, is the mention."""
    if not start or text[start - 1] not in "/@":
        return False
    i = start - 1
    while i and not text[i - 1].isspace() and text[i - 1] not in _OPEN:
        i -= 1
    m = _CHUNK.match(text, i)
    return m is not None and m.end() > start and _chunk_analysis(m.group())[2] is not None


def _in_definition(text: str, start: int, end: int, found: list[MaterialMention]) -> bool:
    """``reduced graphene oxide (RGO)``: the bracketed abbreviation of the mention before
    it defines that mention's name (find_abbreviations), it is not a second mention."""
    if not start or text[start - 1] != "(" or text[end:end + 1] != ")":
        return False
    before = text[:start - 1].rstrip()
    return any(mm.end == len(before) for mm in found)


# What follows an element word that is not the element as a material: a defect, a
# dopant, an amount ("sulfur content/loading"), a spectroscopic feature ("K-edge",
# "2p"), a bond, a cell chemistry ("sulfur batteries"), an electrolyte class ("sulfur-based
# electrolytes"), another compound named after the element ("phosphorus oxynitride",
# "sulfur hexafluoride"), a wafer or substrate ("silicon wafer"), the lattice's layers
# ("phosphorus layers" of black phosphorus), the mass a capacity is normalised to
# ("per phosphorus mass": the capacity is the electrode's). "Sulfur utilization",
# "sulfur particles" and "sulfur-based cathodes" are the material. An oxidation state
# ("tin(II) chloride") makes the word part of a compound name or an ion.
_ELEMENT_WORD_NOT_AFTER = re.compile(
    rf"(?:[\s{_HY}]+(?:co[{_HY}]?)?(?:vacanc(?:y|ies)|atoms?|ions?|anions?|cations?|species|radicals?|"
    rf"contents?|mass(?:es)?|weights?|loadings?|amounts?|concentrations?|fractions?|ratios?|dopants?|"
    rf"dop(?:ed|ing)|substitut\w*|sites?|defects?|impurit(?:y|ies)|deficien\w*|rich|poor|free|"
    rf"containing|[kl][123]?[{_HY}\s]?edges?|edges?|\d[spdf]\b|bonds?|bonding|hosts?|batter(?:y|ies)|cells?|"
    rf"based\s+(?:solid[{_HY}\s]+)?electrolytes?|"
    rf"layers?|wafers?|substrates?|current\s+collectors?|precursors?|sources?|"
    rf"signals?|peaks?|elements?|acids?|[a-z]*(?:oxide|sulfide|nitride|fluoride|chloride|bromide|iodide|"
    rf"carbide|hydride|phosphide|selenide|telluride)s?)\b"
    rf"|(?:\s*,\s*|\s+and\s+)[a-z]+[\s{_HY}]+co[{_HY}]?doped\b"
    rf"|\s*\((?:i{{1,3}}|iv|vi?)(?:,\s*(?:i{{1,3}}|iv|vi?))?\))")
# ... and what comes before it: "doped with sulfur", "the content of sulfur" ("the ratio
# of tin and antimony" is left to the list rules of kb.facts, which drop the whole list);
# "doping graphite with sulfur", "doped with nitrogen and sulfur".
_ELEMENT_WORD_NOT_BEFORE = re.compile(
    rf"(?:(?:(?:co[{_HY}]?)?dop(?:ed|ing)|dopants?|substituted|substitution|incorporat\w+)"
    rf"(?:\s+[a-z]+){{0,2}}?\s+(?:with|by|of)\s+(?:[^;:.]{{0,30}}(?:,|\band|\bor)\s+)?"
    rf"|(?:vacanc(?:y|ies)|atoms?|contents?|loadings?|amounts?|concentrations?|fractions?|"
    rf"mass|weight|grams?|edges?)\s+(?:of|in)\s+)(?:the\s+|elemental\s+)*$")
_BEFORE_WINDOW = 70  # characters before an element word that _ELEMENT_WORD_NOT_BEFORE reads
# Every match of _ELEMENT_WORD_NOT_BEFORE contains one of these: a cheap pre-check.
_BEFORE_KEYS = ("dop", "substitut", "incorporat", "vacanc", "atom", "content", "loading", "amount",
                "concentration", "fraction", "mass", "weight", "gram", "edge")
# A working metal joined to the element word: "lithium-sulfur batteries", "Na-S", "metal-sulfur bonds".
_CELL_METALS = frozenset({"lithium", "sodium", "potassium", "magnesium", "calcium", "zinc", "aluminum",
                          "aluminium", "metal", "li", "na", "k", "mg", "ca", "zn", "al"})
_JOINERS = frozenset(" \t" + _HY)


def _element_word_not_material(low: str, start: int, end: int) -> bool:
    """An element word ("sulfur", "silicon") that names a defect, a dopant, an amount,
    a spectroscopic feature or a cell chemistry rather than the element as a material.

    ``low`` is the lower-cased sentence; ``[start, end)`` the word in it (named spans
    line up with the lowered text whenever the lowered patterns found them, and these
    words are ASCII, so the offsets agree in either case).
    """
    if _ELEMENT_WORD_NOT_AFTER.match(low, end) is not None:
        return True
    i = start
    while i and low[i - 1] in _JOINERS:
        i -= 1
    if i < start:
        j = i
        while j and low[j - 1].isalpha():
            j -= 1
        if low[j:i] in _CELL_METALS:
            return True
    lo = max(0, start - _BEFORE_WINDOW)
    window = low[lo:start]
    return _contains_any(window, _BEFORE_KEYS) and \
        _ELEMENT_WORD_NOT_BEFORE.search(low, lo, start) is not None


# "the sodium metal anode", "a lithium anode": the metal itself is the negative electrode
# (metal-oxygen, metal-sulfur and metal-anode cells), written as an element word; the
# symbol ("Na metal anode") is read by the chunk rules. Not "sodium anode materials",
# which are anodes for sodium cells, nor "lithium-ion anodes".
_METAL_ANODE = re.compile(
    rf"(?<![\w{_HY}])(lithium|sodium|potassium|magnesium|calcium|zinc|alumin(?:i)?um)(?:[\s{_HY}]+metal)?"
    rf"(?=[\s{_HY}]+anodes?\b(?![\s{_HY}]+(?:materials?|candidates?|hosts?|applications?)\b))", re.I)


def _metal_anodes(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, written, symbol) of every working metal named as the anode."""
    return [(m.start(), m.end(), m.group(), element_by_name()[m.group(1).lower()])
            for m in _METAL_ANODE.finditer(text)]


# "MO (M = Co, Ni, Cu, Fe)", "AxMO2 (A = Na, K; M = Cr, Mn)": a generic formula and the
# bracketed elements its placeholder letters stand for.
_SUBSTITUTION = re.compile(r"\(\s*([A-Z])\s*=\s*([^()=]*?(?:;\s*[A-Z]\s*=\s*[^()=;]*?)*)\s*\)")
_SUBSTITUTION_DEF = re.compile(r"([A-Z])\s*=\s*")
_SUBSTITUTED = re.compile(r"[A-Z][a-z]?")
_LIST_SEPARATORS = re.compile(r"^(?:\s*(?:,|and|or|,\s*and|,\s*or)\s*)$")


def _substitutions(text: str) -> list[tuple[MaterialMention | None, tuple[int, int]]]:
    """(mention or None, span) for every element listed in a substitution bracket.

    With one placeholder letter the generic formula before the bracket is the family
    and each listed element a member: the mention, at the element's place, is the
    formula with the letter replaced ("MO (M = Co, Ni)": CoO at "Co", NiO at "Ni"). With
    several letters the members are not named one by one; the listed elements are
    still no materials of their own (None: the span is only taken).
    """
    out = []
    for m in _SUBSTITUTION.finditer(text):
        defs = list(_SUBSTITUTION_DEF.finditer(text, m.start(1), m.end(2)))
        letters = {d.group(1) for d in defs}
        tmpl = _template_before(text, m.start())
        members = []  # (start, end, symbol)
        ok = True
        for i, d in enumerate(defs):
            stop = defs[i + 1].start() if i + 1 < len(defs) else m.end(2)
            body = text[d.end():stop].rstrip("; ")
            pos = d.end()
            for v in _SUBSTITUTED.finditer(body):
                gap = body[pos - d.end():v.start()]
                if v.group() not in elements() or (gap and not _LIST_SEPARATORS.match(gap)):
                    ok = False
                    break
                members.append((d.group(1), d.end() + v.start(), d.end() + v.end(), v.group()))
                pos = d.end() + v.end()
            if not ok or pos - d.end() != len(body):
                ok = False
                break
        if not ok or not members:
            continue
        for letter, s, e, sym in members:
            mm = None
            if tmpl is not None and len(letters) == 1:
                formula = re.sub(rf"{letter}(?![a-z])", sym, tmpl)
                if formula != tmpl and valid_formula(formula):
                    mm = _mention(s, e, sym, formula, formula)
            out.append((mm, (s, e)))
    return out


def _template_before(text: str, bracket: int) -> str | None:
    """The generic formula right before a substitution bracket ("MO", "Li2MSiO4"), flattened."""
    end = bracket
    while end and text[end - 1] == " ":
        end -= 1
    start = end
    while start and not text[start - 1].isspace() and text[start - 1] not in _OPEN:
        start -= 1
    word = flatten(text[start:end])
    return word if word[:1].isupper() else None


_JOINED_WORD = re.compile(rf"[{_HY}]([A-Za-z]+)(?![\w{_HY}])")


def _element_word_alloy(text: str, end: int, symbol: str) -> tuple[int, str] | None:
    """(end, name) of "bismuth–antimony", an alloy system written in element words, as
    its symbols "Bi-Sb" name it; None when no other element word is joined at ``end``."""
    m = _JOINED_WORD.match(text, end)
    if m is None or fold_spellings(m.group(1).lower()) not in _named_lookup():
        return None
    other = _named_identity(m.group(1))[1]
    if other is None or other == symbol or other not in elements():
        return None
    return m.end(), f"{symbol}-{other}"


# A metal's oxide or chalcogenide of variable oxygen or sulfur content ("SiOx", "SnOx",
# "MoSx") is an electrode material. Other formulas with a one-letter symbol right before
# a variable are not, as materials: a working ion's ("NaOx" passivation, "Li2Sx"
# polysulfides, "KxSn": phases), a non-metal's ("NOx"), a nitride ("SiNx" membranes).
_VARIABLE_ANION = re.compile(r"^(?!(?:Li|Na|K|C|N|S|H|P|O)(?![a-z]))[A-Z][a-z]?\d*(?:O|S|Se)[xyz]$")
# A one-letter symbol followed by a variable ("Ox", "Sx", "Kx"); "Dy" is dysprosium.
_SYMBOL_VARIABLE = re.compile(r"(?!Dy)[A-Z][xyz]")


@lru_cache(maxsize=4096)
def is_formula(text: str) -> bool:
    """kb.chem's formula check (single elements allowed, through the bridge), with the
    variable-content formulas that are no electrode materials left out (_VARIABLE_ANION)."""
    if not _bridge_is_formula(text):
        return False
    return _SYMBOL_VARIABLE.search(text) is None or _VARIABLE_ANION.match(text) is not None


def _clean_name(s: str) -> str:
    return re.sub(rf"[\s{_HY}]+", lambda m: " " if m.group().isspace() else "-", s)


def valid_formula(core: str) -> bool:
    """A formula core we accept as a material: validated, not a word or an acronym."""
    if not core or core in entries("not_formulas.tsv"):
        return False
    if _ACRONYM.match(core):
        return False
    if len(core) <= 2 and core in elements() and core[0] in "HBCNOFPSKVYIWU" and len(core) == 1:
        return False  # single-letter elements are too ambiguous as materials
    return is_formula(core)


def split_core(chunk: str) -> tuple[str, str]:
    """(core formula to validate, name as written) for one cleaned chunk.

    The core is the first component of a full cell (``A//B``) or a host composite
    (``A@B``) without its polymorph prefix (``α-``, ``P2-``) or suffix (``(B)``):
    the part kb.chem must validate for the whole name to count as a material.
    """
    core = chunk.split("//")[0].split("@")[0]
    core = _PREFIX.sub("", core)
    core = _POLY_SUFFIX.sub("", core)
    return core, chunk


def _first_component(core: str) -> str | None:
    """Validate ``A/B`` composites and ``A-B`` alloys by their parts.

    Parts after a first formula may be element symbols or named carbons and their
    abbreviations (``Sb/C``, ``Sb/rGO``, ``SnO2-graphene``), after "/" also doped ones
    (``CoSe2/N-rGO``, ``Sb/N-C``).
    """
    if is_formula(core) and valid_formula(core) or _coded(core):
        return core  # (a code alone only reaches here as a core: "LFP" of "LFP@C")
    for sep in _COMPOSITE_SEPARATORS:
        if sep in core:
            parts = core.split(sep)
            if sep != "/" and (len(set(parts)) < len(parts) or all(map(_working_ion_compound, parts))
                               or _one_host(parts) or _ion_alloy_system(parts)):
                # "Sb–Sb", "P-P": a bond between two atoms of one element; "Li2S8–Li2S4",
                # "Na3V2(PO4)3–NaTi2(PO4)3": a range of phases, a transition or a cell's two
                # electrodes, each holding the working ion; "LiFePO4–FePO4": the two phases
                # of one host; not one material of two parts
                continue
            if all(p and (_support_part(p) or sep == "/" and _doped_support(p) or not i and _coded(p))
                   for i, p in enumerate(parts)) \
                    and (valid_formula(parts[0]) or _coded(parts[0])) \
                    or (parts[0] in elements() and len(parts[0]) == 2
                        and all(q in elements() for q in parts[1:])):
                return parts[0]
    return None


def _coded(part: str) -> bool:
    """A standard code of an electrode composition ("NVP", "LFP") as a composite's first
    part: "NVP/C", "LFP@C" are carbon composites of Na3V2(PO4)3 and LiFePO4 (kb.chem keys
    the code as its formula)."""
    named = _abbreviated(part)
    return named is not None and named[0].isupper() and is_formula(named)


def _ion_alloy_system(parts: list[str]) -> bool:
    """"Sn–K", "Sb-Na": an element with the working ion, the system whose alloy phases the
    reaction forms (a phase diagram, an alloy phase), not an electrode material."""
    symbols = elements()
    return all(p in symbols for p in parts) and any(p in WORKING_IONS for p in parts)


def _one_host(parts: list[str]) -> bool:
    """Every part is a formula of one host with more or less working ion ("LiFePO4",
    "FePO4"; "NaCoO2", "CoO2"): the phases of a two-phase reaction, not a composite."""
    hosts = set()
    for p in parts:
        comp = _chem_parse(p) if p[:1].isupper() else None
        if comp is None:
            return False
        hosts.add(frozenset(comp.amounts) - WORKING_IONS)
    return len(hosts) == 1 and len(next(iter(hosts))) > 1 and any(_working_ion_compound(p) for p in parts)


# What joins the parts of a composite or alloy system written as one word: "Sb/C",
# "SnO2-graphene", and the same with the dashes typesetting and PDF conversion put there
# ("SnS2–rGO": en dash, figure dash, minus sign, non-breaking and Unicode hyphens). A
# formula with a minus in its amounts ("Na3V2−xTix(PO4)3") validates whole before any
# split is tried. Not the em dash, which sets off a clause.
_COMPOSITE_SEPARATORS = ("/", "-", "‐", "‑", "–", "−", "‒")


def _support_part(p: str) -> bool:
    """A formula, an element symbol or a named carbon (``rGO``, ``graphene``)."""
    return valid_formula(p) or p in elements() or p.lower() in _named_parts()


# "N-", "N,S-": the dopants of a doped support ("N-rGO", "N,S-C")
_DOPANT_PREFIX = re.compile(rf"^(?:[A-Z][a-z]?,)*[A-Z][a-z]?[{_HY}](?=\S)")


def _doped_support(p: str) -> bool:
    """A doped element or named carbon: ``N-C``, ``N-rGO``."""
    m = _DOPANT_PREFIX.match(p)
    return m is not None and (p[m.end():] in elements() or p[m.end():].lower() in _named_parts())


@lru_cache(maxsize=65536)
def _chunk_analysis(chunk: str) -> tuple:
    """Everything about a candidate chunk that does not depend on its context, cached.

    A paper repeats its material names many times, so the stripping, the rejection
    rules and the kb.chem validation run once per distinct chunk. Returns
    ``(lead, raw, verdict)``: ``lead`` characters stripped in front, ``raw`` the
    stripped chunk (None when it cannot start a material), and ``verdict`` None when
    the chunk is rejected whatever surrounds it, else ``(length, written, name,
    formula, needs_electrode, abbreviation)``: the mention's text, name and formula,
    whether it is a bare symbol that counts only when the text calls it an electrode
    ("P anode"), and whether it is an undefined abbreviation ("CNTs") of a named material.
    """
    raw, lead = chunk, 0
    while raw and raw[0] in _LEAD:
        raw, lead = raw[1:], lead + 1
    while raw:
        if raw[-1] in _TRAIL:
            raw = raw[:-1]
        elif raw[-1] == ")" and raw.count("(") < raw.count(")"):
            raw = raw[:-1]
        elif raw[-1] == "]" and raw.count("[") < raw.count("]"):
            raw = raw[:-1]
        else:
            break
    if not raw or not (raw[0].isupper() or raw[0] in "αβγδεηθλ"):
        return lead, None, None
    return lead, raw, _verdict(raw)


def _verdict(raw: str) -> tuple | None:
    m = _GLUED_SUFFIX.search(raw)
    if m:
        if m.group()[1:] in _NOT_THE_MATERIAL:
            # a dopant (_DOPANT_AFTER) or a content ("Li-rich", "Co-free"), not the material;
            # "Sb/N-doped carbon": the part before the doped support
            cut = max(raw.rfind("/", 0, m.start()), raw.rfind("@", 0, m.start()))
            if cut <= 0:
                return None
            raw = raw[:cut]
        else:
            raw = raw[:m.start()]
    if not raw or any(_CHARGED.search(part) for part in raw.split("/")):
        return None  # ions and redox couples ("Na+/Na") are not materials
    if _CHEMISTRY_LABEL.match(raw):
        return None  # "Li-S", "Na–O2": a battery chemistry, not a material
    if _SI_LABEL.match(raw):
        return None
    named = _abbreviated(raw)
    if named is not None:  # a named material, or a formula behind a standard code (LFP)
        formula = named if named[0].isupper() and is_formula(named) else None
        return len(raw), raw, named, formula, False, True
    core, _ = split_core(raw)
    first = _first_component(core)
    needs_electrode = False
    if first is None:
        if core in elements() and core not in entries("not_formulas.tsv"):
            # "P-based materials": a bare symbol the text calls an electrode
            first, needs_electrode = core, m is None
        else:
            return None
    elif first != core and first in WORKING_IONS and "/" not in core:
        return None  # "Na-Bi": an alloy phase of the working ion, not an electrode
    formula = first if first == core and not _coded(first) else None
    return len(raw), raw, _flat(raw), formula, needs_electrode, False


def _chunk_mention(text: str, low: str, lines_up: bool, labels: list[int] | None, start: int,
                   analysis: tuple, abbrevs: dict[str, str]) -> MaterialMention | None:
    """The mention a chunk at ``start`` makes in its context, given ``_chunk_analysis``.

    ``low`` is ``text.lower()`` and ``lines_up`` whether it can stand in for the text
    (``_lower_lines_up``); ``labels`` where figure/table labels may be
    (``_label_positions``).
    """
    lead, raw, verdict = analysis
    start += lead
    if raw in abbrevs:
        end = start + len(raw)
        return _mention(start, end, raw, abbrevs[raw], None, _morphology_after(text, end), True)
    length, written, name, formula, needs_electrode, _ = verdict
    end = start + length
    after = _NOT_MATERIAL_AFTER_LOW.match(low, end) if lines_up else _NOT_MATERIAL_AFTER.match(text, end)
    if after or _label_before(text, start, labels):
        return None
    if needs_electrode and not _ELECTRODE_AFTER.match(text, end):
        return None  # a bare symbol ("P") is a material only as an electrode ("P anode")
    return _mention(start, end, written, name, formula, _morphology_after(text, end))


_MENTION_FIELDS = ("start", "end", "text", "name", "formula", "morphology", "is_abbreviation")
_new_object = object.__new__


def _mention(start: int, end: int, text: str, name: str, formula: str | None = None,
             morphology: str | None = None, is_abbreviation: bool = False) -> MaterialMention:
    """``MaterialMention(...)``, built at a third of the cost.

    The frozen dataclass's generated ``__init__`` sets each of the seven fields with
    one ``object.__setattr__`` call; filling the instance dict at once gives an equal
    object (same fields in the same order). Falls back to the constructor should the
    class ever change shape (``_MENTION_FAST``; a test compares the two).
    """
    if not _MENTION_FAST:
        return MaterialMention(start, end, text, name=name, formula=formula, morphology=morphology,
                               is_abbreviation=is_abbreviation)
    mm = _new_object(MaterialMention)
    mm.__dict__.update(start=start, end=end, text=text, name=name, formula=formula,
                       morphology=morphology, is_abbreviation=is_abbreviation)
    return mm


_MENTION_FAST = (tuple(f.name for f in fields(MaterialMention)) == _MENTION_FIELDS
                 and not hasattr(MaterialMention, "__post_init__")
                 and not hasattr(MaterialMention, "__slots__"))


# Every word _NOT_MATERIAL_BEFORE looks for contains one of these.
_LABEL_KEYS = ("fig", "movie", "table", "video", "note", "ratio")


def _label_positions(low: str, lines_up: bool) -> list[int] | None:
    """Offsets of the ``_LABEL_KEYS`` in the lowered sentence; None: look everywhere.

    A _NOT_MATERIAL_BEFORE match shows its word, and so one of these keys, in lower
    case at the same offsets of the lowered text when that lines up with the text
    (``_lower_lines_up``); the regex search before a chunk is needed only when a
    key starts in the 12 characters it searches.
    """
    if not lines_up:
        return None
    out = []
    for k in _LABEL_KEYS:
        i = low.find(k)
        while i >= 0:
            out.append(i)
            i = low.find(k, i + 1)
    return out


def _label_before(text: str, start: int, labels: list[int] | None) -> bool:
    """_NOT_MATERIAL_BEFORE matches in the 12 characters before ``start``."""
    lo = max(0, start - 12)
    if labels is not None:
        for p in labels:
            if lo <= p < start:
                break
        else:
            return False
    return _NOT_MATERIAL_BEFORE.search(text, lo, start) is not None


def _flat(s: str) -> str:
    """A name with its hyphen variants written "-" ("SnS2–rGO" is SnS2-rGO, as FACTS.md
    compares names with hyphen variants folded). The minus sign stays: it is part of
    amounts ("Na3V2−xTix(PO4)3"), and keys fold it anyway."""
    return s.replace("‐", "-").replace("‑", "-").replace("–", "-").replace("‒", "-")


_ABBREV_DEF = re.compile(r"\(([A-Z][A-Za-z0-9\-]{0,9}[A-Z][A-Za-z0-9\-]{0,4})\)")


def find_abbreviations(text: str, mentions: list[MaterialMention]) -> dict[str, str]:
    """``long form (ABBR)`` definitions whose long form is a material mention, or a mention
    and its morphology ("Sb2S3 nanorods (SSNRs)": the material is Sb2S3)."""
    out: dict[str, str] = {}
    if not mentions or "(" not in text:
        return out
    for m in _ABBREV_DEF.finditer(text):
        if _names_itself(m.group(1)):
            continue
        before = m.start()  # end of the text before the bracket, whitespace skipped
        while before and text[before - 1].isspace():
            before -= 1
        for mm in mentions:
            if (mm.end == before or mm.morphology and _morphology_until(text, mm, before)) \
                    and not mm.is_abbreviation and m.group(1) != mm.name:
                # with a morphology, the abbreviation starts with the material's letter:
                # "FeS2 nanotubes (NT)" names a shape, not FeS2 ("NT" means any nanotube)
                if _spells(m.group(1), text, mm.start, before) and (
                        mm.end == before or m.group(1)[0].lower() in mm.text.lower()):
                    out[m.group(1)] = mm.name
                break
    return out


def _names_itself(abbr: str) -> bool:
    """A bracketed formula or composite ("(SnS2-rGO)" after "SnS2 nanosheets on reduced
    graphene oxide") is a material name of its own, not an abbreviation of the mention
    before it: only letters that spell nothing (NVPF, HC) are defined by their long form."""
    verdict = _chunk_analysis(abbr)[2]
    return verdict is not None and not verdict[5] and verdict[3] is None


def _morphology_until(text: str, mm: MaterialMention, end: int) -> bool:
    """The text from the mention to ``end`` is its morphology word(s) ("nanorods")."""
    return mm.end < end and text[mm.end:end].strip().lower() == mm.morphology


_LONG_FORM_WORDS = 3  # words before a mention that may belong to its long form
_LONG_FORM_STOP = re.compile(r"[()\[\],;.:]")


def _spells(abbr: str, text: str, start: int, end: int) -> bool:
    """Every capital of ``abbr`` is a letter of its long form: the mention ``text[start:end]``
    and the few words before it up to a bracket or punctuation ("expanded graphite (EG)",
    "Na3(VPO4)2F3 (NVPF)", "electrochemically deposited Li (EDLi)"). "doping with
    nitrogen (GN) and phosphorus (GP) into graphene" names P-doped graphene, not
    phosphorus: an abbreviation with a letter its long form lacks is not its name."""
    before = text[max(0, start - 60):start]
    stop = None
    for stop in _LONG_FORM_STOP.finditer(before):
        pass
    if stop is not None:
        before = before[stop.end():]
    words = before.split()[-_LONG_FORM_WORDS:]
    low = (" ".join(words) + " " + text[start:end]).lower()
    return all(c.lower() in low for c in abbr if c.isupper())


def _free(taken: list[tuple[int, int]], s: int, e: int) -> bool:
    """[s, e) overlaps none of the ``taken`` spans."""
    for a, b in taken:
        if e > a and s < b:
            return False
    return True


def find(text: str, abbrevs: dict[str, str] | None = None) -> list[MaterialMention]:
    """Material mentions of one sentence, sorted by start, non-overlapping."""
    abbrevs = abbrevs or {}
    found: list[MaterialMention] = []
    taken: list[tuple[int, int]] = []

    low = text.lower()
    lines_up = _lower_lines_up(text)
    for start, end, written, lowered in _common_spans(text, low, lines_up):
        formula = common_name_formula(lowered)
        if formula:
            found.append(_mention(start, end, written, formula, formula, _morphology_after(text, end)))
        else:  # "copper oxides": a name with no one formula (kb.chem.names) is still a material
            name = _common_name(lowered)
            if name:
                found.append(_mention(start, end, written, name, None, _morphology_after(text, end)))
        # an unmapped compound name must not be read as its metal ("bismuth")
        taken.append((start, end))
    if "anode" in low:
        for start, end, written, symbol in _metal_anodes(text):
            if not taken or _free(taken, start, end):
                found.append(_mention(start, end, written, symbol, symbol))
                taken.append((start, end))
    doped = None  # whether "doped" is in the sentence, looked up at the first named material
    for start, end, written in _named_spans(text, low, lines_up):
        if taken and not _free(taken, start, end):
            continue
        if doped is None:
            doped = "doped" in low
        if _named_in_composite(text, start) or doped and _DOPANT_AFTER.match(text, end):
            continue
        name, formula = _named_identity(written)
        if formula is not None and _element_word_not_material(low, start, end):
            continue
        if formula is not None and end < len(text) and text[end] in _HY:
            alloy = _element_word_alloy(text, end, formula)
            if alloy is not None and (not taken or _free(taken, start, alloy[0])):
                end, name, formula = alloy[0], alloy[1], None
                written = text[start:end]
        found.append(_mention(start, end, written, name, formula, _morphology_after(text, end)))
        taken.append((start, end))
    for a in _lower_abbreviations():  # the scan runs only when one is in the sentence
        if a in text:
            break
    else:
        a = None
    for start, end, written, name in _abbreviation_spans(text) if a else ():
        if taken and not _free(taken, start, end) or _in_definition(text, start, end, found):
            continue
        defined = abbrevs.get(written)
        found.append(_mention(start, end, written, defined or name, None, _morphology_after(text, end),
                              defined is not None))
        taken.append((start, end))  # (the chunks that follow start at a capital: see _CHUNK)
    if "=" in text:
        for mm, span in _substitutions(text):
            if taken and not _free(taken, *span):
                continue
            if mm is not None:
                found.append(mm)
            taken.append(span)
    analyze = _chunk_analysis
    labels, looked = None, False  # label positions, looked up at the first candidate chunk
    for m in _CHUNK.finditer(text):  # plain capitalised words never match
        analysis = analyze(m.group())
        raw = analysis[1]
        if raw is not None and _JOINED_PARTS.search(raw) and _composite_head(raw):
            composite = _named_support_composite(text, m.start() + analysis[0], raw, found, taken)
            if composite is not None:
                found = composite
                continue
        if analysis[2] is None and (raw is None or raw not in abbrevs):
            continue  # rejected whatever surrounds it (_chunk_mention gives None)
        start, end = m.span()
        if taken and not _free(taken, start, end):
            continue
        if not looked:
            labels, looked = _label_positions(low, lines_up), True
        mm = _chunk_mention(text, low, lines_up, labels, start, analysis, abbrevs)
        if mm is not None and not (analysis[2] and analysis[2][5] and not mm.is_abbreviation
                                   and _in_definition(text, mm.start, mm.end, found)):
            found.append(mm)  # within its chunk match, so clear of the later chunks
    first = (_LOWER_PREFIX_ASCII if text.isascii() else _LOWER_PREFIX).search(text)
    if first is not None:
        found += _lower_prefixed(text, low, lines_up, abbrevs, taken, first.start())
    if len(found) > 1:
        found.sort(key=_START)
        found = _listed_single_letters(text, _drop_class_names(text, found))
        if "sandwich" in low:
            found = _sandwiches(text, found)
    return found


# "phosphorene layers sandwiched between graphene layers", "MoS2 sandwiched between two
# carbon sheets": one material layered inside another, a heterostructure the paper names
# as the composite "A/B" (FACTS.md: a composite A/B also matches its first component A).
_SANDWICH = re.compile(r"\s+(?:(?:\w+\s+){0,2}?)sandwiched\s+(?:between|by|in|within)\s+"
                       r"(?:the\s+|two\s+|a\s+few\s+|few\s+|several\s+|multiple\s+)?(?:[\w-]+\s+)?$")


def _sandwiches(text: str, found: list[MaterialMention]) -> list[MaterialMention]:
    """``found`` with each "A ... sandwiched between B" pair merged into the composite A/B."""
    out: list[MaterialMention] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        if b is not None and a.name != b.name and _SANDWICH.fullmatch(text, a.end, b.start):
            out.append(_mention(a.start, b.end, text[a.start:b.end], f"{a.name}/{b.name}", None,
                                b.morphology))
            i += 2
            continue
        out.append(a)
        i += 1
    return out


# A formula, then what joins a composite's parts, then a letter: where a support written
# in words may start ("SnS2–Reduced Graphene Oxide", "Fe3O4@reduced graphene oxide").
# (after a polymorph prefix, as in "α-Fe2O3@reduced graphene oxide")
# (a "/" before a digit is a fraction of the formula: "Na2/3MnO2")
_COMPOSITE_HEAD = re.compile(rf"^((?:{_PREFIX.pattern[1:]})?(?:[^{_HY}/@]|/(?=\d))+)([{_HY}/@])(?=[A-Za-z])")
_JOINED_PARTS = re.compile(rf"[{_HY}/@][A-Za-z]")


@lru_cache(maxsize=4096)
def _composite_head(raw: str) -> tuple[str, str] | None:
    """(formula, joiner) of a chunk that may start a composite whose support is a name
    of several words ("SnS2", "-" of "SnS2–Reduced"), None when it cannot start one.

    Not a working ion or a cell chemistry ("Na–O2", "Li–sulfur"): their dash joins a
    battery's electrodes, not a composite's parts. Dashes are written "-" in the name.
    """
    m = _COMPOSITE_HEAD.match(raw)
    if m is None or _CHEMISTRY_LABEL.match(raw):
        return None
    head = m.group(1)
    if head in WORKING_IONS or not valid_formula(_PREFIX.sub("", head)):
        return None
    return head, m.group(2) if m.group(2) in "/@" else "-"


@cache
def _support_abbreviation() -> dict[str, str]:
    """Named carbon (lower case) -> the abbreviation papers write it with ("rGO")."""
    out: dict[str, str] = {}
    for abbr, named in _abbreviations().items():
        if not named[0].isupper():
            out.setdefault(named.lower(), abbr)
    return out


def _named_support_composite(text: str, start: int, raw: str, found: list[MaterialMention],
                             taken: list[tuple[int, int]]) -> list[MaterialMention] | None:
    """``found`` with the composite "SnS2–Reduced Graphene Oxide" (a formula, a joiner, a
    named carbon of several words) in place of the support read on its own; None when
    the chunk at ``start`` does not start one.

    The chunk rules stop at the space inside the support's name, so they reject the
    chunk ("SnS2–Reduced") or keep a cut name ("Fe3O4@reduced"); the support is written
    as papers abbreviate it ("SnS2-rGO"), so that both spellings are one material.
    """
    head, joiner = _composite_head(raw)
    at = start + len(head) + 1
    m = _named_support_pattern().match(text, at)
    if m is None or " " not in m.group().strip() and "-" not in m.group():
        return None  # one word ("SnS2–graphene"): the chunk rules read it whole
    end = m.end()
    if any(mm.end > start and mm.start < end and not start <= mm.start <= mm.end <= end for mm in found):
        return None  # overlaps a mention that reaches outside it
    support = _named_identity(m.group())[0]
    tail = _support_abbreviation().get(support.lower(), support)
    kept = [mm for mm in found if not start <= mm.start < end]  # the support read alone
    taken[:] = [(a, b) for a, b in taken if not start <= a < end]
    taken.append((start, end))
    kept.append(_mention(start, end, text[start:end], f"{_flat(head)}{joiner}{tail}", None,
                         _morphology_after(text, end)))
    return sorted(kept, key=_START)


@cache
def _named_support_pattern() -> re.Pattern:
    """A named material right at a position (no lookbehind: it follows a dash)."""
    pattern = _named_pattern().pattern
    return re.compile(pattern[pattern.index("(?=["):], re.I)


# "a-Si", "c-Ge", "t-SnO2": a lower-case structure prefix (amorphous, crystalline,
# tetragonal, hexagonal, monoclinic, orthorhombic) glued to a formula, which kb.chem keys
# as the formula. The chunk rules start at a capital after a space, so these need a scan
# of their own: led by the hyphen, which re finds fastest as a literal (ASCII text), or
# by any hyphen variant in other text.
# Polytypes led by a digit ("1T-MoS2", "2H-MoS2") are read the same way.
_LOWER_PREFIX_ASCII = re.compile(rf"-(?=[A-Z])(?:(?<=(?<![\w{_HY}])[acthmo]-)|(?<=(?<![\w{_HY}])\d[THRM]-))")
_LOWER_PREFIX = re.compile(rf"[{_HY}](?=[A-Z])(?:(?<=(?<![\w{_HY}])[acthmo].)|(?<=(?<![\w{_HY}])\d[THRM].))")
_REST_OF_CHUNK = re.compile(r"[^\s,;:]*")


_ION_LED = re.compile(r"^(?:Li|Na|K)(?![a-w])(?=[\dxyz(.]*[A-Z])")


def _working_ion_compound(raw: str) -> bool:
    """``Li15Si4``, ``NaMoS2``, ``NaxSn``: a compound whose first element is a working ion."""
    return _ION_LED.match(raw) is not None


def _lower_prefixed(text: str, low: str, lines_up: bool, abbrevs: dict[str, str],
                    taken: list[tuple[int, int]], pos: int = 0) -> list[MaterialMention]:
    """Mentions of formulas written with a lower-case structure prefix ("a-Si anodes").

    The part after the prefix is judged as any chunk is (``_chunk_analysis``,
    ``_chunk_mention``); the mention keeps the prefix in its text and name, as "α-Sn"
    does, and the formula of the part after it. A compound led by the working ion
    ("c-Li15Si4", "h-Na3Bi", "1T-NaMoS2") is the lithiated or sodiated phase whose
    structure the prefix tells apart, not an electrode: the phase rules' business.
    """
    out = []
    pattern = _LOWER_PREFIX_ASCII if text.isascii() else _LOWER_PREFIX
    for m in pattern.finditer(text, pos):
        at = m.end()
        chunk = _REST_OF_CHUNK.match(text, at).group()
        analysis = _chunk_analysis(chunk)
        if analysis[2] is None or analysis[0] or _working_ion_compound(analysis[1]):
            continue
        mm = _chunk_mention(text, low, lines_up, None, at, analysis, abbrevs)
        start = at - 2 if text[at - 2].islower() else at - 3  # "a-", "1T-"
        if mm is None or (taken and not _free(taken, start, mm.end)):
            continue
        written = text[start:mm.end]
        out.append(_mention(start, mm.end, written, _flat(written), mm.formula, mm.morphology))
    return out


@cache
def _family_names() -> frozenset[str]:
    """Named materials that are families of compositions (Prussian blue, MXene)."""
    return frozenset(r[0] for r in rows("named_materials.tsv")
                     if len(r) > 1 and r[1] not in ("carbon", "phosphorus", "element"))


def _drop_class_names(text: str, found: list[MaterialMention]) -> list[MaterialMention]:
    """Drop a class name in apposition to the formula that specifies it.

    "Prussian blue Na2-xFeFe(CN)6": the formula is the material; so it is in
    "Ti3C2Tx MXene", where a family name follows the formula.
    """
    keep = found
    last = len(found) - 1
    for i, mm in enumerate(found):
        if mm.formula is None and not mm.is_abbreviation and (
                i < last and found[i + 1].formula is not None
                and not text[mm.end:found[i + 1].start].strip()
                or i and mm.name in _family_names() and found[i - 1].formula is not None
                and not text[found[i - 1].end:mm.start].strip()):
            if keep is found:
                keep = found[:i]
            continue
        if keep is not found:
            keep.append(mm)
    return keep


_START = attrgetter("start")


# A single-letter symbol ("P", "S") is too ambiguous alone, but in a list of other
# elements ("Sn, Sb and P") it is one more element of the list.
# (The lookbehind comes after the letter so that re can skip to capitals: it checks
# the character before the letter, as "(?<![\w\-‐/])([A-Z])" would.)
_SINGLE = re.compile(r"([A-Z])(?<![\w\-‐/].)(?![\w\-‐/(])(?!\s*\d)")
_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)")


def _listed_single_letters(text: str, found: list[MaterialMention]) -> list[MaterialMention]:
    """Add single-letter elements that extend a list of at least two element mentions."""
    symbols = elements()
    elems = [mm for mm in found if mm.formula is not None and mm.formula in symbols]
    if len(elems) < 2:
        return found
    added = []
    for m in _SINGLE.finditer(text):
        sym = m.group(1)
        if sym not in elements() or any(mm.start <= m.start() < mm.end for mm in found):
            continue
        # joined to an element mention right before it that itself continues a list
        prev = [mm for mm in elems if mm.end <= m.start()
                and _LIST_JOIN.fullmatch(text, mm.end, m.start())]
        if not prev:
            continue
        first = prev[-1]
        if not any(o.end <= first.start and _LIST_JOIN.fullmatch(text, o.end, first.start) for o in elems):
            continue
        added.append(_mention(m.start(), m.end(), sym, sym, sym, _morphology_after(text, m.end())))
    return sorted(found + added, key=lambda x: x.start) if added else found


_NEXT_WORDS = re.compile(r"\s+([A-Za-z]+)(?:\s+([A-Za-z]+))?")


@cache
def _morphology_first_words() -> frozenset[str]:
    """First words of the morphology entries ("hollow" of "hollow spheres")."""
    return frozenset(w.split()[0] for w in _morphology())


@cache
def _morphology_initials() -> frozenset[str]:
    """First letters of the morphology entries, both cases."""
    return frozenset(c for w in _morphology() for c in (w[0].lower(), w[0].upper()))


def _morphology_after(text: str, end: int) -> str | None:
    """The morphology word(s) right after a mention ending at ``end`` ("nanotubes")."""
    nxt = text[end:end + 2]
    if not nxt[:1].isspace() or (nxt[1:] and not nxt[1].isspace()
                                  and nxt[1] not in _morphology_initials()):
        return None  # _NEXT_WORDS needs a space, then a word starting with such a letter
    m = _NEXT_WORDS.match(text, end)
    if not m:
        return None
    first = m.group(1).lower()
    if first not in _morphology_first_words():
        return None  # neither the next word nor the next two can be a morphology
    words = _morphology()
    if m.group(2):
        two = f"{first} {m.group(2).lower()}"
        if two in words:
            return two
    return first if first in words else None
