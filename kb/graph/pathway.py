"""Reaction pathways: the order in which a host material's phases form.

Why not the order of mention: papers name phases in the order that suits the
text (an abstract names the final product first, an introduction cites other
work), so stated order is a weak signal. Chemistry is a strong one: taking up
a working ion reduces the host's redox element(s) step by step, so the forward
phases (roles ``intermediate``/``product``) are ordered by the formal oxidation
state of the host's redox element(s) (:mod:`kb.chem.redox`), most oxidised first,
then by working ions per redox atom, then by stated order:

    Bi2S3 -> NaxBi2S3/NaBiS2 -> Bi + NaxS/Na2S -> NaBi -> Na3Bi (reverse: Na3Bi -> Bi + Na2S -> Bi2S3)

How a stage is written:

- ``/`` joins co-existing or alternative phases of one stage: states within
  ``STAGE_TOLERANCE`` of the stage's first phase when one of them has a variable
  stoichiometry (NaxBi2S3 ~ NaBiS2, both Bi +3), or equal states (Li22Sn5 /
  Li4.4Sn). An elemental phase (Bi, Sn) never shares a stage with a compound:
  the metal is the turning point from conversion to alloying (Sn -> LixSn).
  Fixed compositions with different states (KC24, KC16, KC8) are separate stages.
- `` + `` joins phases formed together: the conversion by-products (only the
  ion and anions: Na2S, Li2O) join the first stage where the redox element is
  elemental (``Bi + NaxS/Na2S``); without such a stage they form their own stage
  right after the last stage at or above oxidation state 0. Phases that fall
  back to stated order (below) and share role and stated position also join
  with `` + `` (the old "formed together" rule).
- Phases reformed on the reverse reaction (role ``reformed``) are a separate
  reverse segment after the forward path, ordered the other way round (the
  order they form on charge), rendered as `` (reverse: ...)``.
- Interphases (``sei``) are not reaction steps and stay out.

When the host is oxidised rather than reduced (a cathode charged first: most
phases above the host's state), the forward order is ascending instead.

Fallback: phases whose chemistry cannot be computed (no host or ion given,
a name that is no formula such as "hard carbon", a phase sharing no redox
element with the host) keep the previous rule -- role (intermediate before
product) then stated order, same role and position forming one step. Without
any computable phase this is the whole path; otherwise intermediates of this
kind come before the first stage holding a product and products at the end of
the forward path. No phase is ever dropped; a phase appears once per segment.

One module used by the graph (TRANSFORMS_TO edges), `kb show`, the query
tables and `kb ask`, so every view tells the same story.
"""
from __future__ import annotations

from typing import Any, Generic, Iterable, TypeVar

from kb.chem.redox import Roles, State, host_roles, phase_state

T = TypeVar("T")

STEP_ROLES = ("intermediate", "product", "reformed")
FORWARD_ROLES = ("intermediate", "product")
_RANK = {r: i for i, r in enumerate(STEP_ROLES)}
_LAST = float("inf")
STAGE_TOLERANCE = 0.25  # oxidation-state units: a variable phase this close belongs to the stage
SAME_STATE = 0.01  # fixed compositions this close are the same state (Li22Sn5, Li4.4Sn)


class Step(list, Generic[T]):
    """One stage of a pathway: a list of ``(phase, payload)`` in display order.

    Callers that only iterate see the phases; rendering also uses:
    ``groups`` -- the phase names in groups: groups are formed together (" + "),
    names within a group are alternatives / co-existing phases ("/");
    ``byproducts`` -- names of conversion by-products (they are not reduced
    further, so no transition leaves them); ``backward`` -- the stage belongs to
    the reverse reaction (not named ``reverse``: that is list.reverse); ``state`` -- the formal oxidation state of the host's
    redox element(s) at this stage, None for stated-order (fallback) stages.
    """

    def __init__(self, groups: Iterable[Iterable[tuple[str, T]]] = (), *, reverse: bool = False,
                 state: float | None = None, byproducts: Iterable[str] = ()):
        gs = [list(g) for g in groups]
        gs = [g for g in gs if g]
        super().__init__(m for g in gs for m in g)
        self.groups: list[list[str]] = [[p for p, _ in g] for g in gs]
        self.backward = reverse
        self.state = state
        self.byproducts = frozenset(byproducts)

    def text(self) -> str:
        return " + ".join("/".join(g) for g in self.groups)


