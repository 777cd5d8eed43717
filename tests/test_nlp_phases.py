"""Reaction phases and their roles."""
from kb.nlp.phases import find


def roles(text):
    return [(p.phase, p.role) for p in find(text)]


def test_reaction_arrow_chain():
    r = dict(roles("The reactions are Bi2S3 + xNa+ + xe− → NaxBi2S3 → 2Bi + 3NaxS."))
    assert r["NaxBi2S3"] == "intermediate"
    assert "Bi" in r and "NaxS" in r
    assert "Bi2S3" not in r


def test_generates_intermediate_phase():
    assert ("NaBiS2", "intermediate") in roles(
        "Sodiation would generate an intermediate phase of NaBiS2, which was converted.")


def test_transformed_into_products():
    r = roles("During discharging, the WSSe phase is transformed into Na2Se, Na2S phase, and amorphous W.")
    assert [p for p, _ in r] == ["Na2Se", "Na2S", "W"]
    assert all(role == "product" for _, role in r)


def test_reformed_after_desodiation():
    r = dict(roles("Products are indexed to Na2S and Na3Bi, which further transformed to Bi2S3 "
                   "and Bi phase after the desodiation."))
    assert r["Na2S"] == "product" and r["Bi2S3"] == "reformed" and r["Bi"] == "reformed"


def test_sei_layer():
    assert roles("Upon cycling, an SEI layer of Na2O forms on the surface.") == [("Na2O", "sei")]


def test_no_phase_without_reaction_context():
    assert roles("The crystal structure of Bi2S3 was determined by XRD.") == []
    assert roles("The weight loss in air is due to the formation of WO3 and SO2.") == []
    assert roles("Elemental maps show the presence of W, Se, S, and C elements.") == []


def test_list_followed_by_verb_of_appearance():
    r = dict(roles("When fully discharged, the new peaks of NaSb and Na3Sb appear."))
    assert set(r) == {"NaSb", "Na3Sb"}
    assert ("Na2O", "product") in roles("The Na2O that formed during sodiation blocks transport.")


def test_cycle_pairs_do_not_read_as_reverse_reaction():
    r = dict(roles("Sn undergoes two-step transformations during sodiation/desodiation, involving the "
                   "formation of the fully crystallized Na15Sn4 phase."))
    assert r["Na15Sn4"] == "product"


def test_example_electrodes_are_not_phases():
    assert roles("In situ TEM can capture the metallic phase formation in some conversion metal oxide "
                 "electrodes, such as Co3O4, NiO, and ZnO.") == []


def test_electrodes_and_morphology_are_not_phases():
    assert roles("Operando TXM supports the formation of a solid-solution phase of the "
                 "intercalation-based NaNi1/3Fe1/3Mn1/3O2 cathode.") == []
    assert roles("Fast transport pathways among ZnO nanograins were observed.") == []
    assert roles("The P2-type Na2/3MnO2 phase appears at about 600 ◦C.") == []


def test_amorphous_prefix_phase():
    assert ("Na1.7Sb", "intermediate") in roles(
        "Two intermediate phases are generated during sodiation: amorphous a-Na1.7Sb and c-Na3Sb.")


def test_stepwise_dealloying_of_source_to_targets():
    # invented compounds of the same pattern: source holds the ion, targets in order
    got = dict(roles("The peaks reflect the two-step dealloying of K3GeSn to K(Ge, Sn) and GeSn."))
    assert got == {"K3GeSn": "product", "K(Ge,Sn)": "intermediate", "GeSn": "reformed"}


def test_conversion_of_source_into_products():
    got = dict(roles("The conversion of CuO into Cu and Li2O is seen at 0.8 V."))
    assert got == {"Cu": "product", "Li2O": "product"}


def test_mixed_site_needs_valid_elements():
    assert "Na(Qx,Sb)" not in dict(roles("the dealloying of Na3Sb to Na(Qx, Sb) and Sb"))


