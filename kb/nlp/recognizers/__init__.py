"""Sentence recognizers: pure functions over one sentence's plain text.

Each module exposes ``find(text)`` (quantities: ``find_capacities(text)``) returning
kb.nlp.mentions dataclasses with character offsets into ``text``, sorted by start.
They decide WHAT is mentioned and its attributes (mode, negation, hedging, value, unit,
current, cycles); which material a mention belongs to is decided later by kb.facts.
Cue vocabularies are data in kb/vocab/*.tsv, read once.

Decisions worth knowing when reading their output:

- Ions: an element symbol inside a formula (Na2S, NaxBi2S3, KOH) or a spectroscopic
  edge ("Co K-edge") is not an ion cue; a bare symbol counts only as a charged ion
  (Na+), an "-ion" compound (Na-ion, sodium-ion, SIBs) or before a storage/process noun
  ("Na storage", "Na plating"). Chemistries (Li-S, Li-O2, Na-O2, K-O2) win over their ion.
- Mechanisms: "adsorption" counts (surface/capacitive adsorption of the working ion) but
  not gas adsorption ("N2 adsorption-desorption" is BET); "pseudocapacitive" alone is not
  a mechanism. Bare "insertion" is not intercalation (alloys and conversion electrodes
  also "insert" Na); "insertion-type", "insertion reaction", "topotactic insertion" are.
- Negated ("no cracks", "crack-free", "does not undergo conversion") and hedged ("may",
  "is proposed") mentions are returned with flags, never silently dropped.
- Valued phenomena: nm/s is always a reaction speed and cm2/s a diffusion coefficient; a
  percentage, an eV or a nm value needs a cue in its clause (initial Coulombic efficiency,
  expansion, barrier, SEI). A series or range gives one mention per value, in order.
- Capacities: one mention per value; a current/rate series after the values is paired
  one to one, a single current applies to all, a "from A to B" range goes to the ends.
  Any value with a cycle count above one after/over/for N cycles is "retained".

Speed: all cue recognizers share one trigger scan and one clause/hedge/negation scan
per sentence (cached by sentence text), see bench/recognizers_bench.py.
"""
