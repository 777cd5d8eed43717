"""Reaction pathways: the order in which a paper's phases of one material appear.

A phase fact has a ``role`` (intermediate, product, reformed, sei) and an ``order``
(the position the text first states it in). The pathway is intermediates, then
products, then phases reformed on the reverse reaction, each group in stated
order: the role is the stronger signal because an abstract often names the final
product before the intermediates. Interphases (``sei``) are not steps of the
reaction and stay out. Phases with the same role and order form together
(``Bi + Na2S``). One function, used by the graph (TRANSFORMS_TO edges) and by
`kb show`, so both tell the same story; it follows the same rule as the query
layer's pathway table.
"""
from __future__ import annotations

from itertools import groupby
from typing import Iterable, TypeVar

T = TypeVar("T")

STEP_ROLES = ("intermediate", "product", "reformed")
_RANK = {r: i for i, r in enumerate(STEP_ROLES)}
_LAST = float("inf")


def steps(phases: Iterable[tuple[str | None, int | None, str, T]]) -> list[list[tuple[str, T]]]:
    """(role, order, phase, payload) -> steps in reaction order.

    A phase appears once (at its earliest step); phases without an order come
    after the ordered ones of their role, in input order.
    """
    ranked = []
    for i, (role, order, phase, payload) in enumerate(phases):
        if role not in _RANK and role is not None:
            continue  # sei and unknown roles are not reaction steps
        rank = _RANK.get(role or "intermediate")
        ranked.append(((rank, _LAST if order is None else order), i, phase, payload))
    ranked.sort(key=lambda t: (t[0], t[1]))
    out: list[list[tuple[str, T]]] = []
    seen: set[str] = set()
    for key, grp in groupby(ranked, key=lambda t: t[0]):
        members = list(grp)
        if key[1] == _LAST:  # unordered phases: one step each
            groups = [[m] for m in members]
        else:
            groups = [members]
        for g in groups:
            step = []
            for _, _, phase, payload in g:
                if phase not in seen:
                    seen.add(phase)
                    step.append((phase, payload))
            if step:
                out.append(step)
    return out


def transitions(step_list: list[list[tuple[str, T]]]) -> list[tuple[str, str]]:
    """Edges between every phase of a step and every phase of the next step."""
    out = []
    for a, b in zip(step_list, step_list[1:]):
        for pa, _ in a:
            for pb, _ in b:
                if pa != pb:
                    out.append((pa, pb))
    return out


def render(material: str, step_list: list[list[tuple[str, T]]]) -> str:
    """``Bi2S3 -> Bi + Na2S -> Na3Bi``"""
    parts = [material] + [" + ".join(p for p, _ in step) for step in step_list]
    return " -> ".join(parts)
