"""The collector pause restores the previous state, also when the body raises."""
import gc

import pytest

from kb.collector import collector_paused


def test_paused_inside_and_restored_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_restored_when_the_body_raises():
    with pytest.raises(ValueError):
        with collector_paused():
            raise ValueError("bad paper")
    assert gc.isenabled()


def test_nested_pause_keeps_outer_pause_and_a_disabled_collector_stays_disabled():
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_extract_facts_leaves_the_collector_enabled():
    from schemas.article import Article
    from kb.facts import extract_facts
    extract_facts(Article(id="x", source_path="x", source_format="pdf_text",
                          title="Bi2S3 anodes for sodium-ion batteries"))
    assert gc.isenabled()
