"""Entity resolution: which written material names are one material.

Rules, in order of trust:
1. the same ``kb.chem.material_key`` (composition as element fractions for formulas,
   common names mapped to formulas): one entity by construction;
2. names that are not formulas and differ only in punctuation, spacing, case or a
   plural ``s`` (``hard-carbon`` / ``Hard carbons``): merged;
3. long names without digits that rapidfuzz scores >= FUZZY_CUTOFF: merged (typos,
   small spelling variants).
Formulas are never fuzzy-merged: one character is a different compound
(``MoS2``/``MoSe2``, ``SnO``/``SnO2``).

Clustering runs over the whole entity set, sorted, so the result does not depend
on the order papers were written in (1 worker or 8 give the same entities).
User aliases are applied on top at read time (``MaterialIndex``), so adding one
never requires a rebuild.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from rapidfuzz import fuzz, process

from kb.store.identity import flatten, fuzzy_eligible, material_key

FUZZY_CUTOFF = 95.0
FUZZY_MIN_LEN = 8


def name_form(text: str) -> str:
    """Case, punctuation, spacing and plural ``s`` folded away."""
    words = re.findall(r"[a-z0-9]+", flatten(text).lower())
    out = []
    for w in words:
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.append(w)
    return " ".join(out)


@dataclass
class EntityInfo:
    id: int
    key: str
    forms: Counter = field(default_factory=Counter)  # written form -> number of facts

    @property
    def weight(self) -> int:
        return sum(self.forms.values())

    @property
    def formula(self) -> bool:
        return not fuzzy_eligible(self.key, self.forms)


class _UnionFind:
    def __init__(self, ids: Iterable[int]):
        self.parent = {i: i for i in ids}

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def cluster(entities: list[EntityInfo]) -> dict[int, tuple[int, str]]:
    """entity id -> (canonical entity id, display name) for one entity type."""
    ents = sorted(entities, key=lambda e: e.key)
    uf = _UnionFind(e.id for e in ents)
    names = [e for e in ents if not e.formula]
    by_form: dict[str, list[EntityInfo]] = defaultdict(list)
    for e in names:
        by_form[name_form(e.key)].append(e)
    for members in by_form.values():
        for other in members[1:]:
            uf.union(members[0].id, other.id)
    forms = sorted(f for f in by_form if len(f) >= FUZZY_MIN_LEN)
    if len(forms) > 1:
        scores = process.cdist(forms, forms, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        for i, j in zip(*scores.nonzero()):
            if i < j:
                uf.union(by_form[forms[i]][0].id, by_form[forms[j]][0].id)
    groups: dict[int, list[EntityInfo]] = defaultdict(list)
    for e in ents:
        groups[uf.find(e.id)].append(e)
    out: dict[int, tuple[int, str]] = {}
    for members in groups.values():
        canon = min(members, key=lambda e: (-e.weight, e.key))
        forms_total: Counter = Counter()
        for e in members:
            forms_total.update(e.forms)
        display = (min(forms_total.items(), key=lambda kv: (-kv[1], kv[0]))[0]
                   if forms_total else canon.key)
        for e in members:
            out[e.id] = (canon.id, display)
    return out


class MaterialIndex:
    """Read-time view: any spelling or alias -> canonical entity and display name."""

    def __init__(self, entities: list[tuple[int, str, str, int | None]],
                 auto_aliases: list[tuple[str, int]],
                 user_aliases: list[tuple[str, str]]):
        # entities: (id, key, name, canonical_id)
        self.key_to_id = {key: eid for eid, key, _, _ in entities}
        self.name = {eid: name for eid, _, name, _ in entities}
        canon = {eid: (cid if cid is not None else eid) for eid, _, _, cid in entities}
        self.root = {eid: canon.get(c, c) for eid, c in canon.items()}
        self.written: dict[str, int] = {}
        self.by_form: dict[str, int] = {}
        for alias, eid in sorted(auto_aliases):
            self.written.setdefault(alias.lower(), eid)
            if fuzzy_eligible(material_key(alias), [alias]):
                self.by_form.setdefault(name_form(alias), eid)
        self.user: dict[str, int] = {}
        for alias, target in user_aliases:
            tid = self._lookup(target)
            if tid is None:
                continue
            troot = self.root[tid]
            self.user[alias.lower()] = troot
            self.user[material_key(alias)] = troot
            aid = self._lookup_data(alias)
            if aid is not None and self.root[aid] != troot:
                old = self.root[aid]
                for eid, r in self.root.items():
                    if r == old:
                        self.root[eid] = troot

    def _lookup_data(self, name: str) -> int | None:
        name = flatten(name)
        if not name:
            return None
        eid = self.key_to_id.get(material_key(name))
        if eid is None:
            eid = self.written.get(name.lower())
        if eid is None and fuzzy_eligible(material_key(name), [name]):
            eid = self.by_form.get(name_form(name))
        return eid

    def _lookup(self, name: str) -> int | None:
        flat = flatten(name)
        hit = self.user.get(flat.lower())
        if hit is None and flat:
            hit = self.user.get(material_key(flat))
        return hit if hit is not None else self._lookup_data(name)

    def resolve_id(self, name: str) -> int | None:
        eid = self._lookup(name)
        return None if eid is None else self.root[eid]

    def display(self, entity_id: int) -> str:
        return self.name[self.root[entity_id]]

    def resolve(self, name: str) -> str | None:
        eid = self.resolve_id(name)
        return None if eid is None else self.name[eid]

    def members(self, root_id: int) -> list[int]:
        return sorted(e for e, r in self.root.items() if r == root_id)

    def canonical_names(self) -> list[str]:
        return sorted({self.name[r] for r in set(self.root.values())})
