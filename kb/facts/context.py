"""Paper-level context: the main material, the working ion, the phases, the roles.

Read once over the whole analysed paper before any fact is assembled, because a
sentence alone often does not say which material or ion it is about: "the
electrode delivers 375 mAh g−1" needs the paper's main material, "during
cycling" needs the paper's ion.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from kb.facts.subjects import is_non_material, sentence_candidates, sentence_roles
from kb.nlp.chem_bridge import is_formula, material_key
from kb.nlp.pipeline import AnalyzedSentence

_TITLE_WEIGHT = 3
_STATE_OF_CHARGE = re.compile(r"(Li|Na|K)(?:1[-−‐]x|x|y)(?=[A-Z(\[])")
_OWN_WORK = re.compile(r"\b(?:we|our|herein|here|this\s+(?:work|study|paper))\b", re.I)
# A key with a variable stoichiometry (BixSb1−x, Na2−xFeFe(CN)6) names a family of
# compositions, not the sample a paper measures.
_FAMILY_KEY = re.compile(r"\([^)]*[a-zδ]")
# How clearly a body material must outnumber the front-matter pick to replace it.
BODY_OVERRIDE = 3
_ELEMENT = re.compile(r"[A-Z][a-z]?")


@dataclass
class Block:
    section: str
    sentences: list[AnalyzedSentence]
    is_front: bool = False  # title / abstract


@dataclass
class PaperContext:
    main_key: str | None = None
    main_name: str | None = None
    ion: str | None = None
    phase_keys: set[str] = field(default_factory=set)
    roles: dict[str, str] = field(default_factory=dict)  # material key -> role
    names: dict[str, str] = field(default_factory=dict)  # material key -> name to report
    # bare head noun -> the paper's own defined material ("graphite" -> "expanded graphite")
    aliases: dict[str, str] = field(default_factory=dict)
    # state-of-charge spelling -> the material it is a state of ("NaxNiO2" -> "NaNiO2")
    states: dict[str, str] = field(default_factory=dict)
    # material key -> sentences of the body naming it as a candidate subject
    mentions: dict[str, int] = field(default_factory=dict)
    # the main material is what the paper's cell makes (NaO2 of a Na-O2 cell), not an electrode
    main_is_product: bool = False
    # the implicit "Introduction" holds the whole body (a letter without body headings)
    intro_is_body: bool = False
    # keys of the main composite's other components (rGO of SnS2-rGO): its support, not a material
    support_keys: frozenset[str] = frozenset()
    # the main composite's active component (SnS2 of SnS2-rGO): an electrode material too
    core_key: str | None = None


def _pick_name(counter: Counter) -> str:
    # the most frequent spelling; composites ("A@B") win ties over their bare core
    return sorted(counter.items(), key=lambda kv: (-kv[1], -len(kv[0]), kv[0]))[0][0]


def is_family(key: str) -> bool:
    return bool(_FAMILY_KEY.search(key))


def _elements_of(key: str, spellings: Counter) -> set[str]:
    return {e for name in spellings for e in _ELEMENT.findall(name)}


def _body_override(best: str, body: Counter, spellings: dict[str, Counter]) -> str:
    """The body's dominant specific material when the front matter named a family or lost.

    Abstracts often name the general composition ("BixSb1−x alloy films") while the
    results speak of the sample ("G-Bi0.33Sb0.67"); the material the body discusses
    most, by a clear margin, is what unattributed statements are about.
    """
    specific = [k for k in body if not is_family(k)]
    if not specific:
        return best
    top = min(specific, key=lambda k: (-body[k], k))
    if top == best:
        return best
    if body[top] >= BODY_OVERRIDE * max(1, body[best]):
        return top
    if is_family(best) and body[top] > body[best] \
            and _elements_of(top, spellings[top]) & _elements_of(best, spellings[best]):
        return top
    return best


def _count(counters: dict[str, Counter], key: str, item: str) -> None:
    """``counters[key][item] += 1``, a new Counter only for a new key (``setdefault(key,
    Counter())`` would build one, in Python, for every call)."""
    c = counters.get(key)
    if c is None:
        c = counters[key] = Counter()
    c[item] += 1


def _vote_roles(s: AnalyzedSentence, votes: dict[str, Counter]) -> None:
    """Count the electrode/electrolyte roles the sentence states for its materials."""
    mats = s.mentions.materials
    if not mats:
        return
    for i, role in sentence_roles(s.text, s.mentions).items():
        if role in ("anode", "cathode", "electrolyte"):
            _count(votes, material_key(mats[i].name), role)


def build_context(title: list[AnalyzedSentence], blocks: list[Block],
                  abbrevs: dict[str, str] | None = None) -> PaperContext:
    ctx = PaperContext()
    # a named material the paper defines with an abbreviation ("expanded graphite (EG)")
    # is what its bare head noun ("the graphite layer") refers to afterwards
    for long_form in sorted(set((abbrevs or {}).values())):
        if " " in long_form and not any(c.isdigit() for c in long_form):
            ctx.aliases.setdefault(long_form.split()[-1].lower(), long_form)
    # main material: title and abstract mentions, title weighted (with no paper phases
    # known yet every sentence candidate counts, as candidate_mentions would give them)
    front = Counter()
    spellings: dict[str, Counter] = {}
    for weight, sents in [(_TITLE_WEIGHT, title)] + [(1, b.sentences) for b in blocks if b.is_front]:
        for s in sents:
            found = sentence_candidates(s.text, s.mentions) if s.mentions.materials else ()
            if not found:
                continue
            # "In this work, we ... X": the authors' own material outweighs background
            w = max(weight, _TITLE_WEIGHT) if _OWN_WORK.search(s.text) else weight
            for m, k, _ in found:
                front[k] += w
                _count(spellings, k, m.name)
    # roles stated anywhere in the paper, by vote (title first)
    votes: dict[str, Counter] = {}
    for s in title:
        _vote_roles(s, votes)
    # one pass over the body: the phases, the material counts that decide between
    # near-ties and confirm the choice, the ions and the role votes
    body = Counter()
    ions = Counter()
    for b in blocks:
        for s in b.sentences:
            sm = s.mentions
            for p in sm.phases:
                ctx.phase_keys.add(material_key(p.phase))
            for i in sm.ions:
                ions[i.ion] += 1
            if not sm.materials:
                continue
            for m, k, _ in sentence_candidates(s.text, sm):
                body[k] += 1
                _count(spellings, k, m.name)
            _vote_roles(s, votes)
    if front:
        best = max(front, key=lambda k: (front[k], body[k]))
        if front[best] >= 2:
            best = _body_override(best, body, spellings)
            if body[best] >= 3:
                ctx.main_key, ctx.main_name = best, _pick_name(spellings[best])
    if ctx.main_key is None:
        _product_main(ctx, title, blocks, body, spellings)
    if ctx.main_key is not None:
        _composite_main(ctx, title, blocks, body, spellings)
    for k, c in spellings.items():
        ctx.names[k] = _pick_name(c)
    ctx.intro_is_body = _intro_is_body(blocks)
    ctx.mentions = dict(body)
    # a state of charge written with a variable ion content (NaxNiO2, Na1-xNi2/3Sb1/3O2)
    # is the paper's electrode material when the paper also names that material
    for k, c in spellings.items():
        for name in c:
            base = _STATE_OF_CHARGE.sub(r"\1", name)
            if base != name and material_key(base) in spellings:
                ctx.states[name] = ctx.names[material_key(base)]
    # working ion of the paper
    if ions:
        ctx.ion = ions.most_common(1)[0][0]
    for k, c in votes.items():
        ctx.roles[k] = c.most_common(1)[0][0]
    ctx.main_is_product = ctx.main_is_product and ctx.main_key not in votes
    if ctx.main_is_product and ctx.main_key not in ctx.roles and cell_compound(ctx.main_name, ctx.ion):
        # the discharge product of a metal-O2 / metal-S cell grows in its positive electrode
        ctx.roles[ctx.main_key] = "cathode"
    return ctx


def _product_main(ctx: PaperContext, title: list[AnalyzedSentence], blocks: list[Block],
                  body: Counter, spellings: dict[str, Counter]) -> None:
    """The paper's central chemical when no electrode material emerges from the front matter.

    A paper about what its cell makes ("the discharge product is sodium superoxide, NaO2")
    names that compound as a phase, never as an electrode, so no candidate wins; the
    formula the title and abstract name most, when the body also discusses it most, is
    still what the paper's unattributed findings are about.
    """
    front, named = Counter(), Counter()
    for b in blocks:
        _count_formulas(b.sentences, named, spellings)
    _count_formulas(title, front, spellings, _TITLE_WEIGHT)
    for b in blocks:
        if b.is_front:
            _count_formulas(b.sentences, front, spellings)
    if not front or not named:
        return
    best = max(front, key=lambda k: (front[k], named[k], k))
    if front[best] >= 2 and named[best] >= 3 and named[best] == max(named.values()):
        ctx.main_key, ctx.main_name = best, _pick_name(spellings[best])
        ctx.main_is_product = best in ctx.phase_keys


def _count_formulas(sents: list[AnalyzedSentence], counter: Counter, spellings: dict[str, Counter],
                    weight: int = 1) -> None:
    """Count the sentences naming each formula (phases and products included; gases,
    salts and solvents not)."""
    for s in sents:
        seen = set()
        for m in s.mentions.materials:
            if m.formula is None or is_non_material(m) or not is_formula(m.name):
                continue
            k = material_key(m.name)
            if k not in seen:
                seen.add(k)
                counter[k] += weight
                _count(spellings, k, m.name)


_CHEMISTRY = re.compile(r"^(Li|Na|K)-(O2|S)$")


def cell_compound(name: str | None, ion: str | None) -> bool:
    """A compound of a metal-O2 (metal-S) cell's metal with oxygen (sulfur) only: NaO2, Li2S,
    Li2Sx (the cell's own discharge products, not another chemistry's material)."""
    m = _CHEMISTRY.match(ion or "")
    if not m or not name or not is_formula(name):
        return False
    other = "O" if m.group(2) == "O2" else "S"
    return set(_ELEMENT.findall(name)) == {m.group(1), other}


# "SnS2–rGO", "Sb@C", "LiFePO4/C": a composite's components (a hyphen only before a letter)
_COMPOSITE_SPLIT = re.compile(r"\s*[@/–]\s*|(?<=[\w)])-(?=[A-Za-z])")
_GRAPHENES = ("graphene", "graphene oxide", "reduced graphene oxide")


def composite_split(name: str) -> list[str]:
    """The components of a composite name as written ([name] when it is not one)."""
    parts = [p for p in _COMPOSITE_SPLIT.split(name) if p]
    return parts if len(parts) > 1 else [name]


def _composite_main(ctx: PaperContext, title: list[AnalyzedSentence], blocks: list[Block],
                    body: Counter, spellings: dict[str, Counter]) -> None:
    """The paper's composite of its main material ("SnS2–rGO" of SnS2) as the main material.

    Papers that make a composite name the bare compound often (its chemistry, the bare
    control sample), but the composite is what they made and measured: "the composite
    delivers ...", "the electrode ..." are about it. Its other components (the carbon it
    sits on) are its support, not materials of their own.
    """
    names: Counter = Counter()
    for sents in [title] + [b.sentences for b in blocks if b.is_front]:
        for s in sents:
            for m in s.mentions.materials:
                if m.name != ctx.main_name and ("@" in m.name or "/" in m.name or "–" in m.name
                                                or "-" in m.name):
                    names[m.name] += 1
    for k, c in spellings.items():
        for name in c:
            if "@" in name or "/" in name or "–" in name or "-" in name:
                names[name] += 0
    best = None
    for name in sorted(names):
        parts = composite_split(name)
        if len(parts) < 2 or material_key(parts[0]) != ctx.main_key:
            continue
        k = material_key(name)
        n = body.get(k, 0) + names[name]
        if n >= 2 and (best is None or n > best[0]):
            best = (n, name, k, parts)
    if best is not None:
        # the bare compound stays an electrode material of the paper (its control sample)
        _, name, k, _ = best
        ctx.core_key = ctx.main_key
        ctx.main_key, ctx.main_name = k, _pick_name(spellings[k]) if k in spellings else name
    parts = composite_split(ctx.main_name or "")
    if len(parts) < 2 or not is_formula(parts[0]) or any(is_formula(p) and p != "C" for p in parts[1:]):
        return  # not a compound on a support ("G-Bi0.33Sb0.67" is a labelled sample)
    support = {material_key(p) for p in parts[1:]}
    if any("graphene" in x for x in support):
        support.update(_GRAPHENES)  # "rGO", "the graphene": one support, however it is named
    ctx.support_keys = frozenset(support)


# sections that are no results section: methods and back matter
_NOT_RESULTS = re.compile(
    r"^(?:[\dIVX]+\.?\s*)?(?:methods?|experimental(?:\s+\w+)?|materials\s+and\s+methods|"
    r"references?|notes?|acknowledge?ments?|supporting\b.*|supplementary\b.*|author\b.*|"
    r"conflicts?\b.*|competing\b.*|data\s+availability|conclusions?|summary|keywords?|"
    r"(?:graphical\s+)?abstract)$", re.I)


def _intro_is_body(blocks: list[Block]) -> bool:
    """The implicit "Introduction" a parser gives text before any heading is the whole main
    text when the paper has no other body heading (a letter: results follow the opening
    without a heading, then Methods)."""
    intro = False
    for b in blocks:
        head = b.section.split(" / ")[0].strip()
        if _FRONT.match(head) or _NOT_RESULTS.match(head):
            continue
        if _INTRO_HEAD.search(head):
            intro = True
            continue
        return False
    return intro


_FRONT = re.compile(r"^(?:graphical\s+)?abstract$", re.I)
_INTRO_HEAD = re.compile(r"\bintroduction\b|^background$", re.I)


def is_front_section(section: str) -> bool:
    return bool(_FRONT.match(section.strip()))
