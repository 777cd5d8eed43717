"""The query layer every command uses: one view of the store's facts, grouped the
way a reviewer reads them.

Why a view: the store keeps facts as the paper states them, and a paper often
names its ion once ("for sodium-ion batteries") and then reports mechanisms and
phenomena without it. Questions such as "which conversion anodes show X in SIBs"
must still find those facts, so the view fills a missing ion from the same
paper (see ``effective_ion``) before anything is grouped.

Grouping unit: (material entity, ion). A material qualifies for a combined
question (mechanism AND phenomenon AND ...) only when every criterion holds for
the SAME entity and the SAME ion; the facts may come from different papers.
Bi2S3 that converts in Na cells and cracks in Li cells is not "a conversion
anode that cracks" for either chemistry.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterable

import pandas as pd

from schemas.fact import PHASE_ROLES

FACT_COLUMNS = ["fact_id", "paper", "doi", "title", "year", "type", "material", "entity",
                "ion", "role", "mechanism", "phase", "value", "unit", "kind", "current",
                "cycles", "retention_percent", "technique", "mode", "phenomenon", "order",
                "section", "evidence", "confidence", "n_evidence"]

# Capacities a material "delivers": everything measured. Theoretical values are
# computed from stoichiometry and say nothing about the electrode.
MEASURED_KINDS = ("reversible", "initial_discharge", "initial_charge", "retained",
                  "discharge", "charge", "other")
PHASE_RANK = {r: i for i, r in enumerate(PHASE_ROLES)}


class QueryError(Exception):
    """A question the data cannot answer as asked (unknown name, bad value)."""


class UnknownMaterial(QueryError):
    def __init__(self, name: str, closest: list[str]):
        self.name, self.closest = name, closest
        tail = f"; closest: {', '.join(closest)}" if closest else "; the knowledge base has no similar name"
        super().__init__(f"no material '{name}'{tail}")


def clean(value: Any) -> Any:
    """pandas missing values (NaN, NA, NaT) -> None; numpy scalars -> Python."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        return value
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return value
    return value


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return [{k: clean(v) for k, v in row.items()} for row in df.to_dict("records")]


def number(value: Any) -> str:
    """A number as people write it: 650, 0.5, 13.4 (no trailing .0)."""
    v = clean(value)
    if v is None:
        return ""
    f = float(v)
    if math.isfinite(f) and f.is_integer():
        return str(int(f))
    return f"{f:.6g}"


# --------------------------------------------------------------------------- currents
_CURRENT = re.compile(
    r"^\s*(?P<v>\d+(?:\.\d+)?)\s*(?P<u>mA\s*/\s*g|A\s*/\s*g|mA\s*g\s*[-−–]\s*1|A\s*g\s*[-−–]\s*1|"
    r"mA\s*/\s*cm2|mA\s*cm\s*[-−–]\s*2|C)\s*$", re.IGNORECASE)


def parse_current(text: str | None) -> tuple[float, str] | None:
    """"0.1 A/g" -> (100.0, "mA/g"); "2 C" -> (2.0, "C"); None when unreadable.

    Rates are compared in one unit so "100 mA/g" in a question finds "0.1 A/g"
    in a paper.
    """
    if not text:
        return None
    m = _CURRENT.match(str(text).replace("·", " "))
    if not m:
        return None
    v = float(m.group("v"))
    u = re.sub(r"\s+", "", m.group("u")).lower()
    if u == "c":
        return v, "C"
    if "cm" in u:
        return v, "mA/cm2"
    if u.startswith("ma"):
        return v, "mA/g"
    return v * 1000.0, "mA/g"


def same_current(a: str | None, b: str | None) -> bool:
    pa, pb = parse_current(a), parse_current(b)
    if pa is None or pb is None:
        return False
    return pa[1] == pb[1] and math.isclose(pa[0], pb[0], rel_tol=0.01)


