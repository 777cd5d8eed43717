"""Exports read back with the tools their users have, validated, and byte-stable."""
from __future__ import annotations

import json
import sys

import jsonschema
import networkx as nx
import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest

import query_corpus
from kb.export import export_facts, export_graph, export_table, fact_records
from kb.export.facts import COLUMNS, ExportError
from kb.export.graph import neo4j_csv, sorted_simple
from kb.export.tables import TABLE_KINDS, review_table, tex_escape, to_markdown
from kb.store import Store
from schemas.jsonschema import SCHEMA_PATH, facts_schema, schema_text


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return query_corpus.build(tmp_path_factory.mktemp("export") / "kb.sqlite")


@pytest.fixture(scope="module")
def store(db):
    st = Store.open(db, readonly=True)
    yield st
    st.close()


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


N_FACTS = sum(len(f) for _, f in query_corpus.papers())


# --------------------------------------------------------------------------- schema
def test_shipped_schema_is_generated_from_the_vocabularies():
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()


def test_schema_rejects_bad_records(validator):
    good = {"paper": "p", "type": "mechanism", "material": "Sb", "ion": "Na",
            "mechanism": "alloying", "doi": None, "section": "Results",
            "evidence": "Sb alloys.", "confidence": 0.9}
    assert validator.is_valid(good)
    for bad in ({**good, "mechanism": "magic"}, {**good, "ion": "Xx"},
                {k: v for k, v in good.items() if k != "evidence"},
                {**good, "confidence": 2}, {**good, "colour": "red"},
                {**good, "type": "capacity"}):
        assert not validator.is_valid(bad), bad


# --------------------------------------------------------------------------- facts
def test_facts_jsonl_valid_and_complete(store, tmp_path, validator):
    out = tmp_path / "facts.jsonl"
    assert export_facts(store, out) == N_FACTS
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == N_FACTS
    for r in rows:
        errors = list(validator.iter_errors(r))
        assert not errors, (r, errors[0].message)
    irr = [r for r in rows if r.get("phenomenon") == "irreversible_first_cycle" and r["material"] == "Bi2S3"]
    assert irr == [{"paper": "q1_bi2s3", "type": "phenomenon", "material": "Bi2S3", "ion": "Na",
                    "phenomenon": "irreversible_first_cycle", "doi": "10.1000/q1",
                    "section": "Results", "evidence": query_corpus.S["q1_irr"], "confidence": 0.9}]
    tech = [r for r in rows if r["type"] == "technique" and r["material"] == "Sb"]
    assert tech[0]["mode"] is None and "mode" in tech[0]  # FACTS.md writes mode: null
    # pandas reads the same rows
    df = pd.read_json(out, lines=True)
    assert len(df) == N_FACTS


def test_facts_csv_and_parquet_round_trip(store, tmp_path):
    export_facts(store, tmp_path / "f.csv")
    export_facts(store, tmp_path / "f.parquet")
    csv_df = pd.read_csv(tmp_path / "f.csv")
    assert list(csv_df.columns) == COLUMNS and len(csv_df) == N_FACTS
    table = pq.read_table(tmp_path / "f.parquet")
    assert table.column_names == COLUMNS and table.num_rows == N_FACTS
    pdf = table.to_pandas()
    cap = pdf[(pdf["material"] == "Bi2S3") & (pdf["value"] == 650)].iloc[0]
    assert cap["cycles"] == 100 and cap["current"] == "0.1 A/g" and cap["unit"] == "mAh/g"
    assert set(csv_df["paper"]) == set(pdf["paper"])


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet"])
def test_facts_export_is_byte_identical(store, tmp_path, suffix):
    a, b = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    export_facts(store, a)
    export_facts(store, b)
    assert a.read_bytes() == b.read_bytes()


def test_facts_bad_format(store, tmp_path):
    with pytest.raises(ExportError, match="unknown format"):
        export_facts(store, tmp_path / "f.txt")


# --------------------------------------------------------------------------- tables
def test_materials_review_table(store):
    t = review_table(store, "materials")
    bi = t[(t["material"] == "Bi2S3") & (t["ion"] == "Na")].iloc[0]
    assert bi["mechanisms"] == "alloying, conversion, intercalation"
    assert bi["pathway"].startswith("NaxBi2S3/NaBiS2 →")
    assert bi["best_capacity_mAh_g"] == 650 and bi["best_capacity_current"] == "0.1 A/g"
    assert bi["best_capacity_cycles"] == 100
    assert bi["techniques"] == "TEM, XRD" and bi["references"] == "10.1000/q1"


