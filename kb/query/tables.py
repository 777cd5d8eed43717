"""Review tables: the shapes a person pastes into a review article.

The structured commands (`kb materials`, `kb phases`, `kb capacities`,
`kb techniques`, `kb evidence`) print these, and `kb export table` writes them,
so what a reviewer sees on screen is exactly what lands in the spreadsheet.
Every table is a DataFrame with a fixed column order and a total row order
(ties broken down to the paper id), which is what makes exports byte-stable.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from kb.query.filters import (MEASURED_KINDS, PHASE_RANK, Criteria, QueryError, View,
                              capacity_rows, capacity_text, clean, describe_fact,
                              match_materials, number, records, sorted_unique)

MATERIAL_COLUMNS = ["material", "ion", "roles", "mechanisms", "pathway", "best_capacity",
                    "best_capacity_mAh_g", "best_capacity_current", "best_capacity_cycles",
                    "techniques", "phenomena", "n_papers", "references"]
CAPACITY_COLUMNS = ["material", "ion", "value", "unit", "kind", "current", "cycles",
                    "retention_percent", "paper", "doi", "section", "evidence"]
PHASE_COLUMNS = ["material", "ion", "step", "phase", "role", "n_papers", "references",
                 "paper", "section", "evidence"]
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


def _refs(facts: pd.DataFrame) -> str:
    """References as DOIs (paper id when a paper has no DOI), sorted, '; '-joined."""
    refs = set()
    for paper, doi in zip(facts["paper"], facts["doi"]):
        refs.add(clean(doi) or str(paper))
    return "; ".join(sorted(refs))


def _join(values) -> str:
    return ", ".join(str(v) for v in sorted_unique(values))


def best_capacity(facts: pd.DataFrame) -> dict[str, Any] | None:
    caps = capacity_rows(facts, Criteria())
    if caps.empty:
        return None
    preferred = caps[caps["kind"].isin(_PREFERRED_KINDS)]
    if not preferred.empty:
        caps = preferred
    caps = caps.assign(_v=caps["value"].astype(float),
                       _c=pd.to_numeric(caps["cycles"], errors="coerce").fillna(-1))
    caps = caps.sort_values(["_v", "_c", "paper", "_pos"], ascending=[False, False, True, True])
    return records(caps.head(1))[0]


def pathway(facts: pd.DataFrame) -> pd.DataFrame:
    """Phases of one material and ion in reaction order: intermediates, products,
    reformed phases, then interphases; within a role the order the text states,
    then first appearance. One row per (phase, role)."""
    ph = facts[(facts["type"] == "phase") & facts["phase"].notna()]
    if ph.empty:
        return ph.assign(_rank=[], _order=[])
    ph = ph.assign(_rank=ph["role"].map(PHASE_RANK).fillna(len(PHASE_RANK)),
                   _order=pd.to_numeric(ph["order"], errors="coerce").fillna(1e9))
    ph = ph.sort_values(["_rank", "_order", "paper", "_pos"])
    return ph


def pathway_text(facts: pd.DataFrame) -> str:
    ph = pathway(facts)
    if ph.empty:
        return ""
    main = ph[ph["role"].isin(["intermediate", "product"])].drop_duplicates("phase")
    # phases the text puts at the same step (same role and stated order) form
    # together: "Na3Bi + Na2S", not "Na3Bi → Na2S"
    steps: list[list[str]] = []
    last = None
    for phase, role, order in zip(main["phase"], main["role"], main["_order"]):
        key = (role, order) if order < 1e9 else None
        if key is not None and key == last:
            steps[-1].append(phase)
        else:
            steps.append([phase])
        last = key
    text = " → ".join(" + ".join(s) for s in steps)
    reformed = ph[ph["role"] == "reformed"].drop_duplicates("phase")
    if not reformed.empty:
        text += ("; " if text else "") + "reformed: " + ", ".join(reformed["phase"])
    sei = ph[ph["role"] == "sei"].drop_duplicates("phase")
    if not sei.empty:
        text += ("; " if text else "") + "SEI: " + ", ".join(sei["phase"])
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
            "roles": _join(g.loc[g["type"] == "material", "role"]),
            "mechanisms": _join(g.loc[g["type"] == "mechanism", "mechanism"]),
            "pathway": pathway_text(g),
            "best_capacity": capacity_text(best) if best else "",
            "best_capacity_mAh_g": best["value"] if best else None,
            "best_capacity_current": best["current"] if best else None,
            "best_capacity_cycles": best["cycles"] if best else None,
            "techniques": _join(g.loc[g["type"] == "technique", "technique"]),
            "phenomena": _join(g.loc[g["type"] == "phenomenon", "phenomenon"]),
            "n_papers": int(g["paper"].nunique()),
            "references": _refs(g),
        })
    df = pd.DataFrame(rows, columns=MATERIAL_COLUMNS)
    df["best_capacity_cycles"] = df["best_capacity_cycles"].astype("Int64")
    return df


def capacities_table(view: View, c: Criteria | None = None, sort: str = "value") -> pd.DataFrame:
    """Every measured gravimetric capacity of the materials meeting ``c``."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort '{sort}'; use one of {', '.join(SORTS)}")
    c = c or Criteria()
    parts = [capacity_rows(m.facts, c) for m in match_materials(view, c)]
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame(columns=CAPACITY_COLUMNS)
    caps = pd.concat(parts)
    caps = caps.assign(material=caps["entity"],
                       _v=caps["value"].astype(float),
                       _c=pd.to_numeric(caps["cycles"], errors="coerce").fillna(-1),
                       _ion=caps["ion"].fillna(""))
    keys = {"value": (["_v", "_c"], [False, False]),
            "cycles": (["_c", "_v"], [False, False]),
            "material": (["material", "_ion", "_v"], [True, True, False])}[sort]
    caps = caps.sort_values(keys[0] + ["paper", "_pos"], ascending=keys[1] + [True, True])
    out = caps[CAPACITY_COLUMNS].reset_index(drop=True)
    out["cycles"] = pd.to_numeric(out["cycles"], errors="coerce").astype("Int64")
    return out


