"""Sentence splitting survives scientific abbreviations, decimals and formulas."""
from kb.nlp.pipeline import get_nlp
from kb.nlp.sentences import split_sentences


def sents(text):
    return [text[a:b] for a, b in split_sentences(text)]


def test_abbreviations_do_not_split():
    text = ("Wang et al. reported Bi2S3. As shown in Fig. 3a, the capacity is 1.5 times higher "
            "(vs. 2.3 eV), e.g. for Sn. The ref. 12 gives ca. 30%, i.e. more. Done.")
    assert sents(text) == [
        "Wang et al. reported Bi2S3.",
        "As shown in Fig. 3a, the capacity is 1.5 times higher (vs. 2.3 eV), e.g. for Sn.",
        "The ref. 12 gives ca. 30%, i.e. more.",
        "Done.",
    ]


def test_formula_and_bracket_endings():
    text = "It forms Na3Bi. Then (Figure 2) it stops. NaxS appears!"
    assert sents(text) == ["It forms Na3Bi.", "Then (Figure 2) it stops.", "NaxS appears!"]


def test_decimal_and_lowercase_continuation():
    assert sents("The value is 0.18 eV. the end") == ["The value is 0.18 eV. the end"]


def test_component_sets_doc_sents():
    doc = get_nlp()("Bi2S3 was studied by Li et al. in 2020. It forms Na3Bi.")
    assert [s.text for s in doc.sents] == ["Bi2S3 was studied by Li et al. in 2020.", "It forms Na3Bi."]
