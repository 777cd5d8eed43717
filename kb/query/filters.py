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

FACT_COLUMNS = ["fact_id", "paper", "doi", "title", "year", "type", "material", "entity",
                "ion", "role", "mechanism", "phase", "value", "unit", "kind", "current",
                "cycles", "retention_percent", "technique", "mode", "phenomenon", "order",
                "section", "evidence", "confidence", "n_evidence"]

# Capacities a material "delivers": everything measured. Theoretical values are
# computed from stoichiometry and say nothing about the electrode.
MEASURED_KINDS = ("reversible", "initial_discharge", "initial_charge", "retained",
                  "discharge", "charge", "other")


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
Row = dict[str, Any]


def fill_ions(rows: list[Row]) -> None:
    """Set ``ion`` in place: the fact's ion, else the only ion the same paper gives
    that material, else the only ion the paper uses at all; None when the paper
    is ambiguous. The stated value stays in ``stated_ion``."""
    per_mat: dict[tuple, set] = {}
    per_paper: dict[str, set] = {}
    for r in rows:
        r["stated_ion"] = r["ion"]
        if r["ion"] is not None:
            per_mat.setdefault((r["paper"], r["entity"]), set()).add(r["ion"])
            per_paper.setdefault(r["paper"], set()).add(r["ion"])
    for r in rows:
        if r["ion"] is not None:
            continue
        cand = per_mat.get((r["paper"], r["entity"]))
        if cand and len(cand) == 1:
            r["ion"] = next(iter(cand))
            continue
        cand = per_paper.get(r["paper"])
        if cand and len(cand) == 1:
            r["ion"] = next(iter(cand))


def effective_ion(facts: pd.DataFrame) -> pd.Series:
    """fill_ions over a DataFrame with columns paper, entity, ion."""
    rows = [{"paper": p, "entity": e, "ion": clean(i)}
            for p, e, i in zip(facts["paper"], facts["entity"], facts["ion"])]
    fill_ions(rows)
    return pd.Series([r["ion"] for r in rows], index=facts.index, dtype=object)


class View:
    """A store's facts, read once per command and shaped for queries.

    Rows are plain dicts: per-material logic over a few facts at a time is far
    faster on dicts than on DataFrame slices, and tables become DataFrames only
    at the end.
    """

    def __init__(self, store):
        self.store = store

    @staticmethod
    def _convert(df: pd.DataFrame) -> list[Row]:
        cols = [c for c in FACT_COLUMNS if c in df.columns]
        out = []
        for pos, values_ in enumerate(df[cols].itertuples(index=False, name=None)):
            r = {c: clean(v) for c, v in zip(cols, values_)}
            for c in FACT_COLUMNS:
                r.setdefault(c, None)
            if r["entity"] is None:
                r["entity"] = r["material"]
            # position in the store's order (paper, then document order): fact ids
            # are strings, so this is what "first appearance" sorts on
            r["_pos"] = pos
            out.append(r)
        return out

    @cached_property
    def rows(self) -> list[Row]:
        out = self._convert(self.store.facts())
        fill_ions(out)
        return out

    def _loaded(self) -> bool:
        return "rows" in self.__dict__

    @cached_property
    def facts(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=FACT_COLUMNS + ["stated_ion", "_pos"])

    @cached_property
    def groups(self) -> dict[tuple[str, str], list[Row]]:
        """(entity, ion or "") -> its facts in store order."""
        out: dict[tuple[str, str], list[Row]] = {}
        for r in self.rows:
            out.setdefault((r["entity"], r["ion"] or ""), []).append(r)
        return out

    @cached_property
    def by_entity(self) -> dict[str, list[Row]]:
        out: dict[str, list[Row]] = {}
        for r in self.rows:
            out.setdefault(r["entity"], []).append(r)
        return out

    @cached_property
    def papers(self) -> pd.DataFrame:
        return self.store.papers()

    @cached_property
    def entities(self) -> list[str]:
        return sorted(self.by_entity)

    def resolve(self, name: str) -> str:
        """Canonical entity for a user's spelling, or UnknownMaterial naming the closest."""
        name = (name or "").strip().strip("'\"")
        if not name:
            raise QueryError("empty material name")
        hit = self.store.resolve_material(name)
        if hit is not None and self.of(hit):
            return hit
        low = {e.lower(): e for e in self.entities}
        if name.lower() in low:
            return low[name.lower()]
        if hit is not None:
            return hit
        raise UnknownMaterial(name, list(self.store.closest_materials(name, limit=3)))

    def of(self, entity: str) -> list[Row]:
        """One material's facts. Without the whole corpus loaded, only this
        material's facts are read, plus the facts of papers whose ion it needs
        (see fill_ions), so a one-material question costs O(material), not
        O(corpus); the ions come out exactly as in the full view."""
        if self._loaded():
            return list(self.by_entity.get(entity, []))
        cache = self.__dict__.setdefault("_scoped", {})
        if entity not in cache:
            rows = self._convert(self.store.facts(material=entity))
            rows = [r for r in rows if r["entity"] == entity]
            own = {r["paper"] for r in rows if r["ion"] is not None}
            need = sorted({r["paper"] for r in rows if r["ion"] is None} - own)
            context: list[Row] = []
            for paper in need:
                context += [r for r in self._convert(self.store.facts(paper=paper))
                            if r["entity"] != entity]
            fill_ions(rows + context)
            cache[entity] = rows
        return list(cache[entity])

    def groups_of(self, entity: str) -> dict[tuple[str, str], list[Row]]:
        out: dict[tuple[str, str], list[Row]] = {}
        for r in self.of(entity):
            out.setdefault((r["entity"], r["ion"] or ""), []).append(r)
        return out


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

    def wants_capacity(self) -> bool:
        return self.min_capacity is not None or self.min_cycles is not None or self.current is not None


