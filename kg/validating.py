"""Validation: check a built graph against `kg/shapes.ttl` (SHACL) before anyone relies on it.

The shapes say what `kg/RDF_MODEL.md` promises (one name per actor, one kind per event,
typed dates, a source for every statement); a report line per violation names the node,
the property and the rule, so a failing build points straight at the culprit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pyshacl
from rdflib import RDF, Graph, Namespace, URIRef

from kg.graphfile import read_dataset

HERE = Path(__file__).parent
SH = Namespace("http://www.w3.org/ns/shacl#")


@dataclass
class ValidationReport:
    """Whether the graph conforms, and one readable line per violation."""

    conforms: bool
    violations: list[str]


@cache
def shapes() -> Graph:
    return Graph().parse(HERE / "shapes.ttl", format="turtle")


@cache
def ontology() -> Graph:
    return Graph().parse(HERE / "ontology.ttl", format="turtle")


def validate(graph: Graph, focus: list[URIRef] | None = None) -> ValidationReport:
    """SHACL Core only and no inference: the shapes need none, and it keeps builds fast.

    The ontology is mixed in (pyshacl copies the data graph first, so `graph` is untouched)
    so the kgkind: concepts and the class hierarchy are visible to the shapes. With
    `focus`, only those nodes are checked (a sample, see `kg.sampling`).
    """
    conforms, results, _ = pyshacl.validate(
        graph,
        shacl_graph=shapes(),
        ont_graph=ontology(),
        inference="none",
        advanced=False,
        focus_nodes=focus,
    )
    return ValidationReport(bool(conforms), sorted(_lines(results)))


def validate_file(path: Path) -> ValidationReport:
    """Validate an export; a TriG or N-Quads dataset is checked as the union of its graphs."""
    ds = read_dataset(path)
    union = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        union.add((s, p, o))
    return validate(union)


def _lines(results: Graph) -> list[str]:
    """`<focus> path: message (value: v)` for each sh:ValidationResult."""
    names = shapes().namespace_manager
    lines = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        parts = [results.value(result, SH.focusNode).n3(names)]
        path = results.value(result, SH.resultPath)
        if path is not None:
            parts.append(path.n3(names))
        line = f"{' '.join(parts)}: {results.value(result, SH.resultMessage)}"
        value = results.value(result, SH.value)
        lines.append(line if value is None else f"{line} (value: {value.n3(names)})")
    return lines
