"""Sentence rows for full-text search.

The store indexes every sentence a reader would read, not only the ones facts
cite, so `kb search` finds statements no extractor understood. It splits with the
extractors' own splitter (kb.nlp.sentences.split_sentences: one home for "what
is a sentence"), so an evidence sentence is usually exactly one indexed row and
links to it (evidence.sentence_id).
"""
from __future__ import annotations

from typing import Iterable, Iterator


def split_sentences(text: str) -> list[str]:
    from kb.nlp.sentences import split_sentences as spans  # imports spaCy: only when writing
    return [text[a:b] for a, b in spans(text)]


def sentence_rows(blocks: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """(section title, sentence) for each sentence of each (section, text) block."""
    for section, text in blocks:
        for sent in split_sentences(text):
            yield section, sent
