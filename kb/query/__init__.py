"""Query layer over the store: question patterns (ask), review tables, material profiles.

Modules are imported where used, so `kb stats` does not pay for pandas-heavy
query code it never runs.
"""
