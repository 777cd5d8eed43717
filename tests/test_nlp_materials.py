"""Material mentions: formulas, composites, named materials, abbreviations, non-materials."""
import pytest

from kb.nlp import materials
from kb.nlp.pipeline import analyze_block


def names(text, abbrevs=None):
    return [m.name for m in materials.find(text, abbrevs or {})]


@pytest.mark.parametrize("written,name", [
    ("Bi2S3", "Bi2S3"), ("Na3(VPO4)2F3", "Na3(VPO4)2F3"), ("BixSb1−x", "BixSb1−x"),
    ("Bi0.33Sb0.67", "Bi0.33Sb0.67"), ("G‐Bi0.33Sb0.67", "G-Bi0.33Sb0.67"),
    ("WSSe@CPCS", "WSSe@CPCS"), ("α-MnO2", "α-MnO2"), ("Li1.3FeS2", "Li1.3FeS2"),
    ("NaxSn", "NaxSn"), ("Na15Sn4", "Na15Sn4"), ("Co9S8", "Co9S8"), ("TiO2(B)", "TiO2(B)"),
    ("Co3O4/CoO", "Co3O4/CoO"), ("P2-Na2/3MnO2", "P2-Na2/3MnO2"),
])
def test_formulas_found_whole(written, name):
    assert names(f"We studied {written} as an anode.") == [name]


def test_morphology_is_stripped_into_attribute():
    (m,) = materials.find("FeS2 nanotubes were cycled.")
    assert (m.name, m.morphology) == ("FeS2", "nanotubes")


def test_named_materials():
    assert names("hard carbon, black phosphorus, phosphorene and expanded graphite") == [
        "hard carbon", "black phosphorus", "phosphorene", "expanded graphite"]


def test_common_name_maps_to_formula():
    assert names("Bismuth sulfide is a promising anode.") == ["Bi2S3"]


@pytest.mark.parametrize("text", [
    "The CV and XRD of the SEI in SIBs were measured.",   # acronyms spelling elements
    "Na+ and Co3+ ions migrate.",                           # ions are not materials
    "Lu et al. showed it.",                                 # author, not lutetium
    "Powder XRD used Cu Kα radiation.",                     # X-ray line
    "See Figure S1 and Movies S2–S4.",                      # supporting labels
    "In this work, As shown, it is.",                       # English words
])
def test_not_materials(text):
    assert names(text) == []


def test_abbreviation_defined_then_resolved():
    sents = analyze_block("A full cell used Na3(VPO4)2F3 (NVPF) cathode. The NVPF cathode was stable.",
                          {})
    assert [m.name for m in sents[1].mentions.materials] == ["Na3(VPO4)2F3"]
    assert sents[1].mentions.materials[0].is_abbreviation


def test_named_abbreviation():
    abbrevs = {}
    analyze_block("We used expanded graphite (EG) as cathode.", abbrevs)
    assert abbrevs["EG"] == "expanded graphite"
    assert names("The EG cathode works.", abbrevs) == ["expanded graphite"]


def test_bare_symbol_called_an_electrode():
    assert names("The P anode was cycled.") == ["P"]
    assert names("P-based materials allow intercalation.") == ["P"]
    assert names("The P2 stacking is kept.") == []


def test_chemistries_and_redox_couples_are_not_materials():
    assert names("In Li-S and Na–O2 cells, potentials vs. Na+/Na were recorded.") == []
    assert names("The Li2S@C cathode and the Bi-Sb alloy.") == ["Li2S@C", "Bi-Sb"]


def test_class_name_in_apposition_gives_way_to_formula():
    assert names("a sodium-rich Prussian blue Na2-xFeFe(CN)6 cathode") == ["Na2-xFeFe(CN)6"]
    assert names("hard carbon and Sn") == ["hard carbon", "Sn"]


