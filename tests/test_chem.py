"""kb.chem: flattening, formula grammar, plausibility, material identity (merges and non-merges)."""
from __future__ import annotations

import pytest

from kb.chem import (common_name_formula, composite_parts, elements, flatten, is_formula,
                     material_key, parse_formula, same_material, strip_modifiers)


# --- periodic table --------------------------------------------------------------------

def test_all_118_elements_with_names_and_numbers():
    table = elements()
    assert len(table) == 118
    assert table["H"] == ("hydrogen", 1) and table["Og"] == ("oganesson", 118)
    assert sorted(z for _, z in table.values()) == list(range(1, 119))


# --- flatten ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,flat", [
    ("Bi₂S₃", "Bi2S3"),
    ("Bi_{2}S_{3}", "Bi2S3"),
    ("Bi<sub>2</sub>S<sub>3</sub>", "Bi2S3"),
    (r"$\mathrm{Bi_2S_3}$", "Bi2S3"),
    ("Na⁺", "Na+"),
    ("S²⁻", "S2-"),
    ("BixSb1−x", "BixSb1-x"),
    ("hard‐carbon", "hard-carbon"),
    ("Na2S•9H2O", "Na2S·9H2O"),
    ("TiO₂\u00a0 nanotubes", "TiO2 nanotubes"),
])
def test_flatten(text, flat):
    assert flatten(text) == flat


# --- formula grammar -------------------------------------------------------------------

def fractions(text: str) -> dict[str, float]:
    comp = parse_formula(text)
    assert comp is not None, text
    return {el: float(a.constant) for el, a in comp.fractions().items()}


def test_integer_decimal_fraction_stoichiometry():
    assert fractions("Bi2S3") == pytest.approx({"Bi": 0.4, "S": 0.6})
    assert fractions("Bi0.33Sb0.67") == pytest.approx({"Bi": 1 / 3, "Sb": 2 / 3})
    na = fractions("Na2/3Ni1/3Mn2/3O2")
    assert na["O"] == pytest.approx(2 / (2 / 3 + 1 / 3 + 2 / 3 + 2))


def test_parentheses_brackets_and_hydrates():
    assert parse_formula("Na3(VPO4)2F3").amounts["O"].constant == 8
    comp = parse_formula("Na2Ni[Fe(CN)6]")
    assert {el: int(a.constant) for el, a in comp.amounts.items()} == {
        "Na": 2, "Ni": 1, "Fe": 1, "C": 6, "N": 6}
    hyd = parse_formula("CuSO4·5H2O")
    assert hyd.hydrate and hyd.amounts["H"].constant == 10 and hyd.amounts["O"].constant == 9
    assert parse_formula("Na2S·nH2O").variables == {"n"}


def test_variables_and_expressions():
    comp = parse_formula("BixSb1−x")
    assert comp.variables == {"x"}
    assert comp.amounts["Sb"].terms == {"": 1, "x": -1}
    comp = parse_formula("Na2-xFeFe(CN)6")
    assert comp.amounts["Na"].terms == {"": 2, "x": -1} and comp.amounts["Fe"].constant == 2
    assert parse_formula("Li1+xMn2O4").amounts["Li"].terms == {"": 1, "x": 1}
    assert parse_formula("MnO2-δ").amounts["O"].terms == {"": 2, "δ": -1}
    assert parse_formula("Na(NixFeyMnz)O2").variables == {"x", "y", "z"}


def test_charges_are_flagged_not_elements():
    na = parse_formula("Na+")
    assert na.charge == 1 and set(na.amounts) == {"Na"}
    s = parse_formula("S2−")
    assert s.charge == -2 and s.is_ion and set(s.amounts) == {"S"}
    assert parse_formula("Na2S").charge == 0


@pytest.mark.parametrize("bad", ["Bi2Xy3", "hello", "Na2S3)", "(Na2S", "", "Bi 2S3", "Co3O4/CoO",
                                 "Na2/0S", "Bi2S3@C", "xyz"])
