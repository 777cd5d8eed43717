"""Precision, recall and F1 of predicted facts against gold facts.

Readings of the gold README that this module had to choose (the README is terse):

* Scope: only papers that have gold count; predictions for other papers are
  ignored (reported as ``ignored_papers``).
* Duplicates count once, on both sides: predictions and gold lines are first
  collapsed by :func:`kb.eval.match.match_key` (the first prediction keeps its
  evidence; a collapsed gold fact is sure when any of its lines is sure).
* Matching is one-to-one: a maximum bipartite matching between predicted facts and
  sure gold facts of one paper and type (exact-key pairs are tried first). One
  prediction confirms at most one gold fact, so a gold file that lists both
  ``A`` and ``A@B`` needs both predicted for full recall.
* A prediction left over after the matching that still matches some gold fact
  is not a false positive: if it matches an uncertain line it is ``ignored``
  (README: extracting an optional fact is not a false positive); if it only
  matches sure facts already taken by other predictions (e.g. ``A`` and ``A@B``
  both predicted, only ``A@B`` in gold) it is a ``duplicate`` under the FACTS.md
  first-component rule, which is "duplicates count once".
* Precision = TP / (TP + FP), recall = TP / (TP + FN) with FN = unmatched sure
  gold facts (missing an uncertain line is not a miss), F1 their harmonic mean;
  a ratio with a zero denominator is 0.0. Micro figures sum TP/FP/FN over types
  (overall) or over one paper's types (per paper).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from kb.chem import same_material
from kb.eval.match import fields_match, match_key, matches

TYPES = ("material", "mechanism", "phase", "capacity", "technique", "phenomenon")


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    ignored: int = 0  # predictions matching only uncertain gold
    duplicates: int = 0  # predictions collapsed by key or by the first-component rule

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.ignored += other.ignored
        self.duplicates += other.duplicates

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "ignored": self.ignored, "duplicates": self.duplicates}


@dataclass
class Report:
    by_type: dict[str, Counts] = field(default_factory=dict)
    by_paper: dict[str, Counts] = field(default_factory=dict)
    by_paper_type: dict[tuple[str, str], Counts] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)  # sure gold facts not found
    false_positives: list[dict[str, Any]] = field(default_factory=list)
    matched: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    ignored_papers: list[str] = field(default_factory=list)

    @property
    def micro(self) -> Counts:
        total = Counts()
        for c in self.by_type.values():
            total.add(c)
        return total

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON schema: types in FACTS.md order, papers sorted."""
        return {
            "micro": self.micro.to_dict(),
            "by_type": {t: c.to_dict() for t, c in self.by_type.items()},
            "by_paper": {p: c.to_dict() for p, c in self.by_paper.items()},
            "by_paper_type": {p: {t: self.by_paper_type[(p, t)].to_dict() for t in self.by_type}
                              for p in self.by_paper},
            "misses": self.misses,
            "false_positives": self.false_positives,
            "ignored_papers": self.ignored_papers,
        }


def _dedupe(records: Iterable[dict[str, Any]], gold: bool) -> tuple[list[dict[str, Any]], int]:
    out: dict[tuple, dict[str, Any]] = {}
    dropped = 0
    for r in records:
        k = match_key(r)
        if k in out:
            dropped += 1
            if gold and out[k].get("uncertain") and not r.get("uncertain"):
                out[k] = r  # a sure copy wins
            continue
        out[k] = r
    return list(out.values()), dropped


def _max_matching(preds: list[dict], golds: list[dict]) -> dict[int, int]:
    """Maximum bipartite matching pred index -> gold index (Kuhn's augmenting paths)."""
    adj: list[list[int]] = []
    for p in preds:
        pk = match_key(p)
        exact = [j for j, g in enumerate(golds) if match_key(g) == pk]
        loose = [j for j, g in enumerate(golds) if j not in exact and matches(p, g)]
        adj.append(exact + loose)
    gold_of: dict[int, int] = {}  # gold index -> pred index

    def augment(i: int, seen: set[int]) -> bool:
        for j in adj[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in gold_of or augment(gold_of[j], seen):
                gold_of[j] = i
                return True
        return False

    for i in range(len(preds)):
        augment(i, set())
    return {i: j for j, i in gold_of.items()}


def _by(records: Iterable[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for r in records:
        out.setdefault((str(r["paper"]), str(r["type"])), []).append(r)
    return out


def score(pred: list[dict[str, Any]], gold: dict[str, list[dict[str, Any]]]) -> Report:
    """Score predicted FACTS.md records (Fact.record() or export rows) against ``load_gold`` output."""
    report = Report()
    report.ignored_papers = sorted({str(p["paper"]) for p in pred} - set(gold))
    preds = _by(p for p in pred if str(p["paper"]) in gold)
    golds = _by(g for recs in gold.values() for g in recs)
    types = list(TYPES) + sorted({t for _, t in list(preds) + list(golds)} - set(TYPES))
    for t in types:
        report.by_type[t] = Counts()
    for paper in gold:
        report.by_paper[paper] = Counts()
        for t in types:
            c = _score_cell(paper, t, preds.get((paper, t), []), golds.get((paper, t), []), report)
            report.by_paper_type[(paper, t)] = c
            report.by_type[t].add(c)
            report.by_paper[paper].add(c)
    return report


def _score_cell(paper: str, t: str, pred: list[dict], gold: list[dict], report: Report) -> Counts:
    c = Counts()
    pred, c.duplicates = _dedupe(pred, gold=False)
    gold, _ = _dedupe(gold, gold=True)
    sure = [g for g in gold if not g.get("uncertain")]
    unsure = [g for g in gold if g.get("uncertain")]
    pairs = _max_matching(pred, sure)
    c.tp = len(pairs)
    for i, p in enumerate(pred):
        if i in pairs:
            report.matched.append((p, sure[pairs[i]]))
        elif any(matches(p, g) for g in unsure):
            c.ignored += 1
        elif any(matches(p, g) for g in sure):
            c.duplicates += 1
        else:
            c.fp += 1
            report.false_positives.append({**_clean(p), "near": _near(p, gold)})
    found = set(pairs.values())
    for j, g in enumerate(sure):
        if j not in found:
            c.fn += 1
            report.misses.append({**_clean(g), "near": _near(g, pred)})
    return c


def _clean(r: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in r.items() if v is not None or k in ("ion",)}


_FIELDS = {"mechanism": ("mechanism", "ion"), "phase": ("phase",), "capacity": ("value", "unit"),
           "technique": ("technique",), "phenomenon": ("phenomenon",), "material": ()}


def describe(r: dict[str, Any]) -> str:
    """Compact text of the fields that take part in matching: ``Bi2S3 phase=Na3Bi``."""
    bits = [str(r.get("material"))]
    bits += [f"{f}={r.get(f)}" for f in _FIELDS.get(str(r.get("type")), ()) if f in r]
    return " ".join(bits)


def _near(r: dict[str, Any], others: list[dict[str, Any]], limit: int = 3) -> list[str]:
    """Facts on the other side that agree on all but the material, or on the material only.

    Tells whoever reads the errors whether the extractor found the right statement
    for the wrong material or the right material with a wrong value.
    """
    out: list[str] = []
    for o in others:
        if fields_match(r, o) or (r.get("type") != "material"
                                  and same_material(str(r.get("material")), str(o.get("material")))):
            d = describe(o)
            if d not in out:
                out.append(d)
        if len(out) >= limit:
            break
    return out
