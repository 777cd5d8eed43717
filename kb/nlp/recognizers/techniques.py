"""Technique recognizer: which characterization / computation techniques a sentence names,
and in which mode (in situ, operando, ex situ, calculation).

Surface forms come from kb/vocab/techniques.tsv and are compiled into ONE alternation,
longest form first, so "HRTEM", "STEM", "ETEM" never also yield "TEM" and a sentence is
scanned once. Mode cues are read from the words right before a technique ("in situ and
ex situ XRD", "*In situ* TEM", "in situ high-energy XRD"), right after it ("XRD measured
in operando"), and carried along a coordinated list ("ex situ XRD, Raman, and TEM").
"""
from __future__ import annotations

import re
from functools import cache

from kb.nlp.mentions import TechniqueMention
from kb.nlp.recognizers._common import CaseFree, DASH, SEP_CHARS, CueIndex, folded, load_tsv, lower_same_length

def _surface_regex(surface: str) -> str:
    """Literal surface form -> regex: any dash/space run (or none) between its parts,
    an optional plural -s when it ends in a letter."""
    parts = re.split(f"[{SEP_CHARS}]+", surface)
    body = f"[{SEP_CHARS}]*".join(re.escape(p) for p in parts)
    return body + ("s?" if surface[-1].isalpha() else "")


@cache
def _index() -> CueIndex:
    """All surface forms, longest first so "HRTEM"/"high-resolution TEM" beat "TEM"."""
    rows = sorted(load_tsv("techniques.tsv"), key=lambda r: -len(r[1]))
    entries = []
    for row in rows:
        canon, surface, case = row[0], row[1], row[2]
        default_mode = row[3] if len(row) > 3 and row[3] else None
        canons = tuple(c.strip() for c in canon.split(","))
        entries.append((_surface_regex(surface), case == "cs", (canons, default_mode)))
    return CueIndex(entries)


# ---- mode cues ---------------------------------------------------------------------------
_MODE_WORD = (
    rf"(?P<insitu>in[\s{DASH}]?situ)|(?P<inop>in[\s{DASH}]operando)|(?P<op>operando)"
    rf"|(?P<ex>ex[\s{DASH}]?situ)|(?P<pm>post[\s{DASH}]?mortem)"
)
_MODE_RE = CaseFree(re.compile(rf"(?<![A-Za-z])(?:{_MODE_WORD})(?![A-Za-z])", re.I))
_MODE_OF = {"insitu": "in_situ", "inop": "operando", "op": "operando", "ex": "ex_situ", "pm": "ex_situ"}

# Between a mode cue and its technique only modifiers may stand: "in situ high-energy XRD",
# "in situ synchrotron hard X-ray nanotomography", "in situ and ex situ XRD".
_STOP_WORDS = CaseFree(re.compile(
    r"\b(?:of|the|a|an|for|by|using|with|was|were|is|are|be|been|to|from|during|upon|on|at|"
    r"which|that|this|these|we|it|its|their|after|before|into|as|than|via|through|while|"
    r"sodiation|lithiation|potassiation|desodiation|delithiation|cycling|reaction|process|"
    r"experiments?|studies|study|observations?|measurements?)\b",
    re.I,
))
_HARD_BREAK = re.compile(r"[.;:()\[\]]|,(?!\s*(?:and\s+)?(?:in[\s-]?situ|ex[\s-]?situ|operando))")
# Between two techniques of one list: separators plus plain nouns ("and IFFT patterns, ").
_LIST_STOP = CaseFree(re.compile(
    r"[.;:()\[\]]|\b(?:of|the|for|by|using|with|was|were|is|are|be|been|to|from|during|upon|"
    r"on|at|which|that|we|while|whereas|but|than|via|through|in|showed|shows|reveal\w*|"
    r"indicat\w*|confirm\w*|demonstrat\w*)\b",
    re.I,
))
_AFTER_MODE = CaseFree(re.compile(
    rf"\s*(?:(?:measurements?|experiments?|analys[ie]s|studies|study|characteri[sz]ations?|"
    rf"tests?|observations?|imaging|patterns?|spectra|data|was|were|is|are|carried\s+out|"
    rf"performed|conducted|measured|collected|recorded|acquired|taken|images?|investigations?|"
    rf"observed|monitored|followed|tracked|studied|analy[sz]ed|examined|characteri[sz]ed|also|both)\s+){{0,3}}"
    rf"(?:in[\s{DASH}]?situ|in[\s{DASH}]operando|operando|ex[\s{DASH}]?situ|post[\s{DASH}]?mortem)"
    rf"(?![A-Za-z])",
    re.I,
))
_CHAIN_JOIN = re.compile(r"[\s*_]*(?:/|,|and|or|,\s*and|&)[\s*_]*", re.I)
_OPEN_BRACKET = re.compile(r"\s*\(\s*")
_SLASH_JOIN = re.compile(r"^[\s*_]*/[\s*_]*$")


