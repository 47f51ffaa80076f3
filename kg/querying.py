"""Querying: run a named query (a `.rq` file shipped in `kg/queries/`) or any SPARQL file.

A query runs over a build's store (`kg.store`, read where it lies), or over a
graph file read into memory; on Oxigraph, or on rdflib (`engine="rdflib"`) over
the same statements; and only over them (`kg.querypolicy`). Every engine sees
the union of the named graphs as the default graph, each triple once. Each
gives a SELECT's rows as plain strings under the contract's column names,
unbound values as "", and the values of a joined cell (` | `) sorted, so every
engine prints the same rows; an ASK's truth value; a CONSTRUCT's statements as
sorted N-Triples lines.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import groupby
from pathlib import Path

import pyoxigraph as ox
import rdflib.plugins.sparql

from kg.errors import QueryError
from kg.graphfile import one_line, read_store, to_dataset
from kg.querypolicy import Plan, check_graphs, paged, plan
from kg.store import open_store

QUERY_DIR = Path(__file__).parent / "queries"
ENGINES = ("oxigraph", "rdflib")
FORMATS = ("table", "csv", "json")

Rows = list[dict[str, str]]

# rdflib would fetch a FROM graph it does not hold; the policy admits only held ones,
# and this keeps rdflib from loading anything whatever it is asked.
rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False


@dataclass(frozen=True)
class Answer:
    """A query's answer: rows (SELECT), a truth value (ASK) or statements (CONSTRUCT)."""

    form: str
    columns: list[str] = field(default_factory=list)
    rows: Rows = field(default_factory=list)
    boolean: bool = False
    triples: list[str] = field(default_factory=list)


def named_queries() -> dict[str, Path]:
    return {p.stem: p for p in sorted(QUERY_DIR.glob("*.rq"))}


def load_query(name_or_file: str) -> str:
    """The SPARQL text of a named query or of a `.rq` file."""
    queries = named_queries()
    if name_or_file in queries:
        return queries[name_or_file].read_text(encoding="utf-8")
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.is_file():
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise QueryError(f"cannot read {path}: {one_line(str(exc))}") from None
    raise QueryError(
        f"unknown query {name_or_file!r}: give a named query ({', '.join(queries)}) "
        "or the path of a .rq file"
    )


def answer_query(query: str, graph: Path, engine: str = "oxigraph", limit: int | None = None,
                 offset: int = 0) -> Answer:
    """Run SPARQL text over a graph file or a build's store, once the policy has passed it;
    of a SELECT's rows (or a CONSTRUCT's statements) skip `offset` and keep `limit`."""
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    checked = plan(query)
    limited = paged(checked, limit, offset) if engine == "oxigraph" else None
    store = open_graph(graph, union=engine == "oxigraph")  # rdflib makes its own union
    check_graphs(checked, {g.value for g in store.named_graphs()}, graph)
    try:
        if engine == "oxigraph":
            answer = _run_oxigraph(checked, limited or checked.text, store)
        else:
            answer = _run_rdflib(checked, store)
    except Exception as exc:  # evaluation errors of either engine, raised while iterating
        raise QueryError(f"query failed: {one_line(str(exc))}") from None
    answer = _sorted_cells(answer, checked.joined)
    if limited is None and (limit is not None or offset):
        end = None if limit is None else offset + limit
        answer = replace(answer, rows=answer.rows[offset:end], triples=answer.triples[offset:end])
    return answer


def run_query(query: str, graph: Path, engine: str = "oxigraph") -> tuple[list[str], Rows]:
    """A SELECT query's column names and rows."""
    answer = answer_query(query, graph, engine)
    if answer.form != "SELECT":
        raise QueryError(f"expected a SELECT query, got {answer.form}")
    return answer.columns, answer.rows


def open_graph(path: Path, union: bool = True) -> ox.Store:
    """A build's store (read where it lies), or a graph file read into memory with, if
    `union`, the union of its graphs as its default graph, each triple once, as a
    build's store has it: Oxigraph's `use_default_graph_as_union` yields a triple
    once per graph stating it, and so repeats rows."""
    if path.is_dir() or (not path.suffix and not path.exists()):
        return open_store(path)
    store = read_store(path)
    if union and next(iter(store.named_graphs()), None) is not None:
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return store


