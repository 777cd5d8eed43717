"""Phase reading, session 5: reaction equations read side by side (products, chained
steps, reactants, table rows), steps named by their mechanism ("conversion to A"),
products taken up by a later step, "A, which then converts into B", "X as the only
product", disproportionation, named polysulfides; and the negative readings beside
them. All sentences are invented."""
from kb.nlp.phases import find


def roles(text):
    return [(p.phase, p.role) for p in find(text)]


# --- 1. reaction equations -------------------------------------------------------------

def test_equation_products_are_the_sum_after_the_arrow():
    got = roles("The conversion proceeds as CoSe2 + 4Na+ + 4e− → Co + 2Na2Se.")
    assert got == [("Co", "product"), ("Na2Se", "product")]


def test_reactant_of_an_equation_is_not_a_product():
    # another rule ("the final product of ...") must not make the reactant a product
    got = roles("Na9Bi4 is seen, the final product of the alloying reaction Bi + 2.25Na+ + 2.25e− → Na9Bi4.")
    assert ("Bi", "product") not in got
    assert ("Na9Bi4", "product") in got


def test_reactant_given_by_an_earlier_equation_is_an_intermediate():
    got = roles("The conversion step, GeO2 + 4Li → Ge + 2Li2O, is followed by Ge + 3.75Li → Li15Ge4.")
    assert got == [("Ge", "intermediate"), ("Li2O", "product"), ("Ge", "intermediate"), ("Li15Ge4", "product")]


def test_table_row_of_equations_is_not_a_chain():
    text = ("Reaction E0 (V) 2K + O2 → K2O2 2.10 570 K + O2 → KO2 2.48 377 The cells used "
            "a glass fibre separator soaked with potassium triflate (KSO3CF3) in a glyme.")
    got = roles(text)
    assert ("K2O2", "product") in got and ("KO2", "product") in got
    assert ("K2O2", "intermediate") not in got
    assert all(p != "KSO3CF3" for p, _ in got)  # the salt after the row is no product


def test_chain_with_a_note_between_steps_keeps_intermediates():
    got = roles("The sequence is Ge → NaxGe (amorphous) → Na3Ge.")
    assert got == [("NaxGe", "intermediate"), ("Na3Ge", "product")]
    got = roles("The stages are C → KC36 (stage IV) → KC24 (stage III) → KC8 (stage I).")
    assert got[:2] == [("KC36", "intermediate"), ("KC24", "intermediate")]


def test_ion_bearing_reactant_of_a_deeper_step_is_an_intermediate():
    assert roles("NaGe + 2Na+ + 2e− → Na3Ge") == [("NaGe", "intermediate"), ("Na3Ge", "product")]
    # a reactant without the ion is the electrode, not a phase
    assert roles("Ge + Na+ + e− → NaGe") == [("NaGe", "product")]


def test_reverse_equation_source_is_the_product_it_undoes():
    got = dict(roles("On charging, Na3Bi → Bi + 3Na+ + 3e−."))
    assert got == {"Na3Bi": "product", "Bi": "reformed"}


def test_equation_sides_joined_by_a_slash():
    got = roles("The reduction runs Li2S6 → Li2S4 → Li2S2/Li2S.")
    assert got[-1] == ("Li2S", "product")


# --- 2. steps named by their mechanism ---------------------------------------------------

def test_mechanism_noun_to_names_the_state_reached():
    got = dict(roles("The data show a two-step path: conversion to Cu and Li2S, then alloying of nothing else."))
    assert got == {"Cu": "product", "Li2S": "product"}
    got = dict(roles("X-ray data reveal intercalation to NaxTiS2 at high potential."))
    assert got == {"NaxTiS2": "product"}


def test_intercalation_into_a_host_does_not_make_the_host_a_product():
    assert roles("Potassium intercalation into MoSe2 starts at 1.1 V.") == []


# --- 3. products taken up by a later step -------------------------------------------------

def test_products_taken_up_by_later_steps_are_intermediates():
    got = dict(roles("Three steps occur: intercalation to NaxGeS2, conversion to Ge and Na2S, "
                     "and alloying to Na15Ge4."))
    assert got == {"NaxGeS2": "intermediate", "Ge": "intermediate", "Na2S": "product", "Na15Ge4": "product"}


def test_products_of_one_list_stay_products():
    got = dict(roles("Upon further sodiation, the NaxBi2Se3 phase transformed into Na2Se, Na3Bi, "
                     "and some traces of Bi via conversion and alloying."))
    assert got.get("Na3Bi") == "product"
    assert got.get("Na2Se") == "product"