def _modes_before(text: str, start: int, floor: int) -> list[str]:
    """Modes whose cues stand right before position ``start`` (not before ``floor``)."""
    window_start = max(floor, start - 80)
    low = folded(text)
    if low is not None:
        near = low[window_start:start]
        if "situ" not in near and "operando" not in near and "mortem" not in near:
            return []  # every mode cue spells one of them (_MODE_WORD)
    window = text[window_start:start]
    cues = list(_MODE_RE.finditer(window))
    if not cues:
        return []
    last = cues[-1]
    gap = window[last.end():]
    if _HARD_BREAK.search(gap) or _STOP_WORDS.search(gap) or len(gap.split()) > 4:
        return []
    # walk back over a chain of cues: "in situ and ex situ", "in situ/operando"
    chain = [last]
    for prev in reversed(cues[:-1]):
        between = window[prev.end():chain[0].start()]
        if _CHAIN_JOIN.fullmatch(between):
            chain.insert(0, prev)
        else:
            break
    modes: list[str] = []
    for i, cue in enumerate(chain):
        if i > 0 and _SLASH_JOIN.match(window[chain[i - 1].end():cue.start()]):
            continue  # "in situ/operando": synonyms, the first names the mode
        mode = _MODE_OF[cue.lastgroup]
        if mode not in modes:
            modes.append(mode)
    return modes


def find(text: str) -> list[TechniqueMention]:
    """Technique mentions of one sentence, sorted by start; one mention per (span, mode)."""
    found = _index().finditer(text)
    if not found:
        return []  # most sentences name no technique
    raw = []  # (start, end, canonicals, default_mode)
    for start, end, (canons, default_mode) in found:
        if canons == ("PDF",) and _is_pdf_file(text, start, end):
            continue
        if canons == ("CV",) and _is_not_cv(text, end):
            continue
        raw.append([start, end, canons, default_mode])
    # "transmission electron microscopy (TEM)": one mention spanning both
    merged: list[list] = []
    for item in raw:
        if merged:
            prev = merged[-1]
            between = text[prev[1]:item[0]]
            if prev[2] == item[2] and _OPEN_BRACKET.fullmatch(between) and text[item[1]:item[1] + 1] == ")":
                prev[1] = item[1] + 1
                continue
        merged.append(item)

    out: list[TechniqueMention] = []
    prev_modes: list[str] = []
    prev_end = 0
    low = lower_same_length(text)
    has_mode_cue = "situ" in low or "operando" in low or "mortem" in low
    for start, end, canons, default_mode in merged:
        if default_mode:
            modes = [default_mode]
        elif not has_mode_cue:
            modes = []
        else:
            modes = _modes_before(text, start, prev_end)
            if not modes:
                after = _AFTER_MODE.match(text, end)
                if after:
                    modes = [_MODE_OF[_MODE_RE.search(after.group(0)).lastgroup]]
            if not modes and prev_modes and prev_end:
                gap = text[prev_end:start]
                if len(gap) <= 45 and not _LIST_STOP.search(gap) and not _MODE_RE.search(gap):
                    modes = prev_modes
        for canon in canons:
            for mode in modes or [None]:
                out.append(TechniqueMention(start, end, text[start:end], canon, mode))
        prev_modes = [m for m in modes if m != "calculation"]
        prev_end = end
    out.sort(key=lambda t: (t.start, t.end, t.technique, t.mode or ""))
    return out


_PDF_FILE = re.compile(
    r"^\s*(?:[#:]|no\.?\s*\d|card|file|format|version|document|\d|[-‐]\s*\d|number|reference)",
    re.I,
)


_CARD_BEFORE = re.compile(r"(?:JCPDS|ICDD|ICSD|standard|reference|Supporting\s+Information)\W*$", re.I)
_NOT_CV_AFTER = re.compile(r"\s*(?:of\s+variation|\(%\))", re.I)


def _is_pdf_file(text: str, start: int, end: int) -> bool:
    """'PDF' is the pair distribution function, unless it is a powder-diffraction card
    ('PDF#17-0320', 'JCPDS/PDF card') or a file ('PDF file', 'Supporting Information PDF')."""
    if _PDF_FILE.match(text[end:end + 12]):
        return True
    before = text[max(0, start - 25):start]
    return bool(_CARD_BEFORE.search(before))


def _is_not_cv(text: str, end: int) -> bool:
    """'CV' is cyclic voltammetry; 'CV of variation' or 'CV (%)' style uses are not."""
    return bool(_NOT_CV_AFTER.match(text[end:end + 20]))
