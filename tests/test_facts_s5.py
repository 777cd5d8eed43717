"""Assembly rules of session 5: a paper's product as its main material, the cell chemistry
as the ion, absent impurities, a composite as the main material, letters whose body has
no heading, and phases of another chemistry.

Invented sentences; fake recognizers (as in test_facts_assembly) keep the assembly
independent of the recognizer vocabularies.
"""
import re

import pytest

from test_facts_assembly import _fake_cap, _fake_mech, _fake_tech, records

from kb.facts import extract_facts
from kb.facts.assemble import _can_form, cell_ion
from kb.facts.context import PaperContext, composite_split
from kb.facts.subjects import not_found
from kb.nlp import pipeline
from kb.nlp.chem_bridge import material_key
from kb.nlp.mentions import IonMention, MaterialMention
from schemas.article import Abstract, Article, Paragraph, Section, SourceFormat

_ION_WORDS = {"K–O2": "K-O2", "potassium": "K", "potassium-ion": "K", "Li–O2": "Li-O2", "sodiation": "Na", "SIBs": "Na"}


def _ions(text):
    return [IonMention(m.start(), m.end(), m.group(), _ION_WORDS[m.group()])
            for m in re.finditer(r"K–O2|potassium-ion|potassium|Li–O2|sodiation|SIBs", text)]


@pytest.fixture(autouse=True)
def fake_recognizers(monkeypatch):
    fakes = {"ions": _ions, "techniques": _fake_tech, "mechanisms": _fake_mech,
             "capacities": _fake_cap, "phenomena": lambda text: []}
    monkeypatch.setattr(pipeline, "recognizers", lambda: fakes)


def _article(sections, title="", abstract=()):
    return Article(id="t5", source_path="t5.txt", source_format=SourceFormat.WILEY_XML,
                   doi="10.1/y", title=title,
                   abstracts=[Abstract(paragraphs=[Paragraph(text=t) for t in abstract])] if abstract else [],
                   sections=[Section(title=t, paragraphs=[Paragraph(text=p) for p in ps])
                             for t, ps in sections])


_KO2_ABSTRACT = ["Here we report a K–O2 cell whose discharge product is KO2.",
                 "XRD identifies KO2 as the only crystalline product."]
_KO2_BODY = ["The cubes of KO2 grow on the carbon paper.",
             "The KO2 crystals are large.",
             "The KO2 deposit vanished on charge.",
             "The cell delivered 400 mAh g−1 in the first discharge."]


def test_the_product_a_paper_is_about_is_its_main_material():
    facts = extract_facts(_article([("Results", _KO2_BODY)], abstract=_KO2_ABSTRACT))
    (c,) = records(facts, "capacity")
    assert (c["material"], c["value"], c["ion"]) == ("KO2", 400, "K-O2")
    assert {(m["material"], m["role"]) for m in records(facts, "material")} == {("KO2", "cathode")}


def test_no_product_main_material_when_the_body_is_about_something_else():
    body = ["The MoS2 anode was cycled.", "The MoS2 film cracked.", "The MoS2 layers grew.",
            "The cell delivered 400 mAh g−1 in the first discharge."]
    facts = extract_facts(_article([("Results", body)], abstract=_KO2_ABSTRACT))
    assert [c["material"] for c in records(facts, "capacity")] != ["KO2"]


def test_the_metal_of_the_cell_chemistry_takes_the_chemistry():
    ctx = PaperContext(ion="K-O2")
    assert cell_ion("K", ctx) == "K-O2"
    assert cell_ion("Li-O2", ctx) == "Li-O2"  # a comparison with another chemistry keeps its own
    assert cell_ion("Li", ctx) == "Li"
    assert cell_ion("Na", PaperContext(ion="Na")) == "Na"


def test_an_impurity_that_was_not_found_is_no_material():
    text = "All peaks belong to KO2; no reflections of K2O2 or K2CO3 were found."
    for name in ("K2O2", "K2CO3"):
        start = text.index(name)
        assert not_found(text, MaterialMention(start, start + len(name), name, name=name, formula=name))
    text = "Reflections of K2CO3 were found after ten cycles."
    start = text.index("K2CO3")
    assert not not_found(text, MaterialMention(start, start + 5, "K2CO3", name="K2CO3", formula="K2CO3"))


def test_a_phase_of_another_chemistry_is_not_formed_by_the_main_material():
    assert _can_form(material_key("KO2"), material_key("Li2O2")) is False
    assert _can_form(material_key("SnO2"), material_key("Li2O")) is True
    assert _can_form(material_key("Sb"), material_key("Na3Sb")) is True


def test_another_chemistrys_sentence_is_not_about_the_main_material():
    body = _KO2_BODY + ["In Li–O2 cells the superoxide LiO2 disproportionates by conversion to Li2O2."]
    facts = extract_facts(_article([("Results", body)], abstract=_KO2_ABSTRACT))
    assert all(m["material"] != "KO2" for m in records(facts, "mechanism"))


def test_an_unheaded_letter_body_is_the_main_text():
    letter = [("Introduction", _KO2_BODY + ["XRD of the discharged cathode showed a cubic phase."]),
              ("Methods", ["Cells were assembled in a glovebox."])]
    facts = extract_facts(_article(letter, abstract=_KO2_ABSTRACT))
    assert ("KO2", "XRD") in {(t["material"], t["technique"]) for t in records(facts, "technique")}