def _sorted_cells(answer: Answer, joined: dict[str, str]) -> Answer:
    """The values of each joined cell in code point order, and rows that tie on every
    other column in the order of their joined cells: engines join values, and so order
    such rows, as they meet them. (The named queries order rows by their other columns.)
    """
    columns = [(c, joined[c]) for c in answer.columns if c in joined]
    if not columns:
        return answer
    for row in answer.rows:
        for column, sep in columns:
            if sep in row[column]:
                row[column] = sep.join(sorted(row[column].split(sep)))
    plain = [c for c in answer.columns if c not in joined]
    rows = [row for _, run in groupby(answer.rows, key=lambda r: [r[c] for c in plain])
            for row in sorted(run, key=lambda r: [r[c] for c, _ in columns])]
    return replace(answer, rows=rows)


def _run_rdflib(checked: Plan, store: ox.Store) -> Answer:
    result = to_dataset(store).query(checked.prepared)  # the very algebra the policy read
    if checked.form == "ASK":
        return Answer("ASK", boolean=bool(result.askAnswer))
    if checked.form == "CONSTRUCT":
        data = result.graph.serialize(format="nt", encoding="utf-8")
        return Answer("CONSTRUCT", triples=_lines(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)))
    columns = [str(v) for v in result.vars or []]
    rows = [{c: "" if row[i] is None else str(row[i]) for i, c in enumerate(columns)}
            for row in result]
    return Answer("SELECT", columns, rows)


def _run_oxigraph(checked: Plan, text: str, store: ox.Store) -> Answer:
    # the default graph is the union of the graphs, unless FROM/FROM NAMED says
    result = store.query(text, prefixes=checked.prefixes)
    if isinstance(result, ox.QueryBoolean):
        return Answer("ASK", boolean=bool(result))
    if isinstance(result, ox.QueryTriples):
        return Answer("CONSTRUCT", triples=_lines(result))
    columns = [v.value for v in result.variables]
    rows = [{c: "" if sol[c] is None else sol[c].value for c in columns} for sol in result]
    return Answer("SELECT", columns, rows)


def _lines(triples: Iterable[ox.Triple]) -> list[str]:
    """Statements as sorted N-Triples lines, written by Oxigraph for both engines."""
    return sorted(f"{t} ." for t in triples)


def format_answer(answer: Answer, fmt: str = "table") -> str:
    """A SELECT's rows in `fmt`; whatever `fmt`, an ASK as `true` or `false` (a JSON value
    too) and a CONSTRUCT as N-Triples (empty when it made no statement)."""
    if answer.form == "ASK":
        return "true" if answer.boolean else "false"
    if answer.form == "CONSTRUCT":
        return "\n".join(answer.triples)
    return format_rows(answer.columns, answer.rows, fmt)


def format_rows(columns: list[str], rows: Rows, fmt: str = "table") -> str:
    """Rows as an aligned table, CSV, or a JSON array of objects with exactly `columns`."""
    if fmt == "json":
        return json.dumps([{c: r[c] for c in columns} for r in rows], indent=2,
                          ensure_ascii=False)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue().rstrip("\n")
    if fmt != "table":
        raise QueryError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    width = {c: min(60, max([len(c), *(len(r[c]) for r in rows)])) for c in columns}

    def cut(text: str, n: int) -> str:
        text = " ".join(text.split())
        return text if len(text) <= n else text[: n - 1] + "…"

    lines = ["  ".join(c.ljust(width[c]) for c in columns),
             "  ".join("-" * width[c] for c in columns)]
    lines += ["  ".join(cut(r[c], width[c]).ljust(width[c]) for c in columns) for r in rows]
    lines.append(f"({len(rows)} {'row' if len(rows) == 1 else 'rows'})")
    return "\n".join(lines)
