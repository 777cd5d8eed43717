"""Session 5 material gaps: composites written with dash variants, composites whose
support is a named carbon of several words, bracketed composites that are no
abbreviations, variables after one-letter symbols, metal anodes written as words,
peroxide and superoxide names.

Invented sentences, positive and negative.
"""
import pytest

from kb.chem import material_key
from kb.nlp import chem_bridge, materials


def names(text, abbrevs=None):
    return [m.name for m in materials.find(text, abbrevs or {})]


# --- dash composites -----------------------------------------------------------------

@pytest.mark.parametrize("text,name", [
    ("The MoSe2–rGO hybrid kept its capacity for 300 cycles.", "MoSe2-rGO"),
    ("The MoSe2‑rGO hybrid kept its capacity.", "MoSe2-rGO"),  # non-breaking hyphen
    ("The MoSe2-rGO hybrid kept its capacity.", "MoSe2-rGO"),
    ("The MoSe2‒rGO hybrid kept its capacity.", "MoSe2-rGO"),  # figure dash
    ("The MoSe2−rGO hybrid kept its capacity.", "MoSe2−rGO"),  # minus sign (keys as MoSe2-rGO)
    ("A CoP–graphene electrode was cycled at 1 A/g.", "CoP-graphene"),
    ("The Li2S–P2S5 glass was pressed into pellets.", "Li2S-P2S5"),
    ("The NaF–FeF3 nanocomposite was ball-milled.", "NaF-FeF3"),
    ("The Co3O4–CoO hybrid was annealed.", "Co3O4-CoO"),  # no working ion: a heterostructure
])
def test_dash_composites_are_one_material(text, name):
    assert names(text) == [name]


def test_dash_variants_key_as_one_material():
    assert material_key("MoSe2–rGO") == material_key("MoSe2-rGO") == material_key("MoSe2−rGO")


@pytest.mark.parametrize("text,name", [
    ("The Na3V2−xTix(PO4)3 cathode was cycled.", "Na3V2−xTix(PO4)3"),
    ("A TiO2−x shell formed.", "TiO2−x"),
])
def test_minus_in_amounts_is_no_composite_separator(text, name):
    assert names(text) == [name]


@pytest.mark.parametrize("text", [
    "Li–S cells suffer from the shuttle effect.",
    "The Na–O2 cell discharged at 2.2 V.",
    "A sodium–oxygen cell and a lithium–sulfur cell were compared.",
    "Charge–discharge curves were recorded between 0.01 and 3 V.",
    "The solid–liquid interface moved inward.",
    "The Sn–Sn distance shrank on sodiation.",
    "Brunauer–Emmett–Teller analysis gave 120 m2/g.",
    "The Li2S6–Li2S4 step is slow.",  # a range of phases
    "The Na2Se2–Na2Se plateau sits at 1.2 V.",
    "A Na3V2(PO4)3–NaTi2(PO4)3 full cell was built.",  # two electrodes, both ion-bearing
    "The LiMnPO4–MnPO4 boundary moved inward.",  # two phases of one host
    "The NaCrO2-CrO2 transition is reversible.",
    "Ge–Na alloys form below 0.3 V.",  # an element with the working ion
])
def test_dashes_in_ordinary_text_are_no_composites(text):
    assert not [n for n in names(text) if "-" in n]


@pytest.mark.parametrize("text", [
    "Ge–O–C linkages anchor the particles to the carbon.",
    "Interfacial Bi–O–C bridges speed up charge transfer.",
    "The Co–Se distance grew on sodiation.",
])
def test_bonds_written_as_joined_symbols_are_no_materials(text):
    assert names(text) == []


def test_bond_between_atoms_of_one_element_is_no_material():
    assert names("Layers of Te–Mo–Te are held by van der Waals forces.") == []


# --- composites whose support is a name of several words ----------------------------

@pytest.mark.parametrize("text,name", [
    ("Layered MoSe2–Reduced Graphene Oxide Hybrids for Potassium Storage", "MoSe2-rGO"),
    ("the MoSe2–reduced graphene oxide anode", "MoSe2-rGO"),
    ("The CoO–multi walled carbon nanotubes composite was annealed.", "CoO-MWCNT"),
])
def test_composite_with_named_support(text, name):
    assert names(text) == [name]


def test_named_support_composite_keys_as_its_abbreviation():
    found = materials.find("the MoSe2–reduced graphene oxide anode")
    assert material_key(found[0].name) == material_key("MoSe2–rGO")


@pytest.mark.parametrize("text", [
    "The Li–reduced graphene oxide cell was opened.",  # a working ion, not a composite
    "An Na–O2 reduced graphene oxide cathode was used.",
])
def test_no_named_support_composite_after_ion_or_chemistry(text):
    assert not [n for n in names(text) if n.endswith("-rGO")]


def test_bracketed_composite_is_not_an_abbreviation_of_its_support():
    text = "We grew thin MoSe2 flakes on reduced graphene oxide (MoSe2-rGO) in one step."
    found = materials.find(text)
    assert "MoSe2-rGO" in [m.name for m in found]
    assert materials.find_abbreviations(text, found) == {}


