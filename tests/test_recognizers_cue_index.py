"""The shared cue index: prefix expansion must not change what a cue matches, and the
per-sentence trigger cache must not make results depend on call order."""
from __future__ import annotations

import re

import pytest

from kb.nlp.recognizers import ions, mechanisms, phenomena, quantities, techniques
from kb.nlp.recognizers._common import expand_after_prefix, literal_prefix


@pytest.mark.parametrize("regex, longer", [
    (r"D(?:Na|Li|K)\s?[+⁺]?", "dna"),
    (r"co[-‐]?intercalat\w*", "co-intercalat"),
    (r"pores?\s+form", "pores"),
    (r"insert(?:ed|ion|s|ing)?\s+between", "inserted"),
])
def test_expansion_lengthens_prefixes_and_keeps_matches(regex, longer):
    alts = expand_after_prefix(regex)
    assert any(literal_prefix(a).lower() == longer for a in alts)
    whole = re.compile(f"(?:{regex})(?![A-Za-z0-9])")
    spelled = re.compile("(?:" + "|".join(f"(?:{a})" for a in alts) + ")(?![A-Za-z0-9])")
    samples = ["DNa+ is", "DLi", "DK+", "DNaX", "co-intercalation", "co‐intercalated", "cointercalates",
               "co intercalation", "pores form", "pore form", "poresform", "inserted between",
               "insert between", "insertion between", "inserts  between", "insertbetween"]
    for s in samples:
        a, b = whole.match(s), spelled.match(s)
        assert (a and a.group()) == (b and b.group()), s


def test_repeated_or_lazy_groups_are_left_alone():
    assert expand_after_prefix(r"ab(?:c|d)+e") == [r"ab(?:c|d)+e"]
    assert expand_after_prefix(r"abc??d") == [r"abc??d"]


SENTENCES = [
    "In situ TEM shows that Na+ insertion into the interlayer causes a 40% volume expansion and cracking.",
    "The anode delivers 420 mAh g−1 at 0.1 A g−1 with an initial Coulombic efficiency of 78%.",
    "Carbon buffers the volume change and prevents pulverization during (de)sodiation of Sb.",
    "No conversion reaction was observed in the K-ion cell by ex situ XRD.",
]
FNS = [techniques.find, mechanisms.find, phenomena.find, quantities.find_capacities, ions.find]


def test_call_order_does_not_change_results():
    sentence_major = [[fn(s) for fn in FNS] for s in SENTENCES]
    recognizer_major = [[fn(s) for s in SENTENCES] for fn in FNS]
    assert sentence_major == [list(row) for row in zip(*recognizer_major)]
    assert all(any(row) for row in sentence_major)


# ---- where cues are tried: the word-start routing must find every match -------------------

from kb.nlp.recognizers import _common  # noqa: E402


def _indexes():
    return [techniques._index(), mechanisms._index(), phenomena._index(), ions._index()]


def _naive(index, text: str, overlapping: bool) -> list:
    """Every cue of the index tried at every word start: what the routing must reproduce."""
    whole, payloads = index.bucket(tuple(range(len(index._entries))))
    low = _common.lower_same_length(text)
    out, last = [], 0
    for pos in range(len(text)):
        if pos and low[pos - 1] in _common._ASCII_ALNUM:
            continue
        if pos < last and not overlapping:
            continue
        m = whole.match(text, pos)
        if m:
            last = max(last, m.end())
            out.append((pos, m.end(), payloads[m.lastgroup]))
    return out


_FRAGMENTS = [
    "Na+", "Na +", "Na⁺", "NaK", "Na-ion", "Na ion", "sodium-ion", "sodium ion batteries", "SIBs",
    "SIB", "Mg2+", "Mg 2+", "Ca2+", "can", "Ca-ion", "Al3+", "also", "Al ions", "Li-S", "Li–O2",
    "Li-air", "liquid", "(de)sodiation", "(De)lithiated", "desodiation", "de-intercalation",
    "co‐intercalated", "cointercalation", "(de)alloying", "dealloying", "Na metal deposition",
    "Na  deposition", "metallic Na deposition", "deposition of Na metal", "in situ TEM",
    "ex-situ XRD", "HRTEM", "(S)TEM", "X-ray", "x ray", "Xray diffraction", "cryo-TEM",
    "reaction front", "reaction\tfronts", "phase boundary migrates", "sodiation front",
    "volume expansion", "expanded graphite", "cracks", "crack-free", "pulverization",
    "amorphization", "amorphisation", "SEI", "SEIs", "CEI", "ICE", "initial capacity loss",
    "diffusion coefficient", "DNa+", "DNa", "DLi", "energy barrier", "intercalation",
    "conversion reaction", "energy conversion", "alloying", "N2 adsorption–desorption",
    "adsorption", "plating", "electroplating", "nanowire", "nano", "the", "and", "was", "Na",
    "K", "K+", "K-ion", "potassiation", "storage of sodium", "stored lithium", "Zn2+", "ZIBs",
    "a", "b", "1", "10", "(", ")", "/", ",", ".", ";", "-", "‐", "×",
]
_SEPARATORS = [" ", " ", " ", "  ", "\t", "\n", "\u00a0", "\u2009", "", "-", "/", "(", ") ", ", "]


