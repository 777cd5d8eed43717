"""Capacity recognizer: units, series pairing, charge/discharge pairs, kinds, currents,
cycles and retention."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

from kb.nlp.recognizers.quantities import find_capacities

sys.path.insert(0, str(Path(__file__).parent))
from _recognizers_corpus import paper_sentences  # noqa: E402


def rows(text: str) -> list[tuple]:
    return [(m.value, m.unit, m.kind, m.current, m.cycles) for m in find_capacities(text)]


@pytest.mark.parametrize(
    "unit_text, unit",
    [
        ("mAh g−1", "mAh/g"), ("mA h g⁻¹", "mAh/g"), ("mAh/g", "mAh/g"), ("mAh g-1", "mAh/g"),
        ("mAh g^{-1}", "mAh/g"), ("mAh g‐1", "mAh/g"), ("mAh cm−2", "mAh/cm2"), ("mAh cm−3", "mAh/cm3"),
        ("mA h cm-3", "mAh/cm3"), ("mAh/cm2", "mAh/cm2"),
    ],
)
def test_unit_variants(unit_text, unit):
    (m,) = find_capacities(f"The electrode delivers 412.5 {unit_text} in total.")
    assert (m.value, m.unit) == (412.5, unit)


def test_currents_and_voltages_are_not_capacities():
    assert find_capacities("cycled at 100 mA g−1 between 0.01 and 3.0 V") == []


def test_series_paired_one_to_one_with_currents():
    text = ("It shows discharge capacities of 382, 351, 306, 263, and 215 mAh g−1 at 0.1, 0.2, "
            "0.4, 0.8, and 1.6 A g−1, respectively.")
    assert rows(text) == [
        (382, "mAh/g", "discharge", "0.1 A/g", None),
        (351, "mAh/g", "discharge", "0.2 A/g", None),
        (306, "mAh/g", "discharge", "0.4 A/g", None),
        (263, "mAh/g", "discharge", "0.8 A/g", None),
        (215, "mAh/g", "discharge", "1.6 A/g", None),
    ]


def test_first_charge_discharge_pairs_in_order_across_series():
    text = ("The first charge–discharge capacities of A, B and C are 447.7 and 793.1 mAh g−1, "
            "375.1 and 733.8 mAh g−1, and 222.2 and 478.8 mAh g−1, respectively.")
    assert [(v, k, c) for v, _, k, _, c in rows(text)] == [
        (447.7, "initial_charge", 1), (793.1, "initial_discharge", 1),
        (375.1, "initial_charge", 1), (733.8, "initial_discharge", 1),
        (222.2, "initial_charge", 1), (478.8, "initial_discharge", 1),
    ]


def test_discharge_charge_order_is_respected():
    text = "The initial discharge/charge capacities are 900 and 600 mAh g−1."
    assert [r[2] for r in rows(text)] == ["initial_discharge", "initial_charge"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("the theoretical capacity of the oxide (314 mAh g−1)", (314, "theoretical", None, None)),
        ("The initial discharge capacity reaches 240 mAh g−1 at 0.5 A g−1.", (240, "initial_discharge", "0.5 A/g", 1)),
        ("The electrode still maintains 375 mAh g−1 after 350 cycles.", (375, "retained", None, 350)),
        ("a cycling performance of 195 mAh g−1 after 200 cycles at 1 A g−1", (195, "retained", "1 A/g", 200)),
        ("a reversible capacity of ≈500 mAh g−1 at 2 C", (500, "reversible", "2 C", None)),
        ("a charge capacity of ca. 300 mAh g−1 at C/10", (300, "charge", "C/10", None)),
        ("cycled at 300 mA g−1, it shows a discharge capacity of 25.6 mAh g−1", (25.6, "discharge", "300 mA/g", None)),
        ("the capacity is 320 mAh g−1 over 1000 cycles", (320, "retained", None, 1000)),
        ("the capacity at the 100th cycle is 320 mAh g−1", (320, "retained", None, 100)),
        ("a capacity of 610 mAh g−1 in the first cycle", (610, "other", None, 1)),
    ],
)
def test_kind_current_cycles(text, expected):
    (m,) = find_capacities(text)
    assert (m.value, m.kind, m.current, m.cycles) == expected


def test_current_range_goes_to_the_ends_of_a_series():
    text = "The discharge capacities remain at 140, 120, 100, and 85 mAh g−1 when current densities range from 0.1 to 1.6 A g−1."
    assert [r[3] for r in rows(text)] == ["0.1 A/g", None, None, "1.6 A/g"]


def test_each_capacity_its_own_current():
    text = "It delivers 400 mAh g−1 at 0.1 A g−1 and 210 mAh g−1 at 100 mA g−1."
    assert [(r[0], r[3]) for r in rows(text)] == [(400, "0.1 A/g"), (210, "100 mA/g")]


def test_retention_percent():
    (m,) = find_capacities("It keeps 330 mAh g−1 after 500 cycles with a capacity retention of 90.5%.")
    assert (m.kind, m.retention_percent) == ("retained", 90.5)
    (m,) = find_capacities("It retains 85% of its initial capacity (412 mAh g−1) after 500 cycles at 25 °C.")
    assert (m.kind, m.retention_percent, m.current) == ("retained", 85.0, None)


def test_thousands_separator_and_offsets():
    text = "a volumetric capacity of 1,166 mAh cm−3"
    (m,) = find_capacities(text)
    assert m.value == 1166 and text[m.start:m.end] == m.text == "1,166 mAh cm−3"


def test_real_papers(shared_corpus):
    found = [m for s in paper_sentences(shared_corpus, "004") for m in find_capacities(s)]
    assert 20 <= len(found) <= 200
    assert all(m.unit in ("mAh/g", "mAh/cm2", "mAh/cm3") for m in found)
    kinds = {m.kind for m in found}
    assert {"theoretical", "retained", "discharge"} <= kinds
    assert any(m.current and m.current.endswith("A/g") for m in found)


def test_areal_capacity_with_areal_current_and_retention():
    (m,) = find_capacities("The areal capacity reached 4.2 mAh cm−2 at 0.5 mA cm−2 with a capacity "
                           "retention of 80% after 200 cycles.")
    assert (m.value, m.unit, m.kind, m.current, m.cycles, m.retention_percent) == (
        4.2, "mAh/cm2", "retained", "0.5 mA/cm2", 200, 80.0)


def test_c_rate_series_paired():
    text = "Specific capacities of 610, 540 and 480 mAh g−1 were obtained at 0.2C, 0.5C and 1C, respectively."
    assert [(r[0], r[3]) for r in rows(text)] == [(610, "0.2 C"), (540, "0.5 C"), (480, "1 C")]


def test_temperature_is_not_a_c_rate():
    (m,) = find_capacities("It delivers 300 mAh g−1 at 25 °C and 60 °C.")
    assert m.current is None


def test_middle_dot_units():
    text = "a capacity of 500 mAh·g−1 at 100 mA·g−1 and 300 mAh g−1 at 1 A⋅g−1"
    assert [(r[0], r[1], r[3]) for r in rows(text)] == [(500, "mAh/g", "100 mA/g"), (300, "mAh/g", "1 A/g")]


def test_capacity_stated_two_ways_with_or():
    from kb.nlp.recognizers.quantities import find_capacities as caps
    got = [(c.value, c.unit) for c in caps("Bi offers 385 or 3800 mA h cm−3 when forming Na3Bi.")]
    assert got == [(385.0, "mAh/g"), (3800.0, "mAh/cm3")]


def test_shared_unit_kept_for_and_pairs_and_same_unit_lists():
    from kb.nlp.recognizers.quantities import find_capacities as caps
    assert [c.unit for c in caps("values of 500 and 600 mAh cm−3")] == ["mAh/cm3", "mAh/cm3"]
    assert [c.unit for c in caps("values of 500 or 600 mAh g−1")] == ["mAh/g", "mAh/g"]


# -- C-rate definitions ("1C = 600 mAh g−1") -------------------------------------------------

def test_rate_definition_is_the_nominal_capacity_not_a_measurement():
    caps = find_capacities("The ZrQ2 films were cycled at 0.2C (1C = 612 mA h g−1).")
    assert [(c.value, c.kind, c.current) for c in caps] == [(612.0, "theoretical", None)]


def test_rate_definition_does_not_lend_its_rate_to_the_measured_capacity():
    caps = find_capacities("The cells ran at 0.5 C (1 C corresponds to 410 mAh g-1) and delivered 275 mAh g−1.")
    assert [(c.value, c.kind, c.current) for c in caps] == [(410.0, "theoretical", None),
                                                             (275.0, "other", "0.5 C")]


def test_a_capacity_equal_sign_without_a_rate_is_no_definition():
    caps = find_capacities("At 1 C, a capacity = 300 mAh g−1 was kept.")
    assert [(c.value, c.kind, c.current) for c in caps] == [(300.0, "other", "1 C")]
