"""The typed knowledge graph, built from the store.

Nodes are ``"<Type>:<name>"`` with attributes ``type`` and ``name``; materials use
the resolved entity name, so every spelling of Bi2S3 across papers is one node.
Edges are keyed by relation plus their qualifiers (``"UNDERGOES|Na"``), so one
edge aggregates every fact that states the same thing, with its ``facts`` ids,
``papers`` and ``evidence`` (section + sentence per fact, best evidence).

Capacity records are nodes of their own (``Capacity:<fact_id>``): a capacity is a
measurement with several qualifiers (value, unit, kind, current, cycles), not a
shared concept that several materials point to.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx
import pandas as pd

from kb.graph import pathway
from kb.store.identity import composite_parts

NODE_TYPES = ("Paper", "Material", "Phase", "Technique", "Mechanism", "Phenomenon", "Ion",
              "Capacity")
RELATIONS = ("UNDERGOES", "FORMS", "TRANSFORMS_TO", "HAS_CAPACITY", "STUDIED_BY", "SHOWS",
             "REPORTED_IN", "COMPOSITE_OF", "TESTED_WITH")


def node_id(ntype: str, name: Any) -> str:
    return f"{ntype}:{name}"


def _none(v):
    """None for every missing marker pandas may hand back (None, NaN, pd.NA)."""
    try:
        return None if v is None or pd.isna(v) else v
    except (TypeError, ValueError):  # list-like values are never "missing"
        return v


class _Builder:
    def __init__(self):
        self.g = nx.MultiDiGraph()

    def node(self, ntype: str, name: Any, **attrs) -> str:
        nid = node_id(ntype, name)
        if nid not in self.g:
            self.g.add_node(nid, type=ntype, name=str(name), **attrs)
        return nid

    def edge(self, u: str, v: str, relation: str, row=None, **qual) -> None:
        key = "|".join([relation] + ["" if q is None else str(q) for q in qual.values()])
        if not self.g.has_edge(u, v, key):
            self.g.add_edge(u, v, key=key, relation=relation, facts=[], papers=[], evidence=[],
                            **qual)
        if row is not None:
            d = self.g.edges[u, v, key]
            if row.fact_id not in d["facts"]:
                d["facts"].append(row.fact_id)
                d["evidence"].append({"fact_id": row.fact_id, "paper": row.paper,
                                      "section": row.section, "sentence": row.evidence})
            if row.paper not in d["papers"]:
                d["papers"].append(row.paper)


def build_graph(store) -> nx.MultiDiGraph:
    """The whole knowledge base as a MultiDiGraph (deterministic: facts in store order)."""
    with store.snapshot():
        facts = store.facts()
        papers = store.papers()
        phase_names = store.phase_names()
        phase_entities = dict(store.db.execute(
            "SELECT id, phase_entity_id FROM facts WHERE phase_entity_id IS NOT NULL"))
        idx = store.material_index()
    b = _Builder()
    for p in papers[papers["status"] == "ok"].itertuples(index=False):
        b.node("Paper", p.paper, title=p.title or "", doi=p.doi or "",
               year=int(p.year) if _none(p.year) is not None else 0)
    spellings: dict[str, set[str]] = defaultdict(set)
    chains: dict[tuple, list] = defaultdict(list)
    for r in facts.itertuples(index=False):
        m = b.node("Material", r.entity)
        spellings[m].add(r.material)
        b.edge(m, node_id("Paper", r.paper), "REPORTED_IN", r)
        if r.ion:
            b.edge(m, b.node("Ion", r.ion), "TESTED_WITH", r)
        if r.type == "mechanism" and r.mechanism:
            b.edge(m, b.node("Mechanism", r.mechanism), "UNDERGOES", r, ion=r.ion)
        elif r.type == "phase" and r.phase:
            name = phase_names.get(phase_entities.get(r.fact_id), r.phase)
            order = _none(r.order)
            b.edge(m, b.node("Phase", name), "FORMS", r, ion=r.ion, role=r.role,
                   order=None if order is None else int(order))
            chains[(r.entity, r.ion, r.paper)].append(
                (r.role, None if order is None else int(order), name, r))
        elif r.type == "capacity" and _none(r.value) is not None:
            # Unreported qualifiers stay None (exports drop them): a 0 would read
            # as "0 cycles" or "0 % retained", a false value.
            c = b.node("Capacity", r.fact_id, value=float(r.value), unit=r.unit,
                       kind=r.kind, current=_none(r.current),
                       cycles=int(r.cycles) if _none(r.cycles) is not None else None,
                       retention_percent=float(r.retention_percent)
                       if _none(r.retention_percent) is not None else None,
                       paper=r.paper, ion=_none(r.ion))
            b.edge(m, c, "HAS_CAPACITY", r)
        elif r.type == "technique" and r.technique:
            b.edge(m, b.node("Technique", r.technique), "STUDIED_BY", r, mode=r.mode)
        elif r.type == "phenomenon" and r.phenomenon:
            b.edge(m, b.node("Phenomenon", r.phenomenon), "SHOWS", r, ion=r.ion)
    for (material, ion, _paper), items in chains.items():
        st = pathway.steps(items, host=material, ion=ion)
        rows = {name: row for step in st for name, row in step}
        for a, c in pathway.transitions(st):
            u, v = node_id("Phase", a), node_id("Phase", c)
            for row in (rows[a], rows[c]):  # the edge is backed by both phase facts
                b.edge(u, v, "TRANSFORMS_TO", row, ion=ion, material=material)
    for m, names in spellings.items():
        b.g.nodes[m]["spellings"] = sorted(names)
        for written in sorted(names):
            parts = composite_parts(written)
            if parts:
                for part in parts:
                    target = idx.resolve(part) or part
                    if node_id("Material", target) != m:
                        b.edge(m, b.node("Material", target), "COMPOSITE_OF")
    return b.g

