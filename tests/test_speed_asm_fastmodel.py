"""ExactBuilder gives the very object pydantic's validation gives (invented values only)."""
import pydantic
import pytest

from kb.facts.fastmodel import ExactBuilder
from schemas.fact import Evidence, Fact, FactType

FACT = ExactBuilder(Fact)
EVIDENCE = ExactBuilder(Evidence)


def _evidence(**over):
    ev = {"paper": "p1", "section": "Results", "sentence": "The XY2 anode gave 512 mAh g−1.",
          "start": 4, "end": 7, "extractor": "kb.facts.rules", "confidence": 0.72}
    ev.update(over)
    return ev


def _fields(ev_builder, **over):
    fields = {"paper": "p1", "type": FactType.CAPACITY, "material": "XY2", "ion": "Na", "doi": "10.1/x",
              "value": 512.0, "unit": "mAh/g", "kind": "reversible", "current": "0.1 A/g", "cycles": 40,
              "retention_percent": None, "evidence": ev_builder(_evidence())}
    fields.update(over)
    return fields


def _same(got, want):
    assert type(got) is type(want)
    assert got == want
    assert list(got.__dict__) == list(want.__dict__)
    assert [type(v) for v in got.__dict__.values()] == [type(v) for v in want.__dict__.values()]
    assert got.model_fields_set == want.model_fields_set
    assert got.__pydantic_extra__ == want.__pydantic_extra__
    assert got.__pydantic_private__ == want.__pydantic_private__
    assert got.model_dump_json() == want.model_dump_json()
    assert got.model_dump(mode="json") == want.model_dump(mode="json")


def test_both_models_take_the_fast_path():
    assert FACT.types is not None and EVIDENCE.types is not None


@pytest.mark.parametrize("over", [
    {},
    {"ion": None, "doi": None, "current": None, "cycles": None},
    {"type": FactType.PHASE, "value": None, "unit": None, "kind": None, "cycles": None, "current": None,
     "phase": "Na2S", "role": "product", "order": 2},
    {"value": 512},  # an int for a float field: validation makes it 512.0
    {"cycles": 40.0},  # a float for an int field: validation makes it 40
    {"unknown": "ignored"},  # an unknown field: validation drops it
])
def test_fact_built_equals_fact_validated(over):
    _same(FACT.build(_fields(EVIDENCE.build, **over)), Fact.__pydantic_validator__.validate_python(
        _fields(Evidence.__pydantic_validator__.validate_python, **over)))


@pytest.mark.parametrize("over", [{}, {"start": None, "end": None}, {"confidence": 1}])
def test_evidence_built_equals_evidence_validated(over):
    _same(EVIDENCE.build(_evidence(**over)), Evidence.model_validate(_evidence(**over)))


def test_bad_values_still_raise():
    with pytest.raises(pydantic.ValidationError):
        FACT.build({"paper": "p1", "type": FactType.MATERIAL, "evidence": EVIDENCE.build(_evidence())})
    with pytest.raises(pydantic.ValidationError):
        EVIDENCE.build(_evidence(start="four"))


def test_a_model_with_a_validator_is_always_validated():
    class Trimmed(pydantic.BaseModel):
        name: str

        @pydantic.field_validator("name")
        @classmethod
        def _strip(cls, v):
            return v.strip()

    class Constrained(pydantic.BaseModel):
        name: str = pydantic.Field(max_length=3)

    assert ExactBuilder(Trimmed).types is None
    assert ExactBuilder(Trimmed).build({"name": " a "}).name == "a"
    assert ExactBuilder(Constrained).types is None
    with pytest.raises(pydantic.ValidationError):
        ExactBuilder(Constrained).build({"name": "abcd"})
