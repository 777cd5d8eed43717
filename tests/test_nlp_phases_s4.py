"""Phase reading, session 4: structure prefixes, copula/appositive products,
"transition from A to B", polysulfides and their chains, element reactants in
equations; and the negative readings beside them. All sentences are invented."""
from kb.nlp.phases import find


def roles(text):
    return [(p.phase, p.role) for p in find(text)]


# --- 1. structure / polytype prefixes -------------------------------------------------

def test_polytype_prefix_is_dropped_from_the_phase():
    assert ("NaMoS2", "product") in roles("Upon sodium uptake, WS2 transforms into 1T-NaWS2 and then 1T-NaMoS2.")
    assert ("NaMoS2", "product") in roles("After discharge the product is 1T-NaMoS2.")


def test_lattice_letter_prefixes_are_dropped():
    assert ("Na3Bi", "product") in roles("The final product is h-Na3Bi with a hexagonal cell.")
    assert ("Li15Ge4", "product") in roles("At 10 mV the c-Li15Ge4 phase appears.")
    got = dict(roles("Germanium is first converted to a-LixGe and then to c-Li15Ge4."))
    assert got == {"LixGe": "intermediate", "Li15Ge4": "product"}


def test_greek_polymorph_is_read_and_kept():
    got = dict(roles("During sodiation, Sn forms β-NaSn as an intermediate."))
    assert got.get("β-NaSn") == "intermediate"
    assert "Sn" not in got  # the reactant that forms it


def test_state_adjective_before_formula():
    assert ("NaxAs", "product") in roles("Arsenic turns into amorphous NaxAs during sodiation.")
    assert ("Na3Bi", "product") in roles("The final product is hexagonal Na3Bi.")


def test_prefixed_pristine_material_is_not_a_product():
    assert roles("The pristine α-Fe2O3 nanorods were characterized by XRD.") == []


# --- 2. copula and appositive ---------------------------------------------------------

def test_appositive_names_the_phase():
    assert ("Li15Ge4", "product") in roles("The lithiated phase, Li15Ge4, expands by 230%.")
    assert ("Na3Bi", "product") in roles("The sodiated product, Na3Bi, is stable on cycling.")


def test_copula_names_the_product():
    assert ("Na2O2", "product") in roles("The discharge product was identified as Na2O2.")
    assert ("K3Bi", "product") in roles("The fully potassiated phase is K3Bi.")
    assert ("Li2O2", "product") in roles("Li2O2 is the main discharge product.")


def test_pristine_phase_is_not_read_as_product():
    assert roles("In the pristine phase, Bi atoms are arranged in layers.") == []


# --- 3. transitions -------------------------------------------------------------------

def test_transition_from_a_to_b():
    got = dict(roles("A phase transition from NaBi to Na3Bi occurs at 0.45 V."))
    assert got == {"NaBi": "intermediate", "Na3Bi": "product"}


def test_a_transforms_into_b():
    got = dict(roles("Upon further sodiation NaBi transforms into Na3Bi."))
    assert got == {"NaBi": "intermediate", "Na3Bi": "product"}
    got = dict(roles("At lower potential Li2Sb is converted to Li3Sb."))
    assert got == {"Li2Sb": "intermediate", "Li3Sb": "product"}


def test_starting_material_that_transforms_is_not_a_phase():
    got = dict(roles("Bi transforms into NaBi and then Na3Bi."))
    assert "Bi" not in got and got["Na3Bi"] == "product"


def test_transition_back_keeps_source_as_product():
    got = dict(roles("On charging, Na3Bi is converted back to Bi."))
    assert got.get("Bi") == "reformed"
    assert got.get("Na3Bi") != "intermediate"


def test_lithiation_to_names_the_product():
    assert ("Li15Ge4", "product") in roles("Full lithiation to Li15Ge4 gives a capacity of 1384 mAh/g.")


# --- 4. polysulfides ------------------------------------------------------------------

