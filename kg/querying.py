"""Querying: run a named query (a `.rq` file shipped in `kg/queries/`) or any SPARQL file.

The same file runs on rdflib or on Oxigraph (`engine="oxigraph"`, the fast
path for large graphs); both give rows as plain strings under the contract's
column names, unbound values as "".
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from kg.errors import QueryError

QUERY_DIR = Path(__file__).parent / "queries"
ENGINES = ("rdflib", "oxigraph")
FORMATS = ("table", "csv", "json")

Rows = list[dict[str, str]]


def named_queries() -> dict[str, Path]:
    return {p.stem: p for p in sorted(QUERY_DIR.glob("*.rq"))}


def load_query(name_or_file: str) -> str:
    """The SPARQL text of a named query or of a `.rq` file."""
    queries = named_queries()
    if name_or_file in queries:
        return queries[name_or_file].read_text(encoding="utf-8")
    path = Path(name_or_file)
    if path.suffix == ".rq" and path.is_file():
        return path.read_text(encoding="utf-8")
    raise QueryError(
        f"unknown query {name_or_file!r}: give a named query ({', '.join(queries)}) "
        "or the path of a .rq file"
    )


def _format_of(path: Path) -> str:
    return {".ttl": "turtle", ".trig": "trig", ".nt": "nt", ".jsonld": "json-ld"}.get(
        path.suffix, "turtle"
    )


def run_query(query: str, graph_file: Path, engine: str = "rdflib") -> tuple[list[str], Rows]:
    """Run SPARQL text over an export; returns the column names and the rows."""
    if not graph_file.is_file():
        raise QueryError(f"graph file not found: {graph_file} (run `kg build` first)")
    if engine == "oxigraph":
        return _run_oxigraph(query, graph_file)
    if engine != "rdflib":
        raise QueryError(f"unknown engine {engine!r}: choose one of {', '.join(ENGINES)}")
    from rdflib import Dataset

    ds = Dataset(default_union=True)
    ds.parse(graph_file, format=_format_of(graph_file))
    try:
        result = ds.query(query)
    except Exception as exc:  # rdflib raises pyparsing errors for bad SPARQL
        raise QueryError(f"query failed: {exc}") from exc
    columns = [str(v) for v in result.vars or []]
    rows = [
        {c: "" if row[i] is None else str(row[i]) for i, c in enumerate(columns)}
        for row in result
    ]
    return columns, rows


def _run_oxigraph(query: str, graph_file: Path) -> tuple[list[str], Rows]:
    import pyoxigraph as ox

    formats = {".ttl": ox.RdfFormat.TURTLE, ".trig": ox.RdfFormat.TRIG,
               ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD}
    store = ox.Store()
    store.bulk_load(path=str(graph_file), format=formats.get(graph_file.suffix,
                                                              ox.RdfFormat.TURTLE))
    try:
        result = store.query(query, use_default_graph_as_union=True)
    except (SyntaxError, OSError, ValueError) as exc:
        raise QueryError(f"query failed: {exc}") from exc
    columns = [v.value for v in result.variables]
    rows = [
        {c: "" if sol[c] is None else sol[c].value for c in columns}
        for sol in result
    ]
    return columns, rows


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
    lines.append(f"({len(rows)} rows)")
    return "\n".join(lines)
