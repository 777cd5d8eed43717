"""Shared helpers of the sentence recognizers: vocabulary loading, numbers, negation, hedging.

Recognizers run once per sentence over whole corpora, so everything here is compiled
once at import and the vocabularies are read once (functools.cache). Vocabulary files
live in kb/vocab/ as data: one entry a line, tab-separated, ``#`` starts a comment.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path
from re import _constants as _sre_constants, _parser as _sre_parse

from kb.nlp.phase_scan import locate_tokens, lower_same_length, lowered_tokens

VOCAB_DIR = Path(__file__).resolve().parents[2] / "vocab"

# Every dash/minus an author or a PDF converter may produce (hyphen, non-breaking hyphen,
# figure dash, en dash, em dash, minus sign).
DASH = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"
DASH_CLASS = f"[{DASH}]"
# Superscript minus one as it survives flattening: "g−1", "g-1", "g^-1", "g^{-1}", "g⁻¹".
NEG = f"(?:\\^?\\{{?\\s*[{DASH}\u207b]\\s*)"

NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"


@cache
def load_tsv(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of kb/vocab/<name> without comments and blank lines, cells stripped."""
    rows = []
    for line in (VOCAB_DIR / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(tuple(cell.strip() for cell in line.split("\t")))
    return tuple(rows)


def to_float(num: str) -> float:
    return float(num.replace(",", ""))


# ---- negation and hedging -------------------------------------------------------------

# Words that negate what follows them inside the same clause (window of a few words).
_NEG_BEFORE = re.compile(
    r"(?:\bno\b|\bnot\b(?!\s+only)|n't\b|\bwithout\b|\bnever\b|\bnor\b|\bneither\b|\bnone\b"
    r"|\bfree\s+(?:of|from)\b|\babsence\s+of\b|\black\s+of\b|\brather\s+than\b"
    r"|\binstead\s+of\b|\bnegligible\b|\bhardly\b|\bbarely\b|\bunlike\b)",
    re.I,
)
# Negation that follows the cue: "cracks were not observed", "... was absent".
_NEG_AFTER = re.compile(
    r"[^.;:,]{0,20}?\b(?:(?:was|were|is|are|be|been|has|have|had|did|does|do|could|can|would)"
    r"\s+(?:not|never|hardly|barely|rarely)|wasn't|weren't|isn't|aren't|didn't|doesn't|cannot|"
    r"can't)\s+(?:be\s+|been\s+)?(?:\w+ly\s+)?(?:observed|found|detected|seen|present|visible|"
    r"formed|form|occur\w*|happen\w*|appear\w*|involved|generated|produced|take\s+place|took\s+place)\b"
    # a damage the design reduces or prevents is not reported: "cracking is suppressed"
    # (an oxide "reduced to the metal" is chemistry, not mitigation; a remedy only
    # proposed, "cracking could be reduced by ...", presupposes the damage: no modal here)
    r"|\s+(?:is|are|was|were|has\s+been|have\s+been|had\s+been)"
    r"\s+(?:\w+ly\s+|also\s+|further\s+|thus\s+|therefore\s+|then\s+)?(?:(?:reduced|decreased|lowered)"
    r"(?!\s+(?:to|into|back|in\s+a|by\s+(?:Li|Na|K|lithium|sodium|potassium)\b))|suppressed|prevented|"
    r"avoided|alleviated|mitigated|inhibited|eliminated|minimi[sz]ed|restrained)\b",
    re.I,
)
_AND_BREAK = re.compile(r"\s(?:and|or|which|that|but|while)\s|[,;:]", re.I)
# A clause boundary stops the negation window: "no cracks, but conversion ..."
_CLAUSE_BREAK = re.compile(r"[;:,()]|\b(?:but|while|whereas|although|though|which|that|and then)\b", re.I)
_SUFFIX_FREE = re.compile(rf"^{DASH_CLASS}?\s*(?:free|less)\b", re.I)

# Hedge words and clause ends are matched on the lower-cased sentence with trie-shaped
# patterns (no IGNORECASE, one character test per position): they run on every sentence
# that has a mention, so they must cost about as much as one scan.
_HEDGE_WORDS = (
    "may", "might", "could", "possibly", "possible", "probably", "likely", "unlikely",
    "presumably", "perhaps", "tentatively", "putative", "putatively", "proposed", "propose",
    "believed", "thought", "hypothesis", "hypothesized", "hypothesised", "hypothesize",
    "speculate", "speculated", "speculation", "assumed", "presumed", "expected", "postulated",
    "conjectured", "seem", "seems", "seemed", "appear to", "appears to", "suggested to",
    "is suggested", "was suggested",
)
_NEG_WORDS = (
    "no", "not", "none", "nor", "never", "neither", "negligible", "without", "free", "absence",
    "absent", "lack", "rather", "instead", "hardly", "barely", "unlike", "cannot", "excluded",
    "ruled", "less",
    # words of _NEG_AFTER's mitigation branch ("cracking is suppressed"): is_negated only
    # looks at a cue with a negation word near it
    "reduced", "decreased", "lowered", "suppressed", "prevented", "avoided", "alleviated",
    "mitigated", "inhibited", "eliminated", "minimized", "minimised", "restrained",
)
_CLAUSE_WORDS = ("but", "whereas", "while", "although")
# the phrases of _HEDGE_WORDS, found apart from the per-token scan (they span a space)
_HEDGE_PHRASES = re.compile("(?<![a-z0-9])(?:" + "|".join(
    r"\s+".join(map(re.escape, w.split())) for w in _HEDGE_WORDS if " " in w) + ")(?![a-z0-9])")
_WORDS = re.compile(r"[\w']+(?:\s+(?:of|from|than))?")


@cache
def _marks_index() -> tuple[re.Pattern[str], dict[str, str]]:
    kinds = {phrase_key(w): "neg" for w in _NEG_WORDS}
    kinds.update({phrase_key(w): "hedge" for w in _HEDGE_WORDS})
    kinds.update({phrase_key(w): "clause" for w in _CLAUSE_WORDS})
    words = list(_NEG_WORDS) + list(_HEDGE_WORDS) + list(_CLAUSE_WORDS)
    # anchored on the character before the word (the text gets one space in front): a
    # leading character set lets the engine skip to word boundaries in C
    return re.compile("[^a-z0-9](" + trie_regex(words, plural=False) + ")"), kinds


# A match of the marks pattern is a non-[a-z0-9] character and then a whole [a-z0-9] run
# that is a mark word (the trie's words hold only letters; its end test is (?![a-z0-9])):
# it never spans whitespace, and a whitespace token's matches, scanned as " " + token,
# are the sentence's matches inside that token (the character before a token is
# whitespace or the " " put in front of the sentence; a match never consumes the
# character after its run). So the scan is done once per distinct token (cached) and a
# sentence only looks its tokens up, locating the few that hold a mark word.


def _token_marks(token: str) -> tuple[tuple[int, int, str], ...]:
    """(start, end, kind) in ``token`` of the marks pattern's matches over " " + token."""
    pattern, kinds = _marks_index()
    out = []
    for m in pattern.finditer(" " + token):
        word = m.group(1)
        kind = kinds[word] if word in kinds else kinds.get(phrase_key(word))
        if kind is not None:
            out.append((m.start(1) - 1, m.end(1) - 1, kind))  # " " + token: one more
    return tuple(out)


class _MarkTokens(dict):
    """lower-cased token -> (token, its marks) or () when it holds none (computed on
    first lookup)."""

    def __missing__(self, token: str) -> tuple:
        if len(self) >= 200_000:
            self.clear()
        marks = _token_marks(token)
        found = self[token] = (token, marks) if marks else ()
        return found


_MARK_TOKENS = _MarkTokens()


def _find_all(low: str, needle: str) -> list[int]:
    out, i = [], low.find(needle)
    while i >= 0:
        out.append(i)
        i = low.find(needle, i + 1)
    return out


@lru_cache(maxsize=32)
def _sentence_marks(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...]]:
    """Clause breaks, hedge words and negation words of a sentence, found once and shared
    by every recognizer that flags mentions of the same sentence: the same positions, in
    the same order, as the marks pattern scanned over " " + the lowered sentence."""
    low = lower_same_length(text)
    breaks = [(i, i + 1) for i in _find_all(low, ";")] + [(i, i + 2) for i in _find_all(low, ". ")]
    hedges: list[int] = []
    negs = _find_all(low, "n't")
    for at, marks in locate_tokens(low, filter(None, map(_MARK_TOKENS.__getitem__, _tokens(text)))):
        for start, end, kind in marks:
            if kind == "hedge":
                hedges.append(at + start)
            elif kind == "neg":
                negs.append(at + start)
            else:
                breaks.append((at + start, at + end))
    # the hedge phrases of two words span a space, which the per-token scan never sees
    if "appear" in low or "suggested" in low:
        hedges.extend(m.start() for m in _HEDGE_PHRASES.finditer(low))
        hedges.sort()
    breaks.sort()
    return tuple(breaks), tuple(hedges), tuple(negs)


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Clause around a span: between ';' / sentence breaks and contrastive conjunctions."""
    left, right = 0, len(text)
    for b_start, b_end in _sentence_marks(text)[0]:
        if b_end <= start:
            left = b_end
        elif b_start >= end:
            right = b_start
            break
    return left, right


def is_negated(text: str, start: int, end: int, window_words: int = 4) -> bool:
    """True when the span is negated: 'no cracks', 'without pulverization', 'crack-free',
    'does not undergo conversion', 'cracks were not observed'."""
    negs = _sentence_marks(text)[2]
    if not any(start - 62 <= n <= end + 62 for n in negs):
        return False
    before = text[max(0, start - 60):start]
    # keep only the part after the last clause break
    cut = 0
    for m in _CLAUSE_BREAK.finditer(before):
        cut = m.end()
    before = before[cut:]
    words = _WORDS.findall(before)
    tail = " ".join(words[-window_words:])
    if _NEG_BEFORE.search(tail):
        return True
    after = text[end:end + 60]
    if _SUFFIX_FREE.match(after):
        return True
    brk = _AND_BREAK.search(after)
    if brk:
        after = after[:brk.start()]
    return bool(_NEG_AFTER.match(after))


def is_hedged(text: str, start: int, end: int) -> bool:
    """True when the clause holding the span carries a hedge ('may', 'is proposed' ...)."""
    hedges = _sentence_marks(text)[1]
    if not hedges:
        return False
    left, right = clause_bounds(text, start, end)
    return any(left <= h < right for h in hedges)



# ---- literal phrase lists compiled as a trie ---------------------------------------------
# A regex alternation of hundreds of phrases is tried branch by branch at every position;
# factoring the phrases into a trie makes each position cost one character test, which is
# what keeps a recognizer in microseconds per sentence.

SEP_CHARS = f"\\s{DASH}"
_SEP_TOKEN = "\x00"


def phrase_key(text: str) -> str:
    """Lookup key of a surface form as matched: lower case, separators and '*' removed."""
    return re.sub(f"[{SEP_CHARS}*_]+", "", text).lower()


def _phrase_tokens(phrase: str) -> list[str]:
    """The characters of a phrase, with each separator run as one _SEP_TOKEN (trie input).
    (Named apart from the sentence ``_tokens`` below, which shadowed it: lazily built
    tries then read "appear to" as "appearto" and hedge phrases never matched.)"""
    out: list[str] = []
    for part in re.split(f"([{SEP_CHARS}]+)", phrase.lower()):
        if not part:
            continue
        if re.fullmatch(f"[{SEP_CHARS}]+", part):
            out.append(_SEP_TOKEN)
        else:
            out.extend(part)
    return out


def trie_regex(phrases: list[str], plural: bool = True, whole_word: bool = True) -> str:
    """Regex (for lower-cased text) matching any phrase, longest first, whole words only.

    A space or dash inside a phrase matches any run of spaces/dashes or nothing, so
    "x-ray" matches "X‐ray", "X ray" and "Xray"; "plural" lets a phrase take an -s/-es.
    """
    root: dict = {}
    for phrase in phrases:
        node = root
        for tok in _phrase_tokens(phrase):
            node = node.setdefault(tok, {})
        node[""] = True

    end = "(?:e?s)?(?![a-z0-9])" if plural else "(?![a-z0-9])"
    if not whole_word:
        end = ""

    def emit(node: dict) -> str:
        alts = []
        for tok in sorted(k for k in node if k):
            piece = f"[{SEP_CHARS}*_]*" if tok == _SEP_TOKEN else re.escape(tok)
            alts.append(piece + emit(node[tok]))
        if "" in node:
            alts.append(end)  # after the children: the longest phrase wins
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root)


# lower_same_length (text.lower() when it keeps every offset, else an ASCII-only
# lowering) lives in kb.nlp.phase_scan with the shared token split: imported at the top.


# The non-ASCII characters that case-insensitive matching equates with an ASCII letter
# (İ, ı, ſ and the Kelvin sign; a test checks the list). Their lower case is not the
# letter's (or, for the Kelvin sign, is a letter the cue's end test (?![A-Za-z0-9]) does
# not see): a sentence holding one is matched the slow, exact way.
_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


@lru_cache(maxsize=32)
def folded(text: str) -> str | None:
    """The lower-cased text when case-insensitive matching of ASCII letters over ``text``
    is the same as case-sensitive matching of lower-case letters over it; else None."""
    if not text.isascii() and _FOLDS_TO_ASCII.search(text):
        return None
    return lower_same_length(text)


class CaseFree:
    """A case-insensitive regex over ASCII letters that is run, where the text allows
    (``folded``), as the same regex with its letters lower-cased, case-sensitive, over the
    lower-cased text: same offsets and groups (group texts come back lower-cased), but
    several times faster, because the regex engine's quick first-character tests skip
    case-insensitive literals. Drop-in for the pattern's search/match/finditer/fullmatch."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        if not pattern.flags & re.IGNORECASE:
            raise ValueError("CaseFree needs a case-insensitive pattern")
        self.ignorecase = pattern
        self.lowered = re.compile(_lower_letters(pattern.pattern), pattern.flags & ~re.IGNORECASE)
        self.pattern = pattern.pattern

    def _view(self, text: str) -> tuple[re.Pattern[str], str]:
        low = folded(text)
        return (self.ignorecase, text) if low is None else (self.lowered, low)

    def search(self, text: str, *span: int) -> re.Match[str] | None:
        pattern, view = self._view(text)
        return pattern.search(view, *span)

    def match(self, text: str, *span: int) -> re.Match[str] | None:
        pattern, view = self._view(text)
        return pattern.match(view, *span)

    def fullmatch(self, text: str, *span: int) -> re.Match[str] | None:
        pattern, view = self._view(text)
        return pattern.fullmatch(view, *span)

    def finditer(self, text: str, *span: int):
        pattern, view = self._view(text)
        return pattern.finditer(view, *span)


