"""Structured queries (library and CLI): filters, tables, hostile input, exit codes."""
from __future__ import annotations

import csv
import io
import json
import sys

import pytest

import query_corpus
from kb.query import synonyms
from kb.query.filters import (Criteria, QueryError, UnknownMaterial, View, effective_ion,
                              parse_current, same_current)
from kb.query.tables import (capacities_table, evidence_table, materials_table, phases_table,
                             search_table, techniques_table)
from kb.store import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return query_corpus.build(tmp_path_factory.mktemp("query") / "kb.sqlite")


@pytest.fixture(scope="module")
def view(db):
    st = Store.open(db, readonly=True)
    yield View(st)
    st.close()


def run(args, db, capsys):
    """The real entry point (kb.cli.main): exit code, stdout, stderr."""
    from kb.cli import main
    old = sys.argv
    sys.argv = ["kb", args[0], "--db", str(db), *args[1:]]
    try:
        main()
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
    finally:
        sys.argv = old
    out = capsys.readouterr()
    return code, out.out, out.err


# --------------------------------------------------------------------------- pure parts
@pytest.mark.parametrize("kind,text,canonical", [
    ("ion", "sodium-ion", "Na"), ("ion", "SIBs", "Na"), ("ion", "Na", "Na"),
    ("ion", "sodiation", "Na"), ("ion", "potassium ion", "K"), ("ion", "Li-S", "Li-S"),
    ("mechanism", "alloy-type", "alloying"), ("mechanism", "Conversion–type", "conversion"),
    ("mechanism", "alloying", "alloying"), ("role", "negative electrodes", "anode"),
    ("phenomenon", "irreversible capacity loss", "irreversible_first_cycle"),
    ("phenomenon", "low initial Coulombic efficiency", "irreversible_first_cycle"),
    ("phenomenon", "irreversible first cycle", "irreversible_first_cycle"),
    ("phenomenon", "fracture", "cracking"), ("phenomenon", "cracks", "cracking"),
    ("phenomenon", "volume_expansion", "volume_expansion"),
    ("technique", "X-ray diffraction", "XRD"), ("technique", "HAADF-STEM", "HAADF-STEM"),
])
def test_synonyms(kind, text, canonical):
    assert synonyms.normalize(kind, text) == canonical


def test_synonyms_reject_partial_and_unknown():
    assert synonyms.normalize("mechanism", "conversion of stuff") is None
    assert synonyms.normalize("ion", "sodium chloride") is None
    assert synonyms.find("ion", "nanoparticles") == []  # "na" only as a whole word


def test_currents_compare_across_units():
    assert parse_current("0.1 A/g") == (100.0, "mA/g")
    assert parse_current("100 mA g−1") == (100.0, "mA/g")
    assert parse_current("2 C") == (2.0, "C")
    assert parse_current("fast") is None
    assert same_current("0.1 A/g", "100 mA/g")
    assert not same_current("0.1 A/g", "1 A/g")
    assert not same_current("2 C", "2 A/g")


def test_effective_ion_fills_from_the_same_paper():
    import pandas as pd
    df = pd.DataFrame({"paper": ["a", "a", "b", "b", "c", "c"],
                       "entity": ["X", "X", "Y", "Z", "W", "W"],
                       "ion": ["Na", None, "Na", None, "Na", None]})
    df.loc[len(df)] = ["c", "V", "K"]
    df.loc[len(df)] = ["c", "V2", None]
    got = list(effective_ion(df))
    # a: same material; b: the paper's only ion; c: two ions, another material -> unknown
    assert got == ["Na", "Na", "Na", "Na", "Na", "Na", "K", None]


# --------------------------------------------------------------------------- tables
def test_materials_filters(view):
    t = materials_table(view, Criteria(mechanism="alloying", role="anode"))
    assert list(zip(t["material"], t["ion"])) == [("Bi2S3", "Na"), ("Sb", "Na")]
    row = t.iloc[0]
    # same rule as `kb show` (kb.graph.pathway): by oxidation state of Bi; co-existing
    # phases "/", the by-product Na2S after the last Bi(>=0) stage (no elemental Bi here)
    assert row["pathway"] == "NaxBi2S3/NaBiS2 → Na2S → NaBi → Na3Bi (reverse: Bi2S3)"
    assert row["best_capacity"] == "650 mAh/g reversible at 0.1 A/g after 100 cycles"
    assert row["references"] == "10.1000/q1"
    t = materials_table(view, Criteria(technique="TEM", phenomenon="cracking"))
    assert list(t["material"]) == ["Sb"]
    t = materials_table(view, Criteria(min_capacity=600))
    assert list(t["material"]) == ["Bi2S3"]
    assert materials_table(view, Criteria(ion="Mg")).empty
    # paper without DOI is referenced by its id
    t = materials_table(view, Criteria(ion="K"))
    assert list(t["references"]) == ["q4_k"]


