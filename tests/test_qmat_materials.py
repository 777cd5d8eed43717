"""Material recognition generality: carbon abbreviations, plurals, misspellings,
composites with a named part, dopants, sample labels, element words (invented sentences)."""
import pytest

from kb.chem import material_key, same_material
from kb.nlp import materials
from kb.nlp.pipeline import analyze_block


def found(text, abbrevs=None):
    return [(m.text, m.name) for m in materials.find(text, abbrevs or {})]


def names(text, abbrevs=None):
    return [m.name for m in materials.find(text, abbrevs or {})]


# -- 1. carbon abbreviations papers leave undefined ---------------------------------

@pytest.mark.parametrize("text,name", [
    ("Thin rGO sheets wrapped the particles.", "reduced graphene oxide"),
    ("The RGO film was cycled in a sodium cell.", "reduced graphene oxide"),
    ("GO was dispersed before reduction.", "graphene oxide"),
    ("The CNTs carry the current.", "carbon nanotubes"),
    ("A CNT anode was tested.", "carbon nanotubes"),
    ("MWCNTs were grown on the foil.", "multi walled carbon nanotubes"),
    ("The SWNT bundles were cut.", "single walled carbon nanotubes"),
    ("Electrospun CNFs were annealed.", "carbon nanofibers"),
])
def test_carbon_abbreviation_is_its_named_material(text, name):
    assert names(text) == [name]


@pytest.mark.parametrize("abbr", ["rGO", "RGO", "GO", "CNTs", "MWCNT", "CNF"])
def test_carbon_abbreviation_keys_like_its_full_name(abbr):
    (m,) = materials.find(f"The {abbr} electrode was cycled.")
    assert material_key(m.name) == material_key(abbr)


@pytest.mark.parametrize("text", [
    "We GOT the sample from a supplier.",   # inside a word
    "The cargo was light.",                 # lower-case inside a word
    "An RGOX film and a CNTX layer.",        # longer tokens
    "The N-rGO film.",                       # a different (doped) material
])
def test_carbon_abbreviation_only_as_a_word_of_its_own(text):
    assert "reduced graphene oxide" not in names(text)
    assert "graphene oxide" not in names(text)
    assert "carbon nanotubes" not in names(text)


def test_conductive_additives_stay_unrecognised():
    # Super P / Ketjen black are reagents (non_materials.tsv), never material mentions
    assert names("Super P and Ketjen black were mixed with PVDF.") == []


def test_paper_definition_wins_and_definition_is_not_a_second_mention():
    abbrevs = {}
    sents = analyze_block("Reduced graphene oxide (RGO) films were made. The RGO film was cycled.",
                          abbrevs)
    assert abbrevs["RGO"] == "reduced graphene oxide"
    assert [m.text for m in sents[0].mentions.materials] == ["Reduced graphene oxide"]
    (m,) = sents[1].mentions.materials
    assert (m.name, m.is_abbreviation) == ("reduced graphene oxide", True)


# -- plurals of named materials ------------------------------------------------------

@pytest.mark.parametrize("text,name", [
    ("Several hard carbons were compared.", "hard carbon"),
    ("Reduced graphene oxides were used as hosts.", "reduced graphene oxide"),
    ("Two MXenes were etched.", "MXene"),
])
def test_plural_named_material(text, name):
    assert names(text) == [name]


def test_plural_is_not_read_as_a_shorter_name():
    # "reduced graphene oxides" is not graphene
    assert "graphene" not in names("The reduced graphene oxides were cycled.")


# -- composites whose second part is a named carbon -----------------------------------

@pytest.mark.parametrize("written", ["SnO2/graphene", "SnO2@graphene", "Sb/rGO", "Sb/CNT",
                                     "Sb-rGO", "SnO2@rGO", "Bi2S3/CNTs"])
def test_composite_with_named_part_is_one_mention(written):
    assert found(f"The {written} composite was cycled.") == [(written, written)]


def test_composite_first_component_matches():
    assert same_material("Sb/rGO", "Sb") and same_material("SnO2@graphene", "SnO2")


def test_named_part_alone_after_slash_is_not_a_composite():
    # the first part must still be a formula: "graphite/graphene" stays two names
    assert "graphite/graphene" not in names("A graphite/graphene film.")
    assert names("and/or graphene") == ["graphene"]


# -- 2. misspelt names and abbreviation definitions -----------------------------------

@pytest.mark.parametrize("text,name", [
    ("Red phosphorous was ball-milled.", "red phosphorus"),
    ("The black phosphorous anode.", "black phosphorus"),
    ("Black phosphorus was exfoliated.", "black phosphorus"),
])
def test_misspelt_allotrope(text, name):
    assert names(text) == [name]


def test_misspellings_key_as_the_right_spelling():
    assert material_key("red phosphorous") == material_key("red phosphorus") == material_key("P")
    assert material_key("black phosphorous") == "black phosphorus"
    assert material_key("bismuth sulphide") == material_key("Bi2S3")
    assert material_key("phosphorous") != material_key("black phosphorus")


