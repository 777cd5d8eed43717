""""A and B deliver 207 and 222 mAh g−1": one value per material, in order.

Real recognizers; invented sentences.
"""
from test_facts_assembly import article, records

from kb.facts import extract_facts


def _pairs(text):
    return sorted((r["material"], r["value"]) for r in records(extract_facts(article([text])), "capacity"))


def test_two_materials_two_values_pair_in_order_without_respectively():
    got = _pairs("CoS2 and FeSe2 anodes deliver reversible capacities of about 410 and 520 mAh g−1 in SIBs.")
    assert got == [("CoS2", 410.0), ("FeSe2", 520.0)]


def test_three_materials_three_values():
    got = _pairs("CoS2, FeSe2, and NiS2 anodes deliver 410, 520, and 380 mAh g−1 in SIBs.")
    assert got == [("CoS2", 410.0), ("FeSe2", 520.0), ("NiS2", 380.0)]


def test_a_rate_series_is_not_split_between_the_materials():
    # the values pair with the currents: one material's rate series, not one value each
    got = _pairs("CoS2 and FeSe2 anodes deliver 410 and 320 mAh g−1 at 0.1 and 1 A g−1.")
    assert len(got) == 2 and len({m for m, _ in got}) == 1


def test_materials_not_in_one_list_do_not_pair():
    got = _pairs("CoS2 was studied before, and the FeSe2 anode delivers 410 and 520 mAh g−1 in SIBs.")
    assert {m for m, _ in got} == {"FeSe2"}