def _lower_letters(source: str) -> str:
    """``source`` with its ASCII letters lower-cased, escapes and group names kept; refuses
    what would change meaning (inline flags, backreferences, character codes, non-ASCII
    letters that have a case)."""
    out = []
    i = 0
    while i < len(source):
        c = source[i]
        if c == "\\":
            nxt = source[i + 1:i + 2]
            if nxt in ("x", "u", "U", "N") or nxt.isdigit():
                raise ValueError(f"character code or backreference in {source!r}")
            out.append(source[i:i + 2])
            i += 2
            continue
        if source.startswith("(?P<", i):
            j = source.index(">", i)
            out.append(source[i:j + 1])
            i = j + 1
            continue
        if source.startswith("(?", i) and not source.startswith(("(?:", "(?=", "(?!", "(?<=", "(?<!"), i):
            raise ValueError(f"inline flags, comment or backreference in {source!r}")
        if ord(c) > 127 and c.lower() != c.upper():
            raise ValueError(f"non-ASCII cased letter {c!r} in {source!r}")
        out.append(c.lower() if c.isascii() else c)
        i += 1
    return "".join(out)


# ---- where cues can start --------------------------------------------------------------
# Every cue begins with a literal part (CueIndex expands leading groups so that it does);
# its HEAD is the run of [a-z0-9] that part begins with, lower-cased ("na" of
# "Na\s+deposition", "sodiat" of "sodiat\w*", "de" of "de-alloy\w*"). A cue can match only
# at a word start (a position after a character that is not [a-z0-9] in the lower-cased
# sentence) where
#   - the text begins with the cue's literal part (lower-cased, up to its first
#     whitespace), as the trigger scan of earlier versions required;
#   - the WORD there (the maximal [a-z0-9] run of the lower-cased sentence) begins with
#     the head, and after the head either ends, when the cue allows something other than a
#     letter or digit next ("Na\s+...", "plating" then the word end), or goes on with a
#     letter or digit the cue allows next ("Ca\s?2?[+⁺]": only "2"; "sodiat\w*": any).
# These are necessary conditions of a match, so trying only the cues that pass finds every
# match; since a word start's cues are tried in vocabulary order and the first match wins,
# leaving out cues that cannot match there changes nothing. (What may follow a head is
# read from the parsed regex; anything not understood allows everything.)
#
# The tests depend on the whitespace-separated token alone, so they are computed once per
# distinct token (a corpus repeats its tokens: a cache keyed by short strings) and give,
# per word start in the token, each index's bucket: one compiled alternation of exactly the
# cues that pass there. Per sentence, routing is a split, one C-level pass of dict lookups
# over the tokens, and the offsets of the few tokens where some cue can start.

