"""End to end on the real papers in ../shared: specific facts with their evidence.

Extraction runs once per paper per session (lru_cache); each test reads the cache.
"""
from functools import lru_cache

import pytest

from kb.facts import dedupe, extract_facts
from parsers import parse
from tests.conftest import real_paper

pytestmark = pytest.mark.shared


@lru_cache(maxsize=None)
def facts_of(prefix: str):
    return tuple(extract_facts(parse(real_paper(prefix))))


def find(prefix, **want):
    out = []
    for f in facts_of(prefix):
        r = f.record()
        if all(r.get(k) == v for k, v in want.items()):
            out.append(f)
    return out


def test_bi2s3_product_phase_na3bi():
    hits = find("000", type="phase", material="Bi2S3", phase="Na3Bi")
    assert hits, "Na3Bi product phase of Bi2S3 not found"
    assert any(f.role == "product" and "Na3Bi" in f.evidence.sentence for f in hits)
    f = hits[0]
    assert f.evidence.sentence[f.evidence.start:f.evidence.end] == "Na3Bi"


def test_bi2s3_intermediate_phases():
    phases = {f.phase for f in find("000", type="phase", material="Bi2S3", role="intermediate")}
    assert {"NaBiS2", "NaxBi2S3"} <= phases


def test_bi2s3_is_main_anode_with_sodium():
    mats = find("000", type="material", material="Bi2S3")
    assert mats and all(f.ion == "Na" for f in mats)


def test_bi2s3_in_situ_techniques():
    tech = {(f.technique, f.mode) for f in find("000", type="technique", material="Bi2S3")}
    assert ("SAED", "in_situ") in tech
    assert any(t == "XRD" for t, _ in tech)


def test_caption_evidence_section():
    caps = [f for f in facts_of("000") if "caption" in f.evidence.section]
    assert caps, "no facts from figure captions"
    assert all(f.evidence.section.endswith("caption") for f in caps)


def test_wsse_products_and_comparison_materials():
    phases = {f.phase for f in find("004", type="phase") if f.material.startswith("WSSe")}
    assert {"Na2Se", "Na2S"} <= phases
    mats = {f.material for f in find("004", type="material")}
    assert {"WSSe@CPCS", "WSe2@CPCS", "WSe2"} <= mats
    assert "NaClO4" not in mats and "PVDF" not in mats


def test_full_cell_cathode_resolved_from_abbreviation():
    hits = find("004", type="material", material="Na3(VPO4)2F3")
    assert hits and hits[0].role == "cathode"


def test_every_fact_has_evidence_and_doi():
    for prefix in ("000", "004"):
        for f in facts_of(prefix):
            assert f.evidence.sentence and f.doi and f.paper.startswith(prefix)
            if f.evidence.start is not None:
                assert 0 <= f.evidence.start < f.evidence.end <= len(f.evidence.sentence)


def test_dedupe_is_one_fact_per_key():
    ded = dedupe(list(facts_of("000")))
    assert len({f.key() for f in ded}) == len(ded)
