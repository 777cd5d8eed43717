"""Shared inline text normalisation: markup in, plain Unicode sentences out.

PDF converters (and, partly, XML) hand us chemistry in half a dozen notations:
Unicode sub/superscripts (``Na₂O``, ``g⁻¹``), inline LaTeX (``$\\alpha\\text{-MnO}_2$``,
``Li_{1.3}FeS_2``, ``^{-1}``), HTML (``<sub>``, ``<i>``) and markdown emphasis
(``*in situ*``). Downstream NLP must see one spelling, so everything is
flattened here, in one place, in this order:

1. Unicode clean-up (spaces, ligatures, soft hyphens, micro sign).
2. HTML inline tags and entities, markdown emphasis.
3. LaTeX commands (Greek, ``\\times``, ``\\text{}`` ...), then ``^``/``_`` groups
   and Unicode script characters become *marked* sub/superscripts.
4. Every superscript is classified: a citation marker (removed, its numbers
   returned) or real chemistry/units (kept as text).
5. Marks are rendered as plain text: subscripts as their characters
   (``Na2O``), kept superscripts as their characters with any minus written as
   U+2212 (``g−1``, ``10−12``, ``Na+``, ``cm2``). U+2212 is used consistently for
   superscript minus so that ``mAh g−1`` matches what the XML parser emits.

The citation/superscript decision is the delicate part; see ``_classify_sup``.
A superscript number is a citation when it follows a word or punctuation
(``batteries.¹⁻⁴``, ``spacing²⁴``, ``Sb⁹⁵``, ``al.⁴⁰``), and chemistry when it
carries a sign (``Na⁺``, ``g⁻¹``, ``10⁻¹²``, ``Mg²⁺``), follows a number
(``10⁵``) or a unit (``cm²``), or is a mass number glued to the next element
(``²³Na``).
"""
from __future__ import annotations

import html
import re
from collections import Counter
from dataclasses import dataclass, field

MINUS = "\u2212"

# Private-use delimiters for marked scripts; never present in real text.
_SUP_OPEN, _SUP_CLOSE = "\ue000", "\ue001"
_SUB_OPEN, _SUB_CLOSE = "\ue002", "\ue003"
_SEP = "\ue004"  # temporary token boundary inside LaTeX

_SUPERSCRIPTS = {
    "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7",
    "⁸": "8", "⁹": "9", "⁺": "+", "⁻": MINUS, "⁼": "=", "⁽": "(", "⁾": ")",
    "ⁿ": "n", "ⁱ": "i", "ˣ": "x",
}
_SUBSCRIPTS = {
    "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7",
    "₈": "8", "₉": "9", "₊": "+", "₋": "-", "₌": "=", "₍": "(", "₎": ")",
    "ₓ": "x", "ₐ": "a", "ₑ": "e", "ₒ": "o", "ₙ": "n", "ₘ": "m", "ₖ": "k", "ᵧ": "y",
}
_SUP_RUN = re.compile("[" + "".join(_SUPERSCRIPTS) + "]+")
_SUB_RUN = re.compile("[" + "".join(_SUBSCRIPTS) + "]+")

_UNICODE_FIXES = {
    "\u00a0": " ", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u200a": " ",
    "\u202f": " ", "\u2005": " ", "\u2006": " ", "\u2007": " ", "\u2008": " ",
    "\u200b": "", "\u200c": "", "\u200d": "", "\ufeff": "", "\u00ad": "",
    "\u2010": "-", "\u2011": "-", "\u2043": "-",
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\u00b5": "μ",  # micro sign -> Greek mu: one spelling for units
}
_UNICODE_RE = re.compile("|".join(map(re.escape, _UNICODE_FIXES)))

# LaTeX commands -> Unicode. "Prefix" symbols swallow the space LaTeX would
# ignore after them (``\sim 326%`` -> ``~326%``, ``\mu m`` -> ``μm``).
_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε",
    "varepsilon": "ε", "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ",
    "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ",
    "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
