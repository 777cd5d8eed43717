"""Assembly rules of session 4: unreal conditionals, values stated jointly for a list of
materials, the ion of the clause a fact is in, and surface products named in a list.

Invented sentences; fake recognizers (as in test_facts_assembly) keep the assembly
independent of the recognizer vocabularies, with a value-less phenomenon added.
"""
import re

import pytest

from test_facts_assembly import _fake_cap, _fake_mech, _fake_tech, article, records

from kb.facts import extract_facts
from kb.nlp import pipeline
from kb.nlp.mentions import IonMention, PhenomenonMention

_ION_WORDS = {"sodiation": "Na", "SIBs": "Na", "Na+": "Na", "lithiation": "Li", "LIBs": "Li",
              "Li+": "Li", "potassiation": "K", "PIBs": "K"}


def _ions(text):
    return [IonMention(m.start(), m.end(), m.group(), _ION_WORDS[m.group()])
            for m in re.finditer(r"sodiation|SIBs|Na\+|lithiation|LIBs|Li\+|potassiation|PIBs", text)]


def _phen(text):
    out = [PhenomenonMention(m.start(), m.end(), m.group(), "initial_coulombic_efficiency",
                             value=float(m.group(1)), unit="%")
           for m in re.finditer(r"(\d+(?:\.\d+)?)%", text)]
    out += [PhenomenonMention(m.start(), m.end(), m.group(), "volume_expansion")
            for m in re.finditer(r"volume expansion", text)]
    return out


@pytest.fixture(autouse=True)
def fake_recognizers(monkeypatch):
    fakes = {"ions": _ions, "techniques": _fake_tech, "mechanisms": _fake_mech,
             "capacities": _fake_cap, "phenomena": _phen}
    monkeypatch.setattr(pipeline, "recognizers", lambda: fakes)


def _facts(*paragraphs):
    return extract_facts(article(list(paragraphs)))


# -- 1. unreal conditionals ---------------------------------------------------------------

def test_a_capacity_stated_in_an_unreal_conditional_is_theoretical():
    facts = _facts("If every step were reversible, MoO3 would store 1100 mAh g−1 in LIBs.")
    (c,) = records(facts, "capacity")
    assert (c["material"], c["value"], c["kind"]) == ("MoO3", 1100, "theoretical")


def test_a_phenomenon_of_an_unreal_conditional_is_not_asserted():
    facts = _facts("Had the MoO3 crystals been thinner, they would suffer less volume expansion in LIBs.",
                   "Were the MoO3 electrode made thinner, its volume expansion would be smaller.")
    assert records(facts, "phenomenon") == []


def test_a_mechanism_of_an_inverted_unreal_conditional_is_not_asserted():
    facts = _facts("Were MoO3 to follow a conversion route in LIBs, it would lose its layers.")
    assert records(facts, "mechanism") == []
    assert [m["material"] for m in records(facts, "material")] == ["MoO3"]


def test_a_real_condition_is_a_reported_observation():
    facts = _facts("If the MoO3 electrode is cycled above 3 V, its volume expansion grows in LIBs.",
                   "When MoO3 is lithiated, the conversion gives 1000 mAh g−1.")
    assert [p["phenomenon"] for p in records(facts, "phenomenon")] == ["volume_expansion"]
    assert [m["mechanism"] for m in records(facts, "mechanism")] == ["conversion"]
    (c,) = records(facts, "capacity")
    assert c["kind"] != "theoretical"


def test_only_the_unreal_part_of_a_sentence_is_hypothetical():
    facts = _facts("If both reactions were reversible, MoO3 would deliver 1100 mAh g−1 in LIBs; "
                   "if only the conversion is reversible, MoO3 gives 600 mAh g−1.")
    caps = {c["value"]: c["kind"] for c in records(facts, "capacity")}
    assert caps[1100] == "theoretical" and caps[600] != "theoretical"
    assert [m["mechanism"] for m in records(facts, "mechanism")] == ["conversion"]


def test_a_modal_without_a_condition_is_not_unreal():
    facts = _facts("The conversion of MoO3 in LIBs would generate Li2O and Mo.")
    assert [m["mechanism"] for m in records(facts, "mechanism")] == ["conversion"]


# -- 2. one value stated for a list of materials -------------------------------------------

def test_a_value_stated_for_a_coordinated_list_goes_to_every_member():
    facts = _facts("MnO, CuO, ZnO and similar oxides deliver about 650 mAh g−1 in LIBs.")
    assert sorted(c["material"] for c in records(facts, "capacity")) == ["CuO", "MnO", "ZnO"]


