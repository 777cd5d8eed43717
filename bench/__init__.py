"""Benchmarks: throughput, memory, latency. Speed is measured here, never asserted in tests.

Every module named ``*_bench.py`` in this package with a ``main()`` is a bench;
``python -m bench`` runs them all, ``python -m bench NAME`` runs ``NAME_bench``.
"""
