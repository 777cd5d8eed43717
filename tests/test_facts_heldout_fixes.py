"""Fixture sentences for the rules a held-out audit found missing (subject choice, phases).

Each test is a general rule written as a small hand-made article; the fake recognizers
of test_facts_assembly keep the assembly independent of the recognizer vocabularies.
"""
from test_facts_assembly import article, fake_recognizers, records  # noqa: F401

from kb.facts import analyze_article, extract_facts
from kb.facts.context import build_context


def _context(art):
    abbrevs: dict = {}
    title, blocks = analyze_article(art, abbrevs)
    return build_context(title, blocks, abbrevs)


def test_family_formula_in_front_matter_yields_to_the_bodys_sample():
    body = ["The Bi0.5Sb0.5 film was cycled in SIBs and Bi0.5Sb0.5 showed conversion."] * 4
    art = article(body + ["The electrode delivers 400 mAh g−1 after cycling."],
                  title="BixSb1−x alloy films for SIBs",
                  abstract=["BixSb1−x films are anodes for SIBs. BixSb1−x shows conversion."])
    assert _context(art).main_name == "Bi0.5Sb0.5"
    (cap,) = records(extract_facts(art), "capacity")
    assert cap["material"] == "Bi0.5Sb0.5"


def test_specific_front_material_is_kept_when_the_body_agrees():
    art = article(["The SnS2 film was cycled in SIBs and SnS2 showed conversion."] * 3
                  + ["SnO2 was also cycled in SIBs."],
                  title="SnS2 anodes for SIBs",
                  abstract=["SnS2 is an anode for SIBs. SnS2 shows conversion."])
    assert _context(art).main_name == "SnS2"


def test_a_material_outnumbering_the_front_pick_three_to_one_wins():
    art = article(["The Sb2Se3@C electrode was cycled in SIBs and Sb2Se3@C showed conversion."] * 5,
                  title="Sb2Se3 anodes for SIBs",
                  abstract=["Sb2Se3 is an anode for SIBs. Sb2Se3 shows conversion.",
                            "Sb2Se3 was tested in SIBs."])
    assert _context(art).main_name == "Sb2Se3@C"


def test_alloys_as_a_material_class_are_not_phases():
    from kb.nlp.phases import find
    assert find("Earlier work showed that Sb and Sb-rich alloys suffer from poor structural "
                "integrity due to volume swelling.") == []
    got = [(p.phase, p.role) for p in find("The NaSb and Na3Sb alloys formed upon sodiation.")]
    assert got == [("NaSb", "product"), ("Na3Sb", "product")]


def test_a_material_the_paper_calls_an_anode_is_not_phase_like():
    art = article(["Sb2S3 is transformed into Sb and Na2S during sodiation.",
                   "Sb anodes were also studied for SIBs.",
                   "In comparison, Sb delivers 600 mAh g−1 in SIBs."],
                  title="Sb2S3 anodes for SIBs",
                  abstract=["Sb2S3 is an anode for SIBs. Sb2S3 shows conversion.",
                            "The Sb2S3 anode was cycled in SIBs."])
    (cap,) = records(extract_facts(art), "capacity")
    assert cap["material"] == "Sb"


def _phases(text):
    from kb.nlp.phases import find
    return [(p.phase, p.role) for p in find(text)]


def test_denied_phases_are_not_phases():
    assert _phases("Sodiation directly generated the conversion phases Bi and Na2S, without the "
                   "intermediate phase NaBiS2.") == [("Bi", "product"), ("Na2S", "product")]
    assert _phases("No NaxSn was detected after sodiation.") == []
    assert _phases("NaxSn was not detected after sodiation.") == []
    assert _phases("Sn reacts with Na to form Na15Sn4 instead of forming NaSn2 or NaSn.") \
        == [("Na15Sn4", "product")]
    assert _phases("Na2S formed rather than Na2S2 and Na2S4.") == [("Na2S", "product")]


def test_sequence_adverbs_do_not_make_the_later_phase_an_intermediate():
    assert _phases("Bi2S3 first forms NaxBi2S3 and subsequently transforms into Na3Bi.") \
        == [("NaxBi2S3", "intermediate"), ("Na3Bi", "product")]


