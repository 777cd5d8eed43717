"""Rules that a held-out audit found fitted to the development papers, restated as general
behaviour on invented sentences (no sentence here is taken from a paper)."""
from __future__ import annotations

import pytest

from kb.nlp.recognizers import mechanisms, phenomena, quantities, techniques


def techs(text: str) -> list[str]:
    return [m.technique for m in techniques.find(text)]


def phen(text: str) -> list[tuple[str, bool, bool]]:
    return [(m.phenomenon, m.negated, m.hedged) for m in phenomena.find(text)]


def asserted(text: str) -> list[str]:
    return [m.phenomenon for m in phenomena.find(text) if not m.negated]


def pct(text: str) -> list[tuple[str, float]]:
    return [(m.phenomenon, m.value) for m in phenomena.find(text) if m.unit == "%"]


# ---- 1. quoting a charge/discharge capacity does not name galvanostatic cycling ---------
def test_capacity_wording_is_not_gcd():
    assert techs("The charge-discharge capacities of the SnS2 anode are 620 and 710 mAh g−1.") == []
    assert techs("Its first charge/discharge capacities reach 500 and 800 mAh g−1.") == []


@pytest.mark.parametrize("text", [
    "The cells were examined by galvanostatic charge and discharge at 0.2 A g−1.",
    "Galvanostatic charge–discharge tests were run between 0.01 and 2.5 V.",
    "charge–discharge testing of coin cells",
    "The charge/discharge curves of the Co3O4 electrode",
])
def test_gcd_wording_still_names_the_technique(text):
    assert techs(text) == ["GCD"]


# ---- 2. anisotropic swelling is volume expansion only ----------------------------------
def test_anisotropic_swelling_is_not_anisotropic_diffusion():
    assert asserted("Silicon pillars show anisotropic volume expansion upon lithiation.") == ["volume_expansion"]
    assert asserted("an anisotropic swelling of the Ge nanowires") == ["volume_expansion"]
    assert asserted("anisotropic diffusion of K ions along the channels") == ["anisotropic_diffusion"]


# ---- 3. "incomplete conversion" is a first-cycle loss only with a first-cycle cue ------
@pytest.mark.parametrize("text", [
    "The incomplete conversion at high current density lowers the capacity.",
    "Incomplete reconversion of Cu2S limits the rate performance.",
])
def test_incomplete_conversion_without_first_cycle_cue(text):
    assert "irreversible_first_cycle" not in asserted(text)


@pytest.mark.parametrize("text", [
    "The incomplete conversion during the first discharge explains the loss.",
    "Incomplete reconversion causes the low ICE of the MoS2 anode.",
    "The initial capacity drop stems from incomplete reversibility of the reaction.",
    "The incomplete back-conversion upon the first sodiation is irreversible.",
])
def test_incomplete_conversion_with_first_cycle_cue(text):
    assert "irreversible_first_cycle" in asserted(text)


# ---- 4. a Coulombic efficiency is initial only when the first-cycle cue governs it ------
@pytest.mark.parametrize("text", [
    "After the first few cycles, the Coulombic efficiency reaches 99.5%.",
    "The first discharge delivers 900 mAh g−1, and the Coulombic efficiency stabilizes at 99.8% in later cycles.",
    "Beyond the initial 5 cycles the Coulombic efficiency is 99.2%.",
    "The initial capacity is high and in subsequent cycles the Coulombic efficiency is 98.9%.",
    "The first cycle is shown in Figure 2; the Coulombic efficiency is 99.0% after 20 cycles.",
])
def test_later_cycle_coulombic_efficiency_is_not_initial(text):
    assert pct(text) == []


@pytest.mark.parametrize("text, expected", [
    ("The FeSe2 anode shows an initial Coulombic efficiency of 56.4%.", [56.4]),
    ("an ICE of 81% was obtained", [81.0]),
    ("The first-cycle Coulombic efficiencies are 56.4%, 51.1% and 46.4%, respectively.", [56.4, 51.1, 46.4]),
    ("The first discharge and charge capacities are 700 and 520 mAh g−1, giving a Coulombic efficiency of 74.3%.",
     [74.3]),
    ("The initial Coulombic efficiency is 70.1% and rises to 99.6% after 10 cycles.", [70.1]),
    ("The ICE is 81%, and after 100 cycles the capacity retention is 90%.", [81.0]),
])
def test_first_cycle_coulombic_efficiency(text, expected):
    assert pct(text) == [("initial_coulombic_efficiency", v) for v in expected]