def test_a_real_introduction_stays_background():
    paper = [("Introduction", ["XRD of discharged cathodes showed cubic phases."]),
             ("Results", _KO2_BODY)]
    facts = extract_facts(_article(paper, abstract=_KO2_ABSTRACT))
    intro = [f for f in facts if f.evidence.section == "Introduction"]
    assert intro == []


def test_composite_names_split_into_their_components():
    assert composite_split("SnSe2–rGO") == ["SnSe2", "rGO"]
    assert composite_split("SnSe2@C") == ["SnSe2", "C"]
    assert composite_split("SnSe2") == ["SnSe2"]


_COMPOSITE_ABSTRACT = ["We made a SnSe2@rGO composite as an anode for SIBs.",
                       "In this work the SnSe2@rGO anode delivers 600 mAh g−1 after sodiation."]


def test_a_composite_of_the_main_material_is_the_main_material():
    body = ["The SnSe2@rGO electrode was examined by XRD.",
            "Bare SnSe2 cracked after sodiation and delivered 200 mAh g−1.",
            "SnSe2 nanosheets of 5 nm were seen by TEM.",
            "The SnSe2@rGO powder was black.",
            "TEM of the composite showed intact sheets on rGO, whereas bare SnSe2 broke apart.",
            "The electrode delivered 500 mAh g−1 after sodiation."]
    facts = extract_facts(_article([("Results", body)], title="SnSe2@rGO composite anodes for SIBs",
                                   abstract=_COMPOSITE_ABSTRACT))
    caps = {(c["material"], c["value"]) for c in records(facts, "capacity")}
    assert ("SnSe2@rGO", 500) in caps and ("SnSe2", 200) in caps
    tem = {t["material"] for t in records(facts, "technique") if t["technique"] == "TEM"}
    assert "SnSe2@rGO" in tem and "SnSe2" in tem
    # the carbon the composite sits on is its support, not a material of the paper
    assert all("graphene" not in m["material"] and m["material"] != "rGO" for m in records(facts, "material"))


def test_a_finding_goes_to_the_material_of_its_own_statement():
    body = ["The MoS2 anode and the WS2 anode were cycled in SIBs.",
            "TEM of the MoS2 anode showed intact sheets, whereas the WS2 anode was examined by XRD."]
    facts = extract_facts(_article([("Results", body)], abstract=["We study MoS2 anodes for SIBs.",
                                                                   "The MoS2 anode is good."]))
    techs = {(t["material"], t["technique"]) for t in records(facts, "technique")}
    assert ("MoS2", "TEM") in techs and ("WS2", "XRD") in techs
    assert ("WS2", "TEM") not in techs and ("MoS2", "XRD") not in techs


def test_one_statement_naming_two_materials_gives_the_finding_to_both():
    body = ["TEM of the MoS2 anode and the WS2 anode showed intact sheets after sodiation."]
    facts = extract_facts(_article([("Results", body)]))
    assert {t["material"] for t in records(facts, "technique")} == {"MoS2", "WS2"}


def test_an_ion_battery_named_in_a_metal_oxygen_paper_keeps_its_ion():
    sentence = "In potassium-ion cells, the MoS2 anode was examined by XRD."
    facts = extract_facts(_article([("Results", _KO2_BODY + [sentence])], abstract=_KO2_ABSTRACT))
    assert {f.ion for f in facts if f.evidence.sentence == sentence} == {"K"}
    sentence = "The potassium metal anode was examined by XRD."
    facts = extract_facts(_article([("Results", _KO2_BODY + [sentence])], abstract=_KO2_ABSTRACT))
    assert {f.ion for f in facts if f.evidence.sentence == sentence} == {"K-O2"}


def test_an_element_named_as_atoms_of_a_structure_is_no_material():
    body = ["In the SnS2 anode, Sn atoms sit between two S layers, which eases sodiation by conversion."]
    facts = extract_facts(_article([("Results", body)]))
    assert {m["material"] for m in records(facts, "mechanism")} == {"SnS2"}
    body = ["The Sb anode and the Bi anode undergo conversion during sodiation."]
    facts = extract_facts(_article([("Results", body)]))
    assert {m["material"] for m in records(facts, "mechanism")} == {"Sb", "Bi"}


def _roles_of(text: str) -> dict[str, str]:
    from kb.facts.subjects import stated_roles
    (s,) = pipeline.analyze_block(text, {})
    mats = s.mentions.materials
    return {mats[i].name: r for i, r in stated_roles(s.text, mats).items()}


def test_copula_role_of_the_first_group_despite_later_materials():
    roles = _roles_of("Moreover, K2S (with a theoretical capacity of 970 mAh g−1) is a promising "
                      "cathode material that avoids the drawbacks of FeS2 electrodes.")
    assert roles.get("K2S") == "cathode"


def test_copula_with_a_preposition_gives_no_role():
    roles = _roles_of("Here Na3Sb is the final product of anode sodiation, unlike SnO2.")
    assert "Na3Sb" not in roles

