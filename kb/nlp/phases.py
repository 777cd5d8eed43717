"""Phases a reaction passes through: intermediates, products, reformed phases, SEI.

A formula is only a phase when the sentence says something becomes it: a
reaction arrow, a verb of transformation or formation ("transformed into",
"generates", "formation of"), a noun that names it ("the Na3Bi phase",
"products ... indexed to"), or an interphase ("an SEI layer of Na2O"). The role
comes from the words around it: the direction of the reaction (desodiation,
charging, "back to" -> reformed), "intermediate"/"metastable" or a chain
position (intermediate), interphase words (sei), otherwise product.
"""
from __future__ import annotations

import re
from functools import lru_cache

from kb.nlp.chem_bridge import common_name_formula, elements, is_formula
from kb.nlp.mentions import PhaseMention
from kb.nlp.phase_scan import (finditer_at, has_any, has_any_in, last_end_before, lowered, search_at_words,
                               word_starts, word_table)
from kb.nlp.vocab import entries

# A structure prefix may open the formula: "a-"/"c-" (amorphous/crystalline), a lattice
# letter ("h-Na3Sb", "t-", "m-", "o-"), a polytype ("1T-NaMoS2", "2H-", "3R-") or a Greek
# polymorph letter ("β-NaSn").
_CHUNK = re.compile(r"(?<![^\s(\[{\"'“‘+])[(\[{\"'“‘]*(?:[achmotαβγδεθ][-‐]|\d[THRO]'?[-‐])?"
                    r"[\dxyz(]*(?=[A-Z])"
                    r"(?![A-Z][a-z]{2,}(?:[\s,;:.)\]'\"”’]|$))[^\s,;:]+")
# _CHUNK without its look-behind, after the character it looks behind at: the engine
# then only tries positions holding such a character (a fast set scan) instead of all.
_CHUNK_LOOKBEHIND = r"(?<![^\s(\[{\"'“‘+])"
assert _CHUNK.pattern.startswith(_CHUNK_LOOKBEHIND)
_CHUNK_AFTER = re.compile(r"[\s(\[{\"'“‘+](" + _CHUNK.pattern[len(_CHUNK_LOOKBEHIND):] + ")")
# The same without the letter prefixes other than "a-"/"c-": the chunks are the same in a
# text where no such letter and hyphen open a word (_letter_prefixed), and the scan is
# cheaper ("the", "to", "of" would each try the prefix). A polytype ("1T-") needs no
# prefix branch: "[\d...]*(?=[A-Z])" starts the same chunk at its digit.
_LETTER_PREFIXES = "hmotαβγδεθ"
_CHUNK_PLAIN = re.compile(_CHUNK.pattern.replace("(?:[achmotαβγδεθ][-‐]|\\d[THRO]'?[-‐])?", "(?:[ac][-‐])?"))
assert _CHUNK_PLAIN.pattern != _CHUNK.pattern
_CHUNK_PLAIN_AFTER = re.compile(r"[\s(\[{\"'“‘+](" + _CHUNK_PLAIN.pattern[len(_CHUNK_LOOKBEHIND):] + ")")
_CHUNK_OPENERS = "([{\"'“‘+"


def _letter_prefixed(text: str) -> bool:
    """Whether a letter of _LETTER_PREFIXES and a hyphen open a word ("h-Na3Sb", "β-NaSn"):
    only then can _CHUNK find a chunk _CHUNK_PLAIN does not."""
    for hyphen in ("-", "‐"):
        i = text.find(hyphen, 1)
        while i > 0:
            if text[i - 1] in _LETTER_PREFIXES and (i == 1 or text[i - 2].isspace() or text[i - 2] in _CHUNK_OPENERS):
                return True
            i = text.find(hyphen, i + 1)
    return False
_LEAD = "([{\"'“‘"
_TRAIL = ".,;:!?\"'”’"
_COEFF = re.compile(r"^(?:\d+(?:\.\d+)?|[xyz]|\([\dxyz.+\-−‐]+\))(?=[A-Z])")
# Between "intermediate" and a formula, words after which the formula is what the
# intermediate turns into, not the intermediate itself ("the intermediate NaBi
# continued to alloy with Na to form Na3Bi").
_VERB_BETWEEN = re.compile(r"\b(?:to\s+(?:form|produce|generate|yield)|continued|accompanied|"
                           r"(?:transform|convert|chang|turn|evolv)\w*\s+(?:\w+\s+)?(?:in)?to|"
                           r"alloy\w*\s+with|react\w*\s+with)\b", re.I)
# Prefixes dropped from the phase key (FACTS.md keys phases by formula: "1T-NaMoS2" is
# NaMoS2); a Greek polymorph letter is kept as written ("α-Sn", "β-NaSn"), as materials are.
_AMORPHOUS = re.compile(r"^(?:[achmot]|\d[THRO]'?)[-‐](?=[A-Z])")
_POLYMORPH = re.compile(r"^[αβγδεθ][-‐](?=[A-Z])")
# A variable count after a one-letter symbol ("KxSb", "Li2Sx"): the shared formula check
# reads "Kx" as one symbol, so the formula is checked with the count written as a number.
_VAR_AFTER_SYMBOL = re.compile(r"(?<=[BCFHIKNOPSUVWY])[xyz](?![a-z])")
# Sulfur-rich alkali sulfides Li2S8 ... Li2S2, Li2Sx: polysulfides, which in a battery are
# always on the way to (or from) the sulfide, never its end.
_POLYSULFIDE = re.compile(r"(?:Li|Na|K)2S(?:[2-8]|[xy])")
_CHARGED = re.compile(r"(?:[+−⁺⁻]|\d[+−-])$")
_ACRONYM = re.compile(r"^[A-Z]{2,}s?$")
_WORKING_IONS = frozenset({"Li", "Na", "K"})
_SI_LABEL = re.compile(r"^S\d+[a-z]?(?:[\-–]S?\d+[a-z]?)?$")
# "Co0", "Fe⁰", "Sn(0)": the zero-valent (metallic) element, as in "reduction of Fe3+ to Fe0".
# Light non-metals are left out: "S0", "P0", "C0" are as often labels or constants.
_ZERO_VALENT = re.compile(r"^([A-Z][a-z]?)(?:0|⁰|\(0\))$")
_NOT_ZERO_VALENT = frozenset({"H", "B", "C", "N", "O", "F", "P", "S", "Cl", "Br", "I", "Se"})
# Sentences about synthesis, thermal analysis or templates describe chemistry that
# is not the electrode reaction. "precursor of <a process>" ("the precursor of
# amorphization") is figurative and says nothing about synthesis.
_NOT_ELECTROCHEMICAL = re.compile(
    r"\b(?:oxidi[sz]ed|combust\w*|TGA|thermogravimetric|weight\s+(?:loss|increase|change)|"
    r"(?:in|to)\s+air|template|etch\w*|calcin\w*|anneal\w*|"
    r"dissolv\w*\b(?!\s+(?:in|into)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?electrolytes?\b)|stirr\w*|precursors?\b(?!\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?!carboni|pyroly|calcin|synthe|polymeri|graphiti)\w+(?:ation|ization|isation|ment)\b)|"
    r"hydrothermal|synthesi[sz]\w*|nucleation\s+and\s+growth|heating|\d+\s*[°º˚◦]\s*C|"
    r"temperature\s+range|high[\s-]temperature)", re.I)
_AFTER_NOT_PHASE = re.compile(r"\s*(?:elements?|bonds?|signals?|peaks?\s+(?:of|at)|ratio|"
                              r"contents?|atoms?\s+ratio|(?:half[\s-])?(?:anodes?|cathodes?|electrodes?))\b",
                              re.I)
# Substrings one of which any trigger contains: a cheap pre-check before the regexes.
_TRIGGER_KEYS = ("form", "phase", "react", "alloy", "sodiat", "lithiat", "observ", "conver", "transit",
                 "decompos", "chang", "turn", "evolv", "reduc", "split",
                 "separat", "generat", "produc", "yield", "precipitat", "creat",
                 "result", "intermediate", "indexed", "assigned", "attributed",
                 "identified", "sei", "passivation", "peak", "reflection", "ring", "appear", "emerg",
                 "detect", "nucleat", "potassiat", "interpreted",
                 "recover", "revert", "return", "disproportionat", "intercalat")
# A list of formulas the sentence says appear: "new peaks of NaSb and Na3Sb appear",
# "the Na2O that formed during sodiation", "Na3P and Mo are observed after cycling".
_APPEARS_AFTER = re.compile(
    r"\s*(?:phases?\s+|peaks?\s+)?(?:that\s+|which\s+)?(?:(?:is|are|was|were|has\s+been|have\s+been|"
    r"could\s+be|can\s+be|gradually|then|thus|also|again|further|subsequently)\s+){0,2}(?:formed|forms?|generated|produced|appear\w*|emerg\w*|"
    r"observed|detected|precipitat\w*|nucleat\w*|re-?formed|re-?generated)\b", re.I)
_AGAIN = re.compile(r"\bre-?(?:formed|generated)\b", re.I)
_APPEARS_WORD = re.compile(r"\b(?:formed|forms?|generated|produced|appear\w*|emerg\w*|observed|"
                           r"detected|precipitat\w*|nucleat\w*|re-?formed|re-?generated)\b", re.I)
_ARROW_CHARS = ("→", "->", "⟶", "⇌", "↔", "⇄", "=>")
_CYCLE_PAIR = re.compile(r"\(de\)\w+|\b\w+ation\s*/\s*de\w+|\bde\w+ation\s*/\s*\w+|"
                         r"\b(?:dis)?charg\w*\s*[/–—‐-]\s*(?:dis)?charg\w*", re.I)
_EXAMPLES = re.compile(r"\b(?:electrodes?|anodes?|cathodes?|materials?|compounds?|oxides?|sulfides?|"
                       r"selenides?|phosphides?|hosts?)\s*,?\s*(?:such\s+as|e\.g\.,?|including|like|"
                       r"namely)\s+", re.I)
