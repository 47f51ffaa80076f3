"""Every named query is portable and answers the same whatever reads the build: the store,
Oxigraph or rdflib over any export file, the same rows in the same order, with the values
of a joined cell (` | `) in one order (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.cli import main
from kg.querying import answer_query, load_query, named_queries, run_query

SOURCES = [("store", "oxigraph"), ("store", "rdflib"), ("graph.ttl", "oxigraph"),
           ("graph.ttl", "rdflib"), ("graph.trig", "oxigraph"), ("graph.trig", "rdflib"),
           ("graph.jsonld", "oxigraph")]


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_engine_and_export_gives_the_same_rows(seed_exports: Path, name: str) -> None:
    """In the same order, but for a query that states none (evidence)."""
    query = load_query(name)
    answers = {(source, engine): run_query(query, seed_exports / source, engine)
               for source, engine in SOURCES}
    if "ORDER BY" not in "".join(line.partition("#")[0] for line in query.splitlines()):
        answers = {key: (columns, sorted(rows, key=lambda r: list(r.values())))
                   for key, (columns, rows) in answers.items()}
    first = answers[SOURCES[0]]
    assert all(answer == first for answer in answers.values()), [
        key for key, answer in answers.items() if answer != first]


def test_a_trig_file_gives_each_row_once_on_oxigraph(seed_exports: Path,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    """Oxigraph's own union of named graphs yields a triple once per graph stating it: a
    person named in three articles was three rows (people: 15 rows instead of 5)."""
    for graph in ("graph.trig", "graph.ttl", "store"):
        assert main(["query", "people", str(seed_exports / graph), "--engine", "oxigraph",
                     "--format", "json"]) == 0
        assert len(json.loads(capsys.readouterr().out)) == 5, graph


def test_joined_cells_list_their_values_in_one_order(seed_exports: Path) -> None:
    joined = [cell.split(" | ") for name in ("events", "inspections", "interventions")
              for row in run_query(load_query(name), seed_exports / "graph.trig", "rdflib")[1]
              for cell in row.values() if " | " in cell]
    assert joined and all(values == sorted(values) for values in joined)


def test_without_a_graph_the_query_reads_the_store(seed_exports: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "events", "--out", str(seed_exports), "--format", "json"]) == 0
    from_store = json.loads(capsys.readouterr().out)
    assert main(["query", "events", str(seed_exports / "graph.ttl"), "--format", "json",
                 "--engine", "rdflib"]) == 0
    assert from_store == json.loads(capsys.readouterr().out) and from_store


@pytest.mark.parametrize("name", ["evidence", "events"])
def test_limit_and_offset_page_through_the_rows(seed_exports: Path, name: str) -> None:
    store = seed_exports / "store"
    every = answer_query(load_query(name), store).rows
    pages = [answer_query(load_query(name), store, limit=7, offset=start).rows
             for start in range(0, len(every), 7)]
    assert all(len(page) == 7 for page in pages[:-1])
    assert [row for page in pages for row in page] == every


def test_rdflib_pages_the_same_rows(seed_exports: Path) -> None:
    every = answer_query(load_query("events"), seed_exports / "graph.ttl", "rdflib").rows
    page = answer_query(load_query("events"), seed_exports / "graph.ttl", "rdflib", 7, 14)
    assert page.rows == every[14:21]


def test_a_query_with_its_own_limit_is_paged_after_it(seed_exports: Path,
                                                      tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text("SELECT ?s WHERE { ?s a <https://w3id.org/sendkg/ns#Event> } "
                     "ORDER BY ?s LIMIT 10", encoding="utf-8")
    ten = answer_query(load_query(str(query)), seed_exports / "store").rows
    assert len(ten) == 10
    assert answer_query(load_query(str(query)), seed_exports / "store", limit=3,
                        offset=8).rows == ten[8:]


def test_limit_on_the_command_line(seed_exports: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "evidence", "--out", str(seed_exports), "--limit", "2",
                 "--offset", "1", "--format", "csv"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 3  # the header and two rows


def test_every_named_query_declares_its_prefixes() -> None:
    for path in named_queries().values():
        text = path.read_text(encoding="utf-8")
        used = {w.split(":")[0] for w in text.split() if ":" in w and not w.startswith("<")}
        declared = {line.split()[1].rstrip(":") for line in text.splitlines()
                    if line.startswith("PREFIX")}
        assert used & {"kg", "skos", "prov", "schema", "org", "oa", "rdf", "rdfs"} <= declared


def test_conflicting_dates_are_kept_with_their_sources(seed_exports: Path) -> None:
    rows = run_query(load_query("conflicts"), seed_exports / "store")[1]
    dates = {r["value"]: r["article"] for r in rows if r["property"] == "date"}
    assert {"2016-01", "2017-01"} <= set(dates)
    assert "002_b87e7eb918b3626c.txt" in dates["2016-01"]
    assert "001_603711bf4ad84163.txt" in dates["2017-01"]