def test_light_anion_products_are_not_taken_up():
    got = dict(roles("CuO converts to Cu and Li2O, then Li2CO3 is formed."))
    assert got.get("Li2O") == "product"


def test_no_consumption_in_a_reverse_step():
    got = dict(roles("The peaks show the two-step dealloying of Na3SnSb to Na(Sn, Sb) and SnSb."))
    assert got.get("Na3SnSb") == "product"


def test_intermediate_named_after_via_does_not_demote_the_product():
    got = dict(roles("Finally, Sb could alloy with Na+ to produce the Na3Sb phase via successive "
                     "intermediate NaSb phases."))
    assert got.get("Na3Sb") == "product"


# --- 4. relative clauses, "as the product", disproportionation ---------------------------

def test_which_then_converts_makes_an_intermediate():
    got = dict(roles("Lithium first intercalates to form LixWS2, which then converts into W and Li2S."))
    assert got == {"LixWS2": "intermediate", "W": "product", "Li2S": "product"}


def test_which_converts_back_is_not_an_intermediate():
    got = dict(roles("Discharge forms Na3P, which is converted back to P on charge."))
    assert got.get("Na3P") != "intermediate"


def test_as_the_only_product():
    assert ("KO2", "product") in roles("XRD and Raman identify KO2 as the only crystalline product.")
    assert roles("XRD identifies KO2 as the cathode support.") == []


def test_disproportionation_gives_products():
    got = dict(roles("The superoxide NaO2 is unstable and disproportionates to Na2O2 and O2."))
    assert got.get("Na2O2") == "product" and "O2" not in got
    got = dict(roles("The first product is KO2, which is unstable and disproportionates to K2O2."))
    assert got == {"KO2": "intermediate", "K2O2": "product"}


# --- 5. named polysulfides -----------------------------------------------------------------

def test_named_polysulfides_are_intermediates():
    assert roles("Sulfur is reduced to soluble sodium polysulfides on the upper plateau.") == [
        ("Na2Sx", "intermediate")]
    assert ("K2Sx", "intermediate") in roles("The shuttle of potassium polysulfides lowers the efficiency.")


def test_negated_named_polysulfides_are_dropped():
    assert roles("The ether electrolyte contains no lithium polysulfides after rest.") == []


def test_which_clause_in_a_reverse_step_keeps_the_product():
    got = dict(roles("The discharged phases are indexed to Na2Se and Na3Sb, which further transformed "
                     "to Sb2Se3 and Sb after the charging."))
    assert got.get("Na3Sb") == "product"
    assert got.get("Sb") == "reformed"


# --- 6. hosts and reactants of a named process ----------------------------------------------

def test_host_of_intercalation_or_alloying_is_not_a_product():
    text = ("A cathodic peak at 1.4 V was assigned to the intercalation of K+ into TiS2, and a peak "
            "below 0.2 V to the formation of an SEI and the alloying of Bi with K.")
    assert roles(text) == []
    # an element the compound named before gave, taken on by the next process: on the way
    text = ("A peak at 1.5 V was assigned to the intercalation of Na+ into Bi2Se3, and a peak at "
            "0.3 V to the formation of an SEI and the alloying of Bi with Na.")
    assert roles(text) == [("Bi", "intermediate")]


def test_products_after_a_named_process_are_kept():
    got = dict(roles("The alloying of Ge with Na forms NaGe and finally Na3Ge."))
    assert got == {"NaGe": "intermediate", "Na3Ge": "product"}
    assert roles("Upon sodiation of Sb, Na3Sb forms.") == [("Na3Sb", "product")]


# --- 7. salts of the working ion named in words ---------------------------------------------

def test_named_salts_are_read_as_their_formula():
    assert roles("In this cell the discharge product is potassium peroxide, not the superoxide.") in (
        [("K2O2", "product")], [])  # kb.chem may not know the potassium name
    assert roles("In this cell the discharge product is lithium peroxide.") == [("Li2O2", "product")]
    assert roles("The SEI is mainly composed of sodium fluoride and sodium carbonate.") == [
        ("NaF", "sei"), ("Na2CO3", "sei")]


def test_named_salts_need_a_cue_and_are_negated():
    assert roles("The electrolyte was dried over lithium carbonate pellets.") == []
    assert roles("No lithium carbonate was detected after the first discharge.") == []
    assert roles("The lithium oxide-based glass served as the separator.") == []


# --- 8. negation through the evidence named ---------------------------------------------------

