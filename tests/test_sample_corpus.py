"""The sample corpus we wrote (corpus/) parses cleanly in both formats.

The samples mimic the real papers' structure (WileyML3G; PDF-text with run-in
headings, Unicode/LaTeX sub- and superscripts, citation superscripts and a
figure caption interrupting a sentence), so these tests check that the parsers
produce clean, complete Articles from them.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest

from parsers import parse
from schemas.article import Article, SourceFormat

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

EXPECTED_FORMAT = {
    "100_sno2_nanowire_lithiation": SourceFormat.WILEY_XML,
    "101_sn_nanoparticle_sodiation": SourceFormat.WILEY_XML,
    "102_graphite_potassiation": SourceFormat.WILEY_XML,
    "103_mos2_sodium_intercalation": SourceFormat.WILEY_XML,
    "104_nano_oxide_conversion": SourceFormat.WILEY_XML,
    "105_bismuth_nanosheet_sodiation": SourceFormat.WILEY_XML,
    "110_antimony_sodiation": SourceFormat.PDF_TEXT,
    "111_phosphorene_graphene_sodium": SourceFormat.PDF_TEXT,
    "112_pyrite_fes2_sodium": SourceFormat.PDF_TEXT,
    "113_silicon_nanoparticle_fracture": SourceFormat.PDF_TEXT,
    "114_hard_carbon_first_cycle": SourceFormat.PDF_TEXT,
    "115_conversion_alloying_anodes": SourceFormat.PDF_TEXT,
}
FILES = sorted(CORPUS.glob("*.txt"))
IDS = [p.stem for p in FILES]

# What must never survive into text meant for NLP.
LEFTOVERS = {
    "markup tag": re.compile(r"</?[A-Za-z][\w:.-]*(\s[^<>]*)?/?>"),
    "LaTeX": re.compile(r"\$|\\[A-Za-z]+|[_^]\{"),
    "bracket citation": re.compile(r"\[\d+(?:[,–-]\d+)*\]"),
    "superscript citation/digit": re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹⁻]"),
    "subscript digit": re.compile(r"[₀₁₂₃₄₅₆₇₈₉]"),
    "markdown emphasis": re.compile(r"\*"),
    "hyphenation break": re.compile(r"\w-\n\w"),
}


@functools.lru_cache(maxsize=None)
def _parsed(stem: str) -> Article:
    return parse(CORPUS / f"{stem}.txt")


def _source_doi(stem: str) -> str:
    """The DOI the sample's note names as its source (written in the raw file)."""
    raw = (CORPUS / f"{stem}.txt").read_text(encoding="utf-8")
    m = re.search(r"Source: https://doi\.org/(10\.\d{4,9}/[^\s<]+)", raw)
    assert m, f"{stem}: no 'Source: https://doi.org/...' note"
    return m.group(1)


def test_corpus_is_complete():
    assert {p.stem for p in FILES} == set(EXPECTED_FORMAT)
    formats = list(EXPECTED_FORMAT.values())
    assert formats.count(SourceFormat.WILEY_XML) >= 5
    assert formats.count(SourceFormat.PDF_TEXT) >= 5


@pytest.mark.parametrize("stem", IDS)
def test_sample_parses_completely(stem):
    art = _parsed(stem)
    assert art.source_format is EXPECTED_FORMAT[stem]
    assert art.id == stem
    assert len(art.title) > 20
    assert art.doi == _source_doi(stem)
    counts = art.counts()
    assert counts["sections"] >= 1 and counts["paragraphs"] >= 1
    assert counts["captions"] >= 1 and counts["references"] >= 1
    assert art.abstracts and art.abstracts[0].text


@pytest.mark.parametrize("stem", IDS)
def test_sample_size_is_short(stem):
    words = sum(len(t.split()) for _, t in _parsed(stem).iter_text_blocks())
    assert 250 <= words <= 900, words


@pytest.mark.parametrize("stem", IDS)
def test_no_raw_markup_in_text(stem):
    art = _parsed(stem)
    for where, text in art.iter_text_blocks():
        for what, pattern in LEFTOVERS.items():
            m = pattern.search(text)
            assert not m, f"{stem} / {where}: {what} left in text: ...{text[max(0, m.start() - 40):m.end() + 40]}..."
    assert not LEFTOVERS["markup tag"].search(art.title)


@pytest.mark.parametrize("stem", IDS)
def test_source_is_the_first_reference(stem):
    ref = _parsed(stem).references[0]
    assert _source_doi(stem) in (ref.doi or "") + " " + ref.text


@pytest.mark.parametrize("stem", IDS)
def test_sample_note_kept_out_of_the_body(stem):
    art = _parsed(stem)
    body = " ".join(p.text for _, s in art.walk_sections() for p in s.paragraphs)
    assert "sample corpus" not in body


def test_chemistry_is_flattened():
    art = _parsed("110_antimony_sodiation")
    text = " ".join(t for _, t in art.iter_text_blocks())
    assert "Na3Sb" in text and "NaxSb" in text and "mAh g−1" in text


def test_pdf_run_in_headings_become_sections():
    art = _parsed("110_antimony_sodiation")
    titles = [path[-1] for path, _ in art.walk_sections()]
    assert "Sodiation Pathway" in titles and "Electrochemical Performance" in titles
    sec = next(s for path, s in art.walk_sections() if path[-1] == "Sodiation Pathway")
    assert sec.paragraphs[0].text.startswith("To understand")


@pytest.mark.parametrize("stem, joined", [
    ("110_antimony_sodiation", "Only near the end of the discharge do the reflections of hexagonal Na3Sb grow in."),
    ("114_hard_carbon_first_cycle", "keeping the disordered structure that stores sodium."),
])
def test_caption_interrupting_a_sentence_is_taken_out(stem, joined):
    art = _parsed(stem)
    body = [p.text for _, s in art.walk_sections() for p in s.paragraphs]
    assert any(joined in t for t in body), "sentence split by a figure caption was not re-joined"
    assert not any(t.startswith("Figure 1") for t in body)
    assert any(c.label == "Figure 1" for c in art.captions)


def test_xml_table_and_subsections():
    art = _parsed("102_graphite_potassiation")
    (table,) = art.tables
    assert table.header == ["Step", "Phase", "Stage"]
    assert [r[1] for r in table.rows] == ["KC24", "KC16", "KC8"]
    assert [p for p, _ in art.walk_sections()][2] == ("Results and Discussion", "Electrochemistry")


def test_conversion_anodes_state_first_cycle_irreversibility():
    """The demo question needs samples that say it plainly."""
    hits = [stem for stem in IDS
            if "conversion" in " ".join(t for _, t in _parsed(stem).iter_text_blocks()).lower()
            and re.search(r"irreversib|initial Coulombic efficiency",
                          " ".join(t for _, t in _parsed(stem).iter_text_blocks()))]
    assert len(hits) >= 3, hits