class _Item:
    __slots__ = ("role", "order", "phase", "payload", "idx", "state")

    def __init__(self, role, order, phase, payload, idx, state: State | None):
        self.role, self.order, self.phase, self.payload, self.idx = role, order, phase, payload, idx
        self.state = state

    @property
    def stated(self) -> tuple:
        return (_LAST if self.order is None else self.order, self.idx)

    @property
    def rank(self) -> int:
        return _RANK.get(self.role or "intermediate", 0)


def _dedupe(items: list[_Item]) -> list[_Item]:
    """One item per phase name: the earliest (intermediate before product, then stated)."""
    best: dict[str, _Item] = {}
    for it in items:
        cur = best.get(it.phase)
        if cur is None or (it.rank, *it.stated) < (cur.rank, *cur.stated):
            best[it.phase] = it
    return sorted(best.values(), key=lambda it: it.idx)


def _stated_steps(items: list[_Item], reverse: bool) -> list[Step]:
    """The fallback rule: role, then stated order; same role and position form one step."""
    ranked = sorted(items, key=lambda it: (it.rank, *it.stated))
    out: list[Step] = []
    i = 0
    while i < len(ranked):
        j = i + 1
        if ranked[i].order is not None:
            while j < len(ranked) and (ranked[j].rank, ranked[j].order) == \
                    (ranked[i].rank, ranked[i].order):
                j += 1
        out.append(Step([[(it.phase, it.payload)] for it in ranked[i:j]], reverse=reverse))
        i = j
    return out


def _compatible(anchor: State, s: State) -> bool:
    if anchor.elemental != s.elemental:
        return False
    d = abs(anchor.oxidation - s.oxidation)
    if d <= SAME_STATE:
        return True
    return d <= STAGE_TOLERANCE and (anchor.variable or s.variable)


def _redox_stages(main: list[_Item], byp: list[_Item], descending: bool,
                  reverse: bool) -> tuple[list[Step], list[set]]:
    """Stages by oxidation state, and the roles each stage holds."""
    sign = -1 if descending else 1
    main = sorted(main, key=lambda it: (sign * it.state.oxidation,
                                        -sign * it.state.ion_per_redox, *it.stated))
    clusters: list[list[_Item]] = []
    for it in main:
        if clusters and _compatible(clusters[-1][0].state, it.state):
            clusters[-1].append(it)
        else:
            clusters.append([it])
    for c in clusters:
        c.sort(key=lambda it: (-sign * it.state.ion_per_redox, *it.stated))
    byp = sorted(byp, key=lambda it: (it.state.ion_per_redox, *it.stated))
    bgroup = [(it.phase, it.payload) for it in byp]
    bnames = [it.phase for it in byp]
    stages: list[Step] = []
    held: list[set] = []
    attached = not byp
    for c in clusters:
        held.append({it.role for it in c})
        groups = [[(it.phase, it.payload) for it in c]]
        if not attached and any(it.state.elemental for it in c):
            groups.append(bgroup)
            attached = True
            stages.append(Step(groups, reverse=reverse, state=c[0].state.oxidation,
                               byproducts=bnames))
        else:
            stages.append(Step(groups, reverse=reverse, state=c[0].state.oxidation))
    if not attached:
        own = Step([bgroup], reverse=reverse, state=0.0, byproducts=bnames)
        if descending:
            at = sum(1 for s in stages if s.state is not None and s.state >= -1e-9)
        else:
            at = len(stages)
        stages.insert(at, own)
        held.insert(at, {it.role for it in byp})
    return stages, held