def test_abbreviation_with_letters_the_long_form_lacks_is_not_defined():
    # "(GT)" names tin-doped graphite: its G is in no word of the long form "and tin"
    text = "Doping graphite with sulfur (GS) and tin (GT) was tried."
    assert materials.find_abbreviations(text, materials.find(text)) == {}
    text = "A film of electrochemically grown Sn (EGSn) was studied."
    assert materials.find_abbreviations(text, materials.find(text)) == {"EGSn": "Sn"}
    text = "We made expanded graphite (EG) first."
    assert materials.find_abbreviations(text, materials.find(text)) == {"EG": "expanded graphite"}


# -- dopants are not the material -----------------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("N-doped carbon coats the particles.", []),
    ("S-doped graphene was the host.", ["graphene"]),
    ("Ti-codoped Na3V2(PO4)3 was made.", ["Na3V2(PO4)3"]),
    ("Antimony-doped tin oxide films.", ["SnO2"]),
])
def test_dopant_is_not_a_material(text, expected):
    assert names(text) == expected


def test_based_and_electrode_suffixes_still_give_the_material():
    assert names("Sn-based anodes swell.") == ["Sn"]
    assert names("The antimony anode cracks.") == ["Sb"]


# -- 3. sample labels glued to a formula -----------------------------------------------

@pytest.mark.parametrize("labelled,bare", [
    ("G-Bi0.33Sb0.67", "Bi0.33Sb0.67"), ("S‐Bi0.33Sb0.67", "Sb0.67Bi0.33"),
    ("T-Nb2O5", "Nb2O5"), ("C-SnO2", "SnO2"),
])
def test_sample_label_matches_the_formula(labelled, bare):
    assert same_material(labelled, bare)
    assert same_material(f"{labelled}@C", bare)


def test_sample_labels_keep_distinct_keys():
    # two samples of one composition that a paper compares must not merge into one
    assert material_key("G-Bi0.33Sb0.67") != material_key("S-Bi0.33Sb0.67")
    assert material_key("G-Bi0.33Sb0.67") == material_key("G‐Bi0.33Sb0.67")
    assert material_key("G-Bi0.33Sb0.67 films") == material_key("G-Bi0.33Sb0.67")


@pytest.mark.parametrize("name", ["Bi-Sb", "S-Sb", "K-O2", "Li-S", "Na-O2"])
def test_alloy_systems_and_chemistries_are_not_labelled_formulas(name):
    assert "-" in material_key(name) or " " in material_key(name)
    assert not same_material(name, name.split("-")[1])


def test_labelled_formula_in_text_keeps_its_label_as_name():
    (m,) = materials.find("The G-Bi0.33Sb0.67 electrode was cycled.")
    assert (m.name, m.formula) == ("G-Bi0.33Sb0.67", "Bi0.33Sb0.67")


# -- 4. element words ---------------------------------------------------------------

@pytest.mark.parametrize("word,symbol", [("antimony", "Sb"), ("Bismuth", "Bi"), ("tin", "Sn"),
                                         ("silicon", "Si"), ("germanium", "Ge")])
def test_element_word_is_the_element(word, symbol):
    (m,) = materials.find(f"The {word} anode was cycled.")
    assert (m.name, m.formula) == (symbol, symbol)
    assert material_key(word) == material_key(symbol) == material_key(m.name)


@pytest.mark.parametrize("text", ["The setting was kept.", "Tint and tinted glass.",
                                  "It was a tiny effect."])
def test_element_word_only_as_a_word(text):
    assert names(text) == []


@pytest.mark.parametrize("text,name", [
    ("The bismuth–antimony alloy swelled.", "Bi-Sb"),
    ("Tin-antimony films were sputtered.", "Sn-Sb"),
])
def test_alloy_written_in_element_words_is_the_alloy_system(text, name):
    assert names(text) == [name]
    assert material_key(name) == material_key(name.replace("-", "‐"))


@pytest.mark.parametrize("text,expected", [
    ("Tin-based anodes swell.", ["Sn"]),               # a glued suffix, not an element
    ("The antimony–antimony distance.", ["Sb"]),        # the same element twice
    ("Antimony-doped tin oxide films.", ["SnO2"]),      # a dopant
])
def test_element_word_joined_to_something_else(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,written,formula", [
    ("The a-Si anode was cycled.", "a-Si", "Si"),
    ("Wafers of c-Si lithiate anisotropically.", "c-Si", "Si"),
    ("Crystalline c‐Ge does not sodiate.", "c-Ge", "Ge"),
    ("A t-SnO2 film was made.", "t-SnO2", "SnO2"),
])
def test_lower_case_structure_prefix_before_a_formula(text, written, formula):
    (m,) = materials.find(text)
    assert (m.name, m.formula) == (written, formula)
    assert material_key(m.name) == material_key(formula)


