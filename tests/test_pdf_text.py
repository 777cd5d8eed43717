"""PDF-text parser: the two real review papers (read from ../shared) plus small
fixtures written by us for layout cases the real papers do not show."""
from __future__ import annotations

import re

import pytest

from parsers.pdf_text import parse_text
from schemas.article import SourceFormat
from tests.conftest import real_paper

MINUS = "\u2212"


@pytest.fixture(scope="session")
def acs():
    path = real_paper("002")
    return parse_text(path.read_text(encoding="utf-8"), path)


@pytest.fixture(scope="session")
def ees():
    path = real_paper("003")
    return parse_text(path.read_text(encoding="utf-8"), path)


def _paragraphs(art):
    return [p for _, s in art.walk_sections() for p in s.paragraphs]


def _all_text(art):
    return [t for _, t in art.iter_text_blocks()]


def _section(art, label):
    return next(s for _, s in art.walk_sections() if s.label == label)


# ------------------------------------------------------------- metadata ---

def test_acs_metadata(acs):
    assert acs.id.startswith("002")
    assert acs.source_format is SourceFormat.PDF_TEXT
    assert acs.title == "Spatial and Temporal Analysis of Sodium-Ion Batteries"
    assert acs.doi == "10.1021/acsenergylett.1c01868"
    assert acs.journal == "ACS Energy Lett."
    assert acs.year == 2021
    names = [a.name for a in acs.authors]
    assert names[0] == "Dewen Hou" and names[-1] == "Hui Xiong" and len(names) == 10
    lin = next(a for a in acs.authors if a.name == "Feng Lin")
    assert lin.email == "fenglin@vt.edu"
    assert any("Virginia Tech" in aff for aff in lin.affiliations)


def test_ees_metadata(ees):
    assert ees.title == ("A mechanistic study of electrode materials for rechargeable batteries "
                         "beyond lithium ions by in situ transmission electron microscopy")
    assert ees.doi == "10.1039/d0ee03295f"
    assert ees.journal == "Energy Environ. Sci."
    assert ees.year == 2021
    names = [a.name for a in ees.authors]
    assert names == ["Muhammad Yousef", "Ufra Naseer", "Yiju Li", "Zeeshan Ali", "Nasir Mahmood",
                     "Lei Wang", "Peng Gao", "Shaojun Guo"]
    assert any("Peking University" in aff for aff in ees.authors[0].affiliations)


def test_abstracts(acs, ees):
    assert len(acs.abstracts) == 1
    a = acs.abstracts[0].text
    assert a.startswith("As a promising alternative to the market-leading lithium-ion batteries")
    # the abstract was broken across a page as "spectros-" | "copy"
    assert "Through the combination of spectroscopy, imaging, and diffraction" in a
    assert a.endswith("followed by elaborative discussions of major challenges and perspectives.")
    e = ees.abstracts[0].text
    assert e.startswith("Understanding the fundamental mechanisms of advanced electrode materials")
    assert e.endswith("along with the most feasible electrode design.")


# ------------------------------------------------------------- sections ---

def test_acs_sections(acs):
    assert [s.title for s in acs.sections] == [
        "Introduction", "IN SITU TEM", "IN SITU/OPERANDO XRD", "IN SITU/OPERANDO XAS",
        "IN SITU/OPERANDO X-RAY SPECTROSCOPIC IMAGING AND TOMOGRAPHY", "IN SITU/OPERANDO PDF"]
    assert [s.label for s in acs.sections[1:]] == ["1", "2", "3", "4", "5"]
    xas = acs.sections[3]
    assert [(s.label, s.title) for s in xas.subsections] == [
        ("3.1", "In situ/Operando hXAS"), ("3.2", "sXAS for Surface Studies")]
    assert [s.title for s in xas.subsections[0].subsections] == [
        "Intercalation Reactions", "Alloying Reactions", "Conversion Reactions"]
    # run-in heading: "1.1. Intercalation Reactions. Carbonaceous materials are ..."
    s11 = _section(acs, "1.1")
    assert s11.title == "Intercalation Reactions"
    assert s11.paragraphs[0].text.startswith("Carbonaceous materials are the most studied intercalation anodes")
    # the paper's first page has a drop cap: "ithium-ion" is repaired
    assert acs.sections[0].paragraphs[0].text.startswith("Lithium-ion batteries (LIBs) are dominant")


