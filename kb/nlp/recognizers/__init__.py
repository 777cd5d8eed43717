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
- Remedies: a mitigation verb (prevent, avoid, suppress, inhibit, mitigate, alleviate,
  buffer, accommodate, relieve, restrain ...) governing cracking, pulverization, dendrite
  growth or capacity fading flags it NEGATED (a prevented crack is not a reported one);
  governing volume expansion it flags HEDGED, because buffering a swelling presupposes it
  ("buffer the volume expansion of Sn" still says Sn expands).
- First cycle: a Coulombic efficiency is initial only when a first/initial cue governs
  that value (its clause, no "after the first few cycles", "in later cycles",
  "stabilizes", "after N cycles" between or right after); "incomplete conversion" is a
  first-cycle loss only in a sentence that names the first cycle.
- Valued phenomena: nm/s is always a reaction speed and cm2/s a diffusion coefficient; a
  percentage, an eV or a nm value needs a cue in its clause (initial Coulombic efficiency,
  expansion, barrier, SEI). A series or range gives one mention per value, in order.
- Capacities: one mention per value; a current/rate series after the values is paired
  one to one ("0.5, 1, 2 and 5 C" is a series whose unit is written once), a single
  current applies to all, a "from A to B" range goes to the ends. A value with a cycle
  count above one after/over/for N cycles is "retained", unless a second predicate
  stands between them ("500 mAh g−1 and sustains 82% ... after 1000 cycles": the cycles
  go with the 82%).

Speed: all cue recognizers share one routing per sentence (a small LRU keyed by the
sentence text): the sentence is split on whitespace and each token looked up in a cache
of per-token routes, which hand each recognizer only the word starts where one of its
cues can begin (the word there passes the cue's head test), so a recognizer with nothing
to look at returns at once; the clause/hedge/negation scan runs only for sentences with
a mention, and its marks (clause breaks, hedge and negation words) are looked up per
token too. The lowered token split comes from a small LRU in kb.nlp.phase_scan and is
shared by routing and marks (kb_phases uses the lowered text, not the split). Call them sentence by
sentence (all five on one sentence, then the next) to share the routing; see
bench/recognizers_bench.py.
"""
