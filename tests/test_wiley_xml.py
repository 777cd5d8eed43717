"""Wiley XML parser: real papers (../shared/corpus 000, 001, 004) + small fixtures written here."""
from __future__ import annotations

import re
from functools import lru_cache

import pytest

import parsers
from parsers import ParseError, mathml, wiley_xml
from schemas.article import AbstractKind, SourceFormat
from tests.conftest import real_paper

XML_PAPERS = ("000", "001", "004")


@lru_cache(maxsize=None)
def _parse_real(stem: str):
    return parsers.parse(real_paper(stem))


@pytest.fixture(scope="session")
def paper():
    return _parse_real


def _all_text(article):
    """Every text a reader or extractor would see, with where it came from."""
    for where, text in article.iter_text_blocks():
        yield where, text
    for tab in article.tables:
        for cell in tab.header + [c for row in tab.rows for c in row] + tab.footnotes:
            yield f"table {tab.label}", cell


def _body_paragraphs(article):
    return [p for _, s in article.walk_sections() for p in s.paragraphs]


# --------------------------------------------------------------------------
# real papers
# --------------------------------------------------------------------------
REAL = {
    "000": dict(
        doi="10.1002/smtd.202200995",
        title="Unraveling Atomic-Scale Origins of Selective Ionic Transport Pathways and "
              "Sodium-Ion Storage Mechanism in Bi2S3 Anodes",
        journal="Small Methods", year=2022,
        sections=["Introduction", "Results and Discussion", "Conclusions", "Experimental Section"],
        figures=6, references=44, authors=14,
        keywords=["Bi2S3", "in situ transmission electron microscopy", "ionic transport",
                  "phase transformation", "sodium-ion batteries"],
    ),
    "001": dict(
        doi="10.1002/advs.202201209",
        title="Structurally Durable Bimetallic Alloy Anodes Enabled by Compositional Gradients",
        journal="Advanced Science", year=2022,
        sections=["Introduction", "Results and Discussion", "Conclusion", "Experimental Section"],
        figures=6, references=29, authors=4,
        keywords=["bimetallic alloy", "electrochemical performance", "gradient electrode",
                  "sodium-ion batteries"],
    ),
    "004": dict(
        doi="10.1002/smll.202206340",
        title="Anion-Vacancy Modified WSSe Nanosheets on 3D Cross-Networked Porous Carbon "
              "Skeleton for Non-Aqueous Sodium-Based Dual-Ion Storage",
        journal="Small", year=2023,
        sections=["Introduction", "Results and Discussion", "Conclusion", "Experimental Section"],
        figures=7, references=56, authors=7,
        keywords=["anionic vacancies", "interconnected porous structure",
                  "non-aqueous dual-ion batteries", "sodium-ion batteries", "WSSe nanosheets"],
    ),
}


@pytest.mark.shared
@pytest.mark.parametrize("stem", XML_PAPERS)
def test_real_metadata(paper, stem):
    a, want = paper(stem), REAL[stem]
    assert a.source_format is SourceFormat.WILEY_XML
    assert a.id.startswith(stem)
    assert a.doi == want["doi"]  # the article's, not the journal's (ISSN) or the issue's
    assert a.title == want["title"]
    assert a.journal == want["journal"]
    assert a.year == want["year"]
    assert a.keywords == want["keywords"]
    assert len(a.authors) == want["authors"]
    assert all(au.affiliations for au in a.authors)


@pytest.mark.shared
@pytest.mark.parametrize("stem", XML_PAPERS)
def test_real_structure(paper, stem):
    a, want = paper(stem), REAL[stem]
    assert [s.title for s in a.sections] == want["sections"]
    assert [s.label for s in a.sections] == ["1", "2", "3", "4"]
    assert all(s.paragraphs or s.subsections for s in a.sections)
    assert len(a.captions) == want["figures"]
    assert [c.label for c in a.captions] == [f"Figure {i}" for i in range(1, want["figures"] + 1)]
    assert all(c.text and c.section == "Results and Discussion" for c in a.captions)
    assert a.tables == []  # none of the three papers has a table (countGroup tableTotal=0)
    assert len(a.references) == want["references"]
    assert [r.label for r in a.references] == [str(i) for i in range(1, want["references"] + 1)]
    kinds = [ab.kind for ab in a.abstracts]
    assert kinds == [AbstractKind.MAIN, AbstractKind.GRAPHICAL]
    assert all(len(ab.text) > 200 for ab in a.abstracts)


