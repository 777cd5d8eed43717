"""The shared cue index: prefix expansion must not change what a cue matches, and the
per-sentence trigger cache must not make results depend on call order."""
from __future__ import annotations

import re

import pytest

from kb.nlp.recognizers import ions, mechanisms, phenomena, quantities, techniques
from kb.nlp.recognizers._common import expand_after_prefix, literal_prefix


@pytest.mark.parametrize("regex, longer", [
    (r"D(?:Na|Li|K)\s?[+⁺]?", "dna"),
    (r"co[-‐]?intercalat\w*", "co-intercalat"),
    (r"pores?\s+form", "pores"),
    (r"insert(?:ed|ion|s|ing)?\s+between", "inserted"),
])
def test_expansion_lengthens_prefixes_and_keeps_matches(regex, longer):
    alts = expand_after_prefix(regex)
    assert any(literal_prefix(a).lower() == longer for a in alts)
    whole = re.compile(f"(?:{regex})(?![A-Za-z0-9])")
    spelled = re.compile("(?:" + "|".join(f"(?:{a})" for a in alts) + ")(?![A-Za-z0-9])")
    samples = ["DNa+ is", "DLi", "DK+", "DNaX", "co-intercalation", "co‐intercalated", "cointercalates",
               "co intercalation", "pores form", "pore form", "poresform", "inserted between",
               "insert between", "insertion between", "inserts  between", "insertbetween"]
    for s in samples:
        a, b = whole.match(s), spelled.match(s)
        assert (a and a.group()) == (b and b.group()), s


def test_repeated_or_lazy_groups_are_left_alone():
    assert expand_after_prefix(r"ab(?:c|d)+e") == [r"ab(?:c|d)+e"]
    assert expand_after_prefix(r"abc??d") == [r"abc??d"]


SENTENCES = [
    "In situ TEM shows that Na+ insertion into the interlayer causes a 40% volume expansion and cracking.",
    "The anode delivers 420 mAh g−1 at 0.1 A g−1 with an initial Coulombic efficiency of 78%.",
    "Carbon buffers the volume change and prevents pulverization during (de)sodiation of Sb.",
    "No conversion reaction was observed in the K-ion cell by ex situ XRD.",
]
FNS = [techniques.find, mechanisms.find, phenomena.find, quantities.find_capacities, ions.find]


def test_call_order_does_not_change_results():
    sentence_major = [[fn(s) for fn in FNS] for s in SENTENCES]
    recognizer_major = [[fn(s) for s in SENTENCES] for fn in FNS]
    assert sentence_major == [list(row) for row in zip(*recognizer_major)]
    assert all(any(row) for row in sentence_major)
