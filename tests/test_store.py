"""Store: one transaction per paper, replace-on-rewrite, safe search, aliases, schema."""
from __future__ import annotations

import sqlite3

import pytest

from kb.pipeline import Processed
from kb.store import Store, StoreError, fts_query
from kb.store import schema
from kbstore_helpers import article, fact, processed

S1 = "Bi2S3 nanorods were studied as an anode for sodium-ion batteries."
S2 = "Upon sodiation Bi2S3 converts to Bi and Na2S, which then alloy to Na3Bi."
S3 = "In situ TEM of WSSe@CPCS (see Fig. 2) shows a 13.4% volume expansion."


def _paper1():
    art = article("p1", {"Abstract": [S1], "Results": [S2 + " " + S3]}, doi="10.1/x")
    facts = [
        fact("p1", "material", "Bi2S3", S1, section="Abstract", role="anode", ion="Na"),
        fact("p1", "phase", "Bi2S3", S2, phase="Na2S", role="intermediate", ion="Na", order=1),
        fact("p1", "phase", "Bi2S3", S2, phase="Na3Bi", role="product", ion="Na", order=2),
        # the same assertion again from another sentence: one fact, two evidence rows
        fact("p1", "material", "Bi2S3", S2, role="anode", ion="Na", confidence=0.95),
        fact("p1", "phenomenon", "WSSe@CPCS", S3, phenomenon="volume_expansion", value=13.4,
             unit="%", ion="Na"),
        fact("p1", "technique", "WSSe@CPCS", S3, technique="TEM", mode="in_situ", ion="Na"),
    ]
    return processed(art, facts)


@pytest.fixture
def st(tmp_path):
    with Store.open(tmp_path / "kb.sqlite") as s:
        yield s


def test_write_and_read_back(st):
    assert st.write_paper(_paper1()) == "added"
    st.refresh_entities()
    df = st.facts()
    assert list(df["fact_id"]) == [f"p1#{i}" for i in range(5)]
    mat = df[df["type"] == "material"].iloc[0]
    # best evidence = highest confidence; both instances kept as evidence
    assert mat["evidence"] == S2 and mat["n_evidence"] == 2 and mat["confidence"] == 0.95
    assert mat["doi"] == "10.1/x" and mat["entity"] == "Bi2S3"
    ev = st.evidence([mat["fact_id"]])
    assert list(ev["sentence"]) == [S1, S2]
    assert list(df[df["type"] == "phase"]["phase"]) == ["Na2S", "Na3Bi"]
    assert list(df[df["type"] == "phase"]["order"]) == [1, 2]
    ph = df[df["type"] == "phenomenon"].iloc[0]
    assert ph["value"] == 13.4 and ph["unit"] == "%"
    assert df["role"].map(lambda v: v is None or isinstance(v, str)).all()  # None, never NaN
    # every evidence sentence is one indexed sentence row (same splitter as the extractors)
    linked = st.db.execute("SELECT COUNT(*), COUNT(sentence_id) FROM evidence").fetchone()
    assert linked[0] == linked[1] == 6


def test_rewrite_replaces_not_duplicates(st):
    st.write_paper(_paper1())
    n_sent = st.stats()["sentences"]
    p = _paper1()
    p.facts = p.facts[:2]
    assert st.write_paper(p) == "updated"
    s = st.stats()
    assert s["facts"] == 2 and s["evidence"] == 2 and s["sentences"] == n_sent
    assert s["papers"] == 1


def test_failed_paper_recorded_and_content_dropped(st):
    st.write_paper(_paper1())
    st.write_paper(Processed("/x/p1.txt", "h2", error="empty file"))
    s = st.stats()
    assert s["papers_failed"] == 1 and s["facts"] == 0 and s["sentences"] == 0
    assert s["failures"][0]["error"] == "empty file"
    state = st.paper_state("p1")
    assert (state.content_hash, state.status, state.pipeline_version) == ("h2", "failed", None)


def test_write_is_atomic_on_error(st):
    st.write_paper(_paper1())
    bad = _paper1()
    bad.facts.append(object())  # not a Fact: raises inside the transaction
    with pytest.raises(AttributeError):
        st.write_paper(bad)
    assert st.stats()["facts"] == 5  # old version intact


def test_facts_without_sentence_not_stored(st):
    p = _paper1()
    p.facts = [fact("p1", "material", "Bi2S3", "   ", role="anode")]
    st.write_paper(p)
    assert st.stats()["facts"] == 0


@pytest.mark.parametrize("text", ['"', "*", "-", "NEAR(", "a OR", "(unbalanced", "x AND NOT y",
                                  'Bi2S3"', "col:val", "^", "", "   ", "'; DROP TABLE papers; --"])
def test_search_never_raises(st, text):
    st.write_paper(_paper1())
    st.search(text)
    assert st.stats()["papers"] == 1


def test_search_finds_words_formulas_and_composites(st):
    st.write_paper(_paper1())
    assert list(st.search("sodiation Na3Bi")["sentence"]) == [S2]
    assert list(st.search("WSSe@CPCS")["sentence"]) == [S3]
    assert list(st.search("Bi2S3")["section"]) == ["Abstract", "Results"]
    assert list(st.search("Na₂S")["sentence"]) == [S2]        # subscripts flattened
    assert list(st.search("Bi2S")["sentence"]) == [S1, S2]    # substring fallback
    assert st.search("graphite").empty
    r = st.search("Bi2S3")
    assert list(r["rank"]) == [1, 2] and r.iloc[0]["doi"] == "10.1/x"


