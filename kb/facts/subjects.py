"""Which material mentions of a sentence can be what the sentence is about.

A sentence names many formulas; only some are electrode/electrolyte materials.
Phases the sentence says something turns into, electrolyte salts, solvents,
binders, collectors, gases and reagents of a synthesis are not. The rules here
are about the words of the sentence, never about a particular paper.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from kb.nlp.chem_bridge import is_formula, material_key
from kb.nlp.mentions import MaterialMention, PhaseMention, SentenceMentions
from kb.nlp.vocab import entries, rows

WORKING_METALS = frozenset({"Li", "Na", "K", "Mg", "Ca", "Zn", "Al"})
# Elements that are electrodes on their own (alloying anodes). Any other bare symbol
# (Ni, Co, Mn, Cu, Ti ...) in running text is a dopant, a redox centre or a product
# unless the sentence calls it an electrode.
ALLOYING_ELEMENTS = frozenset({"Si", "Ge", "Sn", "Pb", "P", "As", "Sb", "Bi", "Ga", "In", "Se", "Te"})
_ELEMENT_ONLY = re.compile(r"[A-Z][a-z]?\d*")
# Sodiated transition-metal compounds are usually cathodes, not reaction products.
_TRANSITION_METAL = re.compile(r"(?:Sc|Ti|V|Cr|Mn|Fe|Co|Ni|Cu|Zn|Y|Zr|Nb|Mo|Ru|Rh|Pd|Ag|Cd|Hf|Ta|W|"
                               r"Re|Os|Ir|Pt|Au)(?![a-z])")
_VARIABLE_ION = re.compile(r"(?:Li|Na|K)(?:x|\d*[-−]x|y)(?![a-z])")
_WORKING_ION_IN = re.compile(r"(?:Li|Na|K)(?![a-z])")
_METAL_ELECTRODE = re.compile(r"^\s*(?:metal|foil|anode|anodes|electrode|electrodes|deposition|"
                              r"plating|dendrites?)\b", re.I)
_SYNTHESIS = re.compile(r"\b(?:dissolv\w*|stirr\w*|purchased|precursors?|mixed\s+with|"
                        r"aqueous\s+solution|autoclave|annealed\s+(?:at|in|under)|calcined|"
                        r"heated\s+(?:at|to)|dried\s+(?:at|in)|was\s+added|were\s+added|"
                        r"washed|hydrothermal\s+(?:reaction|method|treatment)|sigma|aladdin|"
                        r"slurry|binder|coated\s+on|dispersed\s+in)\b", re.I)
_ROLE_AFTER = re.compile(r"\s*(?:(?:based|type|composite|hybrid|thin[\s-]film|film|"
                         r"nanorods?|nanowires?|nanosheets?|nanotubes?|nanoparticles?|"
                         r"materials?|half|full|active|as\s+(?:the\s+|an?\s+)?)\s*){0,3}"
                         r"(anodes?|cathodes?|electrolytes?|electrodes?)\b", re.I)
_ROLE_BEFORE = re.compile(r"\b(anodes?|cathodes?|electrolytes?|electrodes?)\s+(?:materials?\s+|"
                          r"hosts?\s+|candidates?\s+)?(?:such\s+as|like|including|of|"
                          r"composed\s+of|made\s+of|e\.g\.,?)\s*(?:the\s+)?$", re.I)
# A material named as a part of something else or as test equipment, not as what
# the sentence studies: "porous carbon skeleton", "Na metal foil as the counter electrode".
_COMPONENT_AFTER = re.compile(r"\s*(?:skeletons?|matrix|matrices|frameworks?|shells?|coatings?|"
                              r"networks?|substrates?|supports?|scaffolds?|sheaths?|walls?)\b", re.I)
# "the LiFePO4 counterpart": named only as the reference a finding is compared with
_REFERENCE_AFTER = re.compile(r"\s*(?:counterparts?|analogu?es?|equivalents?)\b", re.I)
# An element named as a part of a composition ("the bottom is rich in Bi", "33% Bi and
# 67% Sb", "atomic ratios of Bi and Sb") describes a material, it is not one.
_CONSTITUENT_BEFORE = re.compile(
    r"(?i:\brich\s+in|\benriched\s+(?:in|with)|\d\s*(?:%|at\.?\s*%|wt\.?\s*%)|"
    r"\b(?:ratios?|contents?|concentrations?|fractions?|proportions?|distributions?|signals?|"
    r"intensit(?:y|ies)|gradients?)\s+of(?:\s+(?:the|both))?)"
    r"(?:\s+[A-Z][a-z]?,?(?:\s+(?:and|or))?)*\s*$")  # list members the recognizer missed
# A material named as a modifier of another one: "graphene-oxide-doped carbon",
# "MOF-derived carbon", "carbon-coated ...": the sentence is about the modified material.
_MODIFIER_AFTER = re.compile(r"[-‐‑](?:doped|derived|modified|coated|decorated|containing|treated|"
                             r"templated|assisted|functionali[sz]ed|wrapped|supported|loaded|"
                             r"embedded|encapsulated)\b", re.I)
# "Sn atoms", "Fe ions", "Co sites": an element as a constituent of a structure
_ATOMS_AFTER = re.compile(r"\s+(?:atoms?|ions?|cations?|anions?|sites?|vacanc(?:y|ies)|dopants?)\b", re.I)
_CORE_LEVEL_AFTER = re.compile(r"\s*\d[spdf](?:\s*\d/2)?\b")
# "a small graphene oxide addition", "Sn doping": an additive to the studied material
_ADDITIVE_AFTER = re.compile(r"\s+(?:additions?|additives?|dopants?|doping|incorporation)\b", re.I)
# any of the three right after a mention: one anchored match instead of three (an
# alternation matches at a position exactly when one of its branches does)
_NOT_SUBJECT_AFTER = re.compile("|".join(f"(?:{p.pattern})" for p in
                                         (_REFERENCE_AFTER, _MODIFIER_AFTER, _ADDITIVE_AFTER)), re.I)
# "expanded graphene layers", "graphitic sheets": the structural units of another carbon
_STRUCTURE_AFTER = re.compile(r"\s+(?:layers?|sheets?|planes?|interlayers?|stacks?|domains?|"
                              r"nanodomains?|fragments?|ribbons?)\b", re.I)
# A working metal named as what another material is exposed to ("stable against the Li
# metal", "compatibility with Li metal", "upon contact with the Na metal") is the partner of
# the studied material, not its subject.
_PARTNER_BEFORE = re.compile(r"\b(?:with|against|towards?|versus|vs\.?)\s+(?:the\s+|a\s+|bare\s+|molten\s+)?$", re.I)
_CONTRAST_BEFORE = re.compile(r"\b(?:instead\s+of|rather\s+than|unlike|in\s+contrast\s+to|contrary\s+to|"
                             r"than)\s+(?:the\s+|bare\s+|pure\s+|pristine\s+|commercial\s+)?$", re.I)
_CONTRAST_WORDS = ("instead", "than", "unlike", "contra")
# The yardstick of a comparison ("ten times the capacity of graphite", "far below that of
# graphite", "higher than graphite", "compared with graphite"); see ``is_yardstick``.
_YARDSTICK_BEFORE = re.compile(
    r"(?:\bthan\s+(?:(?:that|those)\s+of\s+)?|\b(?:that|those)\s+of\s+|"
    r"\bcompared\s+(?:with|to)\s+|\brelative\s+to\s+|"
    r"\b(?:twice|thrice|(?:two|three|four|five|six|seven|eight|nine|ten|\d+(?:\.\d+)?)[\s-]*"
    r"(?:times|fold))\s+(?:(?:the|that|those)\s+)?(?:\w+\s+){0,2}?of\s+)"
    r"(?:the\s+|commercial\s+|conventional\s+|traditional\s+|state-of-the-art\s+)*"
    # "far above that of layered oxide cathodes such as LiCoO2": examples of the yardstick
    r"(?:(?:[\w-]+\s+){1,4}?(?:such\s+as|like|e\.g\.,?|including)\s+(?:the\s+)?)?$", re.I)
_YARDSTICK_WORDS = ("than", "that of", "those of", "compared", "relative", "twice", "thrice",
                    "times", "fold")
# A material the sentence says was not found ("no reflections of A or B were found", "no B
# was detected"): an impurity that is absent, not a material of the paper.
_NOT_FOUND_BEFORE = re.compile(r"\bno\s+(?:[\w-]+\s+){0,3}?(?:of\s+)?(?:the\s+)?"
                               r"(?:[\w()·.-]+\s*(?:,\s*(?:or\s+|nor\s+|and\s+)?|or\s+|nor\s+|and\s+))*$",
                               re.I)
_NOT_FOUND_AFTER = re.compile(r"(?:\s*(?:,\s*(?:or\s+|nor\s+|and\s+)?|\s+or\s+|\s+nor\s+|\s+and\s+)"
                              r"[\w()·.-]+)*\s+(?:was|were|is|are|could\s+be|can\s+be)\s+(?:\w+\s+)?"
                              r"(?:found|detected|observed|seen|identified|formed)\b", re.I)


def not_found(text: str, m: MaterialMention) -> bool:
    """The mention is in a list the sentence says was not found (see ``_NOT_FOUND_BEFORE``)."""
    return _NOT_FOUND_BEFORE.search(text, max(0, m.start - 60), m.start) is not None \
        and _NOT_FOUND_AFTER.match(text, m.end) is not None


_COUNTER = re.compile(r"\b(?:counter|reference|quasi-reference)[\s-]+electrodes?\b|"
                      r"\bas\s+(?:the\s+)?counter\b", re.I)
# Carbons named next to another material to carry current or hold it are hosts and
# additives in that sentence, not the electrode it studies.
_CARBON_ADDITIVE = re.compile(r"\b(?:conductiv\w*|coat\w*|integrat\w*|support\w*|matri(?:x|ces)|"
                              r"skeletons?|decorat\w*|hybridi[sz]\w*|wrapp\w*|anchor\w*|embedd\w*|"
                              r"encapsulat\w*|loaded)\b", re.I)
_HALF_CELL = re.compile(r"\s*(?:metal\s*)?(?://|\|)")  # "Na metal//X": the counter electrode
_LIST_GLUE = re.compile(r"\s*(?:,\s*(?:and|or)?|and|or|/|&)?\s*(?:(?:the|bare|pure|pristine|"
                        r"commercial|pristine)\s+)?$", re.I)
ROLE_WORDS = {"anode": "anode", "anodes": "anode", "cathode": "cathode", "cathodes": "cathode",
              "electrolyte": "electrolyte", "electrolytes": "electrolyte"}


# re.I lets these four non-ASCII letters match ASCII ones; str.lower() does not.
_FOLD_SPECIAL = ("\u0130", "\u0131", "\u017f", "\u212a")
# Literal pieces every match of a pattern must contain (lower case): a cheap
# str.lower()/``in`` test that skips the slow case-insensitive regex scan when
# none is present. A match still needs the regex itself.
_SYNTHESIS_WORDS = ("dissolv", "stirr", "purchased", "precursor", "mixed", "aqueous", "autoclave",
                    "annealed", "calcined", "heated", "dried", "added", "washed", "hydrothermal",
                    "sigma", "aladdin", "slurry", "binder", "coated", "dispersed")
_ROLE_WORDS = ("ode", "lyte")  # anode, cathode, electrode, electrolyte
_COUNTER_WORDS = ("counter", "reference")
_CONSTITUENT_WORDS = ("rich", "%", "ratio", "content", "concentration", "fraction", "proportion",
                      "distribution", "signal", "intensit", "gradient")
_CARBON_ADDITIVE_WORDS = ("conductiv", "coat", "integrat", "support", "matri", "skeleton", "decorat",
                          "hybridi", "wrapp", "anchor", "embedd", "encapsulat", "loaded")


@lru_cache(maxsize=64)
def _gate_text(text: str) -> str | None:
    """``text.lower()`` for the word gates, None when re.I may match a letter that
    str.lower() does not fold (then no gate may rule a match out).

    One sentence is asked about by many gates in a row (the candidates, the roles, the
    pointing-back scan): a small LRU lowers it once. Without U+0130 (the one character
    whose lower case is two characters long, and one of ``_FOLD_SPECIAL``) the lowered
    text has the same offsets as ``text``, so windows can be searched in place.
    """
    if not text.isascii():
        for c in _FOLD_SPECIAL:
            if c in text:
                return None
    return text.lower()


def may_match(text: str, words: tuple[str, ...], start: int = 0, end: int | None = None) -> bool:
    """False only when no regex match is possible in ``text[start:end]``: none of
    ``words`` is in it (a special fold letter anywhere in ``text`` rules nothing out)."""
    low = _gate_text(text)
    if low is None:
        return True
    if start == 0 and end is None:
        for w in words:
            if w in low:
                return True
        return False
    if end is None:
        end = len(low)
    for w in words:
        if low.find(w, start, end) >= 0:
            return True
    return False


@dataclass(frozen=True)
class Subject:
    """A material the sentence is about, with where it came from."""

    name: str
    key: str
    source: str  # "mention" | "carried" | "main"
    mention: MaterialMention | None = None
    role: str | None = None


@cache
def _carbons() -> frozenset[str]:
    return frozenset(r[0] for r in rows("named_materials.tsv") if len(r) > 1 and r[1] == "carbon")


@cache
def _non_materials_lower() -> frozenset[str]:
    return frozenset(b.lower() for b in entries("non_materials.tsv"))


# Metal halides, nitrates and acetates are precursors and salts, not electrodes.
_PRECURSOR = re.compile(r"^[A-Z][a-z]?\d*(?:Cl|Br|I|\(NO3\)|NO3|\(CH3COO\)|\(OAc\))\d*(?:·.*)?$")


def is_non_material(m: MaterialMention) -> bool:
    return _non_material(m.name, m.text)


@lru_cache(maxsize=65536)
def _non_material(name: str, text: str) -> bool:
    bad = entries("non_materials.tsv")
    return (name in bad or text in bad or name.lower() in _non_materials_lower()
            or bool(_PRECURSOR.match(name)))


@lru_cache(maxsize=65536)
def _element_only(name: str) -> bool:
    """A bare element symbol with an optional count ("Sb", "P2"); asked per mention name."""
    return _ELEMENT_ONLY.fullmatch(name) is not None


def _last_role_word(text: str) -> int:
    """Start of the last "ode"/"lyte" in ``text`` (-1: none): no role word, so no
    _ROLE_AFTER/_PREDICATE_ROLE match, can start after it."""
    low = _gate_text(text)
    if low is None:
        return len(text)  # re.I folds these to ASCII: cannot rule anything out
    return max(low.rfind("ode"), low.rfind("lyte"))


def overlaps(m: MaterialMention, phases: list[PhaseMention]) -> bool:
    return any(not (m.end <= p.start or m.start >= p.end) for p in phases)


def list_groups(text: str, mentions: list[MaterialMention]) -> list[list[int]]:
    """Indices of mentions coordinated in one list ("A, B, and bare C")."""
    groups: list[list[int]] = []
    for i, m in enumerate(mentions):
        if groups and mentions[i - 1].end <= m.start \
                and _LIST_GLUE.match(text[mentions[i - 1].end:m.start]) is not None:
            groups[-1].append(i)
        else:
            groups.append([i])
    return groups


_PREDICATE_ROLE = re.compile(r"\b(?:as|is|are|was|were|be|been)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,3}?"
                             r"(anodes?|cathodes?|electrolytes?)\b", re.I)


# "X (1166 mAh g-1) is a prelithiated cathode material": the group's own predicate names its
# role, whatever else the sentence names later (no preposition in between: "X is a product
# of the anode reaction" gives no role)
_COPULA_ROLE = re.compile(r"\s*(?:\([^()]{0,160}\)\s*)?,?\s*(?:is|are|was|were)\s+(?:an?\s+|the\s+)?"
                          r"(?:(?!(?:of|in|for|from|on|at|with|to|by)\s)[\w-]+\s+){0,3}?"
                          r"(anodes?|cathodes?|electrolytes?)\b", re.I)


_COPULA_WORDS = ("is ", "are ", "was ", "were ")


def _sentence_groups(text: str, sm: SentenceMentions) -> list[list[int]]:
    """``list_groups`` of the sentence's materials, memoised on its SentenceMentions
    (the roles and the candidates both need them). Callers must not mutate it."""
    cached = sm.__dict__.get("_kb_groups")
    if cached is not None and cached[0] == text:
        return cached[1]
    out = list_groups(text, sm.materials)
    sm.__dict__["_kb_groups"] = (text, out)
    return out


def stated_roles(text: str, mentions: list[MaterialMention],
                 groups: list[list[int]] | None = None) -> dict[int, str]:
    """Mention index -> role the sentence gives it ("X anode", "cathodes such as X").

    A sentence whose subject is its only material ("Bismuth sulfide ... has been
    considered as a promising anode") gives that material the predicate's role.
    ``groups``: ``list_groups(text, mentions)`` when the caller has it.
    """
    out: dict[int, str] = {}
    if not mentions:
        return out
    if groups is None:
        groups = list_groups(text, mentions)
    last_role = _last_role_word(text)
    if len(groups) == 1 and last_role >= mentions[groups[0][-1]].end:
        p = _PREDICATE_ROLE.search(text, mentions[groups[0][-1]].end)
        if p:
            for i in groups[0]:
                out[i] = ROLE_WORDS.get(p.group(1).lower(), "active")
    for group in groups:
        role = None
        last = mentions[group[-1]]
        m = _ROLE_AFTER.match(text, last.end) if last_role >= last.end else None
        if m is None and last_role >= last.end and may_match(text, _COPULA_WORDS, last.end, last.end + 170):
            m = _COPULA_ROLE.match(text, last.end)
        if m:
            role = ROLE_WORDS.get(m.group(1).lower(), "active")
        else:
            first = mentions[group[0]]
            b = None
            # (the last role word of the sentence before the window: none in it)
            if last_role >= first.start - 60 and may_match(text, _ROLE_WORDS, max(0, first.start - 60),
                                                           first.start):
                b = _ROLE_BEFORE.search(text[max(0, first.start - 60):first.start])
            if b:
                role = ROLE_WORDS.get(b.group(1).lower(), "active")
        if role is None:
            # a role word right after an inner member ("X anode and Y cathode")
            for i in group:
                m = _ROLE_AFTER.match(text, mentions[i].end) if last_role >= mentions[i].end else None
                if m:
                    out[i] = ROLE_WORDS.get(m.group(1).lower(), "active")
            continue
        for i in group:
            out.setdefault(i, role)
    return out


def sentence_roles(text: str, sm: SentenceMentions) -> dict[int, str]:
    """``stated_roles`` of a sentence, memoised on its SentenceMentions (the paper
    context votes on every sentence's roles and the candidates need them again).
    Callers must not mutate the returned dict."""
    cached = sm.__dict__.get("_kb_roles")
    if cached is not None and cached[0] == text:
        return cached[1]
    out = stated_roles(text, sm.materials, _sentence_groups(text, sm))
    sm.__dict__["_kb_roles"] = (text, out)
    return out


def _is_phase_like(name: str, key: str, paper_phases: set[str], main_key: str | None,
                   electrodes: frozenset[str] | set[str] = frozenset()) -> bool:
    """A name the paper elsewhere reports as a reaction phase, not as an electrode.

    In a paper about one main material every phase it names is a phase of that
    material; in a review the same formula (Sn, FeS2) can be both an electrode and
    the phase a reaction reforms, so there only ion-bearing phases (Na3Sb, NaxP)
    are ruled out.
    """
    parts = [p for p in re.split(r"[/@]", name) if p]
    if any(material_key(p) in paper_phases for p in parts[1:]) and "@" not in name:
        return True
    if key not in paper_phases or key == main_key:
        return False
    if key in electrodes and not _WORKING_ION_IN.search(name):
        return False  # the paper calls it an anode/cathode: an electrode that also forms as a phase
    if main_key:
        return True
    if not _WORKING_ION_IN.search(name):
        return False
    # a sodiated transition-metal compound is a phase unless the paper calls it an electrode
    return not _TRANSITION_METAL.search(name) or key not in electrodes


@lru_cache(maxsize=65536)
def is_sodiated_state(name: str) -> bool:
    """NaxP, Li1-xSn: a variable-stoichiometry state of the working ion in a p-block host.

    Such a formula names a state reached during cycling, not an electrode; layered
    oxides written NaxMO2 keep their transition metal and stay materials.
    """
    return bool(_VARIABLE_ION.search(name)) and not _TRANSITION_METAL.search(name)


# Side products named as forming on a surface or in an interphase ("K2O, KF and carbonates
# form on the surface", "LiF and Li2CO3 are the main SEI components"): the passivation
# layer's constituents (phases of role sei), not materials of study.
_SURFACE_PREDICATE = re.compile(
    r"(?:,?\s+(?:and|or)\s+(?:[\w-]+\s+){1,3}?)?"  # "K2O, KF and carbonates form ..."
    r",?\s*(?:(?:are|were|is|was|being|mainly|mostly|gradually|then|also|subsequently|preferentially|"
    r"readily|found|detected|identified|observed|present|located|formed|deposited|incorporated)\s+){0,3}"
    r"(?:(?:form|forms|formed|deposit|deposits|deposited|precipitate|precipitates|precipitated|"
    r"accumulate|accumulates|accumulated|grow|grows|grew|appear|appears|appeared|detected|found|"
    r"identified|observed)\s+(?:\w+\s+){0,2}?(?:on|at|over|along|onto)\s+(?:the\s+)?(?:[\w/-]+\s+){0,3}?"
    r"(?:surfaces?|interfaces?)"
    r"|(?:in|within|of|into)\s+(?:the\s+)?(?:SEI|interphase|passivation\s+(?:layers?|films?))"
    r"|(?:the\s+)?(?:\w+\s+)?(?:SEI|interphase|passivation)\s+(?:components?|products?|species|"
    r"constituents?))\b", re.I)
# a list item: a formula as written (checked with is_formula)
_ITEM = r"(?<![\w-])[A-Z][A-Za-z0-9]*"
_FORMULA_TOKEN = re.compile(_ITEM)
# "the surface is mainly composed of A and B", "the surface was covered with A": what a
# surface layer is made of, the list after it
_SURFACE_HOLDS = re.compile(
    r"\b(?:surfaces?|interfaces?|surface\s+(?:layers?|films?)|passivation\s+(?:layers?|films?))\s+"
    r"(?:(?:is|are|was|were|being|became|becomes|mainly|mostly|predominantly|largely|primarily|"
    r"gradually|then)\s+){0,3}"
    r"(?:covered|coated|passivated|composed|comprised|made\s+up|consist(?:s|ed|ing)?|dominated|"
    r"rich|enriched)\s+(?:with|by|of|in)\s+(?:the\s+)?", re.I)
_HELD_LIST = re.compile(rf"{_ITEM}(?:\s*(?:,\s*(?:and\s+)?|and\s+|or\s+)\s*{_ITEM})*")
# an interphase's mark: a fluoride or carbonate among the products, or an interphase word
_SEI_MARK = re.compile(r"F(?![a-z])|CO3|carbonates?|fluorides?|\bSEI\b|interphase|passivation", re.I)
_ALKALI_COMPOUND = re.compile(r"(?:Li|Na|K)(?![a-z])")


def surface_products(text: str, sm: SentenceMentions) -> tuple[tuple[int, int, str], ...]:
    """(start, end, formula) of the alkali compounds a sentence names as forming the
    passivation layer (see ``_SURFACE_PREDICATE``); () for any other sentence.

    The predicate scan is slow: it runs only when a material or phase the sentence names
    is an alkali compound and an interphase word is there. Memoised on the SentenceMentions
    (the candidates and the assembly both ask).
    """
    cached = sm.__dict__.get("_kb_surface")
    if cached is not None and cached[0] == text:
        return cached[1]
    out = ()
    # (both patterns hold one of these pieces, as written in running text)
    if ("urface" in text or "nterface" in text or "SEI" in text or "nterphase" in text
            or "assivation" in text) and (any(_alkali_compound(m.name) for m in sm.materials)
                                          or any(_alkali_compound(p.phase) for p in sm.phases)):
        out = _surface_products(text)
    sm.__dict__["_kb_surface"] = (text, out)
    return out


@lru_cache(maxsize=4096)
def _alkali_compound(name: str) -> bool:
    """A compound of Li, Na or K (not the bare metal); asked per mention name."""
    return _ALKALI_COMPOUND.search(name) is not None and not _element_only(name)


@lru_cache(maxsize=64)
def _surface_products(text: str) -> tuple[tuple[int, int, str], ...]:
    out = []
    # the list from each alkali compound on, then the predicate right after it (a predicate
    # scan over the whole sentence tries its optional words at every position: slow)
    done = -1
    for tok in _FORMULA_TOKEN.finditer(text):
        if tok.start() < done or not _alkali_compound(tok.group()) or not is_formula(tok.group()):
            continue
        lst = _HELD_LIST.match(text, tok.start())
        done = lst.end()
        pred = _SURFACE_PREDICATE.match(text, lst.end())
        if pred is None or pred.end() == lst.end():
            continue
        items = [(t.start(), t.end(), t.group()) for t in _FORMULA_TOKEN.finditer(text, lst.start(), lst.end())
                 if _alkali_compound(t.group()) and is_formula(t.group())]
        if _SEI_MARK.search(text[lst.start():pred.end()]):
            out.extend(items)
    for held in _SURFACE_HOLDS.finditer(text):
        lst = _HELD_LIST.match(text, held.end())
        if lst is None:
            continue
        items = [(t.start(), t.end(), t.group()) for t in _FORMULA_TOKEN.finditer(text, lst.start(), lst.end())
                 if is_formula(t.group()) and _alkali_compound(t.group())]
        if items and _SEI_MARK.search(text[held.start():lst.end()]):
            out.extend(x for x in items if x not in out)
    return tuple(sorted(out))


def sentence_candidates(text: str, sm: SentenceMentions) -> list[tuple[MaterialMention, str, str | None]]:
    """(mention, key, stated role) passing every rule that needs only the sentence.

    Memoised on the SentenceMentions object: the paper context and the assembly
    both ask for every sentence's candidates.
    """
    cached = sm.__dict__.get("_kb_candidates")
    if cached is not None:
        return cached
    out: list[tuple[MaterialMention, str, str | None]] = []
    sm.__dict__["_kb_candidates"] = out
    if not sm.materials or (may_match(text, _SYNTHESIS_WORDS) and _SYNTHESIS.search(text)):
        return out
    roles = sentence_roles(text, sm)
    sentence_phases = {material_key(p.phase) for p in sm.phases}
    has_formula = any(m.formula for m in sm.materials)
    constituents = set()
    # a match lies inside the 40 characters searched before a group, so inside the
    # sentence: without one of its words in the sentence no group is a constituent list
    for group in _sentence_groups(text, sm) if may_match(text, _CONSTITUENT_WORDS) else ():
        elements = [i for i in group if _element_only(sm.materials[i].name)]
        if not elements:
            continue
        first = sm.materials[group[0]]
        # a match lies inside the 40 characters searched: skip when none of its words is there
        if may_match(text, _CONSTITUENT_WORDS, max(0, first.start - 40), first.start) \
                and _CONSTITUENT_BEFORE.search(text, max(0, first.start - 40), first.start):
            constituents.update(elements)
    # likewise a counter-electrode phrase after a mention lies inside the sentence
    counter_words = may_match(text, _COUNTER_WORDS)
    carbon_additive = None  # _CARBON_ADDITIVE found in the sentence: asked once
    surface = surface_products(text, sm)
    negated = may_match(text, ("no ",))  # a "not found" list starts with "no"
    for i, m in enumerate(sm.materials):
        if i in constituents:
            continue
        if surface and any(a <= m.start < b for a, b, _ in surface):
            continue  # a passivation-layer product (kb.facts.assemble makes it a phase of role sei)
        if is_non_material(m):
            continue
        if sm.phases and overlaps(m, sm.phases):
            continue
        key = material_key(m.name)
        if key in sentence_phases and i not in roles and i > 0:
            continue  # named again as the phase this sentence says forms (not its subject)
        if _element_only(m.name):
            if _CORE_LEVEL_AFTER.match(text, m.end):
                continue  # "Bi 4f", "Sb 3d5/2": a spectral line, not a material
            if _ATOMS_AFTER.match(text, m.end):
                continue  # "Sn atoms are sandwiched between S layers": a constituent of a structure
            symbol = m.name.rstrip("0123456789")
            if symbol != m.name:
                continue  # "Na1" (a site), "P2" (a stacking): a label, not a material
            electrode = _METAL_ELECTRODE.match(text[m.end:]) is not None \
                and not _HALF_CELL.match(text, m.end)
            if symbol in WORKING_METALS and not electrode:
                continue
            if symbol in WORKING_METALS and _PARTNER_BEFORE.search(text, max(0, m.start - 30), m.start):
                continue  # "stable against the Li metal": what the studied material meets
            # a bare symbol ("S", "O") is mostly a constituent; the element written out as a
            # word ("sulfur", "selenium") was read as a material only outside such contexts
            written_out = len(m.text) > 2 and m.text.isalpha()
            if symbol not in ALLOYING_ELEMENTS and symbol not in WORKING_METALS and not electrode \
                    and i not in roles and not written_out:
                continue
        if i not in roles and is_sodiated_state(m.name):
            continue
        parts = m.name.split("/")
        if len(parts) > 1 and all(_element_only(p) for p in parts) and "C" not in parts:
            continue  # "Fe/Mn", "Se/S": a ratio or a redox couple, not a composite
        if m.formula is None and _COMPONENT_AFTER.match(text, m.end):
            continue
        if _NOT_SUBJECT_AFTER.match(text, m.end):
            continue  # a reference, a modifier or an additive of another material
        if m.name in _carbons() and has_formula:
            if carbon_additive is None:
                carbon_additive = may_match(text, _CARBON_ADDITIVE_WORDS) \
                    and _CARBON_ADDITIVE.search(text) is not None
            if carbon_additive:
                continue  # "graphene ... to improve the conductivity of the WSe2 electrode": a host
        if negated and not_found(text, m):
            continue
        if counter_words and may_match(text, _COUNTER_WORDS, m.end, m.end + 60) \
                and _COUNTER.search(text, m.end, m.end + 60):
            continue
        out.append((m, key, roles.get(i)))
    if len(out) > 1 and may_match(text, _CONTRAST_WORDS):
        # "instead of X", "unlike X", "higher than X": the reference the sentence's own
        # material is set against, when the sentence names one
        own = [c for c in out if not _CONTRAST_BEFORE.search(text, max(0, c[0].start - 30), c[0].start)]
        if own and len(own) < len(out):
            out[:] = own
    return out


def candidate_mentions(text: str, sm: SentenceMentions, paper_phases: set[str],
                       main_key: str | None, electrodes: frozenset[str] | set[str] = frozenset()
                       ) -> list[tuple[MaterialMention, str | None]]:
    """Mentions that may be the sentence's subject, with the role the sentence states.

    ``electrodes``: material keys the paper calls an anode/cathode/electrolyte somewhere.
    """
    cands = sentence_candidates(text, sm)
    keep = [role is not None or not _is_phase_like(m.name, key, paper_phases, main_key, electrodes)
            for m, key, role in cands]
    if not all(keep) and any(keep) and len(cands) > 1:
        # "alloying (Si, Sn)", "Si, Sn and Sb anodes": an element listed among materials of
        # study is one too, though the paper names it elsewhere as a phase (Sn of SnO2)
        index = {id(m): i for i, m in enumerate(sm.materials)}
        at = {index.get(id(m)): k for k, (m, _, _) in enumerate(cands)}
        for group in _sentence_groups(text, sm):
            ks = [at[i] for i in group if i in at]
            if len(ks) > 1 and any(keep[k] for k in ks) and main_key not in {cands[k][1] for k in ks}:
                for k in ks:  # only a bare element: a compound beside the main material
                    # ("LiFePO4 and FePO4") or a state of the working ion (Na2O) stays a phase
                    keep[k] = keep[k] or _element_only(cands[k][0].name) \
                        and not _WORKING_ION_IN.fullmatch(cands[k][0].name)
    return [(m, role) for (m, key, role), ok in zip(cands, keep) if ok]


def is_yardstick(text: str, m: MaterialMention) -> bool:
    """The material is named as what the sentence compares against.

    A reference compound named in passing this way is not a material of the paper
    (FACTS.md), so the caller does not make it the sentence's subject, even when it
    is the only material named; a compared sample the paper studies stays one.
    """
    return may_match(text[max(0, m.start - 80):m.start], _YARDSTICK_WORDS) \
        and _YARDSTICK_BEFORE.search(text, max(0, m.start - 80), m.start) is not None


def carbon_structure(text: str, m: MaterialMention) -> bool:
    """"expanded graphene layers": a named carbon used for the structural units of another.

    The caller decides whether the paper treats that carbon as a material of its own.
    """
    return m.name in _carbons() and _STRUCTURE_AFTER.match(text, m.end) is not None
