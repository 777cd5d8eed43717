"""Ion recognizer: which working ion or battery chemistry a sentence talks about.

Cues (kb/vocab/ions.tsv) are process words (sodiation, lithiation), charged ions (Na+, K+),
"-ion" compounds (sodium-ion, Na-ion, SIBs) and a bare element symbol only before a
storage/process noun ("Na storage", "Na insertion"). An element symbol inside a formula
(Na2S, NaxBi2S3) or a spectroscopic edge ("Co K-edge") is NOT an ion cue: the formula
names a phase, not the chemistry of the cell.
"""
from __future__ import annotations

import re
from functools import cache

from kb.nlp.mentions import IonMention
from kb.nlp.recognizers._common import CueIndex, load_tsv


@cache
def _index() -> CueIndex:
    return CueIndex([(regex, case == "cs", ion) for ion, regex, case in load_tsv("ions.tsv")])


# matched at the cue's end with an end bound of 8 characters, as on that slice of the text
_EDGE = re.compile(r"[-‐‑–—\s]?(?:edges?|shell|line|alpha|α|β)\b", re.I)


def find(text: str) -> list[IonMention]:
    """Ion mentions of one sentence, sorted by start."""
    out = []
    for start, end, ion in _index().finditer(text):
        if _EDGE.match(text, end, end + 8):
            continue
        out.append(IonMention(start, end, text[start:end], ion))
    return out
