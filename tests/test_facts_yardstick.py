"""A reference compound named only as the yardstick of a comparison is not a subject.

FACTS.md keeps "reference compounds only named in passing" out of the facts: in "its
capacity is ten times that of graphite" the sentence is about the paper's material, not
graphite. A compared material the paper itself studies (named in many sentences) stays a
subject. Invented sentences; fake recognizers as in test_facts_assembly.
"""
import pytest
from test_facts_assembly import article, fake_recognizers, records  # noqa: F401

from kb.facts import extract_facts


def _materials(paragraphs, ftype, **kw):
    return sorted({r["material"] for r in records(extract_facts(article(paragraphs, **kw)), ftype)})


@pytest.mark.parametrize("comparison", [
    "Its capacity of 900 mAh g−1 is roughly ten times the capacity of graphite.",
    "Its capacity of 900 mAh g−1 is far above that of graphite.",
    "Its capacity of 900 mAh g−1 is higher than graphite.",
    "Its capacity of 900 mAh g−1 is 3-fold higher than that of commercial graphite.",
    "Compared with graphite, its capacity is 900 mAh g−1.",
    "Its capacity of 900 mAh g−1 is far above that of layered oxide cathodes such as LiCoO2.",
])
def test_yardstick_named_once_is_not_the_subject(comparison):
    text = "The CoS2 nanosheets were cycled in SIBs. " + comparison
    assert _materials([text], "capacity") == ["CoS2"]


def test_a_material_after_such_as_outside_a_comparison_is_a_subject():
    text = "The CoS2 nanosheets were cycled in SIBs. Layered oxides such as LiCoO2 deliver 150 mAh g−1."
    assert _materials([text], "capacity") == ["LiCoO2"]


def test_a_material_named_plainly_is_still_the_subject():
    text = "The CoS2 nanosheets were cycled in SIBs. Graphite delivers 300 mAh g−1."
    assert _materials([text], "capacity") == ["graphite"]


def test_a_compared_sample_the_paper_studies_keeps_its_facts():
    studied = ["The FeSe2 films were made by sputtering. FeSe2 was annealed. "
               "FeSe2 films were cut. The CoS2 films were cycled in SIBs.",
               "The capacity of CoS2 is 500 mAh g−1, higher than that of FeSe2 (300 mAh g−1)."]
    got = {(r["material"], r["value"]) for r in records(extract_facts(article(studied)), "capacity")}
    assert ("FeSe2", 300.0) in got and ("CoS2", 500.0) in got