# --------------------------------------------------------------------------- the view
def effective_ion(facts: pd.DataFrame) -> pd.Series:
    """The fact's ion, else the only ion the same paper gives that material,
    else the only ion the paper uses at all; None when the paper is ambiguous."""
    ion = facts["ion"].astype(object).where(facts["ion"].notna(), None)
    if facts.empty:
        return ion
    known = facts[ion.notna()]
    per_mat = known.groupby(["paper", "entity"])["ion"].agg(lambda s: sorted(set(s)))
    per_paper = known.groupby("paper")["ion"].agg(lambda s: sorted(set(s)))
    out = []
    for paper, entity, value in zip(facts["paper"], facts["entity"], ion):
        if value is not None:
            out.append(value)
            continue
        cand = per_mat.get((paper, entity))
        if cand is not None and len(cand) == 1:
            out.append(cand[0])
            continue
        cand = per_paper.get(paper)
        out.append(cand[0] if cand is not None and len(cand) == 1 else None)
    return pd.Series(out, index=facts.index, dtype=object)


class View:
    """A store's facts, read once per command and shaped for queries."""

    def __init__(self, store):
        self.store = store

    @cached_property
    def facts(self) -> pd.DataFrame:
        df = self.store.facts()
        for c in FACT_COLUMNS:
            if c not in df.columns:
                df[c] = None
        df = df[FACT_COLUMNS].copy()
        df["entity"] = df["entity"].where(df["entity"].notna(), df["material"])
        df["stated_ion"] = df["ion"]
        df["ion"] = effective_ion(df)
        # position in the store's order (paper, then document order): fact ids
        # are strings, so this is what "first appearance" sorts on
        df = df.reset_index(drop=True)
        df["_pos"] = range(len(df))
        return df

    @cached_property
    def papers(self) -> pd.DataFrame:
        return self.store.papers()

    @cached_property
    def entities(self) -> list[str]:
        return sorted(set(self.facts["entity"].dropna()))

    def resolve(self, name: str) -> str:
        """Canonical entity for a user's spelling, or UnknownMaterial naming the closest."""
        name = (name or "").strip().strip("'\"")
        if not name:
            raise QueryError("empty material name")
        hit = self.store.resolve_material(name)
        if hit is not None and hit in set(self.entities):
            return hit
        low = {e.lower(): e for e in self.entities}
        if name.lower() in low:
            return low[name.lower()]
        if hit is not None:
            return hit
        raise UnknownMaterial(name, list(self.store.closest_materials(name, limit=3)))

    def of(self, entity: str) -> pd.DataFrame:
        return self.facts[self.facts["entity"] == entity]


# --------------------------------------------------------------------------- criteria
@dataclass
class Criteria:
    """What a material (entity, ion) must show; None = no constraint."""

    mechanism: str | None = None
    role: str | None = None  # anode | cathode | electrolyte | None (any)
    ion: str | None = None
    phenomenon: str | None = None
    technique: str | None = None
    min_capacity: float | None = None  # mAh/g, measured kinds, inclusive
    strict_capacity: bool = False  # "more than" -> strictly greater
    min_cycles: int | None = None
    current: str | None = None
    material: str | None = None  # an entity

    def describe(self) -> str:
        parts = [f"{k}={v}" for k, v in vars(self).items() if v not in (None, False)]
        return ", ".join(parts) or "no filter"


def role_matches(roles: Iterable[str], wanted: str | None) -> bool:
    """A material is an anode candidate when a paper calls it an anode, calls it
    just an active material, or never states a role; a material only ever named
    as a cathode or electrolyte is not."""
    roles = {r for r in roles if r}
    if wanted in (None, "any"):
        return True
    return not roles or wanted in roles or "active" in roles


def capacity_rows(facts: pd.DataFrame, c: Criteria) -> pd.DataFrame:
    """Measured gravimetric capacities meeting the value/cycles/current parts of ``c``."""
    caps = facts[(facts["type"] == "capacity") & (facts["unit"] == "mAh/g")
                 & facts["kind"].isin(MEASURED_KINDS) & facts["value"].notna()]
    if c.min_capacity is not None:
        v = caps["value"].astype(float)
        caps = caps[v > c.min_capacity] if c.strict_capacity else caps[v >= c.min_capacity]
    if c.min_cycles is not None:
        cyc = pd.to_numeric(caps["cycles"], errors="coerce")
        caps = caps[cyc.notna() & (cyc >= c.min_cycles)]
    if c.current is not None:
        caps = caps[[same_current(x, c.current) for x in caps["current"]]]
    return caps


