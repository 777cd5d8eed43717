"""Technique recognizer: canonical names, abbreviations, modes, and the false friends."""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

from kb.nlp.recognizers import techniques

sys.path.insert(0, str(Path(__file__).parent))
from _recognizers_corpus import paper_sentences  # noqa: E402


def pairs(text: str) -> list[tuple[str, str | None]]:
    return [(m.technique, m.mode) for m in techniques.find(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The phase was identified by X‐ray diffraction (XRD) analysis.", [("XRD", None)]),
        ("We used in situ transmission electron microscopy (TEM) to follow it.", [("TEM", "in_situ")]),
        ("Images were taken by high-resolution TEM and HR‐TEM.", [("HRTEM", None), ("HRTEM", None)]),
        ("HRTEM, STEM, ETEM and Cs‐STEM images", [("HRTEM", None), ("STEM", None), ("ETEM", None), ("STEM", None)]),
        ("selected area electron diffraction (SAED) and electron diffraction patterns",
         [("SAED", None), ("SAED", None)]),
        ("energy‐dispersive X‐ray spectroscopy, EDX, EDXS and EDS maps",
         [("EDS", None), ("EDS", None), ("EDS", None), ("EDS", None)]),
        ("synchrotron XRD and SXRD", [("XRD", None), ("XRD", None)]),
        ("X-ray photoelectron spectroscopy and XANES and EXAFS and soft XAS",
         [("XPS", None), ("XANES", None), ("EXAFS", None), ("sXAS", None)]),
        ("transmission X-ray microscopy and X-ray nano-CT", [("TXM", None), ("X-ray tomography", None)]),
        ("Raman spectroscopy, FTIR and solid-state NMR and 23Na NMR",
         [("Raman", None), ("FTIR", None), ("NMR", None), ("NMR", None)]),
        ("density functional theory (DFT) and first-principles calculations",
         [("DFT", "calculation"), ("DFT", "calculation")]),
        ("finite element analysis and AIMD and molecular dynamics",
         [("FEA", "calculation"), ("MD", "calculation"), ("MD", "calculation")]),
        ("galvanostatic intermittent titration technique (GITT)", [("GITT", None)]),
        ("the cyclic voltammetry curves and the Nyquist plots", [("CV", None), ("EIS", None)]),
        ("galvanostatic charge–discharge at 0.1 A g−1", [("GCD", None)]),
        ("scanning electron microscopy and N2 adsorption and ICP‐OES", [("SEM", None), ("BET", None), ("ICP", None)]),
        ("AFM and focused ion beam and cryo-EM and 4D-STEM and HAADF‐STEM and EELS",
         [("AFM", None), ("FIB", None), ("cryo-TEM", None), ("4D-STEM", None), ("HAADF-STEM", None), ("EELS", None)]),
        ("environmental TEM", [("ETEM", None)]),
    ],
)
def test_names_and_variants(text, expected):
    assert pairs(text) == expected


def test_spelled_out_form_and_its_abbreviation_are_one_mention():
    text = "combined transmission electron microscopy (TEM) images"
    (m,) = techniques.find(text)
    assert m.text == "transmission electron microscopy (TEM)"
    assert text[m.start:m.end] == m.text


def test_tem_inside_longer_acronyms_gives_only_the_longer_one():
    assert pairs("STEM and HRTEM and ETEM") == [("STEM", None), ("HRTEM", None), ("ETEM", None)]
    assert pairs("(S)TEM") == [("STEM", None), ("TEM", None)]
    assert pairs("item system stems") == []


def test_mode_cues_before_the_technique():
    assert pairs("*In situ* TEM revealed it") == [("TEM", "in_situ")]
    assert pairs("operando XRD was recorded") == [("XRD", "operando")]
    assert pairs("in-situ Raman") == [("Raman", "in_situ")]
    assert pairs("in operando XAS") == [("XAS", "operando")]
    assert pairs("post-mortem SEM") == [("SEM", "ex_situ")]
    assert pairs("in situ high-energy XRD") == [("XRD", "in_situ")]


def test_in_situ_and_ex_situ_gives_both_modes():
    assert sorted(pairs("From the in situ and ex situ XANES results")) == [
        ("XANES", "ex_situ"), ("XANES", "in_situ")]


def test_in_situ_slash_operando_names_one_mode():
    assert pairs("studied by in situ/operando X-ray diffraction") == [("XRD", "in_situ")]


def test_mode_after_the_technique():
    assert pairs("XRD patterns were measured in operando.") == [("XRD", "operando")]


def test_mode_carried_along_a_list_but_not_across_a_clause():
    assert pairs("ex situ XRD, Raman, and TEM measurements were performed") == [
        ("XRD", "ex_situ"), ("Raman", "ex_situ"), ("TEM", "ex_situ")]
    assert pairs("in situ TEM showed expansion, which was confirmed by XRD") == [
        ("TEM", "in_situ"), ("XRD", None)]
    assert pairs("in situ sodiation was followed by TEM") == [("TEM", None)]


def test_pdf_card_and_file_are_not_pair_distribution_function():
    assert pairs("indexed to PDF#17-0320 (JCPDS) and PDF No. 01-075") == []
    assert pairs("see the PDF file of the Supporting Information") == []
    assert pairs("operando PDF analysis of the electrode") == [("PDF", "operando")]
    assert pairs("pair distribution function (PDF) data") == [("PDF", None)]


def test_acronyms_are_case_sensitive():
    assert pairs("We bet the sem cv md values") == []
    assert pairs("CV and MD and BET") == [("CV", None), ("MD", "calculation"), ("BET", None)]


def test_offsets_are_sorted_and_exact():
    text = "SEM, TEM, and XPS."
    found = techniques.find(text)
    assert [m.start for m in found] == sorted(m.start for m in found)
    for m in found:
        assert text[m.start:m.end] == m.text


def test_real_papers(shared_corpus):
    counts = Counter()
    for prefix in ("000", "004"):
        for sentence in paper_sentences(shared_corpus, prefix):
            for m in techniques.find(sentence):
                counts[(prefix, m.technique, m.mode)] += 1
    # 000 is an in situ TEM study of a sodium-ion anode; 004 uses ex situ XRD/Raman/TEM
    assert counts[("000", "TEM", "in_situ")] >= 3
    assert counts[("000", "HRTEM", None)] >= 3
    assert counts[("000", "DFT", "calculation")] >= 1
    assert counts[("004", "XRD", "ex_situ")] >= 1
    assert counts[("004", "CV", None)] >= 3
    assert sum(v for k, v in counts.items() if k[0] == "004") < 300


def test_unseen_paper_style():
    assert pairs("Operando synchrotron X-ray diffraction and ex-situ X-ray photoelectron spectroscopy") == [
        ("XRD", "operando"), ("XPS", "ex_situ")]
    assert pairs("In situ Raman spectra indicate it, while post-mortem SEM shows cracks.") == [
        ("Raman", "in_situ"), ("SEM", "ex_situ")]
    assert pairs("The charging–discharging curves and CV") == [("GCD", None), ("CV", None)]


def test_mode_after_with_verbs():
    assert pairs("TEM images recorded in situ during sodiation") == [("TEM", "in_situ")]
    assert pairs("the electrode was examined by XPS ex situ") == [("XPS", "ex_situ")]
