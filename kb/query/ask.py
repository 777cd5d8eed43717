"""`kb ask`: documented question patterns mapped onto the query layer (no language model).

A question is matched against the patterns below (case-insensitive; a trailing
"?" is optional). Words are mapped to the store's vocabulary through
kb/vocab/question_synonyms.tsv, so "sodium-ion", "SIB", "Na" and "sodiation" all
mean the ion Na; "irreversible capacity loss", "low initial Coulombic
efficiency" and "irreversible first cycle" all mean irreversible_first_cycle;
"crack" and "fracture" mean cracking; "alloy-type" means alloying;
"negative electrode" means anode. Material names go through the store's entity
resolution (formulas, common names, aliases).

Question patterns
-----------------
mechanism_phenomenon
    which <mechanism> <role>s show <phenomenon> [in <ion> batteries]?
    e.g. "which conversion anodes show irreversible first cycles?",
         "which alloying anodes crack on sodiation?"
    Answer: every (material, ion) that has a mechanism fact <mechanism> AND a
    phenomenon fact <phenomenon> FOR THE SAME ION (facts may come from different
    papers; a fact without an ion takes the ion its paper states for that
    material, else the paper's only ion). Role: a material qualifies as an
    anode when some paper calls it an anode or just an active material, or no
    paper states its role; a material only ever named as a cathode does not.
    Roles stated with the same ion count first, else roles stated with any ion.
    Answers backed by more papers come first.
    The mechanism is optional ("which anodes show cracking?").
capacity_threshold
    which <mechanism> anodes deliver more than <N> mAh/g [after <M> cycles] [at <current>] [in <ion> batteries]?
    Measured capacities only (theoretical values never count); "more than" is
    strict, "at least" is inclusive; "after M cycles" needs a reported cycle
    count >= M; currents compare across units (0.1 A/g = 100 mA/g).
phases_formed
    what phases form when <material> is sodiated|lithiated|potassiated?
    Answer per ion: the reaction pathway in order (intermediates, products,
    then phases reformed on the reverse reaction; phases a paper puts at the same
    step joined by "+"), built per paper by the rule `kb show` uses
    (kb.graph.pathway) and never merged across papers, which each state phases
    in their own order: the most detailed paper's pathway is the answer, the
    others are listed under other_pathways.
techniques_for_material
    which techniques were used to study <material>?
materials_by_technique
    which materials were studied by <technique>?
material_profile
    what is known about <material>?
compare
    compare <material> and <material>
papers_phenomenon_material
    which papers report <phenomenon> in <material>?

Every answer lists its supporting papers (paper id, DOI, title) and the
evidence sentences. A question that fits no pattern is answered with the
closest patterns (exit code 1); a material the store does not know is named
with the closest known materials (exit code 1); a question that fits but has
no answer prints "no answer" and exits 0 (an empty result is a result).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from rapidfuzz import fuzz, process

from kb.query import synonyms
from kb.query.filters import (Criteria, QueryError, Row, View, capacity_rows, capacity_text,
                              evidence_of, match_materials, number, papers_of, sorted_unique,
                              values)
from kb.query.tables import best_capacity, paper_pathways, pathway_text


@dataclass
class Pattern:
    name: str
    template: str
    examples: tuple[str, ...]
    regexes: tuple[re.Pattern[str], ...]
    handler: Callable[[View, dict[str, str]], "Result"]


@dataclass
class Result:
    question: str
    pattern: str | None
    answers: list[dict[str, Any]] = field(default_factory=list)
    message: str = ""
    suggestions: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"question": self.question, "pattern": self.pattern,
                               "answers": self.answers}
        if self.message:
            out["message"] = self.message
        if self.suggestions:
            out["suggestions"] = self.suggestions
        out.update(self.extra)
        return out


class NoPattern(QueryError):
    def __init__(self, question: str, suggestions: list[str]):
        self.question, self.suggestions = question, suggestions
        super().__init__("the question fits no known pattern; closest: "
                         + " | ".join(suggestions))


# --------------------------------------------------------------------------- phrases
_ROLE = synonyms.alternation("role")
_WHICH = r"(?:which|what)"
_VERB_SHOW = (r"(?:show|shows|showed|exhibit|exhibits|display|displays|suffer|suffers|"
              r"suffer from|undergo|undergoes|experience|experiences|have|has|present|"
              r"presents|report|reports|reveal|reveals)")
_FILLER = re.compile(r"\b(?:type|types|based|materials?|batteries|battery|cells?|the|a|an|"
                     r"in|for|of|on|upon|during|and|with|electrodes?|systems?|ion|ions)\b")


def _clean_question(q: str) -> str:
    q = re.sub(r"\s+", " ", q.strip())
    return re.sub(r"[?.!\s]+$", "", q)


def _ion_in(text: str | None) -> str | None:
    if not text:
        return None
    hits = synonyms.find("ion", text)
    ions = sorted({h.canonical for h in hits})
    if len(ions) > 1:
        raise QueryError(f"the question names several ions ({', '.join(ions)}); ask about one")
    return ions[0] if ions else None


def _mechanism_phrase(phrase: str | None) -> tuple[str | None, str | None]:
    """'conversion-type', 'sodium-ion alloying' -> (mechanism, ion); an unknown
    adjective is an error naming the vocabulary, not a silent 'any'."""
    if not phrase:
        return None, None
    mech_hits = synonyms.find("mechanism", phrase)
    ion = _ion_in(phrase)
    rest = synonyms.fold(phrase)
    for h in sorted(mech_hits + synonyms.find("ion", phrase), key=lambda h: -h.start):
        rest = rest[:h.start] + " " + rest[h.end:]
    rest = _FILLER.sub(" ", rest).strip(" -,")
    if rest:
        raise QueryError(f"unknown mechanism '{phrase}'; known: "
                         + ", ".join(synonyms.known("mechanism")))
    mechs = sorted({h.canonical for h in mech_hits})
    if len(mechs) > 1:
        raise QueryError(f"ask about one mechanism at a time (got {', '.join(mechs)})")
    return (mechs[0] if mechs else None), ion


def _role(word: str) -> str | None:
    r = synonyms.normalize("role", word)
    return None if r in (None, "any") else r


_TAIL = re.compile(r"\s+(?:in|for|during|on|upon|as|when|under)\s+(?P<ctx>.+)$", re.IGNORECASE)
_MAT_STRIP = re.compile(r"^(?:the|a|an)\s+|\s+(?:anodes?|cathodes?|electrodes?|materials?)$",
                        re.IGNORECASE)


def _material_phrase(phrase: str) -> tuple[str, str | None]:
    """'Bi2S3 in sodium-ion batteries' -> ('Bi2S3', 'Na'); 'the Sb anode' -> 'Sb'."""
    phrase = phrase.strip().strip("'\"“”‘’")
    ion = None
    m = _TAIL.search(phrase)
    if m and synonyms.find("ion", m.group("ctx")):
        ion = _ion_in(m.group("ctx"))
        phrase = phrase[:m.start()]
    prev = None
    while prev != phrase:
        prev = phrase
        phrase = _MAT_STRIP.sub("", phrase).strip()
    return phrase.strip("'\"“”‘’"), ion


# --------------------------------------------------------------------------- answers
def _answer(material: str, ion: str | None, support: list[Row], **fields) -> dict[str, Any]:
    out: dict[str, Any] = {"material": material, "ion": ion}
    out.update(fields)
    out["papers"] = papers_of(support)
    out["evidence"] = evidence_of(support)
    return out


def _no_answer(result: Result, what: str) -> Result:
    if not result.answers:
        result.message = f"no answer: {what}"
    return result


def _best_supported_first(result: Result) -> Result:
    """Materials backed by more papers first (then by name, ion): the reader sees
    the well-established answers before single mentions."""
    result.answers.sort(key=lambda a: (-len(a["papers"]), a["material"], a["ion"] or ""))
    return result


def _by_ion(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    out: dict[str, list[Row]] = {}
    for r in rows:
        out.setdefault(r["ion"] or "", []).append(r)
    return sorted(out.items())


def _mechanism_phenomenon(view: View, g: dict[str, str]) -> Result:
    mech, ion1 = _mechanism_phrase(g.get("mech"))
    rest = g["rest"]
    phen_hits = synonyms.find("phenomenon", rest)
    if not phen_hits:
        raise QueryError(f"no known phenomenon in '{rest}'; known: "
                         + ", ".join(synonyms.known("phenomenon")))
    phen = phen_hits[0].canonical
    folded = synonyms.fold(rest)
    ion2 = _ion_in(folded[:phen_hits[0].start] + " " + folded[phen_hits[0].end:])
    if ion1 and ion2 and ion1 != ion2:
        raise QueryError(f"the question names two ions ({ion1}, {ion2})")
    c = Criteria(mechanism=mech, role=_role(g["role"]), ion=ion1 or ion2, phenomenon=phen)
    res = Result(g["_q"], "mechanism_phenomenon", extra={"criteria": _criteria_json(c)})
    for m in match_materials(view, c):
        res.answers.append(_answer(
            m.material, m.ion, m.support,
            mechanisms=values(m.facts, "mechanism", "mechanism"),
            phenomenon=phen,
            roles=values(m.facts, "material", "role"),
            detail=_detail(mech and f"mechanism {mech}", f"shows {phen}")))
    return _no_answer(_best_supported_first(res), f"no material matches {c.describe()}")


_CAP_TAIL_CYCLES = re.compile(r"\b(?:after|over|for|within|upon)\s+(?P<n>\d+)\s+cycles?\b", re.I)
_CAP_TAIL_CURRENT = re.compile(
    r"\bat\s+(?:a\s+)?(?:current(?:\s+density)?\s+of\s+|rate\s+of\s+)?"
    r"(?P<cur>\d+(?:\.\d+)?\s*(?:mA\s*/\s*g|A\s*/\s*g|mA\s*g\s*[-−]\s*1|A\s*g\s*[-−]\s*1|C))(?![\w/])", re.I)


def _capacity_threshold(view: View, g: dict[str, str]) -> Result:
    mech, ion1 = _mechanism_phrase(g.get("mech"))
    rest = g.get("rest") or ""
    cyc = _CAP_TAIL_CYCLES.search(rest)
    cur = _CAP_TAIL_CURRENT.search(rest)
    leftover = rest
    for m in (cyc, cur):
        if m:
            leftover = leftover.replace(m.group(0), " ")
    ion2 = _ion_in(leftover)
    if ion1 and ion2 and ion1 != ion2:
        raise QueryError(f"the question names two ions ({ion1}, {ion2})")
    current = re.sub(r"\s+", " ", cur.group("cur")) if cur else None
    c = Criteria(mechanism=mech, role=_role(g["role"]), ion=ion1 or ion2,
                 min_capacity=float(g["n"]),
                 strict_capacity=g["cmp"].lower() not in ("at least", ">="),
                 min_cycles=int(cyc.group("n")) if cyc else None, current=current)
    res = Result(g["_q"], "capacity_threshold", extra={"criteria": _criteria_json(c)})
    scored = []
    for m in match_materials(view, c):
        caps = sorted(capacity_rows(m.facts, c),
                      key=lambda r: (-float(r["value"]), r["paper"], r["_pos"]))
        best = best_capacity(caps) or caps[0]
        scored.append(((-float(best["value"]), m.material, m.ion or ""), m, caps, best))
    for _, m, caps, best in sorted(scored, key=lambda t: t[0]):
        support = [r for r in m.support if r["type"] != "capacity"] + caps
        res.answers.append(_answer(
            m.material, m.ion, support,
            mechanisms=values(m.facts, "mechanism", "mechanism"),
            best_capacity_mAh_g=best["value"],
            capacities=[capacity_text(r) for r in caps],
            detail=capacity_text(best)))
    return _no_answer(res, f"no material matches {c.describe()}")


def _phases_formed(view: View, g: dict[str, str]) -> Result:
    name, ion_ctx = _material_phrase(g["mat"])
    entity = view.resolve(name)
    ion = _ion_in(g.get("dir")) or ion_ctx
    res = Result(g["_q"], "phases_formed")
    for ion_key, grp in _by_ion(view.of(entity)):
        if ion and ion_key != ion:
            continue
        pws = paper_pathways(grp)
        if not pws:
            continue
        best = pws[0]
        steps = [{"step": i, "phase": r["phase"], "role": r["role"]}
                 for i, step in enumerate(best["steps"], 1) for r in step]
        support = [r for step in best["steps"] for r in step]
        support += [r for r in grp if r["type"] == "phase" and r["role"] == "sei"]
        others = [{"paper": p["paper"], "doi": p["doi"], "pathway": p["text"]} for p in pws[1:]]
        res.answers.append(_answer(entity, ion_key or None, support, pathway=steps,
                                   pathway_paper=best["paper"], other_pathways=others,
                                   detail=pathway_text(grp)
                                   + (f" (+{len(others)} other paper(s))" if others else "")))
    what = f"no phases are recorded for {entity}" + (f" with {ion}" if ion else "")
    return _no_answer(res, what)


def _techniques_for_material(view: View, g: dict[str, str]) -> Result:
    name, ion = _material_phrase(g["mat"])
    entity = view.resolve(name)
    tech = [r for r in view.of(entity) if r["type"] == "technique" and r["technique"]]
    if ion:
        tech = [r for r in tech if r["ion"] == ion]
    res = Result(g["_q"], "techniques_for_material")
    for ion_key, grp in _by_ion(tech):
        pairs = sorted({(r["technique"], r["mode"] or "") for r in grp})
        items = [{"technique": t, "mode": mode or None} for t, mode in pairs]
        res.answers.append(_answer(entity, ion_key or None, grp, techniques=items,
                                   detail=", ".join(_tech_label(i) for i in items)))
    return _no_answer(res, f"no technique is recorded for {entity}")


def _tech_label(item: dict[str, Any]) -> str:
    return item["technique"] + (f" ({item['mode']})" if item.get("mode") else "")


_MODES = {"in situ": "in_situ", "in-situ": "in_situ", "operando": "operando",
          "ex situ": "ex_situ", "ex-situ": "ex_situ"}


def _materials_by_technique(view: View, g: dict[str, str]) -> Result:
    phrase = g["tech"]
    phrase_ctx = _TAIL.search(phrase)
    ion = None
    if phrase_ctx and synonyms.find("ion", phrase_ctx.group("ctx")):
        ion = _ion_in(phrase_ctx.group("ctx"))
        phrase = phrase[:phrase_ctx.start()]
    folded = synonyms.fold(phrase)
    mode = next((v for k, v in _MODES.items() if folded.startswith(k)), None)
    tech = synonyms.first("technique", phrase)
    if tech is None:
        raise QueryError(f"unknown technique '{phrase}'; known: "
                         + ", ".join(synonyms.known("technique")))
    c = Criteria(technique=tech, ion=ion)
    res = Result(g["_q"], "materials_by_technique", extra={"criteria": _criteria_json(c)})
    for m in match_materials(view, c):
        sup = m.support
        if mode:
            sup = [r for r in sup if r["mode"] == mode]
            if not sup:
                continue
        modes = sorted_unique(r["mode"] for r in sup)
        res.answers.append(_answer(m.material, m.ion, sup, technique=tech, modes=modes,
                                   detail=tech + (f" ({', '.join(modes)})" if modes else "")))
    return _no_answer(_best_supported_first(res),
                      f"no material was studied by {tech}" + (f" ({mode})" if mode else ""))


_STATEMENT = ("type", "role", "mechanism", "phase", "technique", "phenomenon", "kind")


def _profile_answers(view: View, entity: str, ion: str | None = None) -> list[dict[str, Any]]:
    """One answer per ion: what the store knows, each item backed by its first evidence."""
    facts = view.of(entity)
    if ion:
        facts = [r for r in facts if r["ion"] == ion]
    out = []
    for ion_key, g in _by_ion(facts):
        g = sorted(g, key=lambda r: (r["paper"], r["_pos"]))
        # one supporting sentence per distinct statement, so the evidence list
        # stays readable for a well-studied material
        support, seen = [], set()
        for r in g:
            k = tuple(r[f] for f in _STATEMENT)
            if k not in seen:
                seen.add(k)
                support.append(r)
        best = best_capacity(g)
        caps = sorted(capacity_rows(g, Criteria()),
                      key=lambda r: (-float(r["value"]), r["paper"], r["_pos"]))
        mechs = values(g, "mechanism", "mechanism")
        phen = values(g, "phenomenon", "phenomenon")
        techs = values(g, "technique", "technique")
        path = pathway_text(g)
        out.append(_answer(
            entity, ion_key or None, support,
            roles=values(g, "material", "role"), mechanisms=mechs, pathway=path,
            best_capacity=capacity_text(best) if best else None,
            capacities=[capacity_text(r) for r in caps], techniques=techs, phenomena=phen,
            detail=_detail(mechs and "mechanisms: " + ", ".join(mechs),
                           path and "pathway: " + path,
                           best and "best: " + capacity_text(best),
                           phen and "phenomena: " + ", ".join(phen),
                           techs and "techniques: " + ", ".join(techs))))
    return out


def _material_profile(view: View, g: dict[str, str]) -> Result:
    name, ion = _material_phrase(g["mat"])
    entity = view.resolve(name)
    res = Result(g["_q"], "material_profile", answers=_profile_answers(view, entity, ion))
    return _no_answer(res, f"nothing is recorded for {entity}" + (f" with {ion}" if ion else ""))


def _compare(view: View, g: dict[str, str]) -> Result:
    (a, ion_a), (b, ion_b) = _material_phrase(g["a"]), _material_phrase(g["b"])
    ea, eb = view.resolve(a), view.resolve(b)
    if ea == eb:
        raise QueryError(f"'{a}' and '{b}' are the same material ({ea})")
    ion = ion_a or ion_b
    pa, pb = _profile_answers(view, ea, ion), _profile_answers(view, eb, ion)
    comparison = {}
    for key in ("mechanisms", "techniques", "phenomena"):
        sa = {v for ans in pa for v in ans[key]}
        sb = {v for ans in pb for v in ans[key]}
        comparison[key] = {"shared": sorted(sa & sb), ea: sorted(sa - sb), eb: sorted(sb - sa)}
    comparison["ions"] = {ea: sorted({x["ion"] for x in pa if x["ion"]}),
                          eb: sorted({x["ion"] for x in pb if x["ion"]})}
    res = Result(g["_q"], "compare", answers=pa + pb, extra={"comparison": comparison})
    return _no_answer(res, f"nothing is recorded for {ea} or {eb}")


def _papers_phenomenon_material(view: View, g: dict[str, str]) -> Result:
    phen = synonyms.first("phenomenon", g["phen"])
    if phen is None:
        raise QueryError(f"unknown phenomenon '{g['phen']}'; known: "
                         + ", ".join(synonyms.known("phenomenon")))
    name, ion = _material_phrase(g["mat"])
    entity = view.resolve(name)
    c = Criteria(material=entity, phenomenon=phen, ion=ion)
    res = Result(g["_q"], "papers_phenomenon_material", extra={"criteria": _criteria_json(c)})
    for m in match_materials(view, c):
        vals = sorted({f"{number(r['value'])} {r['unit'] or ''}".strip() for r in m.support
                       if r["value"] is not None})
        n = len({r["paper"] for r in m.support})
        res.answers.append(_answer(m.material, m.ion, m.support, phenomenon=phen, values=vals,
                                   detail=f"{phen} in {n} paper(s)"))
    return _no_answer(res, f"no paper reports {phen} in {entity}" + (f" with {ion}" if ion else ""))


def _detail(*parts: str | None) -> str:
    return "; ".join(p for p in parts if p)


def _criteria_json(c: Criteria) -> dict[str, Any]:
    return {k: v for k, v in vars(c).items() if v is not None and v is not False}


# --------------------------------------------------------------------------- patterns
def _rx(*sources: str) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(s, re.IGNORECASE) for s in sources)


_DIR = (r"(?P<dir>(?:de)?sodiated|(?:de)?lithiated|(?:de)?potassiated|magnesiated|"
        r"cycled(?:\s+(?:in|with|against)\s+.+)?|charged|discharged|reacted\s+with\s+.+)")
_CMP = r"(?P<cmp>more than|over|above|greater than|higher than|in excess of|exceeding|at least|>=?)"

PATTERNS: tuple[Pattern, ...] = (
    Pattern("capacity_threshold",
            "which <mechanism> anodes deliver more than <N> mAh/g [after <M> cycles] [at <current>]?",
            ("which conversion anodes deliver more than 500 mAh/g after 100 cycles?",
             "which alloying anodes deliver more than 300 mAh/g at 0.1 A/g in SIBs?"),
            _rx(rf"^{_WHICH}\s+(?:(?P<mech>.+?)\s+)?(?P<role>{_ROLE})\s+"
                r"(?:deliver|delivers|delivered|show|shows|exhibit|exhibits|have|has|retain|retains|"
                r"achieve|achieves|provide|provides|reach|reaches|keep|keeps|maintain|maintains)\s+"
                r"(?:an?\s+)?(?:(?:reversible|specific|discharge|charge)\s+)*(?:capacit(?:y|ies)\s+(?:of\s+)?)?"
                rf"{_CMP}\s*(?P<n>\d+(?:\.\d+)?)\s*(?:mAh\s*/\s*g|mAh\s*g\s*[-−]\s*1|mAh/g)?"
                r"(?P<rest>(?:\s+.*)?)$"),
            _capacity_threshold),
    Pattern("mechanism_phenomenon",
            "which <mechanism> <role>s show <phenomenon> [in <ion> batteries]?",
            ("which conversion anodes show irreversible first cycles?",
             "which alloying anodes crack on sodiation?",
             "which alloy-type negative electrodes show volume expansion in sodium-ion batteries?"),
            _rx(rf"^{_WHICH}\s+(?:(?P<mech>.+?)\s+)?(?P<role>{_ROLE})\s+(?:{_VERB_SHOW}\s+)?(?P<rest>.+)$"),
            _mechanism_phenomenon),
    Pattern("phases_formed",
            "what phases form when <material> is sodiated|lithiated|potassiated?",
            ("what phases form when Bi2S3 is sodiated?",
             "what is the reaction pathway of SnO2 during lithiation?"),
            _rx(r"^(?:what|which)\s+(?:phases?|products?|intermediates?|compounds?)\s+"
                r"(?:form|forms|are formed|is formed|appear|appears|occur|evolve|arise)\s+"
                rf"(?:when|as|while|after)\s+(?P<mat>.+?)\s+(?:is|are|gets|get|becomes|was|were)\s+{_DIR}$",
                r"^(?:what|which)\s+(?:phases?|products?|intermediates?)\s+(?:form|forms|are formed|appear)\s+"
                r"(?:during|on|upon|in)\s+(?:the\s+)?(?P<dir>\w+)\s+of\s+(?P<mat>.+)$",
                r"^(?:what|which)\s+(?:is|are)\s+the\s+(?:reaction\s+)?(?:pathway|pathways|phases|"
                r"phase evolution|reaction mechanism|sodiation mechanism|lithiation mechanism|"
                r"reaction products)\s+(?:of|for|in)\s+(?P<mat>.+?)"
                r"(?:\s+(?:during|on|upon|in|when)\s+(?P<dir>.+))?$"),
            _phases_formed),
    Pattern("techniques_for_material",
            "which techniques were used to study <material>?",
            ("which techniques were used to study Bi2S3?",
             "how was Sb studied?"),
            _rx(r"^(?:which|what)\s+(?:(?:characteri[sz]ation\s+)?techniques?|methods?|tools?|"
                r"characteri[sz]ation(?:\s+methods)?)\s+(?:were|was|are|is|have been|has been)\s+"
                r"(?:used|applied|employed)\s+(?:to\s+(?:study|characteri[sz]e|investigate|probe|"
                r"examine|analy[sz]e)|on|for|with)\s+(?P<mat>.+)$",
                r"^how\s+(?:was|were|is|has|have)\s+(?P<mat>.+?)\s+(?:been\s+)?"
                r"(?:studied|characteri[sz]ed|investigated|examined|probed)$"),
            _techniques_for_material),
    Pattern("materials_by_technique",
            "which materials were studied by <technique>?",
            ("which materials were studied by in situ TEM?",
             "which materials were characterized with XRD?"),
            _rx(r"^(?:which|what)\s+(?:materials?|anodes?|electrodes?|compounds?)\s+"
                r"(?:were|was|are|is|have been|has been)\s+(?:studied|characteri[sz]ed|investigated|"
                r"examined|probed|observed|analy[sz]ed|imaged|measured)\s+(?:by|with|using|via|through|in)\s+"
                r"(?P<tech>.+)$"),
            _materials_by_technique),
    Pattern("material_profile",
            "what is known about <material>?",
            ("what is known about Bi2S3?", "tell me about hard carbon"),
            _rx(r"^(?:what\s+(?:is|do\s+we)\s+know[n]?\s+(?:about|of)|what\s+do\s+we\s+know\s+about|"
                r"tell\s+me\s+about|summari[sz]e|describe)\s+(?P<mat>.+)$"),
            _material_profile),
    Pattern("compare",
            "compare <material> and <material>",
            ("compare Bi2S3 and Sb2S3", "how does Sn compare with Sb?"),
            _rx(r"^compare\s+(?P<a>.+?)\s+(?:and|with|to|vs\.?|versus)\s+(?P<b>.+)$",
                r"^how\s+does\s+(?P<a>.+?)\s+compare\s+(?:to|with|against)\s+(?P<b>.+)$",
                r"^(?P<a>\S+)\s+(?:vs\.?|versus)\s+(?P<b>\S+)$"),
            _compare),
    Pattern("papers_phenomenon_material",
            "which papers report <phenomenon> in <material>?",
            ("which papers report cracking in Bi2S3?",
             "which papers report volume expansion of Sn?"),
            _rx(r"^(?:which|what)\s+(?:papers?|articles?|studies|references?|publications?)\s+"
                r"(?:report|reports|reported|show|shows|describe|describes|observe|observes|observed|"
                r"mention|mentions|discuss|discusses)\s+(?P<phen>.+?)\s+(?:in|of|for|on|during)\s+(?P<mat>.+)$"),
            _papers_phenomenon_material),
)


def _needs_rest(p: Pattern, groups: dict[str, str]) -> bool:
    """The broad mechanism_phenomenon regex only fits when a phenomenon is named."""
    if p.name != "mechanism_phenomenon":
        return True
    return bool(synonyms.find("phenomenon", groups.get("rest") or ""))


def match(question: str) -> tuple[Pattern, dict[str, str]] | None:
    q = _clean_question(question)
    # The broad "which <x> <role>s <anything with a phenomenon>" form is tried
    # last so that a more specific pattern always wins.
    for p in sorted(PATTERNS, key=lambda p: p.name == "mechanism_phenomenon"):
        for rx in p.regexes:
            m = rx.match(q)
            if m:
                groups = {k: v for k, v in m.groupdict().items() if v is not None}
                if not _needs_rest(p, groups):
                    continue
                groups["_q"] = question
                return p, groups
    return None


def suggest(question: str, limit: int = 3) -> list[str]:
    """The closest documented patterns, as templates a user can fill in."""
    choices: dict[str, str] = {}
    for p in PATTERNS:
        choices[p.template] = p.template
        for ex in p.examples:
            choices[ex] = p.template
    scored = process.extract(_clean_question(question).lower(), list(choices),
                             scorer=fuzz.token_set_ratio, processor=str.lower, limit=len(choices))
    out: list[str] = []
    for text, _score, _ in scored:
        t = choices[text]
        if t not in out:
            out.append(t)
        if len(out) == limit:
            break
    return out


def ask(store_or_view, question: str) -> Result:
    """Answer ``question`` from the store; NoPattern / UnknownMaterial / QueryError otherwise."""
    view = store_or_view if isinstance(store_or_view, View) else View(store_or_view)
    if not question or not question.strip():
        raise NoPattern(question or "", suggest(""))
    hit = match(question)
    if hit is None:
        raise NoPattern(question, suggest(question))
    pattern, groups = hit
    return pattern.handler(view, groups)


def help_text() -> str:
    lines = ["Question patterns (case-insensitive, '?' optional):"]
    for p in PATTERNS:
        lines.append(f"  {p.template}")
        lines.append(f"      e.g. \"{p.examples[0]}\"")
    return "\n".join(lines)
