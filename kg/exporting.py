"""Exporting: serialise the dataset; every file is written atomically.

All serialisations are made in memory first and only then written, each
through a temporary file and a rename, so a failed build leaves the previous
exports whole. N-Triples are sorted so rebuilds compare byte for byte.

Small graphs are written by rdflib, whose `longturtle` is canonical and reads
well. rdflib's serialisers slow badly past a few hundred thousand triples (about
45 s a million for Turtle), so above `LARGE_GRAPH_TRIPLES` statements the dataset
is converted once to Oxigraph terms and Oxigraph writes every format (a million
triples in about a second). Both routes parse back to the same triples and quads.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.term import Node

from kg.atomic import write_bytes, write_text
from kg.modelling import PREFIXES, union

#: Statements (quads over all named graphs) above which Oxigraph serialises.
LARGE_GRAPH_TRIPLES = 200_000


def sorted_ntriples(graph: Graph) -> str:
    """Canonical N-Triples: one triple a line, sorted (rdflib's own order varies by process)."""
    lines = {line for line in graph.serialize(format="nt").splitlines() if line.strip()}
    return "\n".join(sorted(lines)) + "\n"


def statement_count(ds: Dataset) -> int:
    """Quads in every graph of the dataset, counted without copying them."""
    return sum(len(g) for g in ds.graphs())


def serialise(ds: Dataset) -> dict[str, bytes]:
    """File name -> content for every RDF export."""
    context = {prefix: str(ns) for prefix, ns in PREFIXES.items()}
    if statement_count(ds) > LARGE_GRAPH_TRIPLES:
        return _serialise_oxigraph(ds, context)
    g = union(ds)
    return {
        "graph.ttl": g.serialize(format="longturtle").encode("utf-8"),
        "graph.trig": ds.serialize(format="trig").encode("utf-8"),
        "graph.nt": sorted_ntriples(g).encode("utf-8"),
        "graph.jsonld": g.serialize(format="json-ld", context=context, indent=1,
                                    sort_keys=True).encode("utf-8"),
    }


class _Terms:
    """rdflib term -> its N-Triples text as Oxigraph writes it, each distinct term once."""

    def __init__(self) -> None:
        self.seen: dict[Node, str] = {}

    def __call__(self, term: Node) -> str:
        found = self.seen.get(term)
        if found is None:
            found = self.seen[term] = str(_convert(term))
        return found


def _convert(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot export RDF term {term!r}")


def _serialise_oxigraph(ds: Dataset, context: dict[str, str]) -> dict[str, bytes]:
    """Every export written by Oxigraph from N-Triples and N-Quads text made in one pass.

    Going through text keeps Python's share to one f-string per statement (each
    term is converted once, by Oxigraph, so escaping is Oxigraph's); Oxigraph
    then reads that text into stores and writes each format from them.
    """
    nt_of = _Terms()
    union_lines: set[str] = set()
    nquads: list[str] = []
    for graph in ds.graphs():
        name = graph.identifier
        tail = " ." if name == DATASET_DEFAULT_GRAPH_ID else f" {nt_of(name)} ."
        for s, p, o in graph:
            triple = f"{nt_of(s)} {nt_of(p)} {nt_of(o)}"
            union_lines.add(triple)
            nquads.append(triple + tail)
    nt = "".join(f"{line} .\n" for line in sorted(union_lines)).encode("utf-8")
    union_store, dataset_store = ox.Store(), ox.Store()
    union_store.load(nt, format=ox.RdfFormat.N_TRIPLES, lenient=True)
    dataset_store.load("\n".join(nquads).encode("utf-8"), format=ox.RdfFormat.N_QUADS,
                       lenient=True)
    prefixes = {prefix: str(ns) for prefix, ns in ds.namespaces()}
    default = ox.DefaultGraph()
    graph_jsonld = union_store.dump(format=ox.RdfFormat.JSON_LD, from_graph=default)
    return {
        "graph.ttl": union_store.dump(format=ox.RdfFormat.TURTLE, from_graph=default,
                                      prefixes=prefixes),
        "graph.trig": dataset_store.dump(format=ox.RdfFormat.TRIG, prefixes=prefixes),
        "graph.nt": nt,
        # Oxigraph writes no @context; the prefixes are added around its node array so
        # the file has the same context as rdflib's (its IRIs stay absolute, so valid).
        "graph.jsonld": b'{"@context": ' + json.dumps(context, sort_keys=True).encode()
        + b', "@graph": ' + graph_jsonld + b"}\n",
    }


def write_exports(out_dir: Path, files: dict[str, bytes], report: dict) -> list[Path]:
    """Write the prepared files and the build report; returns the paths written."""
    written = []
    for name, data in sorted(files.items()):
        path = out_dir / name
        write_bytes(path, data)
        written.append(path)
    report_path = out_dir / "build-report.json"
    write_text(report_path, json.dumps(report, indent=2, sort_keys=True) + "\n")
    return [*written, report_path]