def test_both_members_of_a_pair_get_a_joint_value():
    facts = _facts("Both MnO and CuO show an initial Coulombic efficiency of 71% in LIBs.")
    got = sorted(p["material"] for p in records(facts, "phenomenon"))
    assert got == ["CuO", "MnO"]


def test_a_contrast_keeps_the_value_with_its_own_material():
    facts = _facts("MnO delivers 650 mAh g−1 in LIBs, much higher than CuO.",
                   "MnO and CuO were both cycled in LIBs, and MnO delivers 640 mAh g−1.",
                   "MnO and CuO were cycled in LIBs, whereas ZnO delivers 300 mAh g−1.")
    got = sorted((c["material"], c["value"]) for c in records(facts, "capacity"))
    assert got == [("MnO", 640), ("MnO", 650), ("ZnO", 300)]


def test_paired_and_respectively_values_still_pair():
    facts = _facts("MnO and CuO deliver 650 mAh g−1 and 500 mAh g−1 in LIBs.",
                   "ZnO and NiO deliver 450 mAh g−1 and 420 mAh g−1 in LIBs, respectively.")
    got = sorted((c["material"], c["value"]) for c in records(facts, "capacity"))
    assert got == [("CuO", 500), ("MnO", 650), ("NiO", 420), ("ZnO", 450)]


def test_a_list_in_a_relative_clause_shares_its_value_but_not_a_respectively_series():
    facts = _facts("We compare MnO and CuO, which deliver about 650 mAh g−1 in LIBs.",
                   "ZnO and NiO deliver 450 mAh g−1, 420 mAh g−1 and 300 mAh g−1 at three rates, "
                   "respectively.")
    got = sorted((c["material"], c["value"]) for c in records(facts, "capacity"))
    assert got[:2] == [("CuO", 650), ("MnO", 650)]
    assert {m for m, v in got if v in (450, 420, 300)} == {"NiO"}


# -- 3. the ion of the fact's own clause ---------------------------------------------------

def test_the_ion_comes_from_the_clause_of_the_fact_not_the_contrasted_one():
    facts = _facts("Unlike its lithiation, the sodiation of Bi first forms NaBi and finally Na3Bi.")
    assert {(p["phase"], p["ion"]) for p in records(facts, "phase")} == {("NaBi", "Na"), ("Na3Bi", "Na")}


def test_two_clauses_two_ions():
    facts = _facts("The Bi anode was examined by XRD during lithiation, whereas the Bi anode "
                   "shows 80% efficiency during sodiation.")
    (t,) = records(facts, "technique")
    (p,) = records(facts, "phenomenon")
    assert (t["ion"], p["ion"]) == ("Li", "Na")


def test_a_mechanism_of_a_sentence_comparing_chemistries_holds_for_each_uncontrasted_ion():
    facts = _facts("Bi shows conversion during lithiation, and Bi shows conversion during sodiation.",
                   "Unlike its lithiation, the sodiation of Sb shows conversion.")
    got = sorted((m["material"], m["ion"]) for m in records(facts, "mechanism"))
    assert got == [("Bi", "Li"), ("Bi", "Na"), ("Sb", "Na")]


def test_a_yardstick_chemistry_gives_no_value_its_ion_but_shares_the_mechanism():
    lithium_paper = ["The Bi anode was examined by XRD during lithiation."] * 3
    facts = extract_facts(article(lithium_paper + [
        "Bi shows an efficiency of 80% in SIBs, higher than in LIBs.",
        "Bi shows conversion in SIBs, as compared with LIBs."]))
    (p,) = records(facts, "phenomenon")
    assert p["ion"] == "Na"
    assert sorted(m["ion"] for m in records(facts, "mechanism")) == ["Li", "Na"]


def test_a_material_for_two_chemistries_keeps_the_papers_ion():
    art = article(["Bi is an anode for both LIBs and SIBs.",
                   "The Bi anode was examined by XRD during sodiation."] * 2)
    (mat,) = records(extract_facts(art), "material")
    assert mat["ion"] == "Na"


# -- 4. surface products named in a list ---------------------------------------------------

def test_products_forming_on_a_surface_are_sei_phases_not_materials():
    facts = _facts("K2O, KF and K2CO3 form on the surface of the Bi anode during potassiation.")
    assert [m["material"] for m in records(facts, "material")] == ["Bi"]
    got = {(p["material"], p["phase"], p["role"]) for p in records(facts, "phase")}
    assert got == {("Bi", "K2O", "sei"), ("Bi", "KF", "sei"), ("Bi", "K2CO3", "sei")}


def test_a_material_coated_on_a_surface_stays_a_material():
    facts = _facts("The SnO2 anode was examined by XRD during lithiation.",
                   "Al2O3 deposited on the surface of SnO2 improves its cycling in LIBs.")
    assert "Al2O3" not in [p["phase"] for p in records(facts, "phase")]


