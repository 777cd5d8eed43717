"""WileyML3G mixed content -> clean running text, with citations pulled out.

Inline markup is flattened by concatenation, never by inserting spaces, so
``Bi<sub>2</sub>S<sub>3</sub>`` reads ``Bi2S3`` and ``mAh g<sup>−1</sup>`` reads
``mAh g−1``: the source's own spaces are the only spaces. ``<sc>`` (small caps,
Wiley's molar ``m``) is upper-cased because that is what a reader sees.

A ``<link>`` to a bibliography entry becomes a private-use sentinel while
rendering; :func:`finish` then removes each run of sentinels together with
the brackets and separators that only existed to hold them
(``<sup>[</sup>…<sup>]</sup>``, ``(1, 2)``, ``[3–5]``) and repairs the spacing
around the hole, so no ``[]``, ``()``, ``, ,`` or `` .`` is left behind.
Links to figures, tables and supporting items keep their text ("Figure 2b").

Characters: Wiley's typographic hyphen U+2010 becomes "-" (the PDF parser and
kb.chem do the same, so "sodium-ion" and "G-Bi0.33Sb0.67" have one spelling);
the minus sign U+2212 is kept ("mAh g−1"); odd Unicode spaces become spaces;
private-use characters are dropped except U+F8FF, the typesetters' bond dash,
which becomes "–" ("W–Se bond").
"""
from __future__ import annotations

import html.entities
import re
from dataclasses import dataclass, field

from lxml import etree

from parsers import mathml

CITE = "\ue000"
_HOLE = "\ue001"

# Never part of running text: media, graphics, the TeX copy of math.
SKIP = {"mediaResourceGroup", "mediaResource", "inlineGraphic", "annotation",
        "graphic", "blockFixed", "displayedItem", "figure", "tabular", "noteGroup"}

_CHAR_MAP = str.maketrans({
    "\u2010": "-", "\u2011": "-",  # Wiley's typographic hyphens: one hyphen for NLP and search
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ",
    "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ",
    "\u202f": " ", "\u205f": " ", "\u3000": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "", "\u00ad": "",
})

_SEP = r"\s*(?:[,;]|[–—−-]|and)?\s*"
_RUN = rf"{CITE}(?:{_SEP}{CITE})*"
_PREFIX = r"(?:(?:refs?\.|see|cf\.|e\.g\.,?)\s*)?"
_GROUP = re.compile(
    rf"\[\s*{_PREFIX}{_RUN}\s*\]|\(\s*{_PREFIX}{_RUN}\s*\)|{_RUN}"
)
_PUNCT_AFTER = ".,;:!?)]}"


