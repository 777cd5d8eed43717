"""Scoring extracted facts against gold annotations (the rules of ../shared/gold/README.md).

``load_gold`` reads the annotations, ``score`` compares predictions with them and
returns a :class:`Report`; `kb eval` is a thin CLI over these.
"""
from kb.eval.io import EvalInputError, load_gold, load_predictions, read_jsonl
from kb.eval.match import match_key, matches
from kb.eval.score import TYPES, Counts, Report, score

__all__ = ["Counts", "EvalInputError", "Report", "TYPES", "load_gold", "load_predictions",
           "match_key", "matches", "read_jsonl", "score"]