_PREFIX_SYMBOLS = {**_GREEK, "sim": "~", "AA": "Å", "angstrom": "Å", "circ": "°",
                   "degree": "°", "partial": "∂", "nabla": "∇", "sqrt": "√"}
_SYMBOLS = {
    "times": "×", "cdot": "·", "pm": "±", "mp": "∓", "approx": "≈", "simeq": "≃",
    "cong": "≅", "equiv": "≡", "neq": "≠", "ne": "≠", "leq": "≤", "le": "≤",
    "geq": "≥", "ge": "≥", "ll": "≪", "gg": "≫", "propto": "∝", "infty": "∞",
    "rightarrow": "→", "to": "→", "longrightarrow": "→", "Rightarrow": "⇒",
    "leftarrow": "←", "longleftarrow": "←", "leftrightarrow": "↔",
    "rightleftharpoons": "⇌", "rightleftarrows": "⇄", "uparrow": "↑", "downarrow": "↓",
    "parallel": "‖", "perp": "⊥", "cdots": "…", "ldots": "…", "dots": "…",
    "langle": "⟨", "rangle": "⟩", "prime": "′", "bullet": "•", "%": "%",
    "deg": "°", "ell": "ℓ", "hbar": "ħ", "in": "∈", "sum": "Σ", "int": "∫",
    "checkmark": "✓", "dagger": "†", "ddagger": "‡", "S": "§", "textendash": "–",
    "textemdash": "—", "textperiodcentered": "·", "textdegree": "°",
}
_WRAPPERS = ("text", "mathrm", "mathbf", "mathit", "mathsf", "mathtt", "textrm", "textbf",
             "textit", "textsf", "texttt", "emph", "operatorname", "boldsymbol", "bm",
             "mathcal", "mathbb", "textnormal", "textsuperscript", "textsubscript",
             "ce", "mbox", "hbox", "underline", "overline")
_DROP = {"left", "right", "big", "Big", "bigg", "Bigg", "displaystyle", "textstyle",
         "rm", "it", "bf", "mathrm", "limits", "nolimits", "quad", "qquad", "hfill",
         "noindent", "!", "relax"}

_WRAP_RE = re.compile(r"\\(" + "|".join(_WRAPPERS) + r")\s*\{([^{}]*)\}")
_FRAC_RE = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_SQRT_RE = re.compile(r"\\sqrt\s*\{([^{}]*)\}")
_CMD_RE = re.compile(r"\\([A-Za-z]+|[,;:! %{}_&#$])( ?)")
_MATH_RE = re.compile(r"\$\$?([^$]{1,400}?)\$\$?")
_SCRIPT_GROUP_RE = re.compile(r"(?<!\\)([\^_])\{([^{}]*)\}")
_SCRIPT_CHAR_RE = re.compile(r"(?<=[A-Za-z0-9)\]}°,.;" + _SUB_CLOSE + _SUP_CLOSE + r"])([\^_])([+\-−]|[A-Za-z0-9*°])")

_HTML_SUB_RE = re.compile(r"<sub>(.*?)</sub>", re.S | re.I)
_HTML_SUP_RE = re.compile(r"<sup>(.*?)</sup>", re.S | re.I)
_HTML_TAG_RE = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>")
_HTML_BLOCK_RE = re.compile(r"</?(p|br|div|li|tr|td|th)(\s[^<>]*)?/?>", re.I)

_MD_IMAGE_RE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK_RE = re.compile(r"\[([^\]]+)\]\((?:https?://|#|mailto:)[^)]*\)")
_BOLD_RE = re.compile(r"\*\*([^*{}\n]+?)\*\*")
_ITALIC_RE = re.compile(r"(?<![*\w])\*(?=[^\s*{}^$])([^*{}^$\n]*?[^\s*{}^$\\])\*(?!\*)")
_ITALIC_IN_WORD_RE = re.compile(r"\*([^*\s{}^$][^*{}^$\n]{0,60}?)\*")
_STRAY_STAR_RE = re.compile(r"(?<=[\w,.;)\]])\*+(?=[\s,;.:)]|$)|(?<=\s)\*+(?=\s)|^\*+\s")