def local(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


@dataclass
class Cites:
    """Collects the reference labels met while rendering one block."""

    labels: list[str] = field(default_factory=list)

    def add(self, labels: list[str]) -> None:
        for lab in labels:
            if lab not in self.labels:
                self.labels.append(lab)


class InlineRenderer:
    """Renders inline content; knows which link targets are bibliography entries."""

    def __init__(self, cite_labels: dict[str, str], drop_ids: set[str] | None = None):
        self.cite_labels = cite_labels
        self.drop_ids = drop_ids or set()
        self._known = set(cite_labels.values())

    def _targets(self, el) -> list[str]:
        href = el.get("href") or ""
        return [h.lstrip("#") for h in href.split() if h.startswith("#")]

    def citation_labels(self, el) -> list[str] | None:
        """Labels if ``el`` is a link to bibliography entries, else None."""
        targets = self._targets(el)
        if not targets:
            return None
        labels = [self.cite_labels[t] for t in targets if t in self.cite_labels]
        if labels:
            return labels
        if all(re.search(r"(^|[-_.])(bib|cit|ref)[-_.]?\d", t) for t in targets):
            return targets  # a citation to an entry the bibliography lacks: keep the id
        return None

    def _range_fill(self, out: list[str], cites: Cites, labels: list[str]) -> list[str]:
        """Labels between two linked ends of a printed range ("[3]–[6]" links only 3 and 6)."""
        if not cites.labels or not re.search(CITE + r"\s*[–—−-]\s*$", "".join(out[-3:])):
            return []
        prev, first = cites.labels[-1], labels[0]
        if not (prev.isdigit() and first.isdigit()) or not 0 < int(first) - int(prev) <= 100:
            return []
        return [str(k) for k in range(int(prev) + 1, int(first)) if str(k) in self._known]

    def raw(self, el, cites: Cites | None = None) -> str:
        """Content of ``el`` (not its tail) as raw text with citation sentinels."""
        out: list[str] = []
        self._walk_children(el, out, cites if cites is not None else Cites())
        return "".join(out)

    def text(self, el, cites: Cites | None = None) -> str:
        return finish(self.raw(el, cites))

    def _walk_children(self, el, out: list[str], cites: Cites) -> None:
        if el.text:
            out.append(source_text(el.text))
        for ch in el:
            if isinstance(ch.tag, str):
                self.walk(ch, out, cites)
            elif ch.tag is etree.Entity:
                out.append(entity_text(ch))
            if ch.tail:
                out.append(source_text(ch.tail))

    def walk(self, el, out: list[str], cites: Cites) -> None:
        name = local(el)
        if name in SKIP:
            return
        if name == "math":
            out.append(source_text(mathml.render(el)))
            return
        if name == "link":
            labels = self.citation_labels(el)
            if labels is not None:
                cites.add(self._range_fill(out, cites, labels) + labels)
                out.append(CITE)
                return
            if any(t in self.drop_ids for t in self._targets(el)):
                return  # footnote marker: noise in a sentence
        if name == "sc":
            sub: list[str] = []
            self._walk_children(el, sub, cites)
            out.append("".join(sub).upper())
            return
        if name in ("br", "lineBreak"):
            out.append(" ")
            return
        self._walk_children(el, out, cites)


# Private-use code points have no standard meaning, and ours mark citations, so
# source text never keeps them. U+F8FF is the typesetters' bond dash ("W–Se bond").
_PUA = re.compile("[\ue000-\uf8fe]")


def source_text(text: str) -> str:
    """A text node from the file, with private-use characters made safe."""
    if "\uf8ff" in text:
        text = text.replace("\uf8ff", "–")
    return _PUA.sub("", text)


def entity_text(ent) -> str:
    """An entity reference left unexpanded (external DTD never loaded): only the
    HTML named characters are known; anything else is dropped, never fetched."""
    return html.entities.html5.get(f"{ent.name};", "")


def flat_text(el) -> str:
    """All text under ``el`` without markup semantics (metadata fields)."""
    parts: list[str] = [el.text or ""]
    for ch in el:
        if isinstance(ch.tag, str):
            parts.append(flat_text(ch))
        elif ch.tag is etree.Entity:
            parts.append(entity_text(ch))
        parts.append(ch.tail or "")
    return "".join(parts)


def normalise(text: str) -> str:
    """Unicode spaces/hyphens folded, whitespace collapsed, trimmed."""
    return re.sub(r"\s+", " ", source_text(text).translate(_CHAR_MAP)).strip()


def finish(raw: str) -> str:
    """Raw rendered text -> the clean sentence text stored in the Article."""
    s = re.sub(r"\s+", " ", raw.translate(_CHAR_MAP))
    if CITE in s:
        s = _GROUP.sub(_HOLE, s)
        s = s.replace(CITE, _HOLE)
        s = _close_holes(s)
    return _repair(s).strip()


# Typesetting slips seen in real Wiley files, repaired because they break
# number and sentence parsing downstream:
#   "5.44 × 1 0<sup>−12</sup>"  -> "5.44 × 10−12" (a split power of ten)
#   "0.1 A g<sup>−1</sup> ; d)" -> "0.1 A g−1; d)" (space before punctuation)
_SPLIT_TEN = re.compile(r"([×·]\s?)1 0(?=[−-]?\d)")
_SPACE_PUNCT = re.compile(r"(?<=\S) +([,;.])(?=\s|$)")  # not ":": "Bi : Sb = 1 : 2" is deliberate


def _repair(s: str) -> str:
    s = _SPLIT_TEN.sub(r"\g<1>10", s)
    return _SPACE_PUNCT.sub(r"\1", s)


def _close_holes(s: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(s):
        ch = s[i]
        if ch != _HOLE:
            out.append(ch)
            i += 1
            continue
        # consume this hole and any adjacent holes/spaces
        j = i
        while j < len(s) and (s[j] == _HOLE or s[j] == " "):
            j += 1
        nxt = s[j] if j < len(s) else ""
        # trailing spaces and a dangling separator before the hole
        while out and out[-1] == " ":
            out.pop()
        prev = out[-1] if out else ""
        if prev in "([{" or prev == "":
            # "(<cite>; Figure 2)" -> "(Figure 2)": drop the separator that followed
            while j < len(s) and s[j] in ",; ":
                j += 1
        elif nxt == "" or nxt in _PUNCT_AFTER:
            while out and out[-1] in ",;":
                out.pop()
                while out and out[-1] == " ":
                    out.pop()
        else:
            out.append(" ")
        i = j
    text = "".join(out)
    text = re.sub(r"\(\s*\)|\[\s*\]", "", text)
    return re.sub(r" {2,}", " ", text)
