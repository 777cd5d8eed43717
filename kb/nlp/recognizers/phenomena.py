"""Phenomenon recognizer: degradation and reaction phenomena (cracking, volume expansion,
SEI formation ...) and the measured quantities that characterise them (reaction-front
speed in nm/s, diffusion coefficients in cm2/s, diffusion barriers in eV, initial
Coulombic efficiency and volume expansion in %).

Word cues come from kb/vocab/phenomena.tsv. A value is tied to a phenomenon by its unit
(nm/s is always a speed, cm2/s a diffusivity) or, for ambiguous units (%, eV, nm), by the
nearest cue before it in the same clause: "initial Coulombic efficiencies ... are 56.4%,
51.1%, and 46.4%" gives three values, "capacity retention of 90%" gives none. Negated
mentions ("no cracks were observed", "crack-free") are kept and flagged.
"""
from __future__ import annotations

from dataclasses import replace

import re
from functools import cache

from kb.nlp.mentions import PhenomenonMention
from kb.nlp.recognizers._common import (
    CaseFree,
    DASH,
    NEG,
    NUMBER,
    CueIndex,
    clause_bounds,
    is_hedged,
    is_negated,
    load_tsv,
    to_float,
)


@cache
def _index() -> CueIndex:
    entries = []
    for row in load_tsv("phenomena.tsv"):
        names, regex = row[0], row[1]
        case_sensitive = len(row) > 2 and row[2] == "cs"
        needs_first = len(row) > 3 and row[3] == "first_cycle"
        entries.append((regex, case_sensitive, (tuple(n.strip() for n in names.split(",")), needs_first)))
    return CueIndex(entries)


# ---- numbers and units ------------------------------------------------------------------
_MINUS = f"[{DASH}\u207b]"
_SCI = (
    rf"(?:{NUMBER}\s*[×x✕\*·]\s*)?10\s*(?:\^\s*\{{?\s*)?{_MINUS}\s*\d+\}}?"
    rf"|{NUMBER}\s*[eE]{_MINUS}?\d+"
)
_APPROX = r"(?:[≈~∼<>≤≥]|ca\.|about|approximately|around|roughly|nearly|up\s+to|as\s+(?:high|low|large|fast)\s+as)"
_SEPAR = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to)\s+|\s*[-‐–−~]\s*)"

_UNITS = {
    # unit name -> (regex, canonical unit, factor)
    "pct": (r"%|percent\b", "%", 1.0),
    "nm_s": (rf"nm\s*[·⋅•]?\s*(?:s{NEG}[1¹]\}}?|/\s*s\b|per\s+second)", "nm/s", 1.0),
    "um_s": (rf"[µμu]m\s*[·⋅•]?\s*(?:s{NEG}[1¹]\}}?|/\s*s\b|per\s+second)", "nm/s", 1000.0),
    "a_s": (rf"Å\s*(?:s{NEG}[1¹]\}}?|/\s*s\b)", "nm/s", 0.1),
    "cm2_s": (rf"cm\s*(?:\^\s*\{{?\s*)?[2²]\}}?\s*[·⋅•]?\s*(?:s{NEG}[1¹]\}}?|/\s*s\b)", "cm2/s", 1.0),
    "ev": (rf"eV\b(?!\s*(?:K|/\s*K|atom|per|f\.?u))", "eV", 1.0),
    "mev": (rf"meV\b(?!\s*(?:K|/\s*K|atom|per|f\.?u))", "eV", 0.001),
    "nm": (rf"nm\b(?!\s*(?:/|s{NEG}[1¹]|per\s+s))", "nm", 1.0),
}


# Every value starts with a digit, a point and a digit, an approximation sign or an
# approximation word (_APPROX, NUMBER, _SCI): a lookahead in front only lets the scan
# reject other positions cheaply.
_VALUE_START = r"(?=\d|\.\d|[≈~∼<>≤≥]|ca\.|about|approximately|around|roughly|nearly|up\s|as\s)"


def _series_regex(num: str, unit: str) -> re.Pattern[str]:
    val = rf"(?:{_APPROX}\s*)?(?:{num})"
    return re.compile(
        rf"{_VALUE_START}(?<![\w.{DASH}\u207b^{{/]){val}(?:\s*(?:{unit}))?(?:{_SEPAR}{val}(?:\s*(?:{unit}))?)*\s*(?:{unit})"
    )