def _invented_sentences(n: int = 400, seed: int = 3) -> list[str]:
    import random
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        parts = [rnd.choice(_FRAGMENTS) for _ in range(rnd.randint(1, 9))]
        text = parts[0]
        for part in parts[1:]:
            text += rnd.choice(_SEPARATORS) + part
        r = rnd.random()
        text = text.upper() if r < 0.1 else text.lower() if r < 0.2 else text
        out.append(rnd.choice(["", " ", "\t"]) + text + rnd.choice(["", " ", "."]))
    return out


def test_routing_finds_what_every_cue_at_every_word_start_finds():
    sentences = _invented_sentences()
    # the same sentence twice in a row and repeated tokens inside one sentence
    sentences += ["Na Na+ Na Na+", "Na+ storage and Na+ storage", "can Ca2+ can", "a  a\ta Na+"]
    for index in _indexes():
        for text in sentences:
            for overlapping in (False, True):
                assert index.finditer(text, overlapping) == _naive(index, text, overlapping), (text, index._id)


def test_head_tests_leave_out_words_a_cue_cannot_start():
    routed = _common._token_routes("can")
    routes = {index_id for _, index_id, _, _ in routed[1]} if routed else set()
    assert ions._index()._id not in routes  # "Ca\s?2?[+⁺]" goes on with "2" only
    assert ions.find("The Ca2+ ions") and not ions.find("It can be seen")
    head, chars, ends, lit = _common.cue_start(r"Ca\s?2?[+⁺]{1,2}")
    assert (head, chars, ends, lit) == ("ca", frozenset("2"), True, "ca")
    assert _common.cue_start(r"sodiat\w*")[:3] == ("sodiat", None, True)
    assert _common.cue_start(r"Na\s+deposition")[:3] == ("na", frozenset(), True)
    assert _common.cue_start(r"de\-alloy\w*") == ("de", frozenset(), True, "de-alloy")
    assert _common.cue_start(r"\(de\)sodiation") == ("", frozenset(), True, "(de)sodiation")


def test_kelvin_sign_after_a_cue_still_matches():
    # the Kelvin sign lowers to "k", lengthening the word, but is no ASCII letter for the
    # cue's end test: such sentences fall back to the looser head test
    text = "SIB\u212a anodes"
    assert ions.find(text) and [m.ion for m in ions.find(text)] == ["Na"]
    assert ions._index().finditer(text) == _naive(ions._index(), text, False)


def test_whitespace_and_fold_tables():
    assert _common._WHITESPACE == {chr(i) for i in range(0x110000) if chr(i).isspace()}
    folds = re.compile("(?i)[a-z0-9]")
    exotic = {chr(i) for i in range(128, 0x110000) if folds.fullmatch(chr(i))}
    assert exotic == {c for c in "\u0130\u0131\u017f\u212a"}
    assert all(_common._FOLDS_TO_ASCII.search(c) for c in exotic)


def _marks_by_scan(text: str):
    """The clause/hedge/negation marks as one scan of the marks pattern over the whole
    lowered sentence (the reference for the per-token lookups)."""
    low = _common.lower_same_length(text)
    pattern, kinds = _common._marks_index()
    breaks = [(i, i + 1) for i in _common._find_all(low, ";")] + [(i, i + 2) for i in _common._find_all(low, ". ")]
    hedges, negs = [], _common._find_all(low, "n't")
    for m in pattern.finditer(" " + low):
        word = m.group(1)
        kind = kinds[word] if word in kinds else kinds.get(_common.phrase_key(word))
        if kind == "hedge":
            hedges.append(m.start(1) - 1)
        elif kind == "neg":
            negs.append(m.start(1) - 1)
        elif kind == "clause":
            breaks.append((m.start(1) - 1, m.end(1) - 1))
    breaks.sort()
    return tuple(breaks), tuple(hedges), tuple(negs)


