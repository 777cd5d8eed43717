"""kb ask: every documented pattern, its synonyms, and the ways a question can fail."""
from __future__ import annotations

import json

import pytest

import query_corpus
from kb.query.ask import PATTERNS, NoPattern, ask, match, suggest
from kb.query.filters import QueryError, UnknownMaterial, View
from kb.store import Store


@pytest.fixture(scope="module")
def view(tmp_path_factory):
    path = query_corpus.build(tmp_path_factory.mktemp("ask") / "kb.sqlite")
    st = Store.open(path, readonly=True)
    yield View(st)
    st.close()


def answers(view, q):
    return {(a["material"], a["ion"]) for a in ask(view, q).answers}


# --------------------------------------------------------------------------- mechanism + phenomenon
def test_conversion_anodes_irreversible_first_cycle(view):
    r = ask(view, "which conversion anodes show irreversible first cycles?")
    assert r.pattern == "mechanism_phenomenon"
    # FeS2 converts with K and loses capacity with Li: never both for one ion
    assert {(a["material"], a["ion"]) for a in r.answers} == {("Bi2S3", "Na")}
    a = r.answers[0]
    assert [p["doi"] for p in a["papers"]] == ["10.1000/q1"]
    sentences = [e["sentence"] for e in a["evidence"]]
    assert query_corpus.S["q1_irr"] in sentences
    assert query_corpus.S["q1_mech"] in sentences


@pytest.mark.parametrize("q", [
    "Which conversion-type anodes show irreversible capacity loss?",
    "which conversion type negative electrodes exhibit low initial Coulombic efficiency",
    "which conversion anodes suffer from an irreversible first cycle in sodium-ion batteries?",
    "which conversion anodes show irreversible first cycles in SIBs?",
    "which conversion anodes show irreversible first cycles during sodiation",
    "which conversion anodes show irreversible first cycles in Na batteries?",
])
def test_synonyms_reach_the_same_answer(view, q):
    assert answers(view, q) == {("Bi2S3", "Na")}


def test_alloying_anodes_crack_on_sodiation(view):
    # q2 states cracking without an ion: the paper's only ion (Na) applies
    assert answers(view, "which alloying anodes crack on sodiation?") == {("Sb", "Na")}
    assert answers(view, "which alloy-type anodes fracture?") == {("Sb", "Na")}


def test_same_ion_rule(view):
    # Bi2S3 cracks only with Li, and converts with Li and Na
    assert answers(view, "which conversion anodes crack?") == {("Bi2S3", "Li")}
    assert answers(view, "which conversion anodes crack in sodium-ion batteries?") == set()
    assert answers(view, "which conversion anodes crack during lithiation?") == {("Bi2S3", "Li")}


def test_role_excludes_cathodes_but_materials_include_them(view):
    assert answers(view, "which intercalation anodes show capacity fading?") == set()
    assert answers(view, "which intercalation cathodes show capacity fading?") == {("Na3V2(PO4)3", "Na")}
    assert answers(view, "which intercalation materials show capacity fading?") == {("Na3V2(PO4)3", "Na")}


def test_role_falls_back_to_other_ions(view):
    # q3 states no role for Bi2S3 with Li; q1 calls Bi2S3 an anode (Na)
    assert answers(view, "which cathodes show cracking?") == set()
    assert answers(view, "which anodes show cracking?") == {("Bi2S3", "Li"), ("Sb", "Na")}


def test_no_answer_is_a_message_not_an_error(view):
    r = ask(view, "which plating anodes show dendrite growth?")
    assert r.answers == [] and r.message.startswith("no answer")


def test_unknown_mechanism_names_the_vocabulary(view):
    with pytest.raises(QueryError, match="unknown mechanism 'magic'.*conversion"):
        ask(view, "which magic anodes show cracking?")