_LIST_GAP = re.compile(r"(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+|\s*\+\s*)$")
_PHASE_WORD = re.compile(r"\b(?:phases?|alloys?)\b")
_UNIT_BEFORE = re.compile(r"\d\s*$")
# A phase the sentence says does NOT form: "without the intermediate phase NaBiS2",
# "no NaxSn was detected", "instead of forming Na3P", "rather than Na2S". A contrast of
# two states of one phase ("amorphous rather than crystalline Sb") denies only the state.
_NEGATED_HEADS = r"without|instead\s+of|(?<!amorphous\s)(?<!crystalline\s)rather\s+than|no|absence\s+of|neither|nor"
_NEGATED_BEFORE = re.compile(
    r"\b(?:" + _NEGATED_HEADS + r"|(?:is|are|was|were)\s+not(?!\s+only)|(?:did|does|do|could|can|would|will)\s+not"
    r"|cannot|never)\s+"
    r"(?:(?:the|any|an?|forming|formation\s+of|generating|producing|intermediates?|phases?|"
    r"crystalline|amorphous|evident|obvious|detectable|apparent|additional|other|new|pristine|original|initial|"
    r"(?:diffraction\s+|characteristic\s+)?(?:signals?|peaks?|reflections?|rings?|bands?|spots?|signatures?)"
    r"\s+(?:of|from)|traces?\s+of|evidence\s+(?:of|for)|form|produce|generate|yield|"
    r"(?:transform|convert|turn|change)s?\s+(?:in)?to|lithium|sodium|potassium|soluble|polysulfides?)\s+){0,5}"
    r"(?:\(\s*)?$", re.I)
# _NEGATED_BEFORE without the verb negations ("is not", "did not", "cannot", "never"): the
# same answer in a window without "not"/"never", at a lower cost ("no" is in "nano").
_NEGATED_BEFORE_NOUNS = re.compile(_NEGATED_BEFORE.pattern.replace(
    r"|(?:is|are|was|were)\s+not(?!\s+only)|(?:did|does|do|could|can|would|will)\s+not|cannot|never)", ")"), re.I)
assert _NEGATED_BEFORE_NOUNS.pattern != _NEGATED_BEFORE.pattern
_NOT_BACK_TO = re.compile(r"\bnot\s+(?:be\s+)?(?:\w+\s+)?(?:converted|transformed|turned|changed|reverted|"
                          r"restored|reformed)\s+(?:back\s+)?(?:in)?to\s+(?:the\s+)?$", re.I)
_NEG_LIST_GAP = re.compile(r"(?:\s*,\s*(?:and|or|nor)?\s*|\s+(?:and|or|nor)\s+|\s*\+\s*)$", re.I)
_NEGATED_AFTER = re.compile(
    r"\s*(?:phases?\s+)?(?:was|were|is|are|could|can)\s+(?:not|never|hardly)\s+(?:be\s+)?"
    r"(?:detected|observed|formed|found|generated|produced|identified)\b", re.I)
_ARROW = re.compile(r"\s*(?:→|->|⟶|⇌|↔|⇄|=>)\s*")
# A formula with a mixed site written with a space, "Na(Bi, Sb)": one phase whose
# shared site holds either element; the plain chunk scan would cut it at the comma.
_MIXED_SITE = re.compile(r"(?<![\w(])[A-Z][A-Za-z\d.]*\((?:[A-Z][a-z]?\s*,\s*)+[A-Z][a-z]?\)[A-Za-z\d.]*")
_SITE_OPEN = re.compile(r"\([A-Z][a-z]?\s*,")  # in every _MIXED_SITE match; a literal-led scan
_SITE_LIST = re.compile(r"\(((?:[A-Z][a-z]?\s*,\s*)+[A-Z][a-z]?)\)")
# "(two-step) dealloying of X to Y and Z", "conversion of X into Y", "the reduction of
# Fe3+ to Fe0", "Co reduction from Co2+ to Co0": X is the state the reaction starts from
# (a phase only when it holds the working ion), Y and Z what it becomes; in a stepwise
# reaction the earlier targets are intermediates.
_REACTION_OF = re.compile(
    r"\b(?:(?:de)?alloy\w*|conversion|(?:de)?(?:sodiat|lithiat|potassiat)\w*|reactions?|"
    r"decomposition|reduction|transitions?|transformations?)\s+(?:of|from)\s+(?:the\s+)?"
    r"(?P<src>\S+(?:(?:\s*,\s*|\s+and\s+)\S+){0,3}?)"
    r"(?:\s+phases?)?\s+(?:(?:back\s+)?(?:in)?to)\s+", re.I)
# A sequence "A, then B", "A and then B", "A followed by B": the phase order of one
# reaction, so every member but the last is an intermediate.
_THEN_GAP = re.compile(r"\s*,?\s*(?:and\s+)?(?:then|subsequently|followed\s+by|and\s+finally|"
                       r"finally|before\s+forming)\s+(?:(?:to\s+)?(?:form|produce|yield)\s+)?(?:the\s+)?$", re.I)
# "two intermediate phases are generated: amorphous A with ... and amorphous B (...)":
# after a colon that a plural phase noun introduces, each item opens the list or follows
# "and"/a comma, with only state adjectives between.
_COLON_INTRO = re.compile(r"\b(?:phases|intermediates|products)\b[^:;.]{0,60}:\s*$", re.I)
_ITEM_OPEN = re.compile(r"(?:^|(?:,|\band)\s+)(?:(?:the|an?|amorphous|crystalline|metallic|"
                        r"cubic|hexagonal|orthorhombic|tetragonal|monoclinic)\s+)*$", re.I)
# "composed of two phases: A and B" describes what a pristine material is made of
_MADE_OF = re.compile(r"\b(?:compos(?:ed|ing)\s+of|consist\w*\s+of|compris\w*|contain\w*|mixtures?)\b",
                      re.I)
# "the phase transformation is reversible between crystalline A and amorphous B", "the
# conversion (reaction) between A and B": the two phases the reaction shuttles between
# (not "a reaction between A and B": reactants, such as an electrode and its electrolyte)
_BETWEEN = re.compile(r"\b(?:transform\w*|transition\w*|conver\w*|reactions?)\b[^.;:]{0,40}?\b"
                      r"(?:reversibl[ey]|back\s+and\s+forth)\s+between\s"
                      r"|\b(?:transform\w*|transition\w*|conver\w*)(?:\s+reactions?)?\s+between\s", re.I)
# "the SEI layer is mainly composed of NaF and Na2CO3", "the passivation film consists of
# Li2CO3": what an interphase is made of (not "the surface ...": a common word, and the
# surface of a pristine particle is made of what was synthesised)
_SEI_MADE_OF = re.compile(
    r"\b(?:SEI|interphase|passivation)(?:\s*\(\w+\))?(?:\s+(?:layers?|films?|shells?))?\s+"
    r"(?:(?:is|are|was|were)\s+)?(?:\w+ly\s+)?"
    r"(?:(?:composed|comprised|consist\w*|made\s+up|constituted)\s+of|contain\w*)\s+", re.I)
# What may stand between a noun or verb and the first formula of the list it introduces:
# articles and state words, and a contrast of states ("amorphous rather than crystalline")
_STATE_OPEN = re.compile(r"(?:(?:the|an?|amorphous|crystalline|metallic|elemental|inorganic|organic|pristine|"
                         r"original|initial|nanocrystalline|polycrystalline)\s+"
                         r"|(?:rather\s+than|instead\s+of)\s+(?=amorphous|crystalline))*", re.I)
# "the reformation of (amorphous) Sb", "regeneration of the Bi2S3 phase": a reformed phase
_REFORMATION_OF = re.compile(r"\b(?:re-?formation|re-?generation)\s+of\s+", re.I)
_MADE_OF_KEYS = ("compos", "compris", "consist", "made", "constitut", "contain")
# "Cu + Na2O cannot recover to the pristine state", "Fe and Li2O were not converted back":
# the products of a reaction the reverse step does not undo
_UNRECOVERED_AFTER = re.compile(
    r"\s+(?:cannot|can\s+not|could\s+not|did\s+not|does\s+not|do\s+not|were\s+not|was\s+not|"
    r"fail(?:s|ed)?\s+to)\s+(?:be\s+)?(?:\w+ly\s+)?"
    r"(?:recover\w*|revert\w*|reconvert\w*|return\w*|(?:convert|transform|turn)\w*\s+back)\b", re.I)
_UNRECOVERED_KEYS = ("not", "fail")
_RECOVER_WORD = re.compile(r"\b(?:recover|revert|reconvert|return)\w*", re.I)
_PURE_LIST_GAP = re.compile(r"\s*(?:,|and|,\s*and)\s*")
_STEPWISE = re.compile(r"\b(?:two|three|multi)[\s‐-]?steps?\b|\bstep[\s‐-]?wise\b|\bsuccessive\w*\b",
                       re.I)

# "polysulfides (Li2Sx)", "soluble Na2Sx": words that place a polysulfide in the reaction
_POLYSULFIDE_WORD = re.compile(r"\b(?:poly-?sulfides?|soluble)\b", re.I)
# "the lithiated phase, Li15Si4,", "the final product is Na3Sb", "the discharge product was
# identified as Li2O2": a phase named by a copula or apposition after a qualified noun. The
# qualifier (_NAMED_QUALIFIER, just before the noun) keeps out "the pristine phase, Sb ...".
_NAMED_AS = re.compile(r"(?:phases?|products?)(?:\s*,\s*(?:namely\s+|i\.e\.,?\s+)?"
                       r"|\s+(?:is|was|are|were)\s+(?:(?:identified|confirmed|determined|found|assigned)\s+"
                       r"(?:to\s+be|as)\s+)?)", re.I)
_NAMED_QUALIFIER = re.compile(r"\b(?:(?:de)?(?:lithiat|sodiat|potassiat)ed|alloyed|reduced|discharged|charged|"
                              r"final|end|new|main|major|resulting|resultant|discharge|charge|reaction|"
                              r"intermediate)\s+$", re.I)
# "Li2O2 is the main discharge product", "NaSn as an intermediate": a formula before a
# copula (or "as") and a noun of role
_IS_PRODUCT = re.compile(r"(?:\s+(?:is|was|are|were)\s+(?:(?:identified|confirmed|determined|found)\s+"
                         r"(?:to\s+be|as)\s+)?|\s*,\s*|\s+as\s+)(?:the|an?)\s+(?:[\w-]+\s+){0,2}?"
                         r"(?:products?\b|(?:(?:de)?(?:lithiat|sodiat|potassiat)ed|discharged|charged|final|end)"
                         r" phases?\b)", re.I)
