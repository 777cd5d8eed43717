"""Reaction pathways ordered by chemistry (kb.graph.pathway): every example is a
hand-made phase list in scrambled stated order, as papers state them (abstract
names the final product first, introduction cites other work)."""
from __future__ import annotations

import pytest

from kb.graph import pathway
from kb.graph.pathway import Step


def _path(host, ion, phases):
    """phases: (role, stated order, phase) -> rendered pathway."""
    items = [(role, order, ph, i) for i, (role, order, ph) in enumerate(phases)]
    return pathway.render(host, pathway.steps(items, host=host, ion=ion))


def _names(st):
    return [[p for p, _ in s] for s in st]


@pytest.mark.parametrize("host, ion, phases, expected", [
    ("SnO2", "Li", [("product", 1, "Li22Sn5"), ("intermediate", 2, "LixSn"),
                    ("product", 3, "Li2O"), ("intermediate", 4, "Sn")],
     "SnO2 -> Sn + Li2O -> LixSn -> Li22Sn5"),
    ("SnO2", "Li", [("product", 1, "Li4.4Sn"), ("intermediate", 2, "Sn"),
                    ("intermediate", 2, "Li2O"), ("product", 5, "Li22Sn5")],
     "SnO2 -> Sn + Li2O -> Li4.4Sn/Li22Sn5"),  # the same state written two ways
    ("Sn", "Na", [("product", 1, "Na15Sn4"), ("intermediate", 2, "NaSn"),
                  ("intermediate", 3, "NaxSn")],
     "Sn -> NaxSn -> NaSn -> Na15Sn4"),
    ("Sb", "Na", [("product", 1, "Na3Sb"), ("intermediate", 2, "NaxSb")],
     "Sb -> NaxSb -> Na3Sb"),
    ("P", "Na", [("product", 1, "Na3P"), ("intermediate", 2, "NaxP")],
     "P -> NaxP -> Na3P"),
    ("FeS2", "Na", [("product", 1, "Na2S"), ("product", 2, "Fe"),
                    ("intermediate", 3, "NaxFeS2")],
     "FeS2 -> NaxFeS2 -> Fe + Na2S"),
    ("MoS2", "Na", [("product", 1, "Mo"), ("product", 1, "Na2S"),
                    ("intermediate", 2, "NaxMoS2")],
     "MoS2 -> NaxMoS2 -> Mo + Na2S"),
    ("CuO", "Na", [("product", 1, "Na2O"), ("product", 2, "Cu"),
                   ("intermediate", 3, "Cu2O")],
     "CuO -> Cu2O -> Cu + Na2O"),
    ("Sb2S3", "Na", [("product", 1, "Na3Sb"), ("product", 2, "Na2S"),
                     ("intermediate", 3, "Sb"), ("intermediate", 4, "NaxSb2S3")],
     "Sb2S3 -> NaxSb2S3 -> Sb + Na2S -> Na3Sb"),
    ("Sb2Se3", "Na", [("product", 1, "Na3Sb"), ("intermediate", 2, "NaSb"),
                      ("product", 3, "Na2Se"), ("intermediate", 4, "Sb"),
                      ("intermediate", 5, "NaxSb2Se3")],
     "Sb2Se3 -> NaxSb2Se3 -> Sb + Na2Se -> NaSb -> Na3Sb"),
    ("α-MoO3", "Na", [("product", 1, "Na2O"), ("product", 2, "Mo"),
                      ("intermediate", 3, "NaMoO2"), ("intermediate", 4, "NaxMoO3")],
     "α-MoO3 -> NaxMoO3 -> NaMoO2 -> Mo + Na2O"),
    ("S", "Li", [("product", 1, "Li2S"), ("intermediate", 2, "Li2S4"),
                 ("intermediate", 3, "Li2S8")],
     "S -> Li2S8 -> Li2S4 -> Li2S"),
    ("C", "K", [("product", 1, "KC8"), ("intermediate", 2, "KC16"),
                ("intermediate", 3, "KC24")],
     "C -> KC24 -> KC16 -> KC8"),  # fixed stages stay apart even when close
])
def test_forward_order_by_reduction(host, ion, phases, expected):
    assert _path(host, ion, phases) == expected


def test_bi2s3_sodiation_as_papers_state_it():
    # abstract: final products first; introduction: literature NaBiS2; results: NaxBi2S3
    phases = [("intermediate", 1, "NaBiS2"), ("intermediate", 2, "Bi"),
              ("product", 3, "Na2S"), ("product", 4, "Na3Bi"), ("intermediate", 5, "NaBi"),
              ("intermediate", 6, "NaxBi2S3"), ("product", 7, "NaxS"),
              ("reformed", 8, "Bi2S3"), ("reformed", 2, "Bi"), ("sei", 9, "NaF")]
    assert _path("Bi2S3", "Na", phases) == \
        "Bi2S3 -> NaxBi2S3/NaBiS2 -> Bi + NaxS/Na2S -> NaBi -> Na3Bi (reverse: Bi -> Bi2S3)"
    items = [(r, o, p, i) for i, (r, o, p) in enumerate(phases)]
    st = pathway.steps(items, host="Bi2S3", ion="Na")
    assert all(isinstance(s, Step) for s in st)
    assert [s.backward for s in st] == [False] * 4 + [True] * 2
    assert st[0].groups == [["NaxBi2S3", "NaBiS2"]] and st[0].state == pytest.approx(3, abs=0.1)
    assert st[1].groups == [["Bi"], ["NaxS", "Na2S"]] and st[1].byproducts == {"NaxS", "Na2S"}
    assert [p for p, _ in st[1]] == ["Bi", "NaxS", "Na2S"]  # plain iteration still works
    assert "NaF" not in {p for s in st for p, _ in s}  # interphase: not a step
    tr = pathway.transitions(st)
    assert ("NaBiS2", "Bi") in tr and ("Bi", "NaBi") in tr and ("NaBi", "Na3Bi") in tr
    assert not any(a in ("Na2S", "NaxS") for a, _ in tr)  # by-products are not reduced further
    assert ("NaxBi2S3", "NaBiS2") not in tr  # alternatives of one stage
    assert ("Na3Bi", "Bi") in tr and ("Bi", "Bi2S3") in tr  # into and along the reverse