# -- session 4, second round --------------------------------------------------------------

def test_a_value_followed_by_a_list_it_was_obtained_for_goes_to_every_member():
    facts = _facts("Capacities of about 650 mAh g−1 were obtained for MnO, CuO and ZnO in LIBs.")
    assert sorted(c["material"] for c in records(facts, "capacity")) == ["CuO", "MnO", "ZnO"]


def test_a_value_before_one_material_and_a_contrast_is_not_shared():
    facts = _facts("A capacity of 650 mAh g−1 was obtained for MnO in LIBs, compared with CuO and ZnO.",
                   "A capacity of 500 mAh g−1 was obtained for NiO and 300 mAh g−1 for FeO in LIBs.")
    got = sorted((c["material"], c["value"]) for c in records(facts, "capacity"))
    assert ("MnO", 650) in got and ("CuO", 650) not in got and ("ZnO", 650) not in got
    assert ("NiO", 500) in got and ("FeO", 500) not in got


def test_what_would_happen_without_a_treatment_is_not_asserted():
    facts = _facts("Without the carbon shell, the MoO3 electrode would suffer volume expansion in LIBs.",
                   "Otherwise the conversion of MoO3 in LIBs would be incomplete.")
    assert records(facts, "phenomenon") == [] and records(facts, "mechanism") == []


def test_an_ion_rich_state_of_a_material_the_sentence_names_is_not_a_material_but_its_phase():
    facts = _facts("Unlike its lithiation, the sodiation of Bi passes through NaBi and ends in Na3Bi.")
    assert [m["material"] for m in records(facts, "material")] == ["Bi"]
    got = {(p["material"], p["phase"], p["role"], p["ion"]) for p in records(facts, "phase")}
    assert got == {("Bi", "NaBi", "intermediate", "Na"), ("Bi", "Na3Bi", "product", "Na")}


def test_an_ion_bearing_electrode_the_sentence_calls_an_anode_stays_a_material():
    facts = _facts("Bi and Na3Bi anodes were both cycled in SIBs.")
    assert sorted(m["material"] for m in records(facts, "material")) == ["Bi", "Na3Bi"]


def test_reacted_states_of_a_sequence_are_intermediates_but_the_last():
    facts = _facts("During sodiation the sequence is Sn, amorphous Na0.5Sn and crystalline Na15Sn4.")
    got = {(p["material"], p["phase"], p["role"]) for p in records(facts, "phase")}
    assert ("Sn", "Na0.5Sn", "intermediate") in got and ("Sn", "Na15Sn4", "product") in got
    facts = _facts("During sodiation SnSe converts to Na2Se and Na15Sn4.")
    got = {(p["material"], p["phase"], p["role"]) for p in records(facts, "phase")}
    assert got == {("SnSe", "Na2Se", "product"), ("SnSe", "Na15Sn4", "product")}


def test_a_hypothetical_if_computes_a_value_but_its_reaction_stays_real():
    facts = _facts("If MoO3 undergoes full conversion in LIBs, it would deliver 1100 mAh g−1 "
                   "and suffer volume expansion.")
    assert [m["mechanism"] for m in records(facts, "mechanism")] == ["conversion"]
    (c,) = records(facts, "capacity")
    assert c["kind"] == "theoretical"
    assert records(facts, "phenomenon") == []


def test_a_comma_after_a_yardstick_is_no_list():
    facts = _facts("MnO and CuO were cycled in LIBs.",
                   "Compared with MnO, CuO delivers 500 mAh g−1 in LIBs.",
                   "Compared with MnO and ZnO, CuO delivers 510 mAh g−1 in LIBs.",
                   "MnO and CuO, which react with Li+, both deliver about 520 mAh g−1.")
    got = sorted((c["material"], c["value"]) for c in records(facts, "capacity"))
    assert got == [("CuO", 500), ("CuO", 510), ("CuO", 520), ("MnO", 520)]


def test_what_a_surface_is_composed_of_is_a_sei_phase_of_the_material_before():
    facts = _facts("The Bi anode was cycled in SIBs. Its surface is mainly composed of Na2CO3 and NaF.")
    got = {(p["material"], p["phase"], p["role"]) for p in records(facts, "phase")}
    assert got == {("Bi", "Na2CO3", "sei"), ("Bi", "NaF", "sei")}


def test_a_coating_or_a_discharge_product_on_a_surface_is_no_sei():
    facts = _facts("The Bi anode was cycled in SIBs. The Bi surface was coated with Al2O3 and the "
                   "host surface was covered with Na2S.")
    assert [p["role"] for p in records(facts, "phase") if p["role"] == "sei"] == []