def test_ees_sections(ees):
    assert [s.title for s in ees.sections] == [
        "Introduction",
        "Fundamentals and development of in situ TEM for rechargeable batteries",
        "Electrode materials used for H-AIBs and associated challenges undermined by in situ TEM",
        "Real-time dynamic studies in Li–S batteries",
        "Real-time electrode behavior in alkali-metal oxygen batteries",
        "All solid-state batteries",
        "Summary and outlook"]
    assert [s.label for s in ees.sections] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [s.title for s in ees.sections[4].subsections] == [
        "Li-O2 batteries", "Na-O2 batteries", "K-O2 batteries"]
    s312 = _section(ees, "3.1.2")
    assert s312.title == "Volume and microstructural variations in alloying materials"
    assert s312.paragraphs[0].text.startswith("The alloying-type reaction takes place via direct bonding")
    assert _section(ees, "2.6.1").title == "Environmental TEM"
    assert _section(ees, "2.1").title == "Ionic liquid open cell design"


def test_numbered_list_items_are_not_headings(ees):
    titles = [s.title for _, s in ees.walk_sections()]
    assert not any(t.startswith(("The in situ cell design", "An electron beam")) for t in titles)
    summary = ees.sections[-1]
    assert any(p.text.startswith("(1) The in situ cell design for TEM") for p in summary.paragraphs)


# ---------------------------------------------------- captions and flow ---

def test_captions(acs, ees):
    assert [c.label for c in acs.captions] == [f"Figure {i}" for i in range(1, 24)]
    assert [c.label for c in ees.captions] == [f"Figure {i}" for i in range(1, 21)]
    c6 = next(c for c in ees.captions if c.label == "Figure 6")
    assert c6.text.startswith("Alloying reactions in various alloying electrodes")
    assert c6.section == "Reversibility of the conversion reaction and stability of the SEI"
    c3 = next(c for c in acs.captions if c.label == "Figure 3")
    assert c3.text == ("Schematic of in situ TEM experimental configurations: (a) open-cell setup "
                       "and (b) sealed liquid-cell setup.")
    # captions are out of the body
    assert not any(p.text.startswith(("Figure ", "Fig. ")) for p in _paragraphs(acs) + _paragraphs(ees))


def test_sentence_split_by_caption_is_whole(ees):
    sentence = ("Taking into account the larger size of the Na ion than the Li ion, the behavior and "
                "characteristics of sodiation conversion reactions are distinct from those of the "
                "intensively reported Li ions.")
    hits = [p for p in _paragraphs(ees) if sentence in p.text]
    assert len(hits) == 1
    assert hits[0].citations[:3] == ["104", "105", "106"]


def test_sentence_split_by_page_and_pull_quote_is_whole(acs):
    texts = [p.text for p in _paragraphs(acs)]
    assert any("Local information includes disorder, defects, orientation, and heterogeneity" in t
               for t in texts)
    assert any("Identification of phases and phase fractions as well as stoichiometry" in t for t in texts)
    # the pull quote survives as its own paragraph, the duplicated one is dropped
    assert any(t.startswith("From the standpoint of materials science and chemistry") for t in texts)
    assert sum("Understanding the chemical and structural heterogeneity" in t for t in texts) == 1


# ------------------------------------------------------- text cleanliness ---

_LEFTOVER = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹₀-₉]|\$|\\[A-Za-z]|[_^]\{|\^|\*|</?[a-z]+>|https?://|"
                       r"\b(?:Received|Accepted|Published):|Cite this|rsc\.li|pubs\.acs\.org|E-mail")


