"""The tokenizer keeps formulas, numbers and compact units whole."""
import pytest

from kb.nlp.pipeline import get_nlp


def toks(text):
    return [t.text for t in get_nlp().make_doc(text)]


@pytest.mark.parametrize("formula", [
    "Bi2S3", "Na3(VPO4)2F3", "BixSb1−x", "Bi0.33Sb0.67", "G‐Bi0.33Sb0.67", "WSSe@CPCS",
    "α-MnO2", "Li1.3FeS2", "NaxSn", "Na15Sn4", "Co9S8", "TiO2(B)", "P2-Na2/3[Mn0.8Co0.2]O2",
    "Na2-xFeFe(CN)6", "Na2/3Ni1/3Mn2/3O2", "WSSe@CPCS//NVPF",
])
def test_formula_is_one_token(formula):
    assert formula in toks(f"The {formula}, studied here.")


def test_sentence_punctuation_still_split():
    assert toks("made of Bi2S3.")[-2:] == ["Bi2S3", "."]
    assert toks("(NVPF)") == ["(", "NVPF", ")"]
    assert toks("(Bi2S3)") == ["(", "Bi2S3", ")"]


@pytest.mark.parametrize("text,expected", [
    ("600 mAh g−1", ["600", "mAh", "g−1"]),
    ("300 mAh/g", ["300", "mAh/g"]),
    ("0.47 nm s⁻¹", ["0.47", "nm", "s⁻¹"]),
    ("5.44 × 10−12 cm2 s−1", ["5.44", "×", "10−12", "cm2", "s−1"]),
    ("179 mA g-1", ["179", "mA", "g-1"]),
    ("at 2 C", ["at", "2", "C"]),
])
def test_numbers_and_units(text, expected):
    assert toks(text) == expected


def test_ordinary_words_unchanged():
    assert toks("sodium-ion batteries") == ["sodium", "-", "ion", "batteries"]
