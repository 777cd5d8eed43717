"""Crude sentence source over the real papers for the recognizers' smoke tests.

The recognizers are tested independently of the parsers, so this only strips markup and
flattens sub/superscripts well enough to feed plain sentences; it is not a parser.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻₀₁₂₃₄₅₆₇₈₉₊₋", "0123456789+−0123456789+−")


@lru_cache(maxsize=None)
def sentences(path: Path) -> tuple[str, ...]:
    raw = path.read_text(encoding="utf-8")
    if raw.lstrip().startswith("<"):
        body = raw.split("<body", 1)[-1]
        body = re.sub(r"<(?:bibliography|references?)\b.*", "", body, flags=re.S)
        body = re.sub(r"</(?:p|title|caption|section)>", ".\n", body)
        text = html.unescape(re.sub(r"<[^>]+>", "", body))
    else:
        text = raw
    text = text.translate(_SUP)
    text = re.sub(r"[\^_]\{([^{}]*)\}", r"\1", text)
    text = re.sub(r"\$|\\mathrm|\\", "", text)
    text = re.sub(r"\s+", " ", text)
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z(])", text)
    return tuple(p.strip() for p in parts if len(p.strip()) > 3)


def paper_sentences(corpus: Path, prefix: str) -> tuple[str, ...]:
    return sentences(sorted(corpus.glob(f"{prefix}*.txt"))[0])