_IS_PRODUCT_KEYS = ("product", "ated phase", "charged phase", "final phase", "end phase")
_AS_INTERMEDIATE = re.compile(r"\s+(?:phase\s+)?(?:(?:is|was|are|were|acts?|serves?)\s+)?as\s+(?:an?|the)\s+"
                              r"(?:[\w-]+\s+)?intermediates?\b"
                              r"|\s+(?:is|was|are|were)\s+(?:an?|the)\s+(?:[\w-]+\s+)?intermediates?\b", re.I)
# "NaSn transforms into Na9Sn4", "Li2Sb is converted to Li3Sb": a formula that turns into
# another (the source of the step; "back" makes it the product the reverse step undoes)
_TURNS_INTO = re.compile(r"\s+(?:phases?\s+)?(?:(?:is|was|are|were|can\s+be|could\s+be|gradually|further|then|"
                         r"subsequently|first|partially|completely|fully|rapidly|quickly|slowly|spontaneously)\s+){0,2}"
                         r"(?:transform|convert|disproportionat|chang|turn|evolv|reduc)\w*\s+(?P<back>back\s+)?(?:in)?to\b",
                         re.I)

# "(full) lithiation to Li15Si4": the state a process leads to
_ION_TO_PATTERN = r"\b(?:de)?(?:sodiat|lithiat|potassiat)\w*\s+(?:in)?to\b"
_ION_TO = re.compile(_ION_TO_PATTERN, re.I)

_TRIGGERS = re.compile(
    r"(?:\b(?:transform|convert|decompos|disproportionat|chang|turn|evolv|reduc|split|transit|separat)\w*"
    r"(?:\s+\w+){0,4}?\s+(?:in)?to\b"
    r"|\bform(?:s|ed|ing)?\b|\b(?:generat|produc|yield|precipitat|creat|result\w*\s+in)\w*\b"
    r"|\b(?:emergence|appearance|formation|generation)\s+of\b"
    r"|\b(?:products?|intermediates?)\b(?:\s+(?:of|such\s+as|including|like|are|is|were|was|"
    r"called|named|can|could))?"
    r"|\bphases?\s+(?:of|called|named|such\s+as|like)\b"
    r"|\b(?:indexed|assigned|identified|interpreted)\s+(?:to|as)\b"
    r"|\b(?:peaks?|reflections?|rings?)\s+of\b"
    r"|\b(?:alloy\w*|react\w*)\s+with\s+\w+\s+to\s+(?:form|produce|generate|give|yield)\b"
    r"|\b(?:conversion|alloying)\s+(?:in)?to\b|\bintercalation\s+to\b"
    r"|" + _ION_TO_PATTERN +
    r"|\b(?:SEI|interphase|passivation)\b)", re.I)
_STOP = re.compile(r"[;.](?:\s|$)|\b(?:which|while|whereas|but|indicating|suggesting|implying|"
                   r"because|due|owing|resulting|leading|so|thus|demonstrating|confirming)\b")
_PHASE_NOUN = re.compile(r"\s+(?:and\s+\S+\s+)?phases?\b")
# "alloy" names a class of electrode materials ("Sb and Sb-rich alloys suffer from ...");
# it names a phase only for an alloy of the working ion ("the Na3Sb alloy").
_ALLOY_NOUN = re.compile(r"\s+(?:and\s+\S+\s+)?alloys?\b")
_REVERSE = re.compile(r"\b(?:desodiat\w*|delithiat\w*|depotassiat\w*|dealloy\w*|charg(?:e|ed|ing)|"
                      r"back\s+(?:to|into)|re-?form\w*|recover\w*|revert\w*|re-?generat\w*|"
                      r"extraction|deintercalat\w*|reverse|reconvert\w*|returned)\b", re.I)
_FORWARD = re.compile(r"\b(?:sodiat\w*|lithiat\w*|potassiat\w*|discharg\w*|insertion|"
                      r"intercalat\w*|alloying|conversion|reduction)\b", re.I)
_INTERMEDIATE = re.compile(r"\b(?:intermediates?|metastable|transient|"
                           r"initially|first|partially|amorphous\s+intermediate)\b", re.I)
_FINAL = re.compile(r"\b(?:final(?:ly)?|fully|complete(?:ly)?|end\s+products?|eventually|ultimately)\b",
                    re.I)
_SEI = re.compile(r"\b(?:SEI|solid[\s‐-]electrolyte\s+interphase|interphase|passivat(?:ion|ing|es?|ed)|"
                  r"surface\s+(?:layer|film))\b", re.I)
def _names_next(text: str, pos: int, cands: list[tuple[int, int, str]]) -> bool:
    """Whether a formula follows ``pos`` within a few words of the same clause ("into a
    cubic Na3Bi phase", "into elemental sulfur")."""
    for c in cands:
        if c[0] >= pos:
            return c[0] - pos <= 30 and not any(ch in text[pos:c[0]] for ch in ",;:.")
    return False


def _becomes(text: str, end: int) -> bool:
    """Whether the phase ending at ``end`` turns into another (_BECOMES), not denied ("Na2O is
    formed and is not decomposed")."""
    m = _BECOMES.match(text[end:])
    return m is not None and _NOT_WORD.search(m.group()) is None


_NOT_WORD = re.compile(r"\b(?:not|never|hardly)\b|n't\b", re.I)
# "Li2O is decomposed", "Na2S is consumed": a phase the step uses up
_CONSUMED_AFTER = re.compile(r"\s+(?:phases?\s+)?(?:is|are|was|were|gets?|got)\s+(?:\w+ly\s+)?"
                             r"(?:decomposed|consumed|oxidi[sz]ed)\b", re.I)
_CONSUMED_KEYS = ("decomposed", "consumed", "oxidized", "oxidised")
# a reaction named between an interphase word and a phase: the phase is that reaction's
_OTHER_REACTION = re.compile(r"\b(?:to\s+(?:form|produce|give|yield)|conver\w*\s+(?:in)?to|transform\w*\s+(?:in)?to|"
                             r"insertion|intercalation|alloying|sodiation|lithiation|potassiation)\b", re.I)
_BECOMES = re.compile(r"^\s*(?:\w+\s+){0,3}?(?:is|was|are|were|has|have|had|could|can|would|will|"
                      r"continued|gradually|further|then|subsequently|finally|rapidly)?\s*"
                      r"(?:\w+\s+)?(?:(?:transform|convert|decompos|disproportionat|chang|turn|evolv|react)\w*|"
                      r"alloy\w*\s+with)",
                      re.I)


# "NaxSnS2, which then converts into Sn", "LiO2, which is unstable and disproportionates to
# Li2O2": a relative clause that turns the phase into another (not back: "Na3Sb, which
# converts back to Sb on charge" names the product the reverse step undoes)
_WHICH_BECOMES = re.compile(r"\s*,\s*which\s+(?:\w+\s+){0,3}?(?:transform|convert|decompos|disproportionat|"
                            r"react|alloy)\w*(?!\s+back\b)(?:\s+with)?\s+(?!back\b)", re.I)


@lru_cache(maxsize=65536)
def _phase_core(raw: str) -> str | None:
    """The formula of a chunk read as a phase, or None (ions, electrons, words).

    Memoised per chunk: a paper repeats its formulas and words, and the answer
    depends on the chunk alone.
    """
    if not raw or _CHARGED.search(raw):
        return None
    raw = _AMORPHOUS.sub("", raw)  # "a-Na1.7Sb", "c-Na3Sb", "1T-NaMoS2": state, lattice, polytype
    if _POLYMORPH.match(raw):
        # a polymorph of a product ("α-Sn", "β-NaSn"); "α-MnO2", "α-Fe2O3" name pristine materials
        core = _phase_core(raw[2:])
        if core is None or not (core in elements() or _has_working_ion(core)):
            return None
        return raw[0] + "-" + core
    raw = _COEFF.sub("", raw)
    raw = re.sub(r"[\-‐‑–](?:based|type|rich|phase|phases|like)$", "", raw)
    if not raw or not raw[0].isupper():
        return None
    zero = _ZERO_VALENT.match(raw)
    if zero and zero.group(1) in elements() and zero.group(1) not in _NOT_ZERO_VALENT:
        raw = zero.group(1)
    if raw in entries("not_formulas.tsv") and raw not in elements():
        return None
    if _ACRONYM.match(raw) and raw not in elements():
        return None
    if raw in ("I",) or raw in _WORKING_IONS or _SI_LABEL.match(raw):
        return None
    if raw in entries("non_materials.tsv"):
        return None
    return raw if is_formula(raw) or _is_var_formula(raw) else None


def _is_var_formula(raw: str) -> bool:
    """'KxSb', 'Li2Sx': a formula of two or more elements with a variable count after a
    one-letter symbol (valid when the count is read as a number)."""
    return (_VAR_AFTER_SYMBOL.search(raw) is not None and sum(c.isupper() for c in raw) >= 2
            and is_formula(_VAR_AFTER_SYMBOL.sub("1", raw)))


@lru_cache(maxsize=65536)
def _chunk_core(chunk: str) -> tuple[int, int, str | None]:
    """(leading, trailing characters to drop, formula or None) of a _CHUNK match:
    quotes and brackets around it and sentence punctuation after it are not part of
    the formula. Memoised per chunk like _phase_core."""
    raw, lead, trail = chunk, 0, 0
    while raw and raw[0] in _LEAD:
        raw, lead = raw[1:], lead + 1
    while raw and (raw[-1] in _TRAIL or (raw[-1] == ")" and raw.count("(") < raw.count(")"))):
        raw, trail = raw[:-1], trail + 1
    return lead, trail, _phase_core(raw)


def _examples(text: str, cands: list[tuple[int, int, str]]) -> list[int]:
    """Starts of candidates listed as examples of electrodes ("electrodes, such as A, B and C")."""
    out: list[int] = []
    for m in _EXAMPLES.finditer(text):
        pos = m.end()
        for s, e, _ in cands:
            if s < pos:
                continue
            if s == pos or _LIST_GAP.search(text[pos:s]) is not None or not text[pos:s].strip():
                out.append(s)
                pos = e
            else:
                break
    return out


@lru_cache(maxsize=65536)
def _has_working_ion(core: str) -> bool:
    """Sodiated/lithiated/potassiated phases name the ion: NaBi, LixSi, K3Sb."""
    return bool(re.search(r"(?:Na|Li|K)(?![a-wyz]|x[a-z])", core))


