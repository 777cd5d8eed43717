"""Parse + extract as one pure function of one file.

It holds no global state and touches no database, so any executor (a local
process pool today, a Dask cluster tomorrow) can run it and ship the result
back to the single writer.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from parsers import ParseError, parse_text, read_text
from schemas.article import Article
from schemas.fact import Fact


@dataclass
class Processed:
    path: str
    content_hash: str | None
    article: Article | None = None
    facts: list[Fact] = field(default_factory=list)
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def process_file(path: str | Path, extract: bool = True) -> Processed:
    """Never raises for bad input: the reason lands in ``error``."""
    p = Path(path)
    try:
        digest = content_hash(p.read_bytes())
    except OSError as e:
        return Processed(str(p), None, error=f"cannot read file ({e.strerror or e})")
    try:
        article = parse_text(read_text(p), p)
    except ParseError as e:
        return Processed(str(p), digest, error=e.reason)
    facts: list[Fact] = []
    if extract:
        from kb.facts import extract_facts
        try:
            facts = extract_facts(article)
        except Exception as e:  # an extractor bug costs this paper, not the batch
            return Processed(str(p), digest, article=article,
                             error=f"extraction failed: {type(e).__name__}: {e}")
    return Processed(str(p), digest, article=article, facts=facts)
