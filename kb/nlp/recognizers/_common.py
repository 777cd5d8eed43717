"""Shared helpers of the sentence recognizers: vocabulary loading, numbers, negation, hedging.

Recognizers run once per sentence over whole corpora, so everything here is compiled
once at import and the vocabularies are read once (functools.cache). Vocabulary files
live in kb/vocab/ as data: one entry a line, tab-separated, ``#`` starts a comment.
"""
from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

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
    r"formed|form|occur\w*|happen\w*|appear\w*|involved|generated|produced|take\s+place|took\s+place)\b",
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
)
_CLAUSE_WORDS = ("but", "whereas", "while", "although")
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


def _find_all(low: str, needle: str) -> list[int]:
    out, i = [], low.find(needle)
    while i >= 0:
        out.append(i)
        i = low.find(needle, i + 1)
    return out


@lru_cache(maxsize=32)
def _sentence_marks(text: str) -> tuple[tuple[tuple[int, int], ...], tuple[int, ...], tuple[int, ...]]:
    """Clause breaks, hedge words and negation words of a sentence, found in one scan and
    shared by every recognizer that flags mentions of the same sentence."""
    low = lower_same_length(text)
    pattern, kinds = _marks_index()
    breaks = [(i, i + 1) for i in _find_all(low, ";")] + [(i, i + 2) for i in _find_all(low, ". ")]
    hedges: list[int] = []
    negs = _find_all(low, "n't")
    for m in pattern.finditer(" " + low):
        word = m.group(1)
        kind = kinds[word] if word in kinds else kinds.get(phrase_key(word))
        # offsets in " " + low are one more than in low
        if kind == "hedge":
            hedges.append(m.start(1) - 1)
        elif kind == "neg":
            negs.append(m.start(1) - 1)
        elif kind == "clause":
            breaks.append((m.start(1) - 1, m.end(1) - 1))
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


def _tokens(phrase: str) -> list[str]:
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
        for tok in _tokens(phrase):
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


