"""The SQLite knowledge base: papers, sentences (FTS5), entities, facts, evidence."""
from kb.store.store import Store, StoreError, fts_query

__all__ = ["Store", "StoreError", "fts_query"]
