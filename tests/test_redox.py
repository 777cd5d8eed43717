"""Formal oxidation states by charge balance (kb.chem.redox): the numbers the
pathway order rests on."""
from __future__ import annotations

import pytest

from kb.chem.redox import (EPS, composition, host_roles, ion_element, oxidation_state,
                           phase_state)


@pytest.mark.parametrize("host, ion, redox, anions", [
    ("Bi2S3", "Na", {"Bi"}, {"S"}),
    ("SnO2", "Li", {"Sn"}, {"O"}),
    ("FeS2", "Na", {"Fe"}, {"S"}),
    ("MoS2", "K", {"Mo"}, {"S"}),
    ("CuO", "Na", {"Cu"}, {"O"}),
    ("Sb2Se3", "Na", {"Sb"}, {"Se"}),
    ("WSSe", "Na", {"W"}, {"S", "Se"}),
    ("Sn4P3", "Na", {"Sn"}, {"P"}),  # P is an anion next to a metal
    ("ZnFe2O4", "Li", {"Zn", "Fe"}, {"O"}),  # two redox elements
    ("Li1.3FeS2", "Na", {"Fe"}, {"S"}),  # Li is a spectator in a Na cell
    ("Na3V2(PO4)2F3", "Na", {"V"}, {"O", "F"}),  # P is the phosphate centre, not an anion
    ("SiO2", "Li", {"Si"}, {"O"}),
    ("Sn", "Na", {"Sn"}, set()), ("P", "Na", {"P"}, set()), ("Si", "Li", {"Si"}, set()),
    ("Bi", "K", {"Bi"}, set()), ("S", "Li", {"S"}, set()),
    ("BixSb1-x", "Na", {"Bi", "Sb"}, set()),
    ("α-MoO3", "Na", {"Mo"}, {"O"}),  # polymorph prefix
    ("Bi2S3 nanorods", "Na", {"Bi"}, {"S"}),  # morphology word
    ("Sb2S3/rGO", "Na", {"Sb"}, {"S"}),  # composite: the first component reacts
    ("tin", "Na", {"Sn"}, set()),  # common name
    ("black phosphorus", "Na", {"P"}, set()),  # trailing element name
])
def test_redox_elements_of_host(host, ion, redox, anions):
    r = host_roles(host, ion)
    assert r is not None and set(r.redox) == redox and set(r.anions) == anions


@pytest.mark.parametrize("phase, host, ion, expected", [
    ("Bi2S3", "Bi2S3", "Na", 3.0),
    ("NaBiS2", "Bi2S3", "Na", 3.0),
    ("Bi", "Bi2S3", "Na", 0.0),
    ("NaBi", "Bi2S3", "Na", -1.0),
    ("Na3Bi", "Bi2S3", "Na", -3.0),
    ("SnO2", "SnO2", "Li", 4.0),
    ("Li22Sn5", "SnO2", "Li", -4.4),
    ("Li4.4Sn", "SnO2", "Li", -4.4),
    ("Na15Sn4", "Sn", "Na", -3.75),
    ("FeS2", "FeS2", "Na", 4.0),  # formal: S counted -2 (persulfide is not modelled)
    ("Na2FeS2", "FeS2", "Na", 2.0),
    ("Cu2O", "CuO", "Na", 1.0),
    ("Mg2Si", "Si", "Mg", -4.0),
    ("Li2S8", "S", "Li", -0.25),
    ("Na3P", "P", "Na", -3.0),  # the host's redox element is never an anion
    ("Fe3O4", "Fe3O4", "Li", 8 / 3),
    ("NaV2(PO4)2F3", "Na3V2(PO4)2F3", "Na", 4.0),
    ("Li3Al0.3Ti1.7(PO4)3", "Li1.3Al0.3Ti1.7(PO4)3", "Li", 3.0),
    ("CaxWO3", "WO3", "Ca", 6 - 2 * EPS),
])
def test_oxidation_state(phase, host, ion, expected):
    assert oxidation_state(phase, host, ion) == pytest.approx(expected, abs=1e-6)


def test_variables_sit_just_beside_the_fixed_state():
    roles = host_roles("Bi2S3", "Na")
    s = phase_state("NaxBi2S3", roles)
    assert s.variable and 3 - 0.1 < s.oxidation < 3  # just below Bi(+3)
    sn = phase_state("NaxSn", host_roles("Sn", "Na"))
    assert sn.variable and -0.1 < sn.oxidation < 0 and not sn.elemental  # not Sn itself
    assert phase_state("Sn", host_roles("Sn", "Na")).elemental
    assert phase_state("Na2-xFeFe(CN)6", host_roles("Na2FeFe(CN)6", "Na")) is not None


@pytest.mark.parametrize("phase, host, ion", [
    ("Na2S", "Bi2S3", "Na"), ("NaxS", "Bi2S3", "Na"), ("Li2O", "SnO2", "Li"),
    ("Na2O", "CuO", "Na"), ("NaF", "FeF2", "Na"), ("Na3P", "Sn4P3", "Na"),
    ("Na2Se", "Sb2Se3", "Na"), ("CaO", "WO3", "Ca"),
])
def test_byproducts_hold_only_the_ion_and_host_anions(phase, host, ion):
    s = phase_state(phase, host_roles(host, ion))
    assert s is not None and s.byproduct and not s.elemental
    assert oxidation_state(phase, host, ion) is None  # no redox element to give a state to


def test_byproducts_ordered_by_ion_content():
    roles = host_roles("Bi2S3", "Na")
    assert phase_state("NaxS", roles).ion_per_redox < phase_state("Na2S", roles).ion_per_redox


@pytest.mark.parametrize("phase, host, ion", [
    ("hard carbon", "Bi2S3", "Na"),  # not a formula
    ("Bi", "hard carbon", "Na"),  # host not a formula
    ("Bi", "Bi2S3", None),  # ion unknown
    ("Bi", "Bi2S3", "Xx"),
    ("Al2O3", "Co3O4", "Mg"),  # shares no redox element with the host (a coating)
    ("Cu3Sb", "Bi2S3", "Na"),
    ("Na", "Bi2S3", "Na"),  # the ion metal itself (plating)
    ("NaF", "Bi2S3", "Na"),  # F is not an anion of this host: an SEI salt, not a by-product
    ("Na+", "Bi2S3", "Na"),  # a charged species is no phase
    ("", "Bi2S3", "Na"),
])
def test_unparseable_or_unrelated_gives_none(phase, host, ion):
    assert phase_state(phase, host_roles(host, ion)) is None
    assert oxidation_state(phase, host, ion) is None


def test_host_that_is_the_ion_has_no_roles():
    assert host_roles("Na", "Na") is None and host_roles(None, "Na") is None


@pytest.mark.parametrize("ion, el", [("Na", "Na"), ("Li-S", "Li"), ("Na-O2", "Na"),
                                     ("K-O2", "K"), ("sodium", "Na"), ("Zn", "Zn"),
                                     ("Al", "Al"), ("Na+", "Na"), ("", None), (None, None),
                                     ("Fe", None)])
def test_ion_element(ion, el):
    assert ion_element(ion) == el


def test_composition_tries_name_forms():
    assert composition("Bi2S3") is not None and composition("bismuth") is not None
    # a trailing element name is the element ("black phosphorus", "hard carbon")
    assert composition("hard carbon").elements == ("C",)
    assert composition("amorphous phase") is None and composition(None) is None
    assert composition("solid electrolyte interphase") is None
