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
    """rdflib term -> Oxigraph term, each distinct term converted once (IRIs repeat a lot)."""

    def __init__(self) -> None:
        self.seen: dict[Node, ox.NamedNode | ox.BlankNode | ox.Literal] = {}

    def __call__(self, term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        found = self.seen.get(term)
        if found is None:
            found = self.seen[term] = _convert(term)
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
    """Every export written by Oxigraph, statements sorted within each graph.

    Each named graph is written as sorted N-Triples once; those lines give the
    sorted union (graph.nt), and with the graph name appended, the N-Quads that
    Oxigraph re-reads to write TriG grouped by graph and subject.
    """
    term = _Terms()
    prefixes = {prefix: str(ns) for prefix, ns in ds.namespaces()}
    union_lines: set[bytes] = set()
    nquads: list[bytes] = []
    for graph in sorted(ds.graphs(), key=lambda g: g.identifier):
        triples = [ox.Triple(term(s), term(p), term(o)) for s, p, o in graph]
        lines = sorted(set(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES).splitlines()))
        union_lines.update(lines)
        name = graph.identifier
        tail = b" ." if name == DATASET_DEFAULT_GRAPH_ID else f" {term(name)} .".encode()
        nquads.extend(line[:-2] + tail for line in lines)
    nt = b"".join(line + b"\n" for line in sorted(union_lines))
    triples = [q.triple for q in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)]
    dataset = ox.parse(b"\n".join(nquads), format=ox.RdfFormat.N_QUADS)
    graph_jsonld = ox.serialize(triples, format=ox.RdfFormat.JSON_LD)
    return {
        "graph.ttl": ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes),
        "graph.trig": ox.serialize(dataset, format=ox.RdfFormat.TRIG, prefixes=prefixes),
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
