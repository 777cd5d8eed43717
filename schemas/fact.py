"""Facts: the records of ../shared/FACTS.md plus the evidence that backs them.

A fact is document-level ("paper P reports material M ..."); the evidence says
where a curator can check it in seconds. One place defines the vocabularies so
the extractors, the store, the exports and the JSON Schema agree.
"""
from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel, Field


class FactType(str, Enum):
    MATERIAL = "material"
    MECHANISM = "mechanism"
    PHASE = "phase"
    CAPACITY = "capacity"
    TECHNIQUE = "technique"
    PHENOMENON = "phenomenon"


IONS = ("Na", "K", "Li", "Mg", "Ca", "Zn", "Al", "Li-S", "Li-O2", "Na-O2", "K-O2")
MATERIAL_ROLES = ("anode", "cathode", "electrolyte", "active")
MECHANISMS = ("intercalation", "conversion", "alloying", "displacement",
              "disproportionation", "adsorption", "plating")
PHASE_ROLES = ("intermediate", "product", "reformed", "sei")
CAPACITY_UNITS = ("mAh/g", "mAh/cm3", "mAh/cm2")
CAPACITY_KINDS = ("reversible", "initial_discharge", "initial_charge", "theoretical",
                  "retained", "discharge", "charge", "other")
TECHNIQUES = ("TEM", "HRTEM", "STEM", "HAADF-STEM", "SAED", "EDS", "EELS", "cryo-TEM",
              "ETEM", "4D-STEM", "SEM", "FIB", "XRD", "XPS", "XAS", "XANES", "EXAFS",
              "sXAS", "TXM", "X-ray tomography", "PDF", "Raman", "FTIR", "NMR", "ICP",
              "BET", "AFM", "DFT", "FEA", "MD", "GITT", "CV", "EIS", "GCD")
TECHNIQUE_MODES = ("in_situ", "operando", "ex_situ", "calculation")
PHENOMENA = ("irreversible_first_cycle", "volume_expansion", "cracking", "pulverization",
             "amorphization", "sei_formation", "pore_formation", "dislocations",
             "dendrite_growth", "shrinking_core", "anisotropic_diffusion", "reaction_front",
             "capacity_fading", "reversible_cycling", "reaction_speed",
             "diffusion_coefficient", "diffusion_barrier", "initial_coulombic_efficiency")
PHENOMENON_UNITS = ("%", "nm/s", "cm2/s", "eV", "nm")

# The type-specific fields of each fact type, in FACTS.md order.
TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    "material": ("role",),
    "mechanism": ("mechanism",),
    "phase": ("phase", "role"),
    "capacity": ("value", "unit", "kind", "current", "cycles", "retention_percent"),
    "technique": ("technique", "mode"),
    "phenomenon": ("phenomenon", "value", "unit"),
}
# Fields that are written even when null (FACTS.md shows "mode": null).
ALWAYS_WRITTEN = {"technique": ("mode",)}


class Evidence(BaseModel):
    paper: str
    section: str
    sentence: str
    start: int | None = None  # character span of the key mention inside ``sentence``
    end: int | None = None
    extractor: str = ""
    confidence: float = 1.0


class Fact(BaseModel):
    paper: str
    type: FactType
    material: str
    ion: str | None = None
    role: str | None = None
    mechanism: str | None = None
    phase: str | None = None
    value: float | None = None
    unit: str | None = None
    kind: str | None = None
    current: str | None = None
    cycles: int | None = None
    retention_percent: float | None = None
    technique: str | None = None
    mode: str | None = None
    phenomenon: str | None = None
    # Position of a phase in the reaction pathway as the text states it.
    order: int | None = None
    evidence: Evidence
    doi: str | None = None

    def record(self) -> dict[str, Any]:
        """The FACTS.md record: common fields then the type's own, nulls dropped."""
        t = self.type.value
        out: dict[str, Any] = {"paper": self.paper, "type": t, "material": self.material,
                               "ion": self.ion}
        for f in TYPE_FIELDS[t]:
            v = getattr(self, f)
            if v is not None or f in ALWAYS_WRITTEN.get(t, ()):
                out[f] = v
        return out

    def export_record(self) -> dict[str, Any]:
        """The curated-dataset row: FACTS.md record plus doi, section, evidence, confidence."""
        out = self.record()
        out["doi"] = self.doi
        out["section"] = self.evidence.section
        out["evidence"] = self.evidence.sentence
        out["confidence"] = round(self.evidence.confidence, 3)
        return out

    def key(self) -> tuple:
        """Identity of the assertion, evidence aside: used to deduplicate."""
        r = self.record()
        return tuple(sorted((k, str(v)) for k, v in r.items()))