_INDEXES: list["CueIndex"] = []
# head -> (index id, cue number, letters/digits allowed after the head (None: any),
#          word may end after the head, rest of the literal part after the head)
_HEADS: dict[str, list[tuple[int, int, frozenset[str] | None, bool, str]]] = {}
_MAX_HEAD = 0
# (literal part up to the first whitespace, index id, cue number) of cues not led by [a-z0-9]
_LED: list[tuple[str, int, int]] = []
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_DIGITS = frozenset("0123456789")
# word -> cues passing the head test (see _word_cues); token -> its routes (see _token_routes)
_WORD_CUES: dict[str, tuple] = {}


class _TokenRoutes(dict):
    """token -> its routes, computed on first lookup (so a C-level map over a sentence's
    tokens needs no separate pass for the unseen ones)."""

    def __missing__(self, token: str) -> tuple:
        return _token_routes(token)


_TOKEN_ROUTES = _TokenRoutes()
_CACHE_LIMIT = 200_000  # distinct words/tokens kept; a bigger corpus starts the caches afresh


def _next_in_word(items) -> tuple[frozenset[str] | None, bool, bool]:
    """What parsed regex items may put next into a word of the lower-cased text:
    (letters/digits allowed, None for any; may put something else or nothing; may match
    the empty string)."""
    chars: set[str] | None = set()
    ends = False
    for op, av in items:
        item_chars, item_ends, nullable = _item_next(op, av)
        chars = None if chars is None or item_chars is None else chars | item_chars
        ends = ends or item_ends
        if not nullable:
            return (None if chars is None else frozenset(chars)), ends, False
    return (None if chars is None else frozenset(chars)), True, True