def _mixed_core(raw: str) -> str | None:
    """'Na(Bi, Sb)' -> 'Na(Bi,Sb)' when the formula is valid with each site element."""
    compact = _SITE_LIST.sub(lambda m: "(" + re.sub(r"\s+", "", m.group(1)) + ")", raw)
    for alt in _SITE_LIST.search(compact).group(1).split(","):
        if not is_formula(_SITE_LIST.sub(alt, compact, count=1)):
            return None
    return compact


# A noun and a preposition of place before a formula: "stability in ZnO was observed",
# "a thicker layer on NiO was observed" say where something was seen, not that the
# formula appeared. After a participle the formula is still a product ("Fe embedded in
# Na2O was observed").
_PLACED_BEFORE = re.compile(r"(?<![\w-])(\w+)\)?\s+(?:in|on|at|within|inside|onto|into|over|across|through|"
                            r"for|from|than)\s+(?:the\s+|an?\s+)?$", re.I)


def _placed_before(text: str, start: int) -> bool:
    """Whether the list starting at ``start`` is the object of a place preposition after a noun."""
    m = _PLACED_BEFORE.search(text, max(0, start - 40), start)
    return m is not None and not m.group(1).lower().endswith("ed")


def _list_after(text: str, pos: int, cands: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """The list of candidates that starts at ``pos`` ("A, B and C"): the first after
    articles and state words only, the others after a short list gap."""
    out: list[tuple[int, int, str]] = []
    for s, e, core in cands:
        if s < pos:
            continue
        gap = text[pos:s]
        if not (_LIST_GAP.search(gap) is not None and len(gap) < 8 if out else _STATE_OPEN.fullmatch(gap)):
            break
        out.append((s, e, core))
        pos = e
    return out


def _chunks(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of _CHUNK.finditer(text).

    A chunk starts the text or follows one of the look-behind's characters; the one
    at the start is matched directly, the others with _CHUNK_AFTER, which consumes that
    character. No chunk starts at another's end (a chunk runs up to a space or ',;:',
    where none starts), so scanning on from each end finds the same chunks.
    """
    out = []
    pos = 0
    chunk, after = (_CHUNK, _CHUNK_AFTER) if _letter_prefixed(text) else (_CHUNK_PLAIN, _CHUNK_PLAIN_AFTER)
    first = chunk.match(text)
    if first is not None:
        pos = first.end()
        out.append((0, pos, first.group()))
    for m in after.finditer(text, pos):
        s, e = m.span(1)
        out.append((s, e, m.group(1)))
    return out


# A binary system of the working ion named as a class of phases: "Na–Sn intermediates",
# "Li-Si alloys", "the K–Bi phases" (not "the Li–Sb phase diagram"): its phases, NaxSn.
_BINARY = re.compile(r"(Li|Na|K)[-‐–]([A-Z][a-z]?)")
_BINARY_NOUN = re.compile(r"\s+(?:intermediates?|phases?(?!\s+diagram)|alloys?|compounds?)\b", re.I)


# "reduced to metallic iron", "elemental selenium forms", "crystalline sulfur is reformed": an
# element named in words (carbon only as "metallic"/"elemental": "amorphous carbon" is a
# material class, not a phase)
_NAMED_ELEMENT = re.compile(r"\b(?:(metallic|elemental)|crystalline|amorphous)\s+([a-z]{3,12})\b", re.I)
_NOT_NAMED_PHASE = frozenset({"H", "N", "O", "F", "Cl"})
# "lithium polysulfides", "sodium polysulfide": the polysulfides of the working ion, M2Sx
_NAMED_POLYSULFIDE = re.compile(r"\b(lithium|sodium|potassium)\s+poly-?sulfides?\b", re.I)
_ION_SYMBOL = {"lithium": "Li", "sodium": "Na", "potassium": "K"}
# "sodium superoxide", "lithium carbonate", "lithium fluoride": a binary or simple salt of the
# working ion named in words (the discharge products of metal-oxygen cells, SEI compounds)
_NAMED_SALT = re.compile(r"\b(?:lithium|sodium|potassium)\s+(?:carbonate|fluoride|oxide|sulfide|selenide|"
                         r"peroxide|superoxide|hydroxide|nitride|phosphide)(?![\w-])", re.I)


# (without their first letter: "Sodium Oxide" in a title)
_SALT_KEYS = ("arbonate", "luoride", "xide", "ulfide", "elenide", "itride", "hosphide")


@lru_cache(maxsize=256)
def _salt_formula(name: str) -> str | None:
    """'sodium superoxide' -> 'NaO2' (kb.chem's common names), None when unknown."""
    formula = common_name_formula(name)
    return formula if formula and is_formula(formula) else None
_STATE_WORDS = ("metallic", "elemental", "crystalline", "amorphous")


@lru_cache(maxsize=1024)
def _named_element(word: str) -> str | None:
    """'iron' -> 'Fe' for an element's name (not the working ions or gases), else None."""
    sym = common_name_formula(word.lower())
    if sym is None or sym not in elements() or sym in _WORKING_IONS or sym in _NOT_NAMED_PHASE:
        return None
    return sym


@lru_cache(maxsize=65536)
def _binary_core(chunk: str) -> str | None:
    """'Na–Sn' -> 'NaxSn': a binary system of the working ion with another element."""
    pair = _BINARY.fullmatch(chunk)
    if pair is None or pair.group(2) not in elements() or pair.group(2) in _WORKING_IONS:
        return None
    return f"{pair.group(1)}x{pair.group(2)}"


def _slash_parts(start: int, chunk: str) -> list[tuple[int, int, str]]:
    """'Li2S2/Li2S' -> its two phases, when every part is a formula holding the working ion
    (two phases side by side; "Sb/C", "Na3V2(PO4)3/C" name a composite)."""
    return [(start + s, start + e, core) for s, e, core in _slash_cores(chunk)]


@lru_cache(maxsize=4096)
def _slash_cores(chunk: str) -> tuple[tuple[int, int, str], ...]:
    """_slash_parts relative to the chunk (memoised per chunk)."""
    out = []
    pos = 0
    for part in chunk.split("/"):
        lead, trail, core = _chunk_core(part)
        if core is None or not _has_working_ion(core):
            return ()
        out.append((pos + lead, pos + len(part) - trail, core))
        pos += len(part) + 1
    return tuple(out) if len(out) > 1 else ()


def _candidates(text: str) -> list[tuple[int, int, str]]:
    out = []
    mixed = []
    if "," in text and "(" in text and _SITE_OPEN.search(text):
        for m in _MIXED_SITE.finditer(text):
            core = _mixed_core(m.group())
            if core:
                mixed.append((m.start(), m.end(), core))
    for s, e, chunk in _chunks(text):
        lead, trail, core = _chunk_core(chunk)
        if core is None and "/" in chunk:
            out.extend(_slash_parts(s, chunk))
            continue
        if core is None:
            if len(chunk) <= 5 and (binary := _binary_core(chunk)) is not None and _BINARY_NOUN.match(text, e):
                out.append((s, e, binary))  # "Na–Sn intermediates": NaxSn
            continue
        if mixed and any(ms <= s < me for ms, me, _ in mixed):
            continue
        s, e = s + lead, e - trail
        if len(core) <= 2 and _UNIT_BEFORE.search(text, max(0, s - 4), s):
            continue  # "3 V", "2 C": a unit after a number
        if _AFTER_NOT_PHASE.match(text, e):
            continue
        out.append((s, e, core))
    if mixed:
        out = sorted(out + mixed)
    if "olysulf" in text:
        named = [(m.start(), m.end(), _ION_SYMBOL[m.group(1).lower()] + "2Sx")
                 for m in _NAMED_POLYSULFIDE.finditer(text)]
        if named:
            out = sorted(out + named)
    if ("odium " in text or "ithium " in text or "otassium " in text) and has_any(text, _SALT_KEYS):
        named = [(m.start(), m.end(), f) for m in _NAMED_SALT.finditer(text)
                 if (f := _salt_formula(m.group().lower())) is not None]
        if named:
            out = sorted(out + named)
    if "etallic" in text or "lemental" in text or "rystalline" in text or "morphous" in text:
        named = [(m.start(2), m.end(2), sym) for m in _matches_at(_NAMED_ELEMENT, text, lowered(text), _STATE_WORDS)
                 if (sym := _named_element(m.group(2))) is not None and (m.group(1) or sym != "C")]
        if named:
            out = sorted(out + named)
    return out


# Keys (lowered) one of which any match of the regex contains: without them in the
# sentence (or in the slice searched) the regex cannot match there. The role cues:
_SEI_KEYS = ("sei", "interphase", "passivat", "surface")
_REVERSE_KEYS = ("desodiat", "delithiat", "depotassiat", "dealloy", "charg", "back", "reform",
                 "re-form", "recover", "revert", "regenerat", "re-generat", "extraction",
                 "deintercalat", "reverse", "reconvert", "returned")
_FINAL_KEYS = ("final", "fully", "complete", "end", "eventually", "ultimately")
_INTERMEDIATE_KEYS = ("intermediate", "metastable", "transient", "initially", "first", "partially")

# ... and the rules' per-candidate and clean-up regexes:
_APPEARS_KEYS = ("form", "generated", "produced", "appear", "emerg", "observed", "detected",
                 "precipitat", "nucleat")
_BECOMES_KEYS = ("transform", "convert", "decompos", "chang", "turn", "evolv", "react", "alloy",
                 "disproportionat")
_THEN_KEYS = ("then", "subsequently", "followed", "finally", "before")
_EXAMPLES_KEYS = ("such", "e.g.", "including", "like", "namely")
# _NEGATED_BEFORE ("no" also in "nor"), _NOT_BACK_TO and _NEGATED_AFTER ("not", "never",
# "hardly"): without them nothing is negated
_NEGATED_KEYS = ("without", "instead", "rather", "no", "absence", "neither", "never", "hardly", "cannot")
_NEGATED_BEFORE_KEYS = ("without", "instead", "rather", "no", "absence", "neither", "never",
                        "cannot")  # "no" in "not"


def _may_name_cycle(text: str, low: str | None) -> bool:
    """Whether _CYCLE_PAIR can match: "(de)...", "...ation/de..." or "de...ation/..."
    (a "/" and "ation"), or "charge–discharge" ("charg" twice)."""
    if low is None:
        return True
    return "(de)" in low or ("/" in text and "ation" in low) or low.count("charg") > 1


class _Roles:
    """The role of a phase at a position from the words around it, for one sentence.

    The sentence's scans are shared between its phases: the cycle-pair blanking,
    the direction cues before each phase (one scan of the sentence, see
    phase_scan.last_end_before), and which cue families occur at all.
    """

    def __init__(self, text: str, low: str | None):
        self.text = text
        self.low = low
        self._cues: str | None = None
        self._rev: list[tuple[int, int]] | None = None
        self._fwd: list[tuple[int, int]] | None = None
        self._families: tuple[bool, bool, bool, bool] | None = None

    def families(self) -> tuple[bool, bool, bool, bool]:
        """Whether the SEI, reverse, final and intermediate cues can occur at all."""
        if self._families is None:
            low = self.low
            self._families = (has_any(low, _SEI_KEYS), has_any(low, _REVERSE_KEYS),
                              has_any(low, _FINAL_KEYS), has_any(low, _INTERMEDIATE_KEYS))
        return self._families

    @property
    def cues(self) -> str:
        """The text with "sodiation/desodiation", "(de)sodiation", "charge–discharge"
        blanked (same length): they name a whole cycle, not a direction."""
        if self._cues is None:
            text = self.text
            if _may_name_cycle(text, self.low):
                text = _CYCLE_PAIR.sub(lambda m: " " * len(m.group()), text)
            self._cues = text
        return self._cues

    def _in_interphase(self, pos: int) -> bool:
        """Whether an interphase word near the phase claims it: one after it ("NaF in the
        SEI"), or one before it with no other reaction named in between ("the formation of
        the SEI, and Na+ insertion into WSSe to form Na2Se": Na2Se is the insertion's)."""
        found = list(_SEI.finditer(self.cues, max(0, pos - 80), pos + 40))
        if not found:
            return False
        if found[-1].start() >= pos:
            return True
        return _OTHER_REACTION.search(self.cues, found[-1].end(), pos) is None

    def role(self, pos: int, default: str) -> str:
        text, low = self.cues, self.low
        sei, reverse, final, intermediate = self.families()
        # each regex below only runs when one of its keys is in the slice it searches
        if sei and has_any_in(low, pos - 80, pos + 40, _SEI_KEYS) and self._in_interphase(pos):
            return "sei"
        # direction of the reaction: a reverse cue in the phase's own clause, else the
        # closest cue before the phase, decides
        if reverse:
            if has_any_in(low, pos, pos + 60, _REVERSE_KEYS):  # the clause is inside
                stop = _STOP.search(text, pos)
                clause_end = stop.start() if stop else len(text)
                after = text[pos:min(clause_end, pos + 60)]
                if _REVERSE.search(after) and not _FORWARD.search(after):
                    return "reformed"
            if self._rev is None:
                self._rev = [m.span() for m in _REVERSE.finditer(text)]
            rev = last_end_before(_REVERSE, text, self._rev, pos)
            if rev is not None:
                if self._fwd is None:
                    self._fwd = [m.span() for m in _FORWARD.finditer(text)]
                fwd = last_end_before(_FORWARD, text, self._fwd, pos)
                if fwd is None or rev > fwd:
                    return "reformed"
        window = text[max(0, pos - 60):pos]
        if final and has_any_in(low, pos - 60, pos, _FINAL_KEYS) and _FINAL.search(window):
            return "product"
        if intermediate and has_any_in(low, pos - 35, pos, _INTERMEDIATE_KEYS) \
                and _INTERMEDIATE.search(window[-35:]):
            return "intermediate"
        return default


def _sequences(text: str, cands: list[tuple[int, int, str]], roles: _Roles,
               chosen: dict[int, PhaseMention]) -> None:
    """Mark the members of 'A(, B) and then C' chains: earlier intermediate, last by direction."""
    for j in range(1, len(cands)):
        if _THEN_GAP.match(text[cands[j - 1][1]:cands[j][0]]) is None:
            continue
        i = j - 1
        while i > 0 and _PURE_LIST_GAP.fullmatch(text[cands[i - 1][1]:cands[i][0]]) is not None:
            i -= 1
        chain = cands[i:j + 1]
        k = j
        while k + 1 < len(cands) and _THEN_GAP.match(text[cands[k][1]:cands[k + 1][0]]) is not None:
            k += 1
            chain.append(cands[k])
        if not all(_has_working_ion(c[2]) for c in chain):
            continue  # chemistry must confirm these are states of the working ion
        for n, (s, e, core) in enumerate(chain):
            role = "intermediate" if n < len(chain) - 1 else roles.role(s, "product")
            chosen[s] = PhaseMention(s, e, text[s:e], phase=core.replace("‐", "-"), role=role)


def _drop_negated(text: str, low: str | None, chosen: dict[int, PhaseMention]) -> None:
    """Remove phases the sentence denies, with the rest of their list ("without A or B")."""
    if not has_any(low, _NEGATED_KEYS):
        return
    negated = False
    prev_end = None
    for s in sorted(chosen):
        ph = chosen[s]
        in_list = prev_end is not None and _NEG_LIST_GAP.match(text, prev_end, s) is not None
        window = text[max(0, s - 60):s]
        negated = (negated and in_list) or (
            has_any_in(low, s - 60, s, _NEGATED_BEFORE_KEYS)
            and ((_NEGATED_BEFORE if has_any_in(low, s - 60, s, ("not", "never")) else _NEGATED_BEFORE_NOUNS)
                 .search(window) is not None or _NOT_BACK_TO.search(window) is not None))
        if negated or _NEGATED_AFTER.match(text, ph.end):
            del chosen[s]
        prev_end = ph.end


# "the peaks of Na3Sb", "diffraction rings of β-Sn and of Na2S": what a pattern shows is a
# phase only in a sentence about a state of the electrode (a potential, a step of cycling);
# in a structure sentence it is the pristine material. Peaks that fade or shift name what
# is consumed, not what forms.
_STATE_CONTEXT = re.compile(r"\b(?:(?:dis)?charg\w*|(?:de)?(?:sodiat|lithiat|potassiat)\w*|cycl\w*|"
                            r"\d+(?:\.\d+)?\s*V)\b", re.I)
_FADES_AFTER = re.compile(r"[^.;,]{0,40}?\b(?:disappear\w*|weaken\w*|vanish\w*|decreas\w*|diminish\w*|"
                          r"shift\w*|fad\w*|los[et]\w*|replac\w*)\b", re.I)
_DIFFRACTION_WORDS = ("peak", "reflection", "ring")


def _diffraction_of_state(text: str, pos: int) -> bool:
    """A "peaks/reflections/rings of" cue names products: the sentence is about a state of
    the electrode and the peaks do not fade or shift."""
    return _STATE_CONTEXT.search(text) is not None and _FADES_AFTER.match(text, pos) is None


def _has_arrow(text: str) -> bool:
    # plain loops: most sentences have none, and a generator per sentence costs more
    # than the membership tests themselves; in ASCII text only "->" and "=>" can occur
    if text.isascii():
        return ">" in text and _ARROW.search(text) is not None
    for a in _ARROW_CHARS:
        if a in text:
            return _ARROW.search(text) is not None
    return False


def _has_trigger_key(low: str) -> bool:
    """The pre-check find() always made; kept for sentences with odd-case letters."""
    for k in _TRIGGER_KEYS:
        if k in low:
            return True
    return False


def _has_cue(text: str, low: str | None) -> bool:
    """Whether any rule of find() has a cue to start from: an arrow, a trigger, a phase
    word, a verb of appearance, a "reaction of" or a "between" (the regexes' search).

    With the lowered text the cue regexes are only tried where one of their words
    starts: the same answer as searching every position.
    """
    if _has_arrow(text):
        return True
    if low is None:
        return _has_trigger_key(text.lower()) and _cue_search(text)
    return search_at_words(text, low, _CUE_TABLE)


def _finditer(rx: re.Pattern, bit: int, text: str, starts: list | None) -> list[re.Match]:
    """rx.finditer(text) for a cue regex, tried only where one of its words starts
    (``starts`` from word_starts over _CUE_TABLE; None: unknown, scan all)."""
    if starts is None:
        return list(rx.finditer(text))
    at = [p for p, (bits, _) in starts if bits & bit]
    return finditer_at(rx, text, at) if at else []


def _trigger_matches(text: str, starts: list | None) -> list[re.Match]:
    """_TRIGGERS.finditer(text), tried only where a trigger word starts; where only a word of
    _ION_TO starts ("sodiation"), its one alternative there, the small _ION_TO, is tried."""
    if starts is None:
        return list(_TRIGGERS.finditer(text))
    out = []
    last = 0
    for p, (bits, _) in starts:
        if p < last or not bits & (_T | _IT):
            continue
        m = (_TRIGGERS if bits & _T else _ION_TO).match(text, p)
        if m is not None:
            out.append(m)
            last = m.end()
    return out


def _colons(text: str) -> list[int]:
    """Positions of ':' in the text."""
    out = []
    i = text.find(":")
    while i >= 0:
        out.append(i)
        i = text.find(":", i + 1)
    return out


def _cue_search(text: str) -> bool:
    """The cue test as plain regex searches over the whole sentence."""
    return any(rx.search(text) is not None for rx in _CUE_REGEXES)


# The keys any match of _NOT_ELECTROCHEMICAL contains (lowered): its words, "air" of
# "in air", the degree signs of "600 °C".
_NOT_ELECTROCHEMICAL_KEYS = (
    "oxidi", "combust", "tga", "thermogravimetric", "weight", "air", "template", "etch", "calcin",
    "anneal", "dissolv", "stirr", "precursor", "hydrothermal", "synthesi", "nucleation", "heating",
    "°", "º", "˚", "◦", "temperature", "high")


def _not_electrochemical(text: str, low: str | None) -> bool:
    """_NOT_ELECTROCHEMICAL.search, skipped when none of its keys is in the lowered text."""
    if "surface oxidation" in (text if low is None else low):
        return True  # "a product from surface oxidation of Li metal": chemistry of the sample
    return has_any(low, _NOT_ELECTROCHEMICAL_KEYS) and _NOT_ELECTROCHEMICAL.search(text) is not None


def find(text: str) -> list[PhaseMention]:
    """Phase mentions of one sentence with their role, sorted by start.

    Every rule needs a cue (_has_cue) and a formula candidate, and none applies to a
    sentence about synthesis or heating: those cheap tests come first, most
    sentences stop at the cue test.
    """
    low = lowered(text)
    if not _has_cue(text, low):
        return []
    cands = _candidates(text)
    if not cands or _not_electrochemical(text, low):
        return []
    return _read_phases(text, low, cands)


def _read_phases(text: str, low: str | None, cands: list[tuple[int, int, str]]) -> list[PhaseMention]:
    """The rules proper, for a sentence with a cue and formula candidates."""
    roles = _Roles(text, low)
    starts = None if low is None else word_starts(text, low, _CUE_TABLE)  # None: scan all
    chosen: dict[int, PhaseMention] = {}

    def add(s: int, e: int, core: str, default: str) -> None:
        if s not in chosen:
            chosen[s] = PhaseMention(s, e, text[s:e], phase=core.replace("‐", "-"),
                                     role=roles.role(s, default))

    # 1. reaction equations: what each arrow gives, chained steps, reactants
    reactants: set[int] = set()
    arrows = list(_ARROW.finditer(text)) if _has_arrow(text) else []
    if arrows:
        reactants = _equations(text, cands, arrows, roles, chosen, add)
    # 2. triggers and their clause
    last_start = cands[-1][0]
    for t in _trigger_matches(text, starts):
        if t.end() > last_start:
            break  # no candidate after this trigger or any later one
        stop = _STOP.search(text, t.end())
        end = min(stop.start() if stop else len(text), t.end() + 90)
        intermediate = t.group().lower().startswith("intermediate")
        if t.group().lower().startswith(_DIFFRACTION_WORDS) and not _diffraction_of_state(text, t.start()):
            continue
        pos = t.end()
        for s, e, core in cands:
            if t.end() <= s < end:
                # "intermediates ... are A and B": only the list right after the word
                near = intermediate and s - pos <= 60 and not _VERB_BETWEEN.search(text, pos, s)
                add(s, e, core, "intermediate" if near else "product")
                if near:
                    pos = e
    # 2b. "dealloying of X to Y and Z": the source (if ion-bearing) and its target list
    for r in _finditer(_REACTION_OF, _R, text, starts):
        stepwise = _STEPWISE.search(text, max(0, r.start() - 30), r.start()) is not None
        src = [c for c in cands if r.start("src") <= c[0] < r.end("src")]
        # a reverse step: "dealloying of ...", "conversion of Na2S back to S"
        reverse = _REVERSE.match(r.group()) is not None or re.search(r"\bback\s", r.group(), re.I) is not None
        for s0, e0, c0 in src:
            # the ion-bearing source of a reverse step ("dealloying of Na3Sb to Sb") is the
            # product it undoes; of a forward step ("transition from NaSn to Na9Sn4") a phase
            # on the way. A list converted back ("conversion of Na2S and Bi back to Bi2S3"):
            # every member is a product the reverse step undoes.
            if _has_working_ion(c0):
                role = "product" if reverse else "intermediate"
            elif reverse and len(src) > 1:
                role = "product"
            else:
                continue
            chosen[s0] = PhaseMention(s0, e0, text[s0:e0], phase=c0.replace("‐", "-"), role=role)
        targets, pos = [], r.end()
        for s, e, core in cands:
            if s < pos:
                continue
            if s == pos or (_LIST_GAP.search(text[pos:s]) is not None if targets
                            else _STATE_OPEN.fullmatch(text, pos, s) is not None):
                targets.append((s, e, core))
                pos = e
            else:
                break
        for k, (s, e, core) in enumerate(targets):
            if stepwise and k < len(targets) - 1:
                role = "intermediate"
            elif reverse and _has_working_ion(core):
                role = "intermediate"
            else:
                role = "reformed" if reverse else "product"
            chosen.pop(s, None)
            chosen[s] = PhaseMention(s, e, text[s:e], phase=core.replace("‐", "-"), role=role)
    # 2c. a colon list of phases after "N intermediate phases ...:"
    for colon in _colons(text):
        intro = text[max(0, colon - 90):colon + 1]
        if not _COLON_INTRO.search(intro) or _MADE_OF.search(intro):
            continue
        stop = _STOP.search(text, colon + 1)
        end = stop.start() if stop else len(text)
        items, prev = [], colon + 1
        for c in cands:
            if c[0] <= colon or c[0] >= end:
                continue
            gap = text[prev:c[0]]
            if _ITEM_OPEN.search(gap) if items else _ITEM_OPEN.fullmatch(gap.lstrip()):
                items.append(c)
            prev = c[1]
        if not items:
            continue
        first = items[0]
        role = chosen[first[0]].role if first[0] in chosen else roles.role(first[0], "product")
        for c in items:
            if c[0] not in chosen:
                chosen[c[0]] = PhaseMention(c[0], c[1], text[c[0]:c[1]], phase=c[2].replace("‐", "-"), role=role)
    # 2d. "reversible between A and B"
    for bm in _finditer(_BETWEEN, _B, text, starts):
        after = [c for c in cands if c[0] >= bm.end()][:2]
        if len(after) == 2 and _ITEM_OPEN.fullmatch(text[bm.end():after[0][0]]) \
                and re.fullmatch(r"\s+and\s+(?:(?:amorphous|crystalline|metallic)\s+)*(?:[ac][-‐])?",
                                 text[after[0][1]:after[1][0]], re.I):
            # both are formed again and again when the sentence says the reaction is reversible
            reversible = low is None or "revers" in low or "back and forth" in low
            for c in after:
                if c[0] not in chosen:
                    role = "reformed" if reversible else roles.role(c[0], "product")
                    chosen[c[0]] = PhaseMention(c[0], c[1], text[c[0]:c[1]], phase=c[2].replace("‐", "-"),
                                                role=role)
    # 2e. "the lithiated phase, Li15Si4,", "the final product is Na3Sb", "Li2O2 is the product"
    if has_any(low, ("phase", "product")):
        _named_phases(text, low, cands, roles, add)
    # 2f. "soluble Li2Sx", "polysulfides (Na2Sx)": polysulfides the sentence places in the reaction
    if has_any(low, ("polysulf", "poly-sulf", "soluble")) and _POLYSULFIDE_WORD.search(text):
        for s, e, core in cands:
            if _POLYSULFIDE.fullmatch(core):
                add(s, e, core, "intermediate")
    # 3. formulas followed by a verb of appearance, the whole list before it
    for j, (s, e, core) in enumerate(cands if has_any(low, _APPEARS_KEYS) else ()):
        if (m := _APPEARS_AFTER.match(text, e)) is not None:
            if j + 1 < len(cands) and _STATE_OPEN.fullmatch(text[m.end():cands[j + 1][0]].lstrip()):
                continue  # "Ge forms Li15Ge4": the formula is the reactant of a transitive verb
            i = j
            while i > 0 and _LIST_GAP.search(text[cands[i - 1][1]:cands[i][0]]) is not None:
                i -= 1
            if _placed_before(text, cands[i][0]):
                continue
            again = _AGAIN.search(m.group()) is not None  # "is thus reformed": the verb says it
            for s2, e2, core2 in cands[i:j + 1]:
                if again and s2 not in chosen and roles.role(s2, "reformed") != "sei":
                    chosen[s2] = PhaseMention(s2, e2, text[s2:e2], phase=core2.replace("‐", "-"),
                                              role="reformed")
                add(s2, e2, core2, "product")
    # 3b. "the SEI is composed of A and B": the interphase's constituents
    if has_any(low, _MADE_OF_KEYS):
        for sm in _finditer(_SEI_MADE_OF, _S, text, starts):
            for s, e, core in _list_after(text, sm.end(), cands):
                chosen[s] = PhaseMention(s, e, text[s:e], phase=core.replace("‐", "-"), role="sei")
    # 3d. "the reformation of A and B"
    for fm in _finditer(_REFORMATION_OF, _F, text, starts):
        for s, e, core in _list_after(text, fm.end(), cands):
            chosen[s] = PhaseMention(s, e, text[s:e], phase=core.replace("‐", "-"), role="reformed")
    # 3c. "A + B cannot recover ...": products the reverse reaction leaves
    left: set[int] = set()
    for j, (s, e, core) in enumerate(cands if has_any(low, _UNRECOVERED_KEYS) else ()):
        if _UNRECOVERED_AFTER.match(text, e):
            i = j
            while i > 0 and _LIST_GAP.search(text[cands[i - 1][1]:cands[i][0]]) is not None:
                i -= 1
            for s2, e2, core2 in cands[i:j + 1]:
                chosen[s2] = PhaseMention(s2, e2, text[s2:e2], phase=core2.replace("‐", "-"), role="product")
                left.add(s2)
    # 4. "the Na3Bi phase", "NaBi and Na3Bi phases"; a phase that later transforms
    may_become = has_any(low, _BECOMES_KEYS)
    for s, e, core in cands if ("phase" in text or "alloy" in text) else ():
        if _PHASE_NOUN.match(text, e) or (_has_working_ion(core) and _ALLOY_NOUN.match(text, e)):
            becomes = may_become and _BECOMES.match(text[e:])
            if becomes and not _has_working_ion(core):
                continue  # "the WSSe phase is transformed into ...": the starting material
            add(s, e, core, "intermediate" if becomes else "product")
    # 4b. "Na–Sn intermediates": a binary system of the working ion named as its phases
    for s, e, core in cands:
        if _BINARY.fullmatch(text, s, e) is not None:
            if _BINARY_NOUN.match(text, e).group().strip().lower().startswith("intermediate"):
                chosen[s] = PhaseMention(s, e, text[s:e], phase=core, role="intermediate")
            elif s not in chosen:
                chosen[s] = PhaseMention(s, e, text[s:e], phase=core, role=roles.role(s, "product"))
    # 4c. "NaSn transforms into Na9Sn4": an ion-bearing source of a step is a phase on the way
    # (a source without the ion is the electrode itself)
    for s, e, core in cands if may_become or has_any(low, ("reduc",)) else ():
        if (s not in chosen or chosen[s].role == "reformed") and _has_working_ion(core) \
                and (tm := _TURNS_INTO.match(text, e)) is not None \
                and _names_next(text, tm.end(), cands):
            # ... into a phase the sentence names ("NaxNiO2 transforms into an inactive phase":
            # the electrode at a state of charge, no step between named phases)
            # "back", or a reverse step ("on charging, Na2S is converted into S"): the product
            # undone, with the rest of its list ("the as-formed Fe and Na2S transformed to ...")
            back = tm.group("back") is not None or roles.role(s, "intermediate") == "reformed"
            if not back and s in chosen:
                continue
            i = cands.index((s, e, core))
            while back and i > 0 and _PURE_LIST_GAP.fullmatch(text, cands[i - 1][1], cands[i][0]):
                i -= 1
            for s2, e2, core2 in cands[i:cands.index((s, e, core)) + 1] if back else [(s, e, core)]:
                chosen[s2] = PhaseMention(s2, e2, text[s2:e2], phase=core2.replace("‐", "-"),
                                          role="product" if back else "intermediate")
                if back:
                    left.add(s2)  # the final pass must not make it an intermediate
    # 4d. "on oxidation ... Li2O is decomposed": an ion-bearing phase the reverse step consumes
    # is the product it undoes, not a reformed phase
    for s, e, core in cands if has_any(low, _CONSUMED_KEYS) else ():
        if _has_working_ion(core) and _CONSUMED_AFTER.match(text, e) is not None \
                and roles.role(s, "product") == "reformed":
            chosen[s] = PhaseMention(s, e, text[s:e], phase=core.replace("‐", "-"), role="product")
            left.add(s)
    # 5. sequences of ion-bearing phases: "Li2Sb and then Li3Sb", "NaSb, then Na3Sb"
    if has_any(low, _THEN_KEYS):
        _sequences(text, cands, roles, chosen)
    for s in reactants:  # what an equation consumes is not a product of the sentence
        if s in chosen and chosen[s].role == "product":
            del chosen[s]
    if chosen and has_any(low, _HOST_OF_KEYS):
        _drop_hosts(text, chosen, cands)
    if not chosen:
        return []
    if has_any(low, _EXAMPLES_KEYS):
        for start in _examples(text, cands):
            chosen.pop(start, None)
    _drop_negated(text, low, chosen)
    if len(chosen) > 1 and has_any(low, _STEP_KEYS) and _STEP_CUE.search(text):
        _consumed_later(text, chosen, left)
    # a relative clause turns a product into another only in a sentence without a reverse step
    # ("indexed to Na3Bi, which further transformed to Bi after charging": the charge undoes it)
    which = may_become and "which" in text and not any(ph.role == "reformed" for ph in chosen.values())
    for s, ph in list(chosen.items()) if may_become else ():
        if ph.role == "product" and s not in left and (
                _becomes(text, ph.end) or (which and _WHICH_BECOMES.match(text, ph.end))):
            chosen[s] = PhaseMention(ph.start, ph.end, ph.text, phase=ph.phase, role="intermediate")
    if "(" in text:
        _restated(text, chosen)
    for s, ph in list(chosen.items()) if ("2S" in text or "intermediate" in text or "olysulf" in text) else ():
        if ph.role in ("product", "reformed") and (
                _POLYSULFIDE.fullmatch(ph.phase) is not None
                or ("intermediate" in text and _AS_INTERMEDIATE.match(text, ph.end) is not None)):
            chosen[s] = PhaseMention(ph.start, ph.end, ph.text, phase=ph.phase, role="intermediate")
    return [chosen[k] for k in sorted(chosen)]


# What may stand between the terms of one side of a reaction equation: "+", a list word,
# coefficients, ions and electrons that are not phases ("+ 4Na+ + 4e−", "+ 4.4Li"), state
# labels ("(s)"): "SnS2 + 4Na+ + 4e− → Sn + 2Na2S" is one equation with two sides.
_SUM_GAP = re.compile(r"(?:\s|\+|,|/|[\"“”]|\band\b|(?:\d+(?:\.\d+)?|[xyz])(?=[A-Za-z(])|\((?:s|l|g|aq|am|cr)\)|"
                      r"(?:[A-Z][a-z]?\d*)+[+⁺]?|e[−⁻\-‐]|[−⁻])*")
_BOTH_WAYS = ("⇌", "↔", "⇄")  # a reversible equation: both sides are states of the electrode
_SUM_SEP = re.compile(r"[+,/]|\band\b")


def _sum_gap(text: str, s: int, e: int) -> bool:
    """Whether text[s:e] only joins two terms of one side of an equation."""
    return _SUM_GAP.fullmatch(text, s, e) is not None and _SUM_SEP.search(text, s, e) is not None


# A note in brackets between a step's phase and the next arrow: "P → NaxP (intercalated) → Na3P"
_NOTE = re.compile(r"\s*\([A-Za-z][\w\s,.-]{0,30}\)\s*")


def _opens_products(text: str, s: int, e: int) -> bool:
    """Whether text[s:e], after an arrow, leads to its first product: terms, state words
    or a few words within the clause ("→ M + Li2O", "→ amorphous NaxSb"), not the rest of a
    sentence ('→ "NaTiO2", and during subsequent cycles, ...')."""
    return (_SUM_GAP.fullmatch(text, s, e) is not None or _STATE_OPEN.fullmatch(text, s, e) is not None
            or (e - s <= 30 and not any(ch in text[s:e] for ch in ",;:")))


def _chain_gap(text: str, s: int, e: int) -> bool:
    """Whether the next arrow follows a step's products at once (blank, a sum gap or a note)."""
    return (not text[s:e].strip() or _NOTE.fullmatch(text, s, e) is not None
            or _sum_gap(text, s, e))


@lru_cache(maxsize=4096)
def _elements_of(phase: str) -> frozenset[str]:
    """The element symbols written in a phase's formula ("NaxSnS2" -> Na, Sn, S; the
    variable count of "KxSb" is no letter of a symbol)."""
    out = set()
    for sym in re.findall(r"[A-Z][a-z]?", phase):
        out.add(sym if len(sym) == 1 or sym in elements() else sym[0])
    return frozenset(out)


@lru_cache(maxsize=4096)
def _host_elements(phase: str) -> frozenset[str]:
    """A phase's elements other than the working ions: what a later step can take up."""
    return _elements_of(phase) - _WORKING_IONS


def _equations(text: str, cands: list[tuple[int, int, str]], arrows: list[re.Match], roles: "_Roles",
               chosen: dict[int, PhaseMention], add) -> set[int]:
    """Rule 1: the phases of reaction equations; returns the starts of plain reactants.

    Each arrow gives the sum of terms right after it ("→ Sn + 2Na2S"): its products, or,
    when the next arrow follows that sum at once ("A → B → C"), intermediates. Text after
    the sum that is not a term ("→ Li2O2 2.96 1168 2Na + O2 →", a table row; "→ Sn + 2Li2O,
    is followed by Sn + 4.4Li → ...") ends the equation: the terms just before the next
    arrow are that one's reactants. A reactant that an earlier equation of the sentence
    gives is a step on the way (intermediate, with its earlier mention); other reactants
    are what the reaction consumes, never its products (returned, so that no other rule
    calls them products), except polysulfides (always on the way) and an ion-bearing
    reactant whose host elements the step's product holds ("NaSb + 2Na → Na3Sb").
    """
    given: dict[str, list[int]] = {}  # phase -> starts where an arrow gives it
    reactants: set[int] = set()
    prev_end = 0  # where the previous arrow's sum ends (the next equation cannot start before)
    for i, a in enumerate(arrows):
        nxt = arrows[i + 1].start() if i + 1 < len(arrows) else len(text)
        # the reactants: the terms before the arrow joined by sum gaps
        left = [c for c in cands if prev_end <= c[0] and c[1] <= a.start()]
        lhs: list[tuple[int, int, str]] = []
        pos = a.start()
        for c in reversed(left):
            if not (_sum_gap(text, c[1], pos) if lhs else _SUM_GAP.fullmatch(text, c[1], pos)):
                break
            lhs.append(c)
            pos = c[0]
        # the products: the first term after the arrow and those joined to it
        seg_e = nxt
        if i + 1 == len(arrows):  # the products end with their clause ("→ M + Li2O, while ...")
            stop = _STOP.search(text, a.end())
            seg_e = min(seg_e, stop.start()) if stop else seg_e
        rhs: list[tuple[int, int, str]] = []
        for c in cands:
            if c[0] < a.end() or c[0] >= seg_e:
                continue
            if not (_sum_gap(text, rhs[-1][1], c[0]) if rhs else _opens_products(text, a.end(), c[0])):
                break
            rhs.append(c)
        chained = bool(rhs) and i + 1 < len(arrows) and _chain_gap(text, rhs[-1][1], nxt)
        for s, e, core in lhs:
            if _POLYSULFIDE.fullmatch(core):
                add(s, e, core, "intermediate")
            elif core in given:
                for s0 in [*given[core], s]:
                    ph = chosen.get(s0)
                    if ph is None:
                        chosen[s0] = PhaseMention(s, e, text[s:e], phase=core.replace("‐", "-"),
                                                  role="intermediate")
                    elif ph.role == "product":
                        chosen[s0] = PhaseMention(ph.start, ph.end, ph.text, phase=ph.phase, role="intermediate")
            elif _has_working_ion(core) and rhs and roles.role(rhs[0][0], "product") == "reformed":
                # a reverse step ("Na3Sb → Sb + 3Na+"): the product it undoes
                chosen[s] = PhaseMention(s, e, text[s:e], phase=core.replace("‐", "-"), role="product")
            elif _has_working_ion(core) and any(_has_working_ion(r[2]) and _host_elements(core)
                                                and _host_elements(core) <= _host_elements(r[2]) for r in rhs):
                add(s, e, core, "intermediate")
            elif s not in chosen and a.group().strip() not in _BOTH_WAYS:
                reactants.add(s)
        for s, e, core in rhs:
            add(s, e, core, "intermediate" if chained else "product")
            given.setdefault(core, []).append(s)
        prev_end = rhs[-1][1] if rhs else a.end()
    return reactants


# A sentence that tells a reaction in steps ("three-step", "then", "finally", "followed by")
_STEP_CUE = re.compile(r"\b(?:then|subsequently|followed|finally|eventually|further|steps?|step-?wise|"
                       r"successive\w*|sequential\w*|first)\b", re.I)
_STEP_KEYS = ("then", "subsequent", "followed", "final", "eventual", "further", "step", "successive",
              "sequential", "first")
# Hosts of light anions only (Li2O, NaF, Li2CO3, Li3N): end products and interphase
# compounds, which no later step of the electrode reaction takes up
_LIGHT_ANIONS = frozenset({"H", "C", "N", "O", "F", "Cl", "Br", "I"})


def _consumed_later(text: str, chosen: dict[int, PhaseMention], keep: set[int]) -> None:
    """In a sentence that tells the reaction in steps, a product whose host elements
    (all but the working ions) a later step's phases hold is taken up by that step: an
    intermediate ("intercalation to NaxSnS2, conversion to Sn and Na2S, and alloying to
    Na15Sn4": NaxSnS2 and Sn are on the way, Na2S stays). A later product counts only
    outside the product's own list ("Sn and Na3Sb form together" is one step), and an
    intermediate named later is one the reaction passes through ("to produce Na3Bi via NaBi");
    ``keep``: products the sentence says stay (not recovered). Not in a sentence that tells
    a reverse step (a reformed phase): its products are what that step undoes."""
    roles = [ph.role for ph in chosen.values()]
    if "reformed" in roles or roles.count("product") < 2:
        return
    order = sorted(chosen)
    group, groups = 0, []
    for k, s in enumerate(order):
        prev = chosen[order[k - 1]].end if k else 0
        if k and not (_PURE_LIST_GAP.fullmatch(text, prev, s) or _sum_gap(text, prev, s)):
            group += 1
        groups.append(group)
    for k, s in enumerate(order):
        ph = chosen[s]
        host = _host_elements(ph.phase)
        if ph.role != "product" or s in keep or not host or host <= _LIGHT_ANIONS:
            continue
        later = [chosen[t] for t, g in zip(order[k + 1:], groups[k + 1:])
                 if g > groups[k] and chosen[t].role == "product" and chosen[t].phase != ph.phase]
        # the step takes the product up with the ion: a later ion-bearing phase shares a
        # host element ("Sn ... to Na15Sn4"; not "Na3Sb ... and traces of Sb")
        if later and host <= frozenset().union(*(_host_elements(x.phase) for x in later)) \
                and any(_elements_of(x.phase) & _WORKING_IONS and host & _host_elements(x.phase)
                        for x in later):
            chosen[s] = PhaseMention(ph.start, ph.end, ph.text, phase=ph.phase, role="intermediate")


# "the intercalation of Na+ into SnS2", "the alloying of Sn with Na", "sodiation of the Sb
# electrode": the formula is what the ion enters or reacts with, the electrode itself
_HOST_OF = re.compile(r"\b(?:intercalation|insertion|alloying|sodiation|lithiation|potassiation)\s+"
                      r"(?:of\s+\S+\s+(?:into|in)|of|into|in)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+){0,2}?"
                      r"(?:of\s+(?:the\s+)?)?$", re.I)
_HOST_OF_KEYS = ("intercalation", "insertion", "alloying", "sodiation", "lithiation", "potassiation")


def _drop_hosts(text: str, chosen: dict[int, PhaseMention], cands: list[tuple[int, int, str]]) -> None:
    """Products and SEI phases that are the host or reactant of a named process (_HOST_OF)
    are the electrode, dropped; or, when a compound named before them in the sentence holds
    their elements ("intercalation into SnS2, ..., alloying of Sn with Na"), a phase that
    compound's reaction gave and the process takes on: an intermediate. An ion-bearing
    formula there is a state on the way (rules 2b/4c), kept."""
    for s in list(chosen):
        ph = chosen[s]
        elems = _elements_of(ph.phase)
        if ph.role in ("product", "sei") and not elems & _WORKING_IONS \
                and _HOST_OF.search(text, max(0, s - 50), s) is not None:
            if any(c[0] < s and _elements_of(c[2]) > elems for c in cands):
                chosen[s] = PhaseMention(ph.start, ph.end, ph.text, phase=ph.phase, role="intermediate")
            else:
                del chosen[s]


def _restated(text: str, chosen: dict[int, PhaseMention]) -> None:
    """"metallic Sn (α-Sn)": a phase restated in brackets after another of the same formula
    has that one's role."""
    prev = None
    for s in sorted(chosen):
        ph = chosen[s]
        if prev is not None and text[prev.end:s].strip() == "(" \
                and _POLYMORPH.sub("", ph.phase) == _POLYMORPH.sub("", prev.phase):
            chosen[s] = PhaseMention(ph.start, ph.end, ph.text, phase=ph.phase, role=prev.role)
        prev = chosen[s]


def _matches_at(rx: re.Pattern, text: str, low: str | None, words: tuple[str, ...]) -> list[re.Match]:
    """rx.finditer(text) for a regex whose matches start with one of ``words`` (lowered):
    tried only where str.find puts one of them (all positions when ``low`` is None)."""
    if low is None:
        return list(rx.finditer(text))
    at = []
    for w in words:
        i = low.find(w)
        while i >= 0:
            at.append(i)
            i = low.find(w, i + 1)
    return finditer_at(rx, text, sorted(at)) if at else []


def _named_phases(text: str, low: str | None, cands: list[tuple[int, int, str]], roles: "_Roles",
                  add) -> None:
    """Rule 2e: phases named by apposition or copula after a qualified "phase"/"product"
    ("the sodiated phase, Na3Bi,", "the final product is Na3Sb"), and formulas said to be
    the product ("Li2O2 is the main discharge product")."""
    for m in _matches_at(_NAMED_AS, text, low, ("phase", "product")):
        if m.start() and (text[m.start() - 1].isalnum()):
            continue
        qual = _NAMED_QUALIFIER.search(text, max(0, m.start() - 30), m.start())
        if qual is None:
            continue
        default = "intermediate" if qual.group().lower().startswith("intermediate") else "product"
        for s, e, core in _list_after(text, m.end(), cands):
            add(s, e, core, default)
    if has_any(low, _IS_PRODUCT_KEYS):
        for s, e, core in cands:
            if _IS_PRODUCT.match(text, e) is not None:
                add(s, e, core, "product")


_CUE_REGEXES = (_TRIGGERS, _PHASE_WORD, _APPEARS_WORD, _REACTION_OF, _BETWEEN, _SEI_MADE_OF, _RECOVER_WORD,
                _REFORMATION_OF, _POLYSULFIDE_WORD, _ION_TO)


def _either(*regexes: re.Pattern) -> re.Pattern:
    """One regex that matches at a position iff one of ``regexes`` does (each keeps its case)."""
    if len(regexes) == 1:
        return regexes[0]
    return re.compile("|".join(f"(?:{rx.pattern})" if rx.flags & re.I else f"(?-i:{rx.pattern})"
                               for rx in regexes), re.I)


# Every match of the eight cue regexes starts at a word boundary with one of these words
# (lowered; "products?" is listed by its stem "produc"), with the regexes that can match
# there: _TRIGGERS for its verbs and nouns, _PHASE_WORD for "phase"/"alloy", _APPEARS_WORD
# for the verbs of appearance, _REACTION_OF for "<alloying/conversion/sodiation/reaction/
# decomposition/reduction> of|from", _BETWEEN for "<transformation/transition/conversion/reaction> ...
# between", _SEI_MADE_OF for
# "<SEI/interphase/passivation> ... composed of", _RECOVER_WORD for
# "recover/revert/reconvert/return", _REFORMATION_OF for "<reformation/regeneration> of",
# _POLYSULFIDE_WORD for "polysulfide"/"soluble", _ION_TO for "<sodiation/lithiation/...> to" (the
# one _TRIGGERS alternative that starts with those words: a small regex to try where they
# occur, which are many, instead of the whole of _TRIGGERS).
_T, _P, _A, _R, _B, _S, _U, _F, _PS, _IT = 1, 2, 4, 8, 16, 32, 64, 128, 256, 512
# bits of _TRIGGERS, _PHASE_WORD, _APPEARS_WORD, _REACTION_OF, _BETWEEN, _SEI_MADE_OF, _RECOVER_WORD,
# _REFORMATION_OF, _POLYSULFIDE_WORD, _ION_TO
_CUE_WORDS = {
    "form": _T | _A, "transform": _T | _B | _R, "phase": _T | _P, "interphase": _T | _S, "react": _T | _R | _B,
    "produc": _T | _A, "generat": _T | _A, "intermediate": _T, "conver": _T | _R | _B,
    "alloy": _T | _P | _R, "dealloy": _R, "sodiat": _IT | _R, "lithiat": _IT | _R, "potassiat": _IT | _R,
    "desodiat": _IT | _R, "delithiat": _IT | _R, "depotassiat": _IT | _R, "transit": _T | _B | _R, "decompos": _T | _R,
    "chang": _T, "turn": _T, "disproportionat": _T, "intercalat": _T, "evolv": _T, "reduc": _T | _R, "split": _T, "separat": _T, "yield": _T,
    "precipitat": _T | _A, "creat": _T, "result": _T, "emerg": _T | _A, "appear": _T | _A,
    "peak": _T, "reflection": _T, "ring": _T,
    "indexed": _T, "assigned": _T, "identified": _T, "interpreted": _T, "sei": _T | _S, "passivation": _T | _S,
    "recover": _U, "revert": _U, "reconvert": _U, "return": _U,
    # "reformed"/"reformation of", "regenerated"/"regeneration of": one entry each (one
    # startswith per "form"/"generat" hit)
    "reform": _A | _F, "re-form": _A | _F, "regenerat": _A | _F, "re-generat": _A | _F,
    "observed": _A, "detected": _A, "nucleat": _A,
    "polysulfide": _PS, "poly-sulfide": _PS, "soluble": _PS,  # found by "polysulf", "poly-sulf"
}


def _cue_regex(bits: int) -> re.Pattern:
    """The cue regexes of ``bits`` as one (it matches at a position iff one of them does)."""
    return _either(*(rx for bit, rx in zip((_T, _P, _A, _R, _B, _S, _U, _F, _PS, _IT), _CUE_REGEXES)
                      if bits & bit))


# keys found with one str.find each; "form" also finds "transform", "iat" the six
# sodiat/lithiat/potassiat words and "intermediate"
_CUE_TABLE = word_table({w: (bits, _cue_regex(bits)) for w, bits in _CUE_WORDS.items()}, ("phase", "form", "produc", "observed", "generat", "alloy", "sei",
                                     "appear", "result", "detected", "creat", "yield", "iat",
                                     "polysulf", "poly-sulf", "soluble")
                        + tuple(_CUE_WORDS))