def test_per_token_marks_equal_one_scan_of_the_sentence():
    sentences = _invented_sentences(300, seed=5) + [
        "It may not crack.", "Cracks appear to form, but not always.", "Cracking appearto x",
        "A crack-free film; no SEI.", "It is suggested that Na+ forms", "Na+ issues", "isn't it",
        "free of cracks", "the (not) case", "x-may-y", "Neither was observed.", "unlike SEI",
        "may may\tmay (may) may/may, no-not-nor", "  May\u2009NOT\u00a0be, whereas   it is; but free.",
        "İt may not; the ſEI is not free", "no", "", "not-not not",
    ]
    got = [_common._sentence_marks.__wrapped__(s) for s in sentences]
    assert got == [_marks_by_scan(s) for s in sentences]
    assert any(hedges for _, hedges, _ in got) and any(negs for _, _, negs in got)


def _case_free_patterns():
    out = []
    for module in (_common, techniques, mechanisms, phenomena, quantities):
        out += [(module.__name__, name, value) for name, value in vars(module).items()
                if isinstance(value, _common.CaseFree)]
    return out


def test_case_free_patterns_find_what_the_case_insensitive_ones_find():
    assert len(_case_free_patterns()) > 20
    sentences = _invented_sentences(200, seed=11) + [
        "The Initial Coulombic Efficiency (ICE) of 81% after the FIRST cycle",
        "IN SITU and Ex-Situ XRD; POST-MORTEM SEM", "After 100 Cycles at 0.5 C, DISCHARGE capacity",
        "Volume Expansion of 300% buffered; SEI thickness 20 nm", "N2 ADSORPTION isotherms",
        "Energy CONVERSION efficiency", "Diffusion Barrier of 0.3 eV", "charge–discharge capacities",
    ]
    for module, name, cf in _case_free_patterns():
        for text in sentences:
            low = _common.folded(text)
            assert low is not None
            slow = [(m.span(), m.lastgroup) for m in cf.ignorecase.finditer(text)]
            fast = [(m.span(), m.lastgroup) for m in cf.lowered.finditer(low)]
            assert slow == fast, (module, name, text)
    # a sentence with a character that folds to an ASCII letter is matched the slow way
    assert _common.folded("ſodiation") is None and _common.folded("Sodiation") == "sodiation"


@pytest.mark.parametrize("source", [r"(?-i:A)b", r"(a)\1", r"\x41", "σ", r"(?P=x)"])
def test_case_free_refuses_what_lowering_would_change(source):
    with pytest.raises(ValueError):
        _common._lower_letters(source)


def test_value_start_lookaheads_change_no_match():
    value_patterns = [series for series, *_ in phenomena._SERIES.values()] + [phenomena._SCI_ONLY]
    value_patterns += [quantities._series(q) for q in ("capacity", "current")]
    sentences = _invented_sentences(100, seed=13) + [
        "rates of ca. 2.5 nm s−1 and about 10 nm/s", "≈ 3 × 10−12 cm2 s−1 to 1.2e-11 cm2/s",
        "ICEs of 56.4%, 51.1%, and 46.4%", "a barrier of ~0.35 eV", "up to 20 nm thick, roughly 5 nm",
        "382, 351 and 306 mAh g−1 at 0.1, 0.2 and 0.4 A g−1", ".5 mAh cm−2", "as high as 98 %",
    ]
    for pattern in value_patterns:
        lookahead = next(start for start in (phenomena._VALUE_START, "(?=\\d|\\.\\d)") if pattern.pattern.startswith(start))
        plain = re.compile(pattern.pattern[len(lookahead):])
        for text in sentences:
            assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in plain.finditer(text)]


@pytest.mark.parametrize("regex, needed", [
    (r"reaction\s+fronts?", ("front",)),
    (r"volume\s+(?:expansions?|changes?|swelling)", ("change", "expansion", "swelling")),
    (r"Na\s+(?:metal\s+)?(?:electro)?deposition", ("deposition",)),
    (r"capacity\s+(?:rapidly\s+)?(?:fad\w*|decay\w*|loss)", ("decay", "fad", "loss")),
    (r"sodiat\w*", None),
    (r"Na\s?[+⁺](?![A-Za-z0-9])", None),
    (r"capacity\s+of\s+(?:the\s+)?(?:fad|x)", None),  # "of" is too short, "x" too
])
def test_needed_words(regex, needed):
    assert _common.needed_words(regex) == needed
    if needed:
        probe = re.compile(regex, re.I)
        for text in ("reaction fronts", "volume swelling", "Na metal deposition", "capacity rapidly fading"):
            if probe.match(text):
                assert any(word in text.lower() for word in needed)
