"""Hedge phrases of two words ("appears to", "is suggested") are found like single words."""
import pytest

from kb.nlp.recognizers._common import is_hedged


@pytest.mark.parametrize("text, word", [
    ("The Bi2S3 phase appears to crack on sodiation.", "crack"),
    ("Cracking is suggested by the contrast.", "Cracking"),
    ("The film may crack.", "crack"),
])
def test_hedge_phrases_hedge_the_clause(text, word):
    i = text.index(word)
    assert is_hedged(text, i, i + len(word))


def test_no_hedge_without_the_phrase():
    text = "The Bi2S3 phase cracks on sodiation; appearance changes later."
    i = text.index("cracks")
    assert not is_hedged(text, i, i + 6)
