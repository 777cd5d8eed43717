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

# A boundary: sentence punctuation, optional closing quotes/brackets, whitespace,
# then something that can start a sentence.
_BOUNDARY = re.compile(r"[.!?][\"'’”)\]]*\s+(?=[A-Z0-9(\[\"“‘αβγδεΑ-Ω])")


def _is_abbreviation(text: str, dot: int) -> bool:
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
    """Character spans of the sentences of ``text``, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    n = len(text)
    for m in _BOUNDARY.finditer(text):
        if text[m.start()] == "." and _is_abbreviation(text, m.start()):
            continue
        end = m.end()
        _append(text, start, end, spans)
        start = end
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
    if len(doc) == 0:
        return doc
    idx = doc.to_array([IDX])
    starts = numpy.full(len(doc), -1, dtype="int32")
    pos = numpy.searchsorted(idx, [a for a, _ in spans])
    starts[pos[pos < len(doc)]] = 1
    starts[0] = 1
    doc.from_array([SENT_START], starts.reshape(-1, 1).astype("uint64"))
    return doc
