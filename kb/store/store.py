"""The knowledge base on disk: one SQLite file, many readers, one writer.

WAL mode lets `kb stats` or `kb show` read while a build writes. Every paper is
written in one IMMEDIATE transaction that first deletes what the paper had, so a
crash (even SIGKILL) leaves either the old or the new version of a paper, never a
mix, and a rerun of the build picks up where it stopped.
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import re
import sqlite3
import urllib.parse
from collections import Counter, defaultdict
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable, NamedTuple

import pandas as pd
from rapidfuzz import fuzz, process

from kb.store import schema
from kb.store.identity import flatten, material_key
from kb.store.resolution import EntityInfo, MaterialIndex, cluster
from kb.store.sentences import sentence_rows

FACT_COLUMNS = ["fact_id", "paper", "doi", "title", "year", "type", "material", "entity", "ion",
                "role", "mechanism", "phase", "value", "unit", "kind", "current", "cycles",
                "retention_percent", "technique", "mode", "phenomenon", "order", "section",
                "evidence", "confidence", "n_evidence"]
PAPER_COLUMNS = ["paper", "doi", "title", "journal", "year", "source_path", "content_hash",
                 "status", "error"]
EVIDENCE_COLUMNS = ["fact_id", "paper", "section", "sentence", "start", "end", "extractor",
                    "confidence"]
SEARCH_COLUMNS = ["paper", "doi", "title", "section", "sentence", "rank"]
_EVIDENCE_TEXT = "COALESCE(NULLIF(e.sentence, ''), s.text, '')"
_FACT_FIELDS = ["ion", "role", "mechanism", "phase", "value", "unit", "kind", "current", "cycles",
                "retention_percent", "technique", "mode", "phenomenon"]


class PaperState(NamedTuple):
    content_hash: str | None
    status: str
    pipeline_version: str | None
    source_path: str
    file_size: int | None
    file_mtime_ns: int | None


class StoreError(Exception):
    """A problem the user can fix (missing db, unknown material ...): one line, no traceback."""


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def fts_query(text: str) -> str | None:
    """User text -> an FTS5 query that matches its words literally (implicit AND).

    Every word becomes a quoted phrase, so FTS5 syntax in user input (quotes, ``*``,
    ``-``, ``NEAR``, ``OR``, parentheses, ``:``) is plain text and never an error.
    Words without a letter or digit produce no token and are dropped.
    """
    words = [w for w in flatten(text).split() if re.search(r"\w", w)]
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def _ro_uri(path: Path) -> str:
    """Read-only SQLite URI; the path is percent-quoted ('#', '?', '%' in folder names)."""
    return f"file:{urllib.parse.quote(str(path.resolve()))}?mode=ro"


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class Store:
    """The store API the query, export and graph layers build on.

    Writing: ``write_paper`` (one transaction per paper), ``refresh_entities``
    (after a batch), ``add_alias``/``remove_alias``, ``delete_paper``/``prune_missing``.
    Reading (DataFrames with fixed columns and dtypes, deterministic order):
    ``papers``, ``facts``, ``evidence``, ``search``, ``stats``; material names go
    through ``resolve_material``/``closest_materials`` (entity resolution plus
    user aliases, applied at read time). ``snapshot()`` groups reads into one
    consistent view while a build commits.
    """

    def __init__(self, db: sqlite3.Connection, path: Path, readonly: bool):
        self.db = db
        self.path = path
        self.readonly = readonly
        self._entity_cache: dict[tuple[str, str], int] = {}
        self._index: MaterialIndex | None = None
        self._index_version = -1

    # -- lifecycle -----------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, readonly: bool = False, timeout: float = 60.0) -> "Store":
        path = Path(path)
        if readonly:
            if not path.exists():
                raise StoreError(f"no knowledge base at {path} (run `kb build` first)")
            cls._upgrade_for_reading(path, timeout)
            db = sqlite3.connect(_ro_uri(path), uri=True,
                                 isolation_level=None, timeout=timeout, check_same_thread=False)
        else:
            if path.parent and not path.parent.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
            try:
                db = sqlite3.connect(str(path), isolation_level=None, timeout=timeout,
                                     check_same_thread=False)
            except sqlite3.Error as e:
                raise StoreError(f"cannot open {path}: {e}") from e
        try:
            db.execute(f"PRAGMA busy_timeout = {int(timeout * 1000)}")
            db.execute("PRAGMA foreign_keys = ON")
            if readonly:
                version = schema.current_version(db)
                if version != schema.SCHEMA_VERSION:
                    raise StoreError(f"{path} has schema v{version}, this kb needs "
                                     f"v{schema.SCHEMA_VERSION} (run `kb build` to migrate)")
            else:
                db.execute("PRAGMA journal_mode = WAL")
                # NORMAL is durable against process crashes in WAL mode; only an OS
                # crash / power loss can lose the last commits.
                db.execute("PRAGMA synchronous = NORMAL")
                schema.migrate(db)
        except sqlite3.DatabaseError as e:
            db.close()
            raise StoreError(f"{path} is not a kb database ({e})") from e
        except (StoreError, RuntimeError) as e:
            db.close()
            raise StoreError(str(e)) from e
        return cls(db, path, readonly)

    @staticmethod
    def _upgrade_for_reading(path: Path, timeout: float) -> None:
        """A reader of a db written by an older kb migrates it first (migrations are
        transactional and quick), so `kb stats` after an upgrade does not need a rebuild."""
        try:
            probe = sqlite3.connect(_ro_uri(path), uri=True, timeout=timeout)
            try:
                version = schema.current_version(probe)
            finally:
                probe.close()
        except sqlite3.DatabaseError:
            return  # reported by the real open below
        if 0 < version < schema.SCHEMA_VERSION:
            try:
                Store.open(path, readonly=False, timeout=timeout).close()
            except StoreError:
                pass  # read-only file: the version check below explains what to do

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _tx(self):
        return _Transaction(self)

    @contextlib.contextmanager
    def snapshot(self):
        """Several reads that see one consistent state, even while a build commits."""
        if self.db.in_transaction:
            yield self
            return
        self.db.execute("BEGIN")
        try:
            yield self
        finally:
            if self.db.in_transaction:
                self.db.execute("COMMIT")

    # -- writing -------------------------------------------------------------
    def paper_state(self, paper_id: str) -> PaperState | None:
        """What the incremental build compares against; None if the paper is not stored."""
        row = self.db.execute(
            "SELECT content_hash, status, pipeline_version, source_path, file_size, file_mtime_ns "
            "FROM papers WHERE id=?", (paper_id,)).fetchone()
        return None if row is None else PaperState(*row)

    def mark_unchanged(self, paper_id: str, path: str | Path, file_stat: tuple[int, int]) -> None:
        """Record where an unchanged paper lives now and its current stat (touch, move)."""
        src = str(Path(path).resolve())
        st = self.paper_state(paper_id)
        if st is not None and (st.source_path, st.file_size, st.file_mtime_ns) != (src, *file_stat):
            with self._tx():
                self.db.execute("UPDATE papers SET source_path=?, file_size=?, file_mtime_ns=? "
                                "WHERE id=?", (src, *file_stat, paper_id))

    def write_paper(self, processed, pipeline_version: str | None = None,
                    file_stat: tuple[int, int] | None = None) -> str:
        """Replace everything about one paper in ONE transaction.

        Returns "added" or "updated" (the paper existed before); a failed
        ``processed`` is recorded with its reason and no content.
        """
        path = Path(processed.path)
        article = processed.article if processed.error is None else None
        # The file stem, as the incremental check looks it up (== Article.id by contract).
        paper_id = path.stem
        fstat = tuple(file_stat) if file_stat is not None else (None, None)
        with self._tx():
            existed = self.db.execute("SELECT 1 FROM papers WHERE id=?", (paper_id,)).fetchone()
            self._delete_paper_rows(paper_id)
            src = str(path.resolve()) if path.exists() else str(path)
            if article is None:
                self.db.execute(
                    "INSERT OR REPLACE INTO papers(id, source_path, content_hash, status, error, "
                    "parsed_at, pipeline_version, file_size, file_mtime_ns) "
                    "VALUES (?,?,?,?,?,?,?,?,?)",
                    (paper_id, src, processed.content_hash, "failed",
                     processed.error or "unknown error", _now(), pipeline_version, *fstat))
            else:
                self.db.execute(
                    "INSERT OR REPLACE INTO papers(id, doi, title, journal, year, authors, "
                    "source_path, source_format, content_hash, status, error, parsed_at, "
                    "pipeline_version, file_size, file_mtime_ns) "
                    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (paper_id, article.doi, article.title, article.journal, article.year,
                     json.dumps([a.name for a in article.authors], ensure_ascii=False),
                     src, article.source_format.value, processed.content_hash, "ok", None,
                     _now(), pipeline_version, *fstat))
                sent_ids = self._write_text(paper_id, article)
                self._write_facts(paper_id, processed.facts, sent_ids)
        self._index = None
        return "updated" if existed else "added"

    def _delete_paper_rows(self, paper_id: str) -> None:
        for table in ("evidence", "facts", "sentences", "sections"):
            self.db.execute(f"DELETE FROM {table} WHERE paper=?", (paper_id,))

    def delete_paper(self, paper_id: str) -> bool:
        with self._tx():
            self._delete_paper_rows(paper_id)
            cur = self.db.execute("DELETE FROM papers WHERE id=?", (paper_id,))
        self._index = None
        return cur.rowcount > 0

    def prune_missing(self) -> list[str]:
        """Delete papers whose source file no longer exists; returns their ids."""
        gone = [pid for pid, src in self.db.execute("SELECT id, source_path FROM papers ORDER BY id")
                if not Path(src).exists()]
        for pid in gone:
            self.delete_paper(pid)
        return gone

    def _write_text(self, paper_id: str, article) -> dict[str, int]:
        section_ids: dict[str, int] = {}
        sent_ids: dict[str, int] = {}
        rows = []
        for seq, (section, sent) in enumerate(sentence_rows(article.iter_text_blocks())):
            sid = section_ids.get(section)
            if sid is None:
                cur = self.db.execute("INSERT INTO sections(paper, seq, title) VALUES (?,?,?)",
                                      (paper_id, len(section_ids), section))
                sid = section_ids[section] = cur.lastrowid
            rows.append((paper_id, sid, seq, sent))
        self.db.executemany("INSERT INTO sentences(paper, section_id, seq, text) VALUES (?,?,?,?)",
                            rows)
        for sid, text in self.db.execute("SELECT id, text FROM sentences WHERE paper=? ORDER BY seq",
                                         (paper_id,)):
            sent_ids.setdefault(text, sid)
        return sent_ids

    def _entity(self, etype: str, name: str) -> int:
        key = material_key(name) or name.strip().lower()
        hit = self._entity_cache.get((etype, key))
        if hit is not None:
            return hit
        self.db.execute("INSERT OR IGNORE INTO entities(type, key, name) VALUES (?,?,?)",
                        (etype, key, name))
        eid = self.db.execute("SELECT id FROM entities WHERE type=? AND key=?",
                              (etype, key)).fetchone()[0]
        self._entity_cache[(etype, key)] = eid
        return eid

    def _write_facts(self, paper_id: str, facts: Iterable, sent_ids: dict[str, int]) -> None:
        """One row per Fact.key() in order of first evidence; every instance is evidence."""
        groups: dict[str, list] = {}
        for f in facts:
            if not f.evidence or not (f.evidence.sentence or "").strip():
                continue  # a fact without a sentence is not stored
            if not flatten(f.material):
                continue
            # The key's digest keeps the UNIQUE(paper, fact_key) index small.
            k = hashlib.sha256(json.dumps(f.key(), ensure_ascii=False).encode()).hexdigest()[:32]
            groups.setdefault(k, []).append(f)
        for seq, (k, insts) in enumerate(groups.items()):
            f = insts[0]
            material = flatten(f.material)
            fid = f"{paper_id}#{seq}"
            eid = self._entity("material", material)
            self.db.execute("INSERT OR IGNORE INTO aliases(alias, alias_key, entity_id, source) "
                            "VALUES (?,?,?, 'auto')", (material, material_key(material), eid))
            pid = self._entity("phase", flatten(f.phase)) if f.phase else None
            conf = max(i.evidence.confidence for i in insts)
            vals = [getattr(f, c) for c in _FACT_FIELDS]
            self.db.execute(
                "INSERT INTO facts(id, paper, seq, fact_key, type, entity_id, material, ion, role, "
                "mechanism, phase, value, unit, kind, current, cycles, retention_percent, "
                "technique, mode, phenomenon, phase_entity_id, ord, confidence) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (fid, paper_id, seq, k, f.type.value, eid, material, *vals, pid, f.order, conf))
            seen = set()
            best = max(range(len(insts)), key=lambda i: (insts[i].evidence.confidence, -i))
            for i, inst in enumerate(insts):
                ev = inst.evidence
                sig = (ev.section, ev.sentence, ev.start, ev.end)
                if sig in seen:
                    continue
                seen.add(sig)
                sid = sent_ids.get(ev.sentence)
                exact = sid is not None
                if sid is None:
                    sid = sent_ids.get(ev.sentence.strip())
                # A sentence identical to its indexed row is stored once (''), read
                # back through sentence_id: evidence would otherwise double the db.
                self.db.execute(
                    'INSERT INTO evidence(fact_id, paper, seq, section, sentence, sentence_id, '
                    'start, "end", extractor, confidence, best) VALUES (?,?,?,?,?,?,?,?,?,?,?)',
                    (fid, paper_id, i, ev.section, "" if exact else ev.sentence, sid,
                     ev.start, ev.end, ev.extractor, ev.confidence, int(i == best)))

    def refresh_entities(self) -> None:
        """Re-cluster all entities (deterministic over the whole set) and set display names."""
        with self._tx():
            # Entities no fact uses any more (papers replaced or pruned) go away, so a
            # material only a deleted paper mentioned is unknown again.
            self.db.execute("UPDATE entities SET canonical_id = NULL")
            used = ("SELECT entity_id FROM facts UNION "
                    "SELECT phase_entity_id FROM facts WHERE phase_entity_id IS NOT NULL")
            self.db.execute(f"DELETE FROM aliases WHERE source='auto' AND entity_id NOT IN ({used})")
            self.db.execute(f"DELETE FROM entities WHERE id NOT IN ({used})")
            self._entity_cache.clear()
            forms: dict[int, Counter] = defaultdict(Counter)
            for eid, mat, n in self.db.execute(
                    "SELECT entity_id, material, COUNT(*) FROM facts GROUP BY entity_id, material"):
                forms[eid][mat] += n
            for eid, ph, n in self.db.execute(
                    "SELECT phase_entity_id, phase, COUNT(*) FROM facts "
                    "WHERE phase_entity_id IS NOT NULL GROUP BY phase_entity_id, phase"):
                forms[eid][ph] += n
            by_type: dict[str, list[EntityInfo]] = defaultdict(list)
            names = {}
            for eid, etype, key, name in self.db.execute("SELECT id, type, key, name FROM entities"):
                by_type[etype].append(EntityInfo(eid, key, forms.get(eid, Counter())))
                names[eid] = name
            updates = []
            for ents in by_type.values():
                for eid, (cid, display) in cluster(ents).items():
                    updates.append((cid if cid != eid else None, display, eid))
            self.db.executemany("UPDATE entities SET canonical_id=?, name=? WHERE id=?", updates)
        self._index = None

    def add_alias(self, alias: str, canonical: str) -> str:
        """Make ``alias`` name the material ``canonical``; returns the canonical display name."""
        alias_f, target_f = flatten(alias), flatten(canonical)
        if not alias_f or not target_f:
            raise StoreError("alias and canonical name must not be empty")
        target = self.resolve_material(target_f)
        if target is None:
            closest = self.closest_materials(target_f)
            hint = f"; closest: {', '.join(closest)}" if closest else ""
            raise StoreError(f"no material '{canonical}'{hint}")
        with self._tx():
            self.db.execute("DELETE FROM aliases WHERE alias=? AND source='user'", (alias_f,))
            self.db.execute("INSERT INTO aliases(alias, alias_key, target, source, created_at) "
                            "VALUES (?,?,?, 'user', ?)",
                            (alias_f, material_key(alias_f), target, _now()))
        self._index = None
        return target

    def remove_alias(self, alias: str) -> bool:
        with self._tx():
            cur = self.db.execute("DELETE FROM aliases WHERE alias=? AND source='user'",
                                  (flatten(alias),))
        self._index = None
        return cur.rowcount > 0

    def aliases(self, include_auto: bool = False) -> list[tuple[str, str]]:
        """User aliases as (alias, canonical); with include_auto also every written form."""
        out = [(a, t) for a, t in self.db.execute(
            "SELECT alias, target FROM aliases WHERE source='user' ORDER BY alias")]
        if include_auto:
            idx = self.material_index()
            out += [(a, idx.display(e)) for a, e in self.db.execute(
                "SELECT alias, entity_id FROM aliases WHERE source='auto' ORDER BY alias")]
        return out

    # -- reading -------------------------------------------------------------
    def material_index(self) -> MaterialIndex:
        # data_version changes when another connection commits (a build running
        # beside a long-lived reader): then the cached index is stale.
        version = self.db.execute("PRAGMA data_version").fetchone()[0]
        if self._index is None or self._index_version != version:
            self._index_version = version
            ents = self.db.execute("SELECT id, key, name, canonical_id FROM entities "
                                   "WHERE type='material' ORDER BY id").fetchall()
            auto = self.db.execute("SELECT alias, entity_id FROM aliases WHERE source='auto' "
                                   "AND entity_id IS NOT NULL").fetchall()
            user = self.db.execute("SELECT alias, target FROM aliases WHERE source='user' "
                                   "ORDER BY id").fetchall()
            self._index = MaterialIndex(ents, auto, user)
        return self._index

    def phase_names(self) -> dict[int, str]:
        """Phase entity id -> display name of its cluster."""
        rows = self.db.execute("SELECT id, name, canonical_id FROM entities WHERE type='phase'")
        name, canon = {}, {}
        for eid, nm, cid in rows:
            name[eid], canon[eid] = nm, cid
        return {eid: name[canon[eid] if canon[eid] is not None else eid] for eid in name}

    def phase_of(self, name: str) -> list[str]:
        """Materials that form ``name`` as a phase (for "Na3Bi is not a material, but...")."""
        key = material_key(flatten(name)) if flatten(name) else ""
        idx = self.material_index()
        rows = self.db.execute(
            "SELECT DISTINCT f.entity_id FROM facts f JOIN entities e ON e.id = f.phase_entity_id "
            "WHERE e.type='phase' AND e.key=?", (key,)).fetchall()
        return sorted({idx.display(eid) for (eid,) in rows})

    def resolve_material(self, name: str) -> str | None:
        return self.material_index().resolve(name)

    def closest_materials(self, name: str, limit: int = 3) -> list[str]:
        idx = self.material_index()
        used = {r[0] for r in self.db.execute("SELECT DISTINCT entity_id FROM facts")}
        choices: dict[str, str] = {}
        for form, eid in self.db.execute(
                "SELECT alias, entity_id FROM aliases WHERE source='auto' ORDER BY alias"):
            if eid in used:
                choices.setdefault(form, idx.display(eid))
        for alias, target in self.aliases():
            choices.setdefault(alias, target)
        if not choices:
            return []
        hits = process.extract(flatten(name), list(choices), scorer=fuzz.ratio,
                               processor=str.lower,
                               limit=max(limit * 5, 10))
        out: list[str] = []
        for form, score, _ in sorted(hits, key=lambda h: (-h[1], h[0])):
            disp = choices[form]
            if disp not in out:
                out.append(disp)
            if len(out) == limit:
                break
        return out

    def papers(self) -> pd.DataFrame:
        rows = self.db.execute(
            "SELECT id, doi, title, journal, year, source_path, content_hash, status, error "
            "FROM papers ORDER BY id").fetchall()
        return _frame(rows, PAPER_COLUMNS, ints=("year",))

    def facts(self, material: str | None = None, types: Iterable[str] | None = None,
              paper: str | None = None) -> pd.DataFrame:
        """All facts (or those of one material / types / paper) with their best evidence."""
        with self.snapshot():
            return self._facts(material, types, paper)

    def _facts(self, material, types, paper) -> pd.DataFrame:
        where, params = [], []
        idx = self.material_index()
        if material is not None:
            root = idx.resolve_id(material)
            if root is None:
                return _frame([], FACT_COLUMNS, _FACT_INTS, _FACT_FLOATS)
            ids = idx.members(root)
            where.append(f"f.entity_id IN ({','.join('?' * len(ids))})")
            params += ids
        if types is not None:
            types = list(types)
            where.append(f"f.type IN ({','.join('?' * len(types))})")
            params += types
        if paper is not None:
            where.append("f.paper = ?")
            params.append(paper)
        sql = (
            "SELECT f.id, f.paper, p.doi, p.title, p.year, f.type, f.material, f.entity_id, "
            "f.ion, f.role, f.mechanism, f.phase, f.value, f.unit, f.kind, f.current, f.cycles, "
            "f.retention_percent, f.technique, f.mode, f.phenomenon, f.ord, e.section, "
            f"{_EVIDENCE_TEXT}, f.confidence, "
            "(SELECT COUNT(*) FROM evidence x WHERE x.fact_id = f.id) "
            "FROM facts f JOIN papers p ON p.id = f.paper "
            "LEFT JOIN evidence e ON e.fact_id = f.id AND e.best = 1 "
            "LEFT JOIN sentences s ON s.id = e.sentence_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + " ORDER BY f.paper, f.seq")
        names: dict[int, str] = {}
        rows = []
        for r in self.db.execute(sql, params):
            eid = r[7]
            if eid not in names:
                names[eid] = idx.display(eid)
            rows.append(r[:7] + (names[eid],) + r[8:])
        return _frame(rows, FACT_COLUMNS, _FACT_INTS, _FACT_FLOATS)

    def evidence(self, fact_ids: Iterable[str] | None = None) -> pd.DataFrame:
        """Every evidence sentence of the given facts (all facts if None), in document order."""
        sql = (f'SELECT e.fact_id, e.paper, e.section, {_EVIDENCE_TEXT}, e.start, e."end", '
               "e.extractor, e.confidence, f.seq, e.seq FROM evidence e "
               "JOIN facts f ON f.id = e.fact_id LEFT JOIN sentences s ON s.id = e.sentence_id")
        if fact_ids is None:
            rows = self.db.execute(sql).fetchall()
        else:
            ids = sorted({str(i) for i in fact_ids})
            rows = []
            for i in range(0, len(ids), 500):
                chunk = ids[i:i + 500]
                rows += self.db.execute(
                    sql + f" WHERE e.fact_id IN ({','.join('?' * len(chunk))})", chunk).fetchall()
        rows.sort(key=lambda r: (r[1], r[8], r[9]))
        return _frame([r[:8] for r in rows], EVIDENCE_COLUMNS, ints=("start", "end"),
                      floats=("confidence",))

    def search(self, text: str, limit: int = 20) -> pd.DataFrame:
        """Sentences containing all words of ``text`` (FTS5, bm25 order).

        Falls back to a case-insensitive substring match when the words match no
        whole token (``Bi2S`` inside ``Bi2S3``), so a partial formula still finds text.
        """
        q = fts_query(text)
        if q is None:
            return _frame([], SEARCH_COLUMNS, ints=("rank",))
        base = ("SELECT s.paper, p.doi, p.title, sec.title, s.text FROM {src} "
                "JOIN papers p ON p.id = s.paper JOIN sections sec ON sec.id = s.section_id ")
        rows = self.db.execute(
            base.format(src="sentences_fts JOIN sentences s ON s.id = sentences_fts.rowid")
            + "WHERE sentences_fts MATCH ? ORDER BY bm25(sentences_fts), s.paper, s.seq LIMIT ?",
            (q, int(limit))).fetchall()
        if not rows:
            words = [w for w in flatten(text).split() if re.search(r"\w", w)]
            cond = " AND ".join("s.text LIKE ? ESCAPE '\\'" for _ in words)
            rows = self.db.execute(
                base.format(src="sentences s") + f"WHERE {cond} ORDER BY s.paper, s.seq LIMIT ?",
                [f"%{_like_escape(w)}%" for w in words] + [int(limit)]).fetchall()
        return _frame([(*r, i + 1) for i, r in enumerate(rows)], SEARCH_COLUMNS, ints=("rank",))

    def stats(self) -> dict:
        with self.snapshot():
            return self._stats()

    def _stats(self) -> dict:
        one = lambda sql, *a: self.db.execute(sql, a).fetchone()[0]  # noqa: E731
        by_status = dict(self.db.execute("SELECT status, COUNT(*) FROM papers GROUP BY status"))
        by_type = dict(self.db.execute("SELECT type, COUNT(*) FROM facts GROUP BY type ORDER BY type"))
        idx = self.material_index()
        materials = {idx.display(e) for (e,) in self.db.execute(
            "SELECT DISTINCT entity_id FROM facts")}
        failures = [{"paper": p, "source_path": s, "error": e} for p, s, e in self.db.execute(
            "SELECT id, source_path, error FROM papers WHERE status='failed' ORDER BY id")]
        return {
            "schema_version": schema.current_version(self.db),
            "papers": sum(by_status.values()),
            "papers_ok": by_status.get("ok", 0),
            "papers_failed": by_status.get("failed", 0),
            "facts": sum(by_type.values()),
            "facts_by_type": by_type,
            "evidence": one("SELECT COUNT(*) FROM evidence"),
            "sentences": one("SELECT COUNT(*) FROM sentences"),
            "materials": len(materials),
            "material_spellings": one("SELECT COUNT(DISTINCT material) FROM facts"),
            "user_aliases": one("SELECT COUNT(*) FROM aliases WHERE source='user'"),
            "db_bytes": sum(p.stat().st_size for p in
                            (self.path, Path(f"{self.path}-wal")) if p.exists()),
            "failures": failures,
        }

    def integrity_check(self) -> str:
        return self.db.execute("PRAGMA integrity_check").fetchone()[0]


_FACT_INTS = ("year", "cycles", "order", "n_evidence")
_FACT_FLOATS = ("value", "retention_percent", "confidence")


def _frame(rows: list[tuple], columns: list[str], ints=(), floats=()) -> pd.DataFrame:
    """Stable dtypes whatever the rows (even none): nullable Int64, float64, and
    object columns holding str or None (never NaN, which JSON exports would print)."""
    cols = list(zip(*rows)) if rows else [()] * len(columns)
    data = {}
    for name, values in zip(columns, cols):
        if name in ints:
            data[name] = pd.Series(pd.array(list(values), dtype="Int64"))
        elif name in floats:
            data[name] = pd.Series([float("nan") if v is None else v for v in values],
                                   dtype="float64")
        else:
            data[name] = pd.Series(list(values), dtype=object)
    return pd.DataFrame(data, columns=columns)


class _Transaction:
    """BEGIN IMMEDIATE ... COMMIT: take the write lock up front so a write never
    fails half-way on a lock upgrade; any exception rolls the whole unit back."""

    def __init__(self, store: Store):
        self.store = store

    def __enter__(self):
        if self.store.readonly:
            raise StoreError(f"{self.store.path} is open read-only")
        self.store.db.execute("BEGIN IMMEDIATE")
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            self.store.db.execute("COMMIT")
        else:
            self.store.db.execute("ROLLBACK")
            self.store._entity_cache.clear()
        return False
