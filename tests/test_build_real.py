"""End to end on the real papers (../shared/corpus) plus the sample corpus/:
`kb build` then `kb show Bi2S3` shows the sodiation pathway with evidence."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from kb.chem import flatten
from kb.query.profile import UnknownMaterial, material_profile
from kb.store import Store
from kb.store.build import build, iter_inputs

KB = [sys.executable, "-c", "from kb.cli import main; main()"]


@pytest.fixture(scope="module")
def real_db(tmp_path_factory, shared_corpus, sample_corpus):
    db = tmp_path_factory.mktemp("real") / "kb.sqlite"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KB_PIPELINE_VERSION", "real-test")  # one code version for the module
        report = build(db, [shared_corpus, sample_corpus], workers=2)
        yield db, report, [shared_corpus, sample_corpus]


def test_real_build_has_no_failures(real_db):
    db, report, inputs = real_db
    n_files = sum(1 for _ in iter_inputs(inputs))
    assert report.failed == [] and len(report.added) == n_files
    with Store.open(db, readonly=True) as st:
        s = st.stats()
        assert st.integrity_check() == "ok"
    assert s["papers_ok"] == n_files and s["facts"] > 0 and s["sentences"] > 0
    assert set(s["facts_by_type"]) >= {"material", "mechanism", "phase", "technique"}


def test_real_rebuild_is_all_unchanged(real_db):
    db, _, inputs = real_db
    r = build(db, inputs, workers=1)
    assert r.processed == 0 and len(r.unchanged) == sum(1 for _ in iter_inputs(inputs))


def test_show_bi2s3_pathway_with_evidence(real_db):
    db, _, _ = real_db
    with Store.open(db, readonly=True) as st:
        prof = material_profile(st, "bismuth sulfide")  # a name, resolved to the formula
    assert prof["material"] == "Bi2S3"
    assert {"conversion", "alloying"} <= {m["mechanism"] for m in prof["mechanisms"]["Na"]}
    na = [p for p in prof["pathways"] if p["ion"] == "Na"]
    assert na, "no sodiation pathway"
    pw = na[0]
    phases = [s["phase"] for step in pw["steps"] for s in step]
    assert len(pw["steps"]) >= 3 and "Na3Bi" in phases and "Na2S" in phases
    assert pw["text"].startswith("Bi2S3 -> ")
    roles = [s["role"] for step in pw["steps"] for s in step]
    assert roles.index("product") > roles.index("intermediate")  # intermediates come first
    for step in pw["steps"]:
        for s in step:  # every step is backed by a sentence naming the phase
            assert s["phase"] in flatten(s["evidence"]).replace(" ", ""), s
    assert any(t["technique"] in ("TEM", "HRTEM", "SAED") and t["mode"] == "in_situ"
               for t in prof["techniques"])


def test_show_cli_on_real_db(real_db):
    db, _, _ = real_db
    out = subprocess.run(KB + ["show", "Bi₂S₃", "--db", str(db), "--format", "json"],
                         capture_output=True, text=True, check=True)
    prof = json.loads(out.stdout)
    assert prof["material"] == "Bi2S3" and prof["pathways"]
    table = subprocess.run(KB + ["show", "Bi2S3", "--db", str(db)], capture_output=True,
                           text=True, check=True, env={"COLUMNS": "200", "PATH": ""})
    assert "Pathway (Na" in table.stdout and "Na3Bi" in table.stdout
    bad = subprocess.run(KB + ["show", "MoSe3", "--db", str(db)], capture_output=True, text=True)
    assert bad.returncode == 1 and bad.stdout == ""
    assert bad.stderr.startswith("kb: no material 'MoSe3'; closest: ")
    assert "Traceback" not in bad.stderr


def test_unknown_material_raises_with_closest(real_db):
    db, _, _ = real_db
    with Store.open(db, readonly=True) as st:
        with pytest.raises(UnknownMaterial, match="closest: graphite"):
            material_profile(st, "graphit")


def test_real_graph(real_db):
    from kb.graph import build_graph
    db, _, _ = real_db
    with Store.open(db, readonly=True) as st:
        g = build_graph(st)
    assert any(k.startswith("FORMS|Na|product") for k in g["Material:Bi2S3"]["Phase:Na3Bi"])
    into_na3bi = [(u, k, d) for u, _, k, d in g.in_edges("Phase:Na3Bi", keys=True, data=True)
                  if d["relation"] == "TRANSFORMS_TO" and d["material"] == "Bi2S3"]
    assert into_na3bi and all(d["evidence"] and d["ion"] == "Na" for _, _, d in into_na3bi)
    assert any(d["relation"] == "COMPOSITE_OF"
               for d in g.get_edge_data("Material:WSSe@CPCS", "Material:WSSe", default={}).values())
    assert g.nodes["Paper:000_8e812349092636cf"]["doi"]


def test_real_build_identical_with_one_worker(real_db, tmp_path):
    db, _, inputs = real_db
    serial = tmp_path / "serial.sqlite"
    build(serial, inputs, workers=1)
    with Store.open(db, readonly=True) as a, Store.open(serial, readonly=True) as b:
        fa, fb = a.facts(), b.facts()
        assert len(fa) > 0 and fa.equals(fb)  # fact ids included
        assert a.evidence().equals(b.evidence())


def test_real_bi2s3_pathway_in_chemical_order(real_db):
    """The sodiation pathway follows the reduction of Bi (kb.graph.pathway), not the
    order the paper mentions phases in: NaxBi2S3/NaBiS2 (Bi +3) before Bi (0, with
    the by-product Na2S), Bi before NaBi, NaBi before Na3Bi. Extraction may find a
    few phases more or fewer, so only the relative order of those present is fixed."""
    db, _, _ = real_db
    with Store.open(db, readonly=True) as st:
        prof = material_profile(st, "Bi2S3")
    pw = next(p for p in prof["pathways"] if p["ion"] == "Na"
              and p["paper"].startswith("000"))
    assert pw["text"].startswith("Bi2S3 -> ")
    forward = pw["text"].split(" (reverse: ")[0].split(" -> ")[1:]
    stage = {}
    for i, text in enumerate(forward):
        for part in text.replace(" + ", "/").split("/"):
            stage.setdefault(part, i)
    assert {"Bi", "Na3Bi"} <= set(stage), pw["text"]
    first = [stage[p] for p in ("NaxBi2S3", "NaBiS2") if p in stage]
    assert first and max(first) < stage["Bi"], pw["text"]
    chain = [stage[p] for p in ("Bi", "NaBi", "Na3Bi") if p in stage]
    assert chain == sorted(chain) and len(set(chain)) == len(chain), pw["text"]
    for by in ("Na2S", "NaxS"):
        if by in stage:
            assert stage[by] == stage["Bi"], pw["text"]  # formed together with Bi
    bi_step = next(s for s in pw["steps"] if any(x["phase"] == "Bi" for x in s))
    assert all(x["evidence"] for x in bi_step)