_SERIES = {
    key: (
        _series_regex(_SCI if key == "cm2_s" else NUMBER, regex),
        re.compile(regex),
        re.compile(_SCI if key == "cm2_s" else NUMBER),
        unit,
        factor,
    )
    for key, (regex, unit, factor) in _UNITS.items()
}
# literal hints: a unit regex is only run on sentences containing one of its hints
_HINTS = {
    "pct": ("%", "percent"), "nm_s": ("nm",), "um_s": ("µm", "μm", "um s", "um/s"), "a_s": ("Å",),
    "cm2_s": ("cm",), "ev": ("eV",), "mev": ("meV",), "nm": ("nm",),
}


_SPACES = re.compile(r"\s+")
_POWER_OF_TEN = re.compile(rf"(?:({NUMBER})[×x✕\*·])?10(?:\^\{{?)?{_MINUS}(\d+)\}}?")
_E_NOTATION = re.compile(rf"({NUMBER})[eE]({_MINUS})?(\d+)")


def _parse(num: str) -> float:
    num = _SPACES.sub("", num)
    m = _POWER_OF_TEN.fullmatch(num)
    if m:
        return (to_float(m.group(1)) if m.group(1) else 1.0) * 10.0 ** -int(m.group(2))
    m = _E_NOTATION.fullmatch(num)
    if m:
        return to_float(m.group(1)) * 10.0 ** (-int(m.group(3)) if m.group(2) else int(m.group(3)))
    return to_float(num)


_AFTER_TIMES = re.compile(r"[×x✕\*·]\s*$")


_DIGIT = re.compile(r"\d")


_UNIT_HINTS = ("%", "nm", "cm", "m s", "m/s", "percent", "Å")


def _may_have_values(text: str) -> bool:
    """Cheap gate: no unit character and no '10' (of a power of ten) means no value, and
    every value has a digit (NUMBER, _SCI); the substring tests first, as they are cheaper
    than a digit scan and rule out most sentences ("eV" and "10" behind a one-character
    test, which is several times cheaper than a two-character one)."""
    return (any(map(text.__contains__, _UNIT_HINTS)) or ("V" in text and "eV" in text)
            or ("1" in text and "10" in text)) and _DIGIT.search(text) is not None


def _values(text: str):
    """Yield (start, end, value, unit_key) for every number in a value series."""
    if _may_have_values(text):
        yield from _gated_values(text)


def _gated_values(text: str):
    """_values for a sentence that passed _may_have_values (find tests it once)."""
    taken: list[tuple[int, int]] = []
    for key, (series, unit_re, num_re, _unit, factor) in _SERIES.items():
        for hint in _HINTS[key]:
            if hint in text:
                break
        else:
            continue
        first = unit_re.search(text)
        if first is None:
            continue
        lo = max(0, first.start() - 200)
        for sm in series.finditer(text, lo):
            if any(s < sm.end() and sm.start() < e for s, e in taken):
                continue
            if _AFTER_TIMES.search(text, max(0, sm.start() - 3), sm.start()):
                continue  # the exponent of "8.6 × 10−5 eV K−1" is not a value
            taken.append((sm.start(), sm.end()))
            chunk = sm.group(0)
            masked = unit_re.sub(lambda u: " " * len(u.group(0)), chunk)
            for nm in num_re.finditer(masked):
                start = sm.start() + nm.start()
                rest = chunk[nm.end():]
                unit_after = unit_re.match(chunk, nm.end() + len(rest) - len(rest.lstrip()))
                end = sm.start() + (unit_after.end() if unit_after else nm.end())
                yield start, end, float(f"{_parse(nm.group(0)) * factor:.10g}"), key
    yield from _unitless_diffusivities(text, taken)


_DIFF_CUE = CaseFree(re.compile(r"diffusion\s+coefficient|diffusivit|\bD(?:Na|Li|K|Mg|Zn)\s?[+⁺]?", re.I))
_SCI_ONLY = re.compile(
    rf"{_VALUE_START}(?<![\w.{DASH}\u207b^{{/])(?:{_APPROX}\s*)?(?:{_SCI})(?:{_SEPAR}(?:{_APPROX}\s*)?(?:{_SCI}))*"
)
_SCI_NUM = re.compile(_SCI)
_EXPONENT = re.compile(rf"{_MINUS}\s*(\d+)\}}?\s*$")


