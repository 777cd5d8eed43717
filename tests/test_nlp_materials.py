"""Material mentions: formulas, composites, named materials, abbreviations, non-materials."""
import pytest

from kb.nlp import materials
from kb.nlp.pipeline import analyze_block


def names(text, abbrevs=None):
    return [m.name for m in materials.find(text, abbrevs or {})]


@pytest.mark.parametrize("written,name", [
    ("Bi2S3", "Bi2S3"), ("Na3(VPO4)2F3", "Na3(VPO4)2F3"), ("BixSb1−x", "BixSb1−x"),
    ("Bi0.33Sb0.67", "Bi0.33Sb0.67"), ("G‐Bi0.33Sb0.67", "G-Bi0.33Sb0.67"),
    ("WSSe@CPCS", "WSSe@CPCS"), ("α-MnO2", "α-MnO2"), ("Li1.3FeS2", "Li1.3FeS2"),
    ("NaxSn", "NaxSn"), ("Na15Sn4", "Na15Sn4"), ("Co9S8", "Co9S8"), ("TiO2(B)", "TiO2(B)"),
    ("Co3O4/CoO", "Co3O4/CoO"), ("P2-Na2/3MnO2", "P2-Na2/3MnO2"),
])
def test_formulas_found_whole(written, name):
    assert names(f"We studied {written} as an anode.") == [name]


def test_morphology_is_stripped_into_attribute():
    (m,) = materials.find("FeS2 nanotubes were cycled.")
    assert (m.name, m.morphology) == ("FeS2", "nanotubes")


def test_named_materials():
    assert names("hard carbon, black phosphorus, phosphorene and expanded graphite") == [
        "hard carbon", "black phosphorus", "phosphorene", "expanded graphite"]


def test_common_name_maps_to_formula():
    assert names("Bismuth sulfide is a promising anode.") == ["Bi2S3"]


@pytest.mark.parametrize("text", [
    "The CV and XRD of the SEI in SIBs were measured.",   # acronyms spelling elements
    "Na+ and Co3+ ions migrate.",                           # ions are not materials
    "Lu et al. showed it.",                                 # author, not lutetium
    "Powder XRD used Cu Kα radiation.",                     # X-ray line
    "See Figure S1 and Movies S2–S4.",                      # supporting labels
    "In this work, As shown, it is.",                       # English words
])
def test_not_materials(text):
    assert names(text) == []


def test_abbreviation_defined_then_resolved():
    sents = analyze_block("A full cell used Na3(VPO4)2F3 (NVPF) cathode. The NVPF cathode was stable.",
                          {})
    assert [m.name for m in sents[1].mentions.materials] == ["Na3(VPO4)2F3"]
    assert sents[1].mentions.materials[0].is_abbreviation


def test_named_abbreviation():
    abbrevs = {}
    analyze_block("We used expanded graphite (EG) as cathode.", abbrevs)
    assert abbrevs["EG"] == "expanded graphite"
    assert names("The EG cathode works.", abbrevs) == ["expanded graphite"]


def test_bare_symbol_called_an_electrode():
    assert names("The P anode was cycled.") == ["P"]
    assert names("P-based materials allow intercalation.") == ["P"]
    assert names("The P2 stacking is kept.") == []


def test_chemistries_and_redox_couples_are_not_materials():
    assert names("In Li-S and Na–O2 cells, potentials vs. Na+/Na were recorded.") == []
    assert names("The Li2S@C cathode and the Bi-Sb alloy.") == ["Li2S@C", "Bi-Sb"]


def test_class_name_in_apposition_gives_way_to_formula():
    assert names("a sodium-rich Prussian blue Na2-xFeFe(CN)6 cathode") == ["Na2-xFeFe(CN)6"]
    assert names("hard carbon and Sn") == ["hard carbon", "Sn"]


def test_single_letter_element_extends_a_list_of_elements():
    from kb.nlp.materials import find as find_materials
    got = [m.formula for m in find_materials("Anodes of elements such as Ge, Bi and S were tested.")]
    assert got == ["Ge", "Bi", "S"]


def test_single_letter_element_alone_or_core_level_is_not_a_material():
    from kb.nlp.materials import find as find_materials
    assert [m.formula for m in find_materials("Ge and S were mixed.")] == ["Ge"]
    assert "S" not in [m.formula for m in find_materials("The Ge, Bi and S 2p spectra.")]