def test_no_reflections_of_a_phase_deny_it():
    got = roles("All reflections could be indexed to cubic KO2, and no reflections of K2O2 or K2CO3 were found.")
    assert got == [("KO2", "product")]
    assert roles("The pattern is indexed to KO2 with no diffraction peaks of K2O2 after discharge.") == [
        ("KO2", "product")]
    assert roles("After discharge, KO2 formed and no rings of K2O2 appeared.") == [("KO2", "product")]


def test_reflections_of_a_phase_without_negation_keep_it():
    assert roles("After discharge, the diffraction rings of K2O2 appeared.") == [("K2O2", "product")]
    got = dict(roles("On charging to 3 V, Na3Bi transformed back into Bi."))
    assert got == {"Na3Bi": "product", "Bi": "reformed"}


# --- 9. reverse steps of a list, interphase clauses ---------------------------------------------

def test_list_converted_back_is_the_products_undone():
    got = dict(roles("On depotassiation, the conversion of K2Se and Cu phases back to CuSe is incomplete."))
    assert got == {"K2Se": "product", "Cu": "product", "CuSe": "reformed"}


def test_list_source_of_a_reverse_step_is_the_products_undone():
    got = dict(roles("Upon the following charge, the as-formed Co and Na2Se transformed to crystalline "
                     "NaCoSe2 rather than pristine CoSe2."))
    assert got == {"Co": "product", "Na2Se": "product", "NaCoSe2": "reformed"}


def test_forward_conversion_of_the_electrode_leaves_it_out():
    assert dict(roles("The conversion of CoSe2 to Co and Na2Se occurs at 0.8 V.")) == {
        "Co": "product", "Na2Se": "product"}


def test_interphase_word_before_another_reaction_does_not_claim_its_phases():
    text = ("The peaks are ascribed to the formation of the SEI layer, and K+ insertion into the "
            "interlayer space of MoSSe to form K2Se, K2S and Mo.")
    assert roles(text) == [("K2Se", "product"), ("K2S", "product"), ("Mo", "product")]
    assert roles("The SEI layer is mainly composed of NaF and Na2CO3.") == [("NaF", "sei"), ("Na2CO3", "sei")]


# --- 10. phases the reverse step consumes -----------------------------------------------------

def test_phase_decomposed_on_the_reverse_step_is_a_product():
    text = ("On reduction the sulfide breaks down into metal grains in a Na2S matrix; on oxidation "
            "the metal is converted back to the sulfide and Na2S is decomposed.")
    assert set(roles(text)) == {("Na2S", "product")}


def test_denied_transformation_keeps_the_product():
    assert roles("During discharge, K2O is formed and is not decomposed.") == [("K2O", "product")]
    assert roles("The K3Sb phase is then transformed into KSb.") == [("K3Sb", "intermediate"), ("KSb", "product")]


# --- 11. variable-count phases hold the ion ----------------------------------------------------

def test_variable_count_source_is_a_phase_on_the_way():
    assert roles("NaxGe was transformed into Na15Ge4 at the end of discharge.")[0] == ("NaxGe", "intermediate")
    got = dict(roles("The peaks indicate a conversion reaction from NaxBi2Se3 to Na2Se and Bi."))
    assert got.get("NaxBi2Se3") == "intermediate"


def test_source_turning_into_no_named_phase_is_left_alone():
    assert roles("Over 4.0 V, the layered NaxCoO2 partially transforms into an inactive phase.") == []
    got = dict(roles("On charging, K2S is converted into elemental sulfur."))
    assert got == {"K2S": "product", "S": "reformed"}


def _phase_roles(text: str) -> dict[str, str]:
    from kb.nlp import phases as _phases
    return {p.phase: p.role for p in _phases.find(text)}


def test_peaks_of_a_phase_after_discharge_name_products():
    got = _phase_roles("After discharge to 0.01 V, the pattern showed the peaks of K3Bi and of cubic β-Sn.")
    assert got.get("K3Bi") == "product" and got.get("β-Sn") == "product"


def test_peaks_of_the_pristine_material_in_a_structure_sentence_are_no_phase():
    assert _phase_roles("The pattern showed the peaks of hexagonal MoSe2 and a broad carbon hump.") == {}


def test_fading_or_replaced_peaks_name_no_product():
    assert "CoSe2" not in _phase_roles("On potassiation the peaks of CoSe2 gradually weakened.")
    assert _phase_roles("After charge to 3 V the peaks of K3Bi were replaced by those of Bi.").get("K3Bi") \
        != "reformed"