def test_fts_query_quotes_every_word():
    assert fts_query('a "b" c*') == '"a" """b""" "c*"'
    assert fts_query("- * ( )") is None


def test_aliases_apply_without_rebuild(st):
    st.write_paper(_paper1())
    st.refresh_entities()
    assert st.resolve_material("BIS-nanorods") is None
    assert st.add_alias("BIS-nanorods", "Bi2S3") == "Bi2S3"
    assert st.resolve_material("BIS-nanorods") == "Bi2S3"
    assert st.aliases() == [("BIS-nanorods", "Bi2S3")]
    with pytest.raises(StoreError, match="no material 'Sb2S3'"):
        st.add_alias("x", "Sb2S3")


def test_user_alias_merges_two_entities(st):
    st.write_paper(_paper1())
    st.refresh_entities()
    assert st.resolve_material("WSSe@CPCS") == "WSSe@CPCS"
    st.add_alias("WSSe@CPCS", "Bi2S3")  # deliberately odd: the user decides
    assert set(st.facts()["entity"]) == {"Bi2S3"}
    assert len(st.facts(material="WSSe@CPCS")) == 5


def test_closest_materials(st):
    st.write_paper(_paper1())
    st.refresh_entities()
    assert st.closest_materials("Bi2S4")[0] == "Bi2S3"
    assert st.closest_materials("WSSe")[0] == "WSSe@CPCS"


def test_readonly_reader_and_missing_db(tmp_path, st):
    st.write_paper(_paper1())
    with Store.open(st.path, readonly=True) as ro:
        assert ro.stats()["facts"] == 5
        with pytest.raises(StoreError):
            ro.add_alias("a", "Bi2S3")
    with pytest.raises(StoreError, match="no knowledge base"):
        Store.open(tmp_path / "missing.sqlite", readonly=True)


def test_not_a_database(tmp_path):
    p = tmp_path / "junk.sqlite"
    p.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="not a kb database"):
        Store.open(p)


def test_schema_version_and_migration_from_empty(tmp_path):
    path = tmp_path / "kb.sqlite"
    sqlite3.connect(path).close()  # an empty sqlite file is "version 0"
    with Store.open(path) as s:
        assert s.stats()["schema_version"] == schema.SCHEMA_VERSION
        assert s.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert s.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with Store.open(path) as s:  # reopening does not re-run migrations
        assert schema.current_version(s.db) == schema.SCHEMA_VERSION


def test_newer_schema_refused(tmp_path):
    path = tmp_path / "kb.sqlite"
    Store.open(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE meta SET value='999' WHERE key='schema_version'")
    db.commit()
    db.close()
    with pytest.raises(StoreError, match="newer"):
        Store.open(path)


def test_a_new_migration_step_upgrades_existing_db_once(tmp_path, monkeypatch):
    path = tmp_path / "kb.sqlite"
    with Store.open(path) as s:
        s.write_paper(_paper1())
    calls = []

    def v2(db):
        calls.append(1)
        db.execute("ALTER TABLE papers ADD COLUMN license TEXT")

    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS + [v2])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    with Store.open(path) as s:
        assert schema.current_version(s.db) == schema.SCHEMA_VERSION
        assert s.stats()["facts"] == 5  # data kept across the upgrade
        s.db.execute("SELECT license FROM papers").fetchall()
    Store.open(path).close()
    assert calls == [1]


def test_failed_migration_step_rolls_back(tmp_path, monkeypatch):
    path = tmp_path / "kb.sqlite"
    Store.open(path).close()

    def broken(db):
        db.execute("ALTER TABLE papers ADD COLUMN half TEXT")
        raise RuntimeError("step failed")

    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS + [broken])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", len(schema.MIGRATIONS))
    with pytest.raises(StoreError, match="step failed"):
        Store.open(path)
    db = sqlite3.connect(path)
    cols = [r[1] for r in db.execute("PRAGMA table_info(papers)")]
    assert "half" not in cols and schema.current_version(db) == schema.SCHEMA_VERSION - 1
    db.close()


def test_reader_of_an_older_db_upgrades_it_first(tmp_path):
    path = tmp_path / "kb.sqlite"
    with Store.open(path) as s:
        s.write_paper(_paper1())
    db = sqlite3.connect(path)  # make it look like a v1 db written by an older kb
    for col in ("pipeline_version", "file_size", "file_mtime_ns"):  # added by v2, v3
        db.execute(f"ALTER TABLE papers DROP COLUMN {col}")
    db.execute("UPDATE meta SET value='1' WHERE key='schema_version'")
    db.commit()
    db.close()
    with Store.open(path, readonly=True) as ro:
        assert schema.current_version(ro.db) == schema.SCHEMA_VERSION
        assert ro.stats()["facts"] == 5


def test_paths_with_uri_characters(tmp_path):
    path = tmp_path / "odd #1 ?50% dir" / "kb.sqlite"
    with Store.open(path) as s:
        s.write_paper(_paper1())
    with Store.open(path, readonly=True) as ro:
        assert ro.stats()["facts"] == 5
