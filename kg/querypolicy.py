"""What `kg query` may run: a read-only query over the graph file it is given, nothing else.

rdflib's parser reads every query once, for both engines, and the query is
refused before any engine sees it if it would reach past that file: `SERVICE`
(both engines send the request), `FROM`/`FROM NAMED` a graph the file does not
hold (rdflib fetches http: IRIs and reads file: ones), or an UPDATE. DESCRIBE
is refused too: the engines describe a resource differently.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyparsing import ParseResults
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query

from kg.errors import QueryError
from kg.graphfile import one_line

#: Query forms answered, by the name of rdflib's algebra node.
FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT"}


@dataclass(frozen=True)
class Plan:
    """A checked query: its form, rdflib's algebra of it, and the graphs it names.

    `prefixes` are those rdflib knows without a PREFIX line (rdf:, xsd:, ...), so
    Oxigraph, given them, reads the same query.
    """

    form: str
    prepared: Query
    default: tuple[str, ...]  # FROM
    named: tuple[str, ...]  # FROM NAMED
    prefixes: dict[str, str]


def plan(text: str) -> Plan:
    """Parse `text` and refuse anything but a local SELECT, ASK or CONSTRUCT."""
    try:
        prepared = translateQuery(parseQuery(text))
    except Exception as exc:  # pyparsing errors, or rdflib's for an unknown prefix
        if _is_update(text):
            raise QueryError("SPARQL Update (INSERT, DELETE, LOAD, ...) is not allowed: "
                             "kg query only reads the graph") from None
        raise QueryError(f"query failed: {one_line(str(exc))}") from None
    algebra = prepared.algebra
    if algebra.name == "DescribeQuery":
        raise QueryError("DESCRIBE is not supported (rdflib and Oxigraph describe a resource "
                         "differently): use CONSTRUCT { <iri> ?p ?o } WHERE { <iri> ?p ?o }")
    for node in _nodes(algebra):
        if node.name == "ServiceGraphPattern":
            raise QueryError(f"SERVICE {node.term.n3()} is not allowed: "
                             "kg query reads only the graph file it is given")
    clauses = algebra.datasetClause or []
    return Plan(FORMS[algebra.name], prepared,
                tuple(str(c.default) for c in clauses if c.default is not None),
                tuple(str(c.named) for c in clauses if c.named is not None),
                {p: str(ns) for p, ns in prepared.prologue.namespace_manager.namespaces()})


def check_graphs(checked: Plan, graphs: set[str], graph_file: Path) -> None:
    """Refuse a FROM or FROM NAMED IRI that names no graph in the file."""
    for keyword, iris in (("FROM", checked.default), ("FROM NAMED", checked.named)):
        for iri in iris:
            if iri not in graphs:
                raise QueryError(
                    f"{keyword} <{iri}> is not a graph in {graph_file} "
                    f"({len(graphs)} named graphs): kg query reads only that file's graphs")


def _is_update(text: str) -> bool:
    try:
        return bool(parseUpdate(text).request)
    except Exception:  # not an update either: the query's own error is the one to show
        return False


def _nodes(value: Any) -> Iterator[CompValue]:
    """Every algebra node under `value`: patterns, expressions (EXISTS), subqueries."""
    if isinstance(value, CompValue):
        yield value
        for child in value.values():
            yield from _nodes(child)
    elif isinstance(value, list | tuple | set | ParseResults):
        for child in value:
            yield from _nodes(child)
