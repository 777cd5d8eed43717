"""Conversion products named by a generic word: "metal nanoparticles in a Li2O matrix",
"converted back to the oxide". Invented sentences."""
import pytest
from test_facts_assembly import article, records

from kb.facts import extract_facts
from kb.facts.generic_phases import GenericPhase, find, resolve


def _phases(paragraphs):
    return set({(r["material"], r["phase"], r["role"])
                   for r in records(extract_facts(article(paragraphs)), "phase")})


def test_metal_nanoparticles_in_a_matrix_are_the_hosts_metal():
    got = _phases(["The NiO anode was sodiated, producing metal nanoparticles embedded in an "
                   "amorphous Na2O matrix."])
    assert ("NiO", "Ni", "product") in got and ("NiO", "Na2O", "product") in got


def test_every_metal_of_a_mixed_oxide():
    got = _phases(["The MnFe2O4 anode was lithiated, giving metallic nanograins within a Li2O matrix."])
    assert {("MnFe2O4", "Mn", "product"), ("MnFe2O4", "Fe", "product")} <= got


def test_each_listed_host_gets_its_own_metal():
    got = _phases(["In CoO and CuO anodes, lithiation yields metal nanoparticles in a Li2O matrix."])
    assert {("CoO", "Co", "product"), ("CuO", "Cu", "product")} <= got
    assert ("CoO", "Cu", "product") not in got


def test_converted_back_to_the_oxide_is_the_host_reformed():
    got = _phases(["The CoO anode was cycled in LIBs. On charge, the cobalt is converted back to "
                   "the oxide."])
    assert ("CoO", "CoO", "reformed") in got


def test_a_named_element_must_belong_to_the_host():
    (g,) = find("Fe nanoparticles dispersed in a Li2O matrix were seen.")
    assert [p.phase for p in resolve(g, "CoO", "Li")] == []
    assert [p.phase for p in resolve(g, "FeO", "Li")] == ["Fe", "Li2O"]


@pytest.mark.parametrize("host", ["Sn", "graphite", "C@CoO", "Li2O"])
def test_hosts_without_a_metal_and_an_anion_resolve_nothing(host):
    g = GenericPhase(0, 5, "metal", matrix="Li2O")
    assert resolve(g, host, "Li") == []


def test_the_wrong_anion_class_is_not_reformed():
    (g,) = find("The metal reverted back to the sulfide on charge.")
    assert resolve(g, "CoO", "Li") == []
    assert [(p.phase, p.role) for p in resolve(g, "CoS2", "Li")] == [("CoS2", "reformed")]


@pytest.mark.parametrize("text", [
    "The nanoparticles were dispersed in ethanol.",
    "A carbon matrix holds the metal.",
    "The particles were dispersed in a polymer matrix.",
    "It never came back.",
])
def test_no_generic_phase_without_the_wording(text):
    assert find(text) == []
