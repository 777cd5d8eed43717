"""The SQLite knowledge base: papers, sentences (FTS5), entities, facts, evidence.

Library use (the CLI is a thin layer over this)::

    from kb.store import Store
    from kb.store.build import build          # kb build: files -> store, incremental
    report = build("kb.sqlite", ["corpus/"], workers=2)
    with Store.open("kb.sqlite", readonly=True) as st:
        st.facts(material="bismuth sulfide")  # any spelling or alias
        st.search('Na3Bi "alloying')          # literal words, never a syntax error

Facts are one row per assertion (``schemas.Fact.key()``) per paper, with every
sentence that states it as evidence. ``fact_id`` is ``"<paper>#<n>"``, n the
assertion's position in the paper: stable across rebuilds and worker counts, so
exports are byte-identical. After writing papers directly with ``write_paper``,
call ``refresh_entities()`` once (``build`` does) to cluster spellings into
materials and choose display names.
"""
from kb.store.store import Store, StoreError, fts_query

__all__ = ["Store", "StoreError", "fts_query"]