# --------------------------------------------------------------------------- capacity threshold
def test_capacity_threshold(view):
    r = ask(view, "which alloying anodes deliver more than 500 mAh/g?")
    assert r.pattern == "capacity_threshold"
    assert [a["material"] for a in r.answers] == ["Bi2S3", "Sb"]  # best capacity first
    assert r.answers[0]["best_capacity_mAh_g"] == 650
    # theoretical 625 never counts: nothing above 640 except the measured 650
    assert answers(view, "which anodes deliver more than 640 mAh/g") == {("Bi2S3", "Na")}
    assert answers(view, "which anodes deliver more than 650 mAh/g") == set()
    assert answers(view, "which anodes deliver at least 650 mAh/g") == {("Bi2S3", "Na")}
    assert answers(view, "which anodes deliver >= 650 mAh/g") == {("Bi2S3", "Na")}
    assert answers(view, "which anodes deliver > 650 mAh/g") == set()


def test_capacity_cycles_and_current(view):
    assert answers(view, "which anodes deliver more than 400 mAh/g after 150 cycles?") == \
        {("Bi2S3", "Na"), ("Sb", "Na")}
    assert answers(view, "which anodes deliver more than 500 mAh/g after 300 cycles?") == set()
    # 100 mA/g = 0.1 A/g
    assert answers(view, "which anodes deliver more than 500 mAh/g at 100 mA/g?") == \
        {("Bi2S3", "Na"), ("Sb", "Na")}
    assert answers(view, "which anodes deliver more than 200 mAh/g at 2 A/g in SIBs") == {("Bi2S3", "Na")}
    r = ask(view, "which conversion anodes deliver more than 500 mAh/g after 100 cycles at 0.1 A/g?")
    assert [a["material"] for a in r.answers] == ["Bi2S3"]
    assert query_corpus.S["q1_cap"] in [e["sentence"] for e in r.answers[0]["evidence"]]
    assert query_corpus.S["q1_theo"] not in [e["sentence"] for e in r.answers[0]["evidence"]]


# --------------------------------------------------------------------------- phases
def test_phases_in_order(view):
    r = ask(view, "what phases form when Bi2S3 is sodiated?")
    assert r.pattern == "phases_formed"
    assert len(r.answers) == 1 and r.answers[0]["ion"] == "Na"
    steps = [s["phase"] for s in r.answers[0]["pathway"]]
    assert steps == ["NaxBi2S3", "NaBiS2", "Na2S", "NaBi", "Na3Bi", "Bi2S3"]
    assert r.answers[0]["pathway"][-1]["role"] == "reformed"
    assert "NaxBi2S3/NaBiS2 → Na2S → NaBi → Na3Bi" in r.answers[0]["detail"]
    lith = ask(view, "what phases form when bismuth sulfide is lithiated?")
    assert [(a["material"], a["ion"]) for a in lith.answers] == [("Bi2S3", "Li")]
    assert [s["phase"] for s in lith.answers[0]["pathway"]] == ["Li2S"]


def test_phases_no_answer_for_other_ion(view):
    r = ask(view, "what phases form when Sb is potassiated?")
    assert r.answers == [] and "no phases" in r.message


# --------------------------------------------------------------------------- techniques
def test_techniques_for_material(view):
    r = ask(view, "which techniques were used to study Bi2S3?")
    assert r.pattern == "techniques_for_material"
    items = r.answers[0]["techniques"]
    assert {(i["technique"], i["mode"]) for i in items} == {("TEM", "in_situ"), ("XRD", "ex_situ")}
    assert query_corpus.S["q1_tem"] in [e["sentence"] for e in r.answers[0]["evidence"]]


def test_materials_by_technique(view):
    assert answers(view, "which materials were studied by TEM?") == {("Bi2S3", "Na"), ("Sb", "Na")}
    assert answers(view, "which materials were studied by transmission electron microscopy?") == \
        {("Bi2S3", "Na"), ("Sb", "Na")}
    assert answers(view, "which materials were studied by in situ TEM?") == {("Bi2S3", "Na")}
    assert answers(view, "which materials were characterized with X-ray diffraction") == {("Bi2S3", "Na")}
    assert answers(view, "which materials were studied by NMR?") == set()


