"""Inline normalisation: every notation a converter emits ends as one plain spelling.

Fixture strings are written by us; they imitate the artifacts seen in PDF
converter output (Unicode scripts, inline LaTeX, HTML cells, markdown).
"""
from __future__ import annotations

import pytest

from parsers.text_normalize import (MINUS, Vocabulary, join_hyphenated, normalize_inline,
                                    normalize_text, repair_words)


def norm(s: str) -> str:
    return normalize_text(s)


@pytest.mark.parametrize("raw, expected", [
    ("a thin Na₂O layer", "a thin Na2O layer"),
    ("Co₉S₈ and Li₂S₈", "Co9S8 and Li2S8"),
    ("284 mA h g⁻¹ at 20 mA g⁻¹", f"284 mA h g{MINUS}1 at 20 mA g{MINUS}1"),
    ("2596 mAh g^{-1} for P", f"2596 mAh g{MINUS}1 for P"),
    (r"$\alpha\text{-MnO}_2$ nanowires", "α-MnO2 nanowires"),
    ("Li_{1.3}FeS_2 phase", "Li1.3FeS2 phase"),
    (r"expansion is \sim 326%, while", "expansion is ~326%, while"),
    (r"264 \times 264 pixels", "264 × 264 pixels"),
    (r"$TiO_2 + xNa \rightarrow Na_xTiO_2$", "TiO2 + xNa → NaxTiO2"),
    (r"$\mathrm{Na}_3\mathrm{V}_2(\mathrm{PO}_4)_3$", "Na3V2(PO4)3"),
    (r"$>1100\text{ }^{\circ}\text{C}$", ">1100 °C"),
    (r"a size of $1\ \mu\text{m}$ at", "a size of 1 μm at"),
    (r"Scale bar, $10 \,\mu$ m.", "Scale bar, 10 μm."),
    (r"$0 < x \leq 1$", "0 < x ≤ 1"),
    ("P2-Na $_{2/3}$ Ni $_{1/3}$ Mn $_{2/3}$ O $_2$ as Cathode", "P2-Na2/3Ni1/3Mn2/3O2 as Cathode"),
    ("Anatase TiO ₂ Anodes", "Anatase TiO2 Anodes"),
    ("*in situ* TEM and *ex situ* XRD", "in situ TEM and ex situ XRD"),
    ("volume **14**, and *s*XAS", "volume 14, and sXAS"),
    ("2,5-di-*tert*-butyl-1,4-benzoquinone", "2,5-di-tert-butyl-1,4-benzoquinone"),
    ("<p>In Li-O<sub>2</sub> cells, <i>in situ</i> TEM</p>", "In Li-O2 cells, in situ TEM"),
    ("Ca^{2+} , Mg^{2+} and Al^{3+}", "Ca2+, Mg2+ and Al3+"),
    ("SAED of Na^+ ion intercalated", "SAED of Na+ ion intercalated"),
    ("conversion-type α -MoO₃ electrode", "conversion-type α-MoO3 electrode"),
    ("sodiation/ desodiation cycles", "sodiation/desodiation cycles"),
    ("Dewen Hou,[§] Feng Lin,* and Hui Xiong*", "Dewen Hou, Feng Lin, and Hui Xiong"),
    ("see ![](img/fig1.png) the [ESI](https://example.org/esi) file", "see the ESI file"),
])
def test_flattening(raw, expected):
    assert norm(raw) == expected


