"""Fold the typographic variants of chemical text onto one plain spelling.

Papers write the same formula as ``Bi₂S₃``, ``Bi_{2}S_{3}``, ``Bi<sub>2</sub>S<sub>3</sub>``
or ``$\\mathrm{Bi_2S_3}$`` and the same minus sign as ``-``, ``−``, ``‐`` or ``–``.
Every identity comparison in the project goes through :func:`flatten` first so
that those variants can never produce two different keys.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SUB = str.maketrans("₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₓ", "0123456789+-=()x")
_SUP = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ˣ", "0123456789+-=()x")
# Hyphen, minus and dash variants: all become ASCII "-" (FACTS.md "hyphen variants folded").
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe63\uff0d\u00ad"), "-")
# Middle dots used for hydrates / adducts: one canonical "·".
_DOTS = dict.fromkeys(map(ord, "\u2022\u2219\u22c5\u30fb\uff65"), "\u00b7")
_SPACES = dict.fromkeys(map(ord, "\u00a0\u2002\u2003\u2009\u200a\u202f\u205f\u3000"), " ")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)

_MARKUP = re.compile(r"[_^<${}\\]")
_TAGS = re.compile(r"</?\s*(?:sub|sup|inf|i|b|em|strong|span|mi|mn|mo|mrow|msub|msup)\b[^>]*>", re.I)
_LATEX_CMD = re.compile(r"\\(?:mathrm|text|textrm|mathit|rm|mathbf)\s*")
_SCRIPT_GROUP = re.compile(r"[_^]\{([^{}]*)\}")
_SCRIPT_CHAR = re.compile(r"[_^]([0-9A-Za-z+\-δ])")
_LATEX_SYMBOLS = {r"\delta": "δ", r"\alpha": "α", r"\beta": "β", r"\gamma": "γ",
                  r"\cdot": "·", r"\bullet": "·", r"\times": "×", r"\pm": "±"}


def flatten(text: str) -> str:
    """Plain, single-spaced text with sub/superscripts inline and dashes as ``-``."""
    if not text:
        return ""
    if text.isascii() and not _MARKUP.search(text):  # the common case: nothing to fold
        return " ".join(text.split())
    if len(text) <= 80:  # names and tokens repeat; sentences do not
        return _flatten_short(text)
    return _flatten(text)


@lru_cache(maxsize=1 << 16)
def _flatten_short(text: str) -> str:
    return _flatten(text)


def _flatten(text: str) -> str:
    s = text.translate(_ZERO_WIDTH).translate(_SPACES)
    s = s.translate(_SUB).translate(_SUP).translate(_DASHES).translate(_DOTS)
    s = unicodedata.normalize("NFKC", s)
    s = _TAGS.sub("", s)
    for cmd, sym in _LATEX_SYMBOLS.items():
        s = s.replace(cmd, sym)
    s = _LATEX_CMD.sub("", s)
    s = s.replace("$", "")
    # Nested groups such as _{1{-}x}: peel repeatedly.
    for _ in range(4):
        new = _SCRIPT_GROUP.sub(r"\1", s)
        if new == s:
            break
        s = new
    s = _SCRIPT_CHAR.sub(r"\1", s)
    s = s.replace("{", "").replace("}", "") if re.search(r"[{}]", s) and "\\" not in s else s
    # NFKC maps the micro sign to μ and keeps Greek; the dash table ran before NFKC,
    # but NFKC can itself produce U+2010-family characters from compatibility forms.
    s = s.translate(_DASHES)
    return re.sub(r"\s+", " ", s).strip()
