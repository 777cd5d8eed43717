"""Cue classes added for held-out wording (session 3): the ways the field words a reaction
front, a shrinking core, an SEI, a first-cycle loss, fast fading and 1D diffusion; GCD and
SAED phrasings; damage that a design reduces or suppresses. Invented sentences only."""
from __future__ import annotations

import pytest

from kb.nlp.recognizers import mechanisms, phenomena, techniques


def asserted(text: str) -> set[str]:
    return {m.phenomenon for m in phenomena.find(text) if not m.negated}


def negated(text: str) -> set[str]:
    return {m.phenomenon for m in phenomena.find(text) if m.negated}


def techs(text: str) -> set[str]:
    return {m.technique for m in techniques.find(text)}


# ---- reaction front -------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "A sharp boundary, roughly 3 nm thick, separated the pristine FeF2 from the reacted region.",
    "A sharp interface separated crystalline Ge from amorphous NaxGe.",
    "The pristine core and the lithiated shell are separated by a sharp phase boundary.",
    "The moving boundary between the two phases was tracked frame by frame.",
    "Potassium entered the flake through a slow-moving interface.",
    "Lithiation proceeds by the migration of a narrow interface across the particle.",
    "Sodium uptake occurred by the movement of the reaction boundary toward the tip.",
    "The boundary advanced at a constant rate along the rod.",
    "The phase boundary velocity was nearly constant.",
    "These sodium fronts travel ten times slower than in the bulk.",
])
def test_reaction_front_wordings(text):
    assert "reaction_front" in asserted(text)


@pytest.mark.parametrize("text", [
    "The grain boundaries migrated during annealing of the film.",
    "The propagation of grain boundaries was followed by EBSD.",
    "A sharp boundary was drawn in the phase diagram at 0.5 V.",
    "The boundary conditions of the model were fixed.",
    "Particles with a sharp interface to the carbon coating were selected.",
    "A sharp interface between the grown graphene and MoS2 layers is seen.",
])
def test_reaction_front_false_friends(text):
    assert "reaction_front" not in asserted(text)


# ---- shrinking core -------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "The shell grew inward until the core was consumed.",
    "During sodiation the crystalline core shrank steadily.",
    "The inward growth of the lithiated shell was recorded.",
    "The particle showed a crystalline Ge core and an amorphous LixGe shell.",
    "A shrinking pristine core remained visible after 200 s.",
])
def test_shrinking_core_wordings(text):
    assert "shrinking_core" in asserted(text)


@pytest.mark.parametrize("text", [
    "The Sn core was coated with a carbon shell by pyrolysis.",
    "A crystalline Sn core and an amorphous carbon shell were synthesized.",
    "Cracks appeared at the surface and grew inward.",
    "Core-level spectra were recorded.",
])
def test_shrinking_core_false_friends(text):
    assert "shrinking_core" not in asserted(text)


# ---- SEI --------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Some lithium is lost to a surface film formed on the particles.",
    "The extra capacity comes from electrolyte decomposition below 0.8 V.",
    "The decomposition of the electrolyte consumes sodium.",
    "A passivating layer covers the electrode after one cycle.",
    "The new peaks indicate side reactions between NaxSn and the electrolyte.",
])
def test_sei_wordings(text):
    assert "sei_formation" in asserted(text)


@pytest.mark.parametrize("text", [
    "The surface layer of the particle is under tension.",
    "The decomposition of the precursor yields the oxide.",
    "No side reaction between the solid electrolyte and the cathode was observed.",
])
def test_sei_false_friends(text):
    assert "sei_formation" not in asserted(text)


# ---- first-cycle loss ------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "The first discharge was much longer than the following ones.",
    "The first sodiation capacity is far larger than the first desodiation capacity.",
    "The first cycle is clearly irreversible in part.",
    "Some of the Na2S is not converted back into the sulfide on charge.",
    "Part of the Li2O is not fully reconverted on charging.",
])
def test_first_cycle_loss_wordings(text):
    assert "irreversible_first_cycle" in asserted(text)


@pytest.mark.parametrize("text", [
    "The first discharge capacity is higher than that of the bare electrode.",
    "The first discharge was carried out at 0.1 A g−1.",
    "The oxide is converted into the metal during discharge.",
])
def test_first_cycle_loss_false_friends(text):
    assert "irreversible_first_cycle" not in asserted(text)


