"""Reference lists of PDF-converted papers -> ``schemas.Reference``.

Two printed styles cover most of the field: ACS (``(12) Surname, I.; ...
Title. *Journal* **2019**, *7*, 1–10.``) and RSC/Elsevier-like (``12 I. Surname
and J. Other, *Journal*, 2019, **7**, 1–10.``). Converters glue several
entries onto one line or break one entry over lines, so entries are found by
their running number: a label only counts when it is the next number expected,
which keeps page numbers and volume numbers from being mistaken for labels.
"""
from __future__ import annotations

import re

from parsers.text_normalize import normalize_text
from schemas.article import Reference

_LABEL_PATTERNS = [
    re.compile(r"(?:^|(?<=\s))\((\d{1,4})\)\s+"),          # (12) ACS
    re.compile(r"(?:^|(?<=\s))\[(\d{1,4})\]\s+"),          # [12]
    re.compile(r"^\s*[-•]?\s*(\d{1,4})\.?\s+(?=\S)", re.M),  # - 12 / 12. (line starts only)
]
_DOI = re.compile(r"(10\.\d{4,9}/[^\s,;\"<>]+)")
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_BOLD_YEAR = re.compile(r"\*\*((?:19|20)\d\d)\*\*")


def _pick_pattern(text: str) -> re.Pattern | None:
    best, best_n = None, 0
    for pat in _LABEL_PATTERNS:
        nums = [int(m.group(1)) for m in pat.finditer(text)]
        n = sum(1 for a, b in zip(nums, nums[1:]) if b == a + 1)
        if n > best_n:
            best, best_n = pat, n
    return best if best_n >= 2 else None


def split_entries(text: str) -> list[tuple[str, str]]:
    """(label, raw entry) in order; a label counts only if it continues the numbering."""
    text = re.sub(r"\*\*(\d{2,3})\*\*(\d)", r"**\1\2**", text)  # "**201**7"
    pat = _pick_pattern(text)
    if pat is None:
        return []
    starts: list[tuple[int, int, str]] = []
    expected = None
    for m in pat.finditer(text):
        n = int(m.group(1))
        at_line_start = m.start() == 0 or text[m.start() - 1] == "\n" or text[:m.start()].endswith("\n")
        if expected is None:
            ok = n <= 2
        elif at_line_start:
            ok = expected <= n <= expected + 5
        else:
            ok = n in (expected, expected + 1)
        if ok:
            starts.append((m.start(), m.end(), str(n)))
            expected = n + 1
    entries = []
    for k, (s, e, label) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(text)
        raw = re.sub(r"\s+", " ", text[e:end]).strip()
        if raw:
            entries.append((label, raw))
    return entries


def _italic_spans(raw: str) -> list[re.Match]:
    return list(re.finditer(r"(?<!\*)\*([^*]+)\*(?!\*)", raw))


def _split_authors(segment: str) -> list[str]:
    seg = normalize_text(segment).rstrip(",.;").strip()
    if not seg:
        return []
    if ";" in seg:
        parts = [p.strip() for p in seg.split(";")]
    elif re.fullmatch(r"[^,]+,\s*(?:[A-Z][a-z]?\.[\s-]*)+", seg + "."):
        parts = [seg]  # one ACS author: "Shao, M."
    else:
        parts = [p.strip() for p in re.split(r",\s*(?:and\s+)?|\s+and\s+", seg)]
    out = []
    for p in parts:
        p = re.sub(r"^and\s+", "", p).strip(" ,.")
        if p:
            out.append(p + ("." if re.search(r"\b[A-Z]$", p) else ""))
    return [a for a in out if a and a.lower() not in ("et al", "et al.")]


def _acs_authors_end(raw: str) -> int | None:
    """End of an ACS author list: the first initial followed by a word that is not a name part."""
    for m in re.finditer(r"\b[A-Z][a-z]?\.(?=\s+\S)", raw):
        nxt = raw[m.end():].lstrip()
        if re.match(r"[A-Z][a-z]?\.(?:[\s;,-]|$)", nxt):
            continue  # another initial
        if ";" in raw[:m.end()] or "," in raw[:m.end()]:
            return m.end()
    return None


def _title_end(zone: str) -> int | None:
    """Where an ACS title stops: a full stop after a real word, before a capital."""
    for m in re.finditer(r"([?!]|(?<=[A-Za-z0-9)\]}][A-Za-z0-9)\]}])\.)\s+(?=[A-Z*\d])", zone):
        return m.end()
    return None


def parse_entry(label: str, raw: str) -> Reference:
    ref = Reference(label=label, text=normalize_text(raw))
    m = _DOI.search(raw)
    if m:
        ref.doi = m.group(1).rstrip(".")
    italics = _italic_spans(raw)
    year_m = _BOLD_YEAR.search(raw)
    # journal: the italic span right before the year (ACS: *J* **2019**; RSC: *J*, 2019,)
    journal_m = None
    for it in italics:
        after = raw[it.end():it.end() + 14]
        if re.match(r"\s*,?\s*(?:\*\*)?(?:19|20)\d\d", after):
            journal_m = it
            break
    if year_m is None:
        cand = [y for y in _YEAR.finditer(raw) if journal_m is None or y.start() > journal_m.end()]
        year_m = cand[0] if cand else None
    if year_m:
        ref.year = int(year_m.group(1))
    if journal_m:
        ref.journal = normalize_text(journal_m.group(1)).strip(" ,")
        tail = raw[journal_m.end():]
        vol = re.search(r"(?:19|20)\d\d\**,\s*\*{0,2}([\w-]+)\*{0,2}", tail)
        if vol:
            ref.volume = vol.group(1)
        pages = re.search(r",\s*([A-Za-z]?\d+(?:\s*[−–-]\s*[A-Za-z]?\d+)?)\.?\s*$", tail)
        if pages:
            ref.pages = pages.group(1).replace(" ", "")
    initials_first = re.match(r"(?:[A-Z][a-z]?\.[\s-]*)+[A-Z][a-z]", raw) is not None
    acs_end = None if initials_first else _acs_authors_end(raw)
    if acs_end is not None and (journal_m is None or acs_end < journal_m.start()):
        ref.authors = _split_authors(raw[:acs_end])
        title_zone = raw[acs_end:journal_m.start() if journal_m else None].strip()
        if journal_m is None and year_m:
            title_zone = raw[acs_end:year_m.start()]
        tm = _title_end(title_zone)
        title = title_zone[:tm] if tm else title_zone
        title = normalize_text(title).strip(" .")
        if len(title.split()) >= 2:
            ref.title = title
        if journal_m is None and tm and year_m:
            j = normalize_text(title_zone[tm:]).strip(" ,")
            if j:
                ref.journal = j
    elif journal_m:
        ref.authors = _split_authors(raw[:journal_m.start()])
    return ref


def parse_references(text: str) -> list[Reference]:
    seen: set[str] = set()
    refs = []
    for label, raw in split_entries(text):
        if label in seen:
            continue
        seen.add(label)
        refs.append(parse_entry(label, raw))
    return refs
