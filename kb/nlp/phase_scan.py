"""Cheap scans that give the same answers as full regex scans of a sentence.

Python's regex engine tries a pattern that starts with ``\\b`` and a list of words
at every position of the sentence, and with re.IGNORECASE it cannot skip ahead
on the first letter: a scan of a 150-character sentence costs ~10-25 us. The rule
regexes of kb.nlp.phases all start with a word from a short list, and str.find on
the lowered sentence locates those words in C. So the regex is only tried where
one of its words starts, which finds exactly the same matches.

The lowered sentence stands for the sentence only when str.lower() maps every
character the way re.IGNORECASE does (see lowered()); callers fall back to the
plain regex scan otherwise.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Characters that re.IGNORECASE matches to an ASCII letter although str.lower() does
# not turn them into it ("ı" ~ i, "ſ" ~ s); "İ" lowers to two characters and would
# shift positions. (Found by trying every code point against every ASCII letter.)
_ODD_CASE = ("ı", "ſ", "İ")


def lowered(text: str) -> str | None:
    """text.lower() with the same positions, or None when a keyword test on it
    could miss an IGNORECASE match of the text."""
    if text.isascii():  # none of the odd-case letters (a check in C)
        return lower_same_length(text)
    for ch in _ODD_CASE:
        if ch in text:
            return None
    return lower_same_length(text)


# ---- one lowering and one whitespace split per sentence, shared -----------------------
# kb_phases and the sentence recognizers read the same lowered sentence, and the
# recognizers' per-token caches (cue routes, clause/hedge/negation marks) its whitespace
# tokens: small LRUs keyed by the sentence share them (the recognizers run on a block's
# sentences right after kb_phases), and the tokens' string hashes, computed once, serve
# every per-token lookup.

@lru_cache(maxsize=64)
def lower_same_length(text: str) -> str:
    """text.lower() when it keeps every offset (nearly always), else an ASCII-only lowering."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


@lru_cache(maxsize=64)
def lowered_tokens(text: str) -> list[str]:
    """The lower-cased sentence (lower_same_length) split on whitespace; callers must not
    change the list."""
    return lower_same_length(text).split()


def has_any(low: str | None, keys: tuple[str, ...]) -> bool:
    """Whether one of ``keys`` occurs in the lowered text (True when unknown)."""
    if low is None:
        return True
    for key in keys:
        if key in low:
            return True
    return False


def has_any_in(low: str | None, start: int, end: int, keys: tuple[str, ...]) -> bool:
    """has_any over ``low[max(0, start):end]``: a regex searched over that slice of the
    text can only match with one of its keys inside the slice."""
    if low is None:
        return True
    part = low[max(0, start):end]
    for key in keys:
        if key in part:
            return True
    return False


def word_table(words: dict[str, object], keys: tuple[str, ...]) -> tuple:
    """Group ``words`` (lowered; word -> what to try there) under the first of ``keys``
    each contains, with the key's offset in the word: one str.find per key then finds
    all of them. A word that is its key is stored as None (no further check). Keys
    come in the order given: put the likeliest first for early exits."""
    table: dict[str, list[tuple[int, str | None, object]]] = {}
    for word, payload in words.items():
        key = next(k for k in keys if k in word)
        table.setdefault(key, []).append((word.index(key), None if word == key else word, payload))
    return tuple((key, tuple(table[key])) for key in dict.fromkeys(keys) if key in table)


def is_word_char(ch: str) -> bool:
    """Whether the regex engine counts ``ch`` as \\w (str patterns): alnum or '_'."""
    return ch.isalnum() or ch == "_"


def word_starts(text: str, low: str, table: tuple) -> list[tuple[int, object]]:
    """(start, the word's payload), sorted by start, of the table's words in ``low``
    that follow a non-word character (or open the text): the only places a
    ``\\b<word>`` regex can match."""
    out: list[tuple[int, object]] = []
    for key, words in table:
        if key in low:
            i = low.find(key)
            while i >= 0:
                for off, word, payload in words:
                    start = i - off
                    if start < 0 or (word is not None and not low.startswith(word, start)):
                        continue
                    if start and ((c := text[start - 1]).isalnum() or c == "_"):
                        continue  # inside a word: no \\b here
                    out.append((start, payload))
                i = low.find(key, i + 1)
    out.sort(key=_first)
    return out


def locate_tokens(low: str, found) -> list[tuple[int, object]]:
    """(offset in ``low``, info) for ``found``, the (token, info) pairs of some of the
    tokens of ``low.split()`` in sentence order, picked by what the token is.

    The first whole-token occurrence of a token after the previous located one is the
    token itself: an equal token between them would have been picked too and located
    first.
    """
    out = []
    pos = 0
    size = len(low)
    for token, info in found:
        n = len(token)
        i = low.find(token, pos)
        while (i and not low[i - 1].isspace()) or (i + n < size and not low[i + n].isspace()):
            i = low.find(token, i + 1)
        pos = i + n
        out.append((i, info))
    return out


def _first(pair: tuple) -> object:
    return pair[0]


def search_at_words(text: str, low: str, table: tuple) -> bool:
    """Whether the regex a table word names (payload ``(_, regex)``) matches where
    that word starts (after a non-word character): for regexes that start with ``\\b``
    and one of their table words, the same answer as searching them over the text."""
    for key, words in table:
        if key in low:
            i = low.find(key)
            while i >= 0:
                for off, word, (_, rx) in words:
                    start = i - off
                    if start < 0 or (word is not None and not low.startswith(word, start)):
                        continue
                    if start and ((c := text[start - 1]).isalnum() or c == "_"):
                        continue  # inside a word: no \\b here
                    if rx.match(text, start) is not None:
                        return True
                i = low.find(key, i + 1)
    return False


def finditer_at(rx: re.Pattern, text: str, starts: list[int]) -> list[re.Match]:
    """rx.finditer(text) when every match of rx starts at one of ``starts`` (sorted)
    and none is empty: the leftmost match at or after the previous match's end."""
    out = []
    last = 0
    for p in starts:
        if p < last:
            continue
        m = rx.match(text, p)
        if m is not None:
            out.append(m)
            last = m.end()
    return out


def last_end_before(rx: re.Pattern, text: str, spans: list[tuple[int, int]], pos: int) -> int | None:
    """End of the last match of ``rx.finditer(text, 0, pos)``, or None, from ``spans``,
    the (start, end) of rx.finditer(text) over the whole text.

    For a regex whose matches end with a word character and \\b, and whose other
    non-word characters inside a match (spaces, hyphens) are followed by a letter:
    when the character before ``pos`` is not a word character, no match attempt
    before ``pos`` looks at ``pos`` except one that would run across it (\\w* and
    \\b stop at that character), so cutting the text there changes nothing unless a
    match of the whole text runs across ``pos``. In that case, or after a word
    character, the cut text is scanned as before.
    """
    if pos and is_word_char(text[pos - 1]):
        return _scan_last_end(rx, text, pos)
    last = None
    for s, e in spans:
        if e <= pos:
            last = e
        elif s < pos:
            return _scan_last_end(rx, text, pos)
        else:
            break
    return last


def _scan_last_end(rx: re.Pattern, text: str, pos: int) -> int | None:
    last = None
    for m in rx.finditer(text, 0, pos):
        last = m.end()
    return last
