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


def test_stop_after_a_digit_or_bracket_ends_the_sentence():
    # the abbreviation check is skipped for a stop right after a non-letter
    text = "  It runs at 2 C. Then (Fig. 2). Next [12]. Then a. Not here. J. Wang wrote\n. More al\n. Here  "
    assert sents(text) == ["It runs at 2 C. Then (Fig. 2).", "Next [12].", "Then a. Not here.",
                           "J. Wang wrote\n.", "More al\n. Here"]


def test_every_token_gets_a_sentence_flag():
    doc = get_nlp()("Bi2S3 forms Na3Bi. It then (Fig. 2) forms Na2S! Done")
    assert [t.is_sent_start for t in doc] == [True, False, False, False, True] + [False] * 9 + [True]
    assert [s.text for s in doc.sents] == ["Bi2S3 forms Na3Bi.", "It then (Fig. 2) forms Na2S!", "Done"]
