"""Hand-made papers and facts for store/build/graph tests.

Build tests inject ``fake_process`` instead of kb.pipeline.process_file: it reads a
tiny JSON "paper" we write ourselves, so the tests check storage, incrementality
and crash safety, not extraction quality. Module-level so worker processes can
pickle it.
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

from kb.pipeline import Processed, content_hash
from schemas.article import Article, Paragraph, Section, SourceFormat
from schemas.fact import Evidence, Fact, FactType


def article(pid: str, paragraphs: dict[str, list[str]], title: str = "", doi: str | None = None,
            year: int | None = 2020) -> Article:
    return Article(id=pid, source_path=f"{pid}.txt", source_format=SourceFormat.PDF_TEXT,
                   doi=doi, title=title or f"Paper {pid}", year=year,
                   sections=[Section(title=t, paragraphs=[Paragraph(text=p) for p in ps])
                             for t, ps in paragraphs.items()])


def fact(paper: str, type_: str, material: str, sentence: str, section: str = "Results",
         confidence: float = 0.9, **kw) -> Fact:
    return Fact(paper=paper, type=FactType(type_), material=material,
                evidence=Evidence(paper=paper, section=section, sentence=sentence,
                                  extractor="test", confidence=confidence), **kw)


def processed(art: Article, facts: list[Fact], digest: str = "h") -> Processed:
    return Processed(path=f"/nonexistent/{art.id}.txt", content_hash=digest, article=art,
                     facts=facts)


def write_json_paper(path: Path, facts: list[dict], title: str | None = None) -> Path:
    """A corpus file for ``fake_process``: facts as dicts with 'sentence' + Fact fields."""
    path.write_text(json.dumps({"title": title or path.stem, "facts": facts}), encoding="utf-8")
    return path


def fake_process(path) -> Processed:
    """Pure per-file function for build tests; KB_TEST_DELAY slows it down (seconds)."""
    delay = float(os.environ.get("KB_TEST_DELAY", "0") or 0)
    if delay:
        time.sleep(delay)
    p = Path(path)
    data = p.read_bytes()
    digest = content_hash(data)
    try:
        doc = json.loads(data.decode("utf-8"))
        if not isinstance(doc, dict) or "facts" not in doc:
            raise ValueError("no 'facts' key")
    except (ValueError, UnicodeDecodeError) as e:
        return Processed(str(p), digest, error=f"not a test paper ({type(e).__name__})")
    sentences = [f["sentence"] for f in doc["facts"]]
    art = article(p.stem, {"Results": [" ".join(sentences)] if sentences else []},
                  title=doc.get("title") or p.stem)
    facts = []
    for f in doc["facts"]:
        f = dict(f)
        sentence = f.pop("sentence")
        facts.append(fact(p.stem, f.pop("type"), f.pop("material"), sentence, **f))
    return Processed(str(p), digest, article=art, facts=facts)
