"""When a sentence that names no material is about the materials named before it.

Invented sentences; the fake recognizers of test_facts_assembly stand in for the real ones
(techniques XRD/TEM, the mechanism "conversion", "N mAh g−1" capacities, "N%" efficiencies).
Articles without a title or abstract have no main material, as a review.
"""
import pytest
from test_facts_assembly import article, fake_recognizers, records  # noqa: F401

from kb.facts import analyze_article, extract_facts
from kb.facts.context import build_context

FILLER = "The cell was rebuilt. The separator was replaced. "


def _materials(paragraph, ftype, **kw):
    return sorted({r["material"] for r in records(extract_facts(article([paragraph], **kw)), ftype)})


def test_articles_here_have_no_main_material():
    abbrevs: dict = {}
    title, blocks = analyze_article(article(["The CoS2 nanosheets were cycled in SIBs. " + FILLER]), abbrevs)
    assert build_context(title, blocks, abbrevs).main_key is None


def test_pronoun_right_after_the_material_points_back():
    text = "The CoS2 nanosheets were cycled in SIBs. Their capacity is 500 mAh g−1."
    assert _materials(text, "capacity") == ["CoS2"]


def test_pronoun_far_from_the_material_in_a_review_does_not_point_back():
    text = "The CoS2 nanosheets were cycled in SIBs. " + FILLER + "Their capacity is 500 mAh g−1."
    assert _materials(text, "capacity") == []


def test_weak_pointer_far_from_the_material_in_a_review_does_not_point_back():
    text = "The CoS2 nanosheets were cycled in SIBs. " + FILLER + "The electrode was studied by TEM."
    assert _materials(text, "technique") == []


def test_demonstrative_on_a_material_noun_reaches_over_the_paragraph():
    text = "The CoS2 nanosheets were cycled in SIBs. " + FILLER + "These nanosheets deliver 500 mAh g−1."
    assert _materials(text, "capacity") == ["CoS2"]


def test_far_pronoun_still_points_back_in_a_paper_about_its_own_samples():
    text = "The FeSe2 and CoS2 films were cycled in SIBs. " + FILLER + "Their capacity is 500 mAh g−1."
    got = _materials(text, "capacity", title="CoS2 films for SIBs",
                     abstract=["CoS2 films are anodes for SIBs. CoS2 shows conversion."])
    assert got == ["FeSe2"]  # one value: the first of the carried materials


@pytest.mark.parametrize("generic", [
    "Generally, they show conversion in the first cycle.",
    "Like many other electrodes, they show conversion in the first cycle.",
    "When alloying-type anodes are used in SIBs, they show conversion in the first cycle.",
    "It is well known that the electrode shows conversion in the first cycle.",
])
def test_statement_about_a_class_of_materials_or_a_general_truth_is_not_carried(generic):
    assert _materials("The NiO anode was cycled in SIBs. " + generic, "mechanism") == []


@pytest.mark.parametrize("specific", [
    "Clearly, they show conversion in the first cycle.",
    "Like many other electrodes, these anodes show conversion in the first cycle.",
])
def test_specific_statement_or_strong_pointer_is_carried(specific):
    assert _materials("The NiO anode was cycled in SIBs. " + specific, "mechanism") == ["NiO"]


@pytest.mark.parametrize("sentence, carried", [
    ("For both the ORR and the OER, catalysts are studied by TEM.", []),
    ("Both were studied by TEM.", ["CoO", "NiO"]),
    ("The two-phase boundary was studied by TEM.", []),
    ("The two were studied by TEM.", ["CoO", "NiO"]),
    ("The electrolytes differ from those in real cells, as TEM shows.", []),
    ("Those were studied by TEM.", ["CoO", "NiO"]),
    ("These holders were studied by TEM.", []),
    ("These particles were studied by TEM.", ["CoO", "NiO"]),
])
def test_words_that_only_look_like_pointers(sentence, carried):
    assert _materials("The NiO and CoO anodes were cycled in SIBs. " + sentence, "technique") == carried


@pytest.mark.parametrize("sentence, hosts", [
    ("Na metal clusters grew on the carbon in SIBs via conversion.", []),
    ("Li metal in LIBs showed conversion at the interface.", []),
    ("Sb particles in SIBs showed conversion at the interface.", ["Sb"]),
    ("Sn particles in SIBs showed conversion at the interface.", ["Sn"]),
])
def test_the_working_ions_own_metal_hosts_no_intercalation_conversion_or_alloying(sentence, hosts):
    assert _materials(sentence, "mechanism") == hosts


