"""Typed mentions: what a recognizer found in one sentence, before assembly into facts.

Recognizers are pure functions ``find(text) -> list[Mention]`` over one sentence's
text; offsets are character offsets into that text. Keeping them free of spaCy
objects lets them be unit-tested on plain strings and reused by any component.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class MaterialMention(Mention):
    name: str  # as written, flattened ("WSSe@CPCS", "FeS2"), morphology stripped
    formula: str | None = None  # validated formula when the name is or maps to one
    morphology: str | None = None  # "nanotubes", "nanowires" ...
    is_abbreviation: bool = False


@dataclass(frozen=True)
class PhaseMention(Mention):
    phase: str  # flattened formula, x kept: "NaxBi2S3"
    role: str | None = None  # intermediate | product | reformed | sei (FACTS.md phase roles)


@dataclass(frozen=True)
class TechniqueMention(Mention):
    technique: str  # canonical name from FACTS.md
    mode: str | None = None  # in_situ | operando | ex_situ | calculation | None


@dataclass(frozen=True)
class MechanismMention(Mention):
    mechanism: str  # FACTS.md vocabulary
    negated: bool = False
    hedged: bool = False


@dataclass(frozen=True)
class PhenomenonMention(Mention):
    phenomenon: str  # FACTS.md vocabulary
    negated: bool = False
    hedged: bool = False
    value: float | None = None
    unit: str | None = None


@dataclass(frozen=True)
class CapacityMention(Mention):
    value: float
    unit: str  # mAh/g | mAh/cm3 | mAh/cm2
    kind: str = "other"  # FACTS.md capacity kinds
    current: str | None = None  # normalised: "0.1 A/g", "2 C", "179 mA/g"
    cycles: int | None = None
    retention_percent: float | None = None


@dataclass(frozen=True)
class IonMention(Mention):
    ion: str  # FACTS.md ion vocabulary: "Na", "K", "Li", "Li-S" ...


@dataclass
class SentenceMentions:
    """Everything recognized in one sentence; filled by the pipeline components."""

    materials: list[MaterialMention] = field(default_factory=list)
    phases: list[PhaseMention] = field(default_factory=list)
    techniques: list[TechniqueMention] = field(default_factory=list)
    mechanisms: list[MechanismMention] = field(default_factory=list)
    phenomena: list[PhenomenonMention] = field(default_factory=list)
    capacities: list[CapacityMention] = field(default_factory=list)
    ions: list[IonMention] = field(default_factory=list)
    # Anaphoric subject ("this anode", "these materials") when the sentence names no material.
    anaphor: str | None = None
