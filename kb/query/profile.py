"""`kb show MATERIAL`: everything the knowledge base knows about one material.

The profile is a plain dict (the JSON output is exactly this dict) so scripts,
the CLI table view and tests share one function. It spans every paper and every
spelling resolved to the material (formulas, common names, user aliases), and
each statement in it carries its paper and evidence sentence so a reader can
check it at once.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from kb.graph import pathway
from kb.store.identity import composite_parts

EVIDENCE_WIDTH = 240  # characters of evidence shown per row in the table view


class UnknownMaterial(LookupError):
    """The name resolves to no material; the message names the closest ones."""


def _v(x):
    if x is None or (isinstance(x, float) and pd.isna(x)) or x is pd.NA:
        return None
    return x.item() if hasattr(x, "item") else x


def _cite(r) -> dict[str, Any]:
    return {"paper": r.paper, "section": r.section, "evidence": r.evidence,
            "fact_id": r.fact_id}


def material_profile(store, name: str) -> dict[str, Any]:
    entity = store.resolve_material(name)
    if entity is None:
        formed_by = store.phase_of(name)
        phase = f" (a phase formed by {', '.join(formed_by)})" if formed_by else ""
        closest = store.closest_materials(name)
        hint = f"; closest: {', '.join(closest)}" if closest else ""
        raise UnknownMaterial(f"no material '{name}'{phase}{hint}")
    with store.snapshot():
        facts = store.facts(material=entity)
        papers = store.papers().set_index("paper")
        user_aliases = [a for a, t in store.aliases() if store.resolve_material(a) == entity]
        written = [a for (a,) in store.db.execute(
            "SELECT alias FROM aliases WHERE source='auto' AND (alias LIKE '%@%' OR alias LIKE '%/%')"
            " ORDER BY alias")]
    rows = list(facts.itertuples(index=False))
    prof: dict[str, Any] = {
        "material": entity,
        "query": name,
        "spellings": sorted(set(facts["material"])),
        "user_aliases": sorted(user_aliases),
        "papers": [],
        "roles": [],
        "mechanisms": {},
        "pathways": [],
        "interphases": [],
        "capacities": [],
        "techniques": [],
        "phenomena": [],
        "composite_of": [],
        "part_of": [],
    }
    for pid in dict.fromkeys(facts["paper"]):
        p = papers.loc[pid]
        prof["papers"].append({"paper": pid, "doi": _v(p["doi"]), "title": _v(p["title"]),
                               "year": _v(p["year"]), "n_facts": int((facts["paper"] == pid).sum())})
    chains: dict[tuple, list] = {}
    for r in rows:
        t = r.type
        if t == "material":
            prof["roles"].append({"role": r.role, "ion": r.ion, **_cite(r)})
        elif t == "mechanism":
            prof["mechanisms"].setdefault(r.ion or "unknown", []).append(
                {"mechanism": r.mechanism, **_cite(r)})
        elif t == "phase":
            if r.role == "sei":
                prof["interphases"].append({"phase": r.phase, "ion": r.ion, **_cite(r)})
            chains.setdefault((r.ion, r.paper), []).append(
                (r.role, _v(r.order), r.phase, r))
        elif t == "capacity":
            prof["capacities"].append({
                "value": _v(r.value), "unit": r.unit, "kind": r.kind, "current": r.current,
                "cycles": _v(r.cycles), "retention_percent": _v(r.retention_percent),
                "ion": r.ion, **_cite(r)})
        elif t == "technique":
            prof["techniques"].append({"technique": r.technique, "mode": r.mode, "ion": r.ion,
                                       **_cite(r)})
        elif t == "phenomenon":
            prof["phenomena"].append({"phenomenon": r.phenomenon, "value": _v(r.value),
                                      "unit": r.unit, "ion": r.ion, **_cite(r)})
    prof["mechanisms"] = {ion: prof["mechanisms"][ion] for ion in sorted(prof["mechanisms"])}
    for (ion, paper), items in sorted(chains.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])):
        st = pathway.steps(items, host=entity, ion=ion)
        if not st:
            continue
        prof["pathways"].append({
            "ion": ion, "paper": paper, "text": pathway.render(entity, st),
            "steps": [[{"phase": ph, "role": r.role, "order": _v(r.order), **_cite(r)}
                       for ph, r in step] for step in st]})
    # longest, best-supported pathway first: the one a reader wants to see
    prof["pathways"].sort(key=lambda p: (-len(p["steps"]), p["ion"] or "", p["paper"]))
    for form in prof["spellings"]:
        for part in composite_parts(form):
            resolved = store.resolve_material(part) or part
            if resolved != entity and resolved not in prof["composite_of"]:
                prof["composite_of"].append(resolved)
    for form in written:
        parts = composite_parts(form)
        if any(store.resolve_material(p) == entity for p in parts):
            whole = store.resolve_material(form) or form
            if whole != entity and whole not in prof["part_of"]:
                prof["part_of"].append(whole)
    return prof


def _short(text: str | None) -> str:
    text = text or ""
    return text if len(text) <= EVIDENCE_WIDTH else text[:EVIDENCE_WIDTH - 1] + "…"


def render_profile(prof: dict[str, Any], console) -> None:
    """Rich tables for people; the JSON view prints ``prof`` itself."""
    from rich.table import Table
    from rich.text import Text

    head = Text()
    head.append(prof["material"], style="bold")
    if prof["spellings"] != [prof["material"]]:
        head.append(f"  (written as: {', '.join(prof['spellings'])})")
    console.print(head)
    console.print(f"{len(prof['papers'])} paper(s): "
                  + "; ".join(f"{p['paper']}" + (f" doi:{p['doi']}" if p["doi"] else "")
                              for p in prof["papers"]), markup=False, highlight=False)
    if prof["composite_of"]:
        console.print("composite of: " + ", ".join(prof["composite_of"]), markup=False)
    if prof["part_of"]:
        console.print("part of: " + ", ".join(prof["part_of"]), markup=False)

    def table(title: str, cols: list[str], items: list[list[Any]]) -> None:
        if not items:
            return
        t = Table(title=title, title_justify="left", show_lines=False)
        for c in cols:
            t.add_column(c, overflow="fold")
        for it in items:
            t.add_row(*["" if v is None else str(v) for v in it])
        console.print(t)

    table("Roles", ["role", "ion", "paper", "evidence"],
          [[r["role"], r["ion"], r["paper"], _short(r["evidence"])] for r in prof["roles"]])
    table("Mechanisms", ["ion", "mechanism", "paper", "evidence"],
          [[ion, m["mechanism"], m["paper"], _short(m["evidence"])]
           for ion, ms in prof["mechanisms"].items() for m in ms])
    for pw in prof["pathways"]:
        table(f"Pathway ({pw['ion'] or 'ion not stated'}, {pw['paper']}): {pw['text']}",
              ["step", "phase", "role", "section", "evidence"],
              [[i + 1, s["phase"], s["role"], s["section"], _short(s["evidence"])]
               for i, step in enumerate(pw["steps"]) for s in step])
    table("Interphases", ["phase", "ion", "paper", "evidence"],
          [[p["phase"], p["ion"], p["paper"], _short(p["evidence"])] for p in prof["interphases"]])
    table("Capacities", ["value", "unit", "kind", "current", "cycles", "retention %", "paper",
                         "evidence"],
          [[c["value"], c["unit"], c["kind"], c["current"], c["cycles"], c["retention_percent"],
            c["paper"], _short(c["evidence"])] for c in prof["capacities"]])
    table("Techniques", ["technique", "mode", "paper", "evidence"],
          [[t["technique"], t["mode"], t["paper"], _short(t["evidence"])]
           for t in prof["techniques"]])
    table("Phenomena", ["phenomenon", "value", "unit", "paper", "evidence"],
          [[p["phenomenon"], p["value"], p["unit"], p["paper"], _short(p["evidence"])]
           for p in prof["phenomena"]])
