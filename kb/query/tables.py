"""Review tables: the shapes a person pastes into a review article.

The structured commands (`kb materials`, `kb phases`, `kb capacities`,
`kb techniques`, `kb evidence`) print these, and `kb export table` writes them,
so what a reviewer sees on screen is exactly what lands in the spreadsheet.
Every table is a DataFrame with a fixed column order and a total row order
(ties broken down to the paper id), which is what makes exports byte-stable.
"""
from __future__ import annotations

from typing import Any, Iterable

import pandas as pd

from kb.query.filters import (Criteria, QueryError, Row, View, capacity_rows, capacity_text,
                              clean, describe_fact, match_materials, sorted_unique, values)

MATERIAL_COLUMNS = ["material", "ion", "roles", "mechanisms", "pathway", "best_capacity",
                    "best_capacity_mAh_g", "best_capacity_current", "best_capacity_cycles",
                    "techniques", "phenomena", "n_papers", "references"]
CAPACITY_COLUMNS = ["material", "ion", "value", "unit", "kind", "current", "cycles",
                    "retention_percent", "paper", "doi", "section", "evidence"]
PHASE_COLUMNS = ["material", "ion", "paper", "doi", "step", "phase", "role", "section",
                 "evidence"]
MECHANISM_COLUMNS = ["material", "ion", "mechanism", "n_papers", "references", "paper",
                     "section", "evidence"]
TECHNIQUE_COLUMNS = ["technique", "modes", "n_materials", "materials", "n_papers", "references"]
MATERIAL_TECHNIQUE_COLUMNS = ["material", "ion", "technique", "mode", "n_papers", "references",
                              "paper", "section", "evidence"]
EVIDENCE_COLUMNS = ["material", "ion", "type", "fact", "paper", "doi", "section", "sentence",
                    "confidence"]
SORTS = ("value", "cycles", "material")

# Among measured capacities, the ones that describe sustained performance come
# first: a first-discharge value includes SEI formation and is never quoted
# as what an electrode "delivers" when a reversible value exists.
_PREFERRED_KINDS = ("reversible", "retained", "charge", "discharge", "other")


def _refs(rows: Iterable[Row]) -> str:
    """References as DOIs (paper id when a paper has no DOI), sorted, '; '-joined."""
    return "; ".join(sorted({r["doi"] or str(r["paper"]) for r in rows}))


def _join(vals: Iterable[Any]) -> str:
    return ", ".join(str(v) for v in sorted_unique(vals))


def _n_papers(rows: Iterable[Row]) -> int:
    return len({r["paper"] for r in rows})


def best_capacity(rows: Iterable[Row]) -> Row | None:
    caps = capacity_rows(rows, Criteria())
    if not caps:
        return None
    preferred = [r for r in caps if r["kind"] in _PREFERRED_KINDS]
    caps = preferred or caps
    return min(caps, key=lambda r: (-float(r["value"]), -(r["cycles"] if r["cycles"] is not None else -1),
                                    r["paper"], r["_pos"]))


def paper_pathways(rows: Iterable[Row]) -> list[dict[str, Any]]:
    """One reaction pathway per paper, built by kb.graph.pathway.steps (the rule
    `kb show` and the graph's TRANSFORMS_TO edges use, so every view tells the
    same story). Papers state phases in their own order, so pathways are not
    merged across papers; the longest (most detailed) comes first."""
    from kb.graph import pathway as pw
    by_paper: dict[str, list[Row]] = {}
    for r in sorted(rows, key=lambda r: r["_pos"]):
        if r["type"] == "phase" and r["phase"]:
            by_paper.setdefault(r["paper"], []).append(r)
    out = []
    for paper, ph in by_paper.items():
        steps = pw.steps([(r["role"], r["order"], r["phase"], r) for r in ph],
                         host=ph[0]["entity"], ion=ph[0]["ion"])
        sei = [r for r in ph if r["role"] == "sei"]
        if not steps and not sei:
            continue
        out.append({"paper": paper, "doi": ph[0]["doi"],
                    "steps": [[r for _, r in step] for step in steps],
                    "interphases": sorted({r["phase"] for r in sei}),
                    "text": pw.render(None, steps, arrow=" → ")})
    out.sort(key=lambda p: (-len(p["steps"]), p["paper"]))
    return out


def pathway_text(rows: Iterable[Row]) -> str:
    """The most detailed paper's pathway ("NaxBi2S3 → NaBiS2 → Na3Bi + Na2S"),
    plus interphases."""
    pws = paper_pathways(rows)
    if not pws:
        return ""
    text = pws[0]["text"]
    sei = sorted({p for pw in pws for p in pw["interphases"]})
    if sei:
        text += ("; " if text else "") + "SEI: " + ", ".join(sei)
    return text


