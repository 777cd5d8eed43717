"""The pipeline's glue: lazily built spans, the lazily found anaphor, recognizer failures.

Invented sentences only.
"""
import dataclasses
import warnings

from kb.nlp import pipeline
from kb.nlp.mentions import SentenceMentions, find_anaphor
from kb.nlp.pipeline import analyze_block, get_nlp

TEXT = ("The Bi2S3 nanorods were cycled against Na metal. During sodiation NaxBi2S3 forms, "
        "then Na3Bi. These electrodes kept 500 mAh g−1 after 100 cycles.")


def _eager(doc, key, label):
    """doc.spans[key] as the components used to build it before it was lazy."""
    out = []
    for (base, _), found in zip(doc.user_data["kb_sentences"], doc.user_data["kb_" + key]):
        for m in found:
            span = doc.char_span(base + m.start, base + m.end, label=label(m), alignment_mode="expand")
            if span is not None:
                out.append(span)
    return [(s.start, s.end, s.label_) for s in out]


def test_lazy_spans_equal_the_eager_ones():
    doc = get_nlp()(TEXT)
    assert "materials" in doc.spans and "phases" in doc.spans
    got = {k: [(s.start, s.end, s.label_) for s in doc.spans[k]] for k in ("materials", "phases")}
    assert got["materials"] == _eager(doc, "materials", lambda m: "MATERIAL")
    assert got["phases"] == _eager(doc, "phases", lambda m: m.role or "PHASE")
    assert got["materials"] and got["phases"]
    assert doc.spans["materials"].name == "materials"
    assert doc.spans["materials"] is doc.spans["materials"]  # built once


def test_lazy_spans_survive_copy_and_items():
    doc = get_nlp()(TEXT)
    want = [(s.start, s.end, s.label_) for s in doc.spans["phases"]]
    fresh = get_nlp()(TEXT)  # nothing read yet: copy must build the groups on the copy
    copied = fresh.copy()
    assert [(s.start, s.end, s.label_) for s in copied.spans["phases"]] == want
    other = get_nlp()(TEXT)
    assert {k: len(v) for k, v in other.spans.items()} == {
        "materials": len(doc.spans["materials"]), "phases": len(want)}
    other = get_nlp()(TEXT)
    assert [len(g) for g in other.spans.values()] == [len(doc.spans["materials"]), len(want)]


def test_anaphor_found_on_first_read_equals_a_given_one():
    sents = analyze_block("We made SnO2. These electrodes were cycled. The film cracked. We stopped.")
    assert [s.mentions.anaphor for s in sents] == [None, "electrodes", "film", None]
    assert [s.mentions.anaphor for s in sents] == [find_anaphor(s.text) for s in sents]
    assert dataclasses.asdict(sents[1].mentions)["anaphor"] == "electrodes"
    given = SentenceMentions(anaphor="anode")
    given.defer_anaphor("These films")  # a given value wins
    assert given.anaphor == "anode"
    assert SentenceMentions().anaphor is None
    sm = sents[2].mentions
    assert sm == SentenceMentions(sm.materials, sm.phases, sm.techniques, sm.mechanisms, sm.phenomena,
                                  sm.capacities, sm.ions, anaphor="film")


def test_a_failing_recognizer_costs_its_own_type_only(monkeypatch):
    def boom(text):
        raise RuntimeError("invented failure")

    fakes = dict(pipeline.recognizers())
    capacities = fakes["capacities"]

    def as_tuple(text):
        return tuple(capacities(text))

    fakes["mechanisms"] = boom
    fakes["capacities"] = as_tuple
    monkeypatch.setattr(pipeline, "recognizers", lambda: fakes)
    monkeypatch.setattr(pipeline, "_WARNED", set())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        sents = analyze_block("The SnS2 anode shows conversion and delivers 500 mAh g−1 in SIBs.")
    sm = sents[0].mentions
    assert sm.mechanisms == []
    assert type(sm.capacities) is list and [c.value for c in sm.capacities] == [500.0]
    assert [i.ion for i in sm.ions] == ["Na"]
    assert any("mechanisms recognizer failed" in str(w.message) for w in caught)
