"""Chemistry identity: the one home of "which material is this".

Everything that compares, merges or canonicalises material names (the extractors,
the store's entity resolution, the graph, `kb eval`) calls these functions, so a
rule about identity is written once.
"""
from kb.chem.elements import element_by_name, elements, is_element
from kb.chem.flatten import flatten
from kb.chem.formula import Amount, Composition, is_formula, parse_formula
from kb.chem.names import (Identity, common_name, common_name_formula, composite_parts, fold_spellings,
                           identity, material_key, same_material, strip_modifiers)

__all__ = ["Amount", "Composition", "Identity", "common_name", "common_name_formula", "composite_parts",
           "element_by_name", "elements", "flatten", "fold_spellings", "identity", "is_element", "is_formula",
           "material_key", "parse_formula", "same_material", "strip_modifiers"]
