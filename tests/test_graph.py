"""Graph: typed nodes, aggregated edges with evidence, pathway order, composites."""
from __future__ import annotations

import pytest

from kb.graph import build_graph
from kb.graph import pathway
from kb.store import Store
from kbstore_helpers import article, fact, processed

S = {
    "mat": "Bi2S3 nanorods are a promising anode for sodium-ion batteries.",
    "conv": "Bi2S3 undergoes a conversion reaction followed by alloying.",
    "p1": "Sodiation first forms NaxBi2S3.",
    "p2": "Then Bi and Na2S appear.",
    "p3": "Finally Na3Bi is the fully sodiated product.",
    "cap": "The electrode delivers 512 mAh/g at 0.1 A/g after 100 cycles.",
    "tem": "In situ TEM tracked the reaction front.",
    "comp": "WSSe@CPCS shows a small volume expansion.",
}


def _paper(pid: str, material: str = "Bi2S3"):
    art = article(pid, {"Results": list(S.values())}, doi=f"10.1/{pid}")
    f = [
        fact(pid, "material", material, S["mat"], role="anode", ion="Na"),
        fact(pid, "mechanism", material, S["conv"], mechanism="conversion", ion="Na"),
        fact(pid, "mechanism", material, S["conv"], mechanism="alloying", ion="Na"),
        fact(pid, "phase", material, S["p1"], phase="NaxBi2S3", role="intermediate", ion="Na", order=1),
        fact(pid, "phase", material, S["p2"], phase="Bi", role="intermediate", ion="Na", order=2),
        fact(pid, "phase", material, S["p2"], phase="Na2S", role="intermediate", ion="Na", order=2),
        fact(pid, "phase", material, S["p3"], phase="Na3Bi", role="product", ion="Na", order=3),
        fact(pid, "capacity", material, S["cap"], value=512.0, unit="mAh/g", kind="reversible",
             current="0.1 A/g", cycles=100, ion="Na"),
        fact(pid, "capacity", material, S["cap"], value=390.0, unit="mAh/g", kind="theoretical",
             ion="Na"),  # no current, no cycles: missing values must not break the graph
        fact(pid, "technique", material, S["tem"], technique="TEM", mode="in_situ", ion="Na"),
        fact(pid, "phenomenon", "WSSe@CPCS", S["comp"], phenomenon="volume_expansion", ion="Na"),
        fact(pid, "material", "WSSe", S["comp"], role="anode", ion="Na"),
    ]
    return processed(art, f)


@pytest.fixture
def graph(tmp_path):
    with Store.open(tmp_path / "kb.sqlite") as st:
        st.write_paper(_paper("p1"))
        st.write_paper(_paper("p2", material="bismuth sulfide"))
        st.refresh_entities()
        yield build_graph(st), st


def test_nodes_are_typed_and_resolved(graph):
    g, _ = graph
    assert g.nodes["Material:Bi2S3"]["type"] == "Material"
    assert g.nodes["Material:Bi2S3"]["spellings"] == ["Bi2S3", "bismuth sulfide"]
    assert "Material:bismuth sulfide" not in g
    types = {d["type"] for _, d in g.nodes(data=True)}
    assert types == {"Paper", "Material", "Phase", "Technique", "Mechanism", "Phenomenon",
                     "Ion", "Capacity"}


def test_edges_aggregate_facts_across_papers(graph):
    g, _ = graph
    d = g.edges["Material:Bi2S3", "Mechanism:conversion", "UNDERGOES|Na"]
    assert d["relation"] == "UNDERGOES" and d["ion"] == "Na"
    assert d["papers"] == ["p1", "p2"] and len(d["facts"]) == 2
    assert d["evidence"][0]["sentence"] == S["conv"]
    assert g.has_edge("Material:Bi2S3", "Technique:TEM", "STUDIED_BY|in_situ")
    assert g.has_edge("Material:Bi2S3", "Paper:p2", "REPORTED_IN")
    caps = [v for _, v, k in g.out_edges("Material:Bi2S3", keys=True) if k == "HAS_CAPACITY"]
    assert len(caps) == 4 and g.nodes[caps[0]]["value"] == 512.0
    assert g.nodes[caps[0]]["cycles"] == 100
    assert g.nodes[caps[1]]["value"] == 390.0 and g.nodes[caps[1]]["cycles"] is None  # not reported: None, never 0


def test_pathway_follows_order(graph):
    g, _ = graph
    tr = sorted((u, v) for u, v, k in g.edges(keys=True) if k.startswith("TRANSFORMS_TO"))
    # by-products (Na2S) are not reduced further: no edge leaves them
    assert tr == [("Phase:Bi", "Phase:Na3Bi"),
                  ("Phase:NaxBi2S3", "Phase:Bi"), ("Phase:NaxBi2S3", "Phase:Na2S")]
    d = g.edges["Phase:NaxBi2S3", "Phase:Bi", "TRANSFORMS_TO|Na|Bi2S3"]
    assert d["papers"] == ["p1", "p2"] and d["material"] == "Bi2S3"
    assert g.has_edge("Material:Bi2S3", "Phase:Na3Bi", "FORMS|Na|product|3")


def test_composite_of(graph):
    g, _ = graph
    assert g.has_edge("Material:WSSe@CPCS", "Material:WSSe", "COMPOSITE_OF")
    assert g.has_edge("Material:WSSe@CPCS", "Phenomenon:volume_expansion", "SHOWS|Na")


def test_graph_is_deterministic(graph):
    g, st = graph
    g2 = build_graph(st)
    assert list(g.nodes(data=True)) == list(g2.nodes(data=True))
    assert list(g.edges(keys=True, data=True)) == list(g2.edges(keys=True, data=True))


def test_pathway_steps_and_render():
    st = pathway.steps([("intermediate", 2, "Bi", 1), ("sei", 5, "NaF", 2),
                        ("product", 1, "Na3Bi", 3),  # named first (abstract), still last
                        ("intermediate", 1, "NaxBi2S3", 4), ("intermediate", 2, "Na2S", 5),
                        ("intermediate", 2, "Bi", 6), ("reformed", 6, "Bi2S3", 7),
                        ("intermediate", None, "NaBi", 8)])
    # no host/ion given: stated-order fallback; reformed phases are the reverse segment
    assert pathway.render("Bi2S3", st) == \
        "Bi2S3 -> NaxBi2S3 -> Bi + Na2S -> NaBi -> Na3Bi (reverse: Bi2S3)"
    assert pathway.transitions(st)[:2] == [("NaxBi2S3", "Bi"), ("NaxBi2S3", "Na2S")]
    assert pathway.steps([]) == []