_UNITS = {
    "m", "cm", "mm", "nm", "μm", "km", "pm", "Å", "s", "ms", "μs", "ns", "g", "kg", "mg",
    "μg", "L", "mL", "μL", "dm", "h", "min", "W", "kW", "mW", "J", "kJ", "V", "mV", "A",
    "mA", "μA", "K", "Pa", "kPa", "MPa", "GPa", "eV", "keV", "C", "F", "Hz", "mol", "M",
    "Wh", "mAh", "Ah", "S", "Ω", "T",
}

_CITE_LIST_RE = re.compile(rf"^\d{{1,4}}(?:\s*[,–—{MINUS}\-]\s*\d{{1,4}})*,?$")
_CHARGE_THEN_CITE_RE = re.compile(r"^(\d*\+)(\d{1,4}(?:[,–]\d{1,4})*)$")
_MARK_RE = re.compile(r"^[a-z*†‡§¶#,]{1,6}$")

_BRACKET_CITE_RE = re.compile(r"\s?\[(\d{1,4}(?:\s*[,–—\-]\s*\d{1,4})*)\]")
_CRYSTAL_CONTEXT_RE = re.compile(r"^\s*(direction|plane|planes|zone|axis|facet|facets|orientation|"
                                 r"projection|reflection|peak|peaks|channel|channels|tunnel|surface)\b")
_PLAIN_CITE_RE = re.compile(r"(?<=[a-z]{2})(\)?)\.(\d{1,3}(?:,\d{1,3})*(?:[–-]\d{1,3})?)(?=\s+[A-Z(]|\s*$)")
_ETAL_CITE_RE = re.compile(r"\bet al\.(\d{1,3}(?:[,–-]\d{1,3})*)(?=\s)")


@dataclass
class Normalized:
    text: str
    citations: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- helpers ---

def clean_unicode(text: str) -> str:
    return _UNICODE_RE.sub(lambda m: _UNICODE_FIXES[m.group(0)], text)


_BROKEN_BOLD_RE = re.compile(r"\*\*(\d{2,3})\*\*(\d)")


def strip_emphasis(text: str) -> str:
    """Markdown ``**bold**`` / ``*italic*`` -> plain; stray ``*`` marks go too."""
    if "*" not in text:
        return text
    text = _BROKEN_BOLD_RE.sub(r"\1\2", text)  # "**201**7" broken bold
    text = _BOLD_RE.sub(r"\1", text)
    text = _ITALIC_RE.sub(r"\1", text)
    text = _ITALIC_IN_WORD_RE.sub(r"\1", text)
    return text


def _sup(content: str) -> str:
    return _SUP_OPEN + content + _SUP_CLOSE


def _sub(content: str) -> str:
    return _SUB_OPEN + content + _SUB_CLOSE


def html_inline(text: str) -> str:
    """HTML inline markup: ``<sub>``/``<sup>`` become marked scripts, other tags go."""
    if "<" not in text and "&" not in text:
        return text
    text = _HTML_SUB_RE.sub(lambda m: _sub(_HTML_TAG_RE.sub("", m.group(1))), text)
    text = _HTML_SUP_RE.sub(lambda m: _sup(_HTML_TAG_RE.sub("", m.group(1))), text)
    text = _HTML_BLOCK_RE.sub(" ", text)
    text = _HTML_TAG_RE.sub("", text)
    return html.unescape(text)