def _unitless_diffusivities(text: str, taken: list[tuple[int, int]]):
    """'diffusion coefficients ... are 3.89 × 10−14 to 1.66 × 10−13': in battery papers a
    diffusion coefficient written without its unit is in cm2/s."""
    if "10" not in text or not (
        "iffusi" in text or "DNa" in text or "DLi" in text or "DK" in text) or not _DIFF_CUE.search(text):
        return
    for sm in _SCI_ONLY.finditer(text):
        if any(s < sm.end() and sm.start() < e for s, e in taken):
            continue
        for nm in _SCI_NUM.finditer(sm.group(0)):
            exp = _EXPONENT.search(nm.group(0))
            if exp is None or int(exp.group(1)) < 6:
                continue
            start = sm.start() + nm.start()
            yield start, sm.start() + nm.end(), float(f"{_parse(nm.group(0)):.10g}"), "cm2_s"


# ---- which phenomenon an ambiguous value belongs to -----------------------------------
_PCT_CUES = CaseFree(re.compile(
    r"(?P<ice>(?:initial|first[-‐\s]+cycle|first|1st)\s+(?:cycle\s+)?(?:coulombic|coulomb|columbic)\s+"
    r"efficienc\w*|\bICEs?\b|\binitial\s+CEs?\b|(?:coulombic|coulomb)\s+efficienc\w*\s+(?:\w+\s+){0,3}?"
    r"(?:first|initial)\s+cycle)"
    r"|(?P<exp>expan\w*|swell\w*|volume(?:tric)?\s+(?:change|variation|increase)\w*)"
    r"|(?P<ce>(?:coulombic|coulomb)\s+efficienc\w*(?:\s*\(CEs?\))?|\bCEs?\b)"
    r"|(?P<block>retention|retain\w*|maintain\w*|\bwt\b|"
    r"weight|\bat\.|capacit\w*|efficienc\w*|porosity|yield|contribut\w*|ratio|proportion|content|"
    r"decreas\w*|utili[sz]ation|loss|fraction|selectivity|humidity|SOC|DOD|depth|dop\w*|purity|"
    r"accuracy|error|deviation|occupancy|fading|decay)",
    re.I,
))
# A first/initial cue names the first cycle; "after the first few cycles" names later ones.
_FIRST_CUE = CaseFree(re.compile(
    r"\b(?:first|initial|1st)\b(?![\s-]+(?:few|several|couple|two|three|four|five|ten|\d+)\b)|\bICEs?\b",
    re.I,
))
# Wording that moves a value away from the first cycle: "after the first few cycles",
# "stabilizes at 99.8% in later cycles", "in subsequent cycles", "after 50 cycles".
_LATER_CUE = CaseFree(re.compile(
    r"\b(?:after|beyond|following)\s+(?:the\s+)?(?:first|initial)\s+(?:few|several|couple|two|three|four|five|ten|\d+)\b"
    r"|\b(?:later|subsequent|following|succeeding|remaining|prolonged|further)\s+cycl\w*|\bsubsequent(?:ly)?\b"
    r"|\bstabili[sz]\w*|\b(?:after|over|upon|within|in|for)\s+(?:the\s+)?(?:\d[\d,]*|several|a\s+few|few)\s+cycles"
    r"|\b(?:[2-9]|\d{2,})(?:th|nd|rd|st)\s+cycles?|\b\d+\s+cycles|\baverage|\bsteady|\bthereafter|\bafterwards?\b",
    re.I,
))
_NEXT_NUMBER = re.compile(r"\d")
_PHRASE_BREAK = re.compile(r"[,;]|\band\b|\bwhile\b|\bwhereas\b")
_PCT_AFTER = CaseFree(re.compile(r"\s*(?:[\w-]+\s+){0,2}?(?:volume(?:tric)?\s+)?(?:expansion|swelling|volume\s+change)", re.I))
_EV_CUES = CaseFree(re.compile(
    r"(?P<bar>barriers?|activation\s+energ\w*|migration\s+energ\w*)"
    r"|(?P<block>binding|band\s*gaps?|gaps?|peaks?|photon|adsorption\s+energ\w*|formation\s+energ\w*|"
    r"work\s+function|edge|satellite|spin)",
    re.I,
))
_BARRIER_AFTER = re.compile(r"barrier|activation\s+energ", re.I)
_SEI_CUE = CaseFree(re.compile(r"\bSEI|solid[-‐\s]+electrolyte[-‐\s]+inter(?:phase|face)|passivation\s+(?:layer|film)", re.I))


