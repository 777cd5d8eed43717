"""Presentation MathML -> one readable line of plain text.

Why not ``itertext()``: a naive dump reads every token *and* the TeX annotation
(``R3¯$\\bar{3}$m``) and puts no structure between scripts and bases, so
numbers and formulas come out broken. Here the annotation is never read (the
MathML is the single source), scripts are flattened the way the rest of the
document flattens ``<sub>``/``<sup>`` (``Na<sub>2</sub>S`` -> ``Na2S``,
``10<sup>−12</sup>`` -> ``10−12``), and only binary/relational operators get
spaces (``5.44 × 10−12``, ``WSSe + 4Na+ + 4e− → Na2Se``).

Conventions worth knowing downstream:
- a bar accent over a digit is crystallographic rotoinversion and is written
  with a leading minus in the usual ASCII style: ``R<mover>3 ¯</mover>m`` ->
  ``R-3m`` (so it matches how PDF text and people type space groups); over
  anything else an accent becomes a Unicode combining mark (``x̄``).
- fractions become ``a/b`` with parentheses around compound parts.
- a TeX annotation is used only when the element carries no presentation
  MathML at all.
"""
from __future__ import annotations

import re

from lxml import etree

# Operators that read as words of their own: spaced when binary.
_SPACED_OPS = set("=≈≠<>≤≥+−-×·÷±∓→←↔⇌⇄⟶⟵⟷⇋⇀⇒⇔≡∝∼≅≃")
ARROWS = set("→←↔⇌⇄⟶⟵⟷⇋⇀⇒⇔")
_OPENERS = set("([{⟨|")
_BAR_ACCENTS = {"¯", "‾", "ˉ", "―", "—", "-", "_", "\u0304", "\u0305", "−"}
_COMBINING = {
    "^": "\u0302", "ˆ": "\u0302", "~": "\u0303", "˜": "\u0303", "˙": "\u0307",
    ".": "\u0307", "¨": "\u0308", "→": "\u20d7", "⃗": "\u20d7", "ˇ": "\u030c",
    "´": "\u0301", "`": "\u0300",
}
_SILENT = {"annotation", "annotation-xml", "none", "mprescripts", "mphantom",
           "maligngroup", "malignmark"}
_TOKENS = {"mi", "mn", "mtext", "ms", "mglyph"}


def _local(el) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _kids(el) -> list:
    return [c for c in el if isinstance(c.tag, str) and _local(c) not in _SILENT]


def render(math_el) -> str:
    """Text of one ``<math>`` element (inline or display)."""
    kids = _kids(math_el)
    if not kids:
        return _tex_fallback(math_el)
    text = _node(math_el, tight=False)
    if not text.strip():
        return _tex_fallback(math_el)
    return tidy(text)


def tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"([(\[{]) ", r"\1", text)
    text = re.sub(r" ([)\]},;])", r"\1", text)
    return text


def is_reaction(text: str) -> bool:
    """A displayed equation that states a chemical reaction (it has a reaction arrow)."""
    return any(ch in ARROWS for ch in text)


def _chars(el) -> str:
    """Text under a token element; unexpanded entity references are dropped."""
    parts = [el.text or ""]
    for ch in el:
        if isinstance(ch.tag, str):
            parts.append(_chars(ch))
        parts.append(ch.tail or "")
    return "".join(parts)


def _text(el) -> str:
    s = _chars(el)
    if s and not s.strip():
        return " "
    return s.strip()


def _node(el, tight: bool) -> str:
    name = _local(el)
    if not name or name in _SILENT:
        return ""
    if name in _TOKENS:
        return _text(el)
    if name == "mo":
        return _text(el)
    if name == "mspace":
        return " "
    if name == "semantics":
        kids = _kids(el)
        return _node(kids[0], tight) if kids else ""
    if name in ("msub", "msup"):
        kids = _kids(el)
        if not kids:
            return ""
        return _script_base(kids[0], tight) + "".join(_node(k, True) for k in kids[1:2])
    if name == "msubsup":
        kids = _kids(el)
        if not kids:
            return ""
        return _script_base(kids[0], tight) + "".join(_node(k, True) for k in kids[1:3])
    if name in ("mover", "munder", "munderover"):
        return _under_over(el, name, tight)
    if name == "mfrac":
        kids = _kids(el)
        if len(kids) != 2:
            return _seq(kids, tight)
        return f"{_wrap(kids[0], tight)}/{_wrap(kids[1], tight)}"
    if name == "msqrt":
        inner = _seq(_kids(el), tight)
        return "√" + (inner if _is_atom(inner) else f"({inner})")
    if name == "mroot":
        kids = _kids(el)
        if len(kids) != 2:
            return _seq(kids, tight)
        base, idx = _node(kids[0], tight), _node(kids[1], True)
        return f"{idx}√" + (base if _is_atom(base) else f"({base})")
    if name == "mfenced":
        opener = el.get("open", "(")
        closer = el.get("close", ")")
        seps = el.get("separators", ",")
        seps = "".join(seps.split())
        parts = [_node(k, tight) for k in _kids(el)]
        out = parts[0] if parts else ""
        for i, p in enumerate(parts[1:]):
            sep = seps[min(i, len(seps) - 1)] if seps else ""
            out += (sep + " " if sep == "," else sep) + p
        return f"{opener}{out}{closer}"
    if name == "mtable":
        rows = []
        for row in _kids(el):
            cells = [tidy(_node(c, tight)) for c in _kids(row)]
            if _local(row) == "mlabeledtr" and cells:
                cells = cells[1:]  # the first cell of a labelled row is the equation number
            rows.append(" ".join(c for c in cells if c))
        return "; ".join(r for r in rows if r)
    if name == "mmultiscripts":
        kids = _kids(el)
        return "".join(_node(k, True if i else tight) for i, k in enumerate(kids))
    return _seq(_kids(el), tight)


