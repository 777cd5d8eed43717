"""The assembly's shortcuts give exactly what the full path gives (invented text only)."""
import pytest

from kb.facts import assemble, extract_facts
from schemas.article import Abstract, Article, Caption, Paragraph, Section, SourceFormat
from schemas.fact import Evidence, Fact, FactType

PARAGRAPHS = [
    # a named material, then sentences with nothing, an ion only, a pointing-back word
    "The FeS2 nanosheets were tested as the anode of SIBs. The cell was assembled in a glove box. "
    "Na+ ions were used. These electrodes show conversion during the first cycle. "
    "Nothing was changed. Then Na2S formed at 0.5 V.",
    # phases one, two and three sentences after the last named material (state.age)
    "The SnO2 anode was cycled in LIBs. It was kept at rest. It was kept again. Li2O and Sn formed. "
    "The cell rested. The cell rested again. The cell rested once more. Li2O was detected by XRD.",
    # similar phenomena copied after a sentence without mentions
    "The CoS2 film shows a large volume expansion. The test was repeated. "
    "Similar phenomena were observed in NiS2 and FeSe2 nanosheets. The MoS2 film cracked. "
    "Similar results were observed in WS2 nanotubes.",
    # background and own-work sentences about the main material, no material named
    "It is well known that conversion anodes crack. In this work we observed intercalation. "
    "Previous studies reported alloying. The capacity was 450 mAh g−1 at 0.1 A g−1 after 100 cycles.",
]


def _article():
    return Article(id="g1", source_path="g1.txt", source_format=SourceFormat.WILEY_XML, doi="10.1/g",
                   title="FeS2 nanosheets as a sodium-ion battery anode",
                   abstracts=[Abstract(paragraphs=[Paragraph(text="We report FeS2 nanosheets as the anode "
                                                             "of sodium-ion batteries. FeS2 cycles well.")])],
                   sections=[Section(title="Introduction", paragraphs=[Paragraph(text=PARAGRAPHS[3])]),
                             Section(title="Results", paragraphs=[Paragraph(text=p) for p in PARAGRAPHS])],
                   captions=[Caption(label="Fig. 1", text="a) XRD of FeS2; b) TEM of the FeS2 film; "
                                                          "c) CV curves.", section="Results")])


def _dump(facts):
    return [f.model_dump(mode="json") for f in facts]


def test_sentences_that_cannot_yield_are_skipped_without_changing_anything(monkeypatch):
    fast = _dump(extract_facts(_article()))
    monkeypatch.setattr(assemble, "_can_yield", lambda sm, explicit: True)
    full = _dump(extract_facts(_article()))
    assert fast == full
    assert len(full) > 10


def test_can_yield_needs_a_named_material_or_a_fact_mention():
    from kb.nlp.mentions import IonMention, SentenceMentions, TechniqueMention
    ion_only = SentenceMentions(ions=[IonMention(0, 3, "Na+", "Na")])
    assert not assemble._can_yield(ion_only, [])
    assert assemble._can_yield(SentenceMentions(techniques=[TechniqueMention(0, 3, "XRD", "XRD")]), [])
    assert assemble._can_yield(ion_only, [object()])


@pytest.mark.parametrize("span", [None, "mention"])
def test_fact_built_in_one_validation_equals_the_model_built_one(span):
    from kb.facts.subjects import Subject
    from kb.nlp.mentions import CapacityMention
    from kb.nlp.pipeline import AnalyzedSentence
    from kb.nlp.mentions import SentenceMentions
    s = AnalyzedSentence("It delivers 500 mAh g−1.", 0, SentenceMentions())
    m = CapacityMention(12, 23, "500 mAh g−1", 500.0, "mAh/g") if span else None
    got = assemble._fact(FactType.CAPACITY, Subject("FeS2", "FeS2", "main"), "Na", "Results", s, "p1",
                         None, m, 0.45, value=500.0, unit="mAh/g", kind="other", current=None,
                         cycles=None, retention_percent=None)
    want = Fact(paper="p1", type=FactType.CAPACITY, material="FeS2", ion="Na", doi=None,
                evidence=Evidence(paper="p1", section="Results", sentence=s.text,
                                  start=m.start if m else None, end=m.end if m else None,
                                  extractor=assemble.EXTRACTOR, confidence=0.45),
                value=500.0, unit="mAh/g", kind="other", current=None, cycles=None, retention_percent=None)
    assert got == want
    assert got.model_dump(mode="json") == want.model_dump(mode="json")
    assert got.model_fields_set == want.model_fields_set
    assert got.evidence.model_fields_set == want.evidence.model_fields_set
    assert type(got.evidence) is Evidence


CONSTITUENT_EXAMPLES = ["rich in", "Enriched with", "enriched in", "5 %", "3 at.%", "2 at%", "7 wt.%",
                        "ratio of", "Ratios of the", "contents of", "concentration of", "fractions of both",
                        "proportions of", "distribution of", "signals of", "intensity of",
                        "INTENSITIES OF", "gradients of"]
CARBON_EXAMPLES = ["conductivity", "coated", "integrated", "supported", "matrix", "matrices", "skeleton",
                   "skeletons", "decorated", "hybridized", "hybridised", "wrapped", "anchored", "embedded",
                   "encapsulated", "loaded", "Coating", "EMBEDDING"]


@pytest.mark.parametrize("phrase", CONSTITUENT_EXAMPLES)
def test_constituent_gate_words_cover_every_alternative(phrase):
    from kb.facts import subjects
    window = f"the film is {phrase} Bi, Sb and"
    assert subjects._CONSTITUENT_BEFORE.search(window)
    assert subjects.may_match(window, subjects._CONSTITUENT_WORDS)


@pytest.mark.parametrize("word", CARBON_EXAMPLES)
def test_carbon_additive_gate_words_cover_every_alternative(word):
    from kb.facts import subjects
    text = f"The graphene {word} the WSe2 electrode."
    assert subjects._CARBON_ADDITIVE.search(text)
    assert subjects.may_match(text, subjects._CARBON_ADDITIVE_WORDS)


CANDIDATE_SENTENCES = [
    "The film is rich in Bi and Sb, while the WSe2 electrode stays intact.",
    "Atomic ratios of Bi and Sb were 1:2 in the BiSb anode.",
    "The 33 at.% Bi and 67% Sb alloy anode was cycled.",
    "Graphene improves the conductivity of the WSe2 electrode and the rGO sheets.",
    "Graphene and WSe2 were tested as anodes.",
    "The SnO2, SnS2 and bare Sn anodes and the Na metal counter electrode were assembled.",
    "ſignals of Bi and Sb, then K and Na, in the BiSb anode.",
]


@pytest.mark.parametrize("text", CANDIDATE_SENTENCES)
def test_candidates_with_and_without_the_word_gates_agree(text, monkeypatch):
    from kb.facts import subjects
    from kb.nlp.pipeline import analyze_block
    gated = [[(m.name, k, r) for m, k, r in subjects.sentence_candidates(s.text, s.mentions)]
             for s in analyze_block(text)]
    monkeypatch.setattr(subjects, "may_match", lambda text, words, *window: True)
    full = [[(m.name, k, r) for m, k, r in subjects.sentence_candidates(s.text, s.mentions)]
            for s in analyze_block(text)]
    assert gated == full