def test_not_formulas_parse_to_none(bad):
    assert parse_formula(bad) is None


# --- plausibility ----------------------------------------------------------------------

@pytest.mark.parametrize("token", ["CV", "ICP", "HOW", "ON", "FIB", "SIB", "NVPF", "CPCS", "CN",
                                   "BET", "SEM", "TEM", "XRD", "DFT", "SEI", "CE", "CNTs", "SOCs",
                                   "SU8010", "SnS2116", "Fe(III)", "TiO2(B)", "NaFSI", "LiBOB"])
def test_acronyms_and_catalogue_numbers_are_not_formulas(token):
    assert not is_formula(token)
    assert not is_formula(token, allow_single_element=True)


@pytest.mark.parametrize("word", ["In", "As", "I", "No", "He", "Be", "At", "Hey", "Sex", "co", "in"])
def test_english_words_are_not_formulas(word):
    assert not is_formula(word, allow_single_element=True)


def test_single_elements_only_when_allowed():
    assert not is_formula("Sb") and is_formula("Sb", allow_single_element=True)
    assert is_formula("Co", allow_single_element=True)
    assert not is_formula("P4") and is_formula("P4", allow_single_element=True)


@pytest.mark.parametrize("token", ["Bi2S3", "WSSe", "CO2", "WS2", "NaxBi2S3", "Na3(VPO4)2F3",
                                   "BN", "KOH", "KSCN", "Li7La3Zr2O12", "NaC64", "CoO",
                                   "Co(OH)2", "Na2Fe(CN)6"])
def test_real_formulas_are_formulas(token):
    assert is_formula(token)


# --- material identity: merges ---------------------------------------------------------

@pytest.mark.parametrize("a,b", [
    ("Bi0.33Sb0.67", "Sb0.67Bi0.33"),
    ("Bi0.33Sb0.67", "Bi1/3Sb2/3"),
    ("Sb2S3", "S3Sb2"),
    ("NaxBi2S3", "Bi2S3Nax"),
    ("Na0.67Ni0.33Mn0.67O2", "Na2/3Ni1/3Mn2/3O2"),
    ("Na3(VPO4)2F3", "Na3V2(PO4)2F3"),
    ("Bi₂S₃", "Bi_{2}S_{3}"),
    ("FeS2 nanotubes", "FeS2"),
    ("hollow FeS2 microspheres", "FeS2"),
    ("α-MoO3", "MoO3"),
    ("β-SnSb", "SnSb"),
    ("anatase TiO2", "TiO2"),
    ("rutile TiO2", "titanium dioxide"),
    ("P2-Na2/3MnO2", "Na2/3MnO2"),
    ("O3-NaFeO2", "NaFeO2"),
    ("1T-MoS2", "MoS2"),
    ("2H-MoS2", "molybdenum disulfide"),
    ("a-Si", "silicon"),
    ("c-Si", "Si"),
    ("h-BN", "boron nitride"),
    ("bismuth sulfide", "Bi2S3"),
    ("tin dioxide", "SnO2"),
    ("antimony", "Sb"),
    ("Tin", "Sn"),
    ("red phosphorus", "P"),
    ("pyrite", "FeS2"),
    ("iron disulfide", "FeS2"),
    ("hard-carbon", "hard carbon"),
    ("Hard Carbon", "hard carbon"),
    ("hard carbon anode", "hard carbon"),
    ("rGO", "reduced graphene oxide"),
    ("CNTs", "carbon nanotubes"),
    ("Sn electrode", "Sn"),
    ("Na metal", "sodium"),
    ("TiO2(B)", "TiO2-B"),
    ("TiO2 (anatase)", "TiO2"),
    ("Co(OH)2", "CoO2H2"),
])
def test_same_material_key(a, b):
    assert material_key(a) == material_key(b)
    assert same_material(a, b)


# --- material identity: non-merges ----------------------------------------------------

