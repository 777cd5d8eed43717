"""Front matter of PDF-converted papers: title, authors, journal, year, DOI, keywords.

The printed first page carries metadata in loose, publisher-specific lines
("Cite this: Energy Environ. Sci., 2021, 14, 2670", "Received: September 1,
2021", "DOI: 10.1039/...", a journal URL). Each helper reads one of those
shapes; none depends on a particular paper's wording.
"""
from __future__ import annotations

import re

from parsers.text_normalize import normalize_text
from schemas.article import Author

_DOI_RE = re.compile(r"(?:doi\s*:?\s*|doi\.org/|/doi/(?:abs/|full/|pdf/)?|pubs\.acs\.org/)(10\.\d{4,9}/[^\s\"<>,;]+)", re.I)
_YEAR_RE = re.compile(r"\b((?:19|20)\d\d)\b")
_CITE_THIS_RE = re.compile(r"Cite this\s*:\s*\*?(?P<journal>[^*,]+?)\*?\s*,\s*(?P<year>(?:19|20)\d\d)", re.I | re.S)

# DOI prefixes/codes of journals common in this field -> printed abbreviation.
# Used only when the paper never prints its journal name (ACS first pages show
# just a URL such as pubs.acs.org/journal/aelccp).
_DOI_JOURNALS = [
    (r"^10\.1021/acsenergylett\.", "ACS Energy Lett."),
    (r"^10\.1021/acsami\.", "ACS Appl. Mater. Interfaces"),
    (r"^10\.1021/acsaem\.", "ACS Appl. Energy Mater."),
    (r"^10\.1021/acsnano\.", "ACS Nano"),
    (r"^10\.1021/acs\.nanolett\.", "Nano Lett."),
    (r"^10\.1021/acs\.chemmater\.", "Chem. Mater."),
    (r"^10\.1021/acs\.chemrev\.", "Chem. Rev."),
    (r"^10\.1021/acs\.accounts\.", "Acc. Chem. Res."),
    (r"^10\.1021/acs\.jpcc\.", "J. Phys. Chem. C"),
    (r"^10\.1021/jacs\.", "J. Am. Chem. Soc."),
    (r"^10\.1021/acscentsci\.", "ACS Cent. Sci."),
    (r"^10\.1039/[a-z]\d[a-z]{0,2}ee", "Energy Environ. Sci."),
    (r"^10\.1039/[a-z]\d[a-z]{0,2}ta", "J. Mater. Chem. A"),
    (r"^10\.1039/[a-z]\d[a-z]{0,2}cs", "Chem. Soc. Rev."),
    (r"^10\.1039/[a-z]\d[a-z]{0,2}cc", "Chem. Commun."),
    (r"^10\.1039/[a-z]\d[a-z]{0,2}nr", "Nanoscale"),
    (r"^10\.1039/[a-z]\d[a-z]{0,2}cp", "Phys. Chem. Chem. Phys."),
    (r"^10\.1039/[a-z]\d[a-z]{0,2}ra", "RSC Adv."),
    (r"^10\.1039/[a-z]\d[a-z]{0,2}sc", "Chem. Sci."),
    (r"^10\.1016/j\.ensm\.", "Energy Storage Mater."),
    (r"^10\.1016/j\.nanoen\.", "Nano Energy"),
    (r"^10\.1016/j\.jpowsour\.", "J. Power Sources"),
    (r"^10\.1038/s41560", "Nat. Energy"),
    (r"^10\.1038/s41467", "Nat. Commun."),
]
_ACS_CODEN = {"aelccp": "ACS Energy Lett.", "aamick": "ACS Appl. Mater. Interfaces",
              "aaemcq": "ACS Appl. Energy Mater.", "ancac3": "ACS Nano", "nalefd": "Nano Lett.",
              "cmatex": "Chem. Mater.", "jacsat": "J. Am. Chem. Soc.", "chreay": "Chem. Rev."}


def find_doi(text: str) -> str | None:
    m = _DOI_RE.search(text)
    return m.group(1).rstrip(".)") if m else None


def journal_from_doi(doi: str | None) -> str | None:
    if not doi:
        return None
    for pat, name in _DOI_JOURNALS:
        if re.match(pat, doi, re.I):
            return name
    return None


def journal_from_url(text: str) -> str | None:
    m = re.search(r"pubs\.acs\.org/journal/([a-z0-9]+)", text)
    return _ACS_CODEN.get(m.group(1)) if m else None


def cite_this(block: str) -> tuple[str | None, int | None]:
    m = _CITE_THIS_RE.search(block)
    if not m:
        return None, None
    return normalize_text(m.group("journal")).strip(" ,"), int(m.group("year"))


