"""Tokenizer rules that keep chemistry and quantities whole.

spaCy's English rules split on hyphens, slashes and brackets inside a word, which
cuts ``α-MnO2``, ``P2-Na2/3MnO2`` or ``TiO2(B)`` in pieces and makes the token
boundaries disagree with the material spans we recognize on raw text. A
``token_match`` pattern is tried on every substring before affixes are split, so
matching formulas, numbers and compact units there keeps them one token while the
ordinary rules still strip sentence punctuation around them.
"""
from __future__ import annotations

import re

from spacy.language import Language

_HY = r"\-‐‑–−"
# Formula-ish: starts with an element-like capital (optionally a polymorph or
# polytype prefix such as α-, P2-, O3-, G-), then letters, digits, brackets, dots,
# slashes, @ and inner hyphens; must end on a letter, digit or closing bracket.
_PREFIX = rf"(?:[αβγδεηθλ][{_HY}]|[A-Z][a-z]?\d?[{_HY}](?=[A-Z]))?"
_FORMULA = (rf"{_PREFIX}[A-Z](?:[A-Za-z0-9.\[\]/@{_HY}·+]|\([A-Za-z0-9.{_HY}+]*\))*?"
            rf"(?:[A-Za-z0-9\]]|\([A-Za-z0-9.{_HY}+]*\))")
# Numbers: decimals, negative/exponent forms (10−12), ranges are split on purpose.
_NUMBER = rf"[{_HY}]?\d+(?:[.,]\d+)?(?:[{_HY}]\d+)?"
# Compact units: mAh/g, mA/g, A/g, cm2/s, nm/s, g−1, s⁻¹, cm−2 ...
_UNIT = rf"(?:mAh|mA|μA|A|nm|cm[23]?|mV|V|Wh|kg|g|s|h|min)(?:/(?:g|kg|cm[23]?|s|h))?(?:[{_HY}][123]|[⁻][¹²³])?"

TOKEN_MATCH = re.compile(rf"^(?:{_FORMULA}|{_NUMBER}|{_UNIT})$")


def customize_tokenizer(nlp: Language) -> Language:
    """Install the chemistry-aware token_match on ``nlp``'s tokenizer (in place).

    The pattern's own ``match`` is installed (no Python wrapper) because spaCy
    calls it for every new substring; brackets are only accepted in balanced
    pairs so "(NVPF)" still loses its parentheses to the affix rules.
    """
    if nlp.tokenizer.token_match is not None:  # pragma: no cover - blank("en") has none
        raise ValueError("customize_tokenizer expects a tokenizer without token_match")
    nlp.tokenizer.token_match = TOKEN_MATCH.match
    return nlp
