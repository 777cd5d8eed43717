"""Mechanism recognizer: verbal/adjectival forms, chains, false friends, negation, hedging."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from kb.nlp.recognizers import mechanisms

sys.path.insert(0, str(Path(__file__).parent))
from _recognizers_corpus import paper_sentences  # noqa: E402


def mechs(text: str) -> list[str]:
    return [m.mechanism for m in mechanisms.find(text)]


def flags(text: str) -> list[tuple[str, bool, bool]]:
    return [(m.mechanism, m.negated, m.hedged) for m in mechanisms.find(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The anode underwent intercalation and conversion followed by a two-step alloying reaction.",
         ["intercalation", "conversion", "alloying"]),
        ("P-based materials are intercalation-alloying-type electrodes.", ["intercalation", "alloying"]),
        ("Na+ (de)intercalation and topotactic insertion in the cathode", ["intercalation", "intercalation"]),
        ("PF6− intercalates into the graphite layers", ["intercalation"]),
        ("a conversion-type anode and a conversion reaction", ["conversion", "conversion"]),
        ("the dealloying and de-alloying steps of an alloy anode", ["alloying", "alloying", "alloying"]),
        ("a displacement reaction front and displacement-type electrodes", ["displacement", "displacement"]),
        ("NaxMoO3 disproportionates; a disproportionation reaction", ["disproportionation", "disproportionation"]),
        ("surface adsorption of Na+ and adsorbed ions", ["adsorption", "adsorption"]),
        ("Na metal deposition and Na plating/stripping and deposition of metallic Na",
         ["plating", "plating", "plating"]),
    ],
)
def test_cues(text, expected):
    assert mechs(text) == expected


def test_false_friends():
    assert mechs("N2 adsorption–desorption isotherms of the powder") == []
    assert mechs("for energy conversion and storage with a high conversion efficiency") == []
    assert mechs("the atomic displacement of Bi atoms") == []
    assert mechs("deposition of Na2S on the surface") == []
    assert mechs("the insertion of a new figure") == []


def test_negation():
    assert flags("MoS2 does not undergo conversion in this window") == [("conversion", True, False)]
    assert flags("no conversion was detected") == [("conversion", True, False)]
    assert flags("Sn reacts without alloying") == [("alloying", True, False)]
    assert flags("intercalation rather than conversion") == [
        ("intercalation", False, False), ("conversion", True, False)]
    assert flags("not only intercalation but also conversion") == [
        ("intercalation", False, False), ("conversion", False, False)]
    assert flags("conversion was not observed") == [("conversion", True, False)]


def test_negation_stops_at_clause_boundary():
    assert flags("no cracks appeared, but conversion proceeded") == [("conversion", False, False)]


def test_hedging():
    assert flags("FeS2 may proceed via a conversion reaction") == [("conversion", False, True)]
    assert flags("an alloying step is proposed") == [("alloying", False, True)]
    assert flags("the intercalation is believed to be fast") == [("intercalation", False, True)]
    assert flags("conversion is possibly incomplete; alloying is clear") == [
        ("conversion", False, True), ("alloying", False, False)]


def test_real_papers(shared_corpus):
    counts = Counter()
    for sentence in paper_sentences(shared_corpus, "000"):
        counts.update(m.mechanism for m in mechanisms.find(sentence) if not m.negated)
    # 000 reports intercalation, conversion and a two-step alloying in one anode
    assert counts["intercalation"] >= 3
    assert counts["conversion"] >= 3
    assert counts["alloying"] >= 3
    assert counts["plating"] == 0


def test_plating_as_a_voltage_landmark_or_hazard_is_not_a_mechanism():
    assert mechs("Hard carbons store 300 mAh g−1 at potentials close to sodium plating.") == []
    assert mechs("Cycling above 0.1 V avoids Li plating on the graphite.") == []
    assert mechs("The plateau lies near the Na plating potential.") == []
    assert mechs("Fast charging raises the risk of lithium plating.") == []


def test_plating_as_the_storage_reaction_stays():
    assert mechs("The low-voltage plateau is ascribed to sodium plating in the closed pores.") == ["plating"]
    assert mechs("The plating/stripping overpotential of the Na metal anode is 20 mV.") == ["plating"]
    assert mechs("During electrochemical plating, Na deposits grow as dendrites.") == ["plating"]


@pytest.mark.parametrize("text, found", [
    ("Its energy is twice that of intercalation-based sodium-ion cells.", False),
    ("Unlike conversion-type batteries, the cell keeps its voltage.", False),
    ("The conversion-based anode stores sodium reversibly.", True),
    ("Alloying-type materials such as Sb expand on sodiation.", True),
])
def test_a_battery_class_named_after_a_mechanism_is_no_mechanism(text, found):
    assert bool(mechanisms.find(text)) is found
