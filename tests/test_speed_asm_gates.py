"""Word gates and merged scans of the assembly answer as the full scans do (invented text only)."""
import pytest

from kb.facts import subjects
from kb.nlp import mentions

HEADS = ["anode", "anodes", "cathode", "cathodes", "electrode", "electrodes", "material", "materials",
         "compound", "compounds", "sample", "samples", "composite", "composites", "nanorod", "nanorods",
         "nanowire", "nanowires", "nanosheet", "nanosheets", "nanotube", "nanotubes", "nanoparticle",
         "nanoparticles", "host", "hosts", "system", "systems", "hybrid", "hybrids", "structure",
         "structures", "architecture", "architectures", "heterostructure", "heterostructures", "crystal",
         "crystals", "film", "films"]


@pytest.mark.parametrize("head", HEADS + [h.upper() for h in HEADS[::7]])
def test_anaphor_gate_words_cover_every_head_noun(head):
    text = f"After cycling, these pristine {head} were washed."
    assert mentions.ANAPHOR.search(text)
    assert mentions._may_have_anaphor(text)
    assert mentions.find_anaphor(text) == head.lower()


@pytest.mark.parametrize("text", ["The cell was cycled at 0.1 A/g.", "We measured it twice.",
                                  "Such results were reproducible.", "This \u212anife-edge test."])
def test_anaphor_gate_gives_the_full_scan_answer(text):
    m = mentions.ANAPHOR.search(text)
    assert mentions.find_anaphor(text) == (m.group(1).lower() if m else None)


def test_folding_letters_always_open_the_anaphor_gate():
    # re.I matches the Kelvin sign and the long s as k / s; str.lower() does not fold them
    assert mentions._may_have_anaphor("these \u212a\u017f")


WINDOW_TEXTS = ["The SnO2 counter electrode and the Na metal were assembled.",
                "Atomic ratios of Bi and Sb were 33 at.% in the film.",
                "\u0130n the CONTENT of Bi, both samples",  # dotted capital I: lower() grows the text
                "A \u017fample with the \u212a counter",
                "Both FeS2 films, the two SnS2 samples"]


@pytest.mark.parametrize("text", WINDOW_TEXTS)
@pytest.mark.parametrize("words", [subjects._COUNTER_WORDS, subjects._CONSTITUENT_WORDS, ("both", "two"),
                                   subjects._ROLE_WORDS])
def test_windowed_gate_never_rules_out_what_the_sliced_gate_allows(text, words):
    for a in range(0, len(text) + 1, 3):
        for b in range(a, len(text) + 8, 5):
            window = text[a:b]
            sliced = any(w in window.lower() for w in words) \
                or any(c in window for c in subjects._FOLD_SPECIAL)
            got = subjects.may_match(text, words, a, b)
            assert got or not sliced
            if not any(c in text for c in subjects._FOLD_SPECIAL):
                assert got == sliced


AFTER = [" counterpart", " analogues", "-doped carbon", "‐derived carbon", " additions", " doping",
         " EQUIVALENT", "-Coated", " layer", " anode", "", " , counterpart"]


@pytest.mark.parametrize("tail", AFTER)
def test_merged_after_scan_matches_exactly_when_one_of_the_three_does(tail):
    text = "We compare FeS2" + tail + " here."
    pos = len("We compare FeS2")
    three = any(p.match(text, pos) for p in (subjects._REFERENCE_AFTER, subjects._MODIFIER_AFTER,
                                              subjects._ADDITIVE_AFTER))
    assert bool(subjects._NOT_SUBJECT_AFTER.match(text, pos)) == three


@pytest.mark.parametrize("text", ["The SnO2 and SnS2 anodes and the Na metal counter electrode.",
                                  "Bi and Sb contents of the BiSb film were measured.",
                                  "The MoS2 reference electrode.", "FeS2 without any gate word."])
def test_last_role_word_is_the_lower_case_search(text):
    low = text.lower()
    assert subjects._last_role_word(text) == max(low.rfind("ode"), low.rfind("lyte"))


BATTERY = ["anode", "Cathodes", "electrode", "electrolytes", "battery", "batteries", "SIB", "LIBs", "pib",
           "NIBs", "sodiated", "Lithiation", "potassiation", "capacity", "cycled", "intercalated", "alloying",
           "conversion", "in situ", "In\tSitu", "operando", "charged", "discharge", "storage", "half-cell",
           "full cells", "similar results", "Similar behaviours", "studied", "investigation", "reported",
           "explored", "examined", "probed", "revealed", "demonstrated"]


@pytest.mark.parametrize("phrase", BATTERY)
def test_battery_gate_covers_every_branch(phrase):
    from kb.facts import assemble
    text = f"The FeS2 powder was {phrase} here."
    assert assemble._BATTERY.search(text)
    assert assemble._about_batteries(text)


BACKGROUND = ["previous studies", "Prior works", "earlier report", "et al", "Et  Al", "has been predicted",
              "have reported", "has been proposed", "have suggested", "has been shown", "have demonstrated",
              "is often", "are usually", "is commonly", "are generally", "is typically", "are widely",
              "Generally", "typically", "in general", "it is known", "it is well known", "are known to",
              "will then undergo", "will undergo"]


@pytest.mark.parametrize("phrase", BACKGROUND)
def test_background_gate_covers_every_branch(phrase):
    from kb.facts import assemble
    text = f"Moreover, FeS2 {phrase} something."
    assert assemble._BACKGROUND.search(text)
    assert assemble._background(text)


@pytest.mark.parametrize("text", ["The FeS2 powder was weighed.", "Grains grew bigger.", "A \u212anown film",
                                  "The LIBS spectrum", "The SIBs cycled", "Kim et alia"])
def test_battery_and_background_gates_give_the_full_scan_answer(text):
    from kb.facts import assemble
    assert assemble._about_batteries(text) == bool(assemble._BATTERY.search(text))
    assert assemble._background(text) == bool(assemble._BACKGROUND.search(text))


def test_sentence_mentions_of_sentence_is_the_initialised_object():
    import dataclasses
    from kb.nlp.mentions import IonMention, SentenceMentions, TechniqueMention
    text = "These electrodes of FeS2 were studied by XRD in Na cells."
    lists = ([], [], [TechniqueMention(41, 44, "XRD", "XRD")], [], [], [], [IonMention(48, 50, "Na", "Na")])
    want = SentenceMentions(*lists)
    want.defer_anaphor(text)
    got = SentenceMentions.of_sentence(text, *lists)
    assert type(got) is SentenceMentions
    assert got.__dict__ == want.__dict__  # nothing found yet: the anaphor is searched on first read
    assert got == want and dataclasses.asdict(got) == dataclasses.asdict(want)
    assert got.anaphor == "electrodes" and got.__dict__ == want.__dict__
    assert repr(got) == repr(want)