@pytest.mark.shared
def test_real_nested_sections(paper):
    # Wiley wraps the experimental subsections in untitled shells: they are hoisted.
    exp = paper("004").sections[3]
    assert [s.title for s in exp.subsections] == [
        "Synthesis of 3D Cross-Networked Porous Carbon Skeleton", "Synthesis of WSe2@CPCS",
        "Synthesis of WSSe@CPCS", "Material Characterizations", "Electrochemical Measurements",
        "DFT Computational Detail"]
    assert [s.title for s in paper("001").sections[3].subsections] == ["Synthesis of Bi0.33Sb0.67 Films"]


@pytest.mark.shared
@pytest.mark.parametrize("stem", XML_PAPERS)
def test_real_text_is_clean(paper, stem):
    a = paper(stem)
    bad = {
        # 1-2 digit numbers: "[001]" / "[110]" are Miller indices, not citations
        "citation marker": re.compile(r"\[\s*[1-9]\d?(\s*[,–-]\s*[1-9]\d?)*\s*\]|\[\s*\]|\(\s*\)"),
        "LaTeX": re.compile(r"\$|\\[A-Za-z]+|\\text|\\bar"),
        "markup": re.compile(r"</?[A-Za-z][\w:.-]*[\s/>]|&[a-z]+;"),
        "broken power of ten": re.compile(r"\b1 0[−-]\d"),
        "separator artifact": re.compile(r",\s*,|\s[,;.](?!\d)"),
        "sentinel": re.compile("[\ue000-\uf8ff]"),
        "double space": re.compile(r"\s{2,}"),
    }
    for where, text in _all_text(a):
        assert text == text.strip(), where
        for what, rx in bad.items():
            m = rx.search(text)
            assert not m, f"{stem} {where}: {what}: ...{text[max(0, m.start() - 40):m.end() + 40]}..."


@pytest.mark.shared
def test_real_chemistry_and_units_flattened(paper):
    body000 = " ".join(p.text for p in _body_paragraphs(paper("000")))
    assert "Bi2S3" in body000 and "NaBiS2" in body000 and "Na3Bi" in body000
    assert "Bi<sub>" not in body000
    assert "Bi2S3 + xNa+ + xe− → NaxBi2S3" in body000  # reaction written in the running text
    body001 = " ".join(p.text for p in _body_paragraphs(paper("001")))
    assert "328 mAh g−1 after 1000 cycles" in " ".join(ab.text for ab in paper("001").abstracts) + body001
    assert "5.44 × 10−12 cm2 s−1" in body001  # source has "1 0<sup>−12</sup>"
    assert "space group of R-3m." in body001  # inline MathML, rendered once
    assert "50 × 10−3 M Sb3+" in body001  # <sc>m</sc> is the molar M


@pytest.mark.shared
def test_real_displayed_reactions_follow_their_paragraph(paper):
    paras = [p.text for p in paper("004").sections[1].paragraphs]
    i = next(i for i, t in enumerate(paras) if t.endswith("expressed by the following equation"))
    assert paras[i + 1] == "WSSe + 4Na+ + 4e− → Na2Se + Na2S + W"
    assert paras[i + 2] == "Na2Se ↔ Se + 2Na+ + 2e−"
    assert paras[i + 3] == "Na2S ↔ S + 2Na+ + 2e−"
    # rate laws are not findings: out of the body, kept as back matter
    body = " ".join(p.text for p in _body_paragraphs(paper("004")))
    assert "log (i) = b log (ν) + log (a)" not in body
    eqs = next(s for s in paper("004").back_matter if s.title == "Display Equations")
    assert eqs.paragraphs[1].text == "(2) log (i) = b log (ν) + log (a)"