def test_polysulfides_in_brackets_are_intermediates():
    got = roles("Sulfur is reduced to the soluble sodium polysulfides (Na2Sx, 4 ≤ x ≤ 8).")
    assert ("Na2Sx", "intermediate") in got


def test_polysulfides_dissolving_in_the_electrolyte_are_read():
    got = roles("The intermediate potassium polysulfides (K2Sx) dissolve in the electrolyte.")
    assert ("K2Sx", "intermediate") in got


def test_dissolution_during_synthesis_is_still_not_read():
    assert roles("The Li2S6 was dissolved in ethanol and stirred to form a precursor.") == []


def test_polysulfide_chain_with_order():
    got = roles("The reduction proceeds as Na2S8 → Na2S6 → Na2S4 → Na2S2/Na2S.")
    assert got == [("Na2S8", "intermediate"), ("Na2S6", "intermediate"), ("Na2S4", "intermediate"),
                   ("Na2S2", "intermediate"), ("Na2S", "product")]


def test_soluble_polysulfide_is_an_intermediate():
    assert roles("Soluble Li2Sx species shuttle to the lithium anode.") == [("Li2Sx", "intermediate")]


def test_polysulfide_catholyte_without_a_cue_is_not_a_phase():
    assert roles("A 0.2 M Li2S6 catholyte was used in all cells.") == []


def test_slash_composite_of_host_and_carbon_is_not_split():
    assert ("C", "product") not in roles("The formation of Sb/C composite was confirmed.")


# --- 5. equations with element reactants ----------------------------------------------

def test_element_reactant_equation():
    assert roles("The alloying step is Ge + 3.75Li → Li3.75Ge.") == [("Li3.75Ge", "product")]
    assert roles("Bi + 3Na+ + 3e− → Na3Bi") == [("Na3Bi", "product")]
    assert roles("Sb + xK+ + xe− → KxSb") == [("KxSb", "product")]


# --- negatives ------------------------------------------------------------------------

def test_negated_products():
    assert roles("No Na3Bi was detected after discharge.") == []
    assert roles("There is no evidence of Na3Bi formation at 0.3 V.") == []
    assert ("Na3Bi", "product") not in roles("The final product is not Na3Bi but NaBi.")


def test_transitive_form_keeps_the_reactant_out():
    assert dict(roles("Upon lithiation Ge forms Li15Ge4.")) == {"Li15Ge4": "product"}
    assert ("Li2O", "product") in roles("The Li2O formed during discharge is insulating.")


def test_element_named_with_a_state_word():
    assert ("Se", "reformed") in roles("Crystalline selenium is thus reformed on charge.")
    assert roles("Amorphous carbon was formed on the surface during pyrolysis.") == []
    assert ("C", "product") not in roles("A shell of amorphous carbon forms around each particle.")


def test_formula_said_to_be_the_phase_or_product():
    assert ("Li15Ge4", "product") in roles("Li15Ge4 was identified as the fully lithiated phase.")
    assert ("Na3Bi", "product") in roles("Na3Bi, the final sodiation product, is hexagonal.")
    assert roles("Bi was identified as the main phase of the pristine powder.") == []


def test_did_not_form_is_negated():
    assert roles("Under these conditions Bi did not form Na3Bi.") == []
    assert "Na3Bi" not in dict(roles("The NaBi phase never transforms into Na3Bi here."))


def test_polysulfide_named_as_absent():
    assert roles("The solid cell converts S directly to Li2S without any detectable intermediate "
                 "lithium polysulfide (Li2Sx) species.") == [("Li2S", "product")]


def test_reduced_source_and_reverse_conversion():
    got = dict(roles("Na2S4 is further reduced to Na2S2 and Na2S."))
    assert got == {"Na2S4": "intermediate", "Na2S2": "intermediate", "Na2S": "product"}
    assert "Fe2O3" not in dict(roles("Fe2O3 is reduced to Fe during lithiation."))
    assert dict(roles("The conversion of Na2S back to S occurs on charge.")) == {"Na2S": "product", "S": "reformed"}