def phases_table(view: View, entity: str | None = None, ion: str | None = None) -> pd.DataFrame:
    """Reaction pathway steps per material and ion (all materials when entity is None)."""
    facts = view.facts
    if entity is not None:
        facts = facts[facts["entity"] == entity]
    if ion is not None:
        facts = facts[facts["ion"] == ion]
    rows = []
    facts = facts.assign(_ion=facts["ion"].fillna(""))
    for (ent, ion_key), g in sorted(facts.groupby(["entity", "_ion"]), key=lambda kv: kv[0]):
        ph = pathway(g)
        if ph.empty:
            continue
        step = 0
        for (phase, role), pg in ph.groupby(["phase", "role"], sort=False):
            step += 1
            first = records(pg.head(1))[0]
            rows.append({"material": ent, "ion": ion_key or None, "step": step, "phase": phase,
                         "role": role, "n_papers": int(pg["paper"].nunique()),
                         "references": _refs(pg), "paper": first["paper"],
                         "section": first["section"], "evidence": first["evidence"]})
    return pd.DataFrame(rows, columns=PHASE_COLUMNS)


def mechanisms_table(view: View, c: Criteria | None = None) -> pd.DataFrame:
    rows = []
    for m in match_materials(view, c or Criteria()):
        mech = m.facts[m.facts["type"] == "mechanism"]
        for name, g in sorted(mech.groupby("mechanism"), key=lambda kv: kv[0]):
            first = records(g.sort_values(["paper", "_pos"]).head(1))[0]
            rows.append({"material": m.material, "ion": m.ion, "mechanism": name,
                         "n_papers": int(g["paper"].nunique()), "references": _refs(g),
                         "paper": first["paper"], "section": first["section"],
                         "evidence": first["evidence"]})
    return pd.DataFrame(rows, columns=MECHANISM_COLUMNS)


def techniques_table(view: View, entity: str | None = None) -> pd.DataFrame:
    """Without a material: which techniques the corpus uses, on what. With one:
    how that material was studied, with the sentence that says so."""
    tech = view.facts[view.facts["type"] == "technique"]
    if entity is None:
        rows = []
        for name, g in sorted(tech.groupby("technique"), key=lambda kv: kv[0]):
            mats = sorted_unique(g["entity"])
            rows.append({"technique": name, "modes": _join(g["mode"]),
                         "n_materials": len(mats), "materials": ", ".join(mats),
                         "n_papers": int(g["paper"].nunique()), "references": _refs(g)})
        return pd.DataFrame(rows, columns=TECHNIQUE_COLUMNS)
    tech = tech[tech["entity"] == entity]
    tech = tech.assign(_ion=tech["ion"].fillna(""), _mode=tech["mode"].fillna(""))
    rows = []
    for (ion, name, mode), g in sorted(tech.groupby(["_ion", "technique", "_mode"]),
                                       key=lambda kv: kv[0]):
        first = records(g.sort_values(["paper", "_pos"]).head(1))[0]
        rows.append({"material": entity, "ion": ion or None, "technique": name,
                     "mode": mode or None, "n_papers": int(g["paper"].nunique()),
                     "references": _refs(g), "paper": first["paper"],
                     "section": first["section"], "evidence": first["evidence"]})
    return pd.DataFrame(rows, columns=MATERIAL_TECHNIQUE_COLUMNS)


def evidence_table(view: View, entity: str, fact_type: str | None = None) -> pd.DataFrame:
    """Every evidence sentence the store holds for a material's facts (not just
    the best one per fact), so a curator can check each claim."""
    facts = view.of(entity)
    if fact_type is not None:
        from schemas.fact import FactType
        if fact_type not in {t.value for t in FactType}:
            raise QueryError(f"unknown fact type '{fact_type}'; use one of "
                             + ", ".join(t.value for t in FactType))
        facts = facts[facts["type"] == fact_type]
    if facts.empty:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    ev = view.store.evidence(list(facts["fact_id"]))
    if ev is None or ev.empty:
        ev = facts[["fact_id", "paper", "section", "evidence", "confidence"]].rename(
            columns={"evidence": "sentence"})
    merged = ev.merge(facts.drop(columns=["paper", "section", "confidence"]), on="fact_id",
                      how="inner")
    rows = []
    for r in records(merged):
        rows.append({"material": entity, "ion": r["ion"], "type": r["type"],
                     "fact": describe_fact(r), "paper": r["paper"], "doi": r["doi"],
                     "section": r["section"], "sentence": r["sentence"],
                     "confidence": round(float(r["confidence"]), 3) if r.get("confidence") is not None else None,
                     "_fid": r["_pos"], "_start": r.get("start")})
    df = pd.DataFrame(rows)
    order = {t: i for i, t in enumerate(("material", "mechanism", "phase", "capacity",
                                          "technique", "phenomenon"))}
    df = df.assign(_t=df["type"].map(order), _ion=df["ion"].fillna(""))
    df = df.sort_values(["_t", "_ion", "paper", "_fid", "sentence"]).drop_duplicates(
        ["type", "fact", "paper", "sentence"])
    return df[EVIDENCE_COLUMNS].reset_index(drop=True)


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
           "techniques_table", "evidence_table", "search_table", "pathway", "pathway_text",
           "best_capacity", "MEASURED_KINDS", "number"]