def materials_table(view: View, c: Criteria | None = None) -> pd.DataFrame:
    """One row per material and ion meeting ``c``."""
    rows = []
    for m in match_materials(view, c or Criteria()):
        g = m.facts
        best = best_capacity(g)
        rows.append({
            "material": m.material,
            "ion": m.ion,
            "roles": _join(values(g, "material", "role")),
            "mechanisms": _join(values(g, "mechanism", "mechanism")),
            "pathway": pathway_text(g),
            "best_capacity": capacity_text(best) if best else "",
            "best_capacity_mAh_g": best["value"] if best else None,
            "best_capacity_current": best["current"] if best else None,
            "best_capacity_cycles": best["cycles"] if best else None,
            "techniques": _join(values(g, "technique", "technique")),
            "phenomena": _join(values(g, "phenomenon", "phenomenon")),
            "n_papers": _n_papers(g),
            "references": _refs(g),
        })
    df = pd.DataFrame(rows, columns=MATERIAL_COLUMNS)
    df["best_capacity_mAh_g"] = df["best_capacity_mAh_g"].astype("float64")
    df["best_capacity_cycles"] = pd.array(
        [None if v is None or v != v else int(v) for v in df["best_capacity_cycles"]], dtype="Int64")
    return df


def _frame(rows: list[dict[str, Any]], columns: list[str], ints=(), floats=()) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=columns)
    for c in ints:
        df[c] = pd.array([None if v is None or v != v else int(v) for v in df[c]], dtype="Int64")
    for c in floats:
        df[c] = df[c].astype("float64")
    return df