@dataclass
class Match:
    """One (entity, ion) that satisfies every criterion, with the facts that prove it."""

    material: str
    ion: str | None
    support: pd.DataFrame  # facts that satisfied the criteria (or all, with no criterion)
    facts: pd.DataFrame  # every fact of this (entity, ion)
    extra: dict[str, Any] = field(default_factory=dict)


def match_materials(view: View, c: Criteria) -> list[Match]:
    facts = view.facts
    if c.material is not None:
        facts = facts[facts["entity"] == c.material]
    if c.ion is not None:
        facts = facts[facts["ion"] == c.ion]
    out: list[Match] = []
    keys = facts[["entity", "ion"]].drop_duplicates()
    keys = keys.assign(_ion=keys["ion"].fillna("")).sort_values(["entity", "_ion"])
    groups = {k: g for k, g in facts.assign(_ion=facts["ion"].fillna("")).groupby(["entity", "_ion"])}
    for entity, ion_key in zip(keys["entity"], keys["_ion"]):
        g = groups[(entity, ion_key)]
        support = []
        roles = g.loc[g["type"] == "material", "role"].dropna()
        if not role_matches(roles, c.role):
            continue
        if c.role not in (None, "any"):
            support.append(g[(g["type"] == "material") & g["role"].isin([c.role, "active"])])
        ok = True
        for kind, col, want in (("mechanism", "mechanism", c.mechanism),
                                ("phenomenon", "phenomenon", c.phenomenon),
                                ("technique", "technique", c.technique)):
            if want is None:
                continue
            hit = g[(g["type"] == kind) & (g[col] == want)]
            if hit.empty:
                ok = False
                break
            support.append(hit)
        if not ok:
            continue
        if c.min_capacity is not None or c.min_cycles is not None or c.current is not None:
            caps = capacity_rows(g, c)
            if caps.empty:
                continue
            support.append(caps)
        sup = pd.concat(support) if support else g
        sup = sup.drop_duplicates("fact_id")
        out.append(Match(entity, ion_key or None, sup.sort_values(["paper", "_pos"]), g))
    return out


# --------------------------------------------------------------------------- shaping
def describe_fact(row: dict[str, Any]) -> str:
    """One fact in a few words, as a table cell or an evidence header."""
    t = row.get("type")
    if t == "material":
        return f"material ({row.get('role') or 'active'})"
    if t == "mechanism":
        return f"mechanism: {row.get('mechanism')}"
    if t == "phase":
        return f"phase: {row.get('phase')} ({row.get('role')})"
    if t == "capacity":
        return f"capacity: {capacity_text(row)}"
    if t == "technique":
        mode = row.get("mode")
        return f"technique: {row.get('technique')}" + (f" ({mode})" if mode else "")
    if t == "phenomenon":
        v = row.get("value")
        unit = row.get("unit") or ""
        return f"phenomenon: {row.get('phenomenon')}" + (f" = {number(v)} {unit}".rstrip() if clean(v) is not None else "")
    return str(t)


def capacity_text(row: dict[str, Any]) -> str:
    s = f"{number(row.get('value'))} {row.get('unit') or ''}".strip()
    kind = clean(row.get("kind"))
    if kind:
        s += f" {kind}"
    cur = clean(row.get("current"))
    if cur:
        s += f" at {cur}"
    cyc = clean(row.get("cycles"))
    if cyc is not None:
        s += f" after {int(cyc)} cycles"
    ret = clean(row.get("retention_percent"))
    if ret is not None:
        s += f" ({number(ret)}% retained)"
    return s


def papers_of(facts: pd.DataFrame) -> list[dict[str, Any]]:
    """Distinct papers behind some facts: [{paper, doi, title}] sorted by paper."""
    if facts.empty:
        return []
    p = facts[["paper", "doi", "title"]].drop_duplicates("paper").sort_values("paper")
    return records(p)


def evidence_of(facts: pd.DataFrame) -> list[dict[str, Any]]:
    """Distinct evidence sentences behind some facts: [{paper, section, sentence}]."""
    if facts.empty:
        return []
    e = facts[["paper", "section", "evidence", "_pos"]].sort_values(["paper", "_pos"])
    e = e.drop_duplicates(["paper", "evidence"])
    return [{"paper": r["paper"], "section": r["section"], "sentence": r["evidence"]}
            for r in records(e)]


def sorted_unique(values: Iterable[Any]) -> list[Any]:
    return sorted({clean(v) for v in values} - {None}, key=str)