def test_capacities_sorting(view):
    t = capacities_table(view, Criteria(), "value")
    assert list(t["value"]) == [650, 580, 410, 300]  # theoretical 625 is not a measurement
    t = capacities_table(view, Criteria(), "cycles")
    assert list(t["cycles"].astype("float").fillna(-1)) == [500, 200, 100, -1]
    t = capacities_table(view, Criteria(), "material")
    assert list(t["material"]) == ["Bi2S3", "Bi2S3", "Sb", "hard carbon"]
    t = capacities_table(view, Criteria(current="100 mA/g"))
    assert sorted(t["material"]) == ["Bi2S3", "Sb"]
    with pytest.raises(QueryError):
        capacities_table(view, Criteria(), "colour")


def test_phases_table(view):
    t = phases_table(view, "Bi2S3", "Na")
    assert list(t["phase"]) == ["NaxBi2S3", "NaBiS2", "Na2S", "NaBi", "Na3Bi", "Bi2S3"]
    assert list(t["step"]) == [1, 1, 2, 3, 4, 5]
    assert list(t["role"])[-1] == "reformed" and set(t["paper"]) == {"q1_bi2s3"}
    assert set(phases_table(view, "Bi2S3")["ion"]) == {"Na", "Li"}


def test_techniques_tables(view):
    t = techniques_table(view)
    assert list(t["technique"]) == ["TEM", "XRD"]
    assert t.iloc[0]["materials"] == "Bi2S3, Sb"
    t = techniques_table(view, "Sb")
    assert list(t["technique"]) == ["TEM"] and t.iloc[0]["evidence"] == query_corpus.S["q2_tem"]


def test_evidence_table(view):
    t = evidence_table(view, "Bi2S3", "phenomenon")
    assert set(t["sentence"]) == {query_corpus.S["q1_irr"], query_corpus.S["q3_crack"]}
    t = evidence_table(view, "Bi2S3")
    assert list(t["type"])[0] == "material" and "capacity" in set(t["type"])
    with pytest.raises(QueryError, match="unknown fact type"):
        evidence_table(view, "Bi2S3", "colour")


def test_one_material_view_reads_only_its_facts_and_agrees_with_the_full_view(db, view):
    calls = []

    class Spy:
        def __init__(self, st):
            self.st = st

        def __getattr__(self, name):
            return getattr(self.st, name)

        def facts(self, *a, **kw):
            calls.append(kw)
            return self.st.facts(*a, **kw)

    with Store.open(db, readonly=True) as st:
        for entity in view.entities:
            calls.clear()
            scoped = View(Spy(st))
            got = [(r["fact_id"], r["ion"]) for r in scoped.of(entity)]
            want = [(r["fact_id"], r["ion"]) for r in view.of(entity)]
            assert got == want, entity
            assert calls and all(kw for kw in calls), "scoped view read the whole corpus"
        # Sb has its own ion in q2: nothing else is read
        calls.clear()
        View(Spy(st)).of("Sb")
        assert calls == [{"material": "Sb"}]
        # TiO2 has no ion anywhere in q5: the paper's other facts are read for it
        calls.clear()
        assert {r["ion"] for r in View(Spy(st)).of("TiO2")} == {"Na"}
        assert calls == [{"material": "TiO2"}, {"paper": "q5_full"}]


def test_resolve(view):
    assert view.resolve("Bi2S3") == "Bi2S3"
    assert view.resolve("bismuth sulfide") == "Bi2S3"
    assert view.resolve("Hard-Carbon") == "hard carbon"
    with pytest.raises(UnknownMaterial) as e:
        view.resolve("Bi2S4")
    assert e.value.closest[0] == "Bi2S3"


HOSTILE = ['"Bi2S3', "Na*", "-crack", "NEAR(Bi2S3 Sb)", "crack)", "((", "a OR b AND",
           "x'; DROP TABLE facts;--", "Bi2S3:", "^Sb", "%", "_", "\\", "\"\"\"", "NOT"]


@pytest.mark.parametrize("text", HOSTILE)
def test_search_hostile_text_never_raises(view, text):
    t = search_table(view, text)
    assert list(t.columns) == ["rank", "paper", "doi", "title", "section", "sentence"]
    assert list(t["rank"]) == list(range(1, len(t) + 1))


def test_search_finds_words(view):
    t = search_table(view, "fracture lithiation")
    assert t.iloc[0]["sentence"] == query_corpus.S["q3_crack"]
    assert search_table(view, "-crack").shape[0] >= 1  # '-' is text, not NOT
    assert search_table(view, "DROP TABLE").empty
    with pytest.raises(QueryError):
        search_table(view, "   ")
    # the store still answers after hostile input
    assert not search_table(view, "Bi2S3").empty


