"""Rule-based sentence splitting that survives scientific prose.

Papers are full of full stops that end nothing: ``et al.``, ``Fig. 3a``, ``e.g.``,
``vs.``, ``ca.``, decimals, initials. One compiled regex proposes boundaries on the
raw text (fast, no per-token Python) and a small abbreviation check vetoes the
false ones. ``split_sentences`` is the pure function; ``kb_sentences`` is the spaCy
component that writes the same boundaries onto a Doc.
"""
from __future__ import annotations

import bisect
import re

from spacy.language import Language
from spacy.tokens import Doc

# Words after which a full stop does not end a sentence (compared lower-cased).
ABBREVIATIONS = frozenset("""
al fig figs eq eqs ref refs e.g i.e vs ca cf approx resp no nos vol ed eds et
dr prof mr ms st sect sec suppl ch chap pp p ex viz incl max min avg
""".split())

# A boundary: sentence punctuation, optional closing quotes/brackets, whitespace,
# then something that can start a sentence.
_BOUNDARY = re.compile(r"[.!?][\"'’”)\]]*\s+(?=[A-Z0-9(\[\"“‘αβγδεΑ-Ω])")
_WORD_BEFORE = re.compile(r"(\S+)$")


def _is_abbreviation(text: str, dot: int) -> bool:
    m = _WORD_BEFORE.search(text, 0, dot)
    if not m:
        return False
    word = m.group(1).lstrip("([\"'“")
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
    """Mark sentence starts from ``split_sentences``; every other token is not a start."""
    starts = [s for s, _ in split_sentences(doc.text)]
    idx = [t.idx for t in doc]
    for tok in doc:
        tok.is_sent_start = False
    for s in starts:
        i = bisect.bisect_left(idx, s)
        if i < len(doc):
            doc[i].is_sent_start = True
    return doc