def _nearest_cue(regex: re.Pattern[str], text: str, lo: int, hi: int) -> str | None:
    m = _nearest_match(regex, text, lo, hi)
    return None if m is None else m.lastgroup


def _nearest_match(regex: re.Pattern[str], text: str, lo: int, hi: int) -> re.Match[str] | None:
    last = None
    for m in regex.finditer(text, lo, hi):
        last = m
    return last


def _later_cycle_after(text: str, end: int, right: int) -> bool:
    """Later-cycle wording right after a value, before the next number of the clause:
    "... stabilizes at 99.8% in later cycles" (the value is not a first-cycle one)."""
    hi = min(right, end + 40)
    later = _LATER_CUE.search(text, end, hi)
    if later is None:
        return False
    nxt = _NEXT_NUMBER.search(text, end, hi)
    if nxt is not None and later.start() > nxt.start():
        return False
    # "an ICE of 81%, and after 100 cycles the retention is 90%": a new phrase begins
    return not _PHRASE_BREAK.search(text, end, later.start())


def _is_first_cycle_ce(text: str, cue: re.Match[str], start: int, end: int, left: int, right: int) -> bool:
    """A Coulombic efficiency is the INITIAL one only when a first-cycle cue governs this
    value: in its clause, before it, with no later-cycle wording between the cue and the
    value or right after the value."""
    if cue.lastgroup == "ice":
        first_at = cue.start()
    else:
        # "the first cycling capacities of A, B and C are ..., and their Coulombic
        # efficiencies are ...": the cue may open a long clause that the CE refers back to
        first = _nearest_match(_FIRST_CUE, text, max(left, cue.start() - 250), start)
        if first is None:
            return False
        first_at = first.start()
    if _LATER_CUE.search(text, first_at, start):
        return False
    return not _later_cycle_after(text, end, right)


def _classify(text: str, start: int, end: int, key: str) -> tuple[str | None, str]:
    """(phenomenon or None, canonical unit) for one value."""
    unit = _UNITS[key][1]
    if unit == "nm/s":
        return "reaction_speed", unit
    if unit == "cm2/s":
        return "diffusion_coefficient", unit
    left, right = clause_bounds(text, start, end)
    if unit == "%":
        if _PCT_AFTER.match(text, end) and _PCT_AFTER.match(text, end).end() <= min(right, end + 40):
            return "volume_expansion", unit
        cue_m = _nearest_match(_PCT_CUES, text, max(left, start - 140), start)
        cue = None if cue_m is None else cue_m.lastgroup
        if cue in ("ice", "ce"):
            # "the first cycling capacities are ..., and their Coulombic efficiencies are 56%"
            # is initial; "after the first few cycles, the Coulombic efficiency reaches 99.5%"
            # is not
            if _is_first_cycle_ce(text, cue_m, start, end, left, right):
                return "initial_coulombic_efficiency", unit
            return None, unit
        if cue == "exp":
            return "volume_expansion", unit
        return None, unit
    if unit == "eV":
        cue = _nearest_cue(_EV_CUES, text, max(left, start - 150), start)
        if cue is None:
            cue = "bar" if _BARRIER_AFTER.search(text[end:min(right, end + 60)]) else None
        return ("diffusion_barrier" if cue == "bar" else None), unit
    if unit == "nm":
        if _SEI_CUE.search(text, max(left, start - 60), start):
            return "sei_formation", unit
        return None, unit
    return None, unit


# ---- bare cues: false friends and phenomenon-specific negators ------------------------
_NOT_EXPANSION_AFTER = CaseFree(re.compile(r"\s*(?:graphite|carbon|interlayers?|layer\s+spacing|d[-‐]spacing|spacing)", re.I))
_NOT_EXPANSION_BEFORE = CaseFree(re.compile(r"(?:thermal|market|series|Taylor|virial)\s*$", re.I))
_CAPACITY_AFTER = CaseFree(re.compile(r"\s+(?:[\w-]+\s+){0,2}?capacit", re.I))
_POOR_BEFORE = CaseFree(re.compile(r"(?:poor|low|lower|limited|less|inferior|partial(?:ly)?)\s+(?:\w+\s+)?$", re.I))