def _latex_commands(text: str) -> str:
    def unwrap(m: re.Match) -> str:
        # keep "\mu\text{m}" from fusing into the unknown command "\mum"
        glue = _SEP if re.search(r"\\[A-Za-z]+$", m.string[:m.start()]) else ""
        return glue + m.group(2)

    for _ in range(3):  # nested wrappers: \text{\mathrm{x}}
        new = _WRAP_RE.sub(unwrap, text)
        new = _FRAC_RE.sub(r"\1/\2", new)
        new = _SQRT_RE.sub(r"√\1", new)
        if new == text:
            break
        text = new

    def cmd(m: re.Match) -> str:
        name, space = m.group(1), m.group(2)
        if name in _PREFIX_SYMBOLS:
            return _PREFIX_SYMBOLS[name]
        if name in _SYMBOLS:
            return _SYMBOLS[name] + space
        if name in (",", ";", ":", " "):
            return " "
        if name in ("{", "}", "_", "&", "#", "$", "%"):
            return name + space
        if name in _DROP:
            return ""
        return space  # unknown command: drop the command, keep the text flowing

    text = _CMD_RE.sub(cmd, text)
    text = text.replace(_SEP, "")
    return re.sub(r"~\s+(?=\d)", "~", text)


def _scripts_to_marks(text: str) -> str:
    """``^{..}``/``_{..}``/``^x``/``_x`` and Unicode script runs -> marked scripts."""
    if "^" in text or "_" in text:
        for _ in range(2):
            text = _SCRIPT_GROUP_RE.sub(
                lambda m: (_sup if m.group(1) == "^" else _sub)(m.group(2).strip()), text)
        text = _SCRIPT_CHAR_RE.sub(lambda m: (_sup if m.group(1) == "^" else _sub)(m.group(2)), text)
    text = _SUP_RUN.sub(lambda m: _sup("".join(_SUPERSCRIPTS[c] for c in m.group(0))), text)
    text = _SUB_RUN.sub(lambda m: _sub("".join(_SUBSCRIPTS[c] for c in m.group(0))), text)
    # adjacent marks of one kind are one script: "Ni⁴⁺" + "¹⁵⁰"
    text = text.replace(_SUP_CLOSE + _SUP_OPEN, "").replace(_SUB_CLOSE + _SUB_OPEN, "")
    return text


def _tidy_math_spacing(text: str) -> str:
    """``NiCo $_2$ O $_4$`` (spaced-out LaTeX scripts) -> ``NiCo$_2$O$_4$``."""
    if "$" not in text:
        return text
    text = re.sub(r"(?<=[A-Za-z0-9)\]]) +(?=\$[_^])", "", text)
    return re.sub(r"(\$[_^](?:\{[^{}$]*\}|[^$\s])\$) +(?=(?:[A-Z][a-z]?|\(|\))+ *\$[_^])", r"\1", text)


def latex_to_marks(text: str) -> str:
    """Inline LaTeX (in ``$...$`` or bare) -> Unicode with marked scripts."""
    text = _tidy_math_spacing(text)
    if "$" in text:
        def math(m: re.Match) -> str:
            inner = _latex_commands(m.group(1))
            inner = _scripts_to_marks(inner)
            inner = inner.replace("{", "").replace("}", "")
            return inner
        text = _MATH_RE.sub(math, text)
        text = re.sub(r"\$(?!\d)", "", text)  # unpaired math delimiters (not currency)
    if "\\" in text:
        text = _latex_commands(text)
    return _scripts_to_marks(text)


def expand_citation_numbers(spec: str) -> list[str]:
    """``"1−4"`` -> 1,2,3,4; ``"12,13"`` -> 12,13. Ranges over 100 keep their ends."""
    out: list[str] = []
    for part in re.split(r"\s*,\s*", spec.strip().strip(",")):
        if not part:
            continue
        bounds = re.split(rf"\s*[–—{MINUS}\-]\s*", part)
        nums = [b for b in bounds if b.isdigit()]
        if len(nums) == 2 and 0 < int(nums[1]) - int(nums[0]) <= 100:
            out.extend(str(i) for i in range(int(nums[0]), int(nums[1]) + 1))
        else:
            out.extend(str(int(n)) for n in nums)
    return out