@pytest.mark.parametrize("sentence, subjects", [
    ("The Li3PS4 electrolyte stays stable against the Li metal in LIBs, as TEM shows.", ["Li3PS4"]),
    ("The compatibility of Li3PS4 with Li metal in LIBs was shown by TEM.", ["Li3PS4"]),
    ("The Li3PS4 electrolyte is more stable versus Li metal in LIBs by TEM.", ["Li3PS4"]),
    ("The Li metal anode in LIBs was imaged by TEM.", ["Li"]),
    ("The Li3PS4 electrolyte and the Li metal anode in LIBs were imaged by TEM.", ["Li", "Li3PS4"]),
])
def test_a_working_metal_named_as_what_a_material_meets_is_not_a_subject(sentence, subjects):
    assert _materials(sentence, "technique") == subjects


@pytest.mark.parametrize("sentence, subjects", [
    ("Instead of CoS2, the FeSe2 nanosheets showed conversion in SIBs.", ["FeSe2"]),
    ("Unlike CoS2, FeSe2 showed conversion in SIBs.", ["FeSe2"]),
    ("FeSe2 shows conversion at lower potential than CoS2 in SIBs.", ["FeSe2"]),
    ("FeSe2 and CoS2 showed conversion in SIBs.", ["CoS2", "FeSe2"]),
    ("Unlike before, CoS2 showed conversion in SIBs.", ["CoS2"]),
])
def test_the_reference_a_material_is_set_against_is_not_a_subject(sentence, subjects):
    assert _materials(sentence, "mechanism") == subjects


def test_a_reference_named_in_passing_is_not_a_subject_even_alone():
    # FACTS.md: reference compounds named in passing are not materials (see
    # test_facts_yardstick for the paper's own compared samples, which stay subjects)
    assert _materials("The capacity is higher than CoS2 in SIBs, with conversion.", "mechanism") == []


GATED = [
    ("_STRONG_POINTER", "_STRONG_WORDS", ["these electrodes", "This anode", "those films", "such hybrids",
                                          "both samples", "each nanowire", "the two materials",
                                          "all three composites", "THE FOUR HOSTS"]),
    ("_GENERIC", "_GENERIC_WORDS", ["various electrode materials", "many anodes", "other alloying based electrodes",
                                    "the same conversion type cathodes", "alloying-type elements",
                                    "conversion/alloying compounds", "intercalation hosts", "Generally",
                                    "in general", "Typically", "it is well known", "are known to"]),
]


@pytest.mark.parametrize("pattern, words, phrase", [(p, w, x) for p, w, xs in GATED for x in xs])
def test_assembly_gate_words_cover_every_alternative(pattern, words, phrase):
    from kb.facts import assemble, subjects
    text = f"Moreover, {phrase} show it."
    assert getattr(assemble, pattern).search(text)
    assert subjects.may_match(text, getattr(assemble, words))


@pytest.mark.parametrize("phrase", ["instead of", "Rather than the", "unlike", "in contrast to pristine",
                                    "Contrary to", "than bare"])
def test_contrast_gate_words_cover_every_alternative(phrase):
    from kb.facts import subjects
    text = f"FeSe2 works {phrase} "
    assert subjects._CONTRAST_BEFORE.search(text)
    assert subjects.may_match(text, subjects._CONTRAST_WORDS)


LABELLED = ("We made a porous SnS2 film (P-SnS2) and a dense SnS2 film (D-SnS2) for SIBs. "
            "The P-SnS2 and D-SnS2 films were cycled in SIBs. ")


def test_both_samples_of_a_labelled_material_are_the_labelled_samples():
    text = LABELLED + "Both SnS2 films were then studied by TEM."
    assert _materials(text, "technique") == ["D-SnS2", "P-SnS2"]


@pytest.mark.parametrize("text", [
    LABELLED + "The SnS2 powder was then studied by TEM.",  # no "both": the material itself
    "The SnS2 and SnSe2 films were cycled in SIBs. Both SnS2 films were then studied by TEM.",  # no labels
])
def test_without_both_or_without_labelled_samples_the_named_material_stays(text):
    assert _materials(text, "technique") == ["SnS2"]