def test_single_letter_element_extends_a_list_of_elements():
    from kb.nlp.materials import find as find_materials
    got = [m.formula for m in find_materials("Anodes of elements such as Ge, Bi and S were tested.")]
    assert got == ["Ge", "Bi", "S"]


def test_single_letter_element_alone_or_core_level_is_not_a_material():
    from kb.nlp.materials import find as find_materials
    assert [m.formula for m in find_materials("Ge and S were mixed.")] == ["Ge"]
    assert "S" not in [m.formula for m in find_materials("The Ge, Bi and S 2p spectra.")]


# --- speed gates: each must give exactly what the plain regex search gives ---------
# (invented sentences; the odd spellings exercise case folding and word edges)

import re
import string

GATE_SENTENCES = [
    "Hard carbon and TIN foil were compared with a tin-free GRAPHENE electrode.",
    "Setting the continuous Latin tinx tin2 tin_ values.",
    "Tin", "tin.", "the (tin) and tin-based anodes", "Tinned copper", "x-tin and tin‐rich",
    "Prussian Blue and prussian  white analogues were mixed with Reduced Graphene Oxide.",
    "carbon nanotubes, CARBON NANOFIBRES and mesocarbon   microbeads",
    "hard‐carbon, soft-carbon and MXene sheets, mxenes, black phosphorus.",
    "ſilicon and hard carbon", "Bıſmuth and bismuth", "İron and tin", "Kelvin K tin",
    "Tin(IV) oxide, IRON(II) SULFIDE, bismuth  sulfide and antimony trisulfide.",
    "Cobalt (II) hydroxide and manganese dioxides; oxide of iron; provide a wide side.",
    "graphene oxide and ſulfide of tin sulfıde",
    "See Figure 2 for Na, Fig. 3 for K, Tables S1 and the ratio of  Na to Bi in Movie S2.",
    "notes on Na", "a FIGURE of Li", "Video\nNa", "the Ratio Of Li",
]


def _reference_named(text):
    low = text.lower()
    if not materials._contains_any(low, materials._named_keys()):
        return []
    return [(m.start(), m.end(), m.group()) for m in materials._named_pattern().finditer(text)]


def _reference_common(text):
    low = text.lower()
    if not (materials._contains_any(low, materials._COMMON_GATE)
            and materials._contains_any(low, materials._COMMON_KEYS)):
        return []
    return [(m.start(), m.end(), m.group(), m.group().lower())
            for m in materials._common_pattern().finditer(text)]


@pytest.mark.parametrize("text", GATE_SENTENCES)
def test_named_spans_are_the_plain_regex_spans(text):
    lines_up = materials._lower_lines_up(text)
    assert materials._named_spans(text, text.lower(), lines_up) == _reference_named(text)


@pytest.mark.parametrize("text", GATE_SENTENCES)
def test_common_spans_are_the_plain_regex_spans(text):
    lines_up = materials._lower_lines_up(text)
    assert materials._common_spans(text, text.lower(), lines_up) == _reference_common(text)


@pytest.mark.parametrize("text", GATE_SENTENCES)
def test_label_positions_never_hide_a_label(text):
    labels = materials._label_positions(text.lower(), materials._lower_lines_up(text))
    for start in range(len(text) + 1):
        plain = bool(materials._NOT_MATERIAL_BEFORE.search(text, max(0, start - 12), start))
        assert materials._label_before(text, start, labels) == plain


def test_fast_paths_are_in_use():
    """The lowered patterns need ASCII names; a vocabulary change that breaks it shows here."""
    assert materials._ascii_vocabulary()
    assert materials._lower_lines_up("Bi₂S₃ and α-MnO2 — 5 mA g−1")
    assert not materials._lower_lines_up("ſilicon")


def test_gates_see_short_names_only_as_words():
    assert names("Setting the continuous tinx values.") == []
    assert names("The tin anode and TIN foil.") == ["Sn", "Sn"]
    # "ſ" folds to "s" under IGNORECASE but not under lower(): the text itself is searched
    assert names("Hard carbon, ſilicon.") == ["hard carbon", "ſilicon"]