def test_then_sequence_orders_intermediate_and_product():
    got = dict(roles("On potassiation Bi passes through the phases expected from the diagram, "
                     "KBi2, KBi and then K3Bi, with sharp boundaries."))
    assert got == {"KBi2": "intermediate", "KBi": "intermediate", "K3Bi": "product"}


def test_then_sequence_needs_ion_bearing_members():
    got = dict(roles("During sodiation Sb forms NaSb, then Na3Sb."))
    assert got["NaSb"] == "intermediate" and got["Na3Sb"] == "product"
    # a host element in the chain is not a state of the working ion: no chain
    assert dict(roles("On charge the phases Cu2O and then CuO appear.")).get("Cu2O") != "intermediate"


def test_figurative_precursor_does_not_block_cycling_sentence():
    got = dict(roles("This region is the precursor of amorphization during lithiation: "
                     "the crystalline GeO2 is converted into Li2O and Ge."))
    assert "Ge" in got and "Li2O" in got


def test_synthesis_precursor_still_blocks():
    assert roles("The GeO2 precursor was converted into Ge by heating.") == []
    assert roles("The precursor of carbonization is converted into NaCl.") == []


def test_colon_list_after_plural_phase_noun():
    got = dict(roles("Two intermediate phases are generated on potassiation: amorphous a-K1.2Bi with "
                     "Bi–Bi bonds and amorphous a-K3-xBi (x ≈ 0.3) resembling the K3Bi phase."))
    assert got["K1.2Bi"] == "intermediate" and got["K3-xBi"] == "intermediate"


def test_colon_list_describing_composition_is_not_a_reaction():
    assert "FeO" not in dict(roles("The powder (composed of two phases: Fe3O4 and FeO) was cycled."))


def test_reversible_between_two_phases():
    got = dict(roles("The transformation afterwards is reversible between crystalline Cr and amorphous Na2CrO3."))
    assert got == {"Cr": "reformed", "Na2CrO3": "reformed"}
    assert roles("The capacity is reversible between 0.1 and 2 V.") == []


def test_zero_valent_element_is_the_metal_phase():
    got = dict(roles("XANES shows the reduction of Mn2+ to Mn0 and the Cr reduction from Cr+2.6 to Cr⁰."))
    assert got == {"Mn": "product", "Cr": "product"}
    assert dict(roles("The reduction of the Zn(0) content to a minimum was seen.")) == {}


def test_reduction_of_source_needs_the_target_right_after_to():
    assert roles("The reduction of Fe3+ to Fe0 and Li2O is complete.") == [("Fe", "product"), ("Li2O", "product")]
    assert roles("The Co reduction from 2.1 V to 1.2 V is slow.") == []
    assert roles("The conversion from the crystalline to an amorphous state, a-GeTe, is fast.") == []


def test_interpreted_as_assigns_a_phase():
    assert roles("The XPS peaks are interpreted as MgF2 and organic salts.") == [("MgF2", "product")]
    assert roles("The MgF2 result is interpreted as a sign of fast kinetics.") == []


def test_sei_made_of_lists_its_constituents():
    assert roles("The SEI layer is mainly composed of MgF2, K2CO3 and organic species.") == [
        ("MgF2", "sei"), ("K2CO3", "sei")]
    assert roles("The passivation film consists of amorphous Li2CO3.") == [("Li2CO3", "sei")]
    assert roles("The surface consists of amorphous CoSe2.") == []
    assert roles("The electrode is composed of CoSe2 and carbon black.") == []
    assert roles("The surface of the CoSe2 particles contains pores.") == []


def test_products_that_cannot_recover_are_products():
    got = roles("After charge, Co +Na2Se cannot recover to the pristine CoSe2, so the efficiency is low.")
    assert got == [("Co", "product"), ("Na2Se", "product")]
    assert roles("The Fe and K2S were not converted back to FeS on charge.") == [("Fe", "product"), ("K2S", "product")]
    assert roles("The capacity cannot recover to the initial value of CoSe2.") == []


def test_reformation_of_lists_reformed_phases():
    assert roles("Charging leads to the reformation of amorphous rather than crystalline Ge.") == [("Ge", "reformed")]
    assert roles("The regeneration of the CoSe2 phase is seen on charge.") == [("CoSe2", "reformed")]
    assert roles("The reformation of pores in Ge nanowires keeps them intact.") == []