def test_a_phase_goes_to_the_material_that_can_form_it():
    art = article(["Metallic Sn nanocrystals were seen in the lithiated wire by TEM. "
                   "The Li2O formed in this electrode during lithiation stays there."],
                  title="SnO2 anodes for LIBs",
                  abstract=["SnO2 is an anode for LIBs. SnO2 shows conversion.",
                            "The SnO2 anode was cycled in LIBs."])
    got = [(r["material"], r["phase"]) for r in records(extract_facts(art), "phase")]
    assert got == [("SnO2", "Li2O")]


def test_can_form_reads_elements_of_keys():
    from kb.facts.assemble import _can_form
    from kb.nlp.chem_bridge import material_key as k
    assert _can_form(k("SnO2"), k("Li2O")) and _can_form(k("SnO2"), k("Sn"))
    assert _can_form(k("Sn"), k("Li2O")) is False
    assert _can_form(k("hard carbon"), k("Na2CO3")) is None


def test_not_converted_back_and_arrow_products_end_with_their_clause():
    assert _phases("The Li2O matrix is not converted back to SnO2 on delithiation.") == []
    assert _phases("Oxides react as MO + 2Li+ + 2e− → M + Li2O, while alloying elements such "
                   "as Si and Sn react with several lithium atoms each.") == [("Li2O", "product")]


_FRONT = dict(title="Bi2S3 anodes for SIBs",
              abstract=["Bi2S3 is a promising anode for SIBs. Bi2S3 shows conversion during sodiation.",
                        "The Bi2S3 anode was cycled in SIBs."])


def test_background_sentences_do_not_fall_back_to_the_main_material():
    art = article(["Bi2S3 rods were made for SIBs. Bi2S3 was cycled in SIBs.",
                   "Previous studies have reported conversion during sodiation.",
                   "Such electrodes are typically examined by XRD."], **_FRONT)
    facts = extract_facts(art)
    assert not [f for f in facts if f.evidence.sentence.startswith(("Previous", "Such"))]
    art = article(["Bi2S3 rods were made for SIBs. Bi2S3 was cycled in SIBs.",
                   "The electrode was examined by XRD."], **_FRONT)
    (t,) = records(extract_facts(art), "technique")
    assert t["material"] == "Bi2S3"


def test_a_sentence_without_an_ion_takes_the_papers_ion_not_the_previous_sentences():
    art = article(["Bi2S3 rods were made for SIBs. Bi2S3 was cycled in SIBs.",
                   "Sulfides were first used in LIBs. The Bi2S3 electrode delivers 500 mAh g−1."],
                  **_FRONT)
    (cap,) = records(extract_facts(art), "capacity")
    assert (cap["material"], cap["ion"]) == ("Bi2S3", "Na")


def test_constituent_elements_are_not_subjects_nor_carried():
    front = dict(title="SnSb films for SIBs",
                 abstract=["SnSb films are anodes for SIBs. SnSb shows conversion.",
                           "The SnSb anode was cycled in SIBs."])
    art = article(["SnSb films were cycled in SIBs. SnSb was studied in SIBs.",
                   "The film contains 40% Sn and 60% Sb as determined by XRD.",
                   "The bottom is rich in Sn. This film was examined by TEM.",
                   "Sn swells less during sodiation. This film was examined by XRD."], **front)
    got = [(f.material, f.technique) for f in extract_facts(art) if f.type.value == "technique"]
    assert got == [("SnSb", "XRD"), ("SnSb", "TEM"), ("SnSb", "XRD")]


def test_modifiers_and_structural_units_are_not_subjects():
    front = dict(title="Hard carbon anodes for SIBs",
                 abstract=["Hard carbon is an anode for SIBs. Hard carbon shows conversion.",
                           "The hard carbon anode was cycled in SIBs."])
    art = article(["Hard carbon was cycled in SIBs. Hard carbon was studied in SIBs.",
                   "The graphene-oxide-doped carbon was examined by XRD.",
                   "Sodium sits between expanded graphene layers as seen by TEM."], **front)
    got = sorted({f.material for f in extract_facts(art)})
    assert got == ["hard carbon"]