# ---- fading, 1D diffusion ------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("Its poor conductivity makes the electrode fade rapidly.", True),
    ("Bulk electrodes quickly fade under deep cycling.", True),
    ("The colour of the solution faded over a week.", False),
])
def test_fast_fading(text, expected):
    assert ("capacity_fading" in asserted(text)) is expected


@pytest.mark.parametrize("text, expected", [
    ("Potassium diffuses along the [010] direction of the tunnels.", True),
    ("Lithium migrates along the b axis of the olivine lattice.", True),
    ("Sodium intercalates along the zigzag direction of the sheets.", True),
    ("The nanowires grew along the [001] direction.", False),
    ("The image was taken along the c axis.", False),
    ("Cracks propagated along the [111] direction.", False),
])
def test_diffusion_along_one_axis(text, expected):
    assert ("anisotropic_diffusion" in asserted(text)) is expected


# ---- techniques ---------------------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("b) Voltage profiles of the Bi anode at 50 mA g−1.", {"GCD"}),
    ("Potential profile of the first three cycles.", {"GCD"}),
    ("Diffraction of the sodiated region shows Na3Sb rings.", {"SAED"}),
    ("Selected-area diffraction confirmed the cubic phase.", {"SAED"}),
    ("Nanobeam electron diffraction of one grain.", {"SAED"}),
    # a bare or computed voltage profile is not the galvanostatic test
    ("(a) Voltage profile.", set()),
    ("Doping modulates the redox potential and the voltage profile.", set()),
])
def test_gcd_and_saed_wordings(text, expected):
    assert techs(text) == expected


# ---- mitigation after the cue ---------------------------------------------------------------------
@pytest.mark.parametrize("text, gone", [
    ("In the composite, cracking and pulverization are reduced.", {"cracking", "pulverization"}),
    ("Dendrites were suppressed by the artificial layer.", {"dendrite_growth"}),
    ("Capacity fading is effectively mitigated by the coating.", {"capacity_fading"}),
])
def test_damage_reduced_or_suppressed_is_not_reported(text, gone):
    assert gone <= negated(text)
    assert not gone & asserted(text)


@pytest.mark.parametrize("text, kept", [
    # a remedy only proposed presupposes the damage
    ("Such cracking could be reduced by smaller particles.", "cracking"),
    ("This volume expansion might be reduced by a hollow design.", "volume_expansion"),
    # chemistry, not mitigation
    ("During conversion, cracking occurs and the oxide is reduced to the metal.", "cracking"),
])
def test_proposed_remedies_and_chemical_reduction_keep_the_phenomenon(text, kept):
    assert kept in asserted(text)


def test_chemical_reduction_does_not_negate_a_mechanism():
    found = mechanisms.find("During conversion Fe3+ is reduced to Fe0 and Li2O forms.")
    assert [m.mechanism for m in found if not m.negated] == ["conversion"]


# ---- fracture and pulverization wordings --------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("The cracks grew and finally split the particle in two.", "cracking"),
    ("Large Sb grains disintegrated after a few cycles.", "pulverization"),
    ("Electrode fragmentation explains the loss of contact.", "pulverization"),
])
def test_fracture_wordings(text, expected):
    assert expected in asserted(text)


@pytest.mark.parametrize("text", [
    "The split reflections merge into one peak on charge.",
    "The doublet splitting of the peaks disappeared.",
])
def test_split_peaks_are_not_cracks(text):
    assert "cracking" not in asserted(text)


# ---- soft X-ray absorption edges ------------------------------------------------------------------
@pytest.mark.parametrize("text, expected", [
    ("The O K-edge pre-edge grows on charge.", {"sXAS"}),
    ("We recorded the Co L-edge and the N Kedge of the cathode.", {"sXAS"}),
    ("Mn L3-edge spectra were taken in TEY mode.", {"sXAS"}),
    ("The total fluorescence yield probes the bulk.", {"sXAS"}),
    # hard X-ray edges are not soft XAS
    ("The Bi L3-edge EXAFS was fitted.", {"EXAFS"}),
    ("The Fe K-edge XANES shifts to higher energy.", {"XANES"}),
    ("The Sn K-edge moved by 2 eV.", set()),
])
def test_soft_xray_edges_name_sxas(text, expected):
    assert techs(text) == expected
