"""Session 4 material gaps: element words (sulfur, selenium, phosphorus), SiOx-type
formulas, generic formulas with a substitution list, oxide names without a formula.

Invented sentences, positive and negative.
"""
import pytest

from kb.chem import common_name_formula, material_key
from kb.nlp import materials


def names(text, abbrevs=None):
    return [m.name for m in materials.find(text, abbrevs or {})]


# --- element words -------------------------------------------------------------------

@pytest.mark.parametrize("text,name", [
    ("The sulfur cathode retained most of its capacity.", "S"),
    ("Sulfur is light and abundant.", "S"),
    ("Sulfur-based cathodes need a conductive host.", "S"),
    ("We melt-infused sulphur into the carbon host.", "S"),
    ("Elemental sulfur was reduced stepwise.", "S"),
    ("Crystalline sulfur disappears on discharge.", "S"),
    ("The sulfur utilization reached 80%.", "S"),
    ("Selenium cathodes were cycled in carbonate electrolyte.", "Se"),
    ("Phosphorus stores three sodium per atom.", "P"),
    ("Bulk phosphorus electrodes pulverize.", "P"),
])
def test_element_words_are_materials(text, name):
    assert names(text) == [name]


def test_sulfur_key_is_elemental_sulfur():
    assert material_key("sulfur") == material_key("S") == material_key("sulphur")


@pytest.mark.parametrize("text", [
    "Sulfur vacancies in the lattice act as active sites.",
    "The sulfur content was 70 wt%.",
    "A sulfur loading of 5 mg per cm2 was used.",
    "Sulfur doping widens the interlayer spacing.",
    "The sulfur atoms sit at the edges.",
    "Sulfur-doped carbon and phosphorus-doped graphene were compared.",
    "Nitrogen and sulfur co-doped carbon hosts were made.",
    "Carbon doped with sulfur showed more defects.",
    "Doping with nitrogen (GN) and phosphorus (GP) into graphene adds defects.",
    "The sulfur K-edge spectra show polysulfides.",
    "The sulfur-rich surface was passivated.",
    "Phosphorus atoms pucker in each layer.",
    "The metal–sulfur bonding weakens.",
    "Lithium–sulfur batteries suffer from the shuttle effect.",
    "Room-temperature sodium-sulfur cells were assembled.",
    "Polysulfides shuttle in sulfur batteries.",
    "Sulfur-based solid electrolytes are air sensitive.",
    "Tin(II) chloride and silicon(IV) species were the precursors.",
    "Sulfur dioxide was released.",
    "The phosphorus dopant sits between the layers.",
    "The silicon wafer was used as substrate.",
    "The silicon content of the alloy was low.",
    "The composite delivers 900 mAh/g calculated on the mass of phosphorus.",
    "Capacities are given per gram of sulfur and per sulfur mass.",
])
def test_element_words_that_are_not_the_material(text):
    assert "S" not in names(text) and "P" not in names(text) and "Si" not in names(text)


def test_named_allotropes_kept():
    assert names("Black phosphorus and red phosphorus anodes.") == ["black phosphorus", "red phosphorus"]
    assert names("Phosphorene flakes were exfoliated.") == ["phosphorene"]


def test_element_words_still_found():
    assert names("Silicon anodes and tin and germanium.") == ["Si", "Sn", "Ge"]


# --- glued suffixes that say the element is not the material ----------------------------

@pytest.mark.parametrize("text", [
    "The Co K-edge XANES was recorded.",
    "Na-ion batteries and K-ion cells were compared.",
])
def test_edges_and_ion_chemistries_are_not_materials(text):
    assert names(text) == []


def test_based_still_names_the_material():
    assert names("Sn-based anodes were compared.") == ["Sn"]


# --- SiOx-type formulas ---------------------------------------------------------------

@pytest.mark.parametrize("written", ["SiOx", "SnOx", "SiO(x)", "MoOx"])
def test_variable_oxygen_formulas(written):
    (m,) = materials.find(f"The {written} anode was cycled.")
    assert m.text == written and m.formula is not None


def test_variable_formula_key():
    assert material_key("SiO(x)") == material_key("SiOx")
    assert material_key("SiOx") != material_key("SiO")


@pytest.mark.parametrize("written", ["NaOx", "Li2Sx", "SiNx", "NOx"])
def test_variable_formulas_that_are_no_electrode(written):
    assert names(f"A thin {written} film formed on it.") == []


def test_variable_formula_in_composite():
    assert names("The SiOx/C composite was cycled.") == ["SiOx/C"]


# --- generic formulas with a substitution list --------------------------------------

def test_substitution_list_gives_the_concrete_materials():
    ms = materials.find("Oxides MO (M = Co, Ni, Cu, Fe) react by conversion.")
    assert [m.formula for m in ms] == ["CoO", "NiO", "CuO", "FeO"]
    assert [m.text for m in ms] == ["Co", "Ni", "Cu", "Fe"]


def test_substitution_list_with_subscripts_and_and():
    assert names("Fluorides MF2 (M = Fe and Cu) were lithiated.") == ["FeF2", "CuF2"]
    assert names("Li2MSiO4 (M = Fe, Mn) cathodes.") == ["Li2FeSiO4", "Li2MnSiO4"]


def test_two_placeholders_give_no_bogus_metals():
    found = names("Layered AxMO2 (A = Na, K; M = Cr, Mn, Co) were compared.")
    assert not {"Na", "K", "Cr", "Mn", "Co", "MO2", "AxMO2"} & set(found)


def test_plain_m_is_never_a_material():
    assert names("The reaction MO + 2Li gives M and Li2O.") == ["Li2O"]
    assert names("The M site is octahedral, M = 3d metal.") == []


# --- oxide names --------------------------------------------------------------------

@pytest.mark.parametrize("name,formula", [
    ("iron(III) oxide", "Fe2O3"), ("iron(II) oxide", "FeO"), ("copper(I) oxide", "Cu2O"),
    ("tin(IV) oxide", "SnO2"), ("cobalt(II) oxide", "CoO"), ("manganese(IV) oxide", "MnO2"),
    ("iron(II) sulfide", "FeS"), ("vanadium(V) oxide", "V2O5"), ("iron(III) fluoride", "FeF3"),
    ("manganese dioxide", "MnO2"), ("vanadium pentoxide", "V2O5"), ("tin monoxide", "SnO"),
    ("nickel oxide", "NiO"), ("titanium disulfide", "TiS2"), ("cobalt monoxide", "CoO"),
])
def test_oxide_names_with_one_formula(name, formula):
    assert common_name_formula(name) == formula
    assert names(f"Nanosized {name} particles were tested.") == [formula]


@pytest.mark.parametrize("written,name", [
    ("copper oxide", "copper oxide"), ("copper oxides", "copper oxide"),
    ("iron oxides", "iron oxide"),
    ("manganese oxides", "manganese oxide"),
])
def test_ambiguous_oxide_names_stay_names(written, name):
    (m,) = materials.find(f"Nanosized {written} work as anodes.")
    assert (m.name, m.formula) == (name, None)
    assert material_key(written) == name


def test_oxidation_state_beyond_the_element_is_no_formula():
    assert common_name_formula("sodium(III) oxide") is None


def test_element_word_with_an_oxidation_state_is_a_compound_or_ion():
    assert names("Tin(II) chloride was the tin source.") == []
    assert names("Tin (IV) oxide and tin anodes.") == ["SnO2", "Sn"]
