"""Mechanism recognizer: intercalation, conversion, alloying, displacement,
disproportionation, adsorption and plating cues, with negation and hedging flags.

The cue words (kb/vocab/mechanisms.tsv) are unambiguous in battery papers once a few
false friends are removed here: "energy conversion" / "conversion efficiency" are not a
conversion reaction, "N2 adsorption–desorption" is a BET measurement, not Na adsorption.
Negated ("does not undergo conversion", "without alloying") and hedged ("may proceed via
conversion") mentions are kept and flagged, so the assembler can decide.
"""
from __future__ import annotations

import re
from functools import cache

from kb.nlp.mentions import MechanismMention
from kb.nlp.recognizers._common import CaseFree, CueIndex, is_hedged, is_negated, load_tsv


@cache
def _index() -> CueIndex:
    return CueIndex([(regex, False, mech) for mech, regex in load_tsv("mechanisms.tsv")])


_NOT_CONVERSION_BEFORE = CaseFree(re.compile(
    r"(?:energy|power|photo\w*|thermal|photothermal|catalytic|chemical\s+energy|unit|signal|"
    r"analog|digital|frequency|light|solar|electrochemical\s+energy|heat)[\s-]*$",
    re.I,
))
_NOT_CONVERSION_AFTER = re.compile(r"^[\s-]*(?:efficienc|factor|ratio|devices?|systems?\b|technolog)", re.I)
_NOT_ADSORPTION = CaseFree(re.compile(
    r"(?:N2|N₂|nitrogen|Ar|argon|CO2|gas|BET|dye|methylene\s+blue)[\s-]*$", re.I
))
_NOT_ADSORPTION_AFTER = re.compile(r"^[\s‐–/-]*(?:desorption|isotherms?|[-‐–/]\s*desorption)", re.I)
# Plating named as a voltage landmark or a hazard to avoid, not as how the electrode
# stores the ion: "potentials close to sodium plating", "avoids Li plating", "the Na
# plating potential". "plating/stripping overpotential" of a metal anode stays plating.
_NOT_PLATING_BEFORE = CaseFree(re.compile(
    r"(?:close\s+to|near(?:\s+to)?|approach\w*|above|below|prior\s+to|avoid\w*|prevent\w*|"
    r"suppress\w*|inhibit\w*|risk\s+of|danger\s+of|onset\s+of|without)\s+(?:the\s+)?"
    r"(?:(?:Na|Li|K|Zn|Mg|sodium|lithium|potassium|zinc|magnesium|metal|metallic)\s+)*$",
    re.I,
))
_NOT_PLATING_AFTER = re.compile(r"^\s+(?:potentials?|voltages?)\b", re.I)


# A battery class named after its mechanism ("intercalation-based lithium-ion cells",
# "conversion-type batteries"): the yardstick a paper compares with, not how its own
# electrode works
_CELL_CLASS_AFTER = re.compile(r"^(?:[-‐‑]?\s*(?:based|type))?\s+(?:(?:lithium|sodium|potassium|Li|Na|K)"
                               r"[-‐‑\s]?ion\s+|rechargeable\s+|commercial\s+)*"
                               r"(?:cells|batteries|battery\s+chemistr(?:y|ies))\b", re.I)


def _false_friend(text: str, start: int, end: int, mechanism: str) -> bool:
    if _CELL_CLASS_AFTER.match(text[end:end + 60]):
        return True
    if mechanism == "conversion":
        return bool(_NOT_CONVERSION_BEFORE.search(text[max(0, start - 30):start])
                    or _NOT_CONVERSION_AFTER.match(text[end:end + 20]))
    if mechanism == "adsorption":
        return bool(_NOT_ADSORPTION.search(text[max(0, start - 30):start])
                    or _NOT_ADSORPTION_AFTER.match(text[end:end + 20]))
    if mechanism == "plating":
        return bool(_NOT_PLATING_BEFORE.search(text[max(0, start - 50):start])
                    or _NOT_PLATING_AFTER.match(text[end:end + 20]))
    return False


def find(text: str) -> list[MechanismMention]:
    """Mechanism mentions of one sentence, sorted by start."""
    out = []
    for start, end, mechanism in _index().finditer(text):
        if _false_friend(text, start, end, mechanism):
            continue
        out.append(
            MechanismMention(
                start, end, text[start:end], mechanism,
                negated=is_negated(text, start, end),
                hedged=is_hedged(text, start, end),
            )
        )
    return out
