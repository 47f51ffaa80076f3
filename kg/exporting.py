"""Exporting: serialise the dataset; every file is written atomically.

All serialisations are made in memory first and only then written, each
through a temporary file and a rename, so a failed build leaves the previous
exports whole. N-Triples are sorted so rebuilds compare byte for byte.

Small graphs are written by rdflib, whose `longturtle` is canonical and reads
well. rdflib's serialisers slow badly past a few hundred thousand triples (about
45 s a million for Turtle), so above `LARGE_GRAPH_TRIPLES` statements the dataset
is read out of rdflib once and Oxigraph writes every format: 750,000 statements
take about 7 s instead of 107 s, most of it reading rdflib's store. Both routes
parse back to the same triples and quads.
"""

from __future__ import annotations

import json
import tempfile
from functools import cache
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import RDF, BNode, Dataset, Graph, Literal, URIRef
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


def _nt_text(term: Node) -> str:
    """A term's N-Triples text as Oxigraph writes it."""
    return str(_convert(term))


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
    """Every export written by Oxigraph from sorted N-Triples and N-Quads text.

    Going through text keeps Python's share to one f-string per statement; terms
    are converted by Oxigraph, so all escaping is Oxigraph's. Sorting the union
    gives graph.nt and a Turtle file in subject order; sorting each named graph
    gives TriG grouped by graph and subject. Every file is the same every run.
    Intermediate text is streamed or dropped once used: at 10,000 articles it is GBs.
    """
    nt_of = cache(_nt_text)  # per call: each distinct term converted once
    union_lines: set[str] = set()
    with tempfile.TemporaryFile() as nquads:  # streamed to Oxigraph, not held in memory
        for graph in sorted(ds.graphs(), key=lambda g: g.identifier):
            name = graph.identifier
            tail = " .\n" if name == DATASET_DEFAULT_GRAPH_ID else f" {nt_of(name)} .\n"
            lines = sorted({f"{nt_of(s)} {nt_of(p)} {nt_of(o)}" for s, p, o in graph})
            union_lines.update(lines)
            nquads.write("".join(line + tail for line in lines).encode("utf-8"))
        nt_of.cache_clear()
        nquads.seek(0)
        prefixes = {**context, "rdf": str(RDF)}
        trig = _rewrite(nquads, ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG, prefixes)
    lines = sorted(union_lines)
    del union_lines
    nt = "".join(f"{line} .\n" for line in lines).encode("utf-8")
    del lines
    # Oxigraph writes no @context: the project's is put around its array of nodes,
    # whose IRIs stay absolute, so the document means the same.
    nodes = _rewrite(nt, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.JSON_LD)
    jsonld = (b'{"@context": ' + json.dumps(context, sort_keys=True).encode()
              + b', "@graph": ' + nodes + b"}\n")
    del nodes
    return {
        "graph.ttl": _rewrite(nt, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE, prefixes),
        "graph.trig": trig,
        "graph.nt": nt,
        "graph.jsonld": jsonld,
    }


def _rewrite(text: bytes | IO[bytes], source: ox.RdfFormat, target: ox.RdfFormat,
             prefixes: dict[str, str] | None = None) -> bytes:
    """Oxigraph reads `text` and writes it in `target` (lenient: the text is its own)."""
    return ox.serialize(ox.parse(text, format=source, lenient=True), format=target,
                        prefixes=prefixes)


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