def test_amorphous_rather_than_crystalline_is_not_a_denial():
    assert ("Ge", "product") in roles("Sodiation forms amorphous rather than crystalline Ge.")
    assert roles("Sodiation forms amorphous Na3Ge rather than Na2Ge.") == [("Na3Ge", "product")]


# --- the cheap gates in front of the rules must answer exactly as the regexes do ---

_GATE_SENTENCES = [
    "The performance and information of the uniform platform were compared.",
    "The transformation of Sb to Na3Sb is fast.",
    "Upon cycling the interphase thickens.",
    "A passivation film of NaF covers the surface.",
    "The SEI is thin.",
    "The dealloying of Na3Sb into Sb is slow.",
    "The desodiation of Na3Sb to Sb is slow.",
    "The delithiation of Li15Si4 back to Si was observed.",
    "The depotassiation of K3Sb into Sb is reversible.",
    "The potassiation of Sb to K3Sb proceeds in steps.",
    "The lithiation of Si to LixSi is shown.",
    "The sodiation of Sb to NaSb is shown.",
    "The association of the appreciation of radiation was initiated.",
    "The reaction of CuO into Cu is complete.",
    "The reaction is reversible between Cr and Na2CrO3.",
    "The transition afterwards is reversible between A and B.",
    "The conversion proceeds in one step.",
    "The decomposition of the electrolyte was reduced.",
    "The peaks shift, then split into two.",
    "Crystalline Sn turns into Na15Sn4.",
    "The phase of Na3Bi is stable.",
    "These alloys are soft.",
    "NaSb forms first.",
    "New peaks emerge at 30°.",
    "The peaks are indexed to Na3Sb.",
    "The signal was assigned to NaF and identified as Na2O.",
    "Na2S precipitates on the surface.",
    "Bi nucleates at the interface.",
    "The yield of the product was high.",
    "This results in Na3P.",
    "The peak evolves gradually.",
    "It creates Na2O.",
    "Separation of the layers was seen.",
    "The intermediates were amorphous.",
    "Na3Sb was detected and Na2O observed.",
    "The capacity is 600 mAh g−1 at 0.1 A g−1.",
    "Na3Sb → Sb + 3Na.",
    "The reduction from Co2+ to Co0 is seen.",
    "The Co reduction of CoO to Co is seen.",
    "The peaks are interpreted as NaF.",
    "The SEI is composed of NaF.",
    "The solid electrolyte interphase contains NaF.",
    "The passivation film consists of Na2O.",
    "The SEI layer is made up of Na2CO3.",
    "The surface layer is made up of Na2CO3.",
    "Fe + Na2S cannot recover to FeS2.",
    "The capacity reverted and then returned, but did not reconvert.",
    "The reformation of Sb and the re-formation of Bi on charge.",
    "The regeneration of Bi2S3 and re-generation and restoration of Sb.",
    "Later cycles run between Sb and Na3Sb.",
    "Sb is reformed, Bi re-formed, CoSe2 regenerated and NiSe re-generated.",
    "The electrode shuttles back between Sb and Na3Sb, switching between them, alternating between A and B.",
    "",
]


def test_cue_gate_agrees_with_the_regex_searches():
    from kb.nlp import phases as P

    for text in _GATE_SENTENCES:
        for variant in (text, text.upper(), text.title()):
            expect = P._has_arrow(variant) or P._cue_search(variant)
            assert P._has_cue(variant, variant.lower()) == expect, variant


def test_cue_gate_with_odd_case_letters_keeps_the_plain_path():
    from kb.nlp import phases as P

    # "ſ" (long s) matches "s" under re.IGNORECASE but does not lower to it
    text = "The ſEI of Na2O forms."
    assert P._has_cue(text, None) == (P._has_trigger_key(text.lower()) and P._cue_search(text))
    assert roles("The dotless ı does not matter: an SEI layer of Na2O forms.") == [("Na2O", "sei")]