# ---- 5. a mitigation verb governs damage phenomena --------------------------------------
@pytest.mark.parametrize("text, phenomenon", [
    ("The graphene shell keeps the particle intact, preventing it from possible cracking.", "cracking"),
    ("A carbon coating helps to avoid pulverization of the Sb particles.", "pulverization"),
    ("The LiF-rich interphase can suppress dendrite growth on Li metal.", "dendrite_growth"),
    ("Electrolyte additives that inhibit dendrites were screened.", "dendrite_growth"),
    ("The yolk-shell design mitigates capacity fading.", "capacity_fading"),
    ("Doping alleviates the capacity decay of the cathode.", "capacity_fading"),
    ("The pores relieve the stress and restrain fracture of the film.", "cracking"),
])
def test_prevented_damage_is_negated(text, phenomenon):
    found = [(p, neg) for p, neg, _ in phen(text) if p == phenomenon]
    assert found and all(neg for _, neg in found), found


def test_coordinated_damage_inherits_the_mitigation():
    found = phen("The binder prevents the electrode from cracking and pulverization.")
    assert [(p, n) for p, n, _ in found] == [("cracking", True), ("pulverization", True)]


def test_buffered_expansion_is_kept_but_hedged():
    # buffering presupposes that the material swells: kept (not negated), flagged hedged
    assert phen("Carbon nanotubes buffer the volume expansion of Sn.") == [("volume_expansion", False, True)]
    assert phen("Voids accommodate the large volume change of Si.") == [("volume_expansion", False, True)]
    # a stated swelling is plain
    assert phen("Sb suffers from large volume expansion upon sodiation.") == [("volume_expansion", False, False)]


@pytest.mark.parametrize("text", [
    "The buffer layer cracks during cycling.",
    "Without a carbon matrix to buffer it, the expansion leads to cracking of the electrode.",
    "Cracking was observed after 50 cycles.",
])
def test_unmitigated_damage_stays_asserted(text):
    assert "cracking" in asserted(text)


# ---- 6. recall gaps ----------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Nitrogen sorption isotherms give a surface area of 120 m2 g−1.",
    "The N2 sorption isotherms of the carbon show micropores.",
])
def test_sorption_isotherms_are_bet(text):
    assert techs(text) == ["BET"]
    assert [m.mechanism for m in mechanisms.find(text)] == []


@pytest.mark.parametrize("text", [
    "K ions are inserted between the graphene layers.",
    "Na+ insertion into the interlayer of VS4 expands the lattice.",
    "Zn2+ is inserted into the van der Waals gaps of MoS2.",
])
def test_insertion_between_layers_is_intercalation(text):
    assert [m.mechanism for m in mechanisms.find(text)] == ["intercalation"]


def test_insertion_into_a_bulk_alloy_is_not_intercalation():
    assert mechanisms.find("Na insertion into Sb forms Na3Sb.") == []


# ---- 7. capacity currents and cycles -----------------------------------------------------
def caps(text: str) -> list[tuple]:
    return [(m.value, m.kind, m.current, m.cycles) for m in quantities.find_capacities(text)]


def test_c_rate_list_pairs_one_to_one():
    assert caps("At rates of 0.2, 0.5, 1, and 3 C, the anode delivers 610, 580, 540, and 470 mAh g−1.") == [
        (610.0, "other", "0.2 C", None), (580.0, "other", "0.5 C", None),
        (540.0, "other", "1 C", None), (470.0, "other", "3 C", None)]


def test_current_after_cycle_count_and_adjective():
    assert caps("It keeps 253 mAh g−1 over 1000 cycles at a high rate of 2 C.") == [
        (253.0, "retained", "2 C", 1000)]
    assert caps("a capacity of 402 mAh g−1 after 300 cycles at a low current density of 0.1 A g−1") == [
        (402.0, "retained", "0.1 A/g", 300)]


def test_cycles_of_another_predicate_do_not_govern():
    got = caps("The film affords a reversible capacity of ~610 mAh g−1 and sustains 80% of the "
               "initial capacity after 800 cycles at 1 C.")
    assert got == [(610.0, "reversible", None, None)]
    got = caps("The electrode delivers 500 mAh g−1 and retains 400 mAh g−1 after 100 cycles.")
    assert got[1] == (400.0, "retained", None, 100) and got[0][3] is None