@pytest.mark.parametrize("which", ["acs", "ees"])
def test_no_markup_or_furniture_left(which, request):
    art = request.getfixturevalue(which)
    bad = [(t[max(0, m.start() - 30):m.end() + 30]) for t in _all_text(art) for m in _LEFTOVER.finditer(t)]
    assert bad == []
    # no citation marker glued to a word ("batteries.12", "al.40")
    assert not any(re.search(r"[a-z]{3}\.\d", t) for t in _all_text(art))
    # author affiliations and acknowledgements are not body text
    body = " ".join(p.text for p in _paragraphs(art))
    assert "Peking University" not in body and "Boise State University" not in body
    assert "Award Number" not in body and "grateful for the financial support" not in body
    assert "is a graduate student" not in body  # biographies


def test_citations_recorded(acs):
    p = next(p for p in _paragraphs(acs) if "began around the same time in the 1970s" in p.text)
    assert "early 1980s. Since the commercialization" in p.text
    assert p.citations[:4] == ["1", "2", "3", "4"]


def test_chemistry_intact(acs, ees):
    a, e = " ".join(_all_text(acs)), " ".join(_all_text(ees))
    assert "disperse within Na2O matrix" in a
    assert f"2596 mAh g{MINUS}1 for P" in a
    assert "direct observation of the Na+ migration pathway" in a
    assert "the orthorhombic α-MoO3 transforms to amorphous NaxMoO3" in a
    assert f"284 mA h g{MINUS}1 at 20 mA g{MINUS}1" in e
    assert f"with a mass loading of 2 mg cm{MINUS}2" in e
    assert f"a high vacuum of ~10{MINUS}5 Pa" in e
    assert "the reversible phase was Li1.3FeS2)" in e
    assert "Ca2+, Mg2+ and Al3+" in e


def test_table(ees, acs):
    assert acs.tables == []
    assert len(ees.tables) == 1
    t = ees.tables[0]
    assert t.label == "Table 1"
    assert t.caption == "In situ TEM findings in rechargeable batteries"
    assert t.header == ["Battery systems", "In situ TEM discoveries"]
    assert [r[0] for r in t.rows] == ["SIBs", "KIBs and multi-ion batteries", "Li-S batteries",
                                      "Li-O2 batteries", "Na-O2 batteries", "K-O2 batteries", "ASSBs"]
    assert all(len(r) == 2 for r in t.rows)
    assert t.rows[0][1].startswith("Intercalation based materials: the charge storage mechanism")
    assert not any(re.search(r"</?[a-z]+>|\^\{", c) for r in t.rows for c in r)
    assert t.section == "Summary and outlook"


def test_references(acs, ees):
    assert len(acs.references) == 239  # (86) is missing from the converted text
    r1 = acs.references[0]
    assert (r1.label, r1.authors, r1.year, r1.journal) == ("1", ["Whittingham, M. S."], 1976, "Science")
    assert r1.title == "Electrical Energy Storage and Intercalation Chemistry"
    assert r1.volume == "192" and r1.pages == "1126–1127"
    r12 = next(r for r in acs.references if r.label == "12")  # glued on one line after (11)
    assert r12.authors == ["Eftekhari, A."] and r12.year == 2019
    r141 = next(r for r in acs.references if r.label == "141")
    assert r141.doi == "10.1007/978-3-662-44362-0"
    assert len(ees.references) == 208
    e1 = ees.references[0]
    assert e1.authors == ["S. Chu", "Y. Cui", "N. Liu"]
    assert (e1.journal, e1.year, e1.volume, e1.pages) == ("Nat. Mater.", 2016, "16", "16–22")
    assert [r.label for r in ees.references] == [str(i) for i in range(1, 209)]