def test_the_main_materials_sodiated_state_is_not_a_material():
    front = dict(title="Bi0.5Sb0.5 films for SIBs",
                 abstract=["Bi0.5Sb0.5 films are anodes for SIBs. Bi0.5Sb0.5 shows conversion.",
                           "The Bi0.5Sb0.5 anode was cycled in SIBs."])
    art = article(["Bi0.5Sb0.5 was cycled in SIBs. Bi0.5Sb0.5 was studied in SIBs.",
                   "The peak at 0.7 V reflects Na3Bi0.5Sb0.5 during desodiation.",
                   "NaCoO2 cathodes were examined by XRD during sodiation."], **front)
    got = sorted({r["material"] for r in records(extract_facts(art), "material")})
    assert got == ["Bi0.5Sb0.5", "NaCoO2"]


def test_an_ion_naming_where_another_material_is_used_is_not_the_sentences_ion():
    art = article(["Bi2S3 rods were made for SIBs. Bi2S3 was cycled in SIBs.",
                   "Sb2S3, the anode material of LIBs, also shows conversion.",
                   "SnS2 shows conversion in LIBs."], **_FRONT)
    got = sorted((r["material"], r["ion"]) for r in records(extract_facts(art), "mechanism"))
    assert ("Sb2S3", "Na") in got and ("SnS2", "Li") in got and ("Sb2S3", "Li") not in got


def test_an_additive_is_not_a_subject():
    art = article(["Hard carbon was cycled in SIBs. Hard carbon was studied in SIBs.",
                   "A small graphene oxide addition to the carbon was examined by XRD."],
                  title="Hard carbon anodes for SIBs",
                  abstract=["Hard carbon is an anode for SIBs. Hard carbon shows conversion.",
                            "The hard carbon anode was cycled in SIBs."])
    assert sorted({f.material for f in extract_facts(art)}) == ["hard carbon"]


def test_a_mention_defined_by_a_bracketed_label_yields_to_the_label():
    art = article(["We compare the solid solution of Bi0.5Sb0.5 (S-Bi0.5Sb0.5) by XRD during sodiation."],
                  **_FRONT)
    got = {r["material"] for r in records(extract_facts(art), "technique")}
    assert got == {"S-Bi0.5Sb0.5"}


def test_core_level_lines_and_ratio_lists_are_not_materials():
    front = dict(title="SnSb films for SIBs",
                 abstract=["SnSb films are anodes for SIBs. SnSb shows conversion.",
                           "The SnSb anode was cycled in SIBs."])
    art = article(["SnSb films were cycled in SIBs. SnSb was studied in SIBs.",
                   "The Sn 3d line was examined by XRD.",
                   "The atomic ratio of Tin and Sb was examined by TEM."], **front)
    assert sorted({f.material for f in extract_facts(art) if f.type.value == "technique"}) == ["SnSb"]


def test_mechanism_classifying_an_example_list_goes_to_the_examples():
    art = article(["Graphite barely hosts sodium in SIBs, so conversion compounds such as "
                   "FeS2 and CoSe2 are studied instead."])
    mechs = {r["material"] for r in records(extract_facts(art), "mechanism")}
    assert mechs == {"FeS2", "CoSe2"}


def test_phase_sentence_without_subject_goes_to_the_just_named_hosts_that_can_form_it():
    art = article(["In situ TEM follows conversion in oxide anodes for SIBs, such as CoO, NiO and ZnO. "
                   "It is found that the metal grains are interconnected within a matrix. "
                   "However, the Na2O that formed during sodiation can block transport."])
    hosts = {r["material"] for r in records(extract_facts(art), "phase") if r["phase"] == "Na2O"}
    assert hosts == {"CoO", "NiO", "ZnO"}


def test_phase_sentence_without_subject_needs_chemistry_to_confirm():
    art = article(["Sn and Sb anodes were cycled in SIBs. It is found that grains grow. "
                   "However, the Na2O that formed during sodiation can block transport."])
    assert [r for r in records(extract_facts(art), "phase") if r["phase"] == "Na2O"] == []
