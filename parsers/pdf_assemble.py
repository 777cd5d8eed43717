"""Assembly of reader events into nested sections, re-joining broken paragraphs.

Text blocks of a converted PDF are cut wherever a page, a column or a float
(caption, table, pull quote, affiliation block) interrupted them. The rules,
all driven by punctuation and case rather than by wording:

* a paragraph that stops without terminal punctuation continues in the next
  text block, whatever floats sit in between (``...of sodiation conversion`` |
  caption | ``reactions are distinct...`` -> one sentence);
* a complete sentence standing between the two halves of such a break is a
  pull quote: it is moved after the re-joined paragraph;
* a block that starts in lower case continues the previous paragraph even after
  a full stop; if that paragraph ends in "Word Capitalised ... sentence.", the
  capitalised tail is a pull quote set into the broken sentence and is cut out;
* a paragraph starting with an unknown lower-case word whose capitalised
  one-letter-longer form is a word of the paper lost its drop cap
  (``ithium-ion`` -> ``Lithium-ion``);
* pull quotes that repeat a sentence of the body are dropped.

Text before the first heading (papers without an "Introduction" heading) goes
into a section titled "Introduction".
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.text_normalize import Normalized, Vocabulary, join_hyphenated
from schemas.article import Abstract, Article, Caption, Paragraph, Section

_TERMINAL = ".!?:"
_CLOSERS = ")]\"”’'"
_ABBREV_END = re.compile(r"\b(?:e\.g|i\.e|et al|vs|Fig|Figs|ca|cf|approx|Ref|Refs|Eq|Eqs|No)\.$")
_SENTENCE_ADVERB = re.compile(r"^[A-Z][a-z]+(?:ly)?,\s")
INTRODUCTION = "Introduction"


@dataclass
class Event:
    """One thing the reader met, in reading order."""

    kind: str  # heading | abstract | text | caption | table | equation
    text: Normalized | None = None
    label: str | None = None
    title: str = ""
    depth: int = 1
    table_index: int = -1
    single: bool = False  # abstract: exactly one paragraph (ACS "ABSTRACT:" style)


def ends_terminal(text: str) -> bool:
    t = text.rstrip().rstrip(_CLOSERS)
    return bool(t) and t[-1] in _TERMINAL and not _ABBREV_END.search(t)


def _starts_lower(text: str) -> bool:
    return bool(text) and (text[0].islower() or text[0] in ",;")


def _drop_cap(n: Normalized, vocab: Vocabulary) -> None:
    """``ithium-ion batteries`` -> ``Lithium-ion batteries``: a lost initial (drop cap)."""
    m = re.match(r"([a-z]{3,})\b", n.text)
    if not m or vocab.count(m.group(1)) > 1:
        return
    best, best_n = None, 1
    for letter in "abcdefghijklmnopqrstuvwxyz":
        c = vocab.count(letter + m.group(1))
        if c > best_n:
            best, best_n = letter, c
    if best:
        n.text = best.upper() + n.text


def _join(p: Normalized, n: Normalized, vocab: Vocabulary) -> Normalized:
    if p.text.endswith("-") and p.text[-2:-1].isalpha() and n.text[:1].islower():
        text = join_hyphenated(p.text, n.text, vocab)
    else:
        text = p.text + " " + n.text
    return Normalized(text, list(dict.fromkeys(p.citations + n.citations)))


_PULL_QUOTE_TAIL = re.compile(
    r"(?:^|(?<=[.!?]\s))([A-Z][a-z]+(?:\s[a-z]+){0,3})\s([A-Z][^.!?]*(?:[.!?]\s[A-Z][^.!?]*)*[.!?])$")


def _split_pull_quote(p: Normalized) -> tuple[Normalized, str] | None:
    """``...particles. Local From the standpoint ... value.`` + ``information includes``:
    a quote set inside the sentence ``Local | information includes`` is cut out."""
    off = max(0, len(p.text) - 800)
    m = _PULL_QUOTE_TAIL.search(p.text, off)
    if not m or len(m.group(2).split()) < 6:
        return None
    head = p.text[:m.start(2)].rstrip()
    return Normalized(head, p.citations), m.group(2)


class Assembler:
    def __init__(self, art: Article, vocab: Vocabulary):
        self.art = art
        self.vocab = vocab
        self.stack: list[tuple[int, Section]] = []
        self.abstract: Abstract | None = None
        self.abstract_single = False
        self.open: Normalized | None = None
        self.floats: list[Normalized] = []

    def _current(self) -> Section:
        if not self.stack:
            sec = Section(title=INTRODUCTION)
            self.art.sections.append(sec)
            self.stack.append((1, sec))
        return self.stack[-1][1]

    def _emit(self, n: Normalized) -> None:
        para = Paragraph(text=n.text, citations=n.citations)
        if self.abstract is not None:
            self.abstract.paragraphs.append(para)
            if self.abstract_single:
                self.abstract = None
        else:
            self._current().paragraphs.append(para)

    def _close(self) -> None:
        if self.open is not None and self.open.text:
            self._emit(self.open)
        self.open = None
        for f in self.floats:
            self._emit(f)
        self.floats = []

    def _heading(self, ev: Event) -> None:
        self._close()
        self.abstract = None
        sec = Section(title=ev.title, label=ev.label)
        while self.stack and self.stack[-1][0] >= ev.depth:
            self.stack.pop()
        if self.stack:
            self.stack[-1][1].subsections.append(sec)
        else:
            self.art.sections.append(sec)
        self.stack.append((ev.depth, sec))

    def _float_section(self) -> str | None:
        """Section a caption or table belongs to: where the reader is when it appears."""
        if self.stack:
            return self.stack[-1][1].title
        if self.abstract is None and self.open is not None:
            return self._current().title  # body text has begun: the implicit Introduction
        return None

    def _next_text(self, events: list[Event], i: int) -> Event | None:
        for ev in events[i + 1:]:
            if ev.kind in ("heading", "abstract", "equation"):
                return None
            if ev.kind == "text":
                return ev
        return None

    def run(self, events: list[Event]) -> None:
        for i, ev in enumerate(events):
            if ev.kind == "abstract":
                self._close()
                self.abstract = Abstract()
                self.abstract_single = ev.single
                self.art.abstracts.append(self.abstract)
            elif ev.kind == "heading":
                self._heading(ev)
            elif ev.kind == "caption":
                sec = self._float_section()
                text = ev.text.text if ev.text else ""
                self.art.captions.append(Caption(label=ev.label, text=text, section=sec))
            elif ev.kind == "table":
                tab = self.art.tables[ev.table_index]
                tab.section = self._float_section()
            elif ev.kind == "equation":
                self._close()
                self.open = ev.text
                self._close()
            elif ev.kind == "text":
                self._text(ev.text, events, i)
        self._close()

    def _text(self, n: Normalized, events: list[Event], i: int) -> None:
        if not n.text:
            return
        p = self.open
        if p is None:
            if _starts_lower(n.text):
                _drop_cap(n, self.vocab)
            self.open = n
            return
        if not ends_terminal(p.text):
            nxt = self._next_text(events, i)
            if (not _starts_lower(n.text) and ends_terminal(n.text) and nxt is not None
                    and _starts_lower(nxt.text.text)):
                self.floats.append(n)  # a pull quote inside a broken sentence
                return
            if _SENTENCE_ADVERB.match(n.text) and p.text[-1:] not in ",;(-":
                self._close()
                self.open = n
                return
            self.open = _join(p, n, self.vocab)
            return
        if _starts_lower(n.text):
            _drop_cap(n, self.vocab)
        if _starts_lower(n.text):
            split = _split_pull_quote(p)
            if split:
                p, quote = split
                self.floats.append(Normalized(quote, []))
            self.open = _join(p, n, self.vocab)
            return
        self._close()
        self.open = n


def _letters(s: str) -> str:
    return re.sub(r"[^a-z]", "", s.lower())


def drop_duplicate_quotes(art: Article) -> None:
    """Pull quotes that repeat a sentence of the body are dropped (they are copies)."""
    secs = [s for _, s in art.walk_sections()]
    full = [_letters(p.text) for s in secs for p in s.paragraphs]
    for s in secs:
        keep = []
        for p in s.paragraphs:
            key = _letters(p.text)
            if len(p.text.split()) <= 60 and len(key) > 40 and sum(key in f for f in full) > 1:
                full.remove(key)
                continue
            keep.append(p)
        s.paragraphs = keep
