"""Sentence mentions -> facts: which material, which ion, which role.

A fact's material is what the sentence is about: a material it names; else, when
it points back ("this anode", "their", "respectively"), the materials of the
previous sentence of the same block; else the paper's main material; in a paper
without one (a review) the last materials of the block. Values listed with
"respectively" go to the listed materials in order. Confidence records how the
material was found.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from kb.facts.context import Block, PaperContext, cell_compound
from kb.facts import generic_phases
from kb.facts.subjects import (Subject, may_match, candidate_mentions, carbon_structure, is_yardstick,
                               surface_products)
from kb.nlp.chem_bridge import is_formula, material_key
from kb.nlp.mentions import MaterialMention, Mention, PhaseMention, SentenceMentions
from kb.nlp.pipeline import AnalyzedSentence
from schemas.fact import Evidence, Fact, FactType

# How many sentences without a material a review's block subject carries over.
# (a sentence with no material and no pointing-back word inherits nothing: measured,
# carrying without one cost more precision than it gained)
CONF = {"mention": 0.9, "carried": 0.6, "main": 0.5}
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)
# Words that point back to the subject of the previous sentence: pronouns and
# demonstratives, unless they point at methods ("the two methods", "these tests").
# Not pointers: "both" of "both A and B", a count in a compound adjective ("the two-phase
# reaction"), "those" standing for a noun of the same sentence ("higher than those in Y"), a
# demonstrative on methods, problems or equipment.
_POINTS_BACK = re.compile(
    r"\b(?:their|its|they)\b|\b(?:these|those|both|each|the\s+(?:two|three|four)|all\s+(?:two|three|four))"
    r"\b(?![-‐])(?!\s+(?:[\w-]+\s+)?(?:methods?|techniques?|approaches|tests?|measurements?|experiments?|"
    r"calculations?|studies|works?|reports?|groups?|authors?|cases?|issues|problems|challenges|"
    r"limitations|questions|holders)\b)", re.I)
# every _POINTS_BACK match contains one of these (a cheap pre-check before the regex)
_POINTS_BACK_WORDS = ("their", "its", "they", "these", "those", "both", "each", "two", "three", "four")
_CORRELATIVE_BOTH = re.compile(r"\s+(?:[\w/-]+\s+){1,2}?and\b", re.I)
_THOSE_OF = re.compile(r"\s+(?:in|of|for|with|at|on|from|that|which|obtained|reported|used)\b", re.I)
# A demonstrative, "both", "each" or a count on a material noun ("these electrodes", "both
# films", "the three materials") names the materials it points back to: it reaches back over
# the whole paragraph. Pronouns and "the electrode" only reach the sentences just before.
_STRONG_POINTER = re.compile(
    r"\b(?:this|these|those|such|both|each|the\s+(?:two|three|four)|all\s+(?:two|three|four))\s+"
    r"(?:[\w/-]+\s+)?(?:anodes?|cathodes?|electrodes?|materials?|compounds?|samples?|composites?|"
    r"nanorods?|nanowires?|nanosheets?|nanotubes?|nanoparticles?|nanocrystals?|films?|hybrids?|"
    r"heterostructures?|architectures?|hosts?)\b", re.I)
_THIS_SUCH = ("this", "such")  # the strong pointers' words that are not in _POINTS_BACK_WORDS
_STRONG_WORDS = ("this", "these", "those", "such", "both", "each", "two", "three", "four")
# How many sentences back a pronoun or a weak pointer reaches (1: the sentence before).
WEAK_REACH = 2
# A statement about a class of materials or a general truth: without a strong pointer it is
# not about the materials named before it ("various electrode materials", "alloying-type
# elements", "conversion type electrodes", "generally", "it is well known").
_GENERIC = re.compile(
    r"\b(?:various|different|many|most|several|other|all|same)\s+(?:[\w/-]+\s+){0,3}?"
    r"(?:materials|electrodes|anodes|cathodes|compounds)\b"
    r"|\b(?:intercalation|insertion|conversion|alloy(?:ing)?)(?:(?:[\s/-]+|\s+and\s+)"
    r"(?:intercalation|insertion|conversion|alloy(?:ing)?))*[\s-]+(?:(?:type|based)\s+)?"
    r"(?:electrode\s+|anode\s+)?(?:materials|electrodes|anodes|cathodes|compounds|elements|hosts)\b"
    r"|\b(?:generally|in\s+general|typically|it\s+is\s+(?:well\s+)?known|are\s+known\s+to)\b", re.I)
# every _GENERIC match contains one of these
_GENERIC_WORDS = ("materials", "electrodes", "anodes", "cathodes", "compounds", "elements", "hosts",
                  "general", "typically", "known")
_BATTERY = re.compile(r"\b(?:anodes?|cathodes?|electrodes?|electrolytes?|batter(?:y|ies)|"
                      r"[SLPN]IBs?|sodiat\w*|lithiat\w*|potassiat\w*|capacit\w*|cycl\w*|"
                      r"intercalat\w*|alloy\w*|conversion|in\s+situ|operando|charg\w*|"
                      r"discharg\w*|storage|half[\s-]cells?|full[\s-]cells?)\b"
                      r"|\bsimilar\s+(?:phenomena|results|behaviou?rs?|observations|features|trends?)\b"
                      r"|\b(?:stud(?:y|ied|ies)|investigat\w*|reported|explored|examined|probed|"
                      r"revealed|demonstrated)\b",
                      re.I)
EXTRACTOR = "kb.facts.rules"
# _BATTERY's "SIB"/"LIB" branch has no gate word ("ib" is in most sentences): it is
# searched on its own, the other branches behind their words (an alternation matches
# somewhere exactly when one of its branches does).
_BATTERY_IB = re.compile(r"\b(?:[SLPN]IBs?)\b", re.I)
_BATTERY_WORDS = ("ode", "electrolyte", "batter", "sodiat", "lithiat", "potassiat", "capacit", "cycl",
                  "intercalat", "alloy", "conversion", "situ", "operando", "charg", "storage", "cell",
                  "similar", "stud", "investigat", "reported", "explored", "examined", "probed",
                  "revealed", "demonstrated")


def _about_batteries(text: str) -> bool:
    """``_BATTERY.search(text)`` as a bool, the slow case-insensitive scan only behind its words."""
    return _BATTERY_IB.search(text) is not None \
        or (may_match(text, _BATTERY_WORDS) and _BATTERY.search(text) is not None)


_SIMILAR = re.compile(r"\bsimilar\s+(?:phenomena|results|behaviou?rs?|observations|features|trends?)\b"
                      r"|\bthe\s+same\s+(?:phenomen(?:on|a)|behaviou?r|trend)\b", re.I)
# "alloying elements such as A, B and C": the mechanism word classifies the examples
# that follow, not a material named earlier in the sentence.
_CLASS_OF_EXAMPLES = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:such\s+as|like|including|e\.g\.,?)\s", re.I)
# A battery chemistry -> its metal: that metal (a Na anode in a Na cell) plates and strips; the
# ion intercalates into, converts or alloys with the other material of the sentence.
_ION_METAL = {ion: material_key(ion.split("-")[0]) for ion in
              ("Li", "Na", "K", "Mg", "Ca", "Zn", "Al", "Li-S", "Li-O2", "Na-O2", "K-O2")}
_OWN_ION = re.compile(r"(Li|Na|K)(?![a-z])")
# An introduction speaks about the field; only sentences about the authors' own
# work there are about the paper's main material.
_INTRO = re.compile(r"\bintroduction\b|^background$", re.I)
_OWN_WORK = re.compile(r"\b(?:we|our|herein|here|this\s+(?:work|study|paper))\b", re.I)
# Statements about the field or the literature, not about the paper's own material:
# without a material of their own they say nothing about the main material.
_BACKGROUND = re.compile(
    r"\b(?:previous|prior|earlier)\s+(?:studies|works?|reports?|research)\b|\bet\s+al\b"
    r"|\b(?:has|have)\s+(?:been\s+)?(?:predicted|reported|proposed|suggested|shown|demonstrated)\b"
    r"|\b(?:is|are)\s+(?:often|usually|commonly|generally|typically|widely)\b"
    r"|\b(?:generally|typically|in\s+general|it\s+is\s+(?:well\s+)?known)\b"
    r"|\bare\s+known\s+to\b|\bwill\s+(?:\w+\s+){0,3}?undergo\b", re.I)
# every _BACKGROUND match but "et al" contains one of these
_BACKGROUND_WORDS = ("previous", "prior", "earlier", "predicted", "reported", "proposed", "suggested",
                     "shown", "demonstrated", "often", "usually", "commonly", "general", "typically",
                     "widely", "known", "undergo")
_ET_AL = re.compile(r"\bet\s+al\b", re.I)


def _background(text: str) -> bool:
    """``_BACKGROUND.search(text)`` as a bool: "et al" alone, the rest behind its words."""
    return _ET_AL.search(text) is not None \
        or (may_match(text, _BACKGROUND_WORDS) and _BACKGROUND.search(text) is not None)


# An unreal conditional states what would happen, not what was seen: "If both steps were
# reversible, X would store ...", "Were the reaction reversible, ...", "Had X been smaller, it
# would ...", "X would be expected to ...", "X would have formed". A real condition ("If the
# cut-off is raised, the capacity fades") has no modal in its main clause and stays a report.
_UNREAL = re.compile(
    r"\b(?:if|unless|supposing)\b[^;]{0,160}?\b(?:would|might)\b"
    r"|\bif\b[^,;]{0,120}?\b(?:were|had)\b[^;]{0,160}?\bcould\b"
    r"|\b(?:would|might)\s+(?:\w+\s+){0,4}?if\b"
    r"|(?:^|[,;:]\s*)(?:were|should)\s+(?:the|this|these|that|it|all|both|each|[A-Z][\w-]*)\b"
    r"[^;]{0,160}?\b(?:would|could|might)\b"
    r"|(?:^|[,;:]\s*)had\s+(?:[\w-]+\s+){1,4}?(?:been|\w+ed)\b[^;]{0,160}?\b(?:would|could|might)\b"
    r"|\b(?:would|could|might)\s+(?:be\s+expected\s+to|have\s+(?:been|\w+(?:ed|en|wn)))\b"
    r"|\b(?:without|in\s+the\s+absence\s+of|otherwise)\b[^;]{0,160}?\b(?:would|might)\b", re.I)
# A counterfactual among them (a past subjunctive or pluperfect condition, an inversion,
# "would have", "would be expected to", "without/otherwise ... would") supposes the reaction
# itself: its mechanisms and phases are not asserted either. "If Sn is fully sodiated, the
# capacity would be ..." only computes a value: its reaction is real chemistry.
_COUNTERFACTUAL = re.compile(
    r"\bif\b[^,;]{0,120}?\b(?:were|had)\b"
    r"|(?:^|[,;:]\s*)(?:were|should)\s+(?:the|this|these|that|it|all|both|each|[A-Z][\w-]*)\b"
    r"|(?:^|[,;:]\s*)had\s+(?:[\w-]+\s+){1,4}?(?:been|\w+ed)\b"
    r"|\b(?:would|could|might)\s+(?:be\s+expected\s+to|have\s+(?:been|\w+(?:ed|en|wn)))\b"
    r"|\b(?:without|in\s+the\s+absence\s+of|otherwise)\b", re.I)
# Where one statement of a sentence ends and another begins: a conditional holds in its own part.
_STATEMENT_BREAK = re.compile(r";|,\s+(?:but|while|although|however)\b|\bwhereas\b", re.I)


def unreal_parts(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, counterfactual) of the sentence's statements that are unreal conditionals."""
    if "would" not in text and "could" not in text and "might" not in text:
        return []  # every _UNREAL match has a modal; a capitalised one opens a question
    out = []
    start = 0
    for brk in [*_STATEMENT_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        part = text[start:end]
        if _UNREAL.search(part):
            out.append((start, end, _COUNTERFACTUAL.search(part) is not None))
        start = brk.end() if brk else end
    return out


def _inside(parts: list[tuple[int, int, bool]], pos: int, counterfactual: bool = False) -> bool:
    """``pos`` is in one of the unreal ``parts`` (a counterfactual one if asked)."""
    return any(a <= pos < b and (cf or not counterfactual) for a, b, cf in parts)


@dataclass
class _State:
    """What the previous sentences of the block were about."""

    last: list[Subject]
    ion: str | None
    age: int = 0  # sentences since ``last`` was named explicitly
    phenomena: tuple = ()  # value-less phenomena of the previous sentence


# An ion named only to say where another material is used ("graphite, the anode of
# lithium-ion batteries, ...", "used in primary lithium cells") is not the sentence's chemistry.
_USED_ELSEWHERE = re.compile(r"(?:\b(?:anodes?|cathodes?|electrodes?|materials?|electrolytes?)\s+"
                             r"(?:of|in|for)|\bused\s+in|\bemployed\s+in|\bapplied\s+in)\s+"
                             r"(?:the\s+|today's\s+|current\s+|commercial\s+|primary\s+|conventional\s+)*$",
                             re.I)


# A chemistry named as what the sentence sets its own apart from ("unlike its lithiation,
# the sodiation ...", "instead of Li+"): not the sentence's ion when it names another one.
_ION_CONTRAST_CUE = re.compile(r"\b(?:unlike|in\s+contrast\s+(?:to|with)|contrary\s+to|"
                               r"rather\s+than|instead\s+of|different\s+from)\b", re.I)
# A chemistry the sentence measures its own against ("faster than Li ions", "compared with
# LIBs"): not the ion of the sentence's values and phases, but what is compared (a
# mechanism) holds for it too.
_ION_YARDSTICK_CUE = re.compile(r"\b(?:compared\s+(?:with|to)|than)\b", re.I)


def _after_cue(text: str, cue: re.Pattern, pos: int) -> bool:
    """A ``cue`` ends at most 60 characters before ``pos`` with no comma or semicolon between
    (its phrase holds ``pos``). The last cue of the window decides: an earlier one is farther."""
    last = None
    for last in cue.finditer(text, max(0, pos - 80), pos):
        pass
    if last is None or pos - last.end() > 60:
        return False
    between = text[last.end():pos]
    return "," not in between and ";" not in between
_ION_CONTRAST_WORDS = ("unlike", "contra", "compared", "than", "instead", "different")


def _stated_ion_spots(text: str, sm: SentenceMentions, ctx: PaperContext) -> tuple[list, list]:
    """The ion mentions the sentence is about, in order, without those naming another
    chemistry's use: (those a fact of the sentence takes its ion from, those its mechanisms
    hold for). Contrasted chemistries are left out of both, yardstick ones of the first,
    when the sentence names another chemistry."""
    if not sm.ions:
        return sm.ions, sm.ions
    out = [i for i in sm.ions
           if i.ion == ctx.ion or not _USED_ELSEWHERE.search(text, max(0, i.start - 50), i.start)]
    if len({i.ion for i in out}) < 2 or not may_match(text, _ION_CONTRAST_WORDS):
        return out, out
    mech = [i for i in out
            if not _after_cue(text, _ION_CONTRAST_CUE, i.start)] or out
    own = [i for i in mech
           if not _after_cue(text, _ION_YARDSTICK_CUE, i.start)] or mech
    return own, mech


def _ion_statements(text: str, spots: list) -> list[tuple[int, int, list[str]]] | None:
    """(start, end, distinct ions named in it) for each statement of the sentence; None
    unless each statement naming an ion names one only (a statement naming two compares
    the chemistries throughout, and a word the ion recognizer missed, "both Li and Na
    ions", must not split them)."""
    out = []
    start = 0
    for brk in [*_STATEMENT_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        own = list(dict.fromkeys(i.ion for i in spots if start <= i.start < end))
        if len(own) > 1:
            return None
        out.append((start, end, own))
        start = brk.end() if brk else end
    return out


def cell_ion(ion: str | None, ctx: PaperContext) -> str | None:
    """The paper's cell chemistry for its own metal: "sodium" in a Na-O2 paper is Na-O2.

    FACTS.md records the battery chemistry (Li-S, Na-O2) as the ion; a sentence naming only
    the metal of that chemistry is about the paper's cell. Another metal (a Li-O2 comparison
    in a Na-O2 paper) keeps its own.
    """
    paper = ctx.ion
    if ion is None or paper is None or ion == paper or "-" in ion or "-" not in paper:
        return ion
    return paper if paper.split("-", 1)[0] == ion else ion


# an ion mention naming the ion battery ("lithium-ion", "Na-ion", "LIBs", "SIBs")
_ION_CELL = re.compile(r"[-‐–\s]ion\b|IBs?\b", re.I)


def _sentence_ion(ions: list[str], state: _State, ctx: PaperContext) -> str | None:
    if ions:
        distinct = list(dict.fromkeys(ions))
        if ctx.ion in distinct and len(distinct) > 1:
            return ctx.ion
        return distinct[0]
    # a sentence naming no ion is about the paper's chemistry, not the one a background
    # sentence before it mentioned ("used in primary lithium cells")
    return ctx.ion or state.ion


def _is_constituent(name: str, ctx: PaperContext) -> bool:
    """A bare element of the paper's main material (Bi of BixSb1−x, Sn of SnO2)."""
    return bool(_BARE_ELEMENT.fullmatch(name)) and name != ctx.main_name \
        and name in _KEY_ELEMENT.findall(ctx.main_name or ctx.main_key or "")


_LABEL = re.compile(r"\s*\(\s*([^()\s]+)\s*\)")


def _labelled_next(text: str, m, sm: SentenceMentions) -> bool:
    """The mention is defined by the label in brackets right after it ("X (G-X)")."""
    lab = _LABEL.match(text, m.end)
    if not lab or lab.group(1) == m.text or not lab.group(1).endswith(m.text):
        return False
    return any(o.start == lab.start(1) for o in sm.materials)


@lru_cache(maxsize=256)
def _main_elements(key: str, name: str) -> frozenset[str]:
    """Elements of the main material's formula parts ("G-Bi0.33Sb0.67" -> Bi, Sb; "WSSe@CPCs"
    -> W, S, Se: an abbreviation after "@" is not a formula)."""
    parts = [p for p in re.split(r"[@/]", key) if p and p[0].isupper()]
    if not parts:
        bare = re.sub(r"^[A-Za-z]{1,4}[-‐‑]", "", name)
        parts = [bare] if is_formula(bare) else []
    return frozenset(e for p in parts for e in _KEY_ELEMENT.findall(p))


def _ion_form_of_main(name: str, ctx: PaperContext) -> bool:
    """The working ion plus the main material's own elements: a state the main material reaches.

    Only when the main material itself holds no working ion (a NaxCoO2 cathode paper
    names its own sodium compounds).
    """
    if not ctx.main_key or not is_formula(name):
        return False
    main = _main_elements(ctx.main_key, ctx.main_name or "")
    if ctx.core_key:  # a composite's active compound (SnS2 of SnS2-rGO)
        main = main | _main_elements(ctx.core_key, "")
    own = set(_KEY_ELEMENT.findall(name))
    ions = own & _ION_ELEMENTS & {"Li", "Na", "K"}
    if not main or not ions or main & _ION_ELEMENTS & {"Li", "Na", "K"}:
        return False
    return own - ions <= main and bool(own - ions)


def _electrodes(ctx: PaperContext) -> frozenset[str]:
    """Keys the paper calls an anode/cathode; computed once per context, not per sentence
    (rebuilt if the roles change)."""
    cached = ctx.__dict__.get("_kb_electrodes")
    snapshot = tuple(ctx.roles.items())
    if cached is not None and cached[0] == snapshot:
        return cached[1]
    out = frozenset(k for k, r in ctx.roles.items() if r in ("anode", "cathode"))
    if ctx.core_key:
        out |= {ctx.core_key}  # the main composite's active compound (SnS2 of SnS2-rGO)
    ctx.__dict__["_kb_electrodes"] = (snapshot, out)
    return out


def _explicit_subjects(s: AnalyzedSentence, ctx: PaperContext,
                       electrodes: frozenset[str] | None = None,
                       reacted_out: list | None = None) -> list[Subject]:
    """The materials the sentence names that can be its subject (none without a material).

    ``electrodes``: ``_electrodes(ctx)`` when the caller has it (block_facts asks once per block).
    ``reacted_out``: receives the mentions left out as states another material reaches.
    """
    sm = s.mentions
    explicit: list[Subject] = []
    if not sm.materials:
        return explicit
    if electrodes is None:
        electrodes = _electrodes(ctx)
    several = None
    candidates = candidate_mentions(s.text, sm, ctx.phase_keys, ctx.main_key, electrodes)
    reacted = _reacted_states(candidates, sm, ctx) if len(candidates) > 1 else ()
    for m, role in candidates:
        if reacted and id(m) in reacted:
            if reacted_out is not None:
                reacted_out.append(m)
            continue  # "the sodiation of Sb passes through NaSb": a state Sb reaches
        name = ctx.aliases.get(m.name.lower(), m.name) if m.formula is None else m.name
        name = ctx.states.get(name, name)
        key = material_key(name)
        if any(x.key == key for x in explicit):
            continue
        if key in ctx.support_keys and role is None:
            continue  # "the D band of rGO" in a SnS2–rGO paper: the composite's support
        if carbon_structure(s.text, m) and ctx.main_key not in (None, key) and key not in ctx.roles:
            continue  # "graphene layers" of the paper's hard carbon
        if _labelled_next(s.text, m, sm):
            continue  # "Bi0.33Sb0.67 (S-Bi0.33Sb0.67)": the labelled sample is the subject
        if key != ctx.main_key and ctx.mentions.get(key, 0) <= _IN_PASSING and is_yardstick(s.text, m):
            continue  # "ten times the capacity of graphite": a reference named in passing
        if role is None and key not in ctx.roles and _ion_form_of_main(m.name, ctx):
            continue  # "Na3BixSb1−x" in a BixSb1−x paper: a sodiated state, not a material
        if several is None:  # asked once per sentence: a window holds a word only if the sentence does
            several = may_match(s.text, _SEVERAL_WORDS)
        if several and may_match(s.text, _SEVERAL_WORDS, max(0, m.start - 16), m.start) \
                and _SEVERAL_BEFORE.search(s.text, max(0, m.start - 16), m.start):
            variants = _labelled_variants(name, ctx)
            if len(variants) > 1:
                # "both Bi0.33Sb0.67 films" in a paper with G- and S-Bi0.33Sb0.67: the samples
                explicit.extend(Subject(v, material_key(v), "mention", m, role) for v in variants
                                if all(x.key != material_key(v) for x in explicit))
                continue
        explicit.append(Subject(name, key, "mention", m, role))
    return explicit


@lru_cache(maxsize=4096)
def _binary_ion_compound(name: str) -> tuple[str, str] | None:
    """(working ion, other element) of a binary compound of Li, Na or K (Na3Sb, Li2S, NaSb)."""
    if not is_formula(name):
        return None
    elements = set(_KEY_ELEMENT.findall(name))
    ions = elements & {"Li", "Na", "K"}
    if len(elements) != 2 or len(ions) != 1:
        return None
    return next(iter(ions)), next(iter(elements - ions))


def _reacted_states(candidates: list, sm: SentenceMentions, ctx: PaperContext) -> set[int]:
    """ids of the candidates that are a working ion's binary compound of another material
    the sentence names (Na3Sb beside Sb, Li2S beside FeS2, Na2O beside SnO2): the states
    that material reaches, not materials of study, unless the sentence or the paper gives
    them an electrode role."""
    out = set()
    ions = None
    for m, role in candidates:
        pair = _binary_ion_compound(m.name) if role is None else None
        if pair is None:
            continue
        if ions is None:
            ions = {i.ion for i in sm.ions} | {ctx.ion}
        if pair[0] not in ions or material_key(m.name) in ctx.roles:
            continue
        for h, _ in candidates:
            if h is not m and is_formula(h.name) and _binary_ion_compound(h.name) is None:
                host = set(_KEY_ELEMENT.findall(h.name))
                if pair[1] in host and pair[0] not in host:
                    out.add(id(m))
                    break
    return out


# a material the body names in at most this many sentences is named in passing
_IN_PASSING = 3
# "both X films", "the two X samples": the material names several samples of the paper
_SEVERAL_BEFORE = re.compile(r"\b(?:both|(?:the|these|those|all)\s+(?:two|three|four))\s+(?:the\s+)?$", re.I)
_SEVERAL_WORDS = ("both", "two", "three", "four")


def _labelled_variants(name: str, ctx: PaperContext) -> list[str]:
    """The paper's samples that label the material with a prefix ("G-X", "S-X" for X)."""
    suffix = "-" + name
    return sorted(v for v in ctx.names.values() if v.endswith(suffix) and v[:-len(suffix)].isalnum())


@lru_cache(maxsize=256)
def _is_intro(section: str) -> bool:
    """Asked per sentence, answered once per section title."""
    return _INTRO.search(section) is not None


def _points_back(s: AnalyzedSentence, age: int, review: bool) -> bool:
    """Whether a sentence that names no material is about the materials named before it.

    A strong pointer ("these electrodes") always is. A pronoun, "these findings" or "the
    electrode" is not in a statement about a class of materials or a general truth, and in a
    paper without a main material (a review, whose paragraphs move from one cited material to
    the next and to general remarks) only within ``WEAK_REACH`` sentences of the material. In a
    paper about its own samples they stay the paragraph's topic.
    """
    text = s.text
    # no pointing-back word and no anaphor: the common case, decided by the cheap scans
    # (a strong pointer is one or the other, or starts with "this"/"such")
    first = _POINTS_BACK.search(text) if may_match(text, _POINTS_BACK_WORDS) else None
    if first is None and s.mentions.anaphor is None and not may_match(text, _THIS_SUCH):
        return False
    if may_match(text, _STRONG_WORDS) and _STRONG_POINTER.search(text):
        return True
    if first is None and s.mentions.anaphor is None:
        return False
    if (review and age > WEAK_REACH) or (may_match(text, _GENERIC_WORDS) and _GENERIC.search(text)):
        return False
    if first is not None:
        for m in _POINTS_BACK.finditer(text, first.start()):
            w = m.group(0).lower()
            if w == "both" and _CORRELATIVE_BOTH.match(text, m.end()):
                continue  # "both A and B"
            if w == "those" and _THOSE_OF.match(text, m.end()):
                continue  # "different from those in real cells": a noun of this sentence
            return True
    return s.mentions.anaphor is not None


def _implicit_subjects(s: AnalyzedSentence, state: _State, ctx: PaperContext, section: str) -> list[Subject]:
    """The subject of a sentence that names none: carried back, else the main material."""
    sm = s.mentions
    # (the pointing-back scan first: the anaphor is searched only when it fails)
    if state.last and _points_back(s, state.age, not ctx.main_key):
        if ctx.main_key and all(_is_constituent(x.name, ctx) for x in state.last):
            # "the film" after "... rich in Bi": the main material, not its element
            return [Subject(ctx.main_name or ctx.main_key, ctx.main_key, "carried")]
        return [Subject(x.name, x.key, "carried", None, x.role) for x in state.last]
    if ctx.main_key and _other_chemistry(sm, ctx):
        return []
    if ctx.main_key and (ctx.intro_is_body or not _is_intro(section) or _OWN_WORK.search(s.text)) \
            and not (_background(s.text) and not _OWN_WORK.search(s.text)):
        return [Subject(ctx.main_name or ctx.main_key, ctx.main_key, "main")]
    return []


def _other_chemistry(sm: SentenceMentions, ctx: PaperContext) -> bool:
    """Every compound the sentence names holds a working ion other than the paper's ("the
    superoxide LiO2 disproportionates to Li2O2" in a Na-O2 paper): it is about another
    chemistry, not about the paper's main material."""
    if not (sm.materials or sm.phases) or not ctx.ion:
        return False
    own = ctx.ion.split("-", 1)[0]
    other = False
    for name in [m.name for m in sm.materials] + [p.phase for p in sm.phases]:
        elements = _key_elements(name) if is_formula(name) else None
        if not elements:
            continue
        ions = elements & _ALKALI
        if own in ions:
            return False
        other = other or bool(ions)
    return other


def _subjects(s: AnalyzedSentence, state: _State, ctx: PaperContext, section: str) -> list[Subject]:
    return _explicit_subjects(s, ctx) or _implicit_subjects(s, state, ctx, section)


def _fact(ftype: FactType, subj: Subject, ion: str | None, section: str, s: AnalyzedSentence,
          art_id: str, doi: str | None, span: Mention | None, conf: float, **fields) -> Fact:
    """A validated Fact. Its evidence goes in as a dict so that pydantic validates the
    whole record in one call (half the cost of validating an Evidence model first)."""
    fields["paper"] = art_id
    fields["type"] = ftype
    fields["material"] = subj.name
    fields["ion"] = ion
    fields["doi"] = doi
    fields["evidence"] = {"paper": art_id, "section": section, "sentence": s.text,
                          "start": span.start if span else None, "end": span.end if span else None,
                          "extractor": EXTRACTOR, "confidence": _round3(conf)}
    return _validate_fact(fields)


@lru_cache(maxsize=64)
def _round3(conf: float) -> float:
    """``round(conf, 3)``: a confidence is one of a few products of the CONF values, and
    rounding a float to digits is slower than looking the few answers up."""
    return round(conf, 3)


# what Fact.model_validate(dict) runs, without its keyword handling per call
_validate_fact = Fact.__pydantic_validator__.validate_python


def _distribute(values: list, subjects: list[Subject], text: str,
                spots: list[tuple] | None = None, materials: list = ()) -> list[tuple]:
    """(value, subject) pairs: "respectively" lists map in order, a list of materials that
    states one value jointly gives it to each member, else the material named nearest before
    the value (any of its mentions: ``spots``, (mention, subject) in sentence order), else the
    first subject. ``materials``: every material mention of the sentence."""
    if not values or not subjects:
        return []
    n, k = len(values), len(subjects)
    respectively = _RESPECTIVELY.search(text) if k > 1 else None
    if respectively and n % k == 0:
        per = n // k
        return [(v, subjects[i // per]) for i, v in enumerate(values)]
    if k > 1 and n == k and _paired_lists(values, subjects, text):
        return list(zip(values, subjects))
    if spots is None:
        spots = [(x.mention, x) for x in subjects if x.mention is not None]
    out = []
    for v in values:
        before = [sp for sp in spots if sp[0].end <= v.start]
        if k > 1 and n != k and len(before) > 1 and respectively is None:
            joint = _joint_list(before, v, text, materials)
            if joint:
                out.extend((v, x) for x in joint)
                continue
        if not before and k > 1 and n != k and respectively is None:
            joint = _joint_after(spots, v, text, materials)
            if joint:
                out.extend((v, x) for x in joint)
                continue
        out.append((v, before[-1][1] if before else subjects[0]))
    return out


# what joins the members of a list that shares one predicate: "A and B", "A, B, and C"
_JOINT_GLUE = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|\s+as\s+well\s+as\s+)\s*", re.I)
# between the list and its value: words that start another statement or set the members
# apart ("A and B were made, whereas C delivers", "higher than", "the latter", "the best of")
_JOINT_BREAK = re.compile(
    r"[;:()]|,\s*(?:and|with|where|while|whereas|but)\b|\b(?:while|whereas|but|than|compared|"
    r"unlike|contrast|respectively|however|although|former|latter|among|"
    r"between|best|highest|lowest|superior|inferior|better|worse|outperform\w*|exceed\w*)\b", re.I)
_JOINT_REACH = 100
_ION_METALS = frozenset({"Li", "Na", "K", "Mg", "Ca", "Zn", "Al"})
# between a value and the list it was measured for: "... 700 mAh g−1 were obtained for (both) "
_FOR_LIST = re.compile(r"[^;:()]{0,60}?\b(?:for|of|in|by|with)\s+(?:both\s+|all\s+(?:the\s+)?(?:\w+\s+)?|"
                       r"each\s+of\s+)?(?:the\s+)?", re.I)


def _joint_after(spots: list[tuple], v, text: str, materials: list) -> list[Subject]:
    """The members of the coordinated list a value before every material was measured for
    ("capacities of 700 mAh g−1 were obtained for A, B and C"); [] for one material."""
    after = [sp for sp in spots if sp[0].start >= v.end]
    if len(after) < 2:
        return []
    first = after[0][0]
    if _FOR_LIST.fullmatch(text, v.end, first.start) is None \
            or _JOINT_BREAK.search(text, v.end, first.start) \
            or any(v.end <= m.start < first.start for m in materials):
        return []
    group = [after[0]]
    for (a, _), (b, sb) in zip(after, after[1:]):
        if a.end > b.start or _JOINT_GLUE.fullmatch(text, a.end, b.start) is None:
            break
        group.append((b, sb))
    return _list_members(group, text)


def _joint_list(before: list[tuple], v, text: str, materials: list) -> list[Subject]:
    """The members of the coordinated list right before the value when the list is the
    value's shared subject ("A, B and C oxides deliver about 700 mAh g−1", "both A and B
    show ..."); [] when the value follows one material, or words between the list and the
    value start another statement or contrast the members."""
    last = before[-1][0]
    if v.start - last.end > _JOINT_REACH \
            or any(last.end <= m.start < v.start and m.name not in _ION_METALS for m in materials):
        return []  # (a working metal between them is the guest: "A and B, which alloy with Na, ...")
    if _JOINT_BREAK.search(text, last.end, v.start):
        return []
    group = [before[-1]]
    for (a, sa), (b, _) in zip(before[-2::-1], before[::-1]):
        if a.end > b.start or _JOINT_GLUE.fullmatch(text, a.end, b.start) is None:
            break
        group.append((a, sa))
    return _list_members(group[::-1], text)


# a list ends with "and" ("A, B and C", "A, B and other oxides"): "Compared with A, B
# delivers" is no list
_LAST_JOIN = re.compile(r"\band\b|\bas\s+well\s+as\b", re.I)
# "A, B, C and similar oxides": the list's last member in words
_AND_MORE = re.compile(r"\s*,?\s*(?:and|as\s+well\s+as)\s", re.I)
# a list named as the yardstick of the sentence's own material ("compared with A and B, C ...")
_LIST_YARDSTICK = re.compile(r"\b(?:compared\s+(?:with|to)|than|unlike|relative\s+to|versus|vs\.?|"
                             r"instead\s+of|rather\s+than)\s+(?:the\s+|both\s+)?$", re.I)


def _list_members(group: list[tuple], text: str) -> list[Subject]:
    """The distinct subjects of ``group`` ((mention, subject) in sentence order) when it is a
    coordinated list of two or more that is not a yardstick; else []."""
    members = list({x.key: x for _, x in group}.values())
    if len(members) < 2:
        return []
    (a, _), (b, _) = group[-2], group[-1]
    if not _LAST_JOIN.search(text, a.end, b.start) and not _AND_MORE.match(text, b.end):
        return []
    first = group[0][0]
    if _LIST_YARDSTICK.search(text, max(0, first.start - 30), first.start):
        return []
    return members


# what joins the members of one coordinated list: "A and B", "A, B and C", "A, B, and C"
_LIST_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|/)\s*", re.I)
# what may stand between two values of one list: "207 and 222", "207 mAh g−1 and 222"
_VALUE_JOIN = re.compile(r"\s*(?:[^\s\d,;.]{1,12}(?:\s+[^\s\d,;.]{1,12}){0,2})?\s*(?:,\s*(?:and\s+)?|and|or)\s*",
                         re.I)


def _paired_lists(values: list, subjects: list[Subject], text: str) -> bool:
    """"A and B deliver 207 and 222 mAh g−1": one value per material, in order, without
    "respectively". Only when the materials are one coordinated list, the values one list
    after it, and the values do not already pair with a series of currents or cycle
    numbers (then they are one material's rate or cycling series)."""
    if any(x.mention is None for x in subjects):
        return False
    mentions = [x.mention for x in subjects]
    if any(a.end > b.start for a, b in zip(mentions, mentions[1:])):
        return False
    for a, b in zip(mentions, mentions[1:]):
        if _LIST_JOIN.fullmatch(text, a.end, b.start) is None:
            return False
    if values[0].start < mentions[-1].end:
        return False
    for a, b in zip(values, values[1:]):
        if a.end > b.start or _VALUE_JOIN.fullmatch(text, a.end, b.start) is None:
            return False
    series = [(getattr(v, "current", None), getattr(v, "cycles", None)) for v in values]
    return len(set(series)) == 1


@lru_cache(maxsize=4096)
def _single_own_ion(name: str) -> str | None:
    """The one working ion a material's name contains (Na of NaFePO4), None if none or several."""
    own = set(_OWN_ION.findall(name))
    return own.pop() if len(own) == 1 else None


# "store lithium by alloying (Si, Sn) or by conversion (transition-metal oxides)": the
# bracket after a mechanism word lists what that mechanism holds for
_EXAMPLES_BRACKET = re.compile(r"\s*\(([^()]{1,120})\)")


def _mechanism_examples(text: str, mechs: list, subjects: list[Subject]) -> dict[str, list[Subject]] | None:
    """mechanism -> the subjects it holds for, when mechanisms carry bracketed examples
    (the sentence's later mentions of the same mechanism, "conversion materials lose
    capacity", keep that scope).

    A bracket naming subjects claims them; a bracket naming none (a class of materials
    the sentence does not name as a subject) leaves its mechanism the subjects no other
    bracket claims. None when no mechanism of the sentence has a bracket."""
    spans = {}
    for mech in mechs:
        b = _EXAMPLES_BRACKET.match(text, mech.end)
        if b is not None and mech.mechanism not in spans:
            spans[mech.mechanism] = b.span(1)
    if not spans:
        return None
    inside = {k: [x for x in subjects if x.mention is not None and a <= x.mention.start < b]
              for k, (a, b) in spans.items()}
    claimed = {id(x) for xs in inside.values() for x in xs}
    if not claimed:
        return None
    return {k: xs or [x for x in subjects if id(x) not in claimed] for k, xs in inside.items()}


def _can_yield(sm: SentenceMentions, explicit: list[Subject]) -> bool:
    """False only when the sentence cannot give a fact whatever its implicit subject.

    Material facts need a material the sentence names; every other fact needs a
    mention of its own (a phase, technique, mechanism, phenomenon or capacity): a
    carried, main or block subject alone gives none, and "similar phenomena" copies
    go to named materials only. Then the implicit subject (three case-insensitive
    scans) is not looked for.
    """
    return bool(explicit or sm.phases or sm.techniques or sm.mechanisms or sm.phenomena
                or sm.capacities)


def sentence_facts(s: AnalyzedSentence, section: str, state: _State, ctx: PaperContext,
                   art_id: str, doi: str | None, phase_order: dict,
                   electrodes: frozenset[str] | None = None) -> list[Fact]:
    sm = s.mentions
    reacted: list = []
    explicit = _explicit_subjects(s, ctx, electrodes, reacted)
    generic = generic_phases.find(s.text)
    if generic:
        unreal = unreal_parts(s.text)
        generic = [g for g in generic if not _inside(unreal, g.start, True)]
    if not generic and not _can_yield(sm, explicit) and not (sm.materials and surface_products(s.text, sm)):
        _advance(state, explicit, sm)  # as with any subject the sentence does not name
        return []
    if ctx.support_keys and may_match(s.text, ("composite",)):
        explicit = _with_composite(s.text, explicit, ctx)
    subjects = explicit or _implicit_subjects(s, state, ctx, section)
    ion_spots, mech_spots = _stated_ion_spots(s.text, sm, ctx)
    ions = [i.ion for i in ion_spots]
    ion = _sentence_ion(ions, state, ctx)
    ion_stated = bool(ions)
    sentence_ions = list(dict.fromkeys(ions))
    mech_ions = list(dict.fromkeys(i.ion for i in mech_spots))
    # a sentence naming two chemistries in different statements ("X is lithiated to A,
    # whereas its sodiation gives B"): a fact takes the ions of its own statement
    parts = _ion_statements(s.text, ion_spots) if len(sentence_ions) > 1 else None

    def ions_at(pos: int) -> list[str]:
        """The distinct ions of the statement holding ``pos`` (the sentence's if it names none)."""
        for a, b, own in parts:
            if a <= pos < b:
                return own or sentence_ions
        return sentence_ions

    # "lithium-ion cells" in a Li-S paper name the ion battery, not the paper's cell
    ion_cells = {i.ion for i in ion_spots if _ION_CELL.search(i.text)} if "-" in (ctx.ion or "") else ()

    def ion_for(subj: Subject, pos: int | None = None) -> str | None:
        # a sodium compound is a sodium-battery material unless the sentence says otherwise
        if ion_stated:
            one = _sentence_ion(ions_at(pos), state, ctx) if parts is not None and pos is not None else ion
            return one if one in ion_cells else cell_ion(one, ctx)
        own = _single_own_ion(subj.name)
        if own is not None:
            # a cathode holding the metal (LiCoO2 in a Li-S paper) is another battery's; the
            # cell's own compounds (Li2S), its metal and its salts are the paper's chemistry
            if ctx.roles.get(subj.key) == "cathode" and not cell_compound(subj.name, ctx.ion):
                return own
            return cell_ion(own, ctx)
        return cell_ion(ion, ctx)

    out: list[Fact] = []
    # statements of an unreal conditional: their phenomena are not asserted, their
    # capacities are what the material would store (theoretical); a counterfactual one
    # asserts no mechanism or phase either
    unreal = unreal_parts(s.text)
    if not subjects:
        if (sm.phases or surface_products(s.text, sm)) and (state.age <= 2 or ctx.main_key):
            # "The Na2O that formed ...": phases of the materials just named, else of the
            # main material, when their chemistry confirms it (checked per phase in _phase_hosts)
            out.extend(_phase_facts(sm, subjects, s, section, ctx, art_id, doi, phase_order,
                                    ion_for, state.last if state.age <= 2 else [], unreal))
        if generic and state.age <= 2:
            out.extend(_generic_phase_facts(generic, state.last, s, section, art_id, doi,
                                            phase_order, ion_for))
        _advance(state, subjects, sm)
        return out

    def conf(subj: Subject, hedged: bool = False) -> float:
        c = CONF[subj.source]
        return c * 0.8 if hedged else c

    # material facts: explicit mentions in a sentence about batteries (the battery-word
    # scan only for a named material that has no role and is not the main material)
    relevant = None
    for subj in subjects:
        if subj.source != "mention":
            continue
        if not (subj.role or subj.key == ctx.main_key):
            if relevant is None:
                relevant = bool(sm.techniques or sm.mechanisms or sm.phenomena or sm.capacities
                                or sm.ions or sm.phases or _about_batteries(s.text))
            if not relevant:
                continue
        # the paper's majority role first, so one material keeps one role throughout
        said = subj.role if subj.role in ("anode", "cathode", "electrolyte") else None
        role = ctx.roles.get(subj.key) or said or "active"
        out.append(_fact(FactType.MATERIAL, subj, ion_for(subj), section, s, art_id, doi, subj.mention,
                         0.9 if subj.role else 0.75, role=role))
    examples = _mechanism_examples(s.text, sm.mechanisms, subjects) if len(subjects) > 1 else None
    for mech in sm.mechanisms:
        if mech.negated or (unreal and _inside(unreal, mech.start, True)):
            continue
        targets = subjects
        if examples and mech.mechanism in examples:
            targets = examples[mech.mechanism]
        elif _CLASS_OF_EXAMPLES.match(s.text, mech.end):
            # the examples run to the next mechanism word ("conversion oxides such as CoO ...,
            # while alloying elements such as Sn ...": Sn is no conversion example)
            stop = min((m.start for m in sm.mechanisms if m.start > mech.end), default=len(s.text))
            listed = [x for x in subjects if x.mention is not None and mech.end <= x.mention.start < stop]
            targets = listed or subjects
        for subj in targets:
            # a sentence comparing chemistries ("confirmed in LIBs ... in SIBs") states the
            # mechanism for each ion it names (but a contrasted one: "unlike its lithiation")
            ions = mech_ions if len(mech_ions) > 1 else [ion_for(subj)]
            for one in ions:
                one = one if one in ion_cells else cell_ion(one, ctx)
                if one and subj.key == _ION_METAL.get(one) and mech.mechanism != "plating":
                    continue  # the working ion's own metal is the guest, not the host
                out.append(_fact(FactType.MECHANISM, subj, one, section, s, art_id, doi, mech,
                                 conf(subj, mech.hedged), mechanism=mech.mechanism))
    split = _statement_subjects(s.text, subjects) if len(subjects) > 1 else None
    for tech in sm.techniques:
        for subj in (split(tech.start) if split else subjects):
            out.append(_fact(FactType.TECHNIQUE, subj, ion_for(subj, tech.start), section, s, art_id, doi, tech,
                             conf(subj), technique=tech.technique, mode=tech.mode))
    phenomena = [p for p in sm.phenomena if not _inside(unreal, p.start)] if unreal else sm.phenomena
    phen_valued = [p for p in phenomena if not p.negated and p.value is not None]
    for p in phenomena:
        if p.negated or p.value is not None:
            continue
        for subj in (split(p.start) if split else subjects):
            out.append(_fact(FactType.PHENOMENON, subj, ion_for(subj, p.start), section, s, art_id, doi, p,
                             conf(subj, p.hedged), phenomenon=p.phenomenon))
    if not sm.phenomena and state.phenomena and _SIMILAR.search(s.text):
        # "Similar phenomena were observed in X and Y": the previous sentence's findings
        for p in state.phenomena:
            for subj in subjects:
                if subj.source == "mention":
                    out.append(_fact(FactType.PHENOMENON, subj, ion_for(subj), section, s, art_id, doi,
                                     subj.mention, CONF["carried"], phenomenon=p))
    spots = _subject_spots(sm, subjects, ctx) if phen_valued or sm.capacities else None
    for p, subj in _distribute(phen_valued, subjects, s.text, spots, sm.materials):
        out.append(_fact(FactType.PHENOMENON, subj, ion_for(subj, p.start), section, s, art_id, doi, p,
                         conf(subj, p.hedged), phenomenon=p.phenomenon, value=p.value, unit=p.unit))
    for c, subj in _distribute(list(sm.capacities), subjects, s.text, spots, sm.materials):
        kind = "theoretical" if unreal and _inside(unreal, c.start) else c.kind
        out.append(_fact(FactType.CAPACITY, subj, ion_for(subj, c.start), section, s, art_id, doi, c, conf(subj),
                         value=c.value, unit=c.unit, kind=kind, current=c.current,
                         cycles=c.cycles, retention_percent=c.retention_percent))
    out.extend(_phase_facts(sm, subjects, s, section, ctx, art_id, doi, phase_order, ion_for,
                            state.last if state.age == 1 else [], unreal,
                            _reacted_phases(s.text, reacted, sm) if reacted else ()))
    if generic:
        out.extend(_generic_phase_facts(generic, subjects, s, section, art_id, doi, phase_order,
                                        ion_for))
    _advance(state, subjects, sm)
    return out


# "the composite", "this composite": the paper's composite, however its formula is written
_THE_COMPOSITE = re.compile(r"\b(?:the|this|our|that)\s+(?:[\w–-]+\s+)?composites?\b(?!\s+(?:of|with)\b)",
                            re.I)


def _with_composite(text: str, explicit: list[Subject], ctx: PaperContext) -> list[Subject]:
    """The sentence's named materials plus the paper's main composite where the sentence
    says "the composite" ("the BET area of the composite was 98 m2 g−1, compared with
    22 m2 g−1 for bare SnS2"), in sentence order; unchanged when it names the composite."""
    if any(x.key == ctx.main_key for x in explicit):
        return explicit
    word = _THE_COMPOSITE.search(text)
    if word is None:
        return explicit
    name = ctx.main_name or ctx.main_key
    here = MaterialMention(word.start(), word.end(), word.group(0), name=name)
    out = [*explicit, Subject(name, ctx.main_key, "mention", here, None)]
    return sorted(out, key=lambda x: x.mention.start if x.mention is not None else -1)


def _statement_subjects(text: str, subjects: list[Subject]):
    """pos -> the subjects named in the statement holding ``pos`` ("TEM of the composite showed
    amorphous sheets, whereas the bare SnS2 particles had disintegrated": the TEM and the
    amorphization are the composite's, the disintegration SnS2's); None when the sentence
    is one statement or a subject is not named in it. A statement naming no subject keeps all."""
    if any(x.mention is None for x in subjects) or not _STATEMENT_BREAK.search(text):
        return None
    bounds = []
    start = 0
    for brk in [*_STATEMENT_BREAK.finditer(text), None]:
        end = brk.start() if brk else len(text)
        bounds.append((start, end))
        start = brk.end() if brk else end
    if sum(1 for a, b in bounds if any(a <= x.mention.start < b for x in subjects)) < 2:
        return None

    def at(pos: int) -> list[Subject]:
        for a, b in bounds:
            if a <= pos < b:
                own = [x for x in subjects if a <= x.mention.start < b]
                return own or subjects
        return subjects
    return at


def _subject_spots(sm: SentenceMentions, subjects: list[Subject], ctx: PaperContext) -> list[tuple]:
    """(mention, subject) for every mention of the sentence that names one of its subjects,
    in sentence order: a material named twice ("A and B were cycled, and A delivers ...") is
    near a value by its second mention, while its subject keeps the first."""
    spots = [(x.mention, x) for x in subjects if x.mention is not None]
    if not spots or len(sm.materials) <= len(spots):
        return spots
    by_key = {x.key: x for x in subjects if x.mention is not None}
    taken = {id(m) for m, _ in spots}
    for m in sm.materials:
        if id(m) in taken:
            continue
        name = ctx.aliases.get(m.name.lower(), m.name) if m.formula is None else m.name
        subj = by_key.get(material_key(ctx.states.get(name, name)))
        if subj is not None:
            spots.append((m, subj))
    spots.sort(key=lambda sp: sp[0].start)
    return spots


def _generic_phase_facts(generic: list, hosts: list[Subject], s: AnalyzedSentence, section: str,
                         art_id: str, doi: str | None, phase_order: dict, ion_for) -> list[Fact]:
    """"metal nanoparticles in a Li2O matrix", "converted back to the oxide": the phases
    these words name for each host whose formula resolves them (kb/facts/generic_phases)."""
    out: list[Fact] = []
    for host in hosts:
        ion = ion_for(host, generic[0].start if generic else None)
        for g in generic:
            for ph in generic_phases.resolve(g, host.name, ion if ion in ("Li", "Na", "K") else None):
                order_key = (host.key, material_key(ph.phase))
                if order_key not in phase_order:
                    phase_order[order_key] = sum(1 for k in phase_order if k[0] == host.key) + 1
                out.append(_fact(FactType.PHASE, host, ion, section, s, art_id, doi, ph,
                                 CONF[host.source] * 0.8, phase=ph.phase, role=ph.role,
                                 order=phase_order[order_key]))
    return out


_KEY_ELEMENT = re.compile(r"[A-Z][a-z]?")
_BARE_ELEMENT = re.compile(r"[A-Z][a-z]?")
_ION_ELEMENTS = frozenset({"Li", "Na", "K", "Mg", "Ca", "Zn", "Al"})
_ALKALI = frozenset({"Li", "Na", "K"})


@lru_cache(maxsize=4096)
def _key_elements(key: str) -> frozenset[str] | None:
    """Elements of a material key, None when a part of it is not a formula (a carbon, a name)."""
    out: set[str] = set()
    for part in re.split(r"[@/]", key):
        if not part or not part[0].isupper():
            return None
        out.update(_KEY_ELEMENT.findall(part))
    return frozenset(out)


def _can_form(host_key: str, phase_key: str) -> bool | None:
    """Whether the host's elements plus a working ion make the phase (None: cannot tell).

    Li2O is a product of SnO2, not of the Sn that the same reaction makes.
    """
    he, pe = _key_elements(host_key), _key_elements(phase_key)
    if he is None or pe is None:
        return None
    host_ions, phase_ions = he & _ALKALI, pe & _ALKALI
    if host_ions and phase_ions and not host_ions & phase_ions:
        return False  # Li2O2 is no phase of NaO2: another chemistry's product
    return pe - _ION_ELEMENTS <= he


def _phase_hosts(ph, pkey: str, subjects: list[Subject], ctx: PaperContext,
                 previous: list[Subject]) -> list[Subject]:
    """The materials that react to give the phase: the nearest one named before it that can
    form it, else another subject that can, else the previous sentence's materials that can
    (all of them: "oxides such as A, B and C ... The Na2O that formed ..."), else the paper's
    main material (a reaction product named as a subject, such as the Sn of SnO2, does not
    get the oxide's Li2O)."""
    before = [x for x in subjects if x.mention is not None and x.mention.end <= ph.start]
    host = (before[-1] if before else subjects[0]) if subjects else None
    if ph.role == "sei":
        # a passivation layer grows from the electrolyte: no chemistry check on its host
        return [host] if host is not None else \
            list({x.key: x for x in previous if x.source == "mention" and x.key != pkey}.values())
    if host is not None and _can_form(host.key, pkey) is not False:
        return [host]
    able = [x for x in before[::-1] + subjects if _can_form(x.key, pkey)]
    if able:
        return [able[0]]
    prev = [x for x in previous if x.source == "mention" and _can_form(x.key, pkey)
            and x.key != pkey]
    if prev:
        return list({x.key: x for x in prev}.values())
    if host is None:
        # no subject of its own: only a chemistry-confirmed earlier material, else the main
        # material when the phase is its own ion compound ("the intermediate polysulfides
        # Li2Sx dissolve" in a sulfur paper)
        if ctx.main_key and ctx.main_key != pkey and ph.role != "sei" and _own_ion_phase(pkey, ctx) \
                and _can_form(ctx.main_key, pkey):
            return [Subject(ctx.main_name or ctx.main_key, ctx.main_key, "main")]
        return []
    if ctx.main_key and _can_form(ctx.main_key, pkey):
        return [Subject(ctx.main_name or ctx.main_key, ctx.main_key, "main")]
    if host.source == "main" and _can_form(host.key, pkey) is False:
        return []  # the main material, assumed, cannot make it: the sentence is about another
    return [host]


def _own_ion_phase(pkey: str, ctx: PaperContext) -> bool:
    """The phase holds the paper's working ion (Li2Sx in a Li-S paper)."""
    elements = _key_elements(pkey)
    return bool(elements) and bool(ctx.ion) and ctx.ion.split("-", 1)[0] in elements


def _phase_facts(sm: SentenceMentions, subjects: list[Subject], s: AnalyzedSentence, section: str,
                 ctx: PaperContext, art_id: str, doi: str | None, phase_order: dict,
                 ion_for, previous: list[Subject] = (), unreal: list = (), extra: list = ()) -> list[Fact]:
    """Phases go to the nearest material named before them (the reactant), else the first;
    none from an unreal conditional (``unreal``: its character ranges). ``extra``: phases
    read from material mentions (``_reacted_phase``)."""
    out: list[Fact] = []
    phases = _with_surface_products(s.text, sm)
    if extra:
        phases = sorted([*phases, *extra], key=lambda p: p.start)
    for ph in phases:
        if unreal and _inside(unreal, ph.start, True):
            continue
        pkey = material_key(ph.phase)
        for host in _phase_hosts(ph, pkey, subjects, ctx, list(previous)):
            if pkey == host.key and ph.role != "reformed" \
                    and not (ctx.main_is_product and host.key == ctx.main_key):
                continue
            order_key = (host.key, pkey)
            if order_key not in phase_order:
                phase_order[order_key] = sum(1 for k in phase_order if k[0] == host.key) + 1
            conf = CONF[host.source] * 0.9 if host in subjects else CONF["carried"] * 0.9
            out.append(_fact(FactType.PHASE, host, ion_for(host, ph.start), section, s, art_id, doi, ph,
                             conf, phase=ph.phase, role=ph.role or "product",
                             order=phase_order[order_key]))
    return out


# the cue nearest before a reacted state says whether the reaction passes through it or ends in it
_THROUGH_CUE = re.compile(r"\b(?:intermediates?|through|via|first|initially|partially|metastable|"
                          r"transient)\b", re.I)
_END_CUE = re.compile(r"\b(?:ends?|ended|ending|final(?:ly)?|fully|eventually|ultimately|then|"
                      r"further|complete(?:ly)?|to|into)\b", re.I)


# a sentence naming a sequence of states ("the phase sequence is A, B and C", "A, then B")
_SEQUENCE = re.compile(r"\b(?:sequences?|sequential\w*|steps?|step-?wise|successive\w*|then|"
                       r"followed\s+by|subsequently)\b|→", re.I)


def _reacted_phases(text: str, reacted: list, sm: SentenceMentions) -> list[PhaseMention]:
    """Material mentions left out as states another material reaches, as phases: an
    intermediate when the nearest cue before it in its statement says the reaction passes
    through it ("passes through NaSb"), or when a later state follows it in a sentence that
    names a sequence; else a product ("and ends in Na3Sb", "converts to Na2Se and Na15Sn4")."""
    sequence = _SEQUENCE.search(text) is not None
    # where the sentence names an ion compound (a state), recognized as a phase or not
    states = [x.start for x in sm.materials if _binary_ion_compound(x.name)] \
        + [p.start for p in sm.phases if _binary_ion_compound(p.phase)] if sequence else []
    out = []
    for m in reacted:
        start = max(0, m.start - 60)
        for brk in _STATEMENT_BREAK.finditer(text, start, m.start):
            start = brk.end()
        through = [c.end() for c in _THROUGH_CUE.finditer(text, start, m.start)]
        end = [c.end() for c in _END_CUE.finditer(text, start, m.start)]
        if through and (not end or through[-1] > end[-1]):
            role = "intermediate"
        elif sequence and not end and any(x > m.start for x in states):
            role = "intermediate"
        else:
            role = "product"
        out.append(PhaseMention(m.start, m.end, m.text, phase=m.name, role=role))
    return out


def _with_surface_products(text: str, sm: SentenceMentions) -> list:
    """The sentence's phases with the passivation-layer products it names (subjects.
    surface_products) as phases of role sei, whether or not the phase recognizer found them."""
    phases = sm.phases
    surface = surface_products(text, sm) if phases or sm.materials else ()
    if not surface:
        return phases
    out = [replace(p, role="sei") if any(a < p.end and p.start < b for a, b, _ in surface) else p
           for p in phases]
    out += [PhaseMention(a, b, text[a:b], phase=f, role="sei") for a, b, f in surface
            if not any(p.start < b and a < p.end for p in phases)]
    return sorted(out, key=lambda p: p.start)


def _advance(state: _State, subjects: list[Subject], sm: SentenceMentions) -> None:
    state.phenomena = tuple(dict.fromkeys(p.phenomenon for p in sm.phenomena
                                          if not p.negated and p.value is None)) if sm.phenomena else ()
    explicit = [x for x in subjects if x.source == "mention"] if subjects else subjects
    if explicit:
        state.last = explicit
        state.age = 1
    else:
        state.age += 1
    if sm.ions:
        state.ion = sm.ions[-1].ion


_PANEL = re.compile(r"(?:^|;\s*|\.\s+|,\s+(?=\(?[a-z]\)))\(?[a-z](?:\s?[,–−‐-]\s?[a-z])*\)\s")
_CAPTION = re.compile(r"caption$", re.I)


def panels(s: AnalyzedSentence) -> list[AnalyzedSentence]:
    """A caption sentence cut at its panel labels ("a) ...; b) ..."), mentions split with it.

    Each panel is its own statement: "c) CV curves of X; d) XRD of Y" says nothing
    about the CV of Y. Every part keeps the whole sentence as its text (the evidence).
    """
    starts = sorted({0, *[m.start() for m in _PANEL.finditer(s.text)]})
    if len(starts) < 3:  # the sentence start plus at least two labels
        return [s]
    bounds = list(zip(starts, starts[1:] + [len(s.text) + 1]))
    out = []
    sm = s.mentions
    for a, b in bounds:
        def inside(xs):
            return [x for x in xs if a <= x.start < b]
        part = SentenceMentions(materials=inside(sm.materials), phases=inside(sm.phases),
                                techniques=inside(sm.techniques), mechanisms=inside(sm.mechanisms),
                                phenomena=inside(sm.phenomena), capacities=inside(sm.capacities),
                                ions=inside(sm.ions), anaphor=sm.anaphor)
        out.append(AnalyzedSentence(s.text, s.start, part))
    return out


def block_facts(block: Block, ctx: PaperContext, art_id: str, doi: str | None,
                phase_order: dict) -> list[Fact]:
    state = _State(last=[], ion=None)
    out: list[Fact] = []
    caption = bool(_CAPTION.search(block.section))
    electrodes = _electrodes(ctx)  # the roles do not change while the block is assembled
    for s in block.sentences:
        for part in (panels(s) if caption else [s]):
            out.extend(sentence_facts(part, block.section, state, ctx, art_id, doi, phase_order,
                                      electrodes))
    return out
