"""`kb show` profile on hand-made papers: merged spellings, order, evidence, composites."""
from __future__ import annotations

import io
import json

import pytest
from rich.console import Console

from kb.query.profile import UnknownMaterial, material_profile, render_profile
from kb.store import Store
from kbstore_helpers import article, fact, processed

A = "Antimony sulfide reacts with sodium by conversion and then alloying."
B = "On discharge Sb2S3 first forms NaxSb2S3, then Sb and Na2S, and finally Na3Sb."
C = "A NaF-rich interphase covers the Sb2S3 electrode."
D = "Sb2S3 delivered 700 mAh/g at 0.2 A/g after 50 cycles (80% retention)."
E = "Sb2S3@C composites were cycled in potassium cells, where Sb2S3 alloys with K."


def _st(tmp_path):
    st = Store.open(tmp_path / "kb.sqlite")
    p1 = [fact("p1", "mechanism", "antimony sulfide", A, mechanism="conversion", ion="Na"),
          fact("p1", "mechanism", "antimony sulfide", A, mechanism="alloying", ion="Na"),
          fact("p1", "phase", "Sb2S3", B, phase="Na3Sb", role="product", ion="Na", order=1),
          fact("p1", "phase", "Sb2S3", B, phase="NaxSb2S3", role="intermediate", ion="Na", order=2),
          fact("p1", "phase", "Sb2S3", B, phase="Sb", role="intermediate", ion="Na", order=3),
          fact("p1", "phase", "Sb2S3", B, phase="Na2S", role="intermediate", ion="Na", order=3),
          fact("p1", "phase", "Sb2S3", C, phase="NaF", role="sei", ion="Na", order=4),
          fact("p1", "capacity", "Sb2S3", D, value=700.0, unit="mAh/g", kind="retained",
               current="0.2 A/g", cycles=50, retention_percent=80.0, ion="Na")]
    p2 = [fact("p2", "mechanism", "Sb2S3", E, mechanism="alloying", ion="K"),
          fact("p2", "technique", "Sb2S3@C", E, technique="XRD", mode="ex_situ", ion="K")]
    st.write_paper(processed(article("p1", {"Results": [A, B, C, D]}, doi="10.1/p1"), p1))
    st.write_paper(processed(article("p2", {"Results": [E]}), p2))
    st.refresh_entities()
    return st


def test_profile_spans_papers_and_spellings(tmp_path):
    with _st(tmp_path) as st:
        prof = material_profile(st, "S3Sb2")
    assert prof["material"] == "Sb2S3"
    assert prof["spellings"] == ["Sb2S3", "antimony sulfide"]
    assert [p["paper"] for p in prof["papers"]] == ["p1", "p2"]
    assert list(prof["mechanisms"]) == ["K", "Na"]
    assert [m["mechanism"] for m in prof["mechanisms"]["Na"]] == ["conversion", "alloying"]
    assert prof["mechanisms"]["K"][0]["evidence"] == E
    pw = prof["pathways"][0]
    assert pw["text"] == "Sb2S3 -> NaxSb2S3 -> Sb + Na2S -> Na3Sb"  # product last, sei out
    assert pw["steps"][1][0]["evidence"] == B
    assert [i["phase"] for i in prof["interphases"]] == ["NaF"]
    cap = prof["capacities"][0]
    assert (cap["value"], cap["current"], cap["cycles"], cap["retention_percent"]) == \
        (700.0, "0.2 A/g", 50, 80.0)
    assert cap["evidence"] == D and cap["paper"] == "p1"
    assert prof["part_of"] == ["Sb2S3@C"]
    json.dumps(prof)  # plain JSON types only


def test_profile_of_a_composite(tmp_path):
    with _st(tmp_path) as st:
        prof = material_profile(st, "Sb2S3@C")
    assert prof["composite_of"] == ["Sb2S3", "C"]
    assert prof["techniques"][0]["technique"] == "XRD"


def test_profile_via_user_alias_and_unknown(tmp_path):
    with _st(tmp_path) as st:
        st.add_alias("stibnite", "Sb2S3")
        prof = material_profile(st, "Stibnite")
        assert prof["material"] == "Sb2S3" and prof["user_aliases"] == ["stibnite"]
        with pytest.raises(UnknownMaterial, match=r"no material 'Sb2Se3'; closest: Sb2S3"):
            material_profile(st, "Sb2Se3")
        with pytest.raises(UnknownMaterial, match=r"no material 'Na3Sb' \(a phase formed by Sb2S3\)"):
            material_profile(st, "Na3Sb")


def test_render_profile_tables(tmp_path):
    with _st(tmp_path) as st:
        prof = material_profile(st, "Sb2S3")
    buf = io.StringIO()
    render_profile(prof, Console(file=buf, width=200))
    out = buf.getvalue()
    for needle in ("Mechanisms", "Pathway (Na, p1): Sb2S3 -> NaxSb2S3 -> Sb + Na2S -> Na3Sb",
                   "Capacities", "700.0", "Interphases", "part of: Sb2S3@C"):
        assert needle in out, needle