def test_back_matter(acs, ees):
    titles = [s.title for s in acs.back_matter]
    assert "ACKNOWLEDGMENTS" in titles and "Biographies" in titles and "Author Contributions" in titles
    bios = next(s for s in acs.back_matter if s.title == "Biographies")
    assert len(bios.paragraphs) == 10
    ack = next(s for s in ees.back_matter if s.title == "Acknowledgements")
    assert len(ack.paragraphs) == 1  # rejoined across the page break
    assert "Distinguished Young Scholars (52025133)" in ack.paragraphs[0].text


# ------------------------------------------- fixtures written by us ---

_SMALL = """\
https://example.org/journal/xyz

Sodium storage in a layered oxide cathode

Ada Lovelace,^{a} Alan Turing^{b*} and Grace Hopper^{a}

ABSTRACT: We study a layered oxide by *in situ* XRD and find a reversible P2–O2 transition \
with 120 mA h g⁻¹ capacity.

KEYWORDS: sodium-ion battery; layered oxide; in situ XRD

## 1. Introduction

Layered oxides are attractive cathodes.¹⁻³ Their phase transitions limit the cycle life of the

Received: May 1, 2022 Accepted: June 2, 2022

Figure 1. Structure of the P2 phase viewed along the [001] direction.

cells, which is why doping was tried [4].

2. Results

1. The first item of a numbered list is not a heading.

2.1. Cycling. The electrode retained 90% of its capacity after 100 cycles at 1C.²

Scheme 1. Reaction pathway: NaMO₂ → Na₁₋ₓMO₂ + xNa⁺.

Table 1. Capacities.

Material\tCapacity
<p>Na<sub>2/3</sub>MnO<sub>2</sub></p>\t<p>150 mA h g<sup>−1</sup></p>

ACKNOWLEDGMENTS

We thank the beamline staff.

REFERENCES

(1) Doe, J.; Roe, R. A Layered Oxide. *J. Test. Chem.* **2020**, *5*, 1–10. (2) Poe, E. Another Title. \
*Chem. Mater.* **2019**, *31* (2), 100–110.
(3) Moe, A. Third Paper. *Nano Lett.* **2018**, *18*, 5–9. DOI: 10.1021/acs.nanolett.8b00001.
(4) Loe, B. Fourth. *Nano Energy* **2017**, *1*, 1.
"""


@pytest.fixture(scope="module")
def small():
    return parse_text(_SMALL, "/tmp/small_paper.txt")


def test_small_fixture_metadata(small):
    assert small.id == "small_paper"
    assert small.title == "Sodium storage in a layered oxide cathode"
    assert [a.name for a in small.authors] == ["Ada Lovelace", "Alan Turing", "Grace Hopper"]
    assert small.keywords == ["sodium-ion battery", "layered oxide", "in situ XRD"]
    assert small.year == 2022
    assert small.abstracts[0].text.endswith(f"with 120 mA h g{MINUS}1 capacity.")


def test_small_fixture_structure(small):
    assert [(s.label, s.title) for s in small.sections] == [("1", "Introduction"), ("2", "Results")]
    intro = small.sections[0].paragraphs
    assert len(intro) == 1
    assert intro[0].text == ("Layered oxides are attractive cathodes. Their phase transitions limit the "
                             "cycle life of the cells, which is why doping was tried.")
    assert intro[0].citations == ["1", "2", "3", "4"]
    results = small.sections[1]
    assert results.paragraphs[0].text.startswith("1. The first item of a numbered list")
    assert [(s.label, s.title) for s in results.subsections] == [("2.1", "Cycling")]
    assert results.subsections[0].paragraphs[0].citations == ["2"]
    assert [c.label for c in small.captions] == ["Figure 1", "Scheme 1"]
    assert small.captions[0].text == "Structure of the P2 phase viewed along the [001] direction."
    assert small.captions[1].text == f"Reaction pathway: NaMO2 → Na1-xMO2 + xNa+."
    tab = small.tables[0]
    assert (tab.label, tab.caption, tab.header) == ("Table 1", "Capacities.", ["Material", "Capacity"])
    assert tab.rows == [["Na2/3MnO2", f"150 mA h g{MINUS}1"]]
    assert [s.title for s in small.back_matter] == ["ACKNOWLEDGMENTS"]
    assert [r.label for r in small.references] == ["1", "2", "3", "4"]
    assert small.references[2].doi == "10.1021/acs.nanolett.8b00001"
    assert small.references[1].journal == "Chem. Mater." and small.references[1].year == 2019