def _prev_word(before: str) -> str:
    m = re.search(r"([^\s" + _SUB_CLOSE + r"]+)$", before)
    return m.group(1) if m else ""


def _classify_sup(content: str, before: str, after: str) -> tuple[str, list[str]]:
    """Decide what one superscript is: (text to keep, citation numbers removed)."""
    c = content.strip()
    if not c:
        return "", []
    prev = before[-1:] if before else ""
    nxt = after[:1]
    if _MARK_RE.match(c) and not prev.isdigit():
        return "", []  # author/affiliation/footnote marks: ^{ab}, ^{*}, ^{†}
    m = _CHARGE_THEN_CITE_RE.match(c)
    if m and (not nxt or not nxt.isalnum()):
        return m.group(1), expand_citation_numbers(m.group(2))  # "Ni⁴⁺¹⁵⁰": charge + ref 150
    if _CITE_LIST_RE.match(c):
        single = c.isdigit()
        if single and prev.isdigit():
            return c, []  # 10⁵: exponent of a number
        if single and (not prev or prev.isspace()) and nxt.isalpha():
            return c, []  # ²³Na: mass number before an element
        if single and prev != _SUB_CLOSE and _prev_word(before) in _UNITS and len(c) == 1:
            return c, []  # cm², m³
        nums = expand_citation_numbers(c)
        if not nums or "0" in nums:  # Co⁰ is an oxidation state, never a reference
            return c, []
        # a "range" that runs backwards is a charge, not a citation: (PO2)^{3-1}
        parts = re.split(rf"[–—{MINUS}\-]", c)
        if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit() and int(parts[1]) <= int(parts[0]):
            return c, []
        return "", nums
    return c, []


def _resolve_marks(text: str) -> tuple[str, list[str]]:
    citations: list[str] = []
    out: list[str] = []
    pos = 0
    last_sub_end = -1
    pattern = re.compile(f"{_SUP_OPEN}([^{_SUP_CLOSE}]*){_SUP_CLOSE}|{_SUB_OPEN}([^{_SUB_CLOSE}]*){_SUB_CLOSE}")
    for m in pattern.finditer(text):
        out.append(text[pos:m.start()])
        pos = m.end()
        if m.group(2) is not None:  # subscript: flatten
            out.append(m.group(2).replace(" ", ""))
            last_sub_end = m.end()
            continue
        before = "".join(out[-3:])
        if last_sub_end == m.start():
            before += _SUB_CLOSE  # "SnS₂¹¹⁶": a number after a subscript is no exponent
        after = text[m.end():m.end() + 2]
        keep, nums = _classify_sup(m.group(1), before, after)
        citations.extend(nums)
        if keep:
            out.append(keep.replace("-", MINUS).replace(" ", ""))
    out.append(text[pos:])
    return "".join(out), citations


def _bracket_citations(text: str, citations: list[str]) -> str:
    def repl(m: re.Match) -> str:
        spec = m.group(1)
        after = text[m.end():m.end() + 20]
        before = text[max(0, m.start() - 8):m.start()]
        if re.fullmatch(r"[0-3]{3,4}", spec) and (_CRYSTAL_CONTEXT_RE.match(after)
                                                  or re.search(r"\b(the|a|along|in|of)\s?$", before)):
            return m.group(0)  # crystallographic direction [100]
        if m.start() == 0 or re.search(r"\b(the|a|an)\s?$", before):
            return m.group(0)
        citations.extend(expand_citation_numbers(spec))
        return ""
    return _BRACKET_CITE_RE.sub(repl, text)


_NOT_CITING = {"fig", "figs", "figure", "eq", "eqs", "eqn", "ref", "refs", "no", "vol", "pp", "tab",
               "table", "scheme", "sect", "sec", "chap", "ch", "step", "stage", "cycle", "type"}


