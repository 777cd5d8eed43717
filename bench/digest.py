"""A digest of every fact extracted from some folders: the gate for speed work.

Speed changes to the extractors must not change a single fact. This prints one
line per folder (papers, facts, sha256 over every fact's full record, evidence
span, extractor and confidence, in document order) and can dump the facts as
JSON lines so two runs can be diffed:

    python -m bench.digest ../shared/corpus corpus --dump /tmp/before.jsonl
    ... change code ...
    python -m bench.digest ../shared/corpus corpus --dump /tmp/after.jsonl
    cmp /tmp/before.jsonl /tmp/after.jsonl
"""
from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import sys
from pathlib import Path

from kb.facts import analyze_article, extract_facts
from parsers import ParseError, parse
from parsers.batch import iter_input_files


def _line(record: dict) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=False)


def _lines(folder: Path, of_article):
    """``of_article(article)``'s lines for every paper of ``folder``, each tagged with the
    file name; a paper that does not parse gives one parse_error line."""
    for p in iter_input_files([folder]):
        try:
            article = parse(p)
        except ParseError as e:
            yield json.dumps({"file": p.name, "parse_error": e.reason})
            continue
        for record in of_article(article):
            yield _line({"file": p.name, **record})


def _facts_of(article) -> list[dict]:
    return [f.model_dump(mode="json") for f in extract_facts(article)]


def _mentions_of(article) -> list[dict]:
    abbrevs: dict[str, str] = {}
    title, blocks = analyze_article(article, abbrevs)
    sentences = [("title", s) for s in title] + [(b.section, s) for b in blocks for s in b.sentences]
    return [{"section": section, "start": s.start, "text": s.text,
             "mentions": dataclasses.asdict(s.mentions)} for section, s in sentences] \
        + [{"abbreviations": abbrevs}]


def fact_lines(folder: Path):
    """One JSON line per fact (file order, then document order); parse failures too."""
    return _lines(folder, _facts_of)


def mention_lines(folder: Path):
    """One JSON line per sentence: every mention the NLP layer found there (stricter
    than the facts: a mention that assembly drops still counts)."""
    return _lines(folder, _mentions_of)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.digest", description=__doc__.splitlines()[0])
    ap.add_argument("folders", nargs="+", type=Path)
    ap.add_argument("--dump", type=Path, help="write every fact as a JSON line here")
    ap.add_argument("--mentions", action="store_true",
                    help="digest every sentence's mentions instead of the facts")
    args = ap.parse_args(argv)
    lines = mention_lines if args.mentions else fact_lines
    out = args.dump.open("w", encoding="utf-8") if args.dump else None
    total = hashlib.sha256()
    for folder in args.folders:
        h = hashlib.sha256()
        n = 0
        for line in lines(folder):
            h.update(line.encode() + b"\n")
            total.update(line.encode() + b"\n")
            n += 1
            if out:
                out.write(line + "\n")
        print(f"{folder}: {n} {'sentences' if args.mentions else 'facts'}  sha256 {h.hexdigest()[:16]}")
    print(f"all: sha256 {total.hexdigest()[:16]}")
    if out:
        out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
