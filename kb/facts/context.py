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

from kb.facts.subjects import sentence_candidates, sentence_roles
from kb.nlp.chem_bridge import material_key
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
    for k, c in spellings.items():
        ctx.names[k] = _pick_name(c)
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
    return ctx


_FRONT = re.compile(r"^(?:graphical\s+)?abstract$", re.I)


def is_front_section(section: str) -> bool:
    return bool(_FRONT.match(section.strip()))