def _plain_citations(text: str, citations: list[str]) -> str:
    """``electrodes.29,30 Primary``: reference numbers glued after a full stop."""
    def repl(m: re.Match) -> str:
        word = re.search(r"(\w+)\)?$", m.string[max(0, m.start() - 12):m.start() + len(m.group(1))])
        if word and word.group(1).lower() in _NOT_CITING:
            return m.group(0)  # "Fig.3 A", "Eq.2 Then": a numbered thing, not a reference
        citations.extend(expand_citation_numbers(m.group(2)))
        return m.group(1) + "."
    text = _ETAL_CITE_RE.sub(lambda m: (citations.extend(expand_citation_numbers(m.group(1))) or "et al."), text)
    return _PLAIN_CITE_RE.sub(repl, text)


_WS_RE = re.compile(r"[ \t\r\n]+")
_SPACE_BEFORE_PUNCT_RE = re.compile(r" +([,.;:!?)\]])(?=\s|$|[,.;:)\]])")
_SPACE_AFTER_OPEN_RE = re.compile(r"([(\[]) +")
_COMMA_RUN_RE = re.compile(r",(?:\s*,)+")
_GREEK_HYPHEN_RE = re.compile(r"([α-ωΑ-Ω]) -(?=[A-Za-z0-9])")
_MICRO_UNIT_RE = re.compile(r"μ (?=(?:m|g|s|L|A|V|W|l)\b)")
_SLASH_SPACE_RE = re.compile(r"(?<=[A-Za-z0-9+−])/ (?=[A-Za-z])")
_SPACE_SUBSCRIPT_RE = re.compile(r"(?<=[A-Za-z0-9)\]]) +(?=[₀-₉])")


def tidy_spacing(text: str) -> str:
    text = _WS_RE.sub(" ", text)
    if " " in text:
        text = _SPACE_BEFORE_PUNCT_RE.sub(r"\1", text)
        text = _SPACE_AFTER_OPEN_RE.sub(r"\1", text)
        if " -" in text:
            text = _GREEK_HYPHEN_RE.sub(r"\1-", text)  # "α -MoO3" -> "α-MoO3"
        if "/ " in text:
            text = _SLASH_SPACE_RE.sub("/", text)  # "sodiation/ desodiation" (line break)
        if "μ " in text:
            text = _MICRO_UNIT_RE.sub("μ", text)  # "10 μ m" -> "10 μm"
    if ",," in text or ", ," in text:
        text = _COMMA_RUN_RE.sub(",", text)
    return text.strip()


_NEEDS_WORK_RE = re.compile(r"[*$^_<>&\\\[\]" + "".join(_SUPERSCRIPTS) + "".join(_SUBSCRIPTS) + r"]|\.\d")


def normalize_inline(text: str) -> Normalized:
    """Any inline markup -> clean plain text plus the citation numbers removed."""
    text = clean_unicode(text)
    if not _NEEDS_WORK_RE.search(text):
        return Normalized(tidy_spacing(text), [])
    text = _SPACE_SUBSCRIPT_RE.sub("", text)  # "TiO ₂" -> "TiO₂"
    text = html_inline(text)
    if "](" in text:  # markdown images and links: keep the link text only
        text = _MD_IMAGE_RE.sub("", text)
        text = _MD_LINK_RE.sub(r"\1", text)
    text = strip_emphasis(text)
    text = latex_to_marks(text)
    text, citations = _resolve_marks(text)
    if "*" in text:
        text = _STRAY_STAR_RE.sub("", text)
    text = text.replace("[§]", "").replace("[*]", "")
    if "[" in text:
        text = _bracket_citations(text, citations)
    if "." in text:
        text = _plain_citations(text, citations)
    seen: set[str] = set()
    cites = [c for c in citations if not (c in seen or seen.add(c))]
    return Normalized(tidy_spacing(text), cites)


