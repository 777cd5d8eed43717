"""A stacking polytype written before a formula ("2H-MoS2", "1T'-WTe2") does not hide it."""
import pytest

from kb.chem import material_key
from kb.nlp.pipeline import analyze_block


def _names(text):
    return [m.name for s in analyze_block(text, {}) for m in s.mentions.materials]


@pytest.mark.parametrize("text, name", [
    ("The 2H-MoS2 sheets were sodiated.", "MoS2"),
    ("2H-WS2 was used as the anode.", "WS2"),
    ("It turns into 1T-NaMoS2 on sodiation.", "NaMoS2"),
    ("The 1T'-WTe2 flakes were cycled.", "WTe2"),
    ("A (3R-NbS2) film was grown.", "NbS2"),
])
def test_formula_after_a_polytype_is_a_material(text, name):
    assert name in _names(text)


def test_polytype_does_not_change_the_key():
    assert material_key("2H-MoS2") == material_key("MoS2")


@pytest.mark.parametrize("text", [
    "The 3D-Printed frame held the cell.",   # not a polytype: 3D
    "We added 2-Butanol to the slurry.",     # a digit and a hyphen, no polytype letter
    "The x2H-Ab part was not a material.",   # the polytype must start the word
])
def test_no_material_without_a_polytype_before_the_formula(text):
    assert _names(text) == []
