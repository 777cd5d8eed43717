"""Sentence rows for full-text search.

The store indexes every sentence a reader would read, not only the ones facts
cite, so `kb search` finds statements no extractor understood. Splitting here is
deliberately cheap (a regex, no spaCy): it runs in the single writer process for
every paper and only has to give search a sensible unit of text; evidence keeps
the extractor's own sentence text.
"""
from __future__ import annotations

import re
from typing import Iterable, Iterator

# Abbreviations after which a period does not end a sentence.
_ABBREV = {"al", "fig", "figs", "eq", "eqs", "ref", "refs", "e.g", "i.e", "etc", "vs", "ca",
           "approx", "no", "nos", "vol", "ch", "sec", "tab", "dr", "prof", "resp", "cf",
           "st", "mr", "ms", "inc", "ltd", "co", "jan", "feb", "mar", "apr", "jun", "jul",
           "aug", "sep", "sept", "oct", "nov", "dec"}
_UNITS = {"V", "A", "C", "K"}  # "at 0.5 V. The ..." ends a sentence
_CANDIDATE = re.compile(r"[.!?](?:[\"'\u201d\u2019)\]]*)\s+(?=[\"'\u201c\u2018(\[]?[A-Z0-9\u0391-\u03A9])")
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.]*)\.?$")


def split_sentences(text: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _CANDIDATE.finditer(text):
        before = text[start:m.start() + 1]
        w = _WORD_BEFORE.search(before[:-1] if before.endswith(".") else before)
        if before.endswith(".") and w:
            word = w.group(1).rstrip(".").lower()
            # "et al.", "Fig.", "e.g.", and single initials ("J. Smith") do not end a sentence.
            initial = len(w.group(1)) == 1 and w.group(1).isupper() and w.group(1) not in _UNITS
            if word in _ABBREV or initial:
                continue
        piece = text[start:m.end()].strip()
        if piece:
            out.append(piece)
        start = m.end()
    tail = text[start:].strip()
    if tail:
        out.append(tail)
    return out


def sentence_rows(blocks: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """(section title, sentence) for each sentence of each (section, text) block."""
    for section, text in blocks:
        for sent in split_sentences(text):
            yield section, sent