def normalize_text(text: str) -> str:
    return normalize_inline(text).text


# ------------------------------------------------ hyphenation, vocabulary ---

_WORD_RE = re.compile(r"[A-Za-z]+")
_LONG_WORD_RE = re.compile(r"\b[A-Za-z]{8,}\b")
_HYPHEN_WORD_RE = re.compile(r"\b([A-Za-z]+)-([a-z]+)\b")
_HYPH_RE = re.compile(r"\b[A-Za-z]+(?:-[A-Za-z]+)+\b")


@dataclass
class Vocabulary:
    """Word counts of one document: the evidence for undoing layout damage.

    A line-break hyphen (``lithi-um``) is removed when the joined word occurs
    elsewhere in the same paper; a compound that lost its hyphen
    (``lithiumion``) gets it back when the hyphenated spelling is the one the
    paper uses. No dictionary needed, and no word list to maintain.
    """

    words: Counter
    hyphenated: Counter
    _glued: dict[str, str] | None = None

    @classmethod
    def of(cls, text: str) -> "Vocabulary":
        low = text.lower()
        return cls(Counter(_WORD_RE.findall(low)), Counter(_HYPH_RE.findall(low)))

    def count(self, word: str) -> int:
        return self.words.get(word.lower(), 0)

    def glued_compounds(self) -> dict[str, str]:
        """``lithiumion`` -> ``lithium-ion`` for every two-part compound of the paper."""
        if self._glued is None:
            self._glued = {}
            for h in self.hyphenated:
                parts = h.split("-")
                if len(parts) == 2 and len(parts[0]) >= 3 and len(parts[1]) >= 2 and len(h) >= 9:
                    self._glued.setdefault(parts[0] + parts[1], h)
        return self._glued


def join_hyphenated(left: str, right: str, vocab: Vocabulary | None) -> str:
    """Join text broken after ``left`` ending in '-' with ``right``: keep or drop the hyphen."""
    m1 = re.search(r"([A-Za-z]+)-$", left)
    m2 = re.match(r"([A-Za-z]+)", right)
    if not m1 or not m2:
        return left + right
    a, b = m1.group(1), m2.group(1)
    if vocab is not None:
        joined, hyph = vocab.count(a + b), vocab.hyphenated.get(f"{a}-{b}".lower(), 0)
        if joined > 0 and joined >= hyph:
            return left[:-1] + right
        if hyph > 0:
            return left + right
    # No evidence: keep hyphens after capitals/short prefixes (Na-ion, X-ray, in-situ).
    if a[0].isupper() or len(a) <= 2 or b[0].isupper():
        return left + right
    return left[:-1] + right


def repair_words(text: str, vocab: Vocabulary) -> str:
    """Undo layout damage inside a paragraph using the paper's own vocabulary.

    ``electro-lytes`` (a kept line-break hyphen) -> ``electrolytes`` when the
    paper spells it that way more often; ``lithiumion`` -> ``lithium-ion`` when
    the hyphenated compound is the paper's usual spelling.
    """
    def unhyphen(m: re.Match) -> str:
        a, b = m.group(1), m.group(2)
        if a[0].isupper() or len(a) < 3 or len(b) < 3:
            return m.group(0)
        if vocab.count(a + b) >= 2 and vocab.hyphenated.get(f"{a}-{b}".lower(), 0) <= 1:
            return a + b
        return m.group(0)

    if "-" in text:
        text = _HYPHEN_WORD_RE.sub(unhyphen, text)

    glued = vocab.glued_compounds()
    if not glued:
        return text

    def rehyphen(m: re.Match) -> str:
        w = m.group(0)
        hyph = glued.get(w.lower())
        if hyph is None or vocab.count(w) > 2 or vocab.hyphenated[hyph] < vocab.count(w):
            return w
        i = hyph.index("-")
        return w[:i] + "-" + w[i:]

    return _LONG_WORD_RE.sub(rehyphen, text)