# "expanded graphite", "expanded interlayer space" (adjective) and "doping expands the
# layer spacing" (transitive) describe a design, not the electrode swelling in operation
_DESIGN_EXPANSION = CaseFree(re.compile(
    r"(?:expanded\s+(?!by\b|to\b|from\b|upon\b|during\b|after\b|in\b|and\b|or\b|when\b|as\b|with\b)[A-Za-z]"
    r"|expands?\s+(?:the|its|their|an?)\b)",
    re.I,
))


def _skip_bare(text: str, start: int, end: int, phenomenon: str) -> bool:
    if phenomenon == "volume_expansion" and text[start:end].lower().startswith("expan"):
        return bool(
            _NOT_EXPANSION_AFTER.match(text, end)
            or _NOT_EXPANSION_BEFORE.search(text, max(0, start - 20), start)
            or _DESIGN_EXPANSION.match(text, start)
        )
    if phenomenon == "reversible_cycling":
        return bool(_CAPACITY_AFTER.match(text, end))
    return False


# ---- mitigation verbs ---------------------------------------------------------------------
# "preventing the former from possible cracking", "to suppress dendrite growth", "buffer the
# volume expansion": the sentence states a remedy, not that the phenomenon happened. For the
# damage events (cracking, pulverization, dendrites, capacity fading) the mention is flagged
# NEGATED (experts do not annotate "prevents cracking"); for volume expansion it is flagged
# HEDGED instead, because buffering/accommodating a swelling presupposes that the material
# swells ("buffer the volume expansion of Sn" still says Sn expands), so the fact is kept
# with lower confidence. The verb governs the cue when it stands at most five words before
# it in the same clause with no new predicate between ("buffering ... leads to cracking" is
# not governed); a coordinated cue ("cracking and fracturing") inherits the flag.
_MITIGABLE = {"cracking", "pulverization", "dendrite_growth", "volume_expansion", "capacity_fading"}
_MITIGATE = CaseFree(re.compile(
    r"\b(?:prevent|avoid|suppress|inhibit|mitigat|alleviat|accommodat|reliev|restrain|eliminat|"
    r"hinder|imped|circumvent|minimi[sz])\w*|\brelief\b"
    r"|\bbuffer(?:s|ed|ing)?\b(?!\s+(?:layers?|matri(?:x|ces)|zones?|spaces?|shells?|phases?|solutions?))",
    re.I,
))
_MITIGATE_HINTS = ("prevent", "avoid", "suppress", "inhibit", "mitigat", "alleviat", "accommodat", "reliev",
                   "relief", "restrain", "eliminat", "hinder", "imped", "circumvent", "minimi", "buffer")
_NEW_PREDICATE = CaseFree(re.compile(
    r"\b(?:lead|leads|led|leading|cause[sd]?|causing|result\w*|induc\w*|trigger\w*|due|because|"
    r"which|that|who|whereas|while|but|when|if|is|are|was|were|be|been)\b|[;:,()]",
    re.I,
))
_CHAIN = re.compile(r"[\s,]*(?:and/or|and|or|as\s+well\s+as|,)?[\s,]*(?:the\s+|possible\s+|further\s+)*", re.I)


def _mitigated(text: str, start: int) -> bool:
    window = text[max(0, start - 70):start]
    low = window.lower()
    if not any(h in low for h in _MITIGATE_HINTS):
        return False
    last = _nearest_match(_MITIGATE, window, 0, len(window))
    if last is None:
        return False
    gap = window[last.end():]
    return len(gap.split()) <= 4 and not _NEW_PREDICATE.search(gap)


# a cue inside a longer cue is dropped when the longer one already says it
# ("initial capacity loss" is not also capacity fading, "incomplete reversibility" is
# not reversible cycling); a different phenomenon inside survives ("irreversible
# amorphization upon the first sodiation" is also amorphization).
_SUBSUMES = {
    ("irreversible_first_cycle", "capacity_fading"),
    ("irreversible_first_cycle", "reversible_cycling"),
    ("irreversible_first_cycle", "initial_coulombic_efficiency"),
}


def _contained(cues, start: int, end: int, names: tuple[str, ...]) -> bool:
    for s2, e2, names2 in cues:
        if s2 <= start and end <= e2 and (s2, e2) != (start, end):
            if all(n in names2 or any((o, n) in _SUBSUMES for o in names2) for n in names):
                return True
    return False