@pytest.mark.shared
@pytest.mark.parametrize("stem", XML_PAPERS)
def test_real_citations_recorded(paper, stem):
    a = paper(stem)
    labels = {r.label for r in a.references}
    cited = [c for p in _body_paragraphs(a) for c in p.citations]
    assert cited and set(cited) <= labels
    assert set(cited) >= labels - {r.label for r in a.references if not r.text}  # every entry is cited
    intro0 = a.sections[0].paragraphs[0]
    assert intro0.citations[:1] == ["1"]


@pytest.mark.shared
def test_real_citation_ranges_expand(paper):
    first = paper("000").sections[0].paragraphs[0]
    assert first.citations[:12] == [str(i) for i in range(1, 13)]  # "[1–12]" links to 12 bibs
    assert "gadgets. However" in first.text


@pytest.mark.shared
def test_real_references_fields(paper):
    ref = paper("000").references[0]
    assert ref.authors == ["Y. M. Sun", "N. Liu", "Y. Cui"]
    assert (ref.journal, ref.year, ref.volume, ref.pages) == ("Nat. Energy", 2016, "1", "16071")
    grouped = paper("001").references[0]  # one bib holding works a), b), c)
    assert grouped.text.startswith("a) J. Y. Hwang") and "c) X. Zhu" in grouped.text
    assert grouped.pages == "3529"


@pytest.mark.shared
@pytest.mark.parametrize("stem", XML_PAPERS)
def test_real_back_matter_separated(paper, stem):
    a = paper(stem)
    titles = [s.title for s in a.back_matter]
    for t in ("Acknowledgements", "Conflict of Interest", "Data Availability Statement",
              "Funding", "Supporting Information"):
        assert t in titles
    body = " ".join(t for _, t in a.iter_text_blocks())
    assert "declare no conflict of interest" not in body
    assert "data that support the findings" not in body
    ack = next(s for s in a.back_matter if s.title == "Acknowledgements").paragraphs[0].text
    assert ack not in body and "National Natural Science Foundation of China" in ack
    assert all(s.title not in titles for s in a.sections)


@pytest.mark.shared
def test_real_author_details(paper):
    a = paper("001")
    ni = next(au for au in a.authors if au.name == "Jiangfeng Ni")
    assert ni.email == "jeffni@suda.edu.cn"
    assert ni.affiliations[0].startswith("School of Physical Science and Technology")


# --------------------------------------------------------------------------
# small fixtures written for these tests
# --------------------------------------------------------------------------
NS = 'xmlns="http://www.wiley.com/namespaces/wiley"'
MML = 'xmlns:mml="http://www.w3.org/1998/Math/MathML"'


def wiley(body: str, bib: str = "", title: str = "A <i>test</i> on Na<sub>2</sub>S", extra_meta: str = "") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<component {NS} {MML} type="serialArticle" xml:lang="en">
 <header>
  <publicationMeta level="product"><doi>10.1002/(ISSN)1234-5678</doi>
   <titleGroup><title type="main">Journal of Tests</title></titleGroup></publicationMeta>
  <publicationMeta level="part"><doi>10.1002/jot.v1.2</doi><coverDate startDate="2021-04">April 2021</coverDate></publicationMeta>
  <publicationMeta level="unit" type="article"><doi>10.1002/jot.202100001</doi></publicationMeta>
  <contentMeta>
   <titleGroup>{f'<title type="main">{title}</title>' if title else ''}</titleGroup>
   {extra_meta}
  </contentMeta>
 </header>
 <body sectionsNumbered="yes">
  {body}
  <bibliography style="numbered">{bib}</bibliography>
 </body>
