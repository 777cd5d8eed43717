"""Line-level recognisers for PDF-converted text: what kind of thing is this line?

PDF converters keep page furniture, captions, headings and body text in one
stream. These predicates look at one line (or block) at a time and are
deliberately publisher-neutral: they key on the *shape* of a line (a numbered
label followed by a short title, "Figure N." followed by a sentence, a lone
page number, a URL) rather than on any particular journal's wording.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# ------------------------------------------------------------- furniture ---

_URL_LINE = re.compile(r"^(?:(?:https?://|www\.)\S+|[a-z0-9.-]+\.(?:org|com|net|li|io|de|uk|cn)/\S*)"
                       r"(?:\s+[A-Z][A-Za-z]+){0,3}$", re.I)  # "pubs.acs.org/journal/x Review"
DATE_LINE = re.compile(
    r"^(?:Received|Accepted|Published|Revised|Published online|First published|Accepted manuscript)"
    r"\b[:\s].{0,160}$", re.I)
COPYRIGHT = re.compile(r"^(?:©|\(c\)|Copyright\b|This journal is ©|This article is licensed|"
                        r"Open Access Article|View Article Online|View Journal|Downloaded (?:via|from|by)|"
                        r"Published on \d|Electronic supplementary information|† Electronic|"
                        r"CC BY|Creative Commons)", re.I)
_PAGE_NUMBER = re.compile(r"^(?:Page\s+)?\d{1,5}(?:\s*(?:of|/)\s*\d{1,5})?$", re.I)
_RUNNING_HEAD = re.compile(
    r"^(?:[A-Z][\w.&,' -]{2,60}?,?\s+(?:19|20)\d\d,\s+\d+,\s+\d+\s*[−–-]\s*\d+(?:\s*\|\s*\d+)?|"
    r"\d+\s*\|\s*[A-Z][\w.&,' -]{2,60}?,?\s+(?:19|20)\d\d,\s+\d+,\s+\d+\s*[−–-]\s*\d+)$")
_EMAIL_LINE = re.compile(r"^(?:E-?mail|Emails?|Tel\.?|Fax)\s*:", re.I)
_CITE_THIS = re.compile(r"^Cite this\s*:", re.I)
_DOI_LINE = re.compile(r"^(?:DOI|doi)\s*:?\s*(10\.\d{4,9}/\S+)\s*$")
_AFFIL_MARK = re.compile(r"^(?:\^\{?[a-z]{1,2}\}?|[ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖ]|[a-z]\s(?=[A-Z]))\s*(?P<text>.+)$")
_INSTITUTION = re.compile(r"\b(?:Universit|Institut|Laborator|Department|Dept\.|College|School|"
                          r"Cent(?:er|re)|Academy|National|Faculty|Division|Key Lab)", re.I)


def is_furniture(line: str) -> bool:
    s = line.strip().strip("*").strip()
    if not s:
        return True
    return bool(_URL_LINE.match(s) or DATE_LINE.match(s) or COPYRIGHT.match(s)
                or _PAGE_NUMBER.match(s) or _RUNNING_HEAD.match(s) or _EMAIL_LINE.match(s)
                or _DOI_LINE.match(s) or _CITE_THIS.match(s))


def affiliation(line: str) -> tuple[str, str] | None:
    """``^a International Center ..., China.`` -> ("a", "International Center ...")."""
    s = line.strip()
    m = _AFFIL_MARK.match(s)
    if not m or not _INSTITUTION.search(s):
        return None
    mark = re.sub(r"[^a-z]", "", s[:m.start("text")]) or ""
    return mark, m.group("text").strip()


# --------------------------------------------------------------- captions ---

_CAPTION = re.compile(
    r"^(?:\*\*)?(?P<kind>Figure|FIGURE|Fig\.|FIG\.|Figs?\.|Scheme|SCHEME|Table|TABLE|Chart|Box)"
    r"\s*(?P<num>\d{1,3}|[IVX]{1,5})(?:\*\*)?(?P<sep>\s*[.:|]\s*|\s+)(?P<text>.*)$", re.S)
_KIND = {"figure": "Figure", "fig.": "Figure", "figs.": "Figure", "scheme": "Scheme",
         "table": "Table", "chart": "Chart", "box": "Box"}


@dataclass
class CaptionLine:
    label: str  # "Figure 3"
    kind: str  # "Figure" | "Table" | ...
    text: str  # raw caption text after the label


def caption(line: str) -> CaptionLine | None:
    """A caption opens with its label and then a sentence, not a verb: "Fig. 3 shows" is body text."""
    m = _CAPTION.match(line.strip())
    if not m:
        return None
    rest = m.group("text")
    sep = m.group("sep").strip()
    first = rest.lstrip("*_ ")[:1]
    if not sep:
        if not first or not (first.isupper() or first in "(["):
            return None
    elif sep == "." and first and first.islower():
        return None
    kind = _KIND.get(m.group("kind").lower(), m.group("kind").title())
    return CaptionLine(f"{kind} {m.group('num')}", kind, rest.strip())


# --------------------------------------------------------------- headings ---

BODY_NAMES = {
    "introduction", "background", "conclusion", "conclusions", "summary", "outlook",
    "perspective", "perspectives", "conclusions and outlook", "conclusions and perspectives",
    "conclusion and outlook", "conclusion and perspectives", "summary and outlook",
    "summary and perspectives", "summary and perspective", "conclusions and future perspectives",
    "challenges and perspectives", "experimental", "experimental section", "methods",
    "materials and methods", "experimental methods", "results", "discussion",
    "results and discussion", "theory", "computational methods",
}
BACK_NAMES = {
    "acknowledgements", "acknowledgement", "acknowledgments", "acknowledgment",
    "author information", "corresponding author", "corresponding authors", "authors",
    "author contributions", "author contribution", "notes", "biographies", "biography",
    "funding", "funding sources", "conflicts of interest", "conflict of interest",
    "competing interests", "declaration of competing interest", "supporting information",
    "associated content", "data availability", "data availability statement",
    "abbreviations", "present addresses", "present address", "orcid", "vocabulary",
    "credit authorship contribution statement", "keywords",
}
REF_NAMES = {"references", "notes and references", "references and notes", "bibliography",
             "literature cited", "references cited"}

_NUMBERED = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){0,3})(?P<dot>\.?)\s+(?P<rest>\S.*)$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*$")
_ABBREV_BEFORE_DOT = re.compile(r"(?:\b(?:al|vs|e\.g|i\.e|Fig|Figs|ca|etc|approx|Eq|Eqs|Ref|Refs|No|"
                                r"St|Dr|cf|Ph|Co|Inc|Ltd|resp)|\b[A-Z]|\d)$")


@dataclass
class HeadingLine:
    label: str | None  # "3.1.2"
    title: str  # raw title (markup not yet normalised)
    run_in: str = ""  # text that follows a run-in heading on the same line
    markdown_level: int | None = None


def plain(s: str) -> str:
    return re.sub(r"[*_#]", "", s).strip()


def heading_name(line: str) -> str:
    return re.sub(r"\s+", " ", plain(line)).strip(" :.").lower()


def _title_ok(title: str) -> bool:
    p = plain(title)
    if not p or len(p) > 200 or len(p.split()) > 25:
        return False
    first = next((c for c in p if c.isalpha()), "")
    if not first or not (first.isupper() or p[:1] in "(["):
        # sXAS-style lower-case initialisms still open titles ("sXAS for Surface Studies")
        if not re.match(r"^[a-z][A-Z]{2,}", p):
            return False
    return not re.search(r"[,;]$", p)


def _split_run_in(rest: str) -> tuple[str, str] | None:
    for m in re.finditer(r"\.\s+", rest):
        head = rest[:m.start()]
        if _ABBREV_BEFORE_DOT.search(head):
            continue
        tail = rest[m.end():]
        if len(plain(head).split()) > 18 or len(tail.split()) < 3:
            return None
        return head, tail
    return None


def heading(line: str) -> HeadingLine | None:
    """A candidate heading: numbered (standalone or run-in), markdown, or a known name.

    Numbered candidates are only accepted by the caller when their number fits
    the document's numbering so far; that rejects list items and stray numbers.
    """
    s = line.strip()
    md_level = None
    m = _MD_HEADING.match(s)
    if m:
        md_level, s = len(m.group(1)), m.group(2).strip()
    s_plain = plain(s)
    m = _NUMBERED.match(s.replace("**", "") if s.startswith("**") else s)
    if m and (m.group("dot") or "." in m.group("label") or md_level):
        rest = m.group("rest").strip()
        label = m.group("label")
        split = _split_run_in(rest)
        if split and _title_ok(split[0]):
            return HeadingLine(label, split[0], split[1], md_level)
        if _title_ok(rest) and not re.search(r"[.!?]$", plain(rest)):
            return HeadingLine(label, rest, "", md_level)
        if md_level and _title_ok(rest.rstrip(".")):
            return HeadingLine(label, rest.rstrip("."), "", md_level)
        return None
    if m and len(m.group("rest").split()) <= 12:
        # "1 Introduction" (RSC style, no dot): standalone only, never run-in
        rest = m.group("rest").strip()
        if _title_ok(rest) and not re.search(r"[.!?:]$", plain(rest)):
            return HeadingLine(m.group("label"), rest, "", md_level)
    if md_level:
        return HeadingLine(None, s, "", md_level)
    name = heading_name(s)
    if name in BODY_NAMES or name in BACK_NAMES or name in REF_NAMES:
        return HeadingLine(None, s_plain.strip(" :"), "")
    # ALL-CAPS short lines ("AUTHOR INFORMATION") are headings in ACS-style layouts
    letters = re.sub(r"[^A-Za-z]", "", s_plain)
    if (len(letters) >= 6 and letters.isupper() and len(s_plain.split()) <= 10 and " " in s_plain
            and not re.search(r"[.,;:]$", s_plain)):
        return HeadingLine(None, s_plain, "")
    return None


# -------------------------------------------------------------- equations ---

_EQ_SYMBOLS = re.compile(r"[→⇌↔⟶=+]|\\rightarrow|\\leftrightarrow")


def is_equation(line: str) -> bool:
    """A display equation left in the text: short, symbol-heavy, few ordinary words."""
    s = line.strip()
    if len(s) > 160 or not _EQ_SYMBOLS.search(s):
        return False
    words = re.findall(r"\b[a-z]{4,}\b", plain(s))
    return len(words) <= 2 and not re.search(r"[.!?]$", s.rstrip(" )(0123456789"))
