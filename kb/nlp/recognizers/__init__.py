"""Sentence recognizers: pure functions over one sentence's plain text.

Each module exposes ``find(text)`` (quantities: ``find_capacities(text)``) returning
kb.nlp.mentions dataclasses with character offsets into ``text``, sorted by start.
They decide WHAT is mentioned and its attributes (mode, negation, value, unit); which
material a mention belongs to is decided later by kb.facts. Cue vocabularies are data
in kb/vocab/*.tsv, read once.
"""
