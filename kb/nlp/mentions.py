"""Typed mentions: what a recognizer found in one sentence, before assembly into facts.

Recognizers are pure functions ``find(text) -> list[Mention]`` over one sentence's
text; offsets are character offsets into that text. Keeping them free of spaCy
objects lets them be unit-tested on plain strings and reused by any component.
"""
from __future__ import annotations

import re
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


# An anaphoric subject: a determiner and a head noun that stands for a material.
ANAPHOR = re.compile(
    r"\b(?:this|these|the|such|both|those|our|its|their)\s+(?:as-prepared\s+|pristine\s+|"
    r"composite\s+|hybrid\s+|active\s+)?(anodes?|cathodes?|electrodes?|materials?|compounds?|samples?|"
    r"composites?|nanorods?|nanowires?|nanosheets?|nanotubes?|nanoparticles?|hosts?|systems?|"
    r"hybrids?|structures?|architectures?|heterostructures?|crystals?|films?)\b", re.I)


# Every ANAPHOR match contains one of these (lower case): its head nouns.
_ANAPHOR_HEADS = ("ode", "material", "compound", "sample", "composite", "nano", "host", "system",
                  "hybrid", "structure", "architecture", "crystal", "film")
# re.I lets these non-ASCII letters match ASCII ones; str.lower() does not fold them.
_FOLD_SPECIAL = ("\u0130", "\u0131", "\u017f", "\u212a")


def _may_have_anaphor(text: str) -> bool:
    """False only when ANAPHOR cannot match: no head noun in the text (a case-insensitive
    scan of every position costs far more than lowering the text and a few ``in`` tests)."""
    low = text.lower()
    for w in _ANAPHOR_HEADS:
        if w in low:
            return True
    return not text.isascii() and any(c in text for c in _FOLD_SPECIAL)


def find_anaphor(text: str) -> str | None:
    """The head noun of the first "this anode" / "these materials" phrase, lower-cased."""
    m = ANAPHOR.search(text) if _may_have_anaphor(text) else None
    return m.group(1).lower() if m else None


class _Unset:
    def __repr__(self) -> str:
        return "<found on first read>"


_UNSET = _Unset()


class _LazyAnaphor:
    """The ``anaphor`` field, searched for the first time somebody reads it.

    The facts layer reads it only for a sentence that names no material after one
    that did, so searching every sentence (a case-insensitive scan costing about
    half the bare tokenizer over a paper) mostly built values nobody read. A
    dataclass field whose default is a descriptor goes through ``__get__``/``__set__``
    (Python >= 3.10), so ``SentenceMentions`` stays a plain dataclass: ``asdict``,
    ``==`` and ``repr`` read the found value. A value passed to ``__init__`` wins;
    without one, the value is ``find_anaphor`` of the text given to ``defer_anaphor``,
    else None.
    """

    def __get__(self, obj, owner=None):
        if obj is None:
            return _UNSET  # the dataclass default: "not given"
        d = obj.__dict__
        try:
            return d["_anaphor"]
        except KeyError:
            text = d.get("_anaphor_text")
            value = d["_anaphor"] = find_anaphor(text) if text is not None else None
            return value

    def __set__(self, obj, value) -> None:
        if value is not _UNSET:
            obj.__dict__["_anaphor"] = value


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
    # Anaphoric subject ("this anode", "these materials"): see _LazyAnaphor.
    anaphor: str | None = _LazyAnaphor()

    def defer_anaphor(self, text: str) -> None:
        """Find ``anaphor`` in ``text`` (the sentence) when it is first read, unless given."""
        self.__dict__["_anaphor_text"] = text

    @classmethod
    def of_sentence(cls, text: str, materials: list, phases: list, techniques: list, mechanisms: list,
                    phenomena: list, capacities: list, ions: list) -> SentenceMentions:
        """``SentenceMentions(materials, ..., ions)`` then ``defer_anaphor(text)``: the same
        object, its attributes set in one go. The pipeline makes one per sentence of every
        paper; the generated ``__init__`` would also call the anaphor descriptor, for nothing."""
        sm = object.__new__(cls)
        sm.__dict__ = {"materials": materials, "phases": phases, "techniques": techniques,
                       "mechanisms": mechanisms, "phenomena": phenomena, "capacities": capacities,
                       "ions": ions, "_anaphor_text": text}
        return sm
