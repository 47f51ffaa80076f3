"""The build's Oxigraph store (issue 15): part of the export set, holding every article's
graph and their union as the default graph; a rebuild updates a copy of the last one to
exactly what a fresh build writes; the query policy guards it as it guards a file."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.cli import main
from kg.pipeline import build
from tests.conftest import SEEDS

EXTRA = "Ofsted inspected Anyshire County Council in May 2024, the council said.\n"


def quads(store: Path) -> set[str]:
    return {str(q) for q in ox.Store.read_only(str(store))}


def _kg(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_store_holds_the_articles_graphs_and_their_union(seed_exports: Path) -> None:
    assert os.readlink(seed_exports / "store") == ".builds/current/store"
    store = ox.Store.read_only(str(seed_exports / "store"))
    default = {str(q.triple) for q in store.quads_for_pattern(None, None, None,
                                                              ox.DefaultGraph())}
    nt = {str(t.triple) for t in ox.parse(path=seed_exports / "graph.nt",
                                          format=ox.RdfFormat.N_TRIPLES)}
    assert default == nt
    named = {str(q) for q in store if q.graph_name != ox.DefaultGraph()}
    assert named == {str(q) for q in ox.parse(path=seed_exports / "graph.trig",
                                              format=ox.RdfFormat.TRIG)}
    articles = {g.value for g in store.named_graphs()}
    assert len(articles) == len(list(SEEDS.glob("*.txt"))) + 1  # and the build's own graph


def test_a_rebuild_updates_the_store_to_what_a_fresh_build_writes(tmp_path: Path) -> None:
    corpus, out, fresh = tmp_path / "corpus", tmp_path / "out", tmp_path / "fresh"
    shutil.copytree(SEEDS, corpus)
    assert build(corpus, out).report["store"] == "new"
    first = (out / "store").resolve()
    (corpus / "extra.txt").write_text(EXTRA, encoding="utf-8")
    sorted(corpus.glob("003_*.txt"))[0].unlink()
    report = build(corpus, out).report
    assert report["store"].startswith("updated")
    assert not first.exists()  # the last set went with its store
    build(corpus, fresh, use_cache=False)
    assert quads(out / "store") == quads(fresh / "store")
    assert any("anyshire" in q.lower() for q in quads(out / "store"))


def test_a_last_store_that_cannot_be_read_is_written_again(tmp_path: Path,
                                                           caplog: pytest.LogCaptureFixture
                                                           ) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(SEEDS, corpus)
    build(corpus, out)
    expected = quads(out / "store")
    for path in (out / "store").iterdir():  # damage it: every table gone
        if path.suffix == ".sst":
            path.unlink()
    assert build(corpus, out).report["store"] == "new"
    assert "rebuilding the store" in caplog.text
    assert quads(out / "store") == expected


def test_without_a_store_query_says_so_in_one_line(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _kg(capsys, "query", "people", "--out", tmp_path)
    assert (code, out) == (2, "")
    assert err == f"kg: error: graph store not found: {tmp_path / 'store'} (run `kg build` first)\n"


@pytest.mark.parametrize(("query", "reason"), [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
     "SERVICE <http://127.0.0.1:9/sparql> is not allowed"),
    ("SELECT * FROM <http://127.0.0.1:9/graph.ttl> WHERE { ?s ?p ?o }",
     "FROM <http://127.0.0.1:9/graph.ttl> is not a graph in"),
    ("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }", "SPARQL Update"),
    ("DESCRIBE <http://x/a>", "DESCRIBE is not supported"),
])
@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_the_query_policy_guards_the_store(seed_exports: Path, tmp_path: Path, query: str,
                                          reason: str, engine: str,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    before = quads(seed_exports / "store")
    (tmp_path / "q.rq").write_text(query, encoding="utf-8")
    code, out, err = _kg(capsys, "query", tmp_path / "q.rq", "--out", seed_exports,
                         "--engine", engine)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith("kg: error: ") and reason in err, err
    assert quads(seed_exports / "store") == before


def test_from_an_articles_graph_reads_that_graph_alone(seed_exports: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    graph = sorted(g.value for g in ox.Store.read_only(str(seed_exports / "store"))
                   .named_graphs() if "/article/" in g.value)[0]
    (tmp_path / "q.rq").write_text(
        f"SELECT ?file FROM <{graph}> WHERE {{ ?a <https://w3id.org/sendkg/ns#fileName> "
        "?file } ORDER BY ?file", encoding="utf-8")
    answers = [_kg(capsys, "query", tmp_path / "q.rq", seed_exports / source, "--format",
                   "json", "--engine", engine)
               for source in ("store", "graph.trig") for engine in ("oxigraph", "rdflib")]
    assert {code for code, _, _ in answers} == {0}
    assert len({out for _, out, _ in answers}) == 1
    assert 1 <= len(json.loads(answers[0][1])) < len(list(SEEDS.glob("*.txt")))
