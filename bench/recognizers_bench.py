"""Sentence-recognizer cost per sentence against the bare spaCy tokenizer.

The whole NLP pipeline must stay within ~3x the blank-English tokenizer, so each
recognizer is timed over the same sentences (the real papers, parsed and split the
way the pipeline does it) and reported as microseconds per sentence and as a
fraction of the tokenizer's time, alone and all five on each sentence (as the pipeline
calls them, sharing per-sentence caches). Best CPU time of ``--repeat`` runs: the least
noisy figure on a shared machine. Timing each recognizer alone over all sentences pays
the shared routing pass (token routing plus every cue match) once per recognizer (the
per-sentence cache holds only the last few sentences), so "sum of the five alone"
overstates what the pipeline pays.
"""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import spacy
from rich.console import Console
from rich.table import Table

from kb.nlp.recognizers import ions, mechanisms, phenomena, quantities, techniques
from kb.nlp.recognizers._common import _routed
from kb.nlp.sentences import split_sentences
from parsers import ParseError, parse

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = Path(os.environ.get("KB_SHARED", REPO.parent / "shared")) / "corpus"

RECOGNIZERS = {
    "techniques": techniques.find,
    "mechanisms": mechanisms.find,
    "phenomena": phenomena.find,
    "capacities": quantities.find_capacities,
    "ions": ions.find,
}


def _sentences(folder: Path) -> list[str]:
    out = []
    for path in sorted(folder.glob("*.txt")):
        try:
            article = parse(path)
        except ParseError:
            continue
        for _section, text in article.iter_text_blocks():
            out.extend(text[s:e] for s, e in split_sentences(text))
    return out


def _best_of(fn, sentences: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()  # CPU time: less noisy than wall time on a shared machine
        for s in sentences:
            fn(s)
        best = min(best, time.process_time() - t0)
    return best


def main(args: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench recognizers")
    ap.add_argument("--corpus", type=Path, default=SHARED_CORPUS)
    ap.add_argument("--repeat", type=int, default=5)
    opts = ap.parse_args(args or [])
    sentences = _sentences(opts.corpus)
    if not sentences:
        print(f"bench: recognizers: no sentences under {opts.corpus}")
        return 1
    for fn in RECOGNIZERS.values():
        fn(sentences[0])  # load vocabularies outside the timing
    tokenizer = spacy.blank("en").tokenizer
    base = _best_of(tokenizer, sentences, opts.repeat)
    table = Table(title=f"recognizers over {len(sentences)} sentences ({opts.corpus})")
    for col in ("recognizer", "us/sentence", "x tokenizer"):
        table.add_column(col, justify="right" if col != "recognizer" else "left")
    table.add_row("spaCy tokenizer", f"{base / len(sentences) * 1e6:.1f}", "1.00")
    total = 0.0
    for name, fn in RECOGNIZERS.items():
        t = _best_of(fn, sentences, opts.repeat)
        total += t
        table.add_row(name, f"{t / len(sentences) * 1e6:.1f}", f"{t / base:.2f}")
    table.add_row("sum of the five alone", f"{total / len(sentences) * 1e6:.1f}", f"{total / base:.2f}")
    fns = list(RECOGNIZERS.values())

    def all_five(sentence: str) -> None:
        for fn in fns:
            fn(sentence)

    # how the pipeline calls them: all five on one sentence, sharing per-sentence caches
    together = _best_of(all_five, sentences, opts.repeat)
    table.add_row("all five per sentence", f"{together / len(sentences) * 1e6:.1f}", f"{together / base:.2f}")
    # the shared part: the routing pass (word starts routed to cue buckets and the cue
    # matches made there) that every cue recognizer reads (uncached here)
    scan = _best_of(_routed.__wrapped__, sentences, opts.repeat)
    table.add_row("  of which shared routing + cue matching", f"{scan / len(sentences) * 1e6:.1f}", f"{scan / base:.2f}")
    Console().print(table)
    return 0