_PLAIN_NOTE = """\
# A plain note on sodium anodes

John Smith and Jane Doe

Short first paragraph about Na₂O formed on the anode surface.

Second paragraph, also short, with a sentence broken across a page that contin-

ues here and ends with a unit of 5 mA g⁻¹.

© 2019 Some Publisher
"""


def test_paper_without_headings_or_abstract_is_all_body():
    art = parse_text(_PLAIN_NOTE, "plain_note.txt")
    assert art.title == "A plain note on sodium anodes"
    assert [a.name for a in art.authors] == ["John Smith", "Jane Doe"]
    assert art.year == 2019 and art.abstracts == []
    assert [s.title for s in art.sections] == ["Introduction"]
    assert [p.text for p in art.sections[0].paragraphs] == [
        "Short first paragraph about Na2O formed on the anode surface.",
        "Second paragraph, also short, with a sentence broken across a page that continues here "
        f"and ends with a unit of 5 mA g{MINUS}1."]


def test_dispatcher_routes_text_to_this_parser(tmp_path):
    import parsers
    p = tmp_path / "note.txt"
    p.write_text(_PLAIN_NOTE * 3, encoding="utf-8")
    art = parsers.parse(p)
    assert art.source_format is SourceFormat.PDF_TEXT and art.id == "note"


@pytest.mark.parametrize("garbage", ["$" * 5000, "^{" * 3000, "*" * 5000, "1. A\n" * 2000,
                                     "Figure 1. \n" * 500, "\t\t\n" * 500, "(1) (2) (3)\n" * 500])
def test_hostile_input_never_crashes(garbage):
    art = parse_text("Some title for a test paper\n\n" + garbage, "g.txt")
    assert art.id == "g"


def test_reference_list_without_heading_is_still_references():
    text = ("Title of a short communication here\n\nJ. Doe and R. Roe\n\n1. Results\n\n"
            "The anode works (Fig.3 A shows it).5 More text follows here.\n\n"
            "1 J. Doe, *Nano Lett.*, 2019, **19**, 1–5.\n2 R. Roe and J. Doe, *ACS Nano*, 2020, **14**, 10–20.\n"
            "3 A. Poe, *Nat. Energy*, 2021, **6**, 3–9.\n")
    art = parse_text(text, "comm.txt")
    assert [r.label for r in art.references] == ["1", "2", "3"]
    assert art.references[1].authors == ["R. Roe", "J. Doe"]
    paras = [p for _, s in art.walk_sections() for p in s.paragraphs]
    assert len(paras) == 1
    assert paras[0].text == "The anode works (Fig.3 A shows it). More text follows here."
    assert paras[0].citations == ["5"]


def test_headings_without_dot_after_the_number():
    text = ("A short paper with RSC style headings\n\nJ. Doe and R. Roe\n\n1 Introduction\n\n"
            "Sodium is abundant.\n\n2 Results and discussion\n\n2.1 Cycling\n\n"
            "3 mg of powder were mixed with carbon.\n\nThe cells were cycled at 1C.\n\n"
            "3 Conclusions\n\nIt works.\n")
    art = parse_text(text, "rsc.txt")
    assert [(s.label, s.title) for s in art.sections] == [
        ("1", "Introduction"), ("2", "Results and discussion"), ("3", "Conclusions")]
    assert [s.title for s in art.sections[1].subsections] == ["Cycling"]
    assert [p.text for p in art.sections[1].subsections[0].paragraphs] == [
        "3 mg of powder were mixed with carbon.", "The cells were cycled at 1C."]


