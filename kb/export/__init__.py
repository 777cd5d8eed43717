"""Exports: the curated fact dataset, review tables and the graph, byte-stable.

The same store always gives the same bytes (sorted rows, fixed column order, no
timestamps, fixed container metadata), so exports can be diffed, cached and
committed next to a review manuscript.
"""
from kb.export.facts import export_facts, fact_records
from kb.export.graph import export_graph
from kb.export.tables import TABLE_KINDS, export_table, review_table

__all__ = ["export_facts", "fact_records", "export_graph", "export_table", "review_table",
           "TABLE_KINDS"]
