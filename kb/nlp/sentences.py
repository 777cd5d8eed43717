"""Rule-based sentence splitting that survives scientific prose.

Papers are full of full stops that end nothing: ``et al.``, ``Fig. 3a``, ``e.g.``,
``vs.``, ``ca.``, decimals, initials. One compiled regex proposes boundaries on the
raw text (fast, no per-token Python) and a small abbreviation check vetoes the
false ones. ``split_sentences`` is the pure function; ``kb_sentences`` is the spaCy
component that writes the same boundaries onto a Doc.
"""
from __future__ import annotations

import re

import numpy

from spacy.language import Language
from spacy.attrs import IDX, SENT_START
from spacy.tokens import Doc

# Words after which a full stop does not end a sentence (compared lower-cased).
ABBREVIATIONS = frozenset("""
al fig figs eq eqs ref refs e.g i.e vs ca cf approx resp no nos vol ed eds et
dr prof mr ms st sect sec suppl ch chap pp p ex viz incl max min avg
""".split())

# A boundary: sentence punctuation, optional closing quotes/brackets (group 1: where
# the sentence ends), whitespace, then something that can start a sentence.
_BOUNDARY = re.compile(r"([.!?][\"'’”)\]]*)\s+(?=[A-Z0-9(\[\"“‘αβγδεΑ-Ω])")


def _is_abbreviation(text: str, dot: int) -> bool:
    # Every abbreviation ends in a letter and an initial is one, so a full stop right
    # after anything but a letter (a digit, a bracket: "2 C.", "(Fig. 2).") ends the
    # sentence; a stop after a newline or another stop takes the full check below.
    before = text[dot - 1] if dot else ""
    if not before.isalpha() and before != "." and before != "\n":
        return False
    # the last run of non-space characters in the 40 before the dot (str.split and
    # the regex \s agree on what whitespace is), without a regex search per dot; as
    # with the regex "(\S+)$" it was, a single newline just before the dot is skipped
    window = text[max(0, dot - 40):dot]
    if window[-1:] == "\n":
        window = window[:-1]
    if not window or window[-1].isspace():
        return False
    word = window.rsplit(None, 1)[-1].lstrip("([\"'“")
    low = word.lower().rstrip(".")
    if low in ABBREVIATIONS:
        return True
    # Initials ("J. Wang") and single letters ("Figure 2 a.") rarely end a sentence.
    if len(word) == 1 and word.isalpha():
        return True
    return False


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text``, whitespace trimmed.

    Only the first sentence can start with whitespace and only the last can end
    with it: a boundary ends on its punctuation (group 1) and the next sentence
    starts on the non-space character its lookahead saw.
    """
    spans: list[tuple[int, int]] = []
    n = len(text)
    start = 0
    while start < n and text[start].isspace():
        start += 1
    for m in _BOUNDARY.finditer(text):
        dot = m.start()
        if text[dot] == "." and _is_abbreviation(text, dot):
            continue
        spans.append((start, m.end(1)))
        start = m.end()
    _append(text, start, n, spans)
    return spans


def _append(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


@Language.component("kb_sentences")
def kb_sentences(doc: Doc) -> Doc:
    """Mark sentence starts from ``split_sentences``, in one array write.

    The character spans are also kept in ``doc.user_data["kb_sentences"]`` so the
    rule components slice sentence text without walking tokens.
    """
    text = doc.user_data.get("kb_text")
    if text is None:
        text = doc.user_data["kb_text"] = doc.text
    spans = split_sentences(text)
    doc.user_data["kb_sentences"] = spans
    n = len(doc)
    if n == 0:
        return doc
    # each sentence starts at the first token at or after its first character
    pos = doc.to_array(IDX).searchsorted([a for a, _ in spans])
    starts = numpy.full((n, 1), _NOT_START, dtype="uint64")
    starts[pos[pos < n], 0] = 1
    starts[0, 0] = 1
    doc.from_array(_SENT_START, starts)
    return doc


_SENT_START = [SENT_START]
_NOT_START = numpy.uint64(2**64 - 1)  # -1 (not a sentence start) as the uint64 from_array reads