def _item_next(op, av) -> tuple[set[str] | None, bool, bool]:
    c = _sre_constants
    if op is c.LITERAL:
        ch = chr(av).lower()
        return ({ch}, False, False) if ch in _ASCII_ALNUM else (set(), True, False)
    if op is c.IN:
        chars: set[str] | None = set()
        ends = False
        for o, a in av:
            item = _class_item_next(o, a)
            if item is None:
                return None, True, False
            chars |= item[0]
            ends = ends or item[1]
        return chars, ends, False
    if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
        chars, ends, nullable = _next_in_word(av[2])
        return (None if chars is None else set(chars)), ends, nullable or av[0] == 0
    if op is c.SUBPATTERN:
        chars, ends, nullable = _next_in_word(av[-1])
        return (None if chars is None else set(chars)), ends, nullable
    if op is c.BRANCH:
        out: set[str] | None = set()
        ends = nullable = False
        for sub in av[1]:
            chars, e, n = _next_in_word(sub)
            out = None if out is None or chars is None else out | chars
            ends, nullable = ends or e, nullable or n
        return out, ends, nullable
    if op in (c.AT, c.ASSERT, c.ASSERT_NOT):
        return set(), False, True  # zero width: the next item decides
    return None, True, True


def _class_item_next(op, av) -> tuple[set[str], bool] | None:
    """(letters/digits, whether something else) a character-class item may match; None: any."""
    c = _sre_constants
    if op is c.LITERAL:
        ch = chr(av).lower()
        return ({ch}, False) if ch in _ASCII_ALNUM else (set(), True)
    if op is c.RANGE:
        chars = {chr(x).lower() for x in range(av[0], av[1] + 1)} & _ASCII_ALNUM
        return chars, True
    if op is c.CATEGORY:
        if av in (c.CATEGORY_SPACE, c.CATEGORY_UNI_SPACE, c.CATEGORY_LINEBREAK, c.CATEGORY_UNI_LINEBREAK):
            return set(), True
        if av in (c.CATEGORY_DIGIT, c.CATEGORY_UNI_DIGIT):
            return set(_DIGITS), True
    return None