@pytest.mark.parametrize("kind", list(TABLE_KINDS))
def test_tables_all_formats_read_back(store, tmp_path, kind):
    expected = review_table(store, kind)
    assert len(expected) > 0
    n = export_table(store, kind, tmp_path / f"{kind}.csv")
    back = pd.read_csv(tmp_path / f"{kind}.csv")
    assert n == len(back) == len(expected) and list(back.columns) == list(expected.columns)

    export_table(store, kind, tmp_path / f"{kind}.xlsx")
    ws = openpyxl.load_workbook(tmp_path / f"{kind}.xlsx").active
    rows = list(ws.iter_rows(values_only=True))
    assert list(rows[0]) == list(expected.columns) and len(rows) == len(expected) + 1
    assert rows[1][0] == expected.iloc[0, 0]

    export_table(store, kind, tmp_path / f"{kind}.md")
    md = (tmp_path / f"{kind}.md").read_text(encoding="utf-8").splitlines()
    table_lines = [line for line in md if line.startswith("|")]
    assert len(table_lines) == len(expected) + 2

    export_table(store, kind, tmp_path / f"{kind}.tex")
    tex = (tmp_path / f"{kind}.tex").read_text(encoding="utf-8")
    assert tex.count(r"\\") >= len(expected) and r"\begin{longtable}" in tex
    assert "_" not in tex.replace(r"\_", "").split(r"\endlastfoot")[1]  # every _ escaped


@pytest.mark.parametrize("suffix", [".csv", ".md", ".xlsx", ".tex"])
def test_tables_byte_identical(store, tmp_path, suffix):
    a, b = tmp_path / f"a{suffix}", tmp_path / f"b{suffix}"
    export_table(store, "materials", a)
    export_table(store, "materials", b)
    assert a.read_bytes() == b.read_bytes()


def test_table_escaping():
    df = pd.DataFrame({"a": ["x|y", None], "b": [1.0, 2.5]})
    assert to_markdown(df).splitlines()[2] == "| x\\|y | 1 |"
    assert tex_escape("Na_x & 50% → $") == r"Na\_x \& 50\% $\rightarrow$ \$"
    assert tex_escape("α-MoO3, 25 °C") == r"$\alpha$-MoO3, 25 $^{\circ}$C"


def test_table_bad_kind(store, tmp_path):
    with pytest.raises(ExportError, match="unknown table kind"):
        export_table(store, "colours", tmp_path / "x.csv")
    with pytest.raises(ExportError, match="unknown format"):
        export_table(store, "materials", tmp_path / "x.pdf")


# --------------------------------------------------------------------------- graph
def _hand_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    g.add_node("Material:Sb", type="Material", name="Sb", spellings=["Sb", "antimony"])
    g.add_node("Paper:p1", type="Paper", name="p1", year=2020, doi=None)
    g.add_node("Capacity:p1#3", type="Capacity", name="p1#3", value=580.0, cycles=200, kind="reversible")
    g.add_node("Capacity:p1#4", type="Capacity", name="p1#4", value=300, cycles=None)
    g.add_node(7, type="Odd", name="int id", flag=True)
    g.add_edge("Material:Sb", "Paper:p1", key="REPORTED_IN", relation="REPORTED_IN",
               papers=["p1"], evidence=[{"paper": "p1", "sentence": 'Sb "alloys", fast.\nYes'}])
    g.add_edge("Material:Sb", "Capacity:p1#3", key="HAS_CAPACITY", relation="HAS_CAPACITY", order=None)
    g.add_edge("Material:Sb", "Capacity:p1#4", key="HAS_CAPACITY", relation="HAS_CAPACITY", order=2)
    return g


def test_graph_flattening_reads_back(tmp_path):
    g = _hand_graph()
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"g.{fmt}"
        export_graph(g, out)
        back = reader(out)
        assert back.number_of_nodes() == 5 and back.number_of_edges() == 3
        node = back.nodes["Material:Sb"]
        assert node["spellings"] == "Sb; antimony"
        assert float(back.nodes["Capacity:p1#4"]["value"]) == 300.0  # mixed int/float -> float
    data = json.loads((export_graph(g, tmp_path / "g.json") and (tmp_path / "g.json")).read_text())
    assert len(data["nodes"]) == 5 and len(data["edges"]) == 3