def test_letter_abbreviation_is_still_defined():
    text = "The anode was soft carbon (SC) made from pitch."
    found = materials.find(text)
    assert materials.find_abbreviations(text, found) == {"SC": "soft carbon"}


# --- variables after one-letter symbols ---------------------------------------------

@pytest.mark.parametrize("token", ["SiOx", "Li2Sx", "KxSn", "NaSx", "TiOy", "MoSz", "Dy2O3", "NaxCoO2"])
def test_bridge_reads_variables_after_one_letter_symbols(token):
    assert chem_bridge.is_formula(token)


@pytest.mark.parametrize("token", ["Ox", "Sx", "Kx", "Sex", "Hey"])
def test_bridge_bare_symbol_and_variable_is_no_formula(token):
    assert not chem_bridge.is_formula(token)


@pytest.mark.parametrize("text,expected", [
    ("The SnOx shell buffered the expansion.", ["SnOx"]),
    ("Soluble Li2Sx species shuttle between the electrodes.", []),  # polysulfides: phases
    ("The KxSn phase formed first.", []),  # a potassiated phase
    ("NOx gases were released.", []),
])
def test_variable_formulas_as_materials(text, expected):
    assert names(text) == expected


# --- metal anodes ----------------------------------------------------------------------

@pytest.mark.parametrize("text,name", [
    ("Dendrites grew on the potassium metal anode.", "K"),
    ("A protected lithium anode is still needed.", "Li"),
    ("Lithium-Metal Anodes degrade by dendrite growth.", "Li"),
])
def test_metal_anode_words(text, name):
    assert names(text) == [name]


@pytest.mark.parametrize("text", [
    "Hard carbon is the leading sodium anode material.",
    "Silicon is one of the promising lithium anode candidates.",
    "Sodium-ion anodes need large interlayer spacing.",
    "The potassium metal was pressed onto a steel disk.",
])
def test_no_metal_anode(text):
    assert not {"Li", "Na", "K"} & set(names(text))


# --- peroxide and superoxide names ---------------------------------------------------

@pytest.mark.parametrize("text,name", [
    ("The discharge product was potassium superoxide.", "KO2"),
    ("Lithium peroxide grows as toroids.", "Li2O2"),
    ("Sodium peroxide was not detected.", "Na2O2"),
])
def test_peroxide_and_superoxide_names(text, name):
    assert names(text) == [name]


def test_unknown_superoxide_name_is_not_its_metal():
    assert names("Rubidium superoxide is unstable.") == []


# --- sandwiched heterostructures ---------------------------------------------------------

@pytest.mark.parametrize("text,name", [
    ("Sb nanosheets sandwiched between graphene layers buffer the expansion.", "Sb/graphene"),
    ("We made few MoS2 layers sandwiched between two graphene sheets.", "MoS2/graphene"),
])
def test_sandwiched_heterostructure_is_a_composite(text, name):
    assert name in names(text)


@pytest.mark.parametrize("text", [
    "The separator was sandwiched between the Na foil and the SnO2 electrode.",
    "MoS2 and graphene were mixed by ball milling.",
])
def test_no_sandwich_composite(text):
    assert not [n for n in names(text) if "/" in n]


@pytest.mark.parametrize("text,name", [
    ("The CoO/reduced graphene oxide anode was cycled.", "CoO/rGO"),
    ("Fe2O3@reduced graphene oxide spheres were made.", "Fe2O3@rGO"),
    ("α-MnO2@multi walled carbon nanotubes were made.", "α-MnO2@MWCNT"),
])
def test_slash_and_at_composites_with_named_support(text, name):
    assert names(text) == [name]


def test_slash_composite_with_named_support_keys_as_written_long():
    found = materials.find("The CoO/reduced graphene oxide anode was cycled.")
    assert material_key(found[0].name) == material_key("CoO/reduced graphene oxide")


# --- electrolyte salts ----------------------------------------------------------------------

@pytest.mark.parametrize("salt", ["NaSO3CF3", "LiSO3CF3", "LiCF3SO3", "LiAsF6"])
def test_triflate_and_arsenate_salts_are_no_materials(salt):
    from kb.facts.subjects import is_non_material
    found = materials.find(f"The electrolyte was 1 M {salt} in diglyme.")
    assert [m.name for m in found] == [salt]
    assert is_non_material(found[0])


# --- composites of coded compositions ----------------------------------------------------

@pytest.mark.parametrize("text,name,same_as", [
    ("The LFP/C cathode was cycled at 10C.", "LFP/C", "LiFePO4"),
    ("LTO@C spheres were annealed.", "LTO@C", "Li4Ti5O12"),
    ("The NVPF/rGO film was pressed.", "NVPF/rGO", "Na3V2(PO4)2F3"),
])
def test_composite_of_a_standard_code(text, name, same_as):
    from kb.chem import same_material
    found = materials.find(text)
    assert [m.name for m in found] == [name]
    assert found[0].formula is None
    assert same_material(name, same_as)
