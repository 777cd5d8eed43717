"""Reaction pathways: the order in which a paper says a material's phases appear.

A phase fact carries ``order`` (its position in the pathway as the text states it).
Phases of one material, ion and paper with the same order are formed together
(``Bi + Na2S``); consecutive orders are consecutive steps. One function, used by
the graph (TRANSFORMS_TO edges) and by `kb show`, so both tell the same story.
"""
from __future__ import annotations

from itertools import groupby
from typing import Iterable, TypeVar

T = TypeVar("T")


def steps(phases: Iterable[tuple[int | None, str, T]]) -> list[list[tuple[str, T]]]:
    """(order, phase, payload) -> steps in order; phases without an order are left out.

    Within a step phases keep first-seen order and appear once.
    """
    ordered = sorted(((o, i, p, x) for i, (o, p, x) in enumerate(phases) if o is not None),
                     key=lambda t: (t[0], t[1]))
    out: list[list[tuple[str, T]]] = []
    for _, grp in groupby(ordered, key=lambda t: t[0]):
        step: list[tuple[str, T]] = []
        seen: set[str] = set()
        for _, _, phase, payload in grp:
            if phase not in seen:
                seen.add(phase)
                step.append((phase, payload))
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