def test_not_electrochemical_gate_agrees_with_the_regex():
    from kb.nlp import phases as P

    for text in ["Na3Sb forms on discharge.", "The sample was heated to 600 °C and Na2O formed.",
                 "The weight loss of NaBi is small.", "It was stirred in air.", "NaF was annealed.",
                 "The precursor of amorphization is NaSb.", "TGA shows WO3 forms.",
                 "At high temperature Na2S forms.", "The 300 ◦C anneal gives Bi."]:
        for variant in (text, text.upper()):
            expect = P._NOT_ELECTROCHEMICAL.search(variant) is not None
            assert P._not_electrochemical(variant, variant.lower()) == expect, variant


_ROLE_SENTENCES = _GATE_SENTENCES + [
    "After charging back to 2 V, Na3Sb is converted back to Sb, then re-forms NaSb.",
    "During desodiation/sodiation the Sb re-form and the Na3Sb (de)sodiation is reversible.",
    "On discharge Na3Sb forms; on charge-discharge the Sb is recovered, finally Sb.",
    "The metastable NaSb is first formed, it reverts to Sb and eventually Na3Sb.",
    "The charge–discharge of the intermediate NaSb gives back Sb and then back into Na3Sb.",
    "A surface layer of NaF and the SEI film of Na2CO3 and NaxPF appear upon sodiation.",
]


def _old_role(text, pos, default):
    """kb.nlp.phases._role before the per-sentence scans were shared (the reference)."""
    from kb.nlp import phases as P

    window = text[max(0, pos - 60):pos]
    if P._SEI.search(text[max(0, pos - 80):pos + 40]):
        return "sei"
    stop = P._STOP.search(text, pos)
    clause_end = stop.start() if stop else len(text)
    after = text[pos:min(clause_end, pos + 60)]
    if P._REVERSE.search(after) and not P._FORWARD.search(after):
        return "reformed"
    rev = [m.end() for m in P._REVERSE.finditer(text, 0, pos)]
    fwd = [m.end() for m in P._FORWARD.finditer(text, 0, pos)]
    if rev and (not fwd or rev[-1] > fwd[-1]):
        return "reformed"
    if P._FINAL.search(window):
        return "product"
    if P._INTERMEDIATE.search(window[-35:]):
        return "intermediate"
    return default


def test_shared_role_scans_agree_with_the_reference_role():
    from kb.nlp import phases as P
    from kb.nlp.phase_scan import lowered

    for text in _ROLE_SENTENCES:
        for variant in (text, text.upper()):
            roles = P._Roles(variant, lowered(variant))
            cues = P._CYCLE_PAIR.sub(lambda m: " " * len(m.group()), variant)
            for s, _, _ in P._candidates(variant):
                assert roles.role(s, "product") == _old_role(cues, s, "product"), (variant, s)


def test_last_end_before_equals_scanning_the_cut_text_at_every_position():
    from kb.nlp import phases as P
    from kb.nlp.phase_scan import _scan_last_end, last_end_before

    for text in _ROLE_SENTENCES + ["go back to NaSb", "re-form re-generation back  into", "charged"]:
        for rx in (P._REVERSE, P._FORWARD):
            spans = [m.span() for m in rx.finditer(text)]
            for pos in range(len(text) + 1):
                assert last_end_before(rx, text, spans, pos) == _scan_last_end(rx, text, pos), (text, pos)


def test_anchored_finditer_equals_finditer():
    from kb.nlp import phases as P
    from kb.nlp.phase_scan import finditer_at, word_starts

    for text in _GATE_SENTENCES + _ROLE_SENTENCES:
        for variant in (text, text.upper(), text.title()):
            starts = word_starts(variant, variant.lower(), P._CUE_TABLE)
            for rx, bit in ((P._TRIGGERS, P._T), (P._REACTION_OF, P._R), (P._BETWEEN, P._B),
                            (P._SEI_MADE_OF, P._S), (P._REFORMATION_OF, P._F)):
                got = [m.span() for m in P._finditer(rx, bit, variant, starts)]
                assert got == [m.span() for m in finditer_at(rx, variant, [p for p, _ in starts])]
                assert got == [m.span() for m in rx.finditer(variant)], (variant, rx.pattern[:30])