def cue_start(regex: str) -> tuple[str, frozenset[str] | None, bool, str]:
    """(head, letters/digits allowed after it (None: any), word may end after it, literal
    part up to the first whitespace) of a cue regex that begins with a literal character:
    'Na\\s+deposition' -> ('na', {}, True, 'na'), 'sodiat\\w*' -> ('sodiat', None, True,
    'sodiat'), '\\(de\\)sodiation' -> ('', {}, True, '(de)sodiation')."""
    prefix, i = _literal_prefix(regex)
    low = prefix.lower() if len(prefix.lower()) == len(prefix) else prefix
    lit = re.split(r"\s", low, maxsplit=1)[0]
    n = 0
    while n < len(low) and low[n] in _ASCII_ALNUM:
        n += 1
    head = low[:n]
    if n < len(low):
        return head, frozenset(), True, lit  # a literal character outside [a-z0-9] ends the word
    try:
        chars, ends, _ = _next_in_word(_sre_parse.parse(regex[i:]))
    except re.error:
        chars, ends = None, True
    return head, chars, ends, lit


def needed_words(regex: str) -> tuple[str, ...] | None:
    """Lower-cased ASCII runs of three or more characters, one of which every match of the
    cue holds after its literal start (the first mandatory literal run of the regex, or the
    leading runs of a mandatory group of alternatives): 'reaction\\s+fronts?' -> ('front',);
    None when there is no such run."""
    try:
        items = _sre_parse.parse(regex[_literal_prefix(regex)[1]:])
    except re.error:
        return None
    return _needed_in(items)


def _needed_in(items) -> tuple[str, ...] | None:
    c = _sre_constants
    run: list[str] = []
    for op, av in items:
        if op is c.LITERAL and chr(av).isascii():
            run.append(chr(av).lower())
            continue
        if len(run) >= 3:
            return ("".join(run),)
        run = []
        if op is c.SUBPATTERN:
            inner = _needed_in(av[-1])
            if inner:
                return inner
        elif op is c.BRANCH:
            leads = [_leading_run(alt) for alt in av[1]]
            if all(len(lead) >= 3 for lead in leads):
                return tuple(sorted(set(leads)))
    return ("".join(run),) if len(run) >= 3 else None


