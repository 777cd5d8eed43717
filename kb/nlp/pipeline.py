"""The spaCy pipeline: blank English + our tokenizer rules + rule components.

One Doc per text block (paragraph, caption): the tokenizer runs once over the
block, ``kb_sentences`` marks boundaries from one regex pass, ``kb_materials``
and ``kb_phases`` run their regexes on each sentence's text and store typed
mentions per sentence in ``doc.user_data`` (``doc.spans`` shows them as Spans,
built on first read). The sentence recognizers of kb/nlp/recognizers (pure
functions over one sentence's text) are called from ``analyze_block`` so the
facts layer receives one ``SentenceMentions`` per sentence with offsets into
the sentence text, which is exactly the evidence string.

Speed: the facts path reads only the per-sentence lists, so everything around
the rule functions is kept to slicing the block text and building one
``SentenceMentions`` per sentence; Span objects and the anaphor search are made
only when somebody reads them.
"""
from __future__ import annotations

import importlib
import warnings
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, SpanGroup

from kb.nlp import materials as material_rules
from kb.nlp import phases as phase_rules
from kb.nlp.mentions import ANAPHOR as _ANAPHOR  # noqa: F401  (kept importable from here)
from kb.nlp.mentions import SentenceMentions
from kb.nlp.sentences import kb_sentences  # noqa: F401  (registers the component)
from kb.nlp.tokenizer import customize_tokenizer

if not Doc.has_extension("kb_abbrevs"):
    Doc.set_extension("kb_abbrevs", default=None)
if not Doc.has_extension("kb_mentions"):
    Doc.set_extension("kb_mentions", default=None)


def block_text(doc: Doc) -> str:
    """The Doc's text; ``Doc.text`` re-joins every token, so it is read once per Doc."""
    text = doc.user_data.get("kb_text")
    if text is None:
        text = doc.user_data["kb_text"] = doc.text
    return text


