"""Which listed materials a mechanism holds for, with the real recognizers: bracketed
examples ("by alloying (Sb, Ge)"), "such as" examples up to the next mechanism word, and
list members the paper names elsewhere as a phase. Invented sentences."""
from test_facts_assembly import article, records

from kb.facts import extract_facts


def _mechanisms_by_material(paragraphs):
    facts = extract_facts(article(paragraphs))
    out = {}
    for m in records(facts, "mechanism"):
        out.setdefault(m["material"], set()).add(m["mechanism"])
    return out


def test_bracketed_examples_scope_each_mechanism():
    got = _mechanisms_by_material([
        "Anodes that store sodium by alloying (Sb, Ge) or by conversion (metal sulfides) offer "
        "high capacities, but conversion electrodes suffer from hysteresis."])
    assert got == {"Sb": {"alloying"}, "Ge": {"alloying"}}


def test_such_as_examples_run_to_the_next_mechanism_word():
    got = _mechanisms_by_material([
        "Conversion sulfides such as FeS and CoS store sodium, while alloying elements such as "
        "Sb and Bi store more."])
    assert got["Sb"] == {"alloying"} and got["FeS"] == {"conversion"}


def _materials_of_paper(main: str, reaction: str, paragraphs: list[str]) -> set[str]:
    """Materials of a short paper about ``main`` whose abstract states ``reaction``."""
    facts = extract_facts(article(paragraphs, title=f"{main} electrodes for sodium-ion batteries",
                                  abstract=[f"{main} electrodes were studied.", reaction]))
    return {m["material"] for m in records(facts, "material")}


def test_a_list_member_named_elsewhere_as_a_phase_stays_a_material():
    mats = _materials_of_paper("GeO2", "GeO2 stores sodium by conversion.", [
        "The GeO2 anode converts into Ge and Na2O during sodiation, as XRD showed.",
        "The GeO2 anode was cycled 100 times.",
        "Alloying anodes (Sb, Ge) expand strongly on sodiation."])
    assert {"Sb", "Ge"} <= mats


def _candidate_names(text):
    from kb.facts.subjects import sentence_candidates
    from kb.nlp.pipeline import analyze_block
    (sent,) = analyze_block(text, {})
    return [m.name for m, _, _ in sentence_candidates(sent.text, sent.mentions)]


def test_an_element_written_out_is_a_candidate_subject_without_a_role_word():
    assert "S" in _candidate_names("Sulfur is cheap and light, and its conversion to sodium sulfide "
                                    "gives 1675 mAh g−1, far above that of oxides such as NaCoO2.")


def test_a_bare_element_symbol_without_a_role_stays_out():
    assert "S" not in _candidate_names("The S content of the NaCoO2 sample was below 2 wt%.")


def test_a_compound_listed_beside_the_main_material_stays_a_phase():
    mats = _materials_of_paper("NaCoPO4", "NaCoPO4 converts into CoPO4 on charge.", [
        "On charge NaCoPO4 is converted into CoPO4, as operando XRD showed.",
        "The NaCoPO4 cathode was cycled 100 times.",
        "Both NaCoPO4 and CoPO4 were examined by XRD."])
    assert "CoPO4" not in mats