@pytest.mark.parametrize("text", [
    "The c-C inner wall.",          # a bare single-letter element is no material
    "An h-BN layer.",               # an all-capital abbreviation
    "A tab-Si contact.",            # the prefix is part of a word
    "The d-LLZO pellet.",           # not a structure prefix
])
def test_lower_case_prefix_rejections(text):
    assert names(text) == []


# -- composites on doped supports, MXenes ----------------------------------------------

@pytest.mark.parametrize("text,expected", [
    ("The Sb/N-doped carbon composite was cycled.", [("Sb", "Sb")]),
    ("Sb@N-doped carbon spheres were made.", [("Sb", "Sb")]),
    ("The CoSe2/N-rGO electrode was cycled.", [("CoSe2/N-rGO", "CoSe2/N-rGO")]),
    ("A SnS/N-C anode was cycled.", [("SnS/N-C", "SnS/N-C")]),
])
def test_composite_on_a_doped_support_keeps_its_active_part(text, expected):
    assert found(text) == expected
    assert same_material(expected[0][1], expected[0][1].split("/")[0])


def test_doped_support_needs_a_real_support():
    assert names("The Sb/N-XYZ film.") == []


@pytest.mark.parametrize("text,name,formula", [
    ("Ti3C2Tx MXene sheets were etched.", "Ti3C2Tx", "Ti3C2"),
    ("The MXene Ti3C2Tx was delaminated.", "Ti3C2Tx", "Ti3C2"),
    ("V2CTx flakes store sodium.", "V2CTx", "V2C"),
])
def test_mxene_with_terminations_is_its_carbide(text, name, formula):
    (m,) = materials.find(text)
    assert (m.name, m.formula) == (name, formula)
    assert material_key(name) == material_key(formula)


def test_family_name_after_a_formula_gives_way_but_not_a_carbon():
    assert names("Na2FeFe(CN)6 Prussian blue cathodes.") == ["Na2FeFe(CN)6"]
    assert names("SnO2 graphene hybrids.") == ["SnO2", "graphene"]
    assert names("Bi2S3 and MXene were mixed.") == ["Bi2S3", "MXene"]


@pytest.mark.parametrize("text,written", [
    ("Exfoliated 1T-MoS2 sheets were restacked.", "1T-MoS2"),
    ("The 2H‐MoS2 electrode was sodiated.", "2H-MoS2"),
    ("A 3R-NbS2 crystal.", "3R-NbS2"),
])
def test_digit_polytype_prefix(text, written):
    (m,) = materials.find(text)
    assert m.name == written and material_key(m.name) == material_key(m.formula)


@pytest.mark.parametrize("text", [
    "Crystalline c-Li15Si4 forms at low potential.",   # a lithiated phase
    "Then h-Na3Bi appears.",                            # a sodiated phase
    "Octahedral 1T-NaMoS2 grows.",                      # an intercalated phase
    "Amorphous a-NaxSn forms first.",
])
def test_prefixed_working_ion_compounds_are_left_to_the_phase_rules(text):
    assert names(text) == []


@pytest.mark.parametrize("text,expected", [
    ("Li-rich layered oxides were studied.", []),
    ("Co-free cathodes are cheaper.", []),
    ("Na-deficient phases form.", []),
    ("An Sb-rich alloy of Bi0.33Sb0.67 was grown.", ["Bi0.33Sb0.67"]),
    ("The LiF-rich interphase.", []),
])
def test_content_suffix_is_not_the_material(text, expected):
    assert names(text) == expected


# -- definitions after a morphology word -------------------------------------------------

def test_abbreviation_defined_after_the_morphology():
    abbrevs = {}
    sents = analyze_block("Sb2S3 nanorods (SSNRs) were grown. The SSNRs anode was cycled.", abbrevs)
    assert abbrevs["SSNRs"] == "Sb2S3"
    assert [(m.name, m.is_abbreviation) for m in sents[1].mentions.materials] == [("Sb2S3", True)]


def test_shape_abbreviation_is_not_the_material():
    # "NT" abbreviates the shape: it would name every nanotube of a review
    abbrevs = {}
    analyze_block("FeS2 nanotubes (NT) were cycled.", abbrevs)
    assert "NT" not in abbrevs


# -- standard composition codes ------------------------------------------------------------

@pytest.mark.parametrize("code,formula", [("LFP", "LiFePO4"), ("LLZO", "Li7La3Zr2O12"),
                                          ("NCM811", "LiNi0.8Co0.1Mn0.1O2"), ("NVP", "Na3V2(PO4)3")])
def test_standard_code_is_its_formula(code, formula):
    (m,) = materials.find(f"The {code} electrode was cycled.")
    assert (m.text, m.name, m.formula) == (code, formula, formula)
    assert material_key(code) == material_key(formula)


def test_paper_definition_of_a_code_wins():
    assert names("The NVP cathode.", {"NVP": "NaVPO4F"}) == ["NaVPO4F"]


def test_code_is_no_support_in_a_composite():
    # "Ga-LLZO" is Ga-doped LLZO: not a Ga composite
    assert names("The Ga-LLZO pellet.") == []