def role_matches(roles: Iterable[str], wanted: str | None) -> bool:
    """A material is an anode candidate when a paper calls it an anode, calls it
    just an active material, or never states a role; a material only ever named
    as a cathode or electrolyte is not. The roles stated with the question's ion
    count first; when none is, the roles stated with any ion do (a material
    called an anode for Na is not a cathode candidate for Li)."""
    roles = {r for r in roles if r}
    if wanted in (None, "any"):
        return True
    return not roles or wanted in roles or "active" in roles


def of_type(rows: Iterable[Row], type_: str, **equal) -> list[Row]:
    return [r for r in rows if r["type"] == type_ and all(r[k] == v for k, v in equal.items())]


def values(rows: Iterable[Row], type_: str, field_: str) -> list[Any]:
    """Distinct non-null values of ``field_`` over facts of ``type_``, sorted."""
    return sorted({r[field_] for r in rows if r["type"] == type_ and r[field_] is not None}, key=str)


def capacity_rows(rows: Iterable[Row], c: Criteria) -> list[Row]:
    """Measured gravimetric capacities meeting the value/cycles/current parts of ``c``."""
    out = []
    for r in rows:
        if r["type"] != "capacity" or r["unit"] != "mAh/g" or r["kind"] not in MEASURED_KINDS \
                or r["value"] is None:
            continue
        v = float(r["value"])
        if c.min_capacity is not None and (v <= c.min_capacity if c.strict_capacity
                                           else v < c.min_capacity):
            continue
        if c.min_cycles is not None and (r["cycles"] is None or int(r["cycles"]) < c.min_cycles):
            continue
        if c.current is not None and not same_current(r["current"], c.current):
            continue
        out.append(r)
    return out


@dataclass
class Match:
    """One (entity, ion) that satisfies every criterion, with the facts that prove it."""

    material: str
    ion: str | None
    support: list[Row]  # facts that satisfied the criteria (or all, with no criterion)
    facts: list[Row]  # every fact of this (entity, ion)
    extra: dict[str, Any] = field(default_factory=dict)


def match_materials(view: View, c: Criteria) -> list[Match]:
    out: list[Match] = []
    entity_roles: dict[str, list[str]] = {}
    groups = view.groups if c.material is None else view.groups_of(c.material)
    for (entity, ion_key), g in sorted(groups.items()):
        if c.material is not None and entity != c.material:
            continue
        if c.ion is not None and ion_key != c.ion:
            continue
        roles = [r["role"] for r in g if r["type"] == "material" and r["role"]]
        if not roles:  # no role stated with this ion: what papers say with any ion
            roles = entity_roles.setdefault(entity, [
                r["role"] for r in view.of(entity) if r["type"] == "material" and r["role"]])
        if not role_matches(roles, c.role):
            continue
        support: list[Row] = []
        if c.role not in (None, "any"):
            support += [r for r in g if r["type"] == "material" and r["role"] in (c.role, "active")]
        ok = True
        for kind, want in (("mechanism", c.mechanism), ("phenomenon", c.phenomenon),
                           ("technique", c.technique)):
            if want is None:
                continue
            hit = [r for r in g if r["type"] == kind and r[kind] == want]
            if not hit:
                ok = False
                break
            support += hit
        if not ok:
            continue
        if c.wants_capacity():
            caps = capacity_rows(g, c)
            if not caps:
                continue
            support += caps
        seen: set = set()
        sup = []
        for r in sorted(support or g, key=lambda r: r["_pos"]):
            if r["fact_id"] not in seen:
                seen.add(r["fact_id"])
                sup.append(r)
        out.append(Match(entity, ion_key or None, sup, g))
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


def papers_of(rows: Iterable[Row]) -> list[dict[str, Any]]:
    """Distinct papers behind some facts: [{paper, doi, title}] sorted by paper."""
    seen: dict[str, dict[str, Any]] = {}
    for r in rows:
        seen.setdefault(r["paper"], {"paper": r["paper"], "doi": r["doi"], "title": r["title"]})
    return [seen[k] for k in sorted(seen)]


def evidence_of(rows: Iterable[Row]) -> list[dict[str, Any]]:
    """Distinct evidence sentences behind some facts: [{paper, section, sentence}]."""
    out, seen = [], set()
    for r in sorted(rows, key=lambda r: (r["paper"], r["_pos"])):
        key = (r["paper"], r["evidence"])
        if key in seen:
            continue
        seen.add(key)
        out.append({"paper": r["paper"], "section": r["section"], "sentence": r["evidence"]})
    return out


def sorted_unique(values_: Iterable[Any]) -> list[Any]:
    return sorted({clean(v) for v in values_} - {None}, key=str)