@pytest.mark.parametrize("a,b", [
    ("MoS2", "MoSe2"),
    ("SnO", "SnO2"),
    ("Na3Sb", "NaSb"),
    ("NaxSn", "Na15Sn4"),
    ("Co3O4", "CoO"),
    ("black phosphorus", "P"),
    ("black phosphorus", "red phosphorus"),
    ("phosphorene", "black phosphorus"),
    ("graphite", "graphene"),
    ("hard carbon", "soft carbon"),
    ("graphite", "C"),
    ("Bi0.33Sb0.67", "Bi0.5Sb0.5"),
    ("Na0.44MnO2", "Na2/3MnO2"),
    ("P3", "P"),  # Delmas structure type, not phosphorus
    ("carbon nanotubes", "carbon"),
    ("Na3V1.98Ti0.02(PO4)3", "Na3V1.99Ti0.01(PO4)3"),  # dopant levels stay apart
    ("TiO2(B)", "TiO2"),  # bronze polymorph written as a label, not boron
    ("Fe(III)", "FeI3"),
])
def test_different_materials(a, b):
    assert material_key(a) != material_key(b)
    assert not same_material(a, b)


# --- composites --------------------------------------------------------------------------

@pytest.mark.parametrize("name,parts", [
    ("WSSe@CPCS", ("WSSe", "CPCS")),
    ("Bi2S3/C", ("Bi2S3", "C")),
    ("Co3O4/CoO", ("Co3O4", "CoO")),
    ("Na2/3Ni1/3Mn2/3O2/C", ("Na2/3Ni1/3Mn2/3O2", "C")),
    ("WSSe@CPCS//EG", ("WSSe@CPCS", "EG")),
    ("carbon-coated Sb", ("Sb", "carbon")),
    ("Sb coated with carbon", ("Sb", "carbon")),
    ("Sb/C composite", ("Sb", "C")),
    ("Na2/3Ni1/3Mn2/3O2", ("Na2/3Ni1/3Mn2/3O2",)),
    ("Bi-Sb", ("Bi-Sb",)),
    ("TiO2-B", ("TiO2-B",)),
    ("carbon nanotubes", ("carbon nanotubes",)),
])
def test_composite_parts(name, parts):
    assert composite_parts(name) == parts


def test_composite_matches_first_component_only():
    assert same_material("WSSe@CPCS", "WSSe")
    assert same_material("WSSe", "WSSe@CPCS")
    assert same_material("Co3O4/CoO", "Co3O4")
    assert same_material("WSSe@CPCS//EG", "WSSe")  # down the chain
    assert same_material("carbon-coated Sb", "Sb@C")
    assert not same_material("Co3O4/CoO", "CoO")
    assert not same_material("WSSe@CPCS", "CPCS")
    assert not same_material("Sb@C", "Sb/C")  # core-shell is not a mixture
    assert material_key("WSSe@CPCS") != material_key("WSSe")
    assert material_key("Bi2S3/C") == material_key("Bi2S3/carbon")


def test_common_name_formula():
    assert common_name_formula("Bismuth sulfide") == "Bi2S3"
    assert common_name_formula("tin dioxide") == "SnO2"
    assert common_name_formula("molybdenum disulfide") == "MoS2"
    assert common_name_formula("sodium sulfide") == "Na2S"
    assert common_name_formula("antimony") == "Sb"
    assert common_name_formula("graphite") is None  # a name, not a formula
    assert common_name_formula("unobtainium oxide") is None


def test_modifiers_stripped_only_at_the_ends():
    assert strip_modifiers("porous Sb2S3 nanowires") == "Sb2S3"
    assert strip_modifiers("carbon nanotubes") == "carbon nanotubes"
    assert strip_modifiers("amorphous carbon") == "amorphous carbon"
    assert strip_modifiers("amorphous Sb") == "Sb"


def test_name_keys_are_lower_case_and_formula_keys_are_fractions():
    assert material_key("Expanded Graphite") == "expanded graphite"
    assert material_key("Bi2S3") == "Bi0.4S0.6"
    assert material_key("NaxBi2S3") == "Bi0.4Na(0.2x)S0.6"
