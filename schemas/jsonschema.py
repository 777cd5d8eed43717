"""JSON Schema of the curated-dataset rows (`kb export facts`), generated from schemas.fact.

The vocabularies live once, in schemas/fact.py; this module turns them into the
schema that ships as schemas/facts.schema.json so that users of the dataset can
validate it without our code. Regenerate with `python -m schemas.jsonschema`;
a test fails when the shipped file and the vocabularies drift apart.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from schemas.fact import (ALWAYS_WRITTEN, CAPACITY_KINDS, CAPACITY_UNITS, IONS, MATERIAL_ROLES,
                          MECHANISMS, PHASE_ROLES, PHENOMENA, PHENOMENON_UNITS, TECHNIQUE_MODES,
                          TECHNIQUES, TYPE_FIELDS, FactType)

SCHEMA_PATH = Path(__file__).resolve().parent / "facts.schema.json"
SCHEMA_ID = "urn:kb:schema:facts:1"

_STR = {"type": "string", "minLength": 1}
_COMMON: dict[str, Any] = {
    "paper": {**_STR, "description": "corpus file stem"},
    "type": {"enum": [t.value for t in FactType]},
    "material": {**_STR, "description": "material as written, sub/superscripts flattened"},
    "ion": {"enum": [*IONS, None], "description": "working ion or chemistry; null when not stated"},
    "doi": {"type": ["string", "null"]},
    "section": {"type": "string", "description": "title of the section of the evidence"},
    "evidence": {**_STR, "description": "the sentence the fact was read from"},
    "confidence": {"type": "number", "minimum": 0, "maximum": 1},
}
_REQUIRED_COMMON = ["paper", "type", "material", "ion", "doi", "section", "evidence", "confidence"]

# Fields each type must carry (others of the type are optional, nulls are dropped).
_REQUIRED = {"material": [], "mechanism": ["mechanism"], "phase": ["phase"],
             "capacity": ["value", "unit"], "technique": ["technique"],
             "phenomenon": ["phenomenon"]}


def _field(type_: str, name: str) -> dict[str, Any]:
    nullable = name in ALWAYS_WRITTEN.get(type_, ())
    spec: dict[str, Any]
    if type_ == "material" and name == "role":
        spec = {"enum": list(MATERIAL_ROLES)}
    elif type_ == "phase" and name == "role":
        spec = {"enum": list(PHASE_ROLES)}
    elif name == "mechanism":
        spec = {"enum": list(MECHANISMS)}
    elif name == "phase":
        spec = dict(_STR)
    elif name == "technique":
        spec = {"enum": list(TECHNIQUES)}
    elif name == "mode":
        spec = {"enum": list(TECHNIQUE_MODES)}
    elif name == "phenomenon":
        spec = {"enum": list(PHENOMENA)}
    elif name == "kind":
        spec = {"enum": list(CAPACITY_KINDS)}
    elif name == "unit":
        spec = {"enum": list(CAPACITY_UNITS if type_ == "capacity" else PHENOMENON_UNITS)}
    elif name in ("value", "retention_percent"):
        spec = {"type": "number"}
    elif name == "cycles":
        spec = {"type": "integer", "minimum": 0}
    elif name == "current":
        spec = dict(_STR)
    else:  # a new optional field in schemas.fact: accept any scalar until described
        spec = {"type": ["string", "number", "integer", "boolean"]}
    if nullable:
        spec = {"anyOf": [spec, {"type": "null"}]}
    return spec


def facts_schema() -> dict[str, Any]:
    variants = []
    for t in FactType:
        fields = TYPE_FIELDS[t.value]
        props = dict(_COMMON)
        props["type"] = {"const": t.value}
        for f in fields:
            props[f] = _field(t.value, f)
        required = _REQUIRED_COMMON + _REQUIRED[t.value] + list(ALWAYS_WRITTEN.get(t.value, ()))
        variants.append({"title": f"{t.value} fact", "type": "object", "properties": props,
                         "required": list(dict.fromkeys(required)),
                         "additionalProperties": False})
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "kb curated fact",
        "description": ("One line of `kb export facts` (JSONL): the FACTS.md record of one "
                        "document-level fact plus doi, section, evidence sentence and confidence."),
        "oneOf": variants,
    }


def schema_text() -> str:
    return json.dumps(facts_schema(), indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    if "--check" in sys.argv:
        ok = SCHEMA_PATH.exists() and SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()
        print("up to date" if ok else f"{SCHEMA_PATH} is stale: run python -m schemas.jsonschema")
        sys.exit(0 if ok else 1)
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {SCHEMA_PATH}")


if __name__ == "__main__":
    main()