def test_lowered_text_lines_up_except_for_the_exotic_folds():
    """str.lower() stands in for re.IGNORECASE on every character but _FOLD_EXOTIC."""
    letter = re.compile("[a-z]", re.I)
    word, space = re.compile(r"\w"), re.compile(r"\s")
    hyphens = set(materials._HY) | set("()._")
    for cp in range(0x110000):
        c = chr(cp)
        if c in materials._FOLD_EXOTIC:
            continue
        lo = c.lower()
        assert len(lo) == 1
        folds = bool(letter.fullmatch(c))
        assert folds == (lo in string.ascii_lowercase), hex(cp)
        if folds:
            assert re.fullmatch(lo, c, re.I)
        assert bool(word.match(c)) == bool(word.match(lo))
        assert bool(space.match(c)) == bool(space.match(lo)) == c.isspace()
        assert (c in hyphens) == (lo in hyphens)


def test_fast_mention_equals_the_constructor():
    from kb.nlp.mentions import MaterialMention
    args = (3, 9, "Bi2S3", "Bi2S3", "Bi2S3", "nanorods", False)
    fast = materials._mention(*args)
    slow = MaterialMention(*args)
    assert materials._MENTION_FAST
    assert fast == slow and vars(fast) == vars(slow) and list(vars(fast)) == list(vars(slow))
    assert hash(fast) == hash(slow) and repr(fast) == repr(slow)


def test_lowered_greek_lines_up():
    """The lowered not-a-material pattern lists every character IGNORECASE takes for α/β."""
    folds = {chr(cp) for cp in range(0x110000) if re.fullmatch("[αβ]", chr(cp), re.I)}
    assert {c.lower() for c in folds} == set("αβϐ")
    assert {chr(cp) for cp in range(0x110000) if chr(cp).lower() in "αβϐ"} == folds


@pytest.mark.parametrize("text", [
    "Na et al. and Li  and co-workers", "Cu Kβ and Cu Κϐ lines", "Bi L-edge, Sb K edge, Se 3d",
    "the SEI on Li and Na SEI", "Sn foil, Cu grids, Ni mesh", "Ni(OH)2 nanosheets and FeS2 Nanotubes",
    "the P anode and P-based P", "a Na  Ratios, Li Atomic ratio", "ſ Na et al", "İ Li SEI", "K Li K-edge",
])
def test_chunk_context_checks_on_lowered_text(text):
    """Each candidate chunk gets the same verdict from the lowered and the plain regex."""
    low = text.lower()
    for m in materials._CHUNK.finditer(text):
        end = m.end()
        while end <= len(text):
            plain = materials._NOT_MATERIAL_AFTER.match(text, end)
            if materials._lower_lines_up(text):
                lowered = materials._NOT_MATERIAL_AFTER_LOW.match(low, end)
                assert bool(plain) == bool(lowered) and (not plain or plain.end() == lowered.end())
            end += 1


def test_chunk_pattern_branch_order_does_not_matter():
    """The capital branch moved first: the same chunks as the original order."""
    import random
    o, w = materials._OPEN, materials._WORD_END
    original = re.compile(rf"[{o}A-Zαβγδεηθλ](?<![^\s{o}].)"
                          rf"(?:(?<=[{o}])[{o}]*(?=[A-Zαβγδεηθλ])(?![A-Z][a-z]{{2,}}{w})"
                          rf"|(?<=[A-Z])(?![a-z]{{2,}}{w})|(?<=[αβγδεηθλ]))[^\s,;:]*")
    rng = random.Random(7)
    alphabet = "ABSab (\"'“[,;:.)α-1\n"
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        assert [m.span() for m in materials._CHUNK.finditer(text)] == \
            [m.span() for m in original.finditer(text)], text
