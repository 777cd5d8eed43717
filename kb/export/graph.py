"""`kb export graph`: the knowledge graph as GraphML, GEXF, JSON or neo4j-admin CSVs.

GraphML and GEXF carry only scalar attributes of one type per key, so every
attribute is flattened first: lists become "a; b" strings, dicts JSON text,
None is dropped, and a key whose values mix types is written as text. Nodes and
edges are sorted, so the same graph always gives the same bytes.
"""
from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import networkx as nx

from kb.export.facts import ExportError

FORMATS = ("graphml", "gexf", "json", "neo4j-csv")
_LABEL_KEYS = ("type", "node_type", "label")
_REL_KEYS = ("relation", "type", "rel", "edge_type", "label")


def _flat(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if hasattr(value, "item") and not isinstance(value, (list, tuple, dict, set)):
        value = value.item()
    if isinstance(value, float):
        return None if value != value else value
    if isinstance(value, (int, str)):
        return value
    if isinstance(value, (list, tuple)) and any(isinstance(v, dict) for v in value):
        return json.dumps(list(value), ensure_ascii=False, sort_keys=True, default=str)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return "; ".join(str(_flat(v)) for v in items if _flat(v) is not None)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
    return str(value)


def _kind(values: list[Any]) -> type:
    kinds = {type(v) for v in values}
    if kinds <= {bool}:
        return bool
    if kinds <= {int}:
        return int
    if kinds <= {int, float}:
        return float
    return str


def _coerce(attrs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One type per key across all items (GraphML/GEXF declare a key's type once)."""
    flat = [{k: _flat(v) for k, v in a.items()} for a in attrs]
    flat = [{k: v for k, v in a.items() if v is not None} for a in flat]
    keys = sorted({k for a in flat for k in a})
    kinds = {k: _kind([a[k] for a in flat if k in a]) for k in keys}
    out = []
    for a in flat:
        row = {}
        for k in keys:
            if k in a:
                v = a[k]
                t = kinds[k]
                row[k] = float(v) if t is float else (v if t in (int, bool) else str(v))
        out.append(row)
    return out


def _node_key(n: Any) -> str:
    return str(n)


def sorted_simple(g: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy with string node ids, flattened attributes, nodes and edges in sorted order."""
    nodes = sorted(g.nodes(data=True), key=lambda nd: _node_key(nd[0]))
    edges = sorted(g.edges(keys=True, data=True),
                   key=lambda e: (_node_key(e[0]), _node_key(e[1]), str(e[2]),
                                  json.dumps({k: _flat(v) for k, v in e[3].items()},
                                             sort_keys=True, default=str)))
    nattrs = _coerce([d for _, d in nodes])
    eattrs = _coerce([d for *_, d in edges])
    out = nx.MultiDiGraph()
    out.graph.update({k: _flat(v) for k, v in g.graph.items() if _flat(v) is not None})
    for (n, _), a in zip(nodes, nattrs):
        out.add_node(_node_key(n), **a)
    for (u, v, k, _), a in zip(edges, eattrs):
        # the builder's key ("UNDERGOES|Na") is unique per node pair: keep it as the edge id
        out.add_edge(_node_key(u), _node_key(v), key=str(k), **a)
    return out


def _graphml(g: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(g, buf, encoding="utf-8", prettyprint=True, named_key_ids=False)
    return buf.getvalue()


def _gexf(g: nx.MultiDiGraph) -> bytes:
    buf = io.BytesIO()
    nx.write_gexf(g, buf, encoding="utf-8", prettyprint=True)
    # the writer stamps today's date into <meta>; a dated export is not reproducible
    return re.sub(rb'lastmodifieddate="[^"]*"', b'lastmodifieddate="2000-01-01"', buf.getvalue())


def _json(g: nx.MultiDiGraph) -> bytes:
    data = nx.node_link_data(g, edges="edges")
    return (json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")


def _ident(text: str, upper: bool) -> str:
    t = re.sub(r"[^0-9A-Za-z_]+", "_", str(text)).strip("_") or "X"
    if t[0].isdigit():
        t = "_" + t
    if upper:
        return t.upper()
    return t[0].upper() + t[1:]


def _neo_type(values: list[Any]) -> str:
    k = _kind(values)
    return {bool: "boolean", int: "long", float: "double"}.get(k, "string")


def _neo_cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float) and v.is_integer():
        return repr(v)
    return str(v).replace("\r", " ").replace("\n", " ")


def _neo_label(attrs: dict[str, Any]) -> str:
    for k in _LABEL_KEYS:
        if attrs.get(k):
            return _ident(attrs[k], upper=False)
    return "Node"


def _neo_rel(key: Any, attrs: dict[str, Any]) -> str:
    for k in _REL_KEYS:
        if attrs.get(k):
            return _ident(attrs[k], upper=True)
    if isinstance(key, str) and key:
        return _ident(key, upper=True)
    return "RELATED_TO"


def neo4j_csv(g: nx.MultiDiGraph) -> dict[str, bytes]:
    """nodes.csv + relationships.csv in the header syntax of `neo4j-admin database import`:
    `id:ID`, `:LABEL`, typed properties (`year:long`, `value:double`), `:START_ID`,
    `:END_ID`, `:TYPE`. Import with
    `neo4j-admin database import full --nodes=nodes.csv --relationships=relationships.csv`."""
    s = sorted_simple(g)
    nodes = list(s.nodes(data=True))
    nkeys = sorted({k for _, a in nodes for k in a if k not in ("id",)})
    ntypes = {k: _neo_type([a[k] for _, a in nodes if k in a]) for k in nkeys}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["id:ID", ":LABEL"] + [f"{k}:{ntypes[k]}" for k in nkeys])
    for n, a in nodes:
        w.writerow([n, _neo_label(a)] + [_neo_cell(a.get(k)) for k in nkeys])
    node_bytes = buf.getvalue().encode("utf-8")

    orig_keys = {}
    for u, v, k in g.edges(keys=True):
        orig_keys.setdefault((str(u), str(v)), []).append(k)
    edges = list(s.edges(keys=True, data=True))
    ekeys = sorted({k for *_, a in edges for k in a})
    etypes = {k: _neo_type([a[k] for *_, a in edges if k in a]) for k in ekeys}
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow([":START_ID", ":END_ID", ":TYPE"] + [f"{k}:{etypes[k]}" for k in ekeys])
    for u, v, _k, a in edges:
        w.writerow([u, v, _neo_rel(None, a)] + [_neo_cell(a.get(k)) for k in ekeys])
    return {"nodes.csv": node_bytes, "relationships.csv": buf.getvalue().encode("utf-8")}


def graph_of(store) -> nx.MultiDiGraph:
    """The store's knowledge graph (kb.graph.build_graph)."""
    from kb.graph import build_graph
    return build_graph(store)


def export_graph(graph: nx.MultiDiGraph, out: Path, fmt: str | None = None) -> tuple[int, int]:
    """Write ``graph``; ``fmt`` defaults to the suffix of ``out`` (a directory for neo4j-csv).
    Returns (nodes, edges)."""
    out = Path(out)
    fmt = (fmt or out.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise ExportError(f"{out}: unknown graph format '{fmt or '(none)'}'; use "
                          ".graphml, .gexf, .json or --format neo4j-csv with a directory")
    try:
        if fmt == "neo4j-csv":
            if out.exists() and not out.is_dir():
                raise ExportError(f"{out}: neo4j-csv needs a directory, not a file")
            out.mkdir(parents=True, exist_ok=True)
            for name, data in neo4j_csv(graph).items():
                (out / name).write_bytes(data)
        else:
            g = sorted_simple(graph)
            data = {"graphml": _graphml, "gexf": _gexf, "json": _json}[fmt](g)
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(data)
    except OSError as e:
        raise ExportError(f"{out}: cannot write ({e.strerror or e})") from None
    return graph.number_of_nodes(), graph.number_of_edges()
