"""Capacity recognizer: specific/areal/volumetric capacities with their kind, current
(or C-rate), cycle number and capacity retention.

Authors report capacities as series whose members pair with a second series ("382, 351
and 306 mAh g−1 at 0.1, 0.2 and 0.4 A g−1"), as charge/discharge pairs ("first
charge–discharge capacities ... are 447.7 and 793.1 mAh g−1"), or with the current and
cycle count before or after the value. A mention is one capacity value; its kind comes
from the cue words between it and the previous capacity of the sentence. A current
alone ("100 mA g−1") is never a capacity; a voltage is never read here.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kb.nlp.mentions import CapacityMention
from kb.nlp.recognizers._common import CaseFree, DASH, NEG, NUMBER, clause_bounds, load_tsv, to_float

_INV = {n: f"{NEG}[{n}{sup}]\\}}?" for n, sup in (("1", "¹"), ("2", "²"), ("3", "³"))}
_APPROX = r"(?:[≈~∼<>≤≥]|ca\.|about|approximately|around|roughly|nearly|over|only|up\s+to|as\s+high\s+as)"
_SEPAR = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to)\s+|\s*[-‐–−~]\s*)"
_RANGE_SEP = re.compile(rf"^\s*(?:to|[{DASH}~])\s*$")


@cache
def _units() -> dict[str, list[tuple[str, re.Pattern[str]]]]:
    out: dict[str, list[tuple[str, re.Pattern[str]]]] = {}
    for quantity, canonical, regex in load_tsv("units.tsv"):
        for key, inv in _INV.items():
            regex = regex.replace("{INV" + key + "}", inv)
        out.setdefault(quantity, []).append((canonical, re.compile(r"(?<![A-Za-z])" + regex)))
    return out


@cache
def _series(quantity: str) -> re.Pattern[str]:
    unit = "|".join(f"(?:{p.pattern})" for _, p in _units()[quantity])
    # values start at their digits (an approximation sign before them is not part of the
    # value); inside a list "382, ~351" the sign may stand after a separator
    val = rf"(?:[≈~∼<>≤≥]\s*)?{NUMBER}"
    # the lookahead only lets the scan reject a position that starts no number cheaply
    return re.compile(rf"(?=\d|\.\d)(?<![\w.{DASH}\u207b^{{/]){NUMBER}(?:\s*(?:{unit}))?(?:{_SEPAR}{val}(?:\s*(?:{unit}))?)*\s*(?:{unit})")


_NUM = re.compile(NUMBER)
_C_RATE = re.compile(
    rf"(?<![\w.])(?:(?P<n>{NUMBER})\s?C|C\s?/\s?(?P<d>\d+))(?![\w°/])(?!\s*(?:atoms?|content|layers?|source))"
)
_C_RATE_CONTEXT = CaseFree(re.compile(r"(?:\bat|rates?|of|to|and|from)\s*(?:a\s+|the\s+)?(?:rates?\s+of\s+)?$", re.I))


@dataclass
class _Series:
    start: int
    end: int
    values: list[tuple[int, int, str]]  # (start, end, number text)
    unit: str
    is_range: bool = False
    units: list[str] | None = None  # per value, when a series mixes units


def _find_series(text: str, quantity: str) -> list[_Series]:
    out = []
    units = _units()[quantity]
    for sm in _series(quantity).finditer(text):
        chunk = sm.group(0)
        spans: list[tuple[int, int, str]] = []
        unit_hits: list[tuple[int, int, str]] = []
        for canonical, pattern in units:
            for um in pattern.finditer(chunk):
                if not any(a < um.end() and um.start() < b for a, b, _ in unit_hits):
                    unit_hits.append((um.start(), um.end(), canonical))
        unit_hits.sort()
        masked = list(chunk)
        for a, b, _ in unit_hits:
            masked[a:b] = " " * (b - a)
        per_value: list[str] = []
        for nm in _NUM.finditer("".join(masked)):
            nxt = next((h for h in unit_hits if h[0] >= nm.end()), unit_hits[-1])
            attached = not chunk[nm.end():nxt[0]].strip()
            end = nxt[1] if attached else nm.end()
            spans.append((sm.start() + nm.start(), sm.start() + end, nm.group(0)))
            per_value.append(nxt[2])
        is_range = len(spans) == 2 and bool(_RANGE_SEP.match(text[spans[0][1]:spans[1][0]]))
        if quantity == "capacity":
            _gravimetric_or_volumetric(text, spans, per_value)
        out.append(_Series(sm.start(), sm.end(), spans, per_value[-1], is_range, per_value))
    return out


_OR_SEP = re.compile(r"^\s+or\s+$")


def _gravimetric_or_volumetric(text: str, spans: list[tuple[int, int, str]], units: list[str]) -> None:
    """"660 or 4400 mAh cm−3": one capacity stated two ways, so the smaller bare value is
    the gravimetric one (a volumetric capacity exceeds the gravimetric one for any
    electrode denser than 1 g cm−3); two values of one quantity in one unit joined by
    "or" would contradict each other."""
    if len(spans) != 2 or units[1] != "mAh/cm3" or not _OR_SEP.match(text[spans[0][1]:spans[1][0]]):
        return
    a, b = to_float(spans[0][2]), to_float(spans[1][2])
    if a is not None and b is not None and a < b:
        units[0] = "mAh/g"


def _current_series(text: str) -> list[_Series]:
    found = _find_series(text, "current")
    # C-rates: "at 2 C", "at 0.5C and 1C", "C/10"; only in a rate context
    rates = []
    for m in _C_RATE.finditer(text):
        if any(s.start <= m.start() < s.end for s in found):
            continue
        list_start, listed = _rate_list(text, m, found)
        before = text[max(0, list_start - 30):list_start]
        if not _C_RATE_CONTEXT.search(before) and not (rates and m.start() - rates[-1].end < 8):
            continue
        if listed and not (rates and rates[-1].end > list_start):
            label = f"{_fmt(m.group('n'))} C"
            values = listed + [(m.start(), m.end(), label)]
            is_range = len(values) == 2 and bool(_RANGE_SEP.match(text[values[0][1]:values[1][0]]))
            rates.append(_Series(list_start, m.end(), values, "C", is_range))
            continue
        label = f"{_fmt(m.group('n'))} C" if m.group("n") else f"C/{m.group('d')}"
        if rates and re.fullmatch(_SEPAR, text[rates[-1].end:m.start()]):
            rates[-1].values.append((m.start(), m.end(), label))
            rates[-1].end = m.end()
        else:
            rates.append(_Series(m.start(), m.end(), [(m.start(), m.end(), label)], "C"))
    return sorted(found + rates, key=lambda s: s.start)


# "at rates of 0.5, 1, 2, 5, and 10 C": the unit is written once, after the last number
_C_LIST = re.compile(rf"(?<![\w.{DASH}/])(?:{NUMBER}{_SEPAR})+$")


def _rate_list(text: str, m: re.Match[str], found: list[_Series]) -> tuple[int, list[tuple[int, int, str]]]:
    """Start and (start, end, label) values of the bare numbers listed before a C-rate."""
    if not m.group("n"):
        return m.start(), []
    lm = _C_LIST.search(text, max(0, m.start() - 80), m.start())
    if lm is None or any(s.start < m.start() and lm.start() < s.end for s in found):
        return m.start(), []
    return lm.start(), [(nm.start(), nm.end(), f"{_fmt(nm.group(0))} C") for nm in _NUM.finditer(text, lm.start(), lm.end())]


def _fmt(num: str) -> str:
    value = to_float(num)
    return str(int(value)) if value == int(value) else f"{value:g}"


def _current_label(series: _Series, i: int) -> str:
    num = series.values[i][2]
    if series.unit == "C":
        return num
    return f"{_fmt(num)} {series.units[i] if series.units else series.unit}"


# ---- kinds ------------------------------------------------------------------------------
_PAIR = CaseFree(re.compile(
    rf"(?<![\w-])(?:(?P<first>initial|first|1st)\s+)?(?:(?!initial\b|first\b|1st\b)[\w-]+\s+){{0,2}}?"
    rf"(?P<a>charge|discharge|charging|discharging)\s*[{DASH}/]\s*(?P<b>charge|discharge|charging|discharging)"
    rf"\s+(?:specific\s+)?capacit",
    re.I,
))
_KIND_CUES = CaseFree(re.compile(
    r"(?P<theoretical>theoretical(?:ly)?)"
    r"|(?P<initial_discharge>(?:initial|first|1st)\s+(?:cycle\s+)?(?:[\w-]+\s+)?(?:discharg\w*|sodiation|lithiation|potassiation))"
    r"|(?P<initial_charge>(?:initial|first|1st)\s+(?:cycle\s+)?(?:[\w-]+\s+)?(?:charg\w*|desodiation|delithiation|depotassiation))"
    r"|(?P<reversible>reversibl\w*)"
    r"|(?P<discharge>discharg\w*|sodiation|lithiation|potassiation)"
    r"|(?P<charge>charg\w*|desodiation|delithiation|depotassiation)",
    re.I,
))
_KIND_HINTS = ("theoretic", "initial", "first", "1st", "reversib", "charg", "sodiat", "lithiat", "potassiat")
_KIND_RANK = ["theoretical", "initial_discharge", "initial_charge", "reversible", "discharge", "charge"]

_CYCLES = CaseFree(re.compile(
    rf"(?:(?:after|over|for|upon|up\s+to|through|within|during|beyond|exceeding|in)\s+(?:the\s+)?"
    rf"(?:initial\s+|first\s+|subsequent\s+)?(?P<n>\d[\d,]*)\s+(?:consecutive\s+|continuous\s+|full\s+|"
    rf"long\s+|charge[{DASH}/]discharge\s+|discharge[{DASH}/]charge\s+)?cycles?"
    rf"|(?P<nth>\d+)(?:st|nd|rd|th)\s+cycles?"
    rf"|(?P<first>first|initial|1st)\s+cycles?"
    rf"|(?P<bare>\d[\d,]*)\s+cycles)",
    re.I,
))
_RETENTION = CaseFree(re.compile(
    rf"(?:retention\s+(?:rate\s+)?(?:of\s+|is\s+|was\s+|reaches\s+|reached\s+|as\s+high\s+as\s+)?"
    rf"(?:{_APPROX}\s*)?(?P<a>{NUMBER})\s*%"
    rf"|(?P<b>{NUMBER})\s*%\s+(?:capacity\s+)?retention"
    rf"|retain(?:s|ed|ing)?\s+(?:{_APPROX}\s*)?(?P<c>{NUMBER})\s*%"
    rf"|(?P<d>{NUMBER})\s*%\s+of\s+(?:its|the|their)\s+(?:initial|original|first|reversible|second|maximum))",
    re.I,
))
# between a capacity and its current: "at a high rate of", "over 1000 cycles at", ", at"
_AT_CURRENT = CaseFree(re.compile(
    r"\s*,?\s*(?:(?:after|over|for|upon|during|within)\s+(?:the\s+)?(?:\d[\d,]*\s+)?(?:\w+\s+)?cycles?\s*,?\s*)?"
    r"(?:(?:at|under|with)\s+(?:a\s+|the\s+)?(?:(?:very|relatively|ultra)[\s-]*)?"
    r"(?:(?:high|higher|low|lower|large|larger|small|smaller|moderate|ultrahigh|fast|slow)\s+)?"
    r"(?:(?:specific\s+)?current\s+dens\w+|current|rates?|C[- ]rates?)?\s*(?:of\s+)?(?:{approx}\s*)?)$".format(approx=_APPROX),
    re.I,
))


# "1C = 894 mA h g−1", "1 C corresponds to 372 mAh g−1": a C-rate defined by the capacity
# it draws in one hour. The capacity is the electrode's nominal (theoretical) one, and the
# "1C" is a unit definition, not the rate any measurement was made at.
_DEFINES = r"\s*(?:=|≈|≡|equals?(?:\s+to)?|corresponds?\s+to|is\s+(?:defined\s+as|equal\s+to))\s*"
_RATE_DEFINED_AFTER = re.compile(_DEFINES, re.I)
_RATE_DEFINITION_BEFORE = re.compile(
    rf"(?<![\w.])\d+(?:\.\d+)?\s*C{_DEFINES}(?:{_APPROX}\s*)?$", re.I)
_DEFINE_HINTS = ("=", "≈", "≡", "qual", "orrespond", "efined")


def _is_rate_definition(text: str, start: int) -> bool:
    """True when the capacity starting at ``start`` defines a C-rate ("(1C = 894 mAh g−1)")."""
    window = text[max(0, start - 40):start]
    return any(h in window for h in _DEFINE_HINTS) and _RATE_DEFINITION_BEFORE.search(window) is not None


def _cycle_matches(text: str) -> list[tuple[int, int, int]]:
    """(start, end, cycle number) of every cycle expression of the sentence."""
    out = []
    if "cycl" not in text and "Cycl" not in text:
        return out
    for m in _CYCLES.finditer(text):
        if m.group("first"):
            n = 1
        else:
            n = int((m.group("n") or m.group("nth") or m.group("bare")).replace(",", ""))
        out.append((m.start(), m.end(), n))
    return out


# Between a value and a cycle count or current after it, a second predicate means the count belongs to something else: "a capacity of 500 mAh g−1 and sustains 82%
# of the initial capacity after 1000 cycles" (the 1000 cycles go with the 82%).
_OTHER_PREDICATE = CaseFree(re.compile(
    r"\b(?:and|while|whereas)\s+(?:\w+ly\s+)?(?:still\s+)?(?:sustain|retain|maintain|keep|kept|show|exhibit|"
    r"deliver|afford|remain|preserv|achiev|display|present|provid|offer)\w*",
    re.I,
))


def _governs(text: str, end: int, later: int) -> bool:
    """True when something standing at ``later`` after a value (a cycle count, a current)
    can belong to that value: no second predicate between them."""
    return later <= end or not _OTHER_PREDICATE.search(text, end, later)


def _cycle_of(cycles: list[tuple[int, int, int]], start: int, end: int, lo: int, hi: int,
              text: str = "") -> int | None:
    """Cycle number nearest to a capacity inside [lo, hi): after it first, then before."""
    best = None
    for c_start, c_end, n in cycles:
        if c_start < lo or c_end > hi:
            continue
        if c_start >= end and text and not _governs(text, end, c_start):
            continue
        dist = c_start - end if c_start >= end else start - c_end + 20
        if dist < -20:
            continue
        if best is None or dist < best[0]:
            best = (dist, n)
    return None if best is None else best[1]


def find_capacities(text: str) -> list[CapacityMention]:
    """Capacity mentions of one sentence, one per value, sorted by start."""
    if "A" not in text or ("Ah" not in text and "A h" not in text):
        return []  # every capacity unit is written mAh / mA h / Ah (one-character test first)
    caps = _find_series(text, "capacity")
    if not caps:
        return []
    currents = _current_series(text)
    if any(h in text for h in _DEFINE_HINTS):
        # the "1C" of a rate definition is not a current any capacity was measured at
        currents = [cs for cs in currents if not (cs.unit == "C" and _RATE_DEFINED_AFTER.match(text, cs.end))]
    cycle_list = _cycle_matches(text)
    out: list[CapacityMention] = []
    prev_end = 0
    prev_kind: str | None = None
    pair: tuple[str, str] | None = None
    pair_index = 0
    used_currents: set[int] = set()
    for series in caps:
        if _is_rate_definition(text, series.start):
            out.extend(CapacityMention(vs, ve, text[vs:ve], to_float(num), series.units[i], "theoretical")
                       for i, (vs, ve, num) in enumerate(series.values))
            prev_end = series.end
            continue
        left, right = clause_bounds(text, series.start, series.end)
        window_lo = max(prev_end, series.start - 150)
        window = text[window_lo:series.start]
        # charge/discharge pairs in the order the cue names them
        pm = None
        for pm in (_PAIR.finditer(window) if "harg" in window else ()):
            pass
        if pm:
            first = bool(pm.group("first"))
            a = "discharge" if pm.group("a").lower().startswith("dis") else "charge"
            b = "discharge" if pm.group("b").lower().startswith("dis") else "charge"
            pair = ((f"initial_{a}", f"initial_{b}") if first else (a, b))
            pair_index = 0
        kind = None
        if pair is None or pm is None:
            low_window = window.lower()
            kinds = (
                {c.lastgroup for c in _KIND_CUES.finditer(window)}
                if any(k in low_window for k in _KIND_HINTS) else set()
            )
            if kinds:
                kind = min(kinds, key=_KIND_RANK.index)
                pair = None
            elif pair is None and prev_kind and len(window.strip(" ,;and")) < 40:
                kind = prev_kind
        # current: right after the series, else before it, else later in the sentence
        cur = None
        for ci, cs in enumerate(currents):
            if cs.start >= series.end and _AT_CURRENT.match(text[series.end:cs.start]):
                cur = (ci, cs)
                break
        if cur is None:
            before = [(ci, cs) for ci, cs in enumerate(currents) if cs.end <= series.start and cs.start >= left]
            after = [(ci, cs) for ci, cs in enumerate(currents)
                     if cs.start >= series.end and ci not in used_currents and _governs(text, series.end, cs.start)]
            cur = before[-1] if before else (after[0] if after else None)
        n = len(series.values)
        labels: list[str | None] = [None] * n
        if cur is not None:
            ci, cs = cur
            used_currents.add(ci)
            m = len(cs.values)
            if m == n:
                labels = [_current_label(cs, i) for i in range(n)]
            elif m == 1:
                labels = [_current_label(cs, 0)] * n
            elif cs.is_range and n > 2:
                labels[0], labels[-1] = _current_label(cs, 0), _current_label(cs, 1)
        retention = None
        rm = _RETENTION.search(text, left, right) if "%" in text else None
        if rm:
            retention = to_float(next(g for g in rm.groups() if g))
        for i, (vs, ve, num) in enumerate(series.values):
            k = kind
            if pair is not None and kind is None:
                k = pair[pair_index % 2]
                pair_index += 1
            cycles = _cycle_of(cycle_list, vs, ve, left, right, text)
            if cycles is not None and cycles > 1 and k not in ("theoretical", "initial_discharge", "initial_charge"):
                k = "retained"
            if k in ("initial_discharge", "initial_charge"):
                cycles = 1
            out.append(
                CapacityMention(
                    vs, ve, text[vs:ve], to_float(num), series.units[i], k or "other",
                    current=labels[i], cycles=cycles,
                    retention_percent=retention if (k == "retained" or len(caps) == 1) else None,
                )
            )
        prev_end = series.end
        prev_kind = kind
    return out