def capacities_table(view: View, c: Criteria | None = None, sort: str = "value") -> pd.DataFrame:
    """Every measured gravimetric capacity of the materials meeting ``c``."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort '{sort}'; use one of {', '.join(SORTS)}")
    c = c or Criteria()
    caps = [r for m in match_materials(view, c) for r in capacity_rows(m.facts, c)]
    cyc = lambda r: r["cycles"] if r["cycles"] is not None else -1  # noqa: E731
    keys = {"value": lambda r: (-r["value"], -cyc(r), r["paper"], r["_pos"]),
            "cycles": lambda r: (-cyc(r), -r["value"], r["paper"], r["_pos"]),
            "material": lambda r: (r["entity"], r["ion"] or "", -r["value"], r["paper"], r["_pos"])}
    caps.sort(key=keys[sort])
    out = [{**{k: r[k] for k in CAPACITY_COLUMNS if k in r}, "material": r["entity"]} for r in caps]
    return _frame(out, CAPACITY_COLUMNS, ints=("cycles",), floats=("value", "retention_percent"))


def phases_table(view: View, entity: str | None = None, ion: str | None = None) -> pd.DataFrame:
    """Reaction pathway steps per material, ion and paper (all materials when entity
    is None); interphases follow with no step number."""
    rows = []
    groups = view.groups if entity is None else view.groups_of(entity)
    for (ent, ion_key), g in sorted(groups.items()):
        if (entity is not None and ent != entity) or (ion is not None and ion_key != ion):
            continue
        for pw in sorted(paper_pathways(g), key=lambda p: p["paper"]):
            for i, step in enumerate(pw["steps"], 1):
                for r in step:
                    rows.append({"material": ent, "ion": ion_key or None, "paper": pw["paper"],
                                 "doi": pw["doi"], "step": i, "phase": r["phase"],
                                 "role": r["role"], "section": r["section"],
                                 "evidence": r["evidence"]})
            seen = set()
            for r in g:
                if r["type"] == "phase" and r["role"] == "sei" and r["paper"] == pw["paper"] \
                        and r["phase"] not in seen:
                    seen.add(r["phase"])
                    rows.append({"material": ent, "ion": ion_key or None, "paper": pw["paper"],
                                 "doi": pw["doi"], "step": None, "phase": r["phase"],
                                 "role": "sei", "section": r["section"],
                                 "evidence": r["evidence"]})
    return _frame(rows, PHASE_COLUMNS, ints=("step",))


def mechanisms_table(view: View, c: Criteria | None = None) -> pd.DataFrame:
    rows = []
    for m in match_materials(view, c or Criteria()):
        by: dict[str, list[Row]] = {}
        for r in m.facts:
            if r["type"] == "mechanism" and r["mechanism"]:
                by.setdefault(r["mechanism"], []).append(r)
        for name in sorted(by):
            g = by[name]
            first = min(g, key=lambda r: (r["paper"], r["_pos"]))
            rows.append({"material": m.material, "ion": m.ion, "mechanism": name,
                         "n_papers": _n_papers(g), "references": _refs(g),
                         "paper": first["paper"], "section": first["section"],
                         "evidence": first["evidence"]})
    return _frame(rows, MECHANISM_COLUMNS, ints=("n_papers",))


def techniques_table(view: View, entity: str | None = None) -> pd.DataFrame:
    """Without a material: which techniques the corpus uses, on what. With one:
    how that material was studied, with the sentence that says so."""
    tech = [r for r in (view.rows if entity is None else view.of(entity))
            if r["type"] == "technique" and r["technique"]]
    if entity is None:
        by: dict[str, list[Row]] = {}
        for r in tech:
            by.setdefault(r["technique"], []).append(r)
        rows = []
        for name in sorted(by):
            g = by[name]
            mats = sorted_unique(r["entity"] for r in g)
            rows.append({"technique": name, "modes": _join(r["mode"] for r in g),
                         "n_materials": len(mats), "materials": ", ".join(mats),
                         "n_papers": _n_papers(g), "references": _refs(g)})
        return _frame(rows, TECHNIQUE_COLUMNS, ints=("n_materials", "n_papers"))
    by2: dict[tuple[str, str, str], list[Row]] = {}
    for r in tech:
        by2.setdefault((r["ion"] or "", r["technique"], r["mode"] or ""), []).append(r)
    rows = []
    for (ion, name, mode) in sorted(by2):
        g = by2[(ion, name, mode)]
        first = min(g, key=lambda r: (r["paper"], r["_pos"]))
        rows.append({"material": entity, "ion": ion or None, "technique": name,
                     "mode": mode or None, "n_papers": _n_papers(g), "references": _refs(g),
                     "paper": first["paper"], "section": first["section"],
                     "evidence": first["evidence"]})
    return _frame(rows, MATERIAL_TECHNIQUE_COLUMNS, ints=("n_papers",))


_TYPE_ORDER = {t: i for i, t in enumerate(("material", "mechanism", "phase", "capacity",
                                           "technique", "phenomenon"))}


def evidence_table(view: View, entity: str, fact_type: str | None = None) -> pd.DataFrame:
    """Every evidence sentence the store holds for a material's facts (not just
    the best one per fact), so a curator can check each claim."""
    facts = view.of(entity)
    if fact_type is not None:
        if fact_type not in _TYPE_ORDER:
            raise QueryError(f"unknown fact type '{fact_type}'; use one of " + ", ".join(_TYPE_ORDER))
        facts = [r for r in facts if r["type"] == fact_type]
    if not facts:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    by_id = {r["fact_id"]: r for r in facts}
    ev = view.store.evidence(list(by_id))
    sentences: list[tuple[Row, str, str, Any]] = []
    if ev is not None and len(ev):
        for fid, section, sentence, conf in zip(ev["fact_id"], ev["section"], ev["sentence"],
                                                ev["confidence"]):
            if fid in by_id:
                sentences.append((by_id[fid], clean(section), clean(sentence), clean(conf)))
    else:
        sentences = [(r, r["section"], r["evidence"], r["confidence"]) for r in facts]
    out, seen = [], set()
    for r, section, sentence, conf in sorted(
            sentences, key=lambda t: (_TYPE_ORDER[t[0]["type"]], t[0]["ion"] or "", t[0]["paper"],
                                      t[0]["_pos"], t[2] or "")):
        fact = describe_fact(r)
        key = (r["type"], fact, r["paper"], sentence)
        if key in seen:
            continue
        seen.add(key)
        out.append({"material": entity, "ion": r["ion"], "type": r["type"], "fact": fact,
                    "paper": r["paper"], "doi": r["doi"], "section": section,
                    "sentence": sentence,
                    "confidence": round(float(conf), 3) if conf is not None else None})
    return _frame(out, EVIDENCE_COLUMNS, floats=("confidence",))


def search_table(view: View, text: str, limit: int = 20) -> pd.DataFrame:
    cols = ["rank", "paper", "doi", "title", "section", "sentence"]
    if not text or not text.strip():
        raise QueryError("empty search text")
    if limit < 1:
        raise QueryError("--limit must be at least 1")
    res = view.store.search(text, limit=limit)
    if res is None or res.empty:
        return pd.DataFrame(columns=cols)
    res = res.reset_index(drop=True)
    # the store's rank is FTS5 bm25 (lower = better); show 1..n, best first
    res = res.assign(_r=pd.to_numeric(res["rank"], errors="coerce")).sort_values(
        ["_r", "paper", "sentence"], kind="stable")
    res["rank"] = range(1, len(res) + 1)
    return res[cols].reset_index(drop=True)


__all__ = ["materials_table", "capacities_table", "phases_table", "mechanisms_table",
           "techniques_table", "evidence_table", "search_table", "paper_pathways",
           "pathway_text", "best_capacity"]
