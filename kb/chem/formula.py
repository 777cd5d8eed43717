"""Chemical formulas: parse, validate, compare as element fractions.

Grammar (after :func:`kb.chem.flatten`)::

    formula  := part ("·" coeff? part)*           hydrates / adducts: CuSO4·5H2O, ·nH2O
    part     := group+ charge?                     Na+, S2-, Fe3+ (flagged, not an element)
    group    := (Element | "(" part ")" | "[" part "]") amount?
    amount   := term (("+" | "-") term)*           2, 0.33, 2/3, x, 2x, 1-x, 2-x, 1+x, 1-x-y
    term     := number variable? | variable        variables: x y z δ (and n in hydrates)

Amounts are kept as exact linear expressions (``Fraction`` coefficients) so that
variable formulas compare symbolically: ``NaxBi2S3`` = ``Bi2S3Nax``, and
``Na2xBi4S6`` = ``NaxBi2S3`` (a formula is a ratio, so it is scaled by the sum
of its constant terms, which for variable-free formulas is exactly "element
fractions normalised to 1").

Decimals that authors use for thirds and sixths (``0.33``, ``0.67``, ``0.333``,
``0.167`` ...) are read as the fraction they stand for, so ``Bi0.33Sb0.67`` =
``Bi1/3Sb2/3`` = ``Sb0.67Bi0.33``; ``0.66`` and ``0.17`` are left alone because
real compositions use them literally. After that, element fractions are compared
with a tolerance of 1e-3 *relative* to the fraction, and keys carry 4 significant
digits: an absolute 1e-3 would merge the dopant levels a doping study compares
(Ti0.01 and Ti0.02 in Na3V2-yTiy(PO4)3 differ by 5e-4 as fractions).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache, lru_cache

from kb.chem.elements import elements, is_element
from kb.chem.flatten import flatten

VARIABLES = frozenset("xyzδ")
HYDRATE_VARIABLES = frozenset("nxyz")
TOLERANCE = 1e-3  # relative, per element fraction
SIGNIFICANT = 4  # digits of an element fraction in a key
MAX_Z = 94  # plutonium: heavier elements are synthetic and never in an electrode
MAX_INTEGER = 200  # largest plausible integer stoichiometry (C60, NaC64, Li7La3Zr2O12 ...)
# A variable amount written in brackets after an element ("SiO(x)"): the amount itself.
_BRACKETED_VARIABLE = re.compile(r"(?<=[A-Za-z])\(([xyzδ])\)")
_SHAPE = re.compile(r"^[A-Z(\[][A-Za-z0-9().\[\]/+\-·δ^ ]*$")
_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")
_LABEL_GROUP = re.compile(r"\((?:[IVX]+|[A-Z])\)(?![\d.xyzδ])")
# Fractional digits that stand for k/3 or k/6 when written as decimals.
_THIRDS = {"33": Fraction(1, 3), "333": Fraction(1, 3), "3333": Fraction(1, 3),
           "67": Fraction(2, 3), "667": Fraction(2, 3), "6667": Fraction(2, 3),
           "167": Fraction(1, 6), "1667": Fraction(1, 6), "833": Fraction(5, 6),
           "8333": Fraction(5, 6)}
_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:/\d+)?")
_CHARGE = re.compile(r"\^?(\d?)([+-])$")


class Amount:
    """An exact linear expression ``c + a·x + b·y ...`` (variable '' is the constant)."""

    __slots__ = ("terms",)

    def __init__(self, terms: dict[str, Fraction] | None = None):
        self.terms = {k: v for k, v in (terms or {}).items() if v != 0}

    @classmethod
    def const(cls, v: Fraction | int) -> "Amount":
        return cls({"": Fraction(v)})

    def __add__(self, other: "Amount") -> "Amount":
        t = dict(self.terms)
        for k, v in other.terms.items():
            t[k] = t.get(k, Fraction(0)) + v
        return Amount(t)

    def scale(self, f: Fraction) -> "Amount":
        return Amount({k: v * f for k, v in self.terms.items()})

    @property
    def constant(self) -> Fraction:
        return self.terms.get("", Fraction(0))

    @property
    def variables(self) -> set[str]:
        return {k for k in self.terms if k}

    def is_const(self) -> bool:
        return not self.variables

    def close_to(self, other: "Amount", tol: float = TOLERANCE) -> bool:
        """Every coefficient equal within ``tol`` relative to the larger of the two."""
        for k in set(self.terms) | set(other.terms):
            a, b = float(self.terms.get(k, 0)), float(other.terms.get(k, 0))
            if abs(a - b) > tol * max(abs(a), abs(b)):
                return False
        return True

    def text(self) -> str:
        """Stable rendering, 4 significant digits: ``0.4``, ``(0.4-0.2x)``."""
        parts = []
        for var in sorted(self.terms, key=lambda k: (k != "", k)):
            c = _num(self.terms[var])
            if var:
                c = "" if c == "1" else "-" if c == "-1" else c
            parts.append(f"{c}{var}")
        if not parts:
            return "0"
        s = "+".join(parts).replace("+-", "-")
        return s if self.is_const() else f"({s})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Amount) and self.terms == other.terms

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.terms.items())))

    def __repr__(self) -> str:
        return f"Amount({self.text()})"


def _num(v: Fraction) -> str:
    """Four significant digits: keeps 0.0005 (a dopant) apart from 0.001, and 1/3 stable."""
    x = float(v)
    if x == 0:
        return "0"
    places = max(SIGNIFICANT - 1 - math.floor(math.log10(abs(x))), 0)
    s = f"{round(x, places):.{places}f}"
    s = s.rstrip("0").rstrip(".") if "." in s else s
    return "0" if s in ("-0", "") else s


@dataclass(frozen=True)
class Composition:
    """A parsed formula: element -> amount, plus what the grammar flagged."""

    formula: str  # the flattened text that was parsed
    amounts: dict[str, Amount]
    charge: int = 0
    hydrate: bool = False
    element_order: tuple[str, ...] = field(default=(), compare=False)

    @property
    def elements(self) -> tuple[str, ...]:
        return tuple(sorted(self.amounts))

    @property
    def variables(self) -> set[str]:
        out: set[str] = set()
        for a in self.amounts.values():
            out |= a.variables
        return out

    @property
    def is_ion(self) -> bool:
        return self.charge != 0

    def fractions(self) -> dict[str, Amount]:
        """Amounts divided by the sum of the constant terms (element fractions when no variables)."""
        total = sum((a.constant for a in self.amounts.values()), Fraction(0))
        if total <= 0:
            total = Fraction(1)
        return {el: a.scale(1 / total) for el, a in self.amounts.items()}

    def key(self) -> str:
        """Canonical text: elements in alphabetical order with their fractions (4 significant digits)."""
        fr = self.fractions()
        s = "".join(f"{el}{fr[el].text()}" for el in sorted(fr))
        if self.charge:
            mag = abs(self.charge)
            s += f"^{mag if mag != 1 else ''}{'+' if self.charge > 0 else '-'}"
        return s

    def almost_equal(self, other: "Composition", tol: float = TOLERANCE) -> bool:
        if set(self.amounts) != set(other.amounts) or self.charge != other.charge:
            return False
        a, b = self.fractions(), other.fractions()
        return all(a[el].close_to(b[el], tol) for el in a)


class _Fail(Exception):
    pass


class _Parser:
    def __init__(self, s: str, variables: frozenset[str] = VARIABLES):
        self.s = s
        self.i = 0
        self.vars = variables
        self.order: list[str] = []

    def peek(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def parse_part(self, closer: str = "") -> dict[str, Amount]:
        total: dict[str, Amount] = {}
        n = 0
        while self.i < len(self.s) and self.peek() != closer:
            group = self.parse_group()
            amount = self.parse_amount()
            mult = amount if amount is not None else Amount.const(1)
            for el, a in group.items():
                total[el] = total.get(el, Amount()) + _multiply(a, mult)
            n += 1
        if n == 0:
            raise _Fail("empty")
        return total

    def parse_group(self) -> dict[str, Amount]:
        c = self.peek()
        if c in "([":
            closer = ")" if c == "(" else "]"
            self.i += 1
            inner = self.parse_part(closer)
            if self.peek() != closer:
                raise _Fail("unbalanced")
            self.i += 1
            return inner
        if c.isupper() and c.isascii():
            two = self.s[self.i:self.i + 2]
            if len(two) == 2 and two[1].islower() and is_element(two):
                self.i += 2
                self.order.append(two)
                return {two: Amount.const(1)}
            if is_element(c):
                self.i += 1
                self.order.append(c)
                return {c: Amount.const(1)}
        raise _Fail(f"unexpected {c!r}")

    def parse_term(self) -> Amount | None:
        m = _NUMBER.match(self.s, self.i)
        coef: Fraction | None = None
        if m:
            coef = _number(m.group())
            self.i = m.end()
        c = self.peek()
        if c in self.vars:
            # A variable must not be the first letter of a lower-case word ("xylene").
            nxt = self.s[self.i + 1:self.i + 2]
            if not (nxt.isalpha() and nxt.islower() and nxt not in self.vars):
                self.i += 1
                return Amount({c: coef if coef is not None else Fraction(1)})
        if coef is None:
            return None
        return Amount.const(coef)

    def parse_amount(self) -> Amount | None:
        first = self.parse_term()
        if first is None:
            return None
        total = first
        while self.peek() in ("+", "-") and self.peek():
            save = self.i
            sign = -1 if self.peek() == "-" else 1
            self.i += 1
            t = self.parse_term()
            if t is None:  # "-" belongs to something else (a charge, a hyphenated name)
                self.i = save
                break
            total = total + t.scale(Fraction(sign))
        return total


def _multiply(a: Amount, m: Amount) -> Amount:
    """Product of amounts; a product of two variable terms is not linear: rejected."""
    if m.is_const():
        return a.scale(m.constant)
    if a.is_const():
        return m.scale(a.constant)
    raise _Fail("non-linear amount")


def _number(text: str) -> Fraction:
    if "/" in text:
        num, den = text.split("/")
        if int(den) == 0:
            raise _Fail("zero denominator")
        return Fraction(_number(num)) / int(den)
    if "." in text:
        whole, frac = text.split(".")
        if frac in _THIRDS:
            return int(whole) + _THIRDS[frac]
    return Fraction(text)


def _parse_charge(s: str) -> tuple[str, int]:
    m = _CHARGE.search(s)
    if not m or m.start() == 0:
        return s, 0
    base = s[:m.start()]
    # "1-x" style amounts never end with a bare sign, so a trailing sign is a charge,
    # unless the base itself ends with a sign ("Na2-" is garbage, rejected by the parser).
    mag = int(m.group(1)) if m.group(1) else 1
    return base, mag if m.group(2) == "+" else -mag


@lru_cache(maxsize=1 << 18)  # bounded: names repeat, but a big corpus has many
def _parse_cached(s: str) -> Composition | None:
    if not s or " " in s or len(s) > 120:
        return None
    pieces = s.split("·")
    try:
        amounts: dict[str, Amount] = {}
        order: list[str] = []
        charge = 0
        for k, piece in enumerate(pieces):
            mult = Amount.const(1)
            if k > 0:
                p = _Parser(piece, HYDRATE_VARIABLES)
                coef = p.parse_amount()
                if coef is not None:
                    mult = coef
                piece = piece[p.i:]
            else:
                piece, charge = _parse_charge(piece)
            p = _Parser(piece)
            part = p.parse_part()
            if p.i != len(piece):
                return None
            order += p.order
            for el, a in part.items():
                amounts[el] = amounts.get(el, Amount()) + _multiply(a, mult)
    except (_Fail, ValueError, ZeroDivisionError):
        return None
    if not amounts or any(not a.terms for a in amounts.values()):
        return None
    if any(a.constant < 0 for a in amounts.values()):
        return None
    return Composition(s, amounts, charge, len(pieces) > 1, tuple(dict.fromkeys(order)))


def parse_formula(text: str, strict: bool = True) -> Composition | None:
    """The composition of ``text`` if it is a formula over real elements, else None.

    ``strict`` (the default) also rejects what parses but is not plausibly a formula
    (:func:`implausible`): ``CV``, ``ICP``, ``CNTs``, ``SU8010``. ``strict=False`` is
    the bare grammar. Single elements are formulas here; :func:`is_formula` decides
    whether a lone element in running text counts.
    """
    s = flatten(text or "")
    if not _SHAPE.match(s):  # cheap exit for ordinary words
        return None
    if "(" in s and _BRACKETED_VARIABLE.search(s):
        s = _BRACKETED_VARIABLE.sub(r"\1", s)  # "SiO(x)" is SiOx
    if "·" in s:
        s = re.sub(r"\s*·\s*", "·", s)
    comp = _parse_cached(s)
    if comp is None or (strict and implausible(s, comp)):
        return None
    return comp


def implausible(s: str, comp: Composition) -> str | None:
    """Why a token that parses is still not a formula, or None.

    All-capital tokens without digits (``CV``, ``ICP``, ``SIB``, ``FIB``, ``NVPF``,
    ``ON``, ``HOW``) are abbreviations unless the common-names list vouches for them
    (``BN``, ``KOH``); so are plural abbreviations (``CNTs`` would be C-N-Ts); no
    electrode holds an element heavier than Pu; integers above 200 or with a leading
    zero are catalogue numbers or a formula glued to a citation number (``SnS2116``);
    a lone capital or Roman numeral in brackets is a label (``Fe(III)``, ``TiO2(B)``);
    a token the common-names list knows as a name (``NaFSI``, ``LiBOB``) is that name.
    """
    if _PLURAL_ACRONYM.match(s):
        return "plural abbreviation"
    if _LABEL_GROUP.search(s):
        return "parenthesised label"  # Fe(III) is an oxidation state, TiO2(B) a polymorph
    if any(elements()[el][1] > MAX_Z for el in comp.amounts):
        return "element heavier than Pu"
    if any(len(n) > 1 and n.startswith("0") or int(n) > MAX_INTEGER
           for n in re.findall(r"(?<![.\d/])\d+(?![.\d])", s)):
        return "implausible integer"
    from kb.chem.names import known_name
    if known_name(s):
        return "known by name"  # NaFSI, LiBOB: salt abbreviations that happen to parse
    letters = re.sub(r"[^A-Za-z]", "", s)
    if letters.isupper() and not re.search(r"\d", s) and len(letters) >= 2:
        from kb.chem.names import known_formulas
        if s.rstrip("+-") not in known_formulas():
            return "all-capital abbreviation"
    return None


# Capitalised English words that are also element symbols: never formulas on their own.
_WORD_ELEMENTS = frozenset({"In", "As", "At", "Be", "He", "I", "No", "Ho", "Pa", "Po", "Re",
                            "Ta"})


def is_formula(token: str, allow_single_element: bool = False) -> bool:
    """Whether a token of running text is plausibly a chemical formula.

    :func:`parse_formula` (strict) must accept it; a single element (``Sb``, ``P4``)
    counts only when the caller allows it, and even then not the English words
    ``In``, ``As``, ``I``, ``No``, ``He``, ``Be``, ``At``; an element followed by
    a bare variable letter (``Hey``, ``Sex``) is a word, not Se_x.
    """
    s = flatten(token or "").strip()
    comp = parse_formula(s)
    if comp is None:
        return False
    if len(comp.amounts) < 2:
        if not allow_single_element or s in _WORD_ELEMENTS:
            return False
        if comp.variables and not re.search(r"\d", s):
            return False
    return True
