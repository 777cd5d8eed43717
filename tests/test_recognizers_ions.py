"""Ion recognizer: working-ion cues, chemistries, and symbols that are NOT ion cues."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from kb.nlp.recognizers import ions

sys.path.insert(0, str(Path(__file__).parent))
from _recognizers_corpus import paper_sentences  # noqa: E402


def found(text: str) -> list[tuple[str, str]]:
    return [(m.text, m.ion) for m in ions.find(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("during sodiation and desodiation", [("sodiation", "Na"), ("desodiation", "Na")]),
        ("Na+ diffusion in sodium-ion batteries (SIBs)", [("Na+", "Na"), ("sodium-ion", "Na"), ("SIBs", "Na")]),
        ("Na-ion and NIB and Na storage", [("Na-ion", "Na"), ("NIB", "Na"), ("Na storage", "Na")]),
        ("potassiation, K+ and PIBs and KIBs and potassium-ion",
         [("potassiation", "K"), ("K+", "K"), ("PIBs", "K"), ("KIBs", "K"), ("potassium-ion", "K")]),
        ("lithiation of LIBs with Li+ in lithium-ion cells",
         [("lithiation", "Li"), ("LIBs", "Li"), ("Li+", "Li"), ("lithium-ion", "Li")]),
        ("Li–S and lithium–sulfur batteries", [("Li–S", "Li-S"), ("lithium–sulfur", "Li-S")]),
        ("Li-O2, Na–O2 and K-O2 cells", [("Li-O2", "Li-O2"), ("Na–O2", "Na-O2"), ("K-O2", "K-O2")]),
        ("magnesium-ion, Ca2+, zinc-ion and Al3+",
         [("magnesium-ion", "Mg"), ("Ca2+", "Ca"), ("zinc-ion", "Zn"), ("Al3+", "Al")]),
        ("the (de)sodiation of the anode", [("(de)sodiation", "Na")]),
    ],
)
def test_cues(text, expected):
    assert found(text) == expected


def test_symbols_inside_formulas_are_not_ion_cues():
    assert found("Na2S, NaxBi2S3, Na3Bi, KOH and LiF were detected") == []


def test_spectroscopic_edges_are_not_potassium():
    assert found("the Co K-edge and O K edge spectra") == []


def test_li_sn_alloy_is_not_lithium_sulfur():
    assert found("a Li-Sn alloy") == []


def test_real_papers(shared_corpus):
    counts = Counter()
    for prefix in ("000", "004"):
        for sentence in paper_sentences(shared_corpus, prefix):
            counts.update((prefix, m.ion) for m in ions.find(sentence))
    # both are sodium-ion papers
    assert counts[("000", "Na")] > 20 * max(1, counts[("000", "Li")])
    assert counts[("004", "Na")] > 10 * max(1, counts[("004", "Li")])


def test_storing_the_element_names_the_ion():
    from kb.nlp.recognizers.ions import find as find_ions
    assert [m.ion for m in find_ions("The carbon hardly stores potassium.")] == ["K"]
    assert [m.ion for m in find_ions("storage of lithium in silicon")] == ["Li"]
    assert [m.ion for m in find_ions("It stores sodium ions well.")] == ["Na"]  # one cue, not two
