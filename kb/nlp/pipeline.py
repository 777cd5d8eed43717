"""The spaCy pipeline: blank English + our tokenizer rules + rule components.

One Doc per text block (paragraph, caption): the tokenizer runs once over the
block, ``kb_sentences`` marks boundaries from one regex pass, ``kb_materials``
and ``kb_phases`` run their regexes on each sentence's text and store typed
mentions in ``doc.spans``. The sentence recognizers of kb/nlp/recognizers (pure
functions over one sentence's text) are called from ``analyze_block`` so the
facts layer receives one ``SentenceMentions`` per sentence with offsets into
the sentence text, which is exactly the evidence string.
"""
from __future__ import annotations

import importlib
import re
import warnings
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from kb.nlp import materials as material_rules
from kb.nlp import phases as phase_rules
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


@Language.component("kb_materials")
def kb_materials(doc: Doc) -> Doc:
    """Material mentions per sentence -> doc.spans["materials"] + per-sentence lists.

    Abbreviations defined in a sentence (``Na3(VPO4)2F3 (NVPF)``) are added to the
    paper-wide map in ``doc._.kb_abbrevs`` so that later sentences resolve them.
    """
    abbrevs = doc._.kb_abbrevs if doc._.kb_abbrevs is not None else {}
    per_sentence = []
    spans = []
    whole = block_text(doc)
    for base, end in doc.user_data["kb_sentences"]:
        text = whole[base:end]
        found = material_rules.find(text, abbrevs)
        new = material_rules.find_abbreviations(text, found)
        if new:
            for k, v in new.items():
                abbrevs.setdefault(k, v)
        per_sentence.append(found)
        for m in found:
            span = doc.char_span(base + m.start, base + m.end, label="MATERIAL", alignment_mode="expand")
            if span is not None:
                spans.append(span)
    doc.spans["materials"] = spans
    doc._.kb_abbrevs = abbrevs
    doc.user_data["kb_materials"] = per_sentence
    return doc


@Language.component("kb_phases")
def kb_phases(doc: Doc) -> Doc:
    """Reaction phases per sentence -> doc.spans["phases"] + per-sentence lists."""
    per_sentence = []
    spans = []
    whole = block_text(doc)
    for base, end in doc.user_data["kb_sentences"]:
        found = phase_rules.find(whole[base:end])
        per_sentence.append(found)
        for m in found:
            span = doc.char_span(base + m.start, base + m.end, label=m.role or "PHASE",
                                 alignment_mode="expand")
            if span is not None:
                spans.append(span)
    doc.spans["phases"] = spans
    doc.user_data["kb_phases"] = per_sentence
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


_ANAPHOR = re.compile(
    r"\b(?:this|these|the|such|both|those|our|its|their)\s+(?:as-prepared\s+|pristine\s+|"
    r"composite\s+|hybrid\s+|active\s+)?(anodes?|cathodes?|electrodes?|materials?|compounds?|samples?|"
    r"composites?|nanorods?|nanowires?|nanosheets?|nanotubes?|nanoparticles?|hosts?|systems?|"
    r"hybrids?|structures?|architectures?|heterostructures?|crystals?|films?)\b", re.I)


@dataclass
class AnalyzedSentence:
    text: str
    start: int  # offset of the sentence in its block
    mentions: SentenceMentions


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
    recs = recognizers()
    out = []
    mats = doc.user_data["kb_materials"]
    phs = doc.user_data["kb_phases"]
    for i, (start, end) in enumerate(doc.user_data["kb_sentences"]):
        s_text = text[start:end]
        sm = SentenceMentions(materials=mats[i], phases=phs[i])
        for field_name, fn in recs.items():
            try:
                found = fn(s_text)
                # recognizers return fresh lists: copy only what is not one
                setattr(sm, field_name, found if type(found) is list else list(found))
            except Exception as e:  # noqa: BLE001 - one bad sentence must not cost the paper
                setattr(sm, field_name, [])
                _warn_once(field_name, e)
        m = _ANAPHOR.search(s_text)
        if m:
            sm.anaphor = m.group(1).lower()
        out.append(AnalyzedSentence(s_text, start, sm))
    return out
