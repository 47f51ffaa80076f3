"""What `kg query` may run: a read-only query over the graph it is given, nothing else.

rdflib's parser reads every query once, whatever engine runs it (the store,
Oxigraph over a file, or rdflib), and the query is refused before any engine
sees it if it would reach past that graph: `SERVICE` (the engines send the
request), `FROM`/`FROM NAMED` a graph the file or store does not hold (rdflib
fetches http: IRIs and reads file: ones), or an UPDATE. DESCRIBE is refused too:
the engines describe a resource differently. A row limit is added to the text
Oxigraph runs as numbers only.
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
from rdflib.term import Variable

from kg.errors import QueryError
from kg.graphfile import one_line

#: Query forms answered, by the name of rdflib's algebra node.
FORMS = {"SelectQuery": "SELECT", "AskQuery": "ASK", "ConstructQuery": "CONSTRUCT"}


@dataclass(frozen=True)
class Plan:
    """A checked query: its form, rdflib's algebra of it, and the graphs it names.

    `prefixes` are those rdflib knows without a PREFIX line (rdf:, xsd:, ...), so
    Oxigraph, given them, reads the same query. `joined` names each result column
    made by GROUP_CONCAT, with its separator: the engines join values in different
    orders, so `kg.querying` sorts them. `text` is the query as it runs.
    """

    form: str
    prepared: Query
    default: tuple[str, ...]  # FROM
    named: tuple[str, ...]  # FROM NAMED
    prefixes: dict[str, str]
    joined: dict[str, str]
    text: str
    limited: bool  # the query states its own LIMIT, OFFSET or trailing VALUES


def plan(text: str) -> Plan:
    """Parse `text` and refuse anything but a local SELECT, ASK or CONSTRUCT."""
    try:
        parsed = parseQuery(text)
        prepared = translateQuery(parsed)
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
                {p: str(ns) for p, ns in prepared.prologue.namespace_manager.namespaces()},
                _joined(algebra), text,
                "limitoffset" in parsed[1] or "valuesClause" in parsed[1])


def paged(checked: Plan, limit: int | None, offset: int) -> str | None:
    """The SELECT's text with LIMIT and OFFSET added, so an engine can stop early; None if
    the query states its own (its rows are then cut after it runs). Only numbers are
    added, so the policy's reading of the query holds for it."""
    if checked.form != "SELECT" or checked.limited or (limit is None and not offset):
        return None
    clause = (f"LIMIT {int(limit)} " if limit is not None else "") + (
        f"OFFSET {int(offset)}" if offset else "")
    return f"{checked.text}\n{clause}\n"


def _joined(algebra: CompValue) -> dict[str, str]:
    """Each result variable bound to a GROUP_CONCAT, or to an expression of one
    (COALESCE(?by, "")) or a SAMPLE of one, with its separator.

    rdflib names aggregates `__agg_1__`, … afresh in each subquery, so each is read
    where it is made: in the Extend (and HAVING) nodes over its AggregateJoin.
    """
    joined: dict[str, str] = {}
    binds: list[tuple[str, set[str]]] = []
    for node in _nodes(algebra):
        if node.name != "Extend":
            continue
        inner = node
        while inner.name in ("Extend", "Filter"):
            inner = inner.p
        aggregates = {str(a.res): a for a in inner.A} if inner.name == "AggregateJoin" else {}
        uses = set()
        for name in map(str, _variables(node.expr)):
            agg = aggregates.get(name)
            if agg is None:
                uses.add(name)
            elif agg.name == "Aggregate_GroupConcat":
                joined.setdefault(str(node.var), str(agg.separator or " "))
            else:  # SAMPLE, MIN, MAX of what may be a joined variable
                uses.update(map(str, _variables(agg.vars)))
        binds.append((str(node.var), uses))
    grew = True
    while grew:
        grew = False
        for var, uses in binds:
            if var not in joined and (found := uses & joined.keys()):
                joined[var] = joined[min(found)]
                grew = True
    return joined


def _variables(value: Any) -> Iterator[Variable]:
    if isinstance(value, Variable):
        yield value
    elif isinstance(value, CompValue):
        for child in value.values():
            yield from _variables(child)
    elif isinstance(value, list | tuple | ParseResults):
        for child in value:
            yield from _variables(child)


def check_graphs(checked: Plan, graphs: set[str], graph_file: Path) -> None:
    """Refuse a FROM or FROM NAMED IRI that names no graph in the file or store."""
    for keyword, iris in (("FROM", checked.default), ("FROM NAMED", checked.named)):
        for iri in iris:
            if iri not in graphs:
                raise QueryError(
                    f"{keyword} <{iri}> is not a graph in {graph_file} "
                    f"({len(graphs)} named graphs): kg query reads only its own graphs")


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