def test_neo4j_csv_headers(tmp_path):
    import csv
    import io
    files = neo4j_csv(_hand_graph())
    nodes = list(csv.reader(io.StringIO(files["nodes.csv"].decode())))
    rels = list(csv.reader(io.StringIO(files["relationships.csv"].decode())))
    assert nodes[0][:2] == ["id:ID", ":LABEL"]
    assert "year:long" in nodes[0] and "value:double" in nodes[0] and "flag:boolean" in nodes[0]
    assert rels[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert {r[2] for r in rels[1:]} == {"REPORTED_IN", "HAS_CAPACITY"}
    ids = {r[0] for r in nodes[1:]}
    assert all(r[0] in ids and r[1] in ids for r in rels[1:])  # no dangling relationship
    labels = {r[0]: r[1] for r in nodes[1:]}
    assert labels["Capacity:p1#3"] == "Capacity" and labels["Material:Sb"] == "Material"
    assert all("\n" not in cell for r in rels for cell in r)  # single-line fields
    export_graph(_hand_graph(), tmp_path / "neo", "neo4j-csv")
    assert sorted(p.name for p in (tmp_path / "neo").iterdir()) == ["nodes.csv", "relationships.csv"]


def test_unreported_capacity_qualifiers_stay_empty(store):
    """A capacity without cycles or retention must not come out as 0 cycles / 0 %."""
    import csv
    import io
    from kb.graph import build_graph
    g = build_graph(store)
    theo = [a for _, a in g.nodes(data=True)
            if a.get("type") == "Capacity" and a.get("kind") == "theoretical"]
    assert theo and all(a.get("cycles") is None and a.get("retention_percent") is None for a in theo)
    rows = list(csv.DictReader(io.StringIO(neo4j_csv(g)["nodes.csv"].decode())))
    theo_rows = [r for r in rows if r[":LABEL"] == "Capacity" and r["kind:string"] == "theoretical"]
    assert theo_rows and all(r.get("cycles:long", "") == "" and r.get("retention_percent:double", "") == ""
                             for r in theo_rows)


def test_graph_bad_format(tmp_path):
    with pytest.raises(ExportError, match="unknown graph format"):
        export_graph(_hand_graph(), tmp_path / "g.dot")


def test_graph_from_store_round_trip_and_stable(store, tmp_path):
    from kb.export.graph import graph_of as build_graph
    g = build_graph(store)
    for fmt in ("graphml", "gexf", "json"):
        export_graph(g, tmp_path / f"a.{fmt}")
        export_graph(build_graph(store), tmp_path / f"b.{fmt}")
        assert (tmp_path / f"a.{fmt}").read_bytes() == (tmp_path / f"b.{fmt}").read_bytes(), fmt
    back = nx.read_graphml(tmp_path / "a.graphml")
    assert back.number_of_nodes() == g.number_of_nodes()
    assert back.number_of_edges() == g.number_of_edges()
    assert "Material:Bi2S3" in back
    export_graph(g, tmp_path / "n1", "neo4j-csv")
    export_graph(build_graph(store), tmp_path / "n2", "neo4j-csv")
    for name in ("nodes.csv", "relationships.csv"):
        assert (tmp_path / "n1" / name).read_bytes() == (tmp_path / "n2" / name).read_bytes()


# --------------------------------------------------------------------------- CLI
def _run(args, capsys):
    from kb.cli import main
    old = sys.argv
    sys.argv = ["kb", *args]
    try:
        main()
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    finally:
        sys.argv = old
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_exports(db, tmp_path, capsys):
    code, out, _ = _run(["export", "facts", "--schema"], capsys)
    assert code == 0 and json.loads(out) == facts_schema()
    code, _, err = _run(["export", "facts", "--db", str(db), "--out", str(tmp_path / "f.jsonl")], capsys)
    assert code == 0 and f"wrote {N_FACTS} facts" in err
    code, _, err = _run(["export", "table", "--db", str(db), "--kind", "materials",
                         "--out", str(tmp_path / "m.xlsx")], capsys)
    assert code == 0 and (tmp_path / "m.xlsx").exists()
    code, _, err = _run(["export", "table", "--db", str(db), "--kind", "colours",
                         "--out", str(tmp_path / "m.csv")], capsys)
    assert code == 1 and err.startswith("kb: unknown --kind 'colours'")
    code, _, err = _run(["export", "facts", "--db", str(db), "--out", str(tmp_path / "f.doc")], capsys)
    assert code == 1 and "unknown format" in err and "Traceback" not in err
    code, _, err = _run(["export", "facts", "--db", str(tmp_path / "nope.sqlite"),
                         "--out", str(tmp_path / "f.csv")], capsys)
    assert code == 1 and "no knowledge base" in err


def test_cli_export_graph(db, tmp_path, capsys):
    code, _, err = _run(["export", "graph", "--db", str(db), "--out", str(tmp_path / "g.graphml")], capsys)
    assert code == 0, err
    code, _, err = _run(["export", "graph", "--db", str(db), "--format", "neo4j-csv",
                         "--out", str(tmp_path / "neo")], capsys)
    assert code == 0 and (tmp_path / "neo" / "nodes.csv").exists()


def test_exports_of_an_empty_store(tmp_path):
    path = tmp_path / "empty.sqlite"
    Store.open(path).close()
    with Store.open(path, readonly=True) as st:
        assert export_facts(st, tmp_path / "f.csv") == 0
        assert (tmp_path / "f.csv").read_text().splitlines() == [",".join(COLUMNS)]
        assert export_facts(st, tmp_path / "f.parquet") == 0
        assert pq.read_table(tmp_path / "f.parquet").num_rows == 0
        for kind in TABLE_KINDS:
            assert export_table(st, kind, tmp_path / f"{kind}.xlsx") == 0
            ws = openpyxl.load_workbook(tmp_path / f"{kind}.xlsx").active
            assert ws.max_row == 1  # header only
        from kb.export.graph import graph_of
        assert export_graph(graph_of(st), tmp_path / "g.graphml") == (0, 0)
