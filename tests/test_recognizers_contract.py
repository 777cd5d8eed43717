"""The contract every recognizer keeps on any sentence: exact offsets, sorted output,
values only from the FACTS.md vocabularies, no crash on fragments."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kb.nlp.recognizers import ions, mechanisms, phenomena, quantities, techniques

sys.path.insert(0, str(Path(__file__).parent))
from _recognizers_corpus import paper_sentences  # noqa: E402

TECHNIQUES = set(
    "TEM HRTEM STEM HAADF-STEM SAED EDS EELS cryo-TEM ETEM 4D-STEM SEM FIB XRD XPS XAS XANES "
    "EXAFS sXAS TXM PDF Raman FTIR NMR ICP BET AFM DFT FEA MD GITT CV EIS GCD".split()
) | {"X-ray tomography"}
MODES = {None, "in_situ", "operando", "ex_situ", "calculation"}
MECHANISMS = {"intercalation", "conversion", "alloying", "displacement", "disproportionation",
              "adsorption", "plating"}
PHENOMENA = set(
    "irreversible_first_cycle volume_expansion cracking pulverization amorphization sei_formation "
    "pore_formation dislocations dendrite_growth shrinking_core anisotropic_diffusion reaction_front "
    "capacity_fading reversible_cycling reaction_speed diffusion_coefficient diffusion_barrier "
    "initial_coulombic_efficiency".split()
)
PHENOMENON_UNITS = {None, "%", "nm/s", "cm2/s", "eV", "nm"}
KINDS = {"reversible", "initial_discharge", "initial_charge", "theoretical", "retained", "discharge",
         "charge", "other"}
IONS = {"Na", "K", "Li", "Mg", "Ca", "Zn", "Al", "Li-S", "Li-O2", "Na-O2", "K-O2"}

FINDERS = [techniques.find, mechanisms.find, phenomena.find, quantities.find_capacities, ions.find]


def check(text: str) -> None:
    for find in FINDERS:
        found = find(text)
        assert [m.start for m in found] == sorted(m.start for m in found)
        for m in found:
            assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text
    for m in techniques.find(text):
        assert m.technique in TECHNIQUES and m.mode in MODES
    assert all(m.mechanism in MECHANISMS for m in mechanisms.find(text))
    for m in phenomena.find(text):
        assert m.phenomenon in PHENOMENA and m.unit in PHENOMENON_UNITS
        assert (m.value is None) == (m.unit is None)
    for m in quantities.find_capacities(text):
        assert m.kind in KINDS and m.unit in ("mAh/g", "mAh/cm2", "mAh/cm3") and m.value > 0
    assert all(m.ion in IONS for m in ions.find(text))


@pytest.mark.parametrize("text", ["", " ", "(", "%", "10−", "× 10−", "mAh g−1", "at 2 C", "C/",
                                  "−1 mAh g−1", "and , mAh g−1 at A g−1", "İİİ TEM in situ"])
def test_fragments(text):
    check(text)


def test_every_sentence_of_the_real_papers(shared_corpus):
    n = 0
    for prefix in ("000", "001", "002", "003", "004"):
        for sentence in paper_sentences(shared_corpus, prefix):
            check(sentence)
            # and a cut in the middle of the sentence (a fragment a splitter could produce)
            check(sentence[len(sentence) // 3:])
            n += 1
    assert n > 1000