@pytest.mark.parametrize("raw, expected, cites", [
    ("began in the early 1980s.¹⁻⁴ Since then", "began in the early 1980s. Since then", ["1", "2", "3", "4"]),
    ("open literature.⁵⁻⁷ Concerning", "open literature. Concerning", ["5", "6", "7"]),
    ("Wang et al.⁴⁰ determined", "Wang et al. determined", ["40"]),
    ("the interlayer spacing²⁴ increased", "the interlayer spacing increased", ["24"]),
    ("such as Sn,⁴¹ Sb,^{42,43} Ge,⁴⁴ and Bi,⁴⁵ have", "such as Sn, Sb, Ge, and Bi, have", ["41", "42", "43", "44", "45"]),
    ("the NiCo₂O₄, ⁵⁵ CuO, ⁵⁶⁻⁵⁸ and", "the NiCo2O4, CuO, and", ["55", "56", "57", "58"]),
    ("in Co_3O_4 ,^{49,50} NiO", "in Co3O4, NiO", ["49", "50"]),
    ("Sb⁹⁵ and ZnSb⁹⁸ were", "Sb and ZnSb were", ["95", "98"]),
    ("like SnS₂¹¹⁶ and ReS₂¹²² exhibit", "like SnS2 and ReS2 exhibit", ["116", "122"]),
    ("reactions.^{48–54} However", "reactions. However", ["48", "49", "50", "51", "52", "53", "54"]),
    ("black phosphorus.^{67,} Some", "black phosphorus. Some", ["67"]),
    ("as shown before [12]. Next [13,14]", "as shown before. Next", ["12", "13", "14"]),
    ("electrodes.29,30 Primary metrics", "electrodes. Primary metrics", ["29", "30"]),
    ("Muhammad Yousef,^{ab} Ufra Naseer,^c and Peng Gao^{ib*}", "Muhammad Yousef, Ufra Naseer, and Peng Gao", []),
    ("the Ni⁴⁺¹⁵⁰ couple", "the Ni4+ couple", ["150"]),
])
def test_citation_markers_removed_and_kept(raw, expected, cites):
    n = normalize_inline(raw)
    assert n.text == expected
    assert n.citations == cites


@pytest.mark.parametrize("raw, expected", [
    ("at 20 mA g⁻¹ and", f"at 20 mA g{MINUS}1 and"),
    ("a vacuum of 10⁻¹² Pa", f"a vacuum of 10{MINUS}12 Pa"),
    ("insertion of Na⁺ into", "insertion of Na+ into"),
    ("a loading of 2 mg cm²", "a loading of 2 mg cm2"),
    ("an area of 1 cm² and", "an area of 1 cm2 and"),
    ("Mg²⁺ and Al³⁺ ions", "Mg2+ and Al3+ ions"),
    ("about 10⁵ cycles", "about 105 cycles"),
    ("²³Na NMR spectra", "23Na NMR spectra"),
    ("from Co^{+1.78} to Co⁰", "from Co+1.78 to Co0"),
    ("the [NiO₆]⁹⁻ cluster", f"the [NiO6]9{MINUS} cluster"),
    ("along the [100] direction", "along the [100] direction"),
    ("the (PO_2)^{3-1} species", f"the (PO2)3{MINUS}1 species"),
])
def test_chemistry_and_units_are_not_citations(raw, expected):
    n = normalize_inline(raw)
    assert n.text == expected
    assert n.citations == []


def test_dehyphenation_uses_the_papers_vocabulary():
    vocab = Vocabulary.of("lithium lithium batteries Na-ion Na-ion in-situ X-ray electrolytes electrolytes")
    assert join_hyphenated("lithi-", "um metal", vocab) == "lithium metal"
    assert join_hyphenated("the Na-", "ion cell", vocab) == "the Na-ion cell"
    assert join_hyphenated("an in-", "situ cell", vocab) == "an in-situ cell"
    assert join_hyphenated("spectros-", "copy", None) == "spectroscopy"
    assert join_hyphenated("X-", "ray", None) == "X-ray"


def test_repair_words_rejoins_and_rehyphenates():
    vocab = Vocabulary.of("electrolytes electrolytes electrolytes sodium-ion sodium-ion lithium-ion")
    assert repair_words("solid electro-lytes interphase", vocab) == "solid electrolytes interphase"
    assert repair_words("low-cost Sodiumion batteries", vocab) == "low-cost Sodium-ion batteries"
    assert repair_words("a well-known co-worker", vocab) == "a well-known co-worker"
