"""A small hand-made knowledge base for query, ask and export tests.

Every sentence is written by us. The papers are built to make the query
semantics testable, not to look like real chemistry:
- q1 (Na): Bi2S3 anode, conversion + alloying + intercalation, a full sodiation
  pathway with stated order, irreversible first cycle, in situ TEM / XRD, capacities.
- q2 (Na named once): Sb anode, alloying, cracking and volume expansion stated
  without an ion (the paper's only ion is Na, so they count as Na).
- q3 (Li): Bi2S3 cracking with Li only; FeS2 irreversible first cycle with Li.
- q4 (K): FeS2 conversion with K (conversion and irreversibility never share an ion).
- q5 (Na): Na3V2(PO4)3 cathode, intercalation, capacity fading; hard carbon anode;
  TiO2 amorphization stated without an ion.
"""
from __future__ import annotations

from pathlib import Path

from kb.pipeline import Processed
from kb.store import Store
from schemas.article import Article, Paragraph, Section, SourceFormat
from schemas.fact import Evidence, Fact, FactType


def _fact(paper, type_, material, sentence, section="Results", confidence=0.9, **kw):
    return Fact(paper=paper, type=FactType(type_), material=material,
                evidence=Evidence(paper=paper, section=section, sentence=sentence,
                                  extractor="test", confidence=confidence), **kw)


S = {
    "q1_intro": "Bi2S3 is a promising anode for sodium-ion batteries.",
    "q1_mech": "During sodiation Bi2S3 undergoes intercalation, then conversion, then alloying.",
    "q1_path1": "Sodium first enters Bi2S3 to give NaxBi2S3 and then NaBiS2.",
    "q1_path2": "Further sodiation forms NaBi and finally Na3Bi together with Na2S.",
    "q1_rev": "After desodiation Bi2S3 is reformed.",
    "q1_irr": "The first cycle of Bi2S3 shows a large irreversible capacity loss.",
    "q1_tem": "In situ TEM followed the sodiation front in Bi2S3 nanowires.",
    "q1_xrd": "Ex situ XRD identified the sodiated products of Bi2S3.",
    "q1_cap": "Bi2S3 delivered 650 mAh/g at 0.1 A/g after 100 cycles.",
    "q1_cap2": "At 2 A/g Bi2S3 still delivered 410 mAh/g after 500 cycles.",
    "q1_theo": "The theoretical capacity of Bi2S3 is 625 mAh/g.",
    "q2_intro": "Sb is studied as an anode for Na-ion cells.",
    "q2_mech": "Sb reacts with sodium by an alloying reaction.",
    "q2_crack": "Large Sb particles crack after the first cycles.",
    "q2_vol": "The volume of Sb expands by 293% on full reaction.",
    "q2_cap": "Sb retains 580 mAh/g at 100 mA/g over 200 cycles.",
    "q2_tem": "TEM images show the cracked Sb particles.",
    "q3_crack": "Bi2S3 rods fracture during lithiation.",
    "q3_mech": "Bi2S3 converts to Bi and Li2S with lithium.",
    "q3_fes2": "FeS2 loses much capacity in the first lithiation cycle.",
    "q4_fes2": "FeS2 reacts with potassium through a conversion reaction.",
    "q5_cath": "Na3V2(PO4)3 is a cathode that stores sodium by intercalation.",
    "q5_fade": "The capacity of Na3V2(PO4)3 fades slowly over 1000 cycles.",
    "q5_hc": "Hard carbon was used as the anode for the full cell.",
    "q5_hc_cap": "Hard carbon delivered 300 mAh/g at 0.05 A/g.",
    "q5_tio2": "A thin TiO2 coating became amorphous during cycling.",
}


