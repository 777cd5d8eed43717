"""Entity resolution across papers: what merges, what must stay apart."""
from __future__ import annotations

import pytest

from kb.store import Store
from kb.store.resolution import name_form
from kbstore_helpers import article, fact, processed


def _store_with(tmp_path, names_per_paper: list[list[str]], fname="kb.sqlite") -> Store:
    st = Store.open(tmp_path / fname)
    for i, names in enumerate(names_per_paper):
        pid = f"p{i}"
        sents = [f"We studied {n} as an anode in test {i}-{j}." for j, n in enumerate(names)]
        facts = [fact(pid, "material", n, s, role="anode", ion="Na") for n, s in zip(names, sents)]
        st.write_paper(processed(article(pid, {"Results": [" ".join(sents)]}), facts))
    st.refresh_entities()
    return st


MERGES = [
    ("Bi0.33Sb0.67", "Sb0.67Bi0.33"),
    ("Na₂S", "Na2S"),
    ("bismuth sulfide", "Bi2S3"),
    ("hard-carbon", "hard carbon"),
    ("Hard Carbons", "hard carbon"),
    ("carboxymethyl celulose", "carboxymethyl cellulose"),  # typo: fuzzy, long plain name
    ("FeS2 nanotubes", "FeS2"),
]
APART = [
    ("MoS2", "MoSe2"),
    ("SnO", "SnO2"),
    ("Bi", "Bi2S3"),
    ("graphene oxide", "graphite oxide"),
    ("reduced graphene oxide", "reduced graphite oxide"),
    ("P2-type layered oxide", "P3-type layered oxide"),
    ("WSSe@CPCS", "WSSe"),
]


@pytest.mark.parametrize("a,b", MERGES)
def test_merges_across_papers(tmp_path, a, b):
    with _store_with(tmp_path, [[a], [b]]) as st:
        ents = set(st.facts()["entity"])
        assert len(ents) == 1, ents
        assert st.resolve_material(a) == st.resolve_material(b) == ents.pop()
        assert st.stats()["materials"] == 1


@pytest.mark.parametrize("a,b", APART)
def test_distinct_materials_stay_apart(tmp_path, a, b):
    with _store_with(tmp_path, [[a], [b]]) as st:
        assert len(set(st.facts()["entity"])) == 2
        assert st.resolve_material(a) != st.resolve_material(b)


def test_display_name_is_most_frequent_written_form(tmp_path):
    with _store_with(tmp_path, [["bismuth sulfide"], ["Bi2S3"], ["Bi2S3"], ["S3Bi2"]]) as st:
        assert set(st.facts()["entity"]) == {"Bi2S3"}
        for spelling in ("bismuth sulfide", "Bi₂S₃", "S3Bi2", "bi2s3", "Bi2S3 nanorods"):
            assert st.resolve_material(spelling) == "Bi2S3", spelling
        assert len(st.facts(material="bismuth sulfide")) == 4


def test_resolution_independent_of_write_order(tmp_path):
    names = [["hard carbon"], ["Hard-Carbon"], ["hard carbons"], ["carboxymethyl celulose"],
             ["carboxymethyl cellulose"], ["Bi2S3"], ["bismuth sulfide"]]
    a = _store_with(tmp_path, names, "a.sqlite")
    b = _store_with(tmp_path, names[::-1], "b.sqlite")
    with a, b:
        fa = a.facts().set_index("material")["entity"].sort_index()
        fb = b.facts().set_index("material")["entity"].sort_index()
        assert fa.equals(fb)


def test_unknown_and_closest(tmp_path):
    with _store_with(tmp_path, [["MoS2", "SnO2", "hard carbon"]]) as st:
        assert st.resolve_material("MoSe2") is None
        assert st.resolve_material("soft carbon") is None
        assert st.closest_materials("MoSe2")[0] == "MoS2"


def test_user_alias_without_rebuild(tmp_path):
    with _store_with(tmp_path, [["Bi2S3"], ["BS nanorods"]]) as st:
        assert st.resolve_material("BS nanorods") == "BS nanorods"
        st.add_alias("BS nanorods", "bismuth sulfide")
        assert set(st.facts()["entity"]) == {"Bi2S3"}
        with Store.open(st.path, readonly=True) as ro:  # another process sees it at once
            assert ro.resolve_material("bs nanorods") == "Bi2S3"


def test_name_form():
    assert name_form("Hard-Carbons") == name_form("hard carbon") == "hard carbon"
    assert name_form("glass") == "glass"