def _leading_run(items) -> str:
    out = []
    for op, av in items:
        if op is not _sre_constants.LITERAL or not chr(av).isascii():
            break
        out.append(chr(av).lower())
    return "".join(out)


# (index id, cue number) -> needed_words of the cue
_NEEDS: dict[tuple[int, int], tuple[str, ...] | None] = {}


def _register_cue(index_id: int, number: int, regex: str) -> None:
    global _MAX_HEAD
    _NEEDS[index_id, number] = needed_words(regex)
    head, chars, ends, lit = cue_start(regex)
    if head:
        _HEADS.setdefault(head, []).append((index_id, number, chars, ends, lit[len(head):]))
        _MAX_HEAD = max(_MAX_HEAD, len(head))
    else:
        _LED.append((lit, index_id, number))


def _routes_changed() -> None:
    """A new index joined: routes computed before it are incomplete."""
    _WORD_CUES.clear()
    _TOKEN_ROUTES.clear()
    _CUE_ROUTES.clear()
    _routed.cache_clear()


def _routes_of(cues: list[tuple[int, int]], loose: bool = False) -> tuple:
    """(index id, pattern, payloads, needed words) per index, for (index id, cue number)
    pairs; the bucket needs one of its words when each of its cues needs one (never
    ``loose``: the needed words are tested on the lower-cased text, see _FOLDS_TO_ASCII)."""
    by_index: dict[int, list[int]] = {}
    for index_id, number in cues:
        by_index.setdefault(index_id, []).append(number)
    out = []
    for index_id, numbers in sorted(by_index.items()):
        numbers = sorted(set(numbers))
        needs = [_NEEDS[index_id, number] for number in numbers]
        need = None if loose or None in needs else tuple(sorted({w for n in needs for w in n}))
        out.append((index_id, *_INDEXES[index_id].bucket(tuple(numbers)), need))
    return tuple(out)


# (cue pairs, loose) -> _routes_of(...): a new token mostly routes to cue sets seen before
_CUE_ROUTES: dict[tuple, tuple] = {}


def _cue_routes(cues: tuple[tuple[int, int], ...], loose: bool) -> tuple:
    """``_routes_of`` memoised per cue set: the sets are few (words share heads), and
    building one (grouping, sorting, needed words, bucket lookup) cost more than the
    rest of routing a token the corpus has not shown before."""
    key = (cues, loose)
    routes = _CUE_ROUTES.get(key)
    if routes is None:
        routes = _CUE_ROUTES[key] = _routes_of(list(cues), loose)
    return routes


def _word_cues(word: str, loose: bool = False) -> tuple[tuple[int, int, tuple[int, str] | str], ...]:
    """(index id, cue number, (head length, rest of the literal part) or '') of the cues
    whose head test passes at a word start whose [a-z0-9] run is ``word`` (``loose``: the
    word begins with the head)."""
    if not loose and word in _WORD_CUES:
        return _WORD_CUES[word]
    out = []
    size = len(word)
    for k in range(1, min(size, _MAX_HEAD) + 1):
        for index_id, number, chars, ends, rest in _HEADS.get(word[:k], ()):
            if loose or (ends if k == size else chars is None or word[k] in chars):
                out.append((index_id, number, rest and (k, rest)))
    cues = tuple(out)
    if not loose:
        if len(_WORD_CUES) >= _CACHE_LIMIT:
            _WORD_CUES.clear()
        _WORD_CUES[word] = cues
    return cues


def _token_routes(token: str, loose: bool = False) -> tuple:
    """(token, ((offset, index id, pattern, payloads, needed words), ...)) for the word
    starts in a whitespace-free token where some cue can start; () when there are none."""
    out = []
    n = len(token)
    off = 0
    while off < n:
        if token[off] in _ASCII_ALNUM:
            end = off + 1
            while end < n and token[end] in _ASCII_ALNUM:
                end += 1
            cues = [(index_id, number) for index_id, number, rest in _word_cues(token[off:end], loose)
                    if not rest or token.startswith(rest[1], off + rest[0])]
            next_off = end + 1  # the character after a run is not a word start
        else:
            cues = [(index_id, number) for lit, index_id, number in _LED if token.startswith(lit, off)]
            next_off = off + 1
        if cues:
            out.extend((off, *route) for route in _cue_routes(tuple(cues), loose))
        off = next_off
    routed = (token, tuple(out)) if out else ()
    if not loose:
        if len(_TOKEN_ROUTES) >= _CACHE_LIMIT:
            _TOKEN_ROUTES.clear()
        _TOKEN_ROUTES[token] = routed
    return routed


_NO_ROUTES: dict[int, list] = {}  # shared, never mutated (callers only .get)
# what str.split() splits on (str.isspace(); a test checks the list)
_WHITESPACE = frozenset("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005"
                        "\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")