# --------------------------------------------------------------------------- CLI
def test_cli_ask_table_and_json(db, capsys):
    code, out, _ = run(["ask", "which conversion anodes show irreversible first cycles?"], db, capsys)
    assert code == 0 and "Bi2S3" in out and query_corpus.S["q1_irr"][:40] in out.replace("\n", " ")
    code, out, _ = run(["ask", "which alloying anodes crack on sodiation?", "--format", "json"], db, capsys)
    data = json.loads(out)
    assert code == 0 and data["pattern"] == "mechanism_phenomenon"
    assert [a["material"] for a in data["answers"]] == ["Sb"]


def test_cli_ask_failures(db, capsys):
    code, out, err = run(["ask", "what is the meaning of life"], db, capsys)
    assert code == 1 and "closest:" in err and "<material>" in err and "Traceback" not in err
    code, out, err = run(["ask", "what is the meaning of life", "-f", "json"], db, capsys)
    assert code == 1 and json.loads(out)["suggestions"]
    code, out, err = run(["ask", "what is known about Bi2S4?"], db, capsys)
    assert code == 1 and err.startswith("kb: no material 'Bi2S4'; closest: Bi2S3")
    assert len(err.strip().splitlines()) == 1
    code, out, err = run(["ask", "what is known about Bi2S4?", "-f", "json"], db, capsys)
    data = json.loads(out)
    assert code == 1 and data["pattern"] == "material_profile" and data["answers"] == []
    assert data["closest"][0] == "Bi2S3" and data["error"].startswith("no material 'Bi2S4'")
    code, out, err = run(["ask", "which plating anodes show dendrite growth?"], db, capsys)
    assert code == 0 and "no answer" in out


def test_cli_help_lists_patterns(db, capsys):
    code, out, _ = run(["ask", "--help"], db, capsys)
    assert code == 0
    flat = " ".join(out.split())
    assert "what phases form when <material> is sodiated" in flat
    assert "[after <M> cycles]" in flat


def test_cli_materials_formats(db, capsys):
    code, out, _ = run(["materials", "--mechanism", "alloy-type", "--ion", "SIB", "-f", "csv"], db, capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["material"] for r in rows] == ["Bi2S3", "Sb"]
    code, out, _ = run(["materials", "--phenomenon", "fracture", "-f", "json"], db, capsys)
    assert [(r["material"], r["ion"]) for r in json.loads(out)] == [("Bi2S3", "Li"), ("Sb", "Na")]
    code, out, _ = run(["materials", "--role", "anode", "-f", "json"], db, capsys)
    mats = {r["material"] for r in json.loads(out)}
    assert code == 0 and "hard carbon" in mats and "Na3V2(PO4)3" not in mats
    code, out, _ = run(["materials", "--role", "anode"], db, capsys)
    assert code == 0 and "Materials (role=anode)" in out and "Sb" in out
    code, _, err = run(["materials", "--mechanism", "teleportation"], db, capsys)
    assert code == 1 and "unknown --mechanism 'teleportation'" in err


def test_cli_structured_commands(db, capsys):
    code, out, _ = run(["phases", "bismuth sulfide", "--ion", "Na", "-f", "json"], db, capsys)
    assert code == 0 and [r["phase"] for r in json.loads(out)][:2] == ["NaxBi2S3", "NaBiS2"]
    code, out, _ = run(["capacities", "--sort", "cycles", "-f", "csv"], db, capsys)
    assert code == 0 and out.splitlines()[1].startswith("Bi2S3,Na,410,")
    code, _, err = run(["capacities", "--sort", "colour"], db, capsys)
    assert code == 1 and "unknown --sort" in err
    code, out, _ = run(["techniques", "Bi2S3", "-f", "json"], db, capsys)
    assert {(r["technique"], r["mode"]) for r in json.loads(out)} == {("TEM", "in_situ"), ("XRD", "ex_situ")}
    code, out, _ = run(["evidence", "Sb", "--type", "phenomenon", "-f", "json"], db, capsys)
    assert {r["sentence"] for r in json.loads(out)} == {query_corpus.S["q2_crack"], query_corpus.S["q2_vol"]}
    for cmd in (["phases", "Bi2S4"], ["evidence", "Bi2S4"], ["techniques", "Bi2S4"],
                ["capacities", "--material", "Bi2S4"]):
        code, _, err = run(cmd, db, capsys)
        assert code == 1 and err.startswith("kb: no material 'Bi2S4'; closest: Bi2S3"), cmd


@pytest.mark.parametrize("text", HOSTILE)
def test_cli_search_hostile(db, capsys, text):
    code, out, err = run(["search", "--format", "json", "--", text], db, capsys)
    assert code == 0, err
    assert isinstance(json.loads(out), list)


def test_cli_missing_db(tmp_path, capsys):
    code, _, err = run(["materials"], tmp_path / "none.sqlite", capsys)
    assert code == 1 and err.startswith("kb: no knowledge base at") and "Traceback" not in err
