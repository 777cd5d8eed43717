"""The typed knowledge graph (networkx MultiDiGraph) built from the store."""
from kb.graph.build import NODE_TYPES, RELATIONS, build_graph, node_id

__all__ = ["NODE_TYPES", "RELATIONS", "build_graph", "node_id"]