def test_unknown_technique(view):
    with pytest.raises(QueryError, match="unknown technique"):
        ask(view, "which materials were studied by telepathy?")


# --------------------------------------------------------------------------- profile / compare / papers
def test_what_is_known(view):
    r = ask(view, "what is known about Sb?")
    assert r.pattern == "material_profile"
    (a,) = r.answers
    assert a["mechanisms"] == ["alloying"]
    assert a["phenomena"] == ["cracking", "volume_expansion"]
    assert a["best_capacity"].startswith("580 mAh/g")
    assert {e["sentence"] for e in a["evidence"]} >= {query_corpus.S["q2_crack"], query_corpus.S["q2_mech"]}


def test_compare(view):
    r = ask(view, "compare Bi2S3 and Sb")
    assert r.pattern == "compare"
    assert {a["material"] for a in r.answers} == {"Bi2S3", "Sb"}
    comp = r.extra["comparison"]
    assert comp["mechanisms"]["shared"] == ["alloying"]
    assert "conversion" in comp["mechanisms"]["Bi2S3"]
    assert comp["phenomena"]["Sb"] == ["volume_expansion"]
    with pytest.raises(QueryError, match="same material"):
        ask(view, "compare Bi2S3 and bismuth sulfide")


def test_papers_reporting_phenomenon(view):
    r = ask(view, "which papers report cracking in Bi2S3?")
    assert r.pattern == "papers_phenomenon_material"
    assert [(a["material"], a["ion"]) for a in r.answers] == [("Bi2S3", "Li")]
    assert [p["paper"] for p in r.answers[0]["papers"]] == ["q3_li"]
    assert r.answers[0]["evidence"][0]["sentence"] == query_corpus.S["q3_crack"]
    r = ask(view, "which papers report volume expansion of Sb?")
    assert r.answers[0]["values"] == ["293 %"]
    assert ask(view, "which papers report dendrites in Sb").answers == []


# --------------------------------------------------------------------------- failures
@pytest.mark.parametrize("q", [
    "what phases form when Bi2S4 is sodiated?",
    "what is known about Bi2S4?",
    "which techniques were used to study Bi2S4?",
])
def test_unknown_material_names_closest(view, q):
    with pytest.raises(UnknownMaterial) as e:
        ask(view, q)
    assert e.value.name == "Bi2S4"
    assert e.value.closest[0] == "Bi2S3"
    assert "closest: Bi2S3" in str(e.value)


@pytest.mark.parametrize("q", ["what's the weather in Paris?", "", "Bi2S3",
                               "how many cycles did the sodium anode survive"])
def test_no_pattern_gives_suggestions(view, q):
    with pytest.raises(NoPattern) as e:
        ask(view, q)
    assert 1 <= len(e.value.suggestions) <= 3
    templates = {p.template for p in PATTERNS}
    assert set(e.value.suggestions) <= templates


def test_suggestions_are_the_closest_patterns():
    assert suggest("which methods studied Bi2S3")[0] in (
        "which techniques were used to study <material>?",
        "which materials were studied by <technique>?")
    assert suggest("what happens when Sn is sodiated")[0].startswith("what phases form")


def test_every_example_matches_its_own_pattern():
    for p in PATTERNS:
        for ex in p.examples:
            hit = match(ex)
            assert hit is not None and hit[0].name == p.name, ex


def test_json_shape(view):
    r = ask(view, "which conversion anodes show irreversible first cycles?").to_json()
    text = json.dumps(r)
    back = json.loads(text)
    assert set(back) >= {"question", "pattern", "answers"}
    a = back["answers"][0]
    assert set(a) >= {"material", "ion", "papers", "evidence"}
    assert set(a["papers"][0]) == {"paper", "doi", "title"}
    assert set(a["evidence"][0]) == {"paper", "section", "sentence"}
