"""Schema of the knowledge base and the migrations that reach it.

A database records the version it is at in ``meta``; opening it applies every
step after that version, each in its own transaction, so a db written by an older
kb is upgraded in place instead of being rebuilt from the corpus. A new schema
change is a new function appended to ``MIGRATIONS``; existing steps never change.
"""
from __future__ import annotations

import sqlite3
from typing import Callable

# FTS5 tokenizer: unicode61 keeps letters and digits together (Bi2S3, Na3V2) and
# splits at '@', '/', '.', '-' ; a user's term is searched as a quoted phrase,
# tokenized the same way, so WSSe@CPCS or Bi0.33Sb0.67 still match themselves.
FTS_TOKENIZER = "unicode61 remove_diacritics 2"


def _run(db: sqlite3.Connection, script: str) -> None:
    """Execute ``;;``-separated statements inside the caller's transaction.

    (sqlite3's executescript would COMMIT first, breaking the one-transaction step.)
    """
    for stmt in script.split(";;"):
        if stmt.strip():
            db.execute(stmt)


def _v1_initial(db: sqlite3.Connection) -> None:
    _run(db, f"""
    CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);;
    CREATE TABLE papers(
        id TEXT PRIMARY KEY,                -- source file stem
        doi TEXT, title TEXT, journal TEXT, year INTEGER,
        authors TEXT NOT NULL DEFAULT '[]', -- JSON list of names
        source_path TEXT NOT NULL, source_format TEXT,
        content_hash TEXT,
        status TEXT NOT NULL CHECK (status IN ('ok', 'failed')),
        error TEXT,
        parsed_at TEXT NOT NULL);;
    CREATE TABLE sections(
        id INTEGER PRIMARY KEY,
        paper TEXT NOT NULL REFERENCES papers(id),
        seq INTEGER NOT NULL,
        title TEXT NOT NULL,
        UNIQUE (paper, seq));;
    CREATE TABLE sentences(
        id INTEGER PRIMARY KEY,
        paper TEXT NOT NULL REFERENCES papers(id),
        section_id INTEGER NOT NULL REFERENCES sections(id),
        seq INTEGER NOT NULL,
        text TEXT NOT NULL,
        UNIQUE (paper, seq));;
    CREATE VIRTUAL TABLE sentences_fts USING fts5(
        text, content='sentences', content_rowid='id', tokenize="{FTS_TOKENIZER}");;
    CREATE TRIGGER sentences_ai AFTER INSERT ON sentences BEGIN
        INSERT INTO sentences_fts(rowid, text) VALUES (new.id, new.text);
    END;;
    CREATE TRIGGER sentences_ad AFTER DELETE ON sentences BEGIN
        INSERT INTO sentences_fts(sentences_fts, rowid, text) VALUES ('delete', old.id, old.text);
    END;;
    CREATE TABLE entities(
        id INTEGER PRIMARY KEY,
        type TEXT NOT NULL,                 -- material | phase
        key TEXT NOT NULL,                  -- kb.chem.material_key of the written name
        name TEXT NOT NULL,                 -- display name: most frequent written form
        canonical_id INTEGER REFERENCES entities(id),  -- set by entity resolution
        UNIQUE (type, key));;
    CREATE TABLE aliases(
        id INTEGER PRIMARY KEY,
        alias TEXT NOT NULL,                -- as written (flattened)
        alias_key TEXT NOT NULL,
        entity_id INTEGER REFERENCES entities(id),  -- auto: the entity it was read as
        target TEXT,                        -- user: the canonical name the user gave
        source TEXT NOT NULL CHECK (source IN ('auto', 'user')),
        created_at TEXT,
        UNIQUE (alias, source));;
    CREATE INDEX aliases_key ON aliases(alias_key);;
    CREATE TABLE facts(
        id TEXT PRIMARY KEY,                -- '<paper>#<seq>': stable across builds and workers
        paper TEXT NOT NULL REFERENCES papers(id),
        seq INTEGER NOT NULL,               -- document order of first evidence
        fact_key TEXT NOT NULL,             -- JSON of schemas.Fact.key()
        type TEXT NOT NULL,
        entity_id INTEGER NOT NULL REFERENCES entities(id),
        material TEXT NOT NULL,             -- as written
        ion TEXT, role TEXT, mechanism TEXT,
        phase TEXT, phase_entity_id INTEGER REFERENCES entities(id),
        value REAL, unit TEXT, kind TEXT, current TEXT, cycles INTEGER,
        retention_percent REAL, technique TEXT, mode TEXT, phenomenon TEXT,
        ord INTEGER,
        confidence REAL NOT NULL,
        UNIQUE (paper, fact_key),
        UNIQUE (paper, seq));;
    CREATE INDEX facts_entity ON facts(entity_id);;
    CREATE INDEX facts_type ON facts(type);;
    CREATE TABLE evidence(
        id INTEGER PRIMARY KEY,
        fact_id TEXT NOT NULL REFERENCES facts(id),
        paper TEXT NOT NULL REFERENCES papers(id),
        seq INTEGER NOT NULL,
        section TEXT,
        sentence TEXT NOT NULL,
        sentence_id INTEGER REFERENCES sentences(id),
        start INTEGER, "end" INTEGER,
        extractor TEXT, confidence REAL NOT NULL,
        best INTEGER NOT NULL DEFAULT 0);;   -- 1 for the evidence facts() shows
    CREATE INDEX evidence_fact ON evidence(fact_id);;
    CREATE INDEX evidence_paper ON evidence(paper);;
    """)


def _v2_pipeline_version(db: sqlite3.Connection) -> None:
    # Which parser/extractor code produced a paper's rows: an unchanged file read
    # by changed code must be rebuilt, or its facts silently go stale.
    db.execute("ALTER TABLE papers ADD COLUMN pipeline_version TEXT")


def _v3_file_stat(db: sqlite3.Connection) -> None:
    # Size and mtime of the file as last processed: an incremental build trusts an
    # identical (size, mtime) and only reads and hashes files whose stat changed.
    db.execute("ALTER TABLE papers ADD COLUMN file_size INTEGER")
    db.execute("ALTER TABLE papers ADD COLUMN file_mtime_ns INTEGER")


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [
    _v1_initial,           # -> version 1
    _v2_pipeline_version,  # -> version 2
    _v3_file_stat,         # -> version 3
]
SCHEMA_VERSION = len(MIGRATIONS)


def current_version(db: sqlite3.Connection) -> int:
    has_meta = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone()
    if not has_meta:
        return 0
    row = db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    return int(row[0]) if row else 0


def migrate(db: sqlite3.Connection) -> int:
    """Bring ``db`` to SCHEMA_VERSION; returns the version it started at."""
    start = current_version(db)
    if start > SCHEMA_VERSION:
        raise RuntimeError(f"database schema v{start} is newer than this kb (v{SCHEMA_VERSION})")
    for version in range(start + 1, SCHEMA_VERSION + 1):
        db.execute("BEGIN IMMEDIATE")
        try:
            # Another writer may have migrated while we waited for the lock.
            if current_version(db) >= version:
                db.execute("COMMIT")
                continue
            MIGRATIONS[version - 1](db)
            db.execute("INSERT OR REPLACE INTO meta(key, value) VALUES ('schema_version', ?)",
                       (str(version),))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return start