@pytest.mark.parametrize("line", [
    "http://pubs.acs.org/journal/aelccp", "http://pubs.acs.org/journal/aelccp Review", "rsc.li/ees",
    "Received: September 1, 2021 Accepted: October 19, 2021", "Published: October 27, 2021",
    "Received 16th October 2020,", "ACS Energy Lett. 2021, 6, 4023−4054",
    "Energy Environ. Sci., 2021, 14, 2670–2707 | 2671", "2672 | Energy Environ. Sci., 2021, 14, 2670–2707",
    "This journal is © The Royal Society of Chemistry 2021", "© 2021 American Chemical Society",
    "4025", "View Article Online", "DOI: 10.1039/d0ee03295f", "E-mail: someone@example.org",
    "Cite this: *Energy Environ. Sci.*,",
])
def test_page_furniture_lines(line):
    from parsers.pdf_layout import is_furniture
    assert is_furniture(line)


@pytest.mark.parametrize("line", [
    "1. IN SITU TEM", "Sodium is abundant and cheap.", "2596 mAh g−1 for P was reported in 2021, 6 cycles",
    "Figure 3. Schematic of the cell.", "The 2021 review by Smith et al. covers this.",
])
def test_not_furniture(line):
    from parsers.pdf_layout import is_furniture
    assert not is_furniture(line)


def test_masthead_and_accented_authors():
    text = ("Energy & Environmental Science\n\nREVIEW\n\nA review of sodium anodes studied by operando methods\n\n"
            "Dorthe B. Ravnsbæk, José Müller-Lüdenscheidt and Jean-Marie Tarascon\n\n"
            "1. Introduction\n\nSodium is cheap.\n")
    art = parse_text(text, "mast.txt")
    assert art.title == "A review of sodium anodes studied by operando methods"
    assert art.journal == "Energy & Environmental Science"
    assert [a.name for a in art.authors] == ["Dorthe B. Ravnsbæk", "José Müller-Lüdenscheidt",
                                             "Jean-Marie Tarascon"]


def test_numbering_survives_lost_headings_but_rejects_list_items():
    text = ("Title of a paper with lost headings\n\nJ. Doe and R. Roe\n\n1. INTRODUCTION\n\nText one.\n\n"
            "5. RESULTS\n\nText two.\n\n9. This numbered sentence is a list item\n\n"
            "5.1. Cycling. The cells cycled well.\n")
    art = parse_text(text, "lost.txt")
    assert [(s.label, s.title) for s in art.sections] == [("1", "INTRODUCTION"), ("5", "RESULTS")]
    assert [s.label for s in art.sections[1].subsections] == ["5.1"]
    assert art.sections[1].paragraphs[1].text == "9. This numbered sentence is a list item"


def test_article_doi_beats_a_doi_quoted_in_the_text():
    text = ("A title about sodium anodes here\n\nJ. Doe and R. Roe\n\n1. Introduction\n\n"
            "Data are at https://doi.org/10.5281/zenodo.123 for all.\n\nNotes\n\n"
            "Complete contact information is available at: https://pubs.acs.org/10.1021/acsenergylett.2c00001\n\n"
            "REFERENCES\n\n(1) Doe, J. Title One. *Nano Lett.* **2020**, *1*, 1. DOI: 10.1021/nl000001.\n"
            "(2) Doe, J. Title Two. *Nano Lett.* **2021**, *2*, 2.\n(3) Doe, J. Title Three. *Nano Lett.* **2022**, *3*, 3.\n")
    art = parse_text(text, "doi.txt")
    assert art.doi == "10.1021/acsenergylett.2c00001"
    assert art.journal == "ACS Energy Lett."


def test_parse_is_deterministic(ees):
    path = real_paper("003")
    assert parse_text(path.read_text(encoding="utf-8"), path).model_dump_json() == ees.model_dump_json()