</component>"""


BIB = "".join(
    f'<bib xml:id="x-bib-000{i}"><citation type="journal" xml:id="x-cit-000{i}">'
    f'<author><givenNames>A.</givenNames> <familyName>Author{i}</familyName></author>, '
    f'<articleTitle>Work {i} on Bi<sub>2</sub>S<sub>3</sub></articleTitle>, '
    f'<journalTitle>J. Tests</journalTitle> <pubYear year="201{i}">201{i}</pubYear>, '
    f'<vol>{i}</vol>, <pageFirst>1{i}</pageFirst><pageLast>2{i}</pageLast>. '
    f'<accessionId ref="info:doi/10.1000/test.{i}"/></citation></bib>'
    for i in range(1, 5)
)


def _parse(xml: str, name: str = "fixture_01.txt"):
    return wiley_xml.parse_text(xml, name)


def _section_text(article, i: int = 0) -> list[str]:
    return [p.text for p in article.sections[i].paragraphs]


def test_fixture_metadata_and_dispatch():
    xml = wiley('<section><title type="main">Intro</title><p>Text.</p></section>', BIB)
    a = parsers.parse_text(xml, "dir/fixture_01.txt")
    assert (a.id, a.source_path, a.source_format) == ("fixture_01", "dir/fixture_01.txt", SourceFormat.WILEY_XML)
    assert a.doi == "10.1002/jot.202100001"
    assert (a.title, a.journal, a.year) == ("A test on Na2S", "Journal of Tests", 2021)
    ref = a.references[1]
    assert ref.label == "2" and ref.authors == ["A. Author2"] and ref.title == "Work 2 on Bi2S3"
    assert (ref.journal, ref.year, ref.volume, ref.pages, ref.doi) == ("J. Tests", 2012, "2", "12–22", "10.1000/test.2")
    assert ref.text == "A. Author2, Work 2 on Bi2S3, J. Tests 2012, 2, 1222."


def test_fixture_sub_sup_flattening():
    a = _parse(wiley(
        '<section><title type="main">Results of Bi<sub>2</sub>S<sub>3</sub></title>'
        '<p>The  Bi<sub>2</sub>S<sub>3</sub> anode gave 600 mAh g<sup>−1</sup> with\n'
        '<i>in situ</i> TEM, Na<sub>x</sub>Bi<sub>2</sub>S<sub>3</sub> and Na<sup>+</sup>‐ion '
        'transport at 25 × 10<sup>−3</sup> <sc>m</sc>; <b>Figure</b> <link href="#f1"><b>1</b>a</link> shows it.</p>'
        '</section>'))
    assert a.sections[0].title == "Results of Bi2S3"
    assert _section_text(a) == [
        "The Bi2S3 anode gave 600 mAh g−1 with in situ TEM, NaxBi2S3 and Na+-ion transport "
        "at 25 × 10−3 M; Figure 1a shows it."]


def test_fixture_typesetting_slips_repaired_but_source_spacing_kept():
    a = _parse(wiley(
        '<section><title type="main">S</title><p>D of 5.44 × 1 0<sup>−12</sup> cm<sup>2</sup> s<sup>−1</sup> '
        'at 0.1 A g<sup>−1</sup> ; a Bi : Sb ratio of 1 : 2 and (for &lt;10 s) in W\uf8ffSe.</p></section>'))
    assert _section_text(a) == [
        "D of 5.44 × 10−12 cm2 s−1 at 0.1 A g−1; a Bi : Sb ratio of 1 : 2 and (for <10 s) in W–Se."]


def test_fixture_citation_links_removed():
    body = (
        '<section><title type="main">Intro</title>'
        '<p>First claim.<sup>[</sup><link href="#x-bib-0001 #x-bib-0002"><sup>1,2</sup></link><sup>]</sup> '
        'Second claim,<sup>[</sup><link href="#x-bib-0003"><sup>3</sup></link><sup>]</sup> while '
        'a third [<link href="#x-bib-0001">1</link>, <link href="#x-cit-0004">4</link>].</p>'
        '<p>Shown before (<link href="#x-bib-0002">2</link>) and (Figure 2, <link href="#x-bib-0003">3</link>) '
        'and (<link href="#x-bib-0004">4</link>; Figure 3).</p>'
        '</section>')
    a = _parse(wiley(body, BIB))
    p1, p2 = a.sections[0].paragraphs
    assert p1.text == "First claim. Second claim, while a third."
    assert p1.citations == ["1", "2", "3", "4"]
    assert p2.text == "Shown before and (Figure 2) and (Figure 3)."
    assert p2.citations == ["2", "3", "4"]


def test_fixture_citation_range_with_linked_ends_only():
    body = ('<section><title type="main">Intro</title><p>Known facts.<sup><link href="#x-bib-0001">1</link>'
            '–<link href="#x-bib-0004">4</link></sup> More.</p></section>')
    p = _parse(wiley(body, BIB)).sections[0].paragraphs[0]
    assert (p.text, p.citations) == ("Known facts. More.", ["1", "2", "3", "4"])


def test_fixture_mathml_rendering():
    def m(inner: str) -> str:
        return mathml.render_string(f'<math xmlns="http://www.w3.org/1998/Math/MathML">{inner}</math>')

    over = ('<semantics><mover accent="true"><mn>3</mn><mo>¯</mo></mover>'
            '<annotation encoding="application/x-tex">$\\bar{3}$</annotation></semantics>')
    assert m(over) == "-3"  # never "3¯$\bar{3}$"
    assert m('<mn>5.44</mn><mo>×</mo><msup><mn>10</mn><mrow><mo>−</mo><mn>12</mn></mrow></msup>') == "5.44 × 10−12"
    assert m('<msub><mi>Bi</mi><mn>2</mn></msub><msub><mi mathvariant="normal">S</mi><mn>3</mn></msub>'
             '<mo>+</mo><mi>x</mi><msup><mi>Na</mi><mo>+</mo></msup><mo>+</mo><mi>x</mi><msup><mi>e</mi><mo>−</mo></msup>'
             '<mo>→</mo><msub><mi>Na</mi><mi>x</mi></msub><msub><mi>Bi</mi><mn>2</mn></msub><msub><mi>S</mi><mn>3</mn></msub>'
             ) == "Bi2S3 + xNa+ + xe− → NaxBi2S3"
    assert m('<mi>D</mi><mo>=</mo><mfrac><msup><mi>L</mi><mn>2</mn></msup><mi>τ</mi></mfrac>') == "D = L2/τ"
    assert m('<mfrac><mrow><mi>a</mi><mo>+</mo><mi>b</mi></mrow><mn>2</mn></mfrac>') == "(a + b)/2"
    assert m('<msup><mi>ω</mi><mrow><mo>−</mo><mn>1</mn><mo>/</mo><mn>2</mn></mrow></msup>') == "ω−1/2"
    assert m('<mover accent="true"><mi>x</mi><mo>¯</mo></mover>') == "x\u0304"
    # TeX only when there is no presentation MathML at all
    assert m('<semantics><annotation encoding="application/x-tex">\\rm{Na}_2S \\to 2Na</annotation></semantics>') == "Na2S → 2Na"


def test_fixture_inline_math_once_in_paragraph():
    body = ('<section><title type="main">R</title><p>Indexed to R<mml:math display="inline"><mml:semantics>'
            '<mml:mover accent="true"><mml:mn>3</mml:mn><mml:mo>¯</mml:mo></mml:mover>'
            '<mml:annotation encoding="application/x-tex">$\\bar{3}$</mml:annotation></mml:semantics></mml:math>m.</p></section>')
    assert _section_text(_parse(wiley(body))) == ["Indexed to R-3m."]


def test_fixture_displayed_items():
    body = (
        '<section><title type="main">Mechanism</title>'
        '<p>The reaction is<displayedItem type="mathematics"><label>1</label><mml:math display="block">'
        '<mml:mrow><mml:msub><mml:mtext>Na</mml:mtext><mml:mn>2</mml:mn></mml:msub><mml:mtext>S</mml:mtext>'
        '<mml:mo>↔</mml:mo><mml:mtext>S</mml:mtext><mml:mo>+</mml:mo><mml:mn>2</mml:mn>'
        '<mml:msup><mml:mtext>Na</mml:mtext><mml:mo>+</mml:mo></mml:msup></mml:mrow></mml:math></displayedItem>'
        'and the rate obeys<displayedItem type="mathematics"><label>2</label><mml:math display="block">'
        '<mml:mi>i</mml:mi><mml:mo>=</mml:mo><mml:mi>a</mml:mi><mml:msup><mml:mi>ν</mml:mi><mml:mi>b</mml:mi></mml:msup>'
        '</mml:math></displayedItem>where ν is the scan rate.</p></section>')
    a = _parse(wiley(body))
    assert _section_text(a) == ["The reaction is", "Na2S ↔ S + 2Na+", "and the rate obeys",
                                "where ν is the scan rate."]
    eqs = next(s for s in a.back_matter if s.title == "Display Equations")
    assert [p.text for p in eqs.paragraphs] == ["(2) i = aνb"]


def test_fixture_sections_figures_tables_back_matter():
    body = (
        '<section><title type="main">Introduction</title><p>Intro text.</p></section>'
        '<section><title type="main">Results</title>'
        ' <section><title type="main">Structure</title><p>XRD shows it.</p>'
        '  <figure xml:id="f1"><label>1</label><title type="figureName">Figure</title>'
        '   <mediaResourceGroup><mediaResource href="x.png"/></mediaResourceGroup>'
        '   <caption>XRD of Bi<sub>2</sub>S<sub>3</sub> (<link href="#x-bib-0001">1</link>).</caption></figure>'
        '  <tabular xml:id="t1"><label>1</label><title type="main">Capacities of Na<sub>x</sub>Sb</title>'
        '   <table><tgroup cols="2"><thead><row><entry>Sample</entry><entry>Capacity [mAh g<sup>−1</sup>]</entry></row></thead>'
        '   <tbody><row><entry>Sb</entry><entry>600<sup>a)</sup></entry></row><row><entry>Bi</entry><entry>380</entry></row></tbody>'
        '   </tgroup></table><noteGroup><note xml:id="n1"><p>a) At 0.1 A g<sup>−1</sup>.</p></note></noteGroup></tabular>'
        ' </section>'
        ' <section numbered="no"><section numbered="no"><title type="main">Hoisted</title><p>Deep.</p></section></section>'
        '</section>'
        '<section type="acknowledgments" numbered="no"><title type="main">Acknowledgements</title><p>Thanks to funders.</p></section>'
        '<section type="openResearch" numbered="no"><section type="dataAvailability" numbered="no">'
        '<title type="main">Data Availability Statement</title><p>On request.</p></section></section>'
        '<section numbered="no"><title type="main">Author Contributions</title><p>All wrote it.</p></section>'
    )
    a = _parse(wiley(body, BIB))
    assert [(s.label, s.title) for s in a.sections] == [("1", "Introduction"), ("2", "Results")]
    assert [(s.label, s.title) for s in a.sections[1].subsections] == [("2.1", "Structure"), (None, "Hoisted")]
    assert [s.title for s in a.back_matter] == ["Acknowledgements", "Data Availability Statement", "Author Contributions"]
    assert all("Thanks" not in t for _, t in a.iter_text_blocks())
    cap = a.captions[0]
    assert (cap.label, cap.text, cap.section) == ("Figure 1", "XRD of Bi2S3.", "Structure")
    tab = a.tables[0]
    assert tab.label == "Table 1" and tab.caption == "Capacities of NaxSb" and tab.section == "Structure"
    assert tab.header == ["Sample", "Capacity [mAh g−1]"]
    assert tab.rows == [["Sb", "600a)"], ["Bi", "380"]]
    assert tab.footnotes == ["a) At 0.1 A g−1."]


def test_fixture_graphics_and_figures_inside_a_paragraph_do_not_split_it():
    body = ('<section><title type="main">S</title><p>Before the figure '
            '<figure><label>2</label><title type="figureName">Scheme</title><caption>Route.</caption></figure>'
            'and after it <blockFixed type="graphic"><mediaResourceGroup><mediaResource href="g.png"/>'
            '</mediaResourceGroup></blockFixed>ends.</p></section>')
    a = _parse(wiley(body))
    assert _section_text(a) == ["Before the figure and after it ends."]
    assert [(c.label, c.text) for c in a.captions] == [("Scheme 2", "Route.")]


def test_fixture_html_table_and_abstract_kinds():
    meta = ('<abstractGroup><abstract type="main"><title type="main">Abstract</title><p>Main one.</p></abstract>'
            '<abstract type="graphical"><p>Graphical one.<blockFixed type="graphic"><mediaResourceGroup>'
            '<mediaResource href="g.png"/></mediaResourceGroup></blockFixed></p></abstract>'
            '<abstract type="short"><p>Short one.</p></abstract></abstractGroup>'
            '<keywordGroup><keyword>Na<sub>3</sub>V<sub>2</sub>(PO<sub>4</sub>)<sub>3</sub></keyword></keywordGroup>')
    body = ('<section><title type="main">Data</title><p>See below.</p>'
            '<tabular><label>2</label><title type="main">Two</title><table><thead><tr><th>A</th><th>B</th></tr></thead>'
            '<tbody><tr><td>1</td><td>2</td></tr></tbody></table></tabular></section>')
    a = _parse(wiley(body, extra_meta=meta))
    assert [(ab.kind, ab.text) for ab in a.abstracts] == [
        (AbstractKind.MAIN, "Main one."), (AbstractKind.GRAPHICAL, "Graphical one."), (AbstractKind.OTHER, "Short one.")]
    assert a.keywords == ["Na3V2(PO4)3"]
    assert (a.tables[0].label, a.tables[0].header, a.tables[0].rows) == ("Table 2", ["A", "B"], [["1", "2"]])


XXE = """<?xml version="1.0"?>
<!DOCTYPE component [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<component xmlns="http://www.wiley.com/namespaces/wiley"><header><contentMeta><titleGroup>
<title type="main">T &xxe;</title></titleGroup></contentMeta></header>
<body><section><title type="main">S</title><p>&xxe;</p></section></body></component>"""

LOL = "".join(f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10))
BOMB = f"""<?xml version="1.0"?>
<!DOCTYPE component [<!ENTITY lol0 "lol">{LOL}]>
<component xmlns="http://www.wiley.com/namespaces/wiley"><header><contentMeta><titleGroup>
<title type="main">&lol9;</title></titleGroup></contentMeta></header>
<body><section><title type="main">S</title><p>&lol9;</p></section></body></component>"""


@pytest.mark.parametrize("doc", [XXE, BOMB], ids=["xxe", "billion-laughs"])
def test_fixture_entity_attacks_refused(doc):
    for parse in (wiley_xml.parse_text, parsers.parse_text):
        with pytest.raises(ParseError) as e:
            parse(doc, "evil.txt")
        assert "root:" not in e.value.reason and "passwd" not in e.value.reason


def test_fixture_parser_itself_does_not_expand_entities():
    # defence in depth: even below the DOCTYPE check, lxml must not expand or fetch
    from lxml import etree
    root = etree.fromstring(XXE.replace("<!DOCTYPE", "<!DOCTYPE").encode(), wiley_xml._parser())
    assert "root:" not in etree.tostring(root, encoding="unicode")
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(BOMB.encode(), wiley_xml._parser())


def test_fixture_external_dtd_never_loaded():
    # an external DTD is neither fetched nor read; HTML named characters still read right
    doc = ('<!DOCTYPE component SYSTEM "http://example.invalid/wiley.dtd">'
           '<component xmlns="http://www.wiley.com/namespaces/wiley"><header><contentMeta><titleGroup>'
           '<title type="main">Na&nbsp;ion&ndash;cells&unknown;</title></titleGroup></contentMeta></header>'
           '<body><section><title type="main">S</title><p>25&nbsp;°C&unknown;.</p></section></body></component>')
    a = _parse(doc)
    assert a.title == "Na ion–cells"
    assert _section_text(a) == ["25 °C."]


def test_fixture_truncated_xml():
    xml = wiley('<section><title type="main">Intro</title><p>Text that stops')
    cut = xml[: xml.index("Text that stops") + 10]
    with pytest.raises(ParseError) as e:
        parsers.parse_text(cut, "cut.txt")
    assert e.value.reason.startswith("malformed XML:") and re.search(r"line \d+, column \d+$", e.value.reason)
    assert "<string>" not in e.value.reason
    assert e.value.path == "cut.txt"


def test_fixture_wiley_without_body_or_title():
    no_body = wiley("").replace("<body", "<back").replace("</body>", "</back>")
    with pytest.raises(ParseError, match="without <body>"):
        _parse(no_body)
    with pytest.raises(ParseError, match="without an article title"):
        _parse(wiley('<section><title type="main">S</title><p>x</p></section>', title=""))
    with pytest.raises(ParseError, match="no paragraphs"):
        _parse(wiley(""))


def test_fixture_other_root_refused_directly():
    with pytest.raises(ParseError, match="not WileyML3G"):
        _parse('<article xmlns="http://jats.nlm.nih.gov"><body><p>x</p></body></article>')