def test_byproduct_without_elemental_stage_follows_last_stage_at_or_above_zero():
    assert _path("SnO2", "Na", [("product", 1, "NaxSn"), ("product", 2, "Na2O"),
                                ("product", 3, "Na15Sn4")]) == \
        "SnO2 -> Na2O -> NaxSn -> Na15Sn4"
    assert _path("Bi2S3", "Na", [("product", 1, "Na3Bi"), ("product", 1, "Na2S"),
                                 ("intermediate", 2, "NaBiS2")]) == \
        "Bi2S3 -> NaBiS2 -> Na2S -> Na3Bi"


def test_reverse_segment_in_charge_order():
    phases = [("product", 1, "Na3Bi"), ("intermediate", 2, "Bi"), ("intermediate", 2, "Na2S"),
              ("reformed", 3, "Bi2S3"), ("reformed", 4, "NaBi"), ("reformed", 5, "Bi")]
    # a phase may appear in both directions: it forms on discharge and again on charge
    assert _path("Bi2S3", "Na", phases) == \
        "Bi2S3 -> Bi + Na2S -> Na3Bi (reverse: NaBi -> Bi -> Bi2S3)"


def test_cathode_oxidised_first_is_ascending():
    assert _path("LiFePO4", "Li", [("product", 1, "FePO4"), ("intermediate", 2, "Li0.5FePO4")]) \
        == "LiFePO4 -> Li0.5FePO4 -> FePO4"


def test_same_phase_once_per_segment_with_earliest_payload():
    items = [("product", 1, "Na3Bi", "a"), ("intermediate", 4, "Na3Bi", "b"),
             ("intermediate", 2, "Bi", "c")]
    st = pathway.steps(items, host="Bi2S3", ion="Na")
    assert _names(st) == [["Bi"], ["Na3Bi"]]
    assert st[1][0][1] == "b"  # intermediate before product, as before


# ---------------------------------------------------------------------------- fallback
def test_no_host_or_ion_falls_back_to_role_then_stated_order():
    items = [("intermediate", 2, "Bi", 1), ("sei", 5, "NaF", 2), ("product", 1, "Na3Bi", 3),
             ("intermediate", 1, "NaxBi2S3", 4), ("intermediate", 2, "Na2S", 5),
             ("reformed", 6, "Bi2S3", 7), ("intermediate", None, "NaBi", 8)]
    for kw in ({}, {"host": "Bi2S3"}, {"host": "Bi2S3", "ion": None},
               {"host": "Bi2S3", "ion": "unknown"}, {"host": "hard stuff", "ion": "Na"}):
        st = pathway.steps(items, **kw)
        assert pathway.render("Bi2S3", st) == \
            "Bi2S3 -> NaxBi2S3 -> Bi + Na2S -> NaBi -> Na3Bi (reverse: Bi2S3)", kw
        assert all(s.state is None for s in st)
    assert pathway.steps([]) == [] and pathway.render("X", []) == "X"


def test_uncomputable_phases_keep_their_place_by_role():
    phases = [("product", 1, "Na3Bi"), ("intermediate", 2, "amorphous phase"),
              ("intermediate", 3, "Bi"), ("product", 4, "Cu3Sb"), ("intermediate", 5, "NaxBi2S3")]
    # the unknown intermediate comes before the first stage holding a product,
    # the unknown product (no element shared with the host) at the end of the forward path
    assert _path("Bi2S3", "Na", phases) == \
        "Bi2S3 -> NaxBi2S3 -> Bi -> amorphous phase -> Na3Bi -> Cu3Sb"


def test_unknown_host_keeps_every_phase():
    phases = [("product", 1, "KC8"), ("intermediate", 2, "KC24"), ("intermediate", 3, "KC16")]
    assert _path("porous graphitic foam", "K", phases) == \
        "porous graphitic foam -> KC24 -> KC16 -> KC8"


def test_only_byproducts_use_stated_order():
    assert _path("Co3O4", "Mg", [("product", 2, "MgO"), ("product", 1, "Al2O3")]) == \
        "Co3O4 -> Al2O3 -> MgO"


def test_no_phase_dropped_or_crash_on_odd_input():
    odd = [(None, None, "Bi", 1), ("product", None, "Na3Bi", 2), ("intermediate", 1, "", 3),
           ("weird", 1, "X", 4), ("product", 2, "Na+", 5), ("product", 3, "NaBi", 6),
           ("intermediate", 0, "NaxBi2S3", 7)]
    st = pathway.steps(odd, host="Bi2S3", ion="Na")
    names = [p for s in st for p, _ in s]
    assert sorted(names) == sorted(["Bi", "Na3Bi", "Na+", "NaBi", "NaxBi2S3"])
    assert names[:4] == ["NaxBi2S3", "Bi", "NaBi", "Na3Bi"]


def test_plain_lists_still_render():
    assert pathway.render("A", [[("B", 1), ("C", 2)], [("D", 3)]]) == "A -> B + C -> D"
    assert pathway.render(None, [[("B", 1)], [("D", 3)]], arrow=" → ") == "B → D"
    assert pathway.transitions([[("B", 1), ("C", 2)], [("D", 3)]]) == [("B", "D"), ("C", "D")]