def papers() -> list[tuple[Article, list[Fact]]]:
    out = []

    def paper(pid, doi, title, paragraphs, facts):
        art = Article(id=pid, source_path=f"{pid}.txt", source_format=SourceFormat.PDF_TEXT,
                      doi=doi, title=title, year=2021,
                      sections=[Section(title=t, paragraphs=[Paragraph(text=p) for p in ps])
                                for t, ps in paragraphs.items()])
        for f in facts:
            f.doi = doi
        out.append((art, facts))

    p = "q1_bi2s3"
    paper(p, "10.1000/q1", "Sodiation of Bi2S3 nanowires",
          {"Introduction": [S["q1_intro"]],
           "Results": [" ".join(S[k] for k in ("q1_mech", "q1_path1", "q1_path2", "q1_rev",
                                                 "q1_irr", "q1_tem", "q1_xrd"))],
           "Electrochemistry": [" ".join(S[k] for k in ("q1_cap", "q1_cap2", "q1_theo"))]},
          [_fact(p, "material", "Bi2S3", S["q1_intro"], "Introduction", ion="Na", role="anode"),
           _fact(p, "mechanism", "Bi2S3", S["q1_mech"], ion="Na", mechanism="intercalation"),
           _fact(p, "mechanism", "Bi2S3", S["q1_mech"], ion="Na", mechanism="conversion"),
           _fact(p, "mechanism", "Bi2S3", S["q1_mech"], ion="Na", mechanism="alloying"),
           _fact(p, "phase", "Bi2S3", S["q1_path2"], ion="Na", phase="Na3Bi", role="product", order=4),
           _fact(p, "phase", "Bi2S3", S["q1_path1"], ion="Na", phase="NaxBi2S3", role="intermediate", order=1),
           _fact(p, "phase", "Bi2S3", S["q1_path1"], ion="Na", phase="NaBiS2", role="intermediate", order=2),
           _fact(p, "phase", "Bi2S3", S["q1_path2"], ion="Na", phase="NaBi", role="intermediate", order=3),
           _fact(p, "phase", "Bi2S3", S["q1_path2"], ion="Na", phase="Na2S", role="product", order=4),
           _fact(p, "phase", "Bi2S3", S["q1_rev"], ion="Na", phase="Bi2S3", role="reformed"),
           _fact(p, "phenomenon", "Bi2S3", S["q1_irr"], ion="Na", phenomenon="irreversible_first_cycle"),
           _fact(p, "technique", "Bi2S3", S["q1_tem"], ion="Na", technique="TEM", mode="in_situ"),
           _fact(p, "technique", "Bi2S3", S["q1_xrd"], ion="Na", technique="XRD", mode="ex_situ"),
           _fact(p, "capacity", "Bi2S3", S["q1_cap"], "Electrochemistry", ion="Na", value=650.0,
                 unit="mAh/g", kind="reversible", current="0.1 A/g", cycles=100),
           _fact(p, "capacity", "Bi2S3", S["q1_cap2"], "Electrochemistry", ion="Na", value=410.0,
                 unit="mAh/g", kind="reversible", current="2 A/g", cycles=500),
           _fact(p, "capacity", "Bi2S3", S["q1_theo"], "Electrochemistry", ion="Na", value=625.0,
                 unit="mAh/g", kind="theoretical")])

    p = "q2_sb"
    paper(p, "10.1000/q2", "Cracking of Sb anodes",
          {"Results": [" ".join(S[k] for k in ("q2_intro", "q2_mech", "q2_crack", "q2_vol",
                                                "q2_cap", "q2_tem"))]},
          [_fact(p, "material", "Sb", S["q2_intro"], ion="Na", role="anode"),
           _fact(p, "mechanism", "Sb", S["q2_mech"], mechanism="alloying"),
           _fact(p, "phenomenon", "Sb", S["q2_crack"], phenomenon="cracking"),
           _fact(p, "phenomenon", "Sb", S["q2_vol"], phenomenon="volume_expansion", value=293.0, unit="%"),
           _fact(p, "capacity", "Sb", S["q2_cap"], value=580.0, unit="mAh/g", kind="reversible",
                 current="100 mA/g", cycles=200),
           _fact(p, "technique", "Sb", S["q2_tem"], technique="TEM")])

    p = "q3_li"
    paper(p, "10.1000/q3", "Lithiation of sulfides",
          {"Results": [" ".join(S[k] for k in ("q3_crack", "q3_mech", "q3_fes2"))]},
          [_fact(p, "phenomenon", "Bi2S3", S["q3_crack"], ion="Li", phenomenon="cracking"),
           _fact(p, "mechanism", "Bi2S3", S["q3_mech"], ion="Li", mechanism="conversion"),
           _fact(p, "phase", "Bi2S3", S["q3_mech"], ion="Li", phase="Li2S", role="product"),
           _fact(p, "phenomenon", "FeS2", S["q3_fes2"], ion="Li", phenomenon="irreversible_first_cycle")])

    p = "q4_k"
    paper(p, None, "Potassiation of FeS2",
          {"Results": [S["q4_fes2"]]},
          [_fact(p, "mechanism", "FeS2", S["q4_fes2"], ion="K", mechanism="conversion")])

    p = "q5_full"
    paper(p, "10.1000/q5", "A sodium full cell",
          {"Results": [" ".join(S[k] for k in ("q5_cath", "q5_fade", "q5_hc", "q5_hc_cap",
                                                "q5_tio2"))]},
          [_fact(p, "material", "Na3V2(PO4)3", S["q5_cath"], ion="Na", role="cathode"),
           _fact(p, "mechanism", "Na3V2(PO4)3", S["q5_cath"], ion="Na", mechanism="intercalation"),
           _fact(p, "phenomenon", "Na3V2(PO4)3", S["q5_fade"], ion="Na", phenomenon="capacity_fading"),
           _fact(p, "material", "hard carbon", S["q5_hc"], ion="Na", role="anode"),
           _fact(p, "capacity", "hard carbon", S["q5_hc_cap"], ion="Na", value=300.0, unit="mAh/g",
                 kind="reversible", current="0.05 A/g"),
           # no ion anywhere for TiO2: it takes the paper's only ion (Na)
           _fact(p, "phenomenon", "TiO2", S["q5_tio2"], phenomenon="amorphization")])
    return out


def build(path: Path) -> Path:
    with Store.open(path) as st:
        for art, facts in papers():
            st.write_paper(Processed(path=f"/nonexistent/{art.id}.txt", content_hash=art.id,
                                     article=art, facts=facts))
        if hasattr(st, "refresh_entities"):
            st.refresh_entities()
    return path
