"""kb.eval: the gold README scoring rules on small hand-written fixtures, plus the real gold."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.cli.app import app
from kb.eval import EvalInputError, load_gold, load_predictions, score

P = "p1"


def rec(type_: str, material: str, ion: str | None = "Na", **kw) -> dict:
    return {"paper": kw.pop("paper", P), "type": type_, "material": material, "ion": ion, **kw}


def gold_of(*records: dict) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for r in records:
        out.setdefault(r["paper"], []).append(r)
    return out


def counts(report, t: str) -> tuple[int, int, int]:
    c = report.by_type[t]
    return c.tp, c.fp, c.fn


# --- one test per matching rule -------------------------------------------------------

def test_material_matches_by_composition_ignoring_role():
    g = gold_of(rec("material", "Bi0.33Sb0.67", role="anode"))
    r = score([rec("material", "Sb0.67Bi0.33", role="active")], g)
    assert counts(r, "material") == (1, 0, 0)
    assert r.by_type["material"].f1 == 1.0


def test_material_mismatch_is_fp_and_miss():
    g = gold_of(rec("material", "MoS2"))
    r = score([rec("material", "MoSe2")], g)
    assert counts(r, "material") == (0, 1, 1)
    assert r.misses[0]["material"] == "MoS2"
    assert r.false_positives[0]["material"] == "MoSe2"


def test_mechanism_needs_mechanism_and_ion():
    g = gold_of(rec("mechanism", "Bi2S3", mechanism="conversion"),
                rec("mechanism", "Bi2S3", mechanism="alloying"))
    pred = [rec("mechanism", "Bi2S3", mechanism="conversion"),           # TP
            rec("mechanism", "Bi2S3", ion="K", mechanism="alloying"),    # wrong ion: FP
            rec("mechanism", "Bi2S3", mechanism="intercalation")]        # FP
    r = score(pred, g)
    assert counts(r, "mechanism") == (1, 2, 1)


def test_ion_only_matters_for_mechanism():
    g = gold_of(rec("technique", "Bi2S3", technique="TEM", mode="in_situ"))
    r = score([rec("technique", "Bi2S3", ion=None, technique="TEM", mode=None)], g)
    assert counts(r, "technique") == (1, 0, 0)


def test_phase_by_composition():
    g = gold_of(rec("phase", "Bi2S3", phase="NaxBi2S3", role="intermediate"),
                rec("phase", "Bi2S3", phase="Na3Bi", role="product"))
    pred = [rec("phase", "Bi2S3", phase="Bi2S3Nax", role="product"),
            rec("phase", "Bi2S3", phase="NaBi", role="product")]
    r = score(pred, g)
    assert counts(r, "phase") == (1, 1, 1)


def test_capacity_value_within_one_percent_same_unit():
    g = gold_of(rec("capacity", "Sn", value=847.0, unit="mAh/g", kind="theoretical"))
    assert counts(score([rec("capacity", "Sn", value=853.0, unit="mAh/g", kind="reversible")], g),
                  "capacity") == (1, 0, 0)  # 0.7 % off, kind does not take part
    assert counts(score([rec("capacity", "Sn", value=857.0, unit="mAh/g")], g),
                  "capacity") == (0, 1, 1)  # 1.2 % off
    assert counts(score([rec("capacity", "Sn", value=847.0, unit="mAh/cm3")], g),
                  "capacity") == (0, 1, 1)


def test_technique_and_phenomenon_names():
    g = gold_of(rec("technique", "FeS2", technique="XRD", mode="in_situ"),
                rec("phenomenon", "FeS2", phenomenon="volume_expansion", value=180, unit="%"))
    pred = [rec("technique", "FeS2 nanotubes", technique="XRD", mode="ex_situ"),
            rec("technique", "FeS2", technique="XPS"),
            rec("phenomenon", "FeS2", phenomenon="volume_expansion"),
            rec("phenomenon", "FeS2", phenomenon="cracking")]
    r = score(pred, g)
    assert counts(r, "technique") == (1, 1, 0)
    assert counts(r, "phenomenon") == (1, 1, 0)


def test_composite_matches_first_component_both_ways():
    g = gold_of(rec("mechanism", "WSSe@CPCS", mechanism="conversion"),
                rec("mechanism", "Sb", mechanism="alloying"))
    pred = [rec("mechanism", "WSSe", mechanism="conversion"),
            rec("mechanism", "Sb/C", mechanism="alloying")]
    assert counts(score(pred, g), "mechanism") == (2, 0, 0)
    # the second component is not the material
    assert counts(score([rec("mechanism", "CPCS", mechanism="conversion")], g),
                  "mechanism") == (0, 1, 2)


# --- uncertain lines, duplicates, scope -----------------------------------------------

def test_uncertain_gold_is_neither_fp_nor_miss():
    g = gold_of(rec("material", "Bi2S3", role="anode"),
                rec("material", "graphite", role="anode", uncertain=True))
    r = score([rec("material", "Bi2S3"), rec("material", "graphite")], g)
    assert counts(r, "material") == (1, 0, 0)
    assert r.by_type["material"].ignored == 1
    r = score([rec("material", "Bi2S3")], g)  # missing the uncertain one is no miss
    assert counts(r, "material") == (1, 0, 0) and r.misses == []


def test_duplicates_count_once():
    g = gold_of(rec("mechanism", "Bi2S3", mechanism="conversion"),
                rec("mechanism", "Bi2S3", mechanism="conversion", quote="again"))
    pred = [rec("mechanism", "Bi2S3", mechanism="conversion", evidence="s1"),
            rec("mechanism", "Bi2S3 nanorods", mechanism="conversion", evidence="s2"),
            rec("mechanism", "bismuth sulfide", mechanism="conversion", evidence="s3")]
    r = score(pred, g)
    assert counts(r, "mechanism") == (1, 0, 0)
    assert r.by_type["mechanism"].duplicates == 2
    # a wrong fact predicted three times is one false positive
    r = score([rec("mechanism", "Bi2S3", mechanism="plating")] * 3, g)
    assert counts(r, "mechanism") == (0, 1, 1)


def test_one_prediction_confirms_one_gold_fact():
    g = gold_of(rec("material", "WSSe"), rec("material", "WSSe@CPCS"))
    r = score([rec("material", "WSSe")], g)
    assert counts(r, "material") == (1, 0, 1)
    r = score([rec("material", "WSSe@CPCS"), rec("material", "WSSe")], g)
    assert counts(r, "material") == (2, 0, 0)


def test_papers_without_gold_are_ignored_and_missing_papers_are_all_misses():
    g = gold_of(rec("material", "Sn"), rec("material", "Sb", paper="p2"))
    r = score([rec("material", "Sn"), rec("material", "Ge", paper="p9")], g)
    assert r.ignored_papers == ["p9"]
    assert counts(r, "material") == (1, 0, 1)
    assert r.by_paper["p1"].f1 == 1.0 and r.by_paper["p2"].recall == 0.0


def test_micro_sums_types_and_fp_keeps_evidence():
    g = gold_of(rec("material", "Sn"), rec("technique", "Sn", technique="TEM"))
    pred = [rec("material", "Sn"), rec("technique", "Sn", technique="SEM", evidence="We used SEM.",
                                        section="Methods")]
    r = score(pred, g)
    m = r.micro
    assert (m.tp, m.fp, m.fn) == (1, 1, 1)
    assert m.precision == pytest.approx(0.5) and m.recall == pytest.approx(0.5)
    assert r.false_positives == [{**pred[1], "near": ["Sn technique=TEM"]}]
    assert r.misses == [{**g["p1"][1], "near": ["Sn technique=SEM"]}]


def test_near_misses_name_right_statement_wrong_material():
    g = gold_of(rec("phase", "Bi2S3", phase="Na3Bi", role="product"))
    r = score([rec("phase", "Sb2S3", phase="Na3Bi", role="product")], g)
    assert r.false_positives[0]["near"] == ["Bi2S3 phase=Na3Bi"]
    assert r.misses[0]["near"] == ["Sb2S3 phase=Na3Bi"]


# --- files and CLI --------------------------------------------------------------------

def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_load_gold_dir_and_prediction_shapes(tmp_path):
    gdir = tmp_path / "gold"
    gdir.mkdir()
    write_jsonl(gdir / "p1.jsonl", [rec("material", "Sn", quote="q", scope="Intro")])
    write_jsonl(gdir / "p2.jsonl", [rec("material", "Sb", paper="p2")])
    gold = load_gold(gdir)
    assert sorted(gold) == ["p1", "p2"]
    # Fact.model_dump() shape: nested evidence
    dumped = {**rec("material", "Sn"), "evidence": {"sentence": "Sn anodes.", "section": "Intro"}}
    preds = load_predictions(write_jsonl(tmp_path / "pred.jsonl", [dumped]))
    assert preds[0]["evidence"] == "Sn anodes." and preds[0]["section"] == "Intro"


@pytest.mark.parametrize("content,reason", [
    ("{not json\n", "invalid JSON"),
    ('{"paper": "p1", "type": "material"}\n', "missing material"),
    ("[1, 2]", "not a JSON object"),
])
def test_bad_input_names_the_reason(tmp_path, content, reason):
    f = tmp_path / "bad.jsonl"
    f.write_text(content, encoding="utf-8")
    with pytest.raises(EvalInputError) as e:
        load_gold(f)
    assert reason in e.value.reason and e.value.path == str(f)


def test_cli_table_json_errors_and_exit_codes(tmp_path):
    gold = write_jsonl(tmp_path / "g.jsonl", [rec("material", "Sn", quote="Sn was studied", scope="Intro"),
                                              rec("material", "Sb")])
    pred = write_jsonl(tmp_path / "p.jsonl", [rec("material", "Sn"),
                                              rec("material", "Ge", evidence="Ge too.", section="Results")])
    runner = CliRunner()
    res = runner.invoke(app, ["eval", "--gold", str(gold), "--pred", str(pred), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert list(data) == ["micro", "by_type", "by_paper", "by_paper_type", "misses",
                          "false_positives", "ignored_papers"]
    assert list(data["by_type"]) == ["material", "mechanism", "phase", "capacity", "technique",
                                     "phenomenon"]
    assert data["by_paper_type"]["p1"]["material"]["fn"] == 1
    assert data["micro"]["tp"] == 1 and data["micro"]["fp"] == 1 and data["micro"]["fn"] == 1
    assert data["by_type"]["material"]["precision"] == 0.5
    res = runner.invoke(app, ["eval", "--gold", str(gold), "--pred", str(pred), "--errors"])
    assert res.exit_code == 0
    assert "MISS" in res.stdout and "Sb" in res.stdout and "Ge too." in res.stdout
    assert "micro" in res.stdout
    res = runner.invoke(app, ["eval", "--gold", str(tmp_path / "nope"), "--pred", str(pred)])
    assert res.exit_code != 0
    assert f"kb: {tmp_path / 'nope'}: no such file or directory" in res.stderr


def test_cli_scores_only_the_papers_given(tmp_path):
    """A gold paper that was not given (not a FILE, absent from --pred) is named, not all misses."""
    gold = write_jsonl(tmp_path / "g.jsonl", [rec("material", "Sn"),
                                              rec("material", "Sb", paper="p2")])
    pred = write_jsonl(tmp_path / "p.jsonl", [rec("material", "Sn")])
    res = CliRunner().invoke(app, ["eval", "--gold", str(gold), "--pred", str(pred), "--format", "json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["micro"]["fn"] == 0 and data["micro"]["tp"] == 1
    assert list(data["by_paper"]) == ["p1"]
    assert "not scored: p2" in res.stderr


# --- the real gold ----------------------------------------------------------------------

@pytest.mark.shared
def test_real_gold_scored_against_itself_is_perfect(shared_gold):
    gold = load_gold(shared_gold)
    assert len(gold) == 3
    everything = [r for recs in gold.values() for r in recs]  # uncertain lines included
    report = score(everything, gold)
    for t, c in report.by_type.items():
        assert (c.precision, c.recall, c.f1) == (1.0, 1.0, 1.0), t
        assert c.fp == 0 and c.fn == 0
    assert report.micro.tp > 400
    assert report.micro.ignored > 0  # uncertain-only predictions were ignored, not counted
    # dropping one sure fact costs recall, not precision
    sure = [r for r in everything if not r.get("uncertain")]
    drop = next(r for r in sure if r["type"] == "capacity")
    rest = [r for r in everything if r is not drop and r != drop]
    report = score(rest, gold)
    assert report.by_type["capacity"].fn >= 1 and report.by_type["capacity"].fp == 0