@lru_cache(maxsize=32)
def lower_same_length(text: str) -> str:
    """text.lower() when it keeps every offset (nearly always), else an ASCII-only lowering."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# All cue indexes register the literal prefixes of their cues here; ONE trie scan per
# sentence (cached, shared by every recognizer) finds the word starts where any cue can
# begin, and hands each index only the word starts where one of ITS cues can begin, so a
# recognizer whose cues cannot start anywhere in the sentence costs a dict lookup.
_PREFIXES: set[str] = set()
_INDEXES: list["CueIndex"] = []
# prefix text found by the scan -> (lookup key, ids of the indexes with a cue there)
_ROUTES: dict[str, tuple[str, tuple[int, ...]]] = {}


def _register_prefixes(prefixes: set[str]) -> None:
    if not prefixes <= _PREFIXES:
        _PREFIXES.update(prefixes)
        _shared_trigger.cache_clear()
        _boundary_trigger.cache_clear()
    _ROUTES.clear()
    candidates.cache_clear()
    _routed.cache_clear()


@cache
def _shared_trigger() -> re.Pattern[str]:
    # zero-width (lookahead) so that a long prefix never hides a word start inside it:
    # "(de)sodiation" is a candidate at "(" and at "sodiation"
    return re.compile("(?<![a-z0-9])(?=(" + trie_regex(sorted(_PREFIXES), whole_word=False) + "))")


@cache
def _boundary_trigger() -> re.Pattern[str]:
    """The same scan anchored on the character BEFORE a word start, run over the
    lower-cased text with one space in front: a pattern that starts with a character set
    lets the regex engine skip in C to the next non-alphanumeric character instead of
    entering the matcher at every letter (about a third of the scan's cost)."""
    return re.compile("[^a-z0-9](?=(" + trie_regex(sorted(_PREFIXES), whole_word=False) + "))")


@lru_cache(maxsize=32)
def candidates(text: str) -> tuple[tuple[int, str], ...]:
    """(word start, longest registered prefix found there) where some cue can begin."""
    found = [(m.start(), m.group(1)) for m in _shared_trigger().finditer(lower_same_length(text))]
    return tuple((pos, key if key.isalnum() else phrase_key(key)) for pos, key in found)


def _route(raw: str) -> tuple[str, tuple[int, ...]]:
    key = raw if raw.isalnum() else phrase_key(raw)
    route = (key, tuple(i for i, index in enumerate(_INDEXES) if index.bucket(key) is not None))
    _ROUTES[raw] = route
    return route


_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyz0123456789")
_NO_ROUTES: dict[int, list[tuple[int, str]]] = {}  # shared, never mutated (callers only .get)


@lru_cache(maxsize=32)
def _routed(text: str) -> dict[int, list[tuple[int, str]]]:
    """The trigger scan's word starts, split by the index that has a cue starting there.

    ``findall`` (the prefixes only, no match objects) costs well under half of
    ``finditer``; the positions are recovered with ``str.find``: the first place after
    the previous word start where the same prefix follows a boundary character is the
    next match, because any such place is a match and the scan reports matches in order
    (a longer prefix found there would have been reported instead).
    """
    low = " " + lower_same_length(text)
    found = _boundary_trigger().findall(low)
    if not found:
        return _NO_ROUTES
    out: dict[int, list[tuple[int, str]]] = {}
    routes = _ROUTES
    alnum = _ASCII_ALNUM
    pos = 0  # offset in low of the previous boundary character + 1
    for raw in found:
        i = low.find(raw, pos + 1)
        while low[i - 1] in alnum:
            i = low.find(raw, i + 1)
        # offsets in " " + text are one more than in text: the boundary character's
        # offset (i - 1) is the word start's offset in text
        pos = i
        key, ids = routes[raw] if raw in routes else _route(raw)
        for idx in ids:
            if idx in out:
                out[idx].append((i - 1, key))
            else:
                out[idx] = [(i - 1, key)]
    return out


class CueIndex:
    """Many cue regexes tried only where they can start.

    Each regex must begin with a literal character; its literal prefix joins the shared
    trigger scan, which reports the longest registered prefix at each word start; a cue
    is tried only where its own prefix begins that one. A group or optional character
    right after the literal part is expanded into alternatives first ("D(?:Na|Li)" ->
    "DNa", "DLi"; "co[-‐]?intercalat" -> "co-intercalat", ...), so that a prefix is as
    long as the cue allows and short words ("d", "co") are not tried everywhere. Matches
    are leftmost, non-overlapping unless asked; for one word start the vocabulary order
    decides (put longer cues first). Case-insensitive cues are wrapped in (?i:...),
    case-sensitive ones match as written.
    """

    def __init__(self, entries: list[tuple[str, bool, object]]) -> None:
        self._entries: list[tuple[str, str, object]] = []
        for regex, case_sensitive, payload in entries:
            for lead in expand_leading_group(regex):
                for alt in expand_after_prefix(lead):
                    prefix = literal_prefix(alt).lower()
                    if alt.startswith("(") or not prefix:
                        raise ValueError(f"cue must start with a literal character: {alt!r}")
                    self._entries.append((prefix, alt if case_sensitive else f"(?i:{alt})", payload))
        self._buckets: dict[str, tuple[re.Pattern[str], list[object]] | None] = {}
        self._keys = [(phrase_key(prefix), body, payload) for prefix, body, payload in self._entries]
        self._id = len(_INDEXES)
        _INDEXES.append(self)
        _register_prefixes({prefix for prefix, _, _ in self._entries})

    def bucket(self, key: str) -> tuple[re.Pattern[str], list[object]] | None:
        """Cues that can start where the longest registered prefix found is ``key``:
        exactly those whose own prefix begins ``key`` (one compiled alternation)."""
        if key in self._buckets:
            return self._buckets[key]
        items = [(body, payload) for prefix, body, payload in self._keys if key.startswith(prefix)]
        bucket = None
        if items:
            alts = "|".join(f"(?P<c{i}>{body})" for i, (body, _) in enumerate(items))
            bucket = (re.compile(f"(?:{alts})(?![A-Za-z0-9])"), [p for _, p in items])
        self._buckets[key] = bucket
        return bucket

    def finditer(self, text: str, overlapping: bool = False) -> list[tuple[int, int, object]]:
        """(start, end, payload) of the cues in text, left to right; with ``overlapping``
        a cue may also start inside an earlier one ("irreversible amorphization upon the
        first sodiation" holds two phenomena)."""
        starts = _routed(text).get(self._id)
        if not starts:
            return []
        out = []
        last = 0
        buckets = self._buckets
        for pos, key in starts:
            if pos < last and not overlapping:
                continue
            pattern, payloads = buckets[key]
            m = pattern.match(text, pos)
            if m:
                end = m.end()
                if end > last:
                    last = end
                out.append((pos, end, payloads[int(m.lastgroup[1:])]))
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