# The lower-cased sentence split on whitespace (lower_same_length(text).split()), shared
# by the routing and the marks (one LRU in phase_scan; kb.nlp.phases gates on the
# lowered text, not on this split).
_tokens = lowered_tokens


@lru_cache(maxsize=32)
def _routed(text: str) -> dict[int, list[tuple[int, int, object]]]:
    """Per index, (start, end, payload) of its cues matched at every word start where one
    can start, in sentence order (overlapping: CueIndex.finditer drops what a left-to-right
    scan would have skipped); shared by the recognizers of one sentence.

    The tokens with a route are picked in C (``filter`` over the cached routes: a token
    without one maps to an empty tuple, which is false). A token's offset is recovered
    with ``str.find`` only for those: the first whole-token occurrence after the previous
    routed token is the token itself, because an equal token between them would have
    been routed too.
    """
    low = lower_same_length(text)
    tokens = _tokens(text)
    known = _TOKEN_ROUTES
    loose = folded(text) is None
    if loose:
        routed = list(filter(None, [_token_routes(token, loose=True) for token in tokens]))
    else:
        routed = list(filter(None, map(known.__getitem__, tokens)))
    if not routed:
        return _NO_ROUTES
    out: dict[int, list] = {}
    pos = 0
    size = len(low)
    space = _WHITESPACE
    for token, routes in routed:
        i = -1
        for off, index_id, pattern, payloads, need in routes:
            if need is not None:
                # a bucket whose every cue needs a word the sentence lacks is not tried (a
                # token left unplaced this way is left so wherever it occurs, so the
                # offsets of the others stay right)
                for word in need:
                    if word in low:
                        break
                else:
                    continue
            if i < 0:
                n = len(token)
                i = low.find(token, pos)
                while (i and low[i - 1] not in space) or (i + n < size and low[i + n] not in space):
                    i = low.find(token, i + 1)
                pos = i + n
            m = pattern.match(text, i + off)
            if m is not None:
                if index_id in out:
                    out[index_id].append((i + off, m.end(), payloads[m.lastgroup]))
                else:
                    out[index_id] = [(i + off, m.end(), payloads[m.lastgroup])]
    return out or _NO_ROUTES


class CueIndex:
    """Many cue regexes tried only where they can start.

    Each regex must begin with a literal character. A group or optional character right
    after the literal part is expanded into alternatives first ("D(?:Na|Li)" -> "DNa",
    "DLi"; "co[-‐]?intercalat" -> "co-intercalat", ...), so that the literal parts are as
    long as the cue allows and an exact cue is recognised as one. A cue is tried only at
    the word starts where it can start (see above). Matches are leftmost, non-overlapping
    unless asked; for one word start the vocabulary order decides (put longer cues first).
    Case-insensitive cues are wrapped in (?i:...), case-sensitive ones match as written.
    """

    def __init__(self, entries: list[tuple[str, bool, object]]) -> None:
        self._entries: list[tuple[str, object]] = []
        self._buckets: dict[tuple[int, ...], tuple[re.Pattern[str], list[object]]] = {}
        self._id = len(_INDEXES)
        _INDEXES.append(self)
        for regex, case_sensitive, payload in entries:
            for lead in expand_leading_group(regex):
                for alt in expand_after_prefix(lead):
                    if alt.startswith("(") or not literal_prefix(alt):
                        raise ValueError(f"cue must start with a literal character: {alt!r}")
                    _register_cue(self._id, len(self._entries), alt)
                    self._entries.append((alt if case_sensitive else f"(?i:{alt})", payload))
        _routes_changed()

    def bucket(self, numbers: tuple[int, ...]) -> tuple[re.Pattern[str], dict[str, object]]:
        """One compiled alternation of the given cues (vocabulary order) and the payload of
        each cue by the name of its group."""
        if numbers in self._buckets:
            return self._buckets[numbers]
        alts = "|".join(f"(?P<c{i}>{self._entries[n][0]})" for i, n in enumerate(numbers))
        bucket = (re.compile(f"(?:{alts})(?![A-Za-z0-9])"),
                  {f"c{i}": self._entries[n][1] for i, n in enumerate(numbers)})
        self._buckets[numbers] = bucket
        return bucket

    def finditer(self, text: str, overlapping: bool = False) -> list[tuple[int, int, object]]:
        """(start, end, payload) of the cues in text, left to right; with ``overlapping``
        a cue may also start inside an earlier one ("irreversible amorphization upon the
        first sodiation" holds two phenomena)."""
        found = _routed(text).get(self._id)
        if not found:
            return []
        if overlapping or len(found) == 1:
            return list(found)
        # a scan from the left skips the word starts inside a match: the same as dropping
        # the matches that start there
        out = []
        last = 0
        for item in found:
            if item[0] >= last:
                out.append(item)
                if item[1] > last:
                    last = item[1]
        return out