def find(text: str) -> list[PhenomenonMention]:
    """Phenomenon mentions of one sentence (word cues and valued quantities), sorted by start."""
    # gated here too: most sentences hold no unit, and they skip the generator altogether
    values = list(_gated_values(text)) if _may_have_values(text) else ()
    found = _index().finditer(text, overlapping=True)
    if not values and not found:
        return []  # most sentences state no phenomenon
    out: list[PhenomenonMention] = []
    valued: set[str] = set()
    for start, end, value, key in values:
        phenomenon, unit = _classify(text, start, end, key)
        if phenomenon is None:
            continue
        valued.add(phenomenon)
        out.append(
            PhenomenonMention(
                start, end, text[start:end], phenomenon,
                negated=False, hedged=is_hedged(text, start, end), value=value, unit=unit,
            )
        )
    cues = [
        (start, end, names)
        for start, end, (names, needs_first) in found
        if not needs_first or _FIRST_CUE.search(text)
    ]
    mitigated_end = -1  # end of the last cue governed by a mitigation verb (for chains)
    for start, end, names in cues:
        if _contained(cues, start, end, names):
            continue
        governed = None
        for phenomenon in names:
            if phenomenon in valued or _skip_bare(text, start, end, phenomenon):
                continue
            negated = is_negated(text, start, end)
            hedged = is_hedged(text, start, end)
            if phenomenon == "reversible_cycling" and _POOR_BEFORE.search(text, max(0, start - 30), start):
                negated = True
            if phenomenon in _MITIGABLE:
                if governed is None:
                    governed = _mitigated(text, start) or (
                        mitigated_end >= 0 and bool(_CHAIN.fullmatch(text, mitigated_end, start)))
                if governed:
                    if phenomenon == "volume_expansion":
                        hedged = True  # buffering presupposes the swelling: kept, flagged
                    else:
                        negated = True  # a prevented crack/dendrite/fade is not reported
            out.append(
                PhenomenonMention(
                    start, end, text[start:end], phenomenon,
                    negated=negated, hedged=hedged,
                )
            )
        if governed:
            mitigated_end = end
    out.sort(key=lambda m: (m.start, m.end, m.phenomenon))
    return _drop_restatements(text, _share_coordinated_negation(text, out))


# Only a bare coordinator between two cues: "fractures or cracks", "cracks/fractures",
# "no cracks, pulverization or dendrites". An adjective or article between them ends the
# coordination ("no cracks and severe pulverization", "no cracks, and the volume ...").
_COORDINATED = re.compile(r"\s*(?:/|,|,?\s+(?:and/or|or|nor|and)\s+)\s*", re.I)


def _share_coordinated_negation(text: str, out: list[PhenomenonMention]) -> list[PhenomenonMention]:
    """One negation governs a whole coordination: 'no fractures or cracks were observed',
    'fractures or cracks were not found'. The window-based test sees the negator from
    only one end of such a list, so the flag is shared along it."""
    cues = [m for m in out if m.value is None]
    if len(cues) < 2 or not any(m.negated for m in cues):
        return out
    chains: list[list[PhenomenonMention]] = [[cues[0]]]
    for prev, cur in zip(cues, cues[1:]):
        if cur.start >= prev.end and _COORDINATED.fullmatch(text, prev.end, cur.start):
            chains[-1].append(cur)
        else:
            chains.append([cur])
    flip = {id(m) for chain in chains if len(chain) > 1 and any(m.negated for m in chain)
            for m in chain if not m.negated}
    if not flip:
        return out
    return [replace(m, negated=True) if id(m) in flip else m for m in out]


_OPEN_BRACKET = re.compile(r"\s*\(\s*")


def _drop_restatements(text: str, found: list[PhenomenonMention]) -> list[PhenomenonMention]:
    """'solid electrolyte interface (SEI)', 'diffusion coefficient (DNa+)': the bracketed
    abbreviation restates the cue before it; keep one mention."""
    out: list[PhenomenonMention] = []
    for m in found:
        prev = out[-1] if out else None
        if (prev is not None and m.value is None and prev.value is None and prev.phenomenon == m.phenomenon
                and _OPEN_BRACKET.fullmatch(text, prev.end, m.start)):
            continue
        out.append(m)
    return out