def test_lowered_refuses_letters_ignorecase_reads_differently():
    from kb.nlp.phase_scan import lowered

    assert lowered("Na3Sb → Sb") == "na3sb → sb"
    assert lowered("the ſei") is None and lowered("İnterphase") is None and lowered("ıt") is None


def test_chunk_scan_equals_the_chunk_regex():
    from kb.nlp import phases as P

    for text in _GATE_SENTENCES + _ROLE_SENTENCES + [
            "Na3Sb", "(Na3Sb) and [NaSb]", "“Na3Sb” + xNa+ → a-Na1.7Sb,c-Na3Sb; 3 V", " Bi2S3+xNa+ ",
            "The Cu2O, Cu and Li2O: K(Ge, Sn)", "x Na2S y  Z", "(Fig. 2a) NaBi's peaks"]:
        assert P._chunks(text) == [m.span() + (m.group(),) for m in P._CHUNK.finditer(text)], text


def test_cycle_pair_gate_never_hides_a_cycle_pair():
    from kb.nlp import phases as P

    for text in ["(De)sodiation of Sb", "sodiation/desodiation", "Desodiation / sodiation", "charge–discharge",
                 "Charge-Discharge curves", "the charge at 1/2 C", "lithiation and delithiation", "x/y ratio"]:
        if P._CYCLE_PAIR.search(text):
            assert P._may_name_cycle(text, text.lower()), text


def test_regex_keys_cover_every_alternative():
    """A keyed pre-check may only skip a regex where it cannot match: every word of the
    regex (each alternative, in any case) holds one of its keys."""
    from kb.nlp import phases as P
    from kb.nlp.phase_scan import has_any

    words = {
        (P._SEI, P._SEI_KEYS): ["SEI film", "solid-electrolyte interphase", "the interphase", "passivation",
                                "surface layer", "surface  film"],
        (P._REVERSE, P._REVERSE_KEYS): ["desodiation", "delithiated", "depotassiation", "dealloying", "charge",
                                        "charged", "charging", "back to", "back into", "re-formed", "reformation",
                                        "recovered", "reverted", "re-generated", "regeneration", "extraction",
                                        "deintercalation", "reverse", "reconverted", "returned"],
        (P._FINAL, P._FINAL_KEYS): ["final", "finally", "fully", "complete", "completely", "end product",
                                    "end  products", "eventually", "ultimately"],
        (P._INTERMEDIATE, P._INTERMEDIATE_KEYS): ["intermediate", "intermediates", "metastable", "transient",
                                                  "initially", "first", "partially", "amorphous intermediate"],
        (P._APPEARS_AFTER, P._APPEARS_KEYS): [" formed", " forms", " form", " generated", " produced",
                                              " appears", " emerged", " observed", " detected",
                                              " precipitates", " nucleated", " phases that are then formed",
                                              " is reformed", " was re-formed", " regenerated", " re-generated"],
        (P._BECOMES, P._BECOMES_KEYS): [" transforms", " is converted", " decomposes", " changed", " turns",
                                        " evolves", " reacts", " alloys with"],
        (P._THEN_GAP, P._THEN_KEYS): [" then ", ", subsequently ", " followed by ", " and finally ",
                                      " finally ", " before forming ", " and then to form the "],
        (P._EXAMPLES, P._EXAMPLES_KEYS): ["electrodes such as ", "anodes, e.g., ", "oxides including ",
                                          "hosts like ", "materials namely "],
        (P._NEGATED_BEFORE, P._NEGATED_BEFORE_KEYS): ["without ", "instead of ", "rather than ", "no ",
                                                      "absence of ", "neither ", "nor ", "no evident "],
        (P._NOT_BACK_TO, P._NEGATED_BEFORE_KEYS): ["not converted back to ", "not be fully reformed into "],
        (P._SEI_MADE_OF, P._MADE_OF_KEYS): ["SEI is composed of ", "interphase comprised of ", "SEI consists of ",
                                            "SEI layer made up of ", "SEI constituted of ", "SEI contains "],
        (P._UNRECOVERED_AFTER, P._UNRECOVERED_KEYS): [" cannot recover", " can not revert", " could not reconvert",
                                                      " did not return", " does not convert back",
                                                      " do not transform back", " were not turned back",
                                                      " was not fully recovered", " failed to revert",
                                                      " fails to be converted back"],
        (P._NEGATED_AFTER, P._NEGATED_KEYS): [" was not detected", " were never observed",
                                              " is hardly formed", " could not be found"],
        (P._NOT_ELECTROCHEMICAL, P._NOT_ELECTROCHEMICAL_KEYS): [
            "oxidised", "combustion", "TGA", "thermogravimetric", "weight loss", "in air", "template",
            "etched", "calcined", "annealing", "dissolved", "stirring", "precursor", "hydrothermal",
            "synthesized", "nucleation and growth", "heating", "600 °C", "600 ºC", "600˚C", "600 ◦C",
            "temperature range", "high-temperature"],
    }
    for (rx, keys), samples in words.items():
        for sample in samples:
            for variant in (sample, sample.upper(), sample.title()):
                assert rx.search(variant), (rx.pattern[:30], variant)
                assert has_any(variant.lower(), keys), (rx.pattern[:30], variant)


