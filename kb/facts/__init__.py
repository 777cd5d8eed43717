"""Article -> facts (the FACTS.md records with their evidence).

``extract_facts`` analyses every text block once (kb.nlp), builds the paper
context (main material, ion, phases, roles), then assembles each sentence's
mentions into facts in document order. ``dedupe`` keeps one fact per assertion.
"""
from __future__ import annotations

from schemas.article import Article
from schemas.fact import Fact

from kb.collector import collector_paused
from kb.facts.assemble import block_facts
from kb.facts.context import Block, build_context, is_front_section
from kb.nlp.pipeline import analyze_block

__all__ = ["analyze_article", "dedupe", "extract_facts"]


def analyze_article(article: Article, abbrevs: dict[str, str] | None = None) -> tuple[list, list[Block]]:
    """(title sentences, blocks): every block analysed once, abbreviations paper-wide.

    ``abbrevs`` (filled in place) receives the abbreviations the paper defines.
    """
    abbrevs = {} if abbrevs is None else abbrevs
    title = analyze_block(article.title, abbrevs) if article.title else []
    blocks = []
    for section, text in article.iter_text_blocks():
        if not text or not text.strip():
            continue
        blocks.append(Block(section, analyze_block(text, abbrevs), is_front_section(section)))
    return title, blocks


def extract_facts(article: Article) -> list[Fact]:
    """Every fact instance with its evidence, in document order (deterministic)."""
    with collector_paused():
        return _extract_facts(article)


def _extract_facts(article: Article) -> list[Fact]:
    abbrevs: dict[str, str] = {}
    title, blocks = analyze_article(article, abbrevs)
    ctx = build_context(title, blocks, abbrevs)
    phase_order: dict = {}
    facts: list[Fact] = []
    for b in blocks:
        facts.extend(block_facts(b, ctx, article.id, article.doi, phase_order))
    return facts


def dedupe(facts: list[Fact]) -> list[Fact]:
    """One fact per ``Fact.key()``: the first evidence in document order, the highest confidence."""
    best: dict[tuple, Fact] = {}
    top: dict[tuple, float] = {}
    for f in facts:
        k = f.key()
        if k not in best:
            best[k] = f
            top[k] = f.evidence.confidence
        elif f.evidence.confidence > top[k]:
            top[k] = f.evidence.confidence
    out = []
    for k, f in best.items():
        if top[k] != f.evidence.confidence:
            f = f.model_copy(update={"evidence": f.evidence.model_copy(update={"confidence": top[k]})})
        out.append(f)
    return out