def _segment(items: list[_Item], descending: bool, reverse: bool) -> list[Step]:
    computed = [it for it in items if it.state is not None]
    main = [it for it in computed if not it.state.byproduct]
    byp = [it for it in computed if it.state.byproduct]
    rest = [it for it in items if it.state is None]
    if not main:  # by-products alone say nothing about order: stated order for all
        return _stated_steps(items, reverse)
    stages, held = _redox_stages(main, byp, descending, reverse)
    early = [it for it in rest if it.rank == _RANK["intermediate"] and not reverse]
    late = [it for it in rest if it not in early]
    if early:
        at = next((i for i, h in enumerate(held) if "product" in h), len(stages))
        stages[at:at] = _stated_steps(early, reverse)
    if late:
        stages += _stated_steps(late, reverse)
    return stages


def _descending(items: list[_Item], roles: Roles | None, host: str | None) -> bool:
    """Reduction (descending states) unless most phases are more oxidised than the host."""
    if roles is None:
        return True
    h = phase_state(host, roles)
    if h is None or h.byproduct:
        return True
    states = [it.state.oxidation for it in items if it.state is not None and not it.state.byproduct]
    above = sum(1 for s in states if s > h.oxidation + SAME_STATE)
    below = sum(1 for s in states if s < h.oxidation - SAME_STATE)
    return not above > below


def steps(phases: Iterable[tuple[str | None, int | None, str, T]], host: str | None = None,
          ion: str | None = None) -> list[Step]:
    """(role, order, phase, payload) of one host, ion (and paper) -> stages in reaction order.

    ``host`` and ``ion`` enable the chemical order; without them (or when the
    chemistry cannot be computed) the stated-order fallback applies. The
    forward stages come first, then the reverse stages (``Step.backward``).
    """
    roles = host_roles(host, ion) if host else None
    fwd: list[_Item] = []
    rev: list[_Item] = []
    for i, (role, order, phase, payload) in enumerate(phases):
        if role is not None and role not in _RANK:
            continue  # sei and unknown roles are not reaction steps
        if not phase:
            continue
        it = _Item(role, None if order is None else order, phase, payload, i,
                   phase_state(phase, roles) if roles else None)
        (rev if role == "reformed" else fwd).append(it)
    fwd, rev = _dedupe(fwd), _dedupe(rev)
    descending = _descending(fwd, roles, host)
    return _segment(fwd, descending, reverse=False) + _segment(rev, not descending, reverse=True)


def transitions(step_list: list[list[tuple[str, T]]]) -> list[tuple[str, str]]:
    """Edges from the phases of a stage to every phase of the next stage.

    Alternatives within a stage are not linked, and by-products (Na2S) are not
    reduced further, so no edge leaves them unless they are all the stage has.
    """
    out: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for a, b in zip(step_list, step_list[1:]):
        byp = getattr(a, "byproducts", frozenset())
        sources = [p for p, _ in a if p not in byp] or [p for p, _ in a]
        for pa in sources:
            for pb, _ in b:
                if pa != pb and (pa, pb) not in seen:
                    seen.add((pa, pb))
                    out.append((pa, pb))
    return out


def _backward(step: list) -> bool:
    return isinstance(step, Step) and step.backward


def _step_text(step: list[tuple[str, Any]]) -> str:
    return step.text() if isinstance(step, Step) else " + ".join(p for p, _ in step)


def render(material: str | None, step_list: list[list[tuple[str, T]]], arrow: str = " -> ") -> str:
    """``Bi2S3 -> NaxBi2S3/NaBiS2 -> Bi + Na2S -> Na3Bi (reverse: Bi -> Bi2S3)``;
    without ``material`` the path starts at the first stage."""
    fwd = [s for s in step_list if not _backward(s)]
    rev = [s for s in step_list if _backward(s)]
    parts = ([material] if material else []) + [_step_text(s) for s in fwd]
    text = arrow.join(parts)
    if rev:
        tail = "(reverse: " + arrow.join(_step_text(s) for s in rev) + ")"
        text = f"{text} {tail}" if text else tail
    return text