class _PendingSpans:
    """A span group not built yet: the per-sentence mentions and how to label them."""

    __slots__ = ("sentences", "per_sentence", "label")

    def __init__(self, sentences: list[tuple[int, int]], per_sentence: list[list], label) -> None:
        self.sentences, self.per_sentence, self.label = sentences, per_sentence, label

    def build(self, doc: Doc, name: str) -> SpanGroup:
        """The group as the components used to build it eagerly: one Span per mention
        (character offsets widened to whole tokens), in sentence order."""
        spans = []
        label = self.label
        for (base, _), found in zip(self.sentences, self.per_sentence):
            for m in found:
                span = doc.char_span(base + m.start, base + m.end, label=label(m), alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        return SpanGroup(doc, name=name, spans=spans)

    def __repr__(self) -> str:
        return f"<{sum(map(len, self.per_sentence))} spans, built on first read>"


class _LazySpanGroups(dict):
    """Storage of ``doc.spans`` whose mention groups become Spans on first read.

    Making one Span per mention (``doc.char_span`` walks the tokens) cost as much
    as the material rules themselves, and the facts path never reads them: it uses
    the per-sentence lists in ``doc.user_data``. spaCy's ``SpanGroups`` is a
    ``UserDict`` that reads every value through ``self.data[key]`` (indexing,
    ``get``, ``values``/``items``, ``copy``, ``to_bytes``), so a group pending here is
    built the first time anyone reads it; its key is there from the start.
    """

    __slots__ = ("doc_ref",)

    def __init__(self, doc_ref, items) -> None:
        super().__init__(items)
        self.doc_ref = doc_ref  # the SpanGroups' weak reference: no cycle through the Doc

    def __getitem__(self, key: str):
        value = dict.__getitem__(self, key)
        if type(value) is _PendingSpans:
            value = value.build(self.doc_ref(), key)
            dict.__setitem__(self, key, value)
        return value


def _set_pending(doc: Doc, name: str, pending: _PendingSpans) -> None:
    """``doc.spans[name]``, to be built from ``pending`` when first read."""
    groups = doc.spans
    data = groups.data
    if type(data) is not _LazySpanGroups:
        data = groups.data = _LazySpanGroups(groups.doc_ref, data)
    dict.__setitem__(data, name, pending)


def _material_label(m) -> str:
    return "MATERIAL"


def _phase_label(m) -> str:
    return m.role or "PHASE"


@Language.component("kb_materials")
def kb_materials(doc: Doc) -> Doc:
    """Material mentions per sentence -> ``doc.user_data["kb_materials"]`` and doc.spans["materials"].

    Abbreviations defined in a sentence (``Na3(VPO4)2F3 (NVPF)``) are added to the
    paper-wide map in ``doc._.kb_abbrevs`` so that later sentences resolve them.
    """
    abbrevs = doc._.kb_abbrevs
    if abbrevs is None:
        abbrevs = doc._.kb_abbrevs = {}
    find, find_abbreviations = material_rules.find, material_rules.find_abbreviations
    whole = block_text(doc)
    sentences = doc.user_data["kb_sentences"]
    per_sentence = []
    for base, end in sentences:
        text = whole[base:end]
        found = find(text, abbrevs)
        new = find_abbreviations(text, found)
        if new:
            for k, v in new.items():
                abbrevs.setdefault(k, v)
        per_sentence.append(found)
    doc.user_data["kb_materials"] = per_sentence
    _set_pending(doc, "materials", _PendingSpans(sentences, per_sentence, _material_label))
    return doc


@Language.component("kb_phases")
def kb_phases(doc: Doc) -> Doc:
    """Reaction phases per sentence -> ``doc.user_data["kb_phases"]`` and doc.spans["phases"]."""
    find = phase_rules.find
    whole = block_text(doc)
    sentences = doc.user_data["kb_sentences"]
    per_sentence = [find(whole[base:end]) for base, end in sentences]
    doc.user_data["kb_phases"] = per_sentence
    _set_pending(doc, "phases", _PendingSpans(sentences, per_sentence, _phase_label))
    return doc


def _text_keeping_make_doc(nlp: Language):
    """``nlp.make_doc`` that also keeps the block text in ``doc.user_data``.

    The components slice sentences out of the block text; without this, a Doc made
    by ``nlp(text)`` or ``nlp.pipe`` would rebuild it from every token (``Doc.text``),
    which costs about as much as tokenizing.
    """
    make_doc = nlp.make_doc

    def kb_make_doc(text: str) -> Doc:
        doc = make_doc(text)
        doc.user_data["kb_text"] = text
        return doc
    return kb_make_doc


@cache
def get_nlp() -> Language:
    """The shared pipeline (built once per process)."""
    nlp = spacy.blank("en")
    customize_tokenizer(nlp)
    nlp.make_doc = _text_keeping_make_doc(nlp)
    nlp.add_pipe("kb_sentences")
    nlp.add_pipe("kb_materials")
    nlp.add_pipe("kb_phases")
    return nlp


# -- sentence recognizers (owned by the recognizers module; optional while it is built)

_RECOGNIZERS = {
    "techniques": ("kb.nlp.recognizers.techniques", "find"),
    "mechanisms": ("kb.nlp.recognizers.mechanisms", "find"),
    "phenomena": ("kb.nlp.recognizers.phenomena", "find"),
    "capacities": ("kb.nlp.recognizers.quantities", "find_capacities"),
    "ions": ("kb.nlp.recognizers.ions", "find"),
}


@cache
def recognizers() -> dict[str, object]:
    """field of SentenceMentions -> find function, for the recognizers that import."""
    out = {}
    for field_name, (mod, fn) in _RECOGNIZERS.items():
        try:
            out[field_name] = getattr(importlib.import_module(mod), fn)
        except Exception:  # noqa: BLE001 - a missing/broken recognizer costs its type only
            continue
    return out


_WARNED: set[str] = set()


def _warn_once(field_name: str, error: Exception) -> None:
    """A failing recognizer is reported once per process, not silently swallowed."""
    if field_name not in _WARNED:
        _WARNED.add(field_name)
        warnings.warn(f"kb.nlp: {field_name} recognizer failed ({type(error).__name__}: {error}); "
                      f"its mentions are skipped", RuntimeWarning, stacklevel=2)


@dataclass
class AnalyzedSentence:
    text: str
    start: int  # offset of the sentence in its block
    mentions: SentenceMentions


def _recognize_one_by_one(text: str, sm: SentenceMentions, recs: dict) -> None:
    """Fill ``sm`` from each recognizer in turn; a failing one costs its own type only."""
    for field_name, fn in recs.items():
        try:
            found = fn(text)
            # recognizers return fresh lists: copy only what is not one
            setattr(sm, field_name, found if type(found) is list else list(found))
        except Exception as e:  # noqa: BLE001 - one bad sentence must not cost the paper
            setattr(sm, field_name, [])
            _warn_once(field_name, e)


def _sentences(text: str, bounds: list[tuple[int, int]], mats: list, phs: list) -> list[AnalyzedSentence]:
    """One AnalyzedSentence per sentence span, the recognizers run on its text.

    With all five recognizers present (always, unless one fails to import) a
    sentence costs one call each and one SentenceMentions built in one go; any
    exception or a result that is not a list falls back to the one-by-one path
    (the recognizers are pure, so running them again gives the same answers).
    """
    recs = recognizers()
    out = []
    if recs.keys() != _RECOGNIZERS.keys():
        for (start, end), m, p in zip(bounds, mats, phs):
            s = text[start:end]
            sm = SentenceMentions(m, p)
            _recognize_one_by_one(s, sm, recs)
            sm.defer_anaphor(s)
            out.append(AnalyzedSentence(s, start, sm))
        return out
    # in the field order of SentenceMentions
    tech, mech, phen, cap, ion = (recs[k] for k in ("techniques", "mechanisms", "phenomena",
                                                    "capacities", "ions"))
    of_sentence = SentenceMentions.of_sentence
    append = out.append
    for (start, end), m, p in zip(bounds, mats, phs):
        s = text[start:end]
        try:
            t, me, ph, c, i = tech(s), mech(s), phen(s), cap(s), ion(s)
        except Exception:  # noqa: BLE001 - redone one by one, which warns and keeps the rest
            t = None
        if type(t) is list and type(me) is list and type(ph) is list and type(c) is list \
                and type(i) is list:
            sm = of_sentence(s, m, p, t, me, ph, c, i)
        else:
            sm = SentenceMentions(m, p)
            _recognize_one_by_one(s, sm, recs)
            sm.defer_anaphor(s)
        append(AnalyzedSentence(s, start, sm))
    return out


def analyze_block(text: str, abbrevs: dict[str, str] | None = None) -> list[AnalyzedSentence]:
    """Sentences of one block with every mention found in them.

    ``abbrevs`` is the paper-wide abbreviation map; definitions found here are
    added to it in place so later blocks resolve them.
    """
    nlp = get_nlp()
    doc = nlp.make_doc(text)
    doc._.kb_abbrevs = abbrevs if abbrevs is not None else {}
    for _, proc in nlp.pipeline:
        doc = proc(doc)
    data = doc.user_data
    return _sentences(text, data["kb_sentences"], data["kb_materials"], data["kb_phases"])