def _split_top(inner: str) -> list[str]:
    parts, depth, cur, i = [], 0, [], 0
    while i < len(inner):
        c = inner[i]
        if c == "\\":
            cur.append(inner[i:i + 2])
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        if c == "|" and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        i += 1
    parts.append("".join(cur))
    return parts


def _group_end(regex: str) -> int:
    """Index of the ')' closing the group that opens ``regex`` (len(regex) if unbalanced),
    skipping escaped characters."""
    depth, i = 0, 0
    while i < len(regex):
        c = regex[i]
        if c == "\\":
            i += 2
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                break
        i += 1
    return i


def expand_leading_group(regex: str) -> list[str]:
    """'(?:diffusion|migration)\\s+barrier' -> ['diffusion\\s+barrier', 'migration\\s+barrier'],
    so that every cue starts with a literal character (CueIndex buckets by it)."""
    if not regex.startswith("(?:"):
        return [regex]
    i = _group_end(regex)
    inner, rest = regex[3:i], regex[i + 1:]
    if rest[:1] in ("*", "+", "{"):
        raise ValueError(f"cannot expand a repeated leading group: {regex!r}")
    if rest[:1] == "?":
        rest = rest[1:]
        alts = [a + rest for a in _split_top(inner)] + [rest.removeprefix("\\s+").removeprefix("\\s*")]
    else:
        alts = [a + rest for a in _split_top(inner)]
    return [x for a in alts for x in expand_leading_group(a)]


_META = set("\\()[]{}?*+|.^$")


def literal_prefix(regex: str) -> str:
    """The characters every match of ``regex`` starts with ('pores?\\s+form' -> 'pore')."""
    return _literal_prefix(regex)[0]


_MAX_ALTS = 16


def expand_after_prefix(regex: str) -> list[str]:
    """Alternatives of ``regex`` whose literal prefixes are longer: a non-capturing group
    ('D(?:Na|Li)'), an optional group or an optional plain character/character class
    ('pores?', 'co[-‐]?i') right after the literal part is spelled out, in the order the
    regex engine would try it, so the alternation of the alternatives matches exactly
    what the regex matches."""
    out = [regex]
    changed = True
    while changed and len(out) < _MAX_ALTS:
        changed = False
        nxt: list[str] = []
        for alt in out:
            more = _expand_once(alt)
            if more is None:
                nxt.append(alt)
            else:
                nxt.extend(more)
                changed = True
        if len(nxt) > _MAX_ALTS:
            break
        out = nxt
    return out


def _expand_once(regex: str) -> list[str] | None:
    _, i = _literal_prefix(regex)
    head, rest = regex[:i], regex[i:]
    if not head:
        return None
    if rest.startswith("(?:"):
        j = _group_end(rest)
        if j >= len(rest):
            return None
        inner, tail = rest[3:j], rest[j + 1:]
        if tail[:1] in ("*", "+", "{") or tail[:2] == "??":
            return None
        parts = _split_top(inner)
        if tail[:1] == "?":
            return [head + p + tail[1:] for p in parts] + [head + tail[1:]]
        return [head + p + tail for p in parts]
    # an optional plain character or simple class: 's?', '[-‐]?'
    if rest.startswith("["):
        close = rest.find("]", 1)
        if close < 0:
            return None
        chars = rest[1:close]
        if not chars or "\\" in chars or chars.startswith("^") or "-" in chars[1:-1] or "[" in chars:
            return None
        tail = rest[close + 1:]
        options = list(dict.fromkeys(chars))
    elif rest[:1] and rest[0] not in _META:
        tail = rest[1:]
        options = [rest[0]]
    else:
        return None
    if not tail.startswith("?") or tail[1:2] in ("?", "+"):
        return None
    return [head + re.escape(c) + tail[1:] for c in options] + [head + tail[1:]]


def _literal_prefix(regex: str) -> tuple[str, int]:
    """(literal prefix, index in ``regex`` where it ends)."""
    out: list[str] = []
    i = 0
    while i < len(regex):
        c = regex[i]
        if c == "\\" and i + 1 < len(regex) and not regex[i + 1].isalnum():
            lit, step = regex[i + 1], 2
        elif c in _META:
            break
        else:
            lit, step = c, 1
        if i + step < len(regex) and regex[i + step] in "?*{":
            break
        out.append(lit)
        i += step
    return "".join(out), i


# The negation and clause scans run for every flagged mention: case-free (see CaseFree).
_NEG_BEFORE = CaseFree(_NEG_BEFORE)
_NEG_AFTER = CaseFree(_NEG_AFTER)
_AND_BREAK = CaseFree(_AND_BREAK)
_CLAUSE_BREAK = CaseFree(_CLAUSE_BREAK)
