"""Phenomenon recognizer: word cues, valued quantities with units, series, negation, hedging."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from kb.nlp.recognizers import phenomena

sys.path.insert(0, str(Path(__file__).parent))
from _recognizers_corpus import paper_sentences  # noqa: E402


def names(text: str) -> list[str]:
    return [m.phenomenon for m in phenomena.find(text) if not m.negated]


def values(text: str) -> list[tuple[str, float, str]]:
    return [(m.phenomenon, m.value, m.unit) for m in phenomena.find(text) if m.value is not None]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("This explains the initial capacity loss of the anode.", ["irreversible_first_cycle"]),
        ("a large irreversible capacity in the first cycle", ["irreversible_first_cycle"]),
        ("resulting in an unfavorable initial Coulombic efficiency", ["irreversible_first_cycle"]),
        ("an irreversible phase transformation occurred in the first cycle", ["irreversible_first_cycle"]),
        ("the large volume changes during cycling", ["volume_expansion"]),
        ("the nanowire swelling upon sodiation", ["volume_expansion"]),
        ("crack formation and fractured particles", ["cracking", "cracking"]),
        ("electrode pulverization", ["pulverization"]),
        ("an amorphous phase formed, and it became amorphous", ["amorphization", "amorphization"]),
        ("the electrode was amorphized", ["amorphization"]),
        ("the solid electrolyte interphase layer and the SEI film", ["sei_formation", "sei_formation"]),
        ("voids formed during desodiation", ["pore_formation"]),
        ("high-density dislocations", ["dislocations"]),
        ("dendritic Na and dendrites", ["dendrite_growth", "dendrite_growth"]),
        ("a shrinking-core mode and the unreacted core", ["shrinking_core", "shrinking_core"]),
        ("a highly anisotropic diffusion pathway", ["anisotropic_diffusion"]),
        ("sodium ions prefer to diffuse along the (110) direction", ["anisotropic_diffusion"]),
        ("a wedge-shaped reaction front and the phase boundary propagates inward",
         ["reaction_front", "reaction_front"]),
        ("rapid capacity fading and poor cycling stability", ["capacity_fading", "capacity_fading"]),
        ("a highly reversible reaction with good reversibility", ["reversible_cycling", "reversible_cycling"]),
        ("the Na+ diffusion coefficient was extracted", ["diffusion_coefficient"]),
    ],
)
def test_word_cues(text, expected):
    assert names(text) == expected


def test_anisotropic_expansion_is_swelling_not_diffusion():
    # anisotropic swelling says how the volume grows, not how the ion diffuses
    assert names("anisotropic expansion during sodiation") == ["volume_expansion"]
    assert names("the anisotropic volume swelling of the nanowire") == ["volume_expansion"]
    assert names("the anisotropy of Na diffusion") == ["anisotropic_diffusion"]


def test_false_friends():
    assert names("a high reversible capacity of 400 mAh g−1") == []
    assert names("amorphous carbon coating on expanded graphite") == []
    assert names("the thermal expansion coefficient") == []


def test_reaction_speed_values_and_ranges():
    assert values("The front moves at 0.47 nm s−1.") == [("reaction_speed", 0.47, "nm/s")]
    assert values("rates in the range of 1-30 nm s⁻¹") == [
        ("reaction_speed", 1.0, "nm/s"), ("reaction_speed", 30.0, "nm/s")]
    assert values("a velocity of 2 µm s−1") == [("reaction_speed", 2000.0, "nm/s")]


def test_diffusion_coefficients():
    assert values("D is 5.44 × 10−12 cm2 s−1") == [("diffusion_coefficient", 5.44e-12, "cm2/s")]
    assert values("from 10−12 to 10−14 cm2/s") == [
        ("diffusion_coefficient", 1e-12, "cm2/s"), ("diffusion_coefficient", 1e-14, "cm2/s")]
    assert values("DNa+ are 3.98 × 10−14, 3.16 × 10−14, and 1.99 × 10−14 cm2 s−1") == [
        ("diffusion_coefficient", 3.98e-14, "cm2/s"), ("diffusion_coefficient", 3.16e-14, "cm2/s"),
        ("diffusion_coefficient", 1.99e-14, "cm2/s")]


def test_diffusion_barrier_needs_a_barrier_cue():
    assert values("The energy barrier for Na diffusion along (200) is roughly 0.18 eV") == [
        ("diffusion_barrier", 0.18, "eV")]
    assert values("a low migration barrier of 0.11 eV") == [("diffusion_barrier", 0.11, "eV")]
    assert values("the Bi 4f peak at 158.9 eV and a band gap of 1.3 eV") == []
    assert values("the Boltzmann constant (8.617 × 10−5 eV K−1) enters the barrier") == []


def test_percent_values_by_nearest_cue():
    assert values("The initial Coulombic efficiencies of A, B, and C are 56.4%, 51.1%, and 46.4%.") == [
        ("initial_coulombic_efficiency", 56.4, "%"), ("initial_coulombic_efficiency", 51.1, "%"),
        ("initial_coulombic_efficiency", 46.4, "%")]
    assert values("an ICE of 81%") == [("initial_coulombic_efficiency", 81.0, "%")]
    assert values("a ~326% volume expansion") == [("volume_expansion", 326.0, "%")]
    assert values("expansions of ≈13.4% in the radial direction and 11.7% in the axial direction") == [
        ("volume_expansion", 13.4, "%"), ("volume_expansion", 11.7, "%")]
    assert values("The volume expansion is 27% after the first sodiation and 16-19.5% later") == [
        ("volume_expansion", 27.0, "%"), ("volume_expansion", 16.0, "%"), ("volume_expansion", 19.5, "%")]
    assert values("a capacity retention of 90.5% and a Coulombic efficiency of 99.8%") == []


def test_sei_thickness():
    assert values("stabilized by a SEI layer (<20 nm)") == [("sei_formation", 20.0, "nm")]


def test_negation():
    for text in ("No cracks were observed.", "the particles are crack-free", "it did not produce any fracture",
                 "without pulverization", "free of cracks", "cracks were not observed"):
        found = phenomena.find(text)
        assert found and all(m.negated for m in found), text
    assert [m.negated for m in phenomena.find("no cracks appeared, but pulverization occurred")] == [True, False]
    (m,) = phenomena.find("poor reversibility")
    assert m.negated


def test_hedging():
    (m,) = phenomena.find("The conversion may cause cracking.")
    assert m.hedged and not m.negated
    (m,) = phenomena.find("Cracking was observed.")
    assert not m.hedged


def test_offsets():
    text = "Severe pulverization and a 27% expansion."
    for m in phenomena.find(text):
        assert text[m.start:m.end] == m.text


def test_real_papers(shared_corpus):
    counts = Counter()
    for sentence in paper_sentences(shared_corpus, "000"):
        counts.update(m.phenomenon for m in phenomena.find(sentence) if not m.negated)
    # 000: in situ TEM of a sodiated sulfide: reaction fronts, expansion, barriers in eV
    assert counts["reaction_front"] >= 1
    assert counts["volume_expansion"] >= 2
    assert counts["diffusion_barrier"] >= 2
    assert sum(counts.values()) < 300


def test_unseen_chemistries():
    assert values("Si undergoes a large volume expansion of ~300% upon lithiation") == [
        ("volume_expansion", 300.0, "%")]
    assert values("AIMD simulations reveal a Li+ migration barrier of 0.25 eV") == [
        ("diffusion_barrier", 0.25, "eV")]
    assert values("The average Coulombic efficiency is 99.8% over 500 cycles") == []
    assert names("Cryo-EM revealed an amorphous SEI on the Li metal anode") == ["sei_formation"]
    assert names("an amorphous Na2MoO3 phase") == ["amorphization"]
    found = phenomena.find("No dendrites were observed on the Zn anode, whereas bare Zn showed dendritic growth.")
    assert [(m.phenomenon, m.negated) for m in found] == [("dendrite_growth", True), ("dendrite_growth", False)]


def test_design_expansion_is_not_swelling():
    assert names("the S doping expands the original layer spacing of WSe2") == []
    assert names("an expanded inter-layer space (0.72 nm) and expanded graphite") == []
    assert names("the graphite layer expands to form a GIC") == ["volume_expansion"]
    assert names("the film expanded by 40%") == ["volume_expansion"]


def test_bracketed_abbreviation_is_one_mention():
    assert names("the Na+ diffusion coefficient (DNa+) is obtained") == ["diffusion_coefficient"]
    assert names("formation of solid electrolyte interface (SEI) layer") == ["sei_formation"]


def test_cue_inside_a_longer_prefix_is_still_found():
    # "(de)" starts an ion/mechanism cue; the phenomenon cue starts at "sodiation"
    assert names("the (de)sodiation front moves inward") == ["reaction_front"]


@pytest.mark.parametrize("sentence", [
    "The original morphology was preserved as no internal/external fractures or cracks were observed.",
    "In situ imaging showed that fractures or cracks were not found in the few-layer flakes.",
    "Neither cracks nor pulverization occurred during sodiation.",
])
def test_one_negation_governs_a_coordinated_list(sentence):
    found = [m for m in phenomena.find(sentence) if m.phenomenon in ("cracking", "pulverization")]
    assert found and all(m.negated for m in found)


@pytest.mark.parametrize("sentence, kept", [
    ("No pulverization but severe cracking was seen in the thick film.", "cracking"),
    ("No cracks, and the volume expansion of the film reached 60%.", "volume_expansion"),
    ("Large cracks and pulverization were observed after sodiation.", "pulverization"),
])
def test_coordination_sharing_stops_at_a_contrast_or_new_phrase(sentence, kept):
    assert any(m.phenomenon == kept and not m.negated for m in phenomena.find(sentence))


def test_cycling_instability_and_fading_faster_are_capacity_fading():
    from kb.nlp.recognizers.phenomena import find as find_phen
    for text in ("Cycling instability is common in Ge anodes.", "In K cells the films fade far faster."):
        assert [m.phenomenon for m in find_phen(text)] == ["capacity_fading"], text
    assert "capacity_fading" not in [m.phenomenon for m in find_phen("The cycling stability is good.")]


@pytest.mark.parametrize("text, expected", [
    ("The bare ZnSe electrode faded from 610 to below 150 mAh g−1 within 80 cycles.", True),
    ("Its capacity dropped from 520 mAh g−1 to 330 mAh g−1 after 200 cycles.", True),
    ("The cell voltage dropped from 3.1 to 2.4 V during the rest.", False),
    ("The temperature fell from 80 to 25 °C before cycling.", False),
])
def test_capacity_falling_from_one_value_to_another_is_fading(text, expected):
    assert any(p.phenomenon == "capacity_fading" and not p.negated for p in phenomena.find(text)) is expected
