"""Querying: run a named query (a `.rq` file shipped in `kg/queries/`) or any SPARQL file.

The same file runs on rdflib or on Oxigraph (`engine="oxigraph"`, the fast
path for large graphs) over the same statements (`kg.graphfile` reads the file
for both), and only over them (`kg.querypolicy`). Both give a SELECT's rows as
plain strings under the contract's column names, unbound values as ""; an
ASK's truth value; a CONSTRUCT's statements as sorted N-Triples lines.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
import rdflib.plugins.sparql

from kg.errors import QueryError
from kg.graphfile import one_line, read_store, to_dataset
from kg.querypolicy import Plan, check_graphs, plan

QUERY_DIR = Path(__file__).parent / "queries"
ENGINES = ("rdflib", "oxigraph")
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


def answer_query(query: str, graph_file: Path, engine: str = "rdflib") -> Answer:
    """Run SPARQL text over a graph file, once the policy has passed it."""
    if engine not in ENGINES:
        raise QueryError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    checked = plan(query)
    store = read_store(graph_file)
    check_graphs(checked, {g.value for g in store.named_graphs()}, graph_file)
    try:
        if engine == "oxigraph":
            return _run_oxigraph(checked, query, store)
        return _run_rdflib(checked, store)
    except Exception as exc:  # evaluation errors of either engine, raised while iterating
        raise QueryError(f"query failed: {one_line(str(exc))}") from None


def run_query(query: str, graph_file: Path, engine: str = "rdflib") -> tuple[list[str], Rows]:
    """A SELECT query's column names and rows."""
    answer = answer_query(query, graph_file, engine)
    if answer.form != "SELECT":
        raise QueryError(f"expected a SELECT query, got {answer.form}")
    return answer.columns, answer.rows


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


def _run_oxigraph(checked: Plan, query: str, store: ox.Store) -> Answer:
    # the default graph is the union of the file's graphs unless FROM/FROM NAMED says
    result = store.query(query, prefixes=checked.prefixes,
                         use_default_graph_as_union=not (checked.default or checked.named))
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
