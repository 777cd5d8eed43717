"""Fact assembly on hand-written articles, with fake recognizers standing in for the real ones.

The fakes make the assembly rules (subject, carry-over, main material, ion, respectively,
non-materials, dedupe) testable independently of the recognizers' vocabularies.
"""
import re

import pytest

from kb.facts import dedupe, extract_facts
from kb.nlp import pipeline
from kb.nlp.mentions import (CapacityMention, IonMention, MechanismMention, PhenomenonMention,
                             TechniqueMention)
from schemas.article import Abstract, Article, Caption, Paragraph, Section, SourceFormat


def _fake_ions(text):
    out = []
    for m in re.finditer(r"sodiation|SIBs|Na\+|lithiation|LIBs|Li\+", text):
        ion = "Li" if m.group().startswith(("lith", "LIB", "Li")) else "Na"
        out.append(IonMention(m.start(), m.end(), m.group(), ion))
    return out


def _fake_tech(text):
    return [TechniqueMention(m.start(), m.end(), m.group(), m.group(), None)
            for m in re.finditer(r"\b(?:XRD|TEM)\b", text)]


def _fake_mech(text):
    return [MechanismMention(m.start(), m.end(), m.group(), "conversion",
                             negated=bool(re.search(r"\bno\b|\bnot\b", text, re.I)))
            for m in re.finditer(r"conversion", text)]


def _fake_cap(text):
    return [CapacityMention(m.start(), m.end(), m.group(), float(m.group(1)), "mAh/g")
            for m in re.finditer(r"(\d+(?:\.\d+)?) mAh g−1", text)]


def _fake_phen(text):
    return [PhenomenonMention(m.start(), m.end(), m.group(), "initial_coulombic_efficiency",
                              value=float(m.group(1)), unit="%")
            for m in re.finditer(r"(\d+(?:\.\d+)?)%", text)]


@pytest.fixture(autouse=True)
def fake_recognizers(monkeypatch):
    fakes = {"ions": _fake_ions, "techniques": _fake_tech, "mechanisms": _fake_mech,
             "capacities": _fake_cap, "phenomena": _fake_phen}
    monkeypatch.setattr(pipeline, "recognizers", lambda: fakes)


def article(paragraphs, title="", abstract=(), captions=()):
    return Article(id="t1", source_path="t1.txt", source_format=SourceFormat.WILEY_XML,
                   doi="10.1/x", title=title,
                   abstracts=[Abstract(paragraphs=[Paragraph(text=t) for t in abstract])] if abstract else [],
                   sections=[Section(title="Results", paragraphs=[Paragraph(text=p) for p in paragraphs])],
                   captions=[Caption(label=l, text=t, section="Results") for l, t in captions])


def records(facts, ftype):
    return [f.record() for f in dedupe(facts) if f.type.value == ftype]


def test_mention_in_sentence_wins():
    facts = extract_facts(article(["The Sb2S3 anode was examined by XRD during sodiation."]))
    (t,) = records(facts, "technique")
    assert (t["material"], t["ion"], t["technique"]) == ("Sb2S3", "Na", "XRD")
    (m,) = records(facts, "material")
    assert m["role"] == "anode"


def test_carried_subject_and_confidence():
    facts = extract_facts(article([
        "We prepared an FeS2 anode for SIBs. This electrode delivers 500 mAh g−1 after cycling."]))
    (c,) = [f for f in facts if f.type.value == "capacity"]
    assert c.material == "FeS2" and c.value == 500
    assert c.evidence.confidence < 0.9
    assert c.evidence.sentence.startswith("This electrode")
    assert c.evidence.sentence[c.evidence.start:c.evidence.end] == "500 mAh g−1"


def test_main_material_default_is_less_confident():
    facts = extract_facts(article(
        ["Bi2S3 rods were made for SIBs.", "The delivered capacity reaches 600 mAh g−1."],
        title="In situ study of Bi2S3 anodes for SIBs",
        abstract=["Bi2S3 is a promising anode for SIBs. Bi2S3 shows conversion."]))
    caps = [f for f in facts if f.type.value == "capacity"]
    assert [c.material for c in caps] == ["Bi2S3"]
    assert caps[0].evidence.confidence <= 0.6


def test_respectively_distributes_values():
    facts = extract_facts(article([
        "The capacities of SnS2, SnSe2, and bare SnO2 are 600 mAh g−1, 500 mAh g−1, and "
        "400 mAh g−1 in SIBs, respectively."]))
    got = sorted((r["material"], r["value"]) for r in records(facts, "capacity"))
    assert got == [("SnO2", 400.0), ("SnS2", 600.0), ("SnSe2", 500.0)]


def test_respectively_with_pronoun_uses_previous_list():
    facts = extract_facts(article([
        "We compared SnS2 and SnSe2 anodes in SIBs. Their efficiencies are 80% and 70%, respectively."]))
    got = sorted((r["material"], r["value"]) for r in records(facts, "phenomenon"))
    assert got == [("SnS2", 80.0), ("SnSe2", 70.0)]


def test_non_materials_are_not_facts():
    facts = extract_facts(article([
        "The electrode was cycled in SIBs with NaClO4 in EC/DEC, using PVDF binder, Super P and Cu foil.",
        "The FeSe anode showed conversion in SIBs."]))
    mats = {r["material"] for r in records(facts, "material")}
    assert mats == {"FeSe"}


def test_ion_from_passage_per_material():
    facts = extract_facts(article([
        "During lithiation in LIBs, TiO2 shows conversion.",
        "During sodiation in SIBs, SnO2 shows conversion."]))
    got = sorted((r["material"], r["ion"]) for r in records(facts, "mechanism"))
    assert got == [("SnO2", "Na"), ("TiO2", "Li")]


