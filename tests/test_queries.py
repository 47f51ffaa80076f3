"""Every named query is portable: rdflib and Oxigraph return the same rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.querying import load_query, named_queries, run_query


def _canonical(rows: list[dict[str, str]]) -> list[tuple]:
    """Order-free comparison: cells joined with ' | ' may list values in any order."""
    return sorted(tuple(sorted(cell.split(" | ")) for cell in r.values()) for r in rows)


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_rdflib_and_oxigraph_agree(seed_exports: Path, name: str) -> None:
    query = load_query(name)
    columns, rows = run_query(query, seed_exports / "graph.ttl", "rdflib")
    ox_columns, ox_rows = run_query(query, seed_exports / "graph.ttl", "oxigraph")
    assert columns == ox_columns
    assert _canonical(rows) == _canonical(ox_rows)


def test_every_named_query_declares_its_prefixes() -> None:
    for path in named_queries().values():
        text = path.read_text(encoding="utf-8")
        used = {w.split(":")[0] for w in text.split() if ":" in w and not w.startswith("<")}
        declared = {line.split()[1].rstrip(":") for line in text.splitlines()
                    if line.startswith("PREFIX")}
        assert used & {"kg", "skos", "prov", "schema", "org", "oa", "rdf", "rdfs"} <= declared


def test_conflicting_dates_are_kept_with_their_sources(seed_exports: Path) -> None:
    rows = run_query(load_query("conflicts"), seed_exports / "graph.ttl")[1]
    dates = {r["value"]: r["article"] for r in rows if r["property"] == "date"}
    assert {"2016-01", "2017-01"} <= set(dates)
    assert "002_b87e7eb918b3626c.txt" in dates["2016-01"]
    assert "001_603711bf4ad84163.txt" in dates["2017-01"]