def _script_base(el, tight: bool) -> str:
    base = _node(el, tight)
    return base


def _is_atom(text: str) -> bool:
    return bool(re.fullmatch(r"[\w.′'√]+", text.strip()))


def _wrap(el, tight: bool) -> str:
    text = tidy(_node(el, tight))
    if _is_atom(text) or (text.startswith("(") and text.endswith(")") and text.count("(") == 1):
        return text
    return f"({text})"


def _under_over(el, name: str, tight: bool) -> str:
    kids = _kids(el)
    if not kids:
        return ""
    base = _node(kids[0], tight)
    scripts = kids[1:]
    if name == "mover" and len(scripts) == 1:
        mark = _text(scripts[0])
        accent = el.get("accent", "").lower() == "true" or len(mark) == 1
        if accent and mark in _BAR_ACCENTS:
            stripped = base.strip()
            if re.fullmatch(r"\d", stripped):
                return "-" + stripped  # crystallographic overbar: R-3m
            return stripped + "\u0304"
        if accent and mark in _COMBINING:
            return base.strip() + _COMBINING[mark]
    # limits / stacked text (a reaction arrow with conditions above it):
    # base first, then the scripts in reading order, kept tight.
    return base + "".join(_node(s, True) for s in scripts)


def _seq(kids: list, tight: bool) -> str:
    parts: list[tuple[bool, str]] = []  # (is_operator, text)
    for k in kids:
        text = _node(k, tight)
        if text == "":
            continue
        parts.append((_local(k) == "mo", text))
    out: list[str] = []
    prev_meaningful: tuple[bool, str] | None = None
    for i, (is_op, text) in enumerate(parts):
        if text == " ":
            out.append(" ")
            continue
        op = text.strip()
        if is_op and not tight and op in _SPACED_OPS:
            unary = prev_meaningful is None or (prev_meaningful[0] and prev_meaningful[1] not in ")]}") \
                or prev_meaningful[1][-1:] in _OPENERS
            if unary and op in "+−-±∓":
                out.append(op)
            else:
                out.append(f" {op} ")
        elif is_op and not tight and op == ",":
            out.append(", ")
        else:
            out.append(text)
        prev_meaningful = (is_op, op)
    return "".join(out)


_TEX_SYMBOLS = {
    r"\to": "→", r"\rightarrow": "→", r"\leftrightarrow": "↔", r"\rightleftharpoons": "⇌",
    r"\times": "×", r"\cdot": "·", r"\pm": "±", r"\approx": "≈", r"\leq": "≤", r"\le": "≤",
    r"\geq": "≥", r"\ge": "≥", r"\neq": "≠", r"\alpha": "α", r"\beta": "β", r"\gamma": "γ",
    r"\delta": "δ", r"\Delta": "Δ", r"\pi": "π", r"\sigma": "σ", r"\tau": "τ", r"\nu": "ν",
    r"\mu": "μ", r"\omega": "ω", r"\theta": "θ", r"\lambda": "λ", r"\infty": "∞",
    r"\circ": "°", r"\prime": "′",
}


def _tex_fallback(math_el) -> str:
    """Best effort for math that only carries a TeX annotation."""
    tex = ""
    for node in math_el.iter():
        if _local(node) == "annotation" and "tex" in (node.get("encoding") or "").lower():
            tex = "".join(node.itertext())
            break
    if not tex:
        return ""
    s = re.sub(r"\\(begin|end)\{[^}]*\}(\{[^}]*\})?", " ", tex)
    s = re.sub(r"\\bar\{?(\d)\}?", r"-\1", s)
    s = re.sub(r"\\frac\{([^{}]*)\}\{([^{}]*)\}", r"(\1)/(\2)", s)
    for cmd, ch in sorted(_TEX_SYMBOLS.items(), key=lambda kv: -len(kv[0])):
        s = re.sub(re.escape(cmd) + r"(?![A-Za-z])", ch, s)
    s = re.sub(r"\\(rm|mathrm|text|mathit|mathbf|left|right|displaystyle|limits)(?![A-Za-z])", "", s)
    s = re.sub(r"\\[,;:! ]|~", " ", s)
    s = re.sub(r"\\[\[\]()]", " ", s)
    s = re.sub(r"\\[A-Za-z]+", "", s)
    s = s.replace("$", "").replace("{", "").replace("}", "").replace("^", "").replace("_", "")
    s = s.replace("&", " ").replace("\\\\", " ")
    return tidy(s)


def render_string(xml: str) -> str:
    """Render a MathML snippet given as text (handy for tests and tools)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return render(etree.fromstring(xml.encode("utf-8"), parser))