def test_formula_after_a_noun_and_place_preposition_is_where_not_what_appeared():
    assert roles("A better rate capability in CoTe2 was observed on sodiation.") == []
    assert roles("A thicker film (about 4 nm) on MnO was observed.") == []
    # after a participle the formula is still what was seen
    assert ("Na2Te", "product") in roles("Co grains embedded in Na2Te were observed after sodiation.")
    assert roles("New Na2Te and Co were observed after sodiation.") == [("Na2Te", "product"), ("Co", "product")]


def test_binary_system_of_the_ion_named_as_phases():
    assert roles("On lithiation Ge turns into several Li–Ge intermediates.") == [
        ("LixGe", "intermediate")]
    assert ("KxTe", "product") in roles("Te forms K-Te alloys on potassiation.")
    assert roles("The Li–Ge phase diagram predicts Li15Ge4.") == []
    assert roles("The Li-S batteries were formed into pouches.") == []


def test_element_named_in_words_after_metallic_or_elemental():
    assert roles("CoS2 is reduced to metallic cobalt and Na2S.") == [("Co", "product"), ("Na2S", "product")]
    assert roles("The metallic luster of the film is formed.") == []
    assert dict(roles("Metallic sodium is plated and Na2S is formed.")) == {"Na2S": "product"}


def test_reformed_and_regenerated_after_the_phase():
    assert roles("On charge, elemental tellurium is re-formed.") == [("Te", "reformed")]
    assert roles("After charging, CoSe2 was regenerated and Na2Se vanished.") == [("CoSe2", "reformed")]
    assert roles("The CoSe2 electrode reformed its SEI.") == []


def test_conversion_between_two_phases():
    assert roles("The conversion between CoSe2 and NaxCoSe2 is fast.") == [("CoSe2", "product"),
                                                                         ("NaxCoSe2", "product")]
    assert roles("A reversible conversion reaction between Co and Na2Se was seen.") == [("Co", "reformed"),
                                                                                       ("Na2Se", "reformed")]
    # reactants of a reaction, not the phases it shuttles between
    assert roles("The interfacial reaction between LiCoO2 and Li3PS4 is slow.") == []


def test_arrow_gate_agrees_with_the_arrow_regex():
    from kb.nlp import phases as P

    for text in _GATE_SENTENCES + ["A -> B", "A => B", "A > B", "Na3Sb ⇌ Sb", "Sb ↔ NaSb", "a ⇄ b", "x ⟶ y",
                                   "ASCII only: Na3Sb forms.", "non-ASCII ° but no arrow"]:
        assert P._has_arrow(text) == (P._ARROW.search(text) is not None), text