def years_in(line: str) -> list[int]:
    return [int(y) for y in _YEAR_RE.findall(line)]


_PARTICLES = {"de", "van", "von", "der", "den", "da", "di", "la", "le", "du", "dos", "del", "y", "bin", "al"}


def _name_token(tok: str) -> bool:
    """A word of a personal name: capitalised (any script with case), an initial, or a particle."""
    if tok in _PARTICLES:
        return True
    if re.fullmatch(r"(?:[^\W\d_]\.-?)+", tok):  # initials "J.", "J.-M."
        return tok[0].isupper()
    core = re.sub(r"[-'’]", "", tok)
    return bool(core) and core.isalpha() and tok[0].isupper() and not core.isupper()


_MASTHEADS = {
    "acs energy letters", "energy & environmental science", "energy and environmental science",
    "journal of materials chemistry a", "chemical society reviews", "nano letters", "acs nano",
    "nature energy", "nature communications", "advanced energy materials", "advanced materials",
    "advanced functional materials", "angewandte chemie", "chemistry of materials", "nano energy",
    "energy storage materials", "journal of the american chemical society", "chemical reviews",
    "acs applied materials & interfaces", "acs applied energy materials", "small", "joule",
    "chemical communications", "nanoscale", "rsc advances", "journal of power sources",
}
_SECTION_TAGS = {"review", "review article", "reviews", "article", "research article", "letter",
                 "communication", "perspective", "minireview", "mini review", "feature article",
                 "full paper", "open access", "highlight", "focus review", "tutorial review"}


def masthead(text: str) -> str | None:
    """A journal masthead or article-type tag at the top of page 1 ("Energy & Environmental
    Science", "REVIEW"): returns the journal name for mastheads, "" for tags, None otherwise."""
    key = " ".join(re.sub(r"[*#_]", "", text).split()).strip(" .").lower()
    if key in _MASTHEADS:
        return " ".join(re.sub(r"[*#_]", "", text).split()).strip(" .")
    if key in _SECTION_TAGS:
        return ""
    return None


def _author_marks(chunk: str) -> tuple[str, list[str]]:
    """Name without its markers, and its affiliation letters (``^{ab}`` -> a, b)."""
    marks: list[str] = []
    for m in re.finditer(r"\^\{([^}]*)\}|\^([a-z*])|\[([^\]]*)\]", chunk):
        grp = next(g for g in m.groups() if g is not None)
        marks.extend(c for c in grp if c.isalpha() and c.islower())
    name = re.sub(r"\^\{[^}]*\}|\^[a-z*]|\[[^\]]*\]|[*†‡§¶#]|[ᵃᵇᶜᵈᵉᶠᵍʰⁱ¹²³⁴⁵⁶⁷⁸⁹⁰,]", " ", chunk)
    return " ".join(name.split()), marks


def parse_authors(block: str) -> list[tuple[Author, list[str]]] | None:
    """An author line ("A. Name,^{ab} B. Name and C. Name*") or None if it is not one."""
    flat = " ".join(block.split())
    if len(flat) > 1200 or re.search(r"[.!?]\s*$", flat.rstrip("*")) and not re.search(r"\b[A-Z]\.$", flat):
        return None
    parts = re.split(r",\s*(?:and\s+)?|\s+and\s+|;\s*", flat)
    out: list[tuple[Author, list[str]]] = []
    for part in parts:
        part = part.strip()
        if not part:
            continue
        lead = re.match(r"^(?:\^\{[^}]*\}|\^[a-z*]|\[[^\]]*\]|[*†‡§¶#])+\s*", part)
        if lead and out:  # "Yousef,^{ab} Naseer": the marks after the comma are Yousef's
            out[-1][1].extend(_author_marks("x" + lead.group(0))[1])
            part = part[lead.end():]
        name, marks = _author_marks(part)
        if not name:
            # a marker that got split off by the comma split ("Yousef,^{ab}")
            if out:
                out[-1][1].extend(_author_marks("x" + part)[1])
            continue
        toks = name.split()
        if not (2 <= len(toks) <= 5) or not all(_name_token(t) for t in toks):
            return None
        out.append((Author(name=normalize_text(name)), marks))
    for _, marks in out:
        marks[:] = list(dict.fromkeys(marks))
    return out if len(out) >= 1 else None


def parse_keywords(line: str) -> list[str]:
    body = re.sub(r"^\W*key\s*words?\W*", "", line, flags=re.I)
    return [k for k in (normalize_text(x).strip(" .") for x in re.split(r"[;,•·|]", body)) if k]