def test_negated_mechanism_dropped():
    facts = extract_facts(article(["No conversion of the MoS2 anode occurs in SIBs."]))
    assert records(facts, "mechanism") == []


def test_caption_facts_carry_caption_section():
    facts = extract_facts(article(["MoSe2 was studied in SIBs."],
                                  captions=[("Figure 1", "a) TEM image of MoSe2 nanosheets.")]))
    (t,) = [f for f in facts if f.type.value == "technique"]
    assert t.evidence.section == "Results / Figure 1 caption"


def test_phase_facts_belong_to_host():
    facts = extract_facts(article(["During sodiation, the FeS2 anode is transformed into Fe and Na2S."]))
    got = sorted((r["material"], r["phase"], r["role"]) for r in records(facts, "phase"))
    assert got == [("FeS2", "Fe", "product"), ("FeS2", "Na2S", "product")]


def test_dedupe_keeps_first_evidence_and_best_confidence():
    facts = extract_facts(article([
        "We made an FeS2 anode for SIBs. This anode was checked by XRD.",
        "XRD of the FeS2 anode in SIBs confirms it."]))
    xrd = [f for f in facts if f.type.value == "technique"]
    assert len(xrd) == 2
    (d,) = [f for f in dedupe(facts) if f.type.value == "technique"]
    assert d.evidence.sentence == xrd[0].evidence.sentence
    assert d.evidence.confidence == max(f.evidence.confidence for f in xrd)


def test_deterministic():
    art = article(["The Sb2S3 anode was examined by XRD during sodiation and shows conversion."])
    assert [f.model_dump() for f in extract_facts(art)] == [f.model_dump() for f in extract_facts(art)]


def test_predicate_role_and_one_role_per_material():
    facts = extract_facts(article([
        "Bismuth sulfide has been considered as a promising anode for SIBs.",
        "The Bi2S3 electrode shows conversion in SIBs."]))
    roles = {r["role"] for r in records(facts, "material") if r["material"] == "Bi2S3"}
    assert roles == {"anode"}


def test_sodium_compound_defaults_to_sodium():
    facts = extract_facts(article(["The Na3V2(PO4)3 cathode was examined by XRD."]))
    (t,) = records(facts, "technique")
    assert t["ion"] == "Na"


def test_variable_sodiated_state_is_not_a_material():
    facts = extract_facts(article(["Side reactions between NaxP and electrolytes occur in SIBs."]))
    assert records(facts, "material") == []


def test_caption_panels_keep_their_own_materials():
    facts = extract_facts(article(["SnS2 and SnSe2 were studied in SIBs."], captions=[
        ("Figure 2", "a) TEM image of SnS2; b) XRD of SnSe2 nanosheets.")]))
    got = sorted((r["material"], r["technique"]) for r in records(facts, "technique"))
    assert got == [("SnS2", "TEM"), ("SnSe2", "XRD")]


def test_pointing_at_methods_does_not_carry_materials():
    facts = extract_facts(article([
        "The SnS2 and SnSe2 anodes were cycled in SIBs. The two methods agree with TEM."]))
    assert records(facts, "technique") == []


def test_similar_phenomena_copy_previous_findings(monkeypatch):
    def phen(text):
        return [PhenomenonMention(m.start(), m.end(), m.group(), "volume_expansion")
                for m in re.finditer(r"volume expansion", text)]
    fakes = dict(pipeline.recognizers())
    fakes["phenomena"] = phen
    monkeypatch.setattr(pipeline, "recognizers", lambda: fakes)
    facts = extract_facts(article([
        "The FeS2 anode shows a large volume expansion in SIBs. "
        "Similar phenomena were observed in NiS2 and CoS2 nanosheets."]))
    got = sorted(r["material"] for r in records(facts, "phenomenon"))
    assert got == ["CoS2", "FeS2", "NiS2"]


def test_precursor_salts_are_not_materials():
    facts = extract_facts(article(["The electrolyte for SIBs contained BiCl3 and SbCl3; the FeSe anode shows conversion."]))
    assert {r["material"] for r in records(facts, "material")} == {"FeSe"}


def test_empty_and_odd_articles_give_no_facts_and_no_errors():
    assert extract_facts(article([])) == []
    odd = article(["", "   ", "→ → ( ) [ ] @@ // Na+ e− 2 C.", "Ü" * 500])
    assert extract_facts(odd) == []


def test_sentence_comparing_chemistries_gives_both_ions():
    facts = extract_facts(article(["The conversion of SnO2 is known in LIBs and is also found in SIBs."]))
    got = sorted((r["material"], r["ion"]) for r in records(facts, "mechanism"))
    assert got == [("SnO2", "Li"), ("SnO2", "Na")]


def test_carbon_hosts_are_not_studied_materials():
    facts = extract_facts(article([
        "Graphene and carbon nanotubes were integrated with the MoS2 electrode to improve its "
        "conductivity in SIBs."]))
    assert {r["material"] for r in records(facts, "material")} == {"MoS2"}


def test_state_of_charge_spelling_maps_to_the_material():
    facts = extract_facts(article([
        "The NaNiO2 cathode was studied in SIBs.",
        "Above 4 V, the layered NaxNiO2 cathode transforms, as operando XRD shows."]))
    assert {r["material"] for r in records(facts, "technique")} == {"NaNiO2"}


def test_reference_counterpart_is_not_a_subject():
    facts = extract_facts(article([
        "Cycling of NaFePO4 in SIBs shows amorphization, unlike the LiFePO4 counterpart."]))
    assert {r["material"] for r in records(facts, "material")} == {"NaFePO4"}
