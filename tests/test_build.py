"""End to end: `kg build` writes every export, atomically, and two parsers agree on it."""

from __future__ import annotations

import copy
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

from kg import exporting
from kg.cli import main
from kg.dedup import story_clusters
from kg.errors import OutputError
from kg.model import Article
from kg.modelling import stories, story_lines
from kg.pipeline import BuildResult, build
from tests.conftest import SEEDS

EXPORTS = ("graph.ttl", "graph.trig", "graph.nt", "graph.jsonld", "graph.html",
           "build-report.json", "entities.json")


def test_build_writes_every_export(seed_exports: Path) -> None:
    for name in EXPORTS:
        assert (seed_exports / name).stat().st_size > 0, name


@pytest.mark.parametrize(("name", "rdflib_format", "ox_format"), [
    ("graph.ttl", "turtle", ox.RdfFormat.TURTLE),
    ("graph.nt", "nt", ox.RdfFormat.N_TRIPLES),
    ("graph.jsonld", "json-ld", ox.RdfFormat.JSON_LD),
])
def test_rdflib_and_oxigraph_read_the_same_triples(seed_exports: Path, name: str,
                                                   rdflib_format: str,
                                                   ox_format: ox.RdfFormat) -> None:
    g = Graph().parse(seed_exports / name, format=rdflib_format)
    ox_triples = list(ox.parse(path=str(seed_exports / name), format=ox_format))
    assert len(g) > 500
    assert len(g) == len({str(t) for t in ox_triples})


def test_trig_keeps_one_named_graph_per_article(seed_exports: Path) -> None:
    ds = Dataset()
    ds.parse(seed_exports / "graph.trig", format="trig")
    graphs = {str(c.identifier) for c in ds.graphs() if len(c)}
    assert sum(1 for g in graphs if "/article/" in g) == len(list(SEEDS.glob("*.txt")))
    quads = list(ox.parse(path=str(seed_exports / "graph.trig"), format=ox.RdfFormat.TRIG))
    assert len(quads) == sum(len(c) for c in ds.graphs())


@pytest.mark.skipif(shutil.which("rapper") is None, reason="Debian raptor2-utils not installed")
def test_rapper_parses_the_turtle(seed_exports: Path) -> None:
    run = subprocess.run(["rapper", "-i", "turtle", "-c", str(seed_exports / "graph.ttl")],
                         capture_output=True, text=True, check=True)
    count = int(run.stderr.split("returned")[1].split()[0])
    assert count == len(Graph().parse(seed_exports / "graph.ttl"))


def test_a_build_in_another_process_writes_identical_files(seed_exports: Path,
                                                           tmp_path: Path) -> None:
    """Byte-identical exports, not just the same triples: string hashing differs between
    processes, and rdflib's TriG and JSON-LD writers once let it reorder their output."""
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    code = "import sys; from kg.cli import main; sys.exit(main(sys.argv[1:]))"
    subprocess.run([sys.executable, "-c", code, "build", str(SEEDS), "--out", str(tmp_path),
                    "--no-cache"], check=True, env=env, capture_output=True)
    for name in ("graph.ttl", "graph.trig", "graph.nt", "graph.jsonld", "graph.html",
                 "entities.json"):
        assert (tmp_path / name).read_bytes() == (seed_exports / name).read_bytes(), name


def test_report_counts_and_duplicates(seed_build: BuildResult) -> None:
    report = seed_build.report
    assert report["articles_read"] == 5
    assert report["stories"] == 4
    assert report["skipped"] == []
    (primary, copies), = report["duplicates"].items()
    assert {primary, *copies} == {"000_cccd1c247bc30082.txt", "001_603711bf4ad84163.txt"}


def test_near_duplicates_are_one_story_and_others_are_not() -> None:
    body = ("Westshire County Council has been told to improve its special educational needs "
            "service after inspectors found widespread failings across the local area. "
            "The council leader said a new plan would be published in the spring. ") * 3
    other = ("Daleford Borough Council has appointed a new director of children's services, "
             "who will start in September, the council announced on Friday. ") * 3
    copy = "Subscribe Now\n\n" + body + "\n\nMost Read\n\nLatest from the Westshire Echo"
    clusters = story_clusters([Article("a.txt", body, "1", published="2024-02-01"),
                               Article("b.txt", copy, "2"), Article("c.txt", other, "3")])
    assert [[a.name for a in c] for c in clusters] == [["a.txt", "b.txt"], ["c.txt"]]


def test_duplicate_story_facts_are_counted_once(seed_build: BuildResult,
                                                seed_exports: Path) -> None:
    quotes = [r for r in _json_query(seed_exports, "quotes")
              if "001_603711bf4ad84163.txt" in r["article"]]
    assert quotes and all("000_cccd1c247bc30082.txt" in r["article"] for r in quotes)
    assert seed_build.report["facts"]["quotes"] == len(_json_query(seed_exports, "quotes"))


def test_failed_build_leaves_previous_exports_whole(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Sorting graph.nt fails (a `sort` that finds the disk full) after graph.html and
    graph.jsonld are written: one clear error, no export replaced, nothing left behind."""
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    shutil.copytree(SEEDS, corpus)
    build(corpus, out)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    (corpus / "new.txt").write_text("Ofsted inspected Anyshire County Council in May 2024.")
    programs = tmp_path / "bin"
    programs.mkdir()
    (programs / "sort").write_text("#!/bin/sh\necho 'sort: write failed: No space left on device'"
                                   " >&2\nexit 2\n")
    (programs / "sort").chmod(0o755)
    monkeypatch.setenv("PATH", f"{programs}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(OutputError, match=r"sorting graph\.nt failed: .*No space left on device"):
        build(corpus, out)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    builds = out / ".builds"
    assert sorted(p.name for p in builds.iterdir()) == sorted(
        ["current", os.readlink(builds / "current")])  # the failed set is gone
    monkeypatch.undo()
    build(corpus, out)
    assert (out / "graph.nt").read_bytes() != before["graph.nt"]


def test_bad_files_are_reported_and_the_rest_built(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(SEEDS / "002_b87e7eb918b3626c.txt", corpus)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "image.txt").write_bytes(bytes(range(256)) * 10)
    assert main(["build", str(corpus), "--out", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err
    assert "empty.txt: empty file" in err and "image.txt: binary" in err
    report = json.loads((tmp_path / "out" / "build-report.json").read_text())
    assert report["articles_read"] == 1 and len(report["skipped"]) == 2


@pytest.mark.parametrize("make", ["missing", "no-articles"])
def test_build_without_articles_fails_with_one_line(tmp_path: Path, make: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    corpus = tmp_path / "corpus"
    if make == "no-articles":
        corpus.mkdir()
        (corpus / "empty.txt").write_text("", encoding="utf-8")
    assert main(["build", str(corpus), "--out", str(tmp_path / "out")]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("kg: error:")
    assert not (tmp_path / "out" / "graph.ttl").exists()


def _json_query(exports: Path, name: str) -> list[dict[str, str]]:
    from kg.querying import load_query, run_query

    return run_query(load_query(name), exports / "graph.ttl")[1]


@pytest.mark.parametrize(("name", "columns"), [
    # the contract's columns first; then the official code and successor (issue 13)
    ("organisations", ["organisation", "type", "aliases", "identifier", "successor"]),
    ("people", ["person", "role", "organisation", "party"]),
    ("quotes", ["speaker", "quote", "article"]),
    ("events", ["date", "kind", "label", "participants", "article"]),
    ("inspections", ["date", "kind", "inspectorates", "inspected", "outcome", "article"]),
    ("funding", ["funder", "amount_gbp", "period", "purpose", "date", "article"]),
    ("interventions", ["body", "measure", "target", "status", "article"]),
    ("relations", ["subject", "relation", "object", "article"]),
    ("conflicts", ["subject", "property", "value", "article"]),
    ("evidence", ["subject", "predicate", "object", "article", "sentence"]),
])
def test_query_json_has_exactly_the_contract_columns(seed_exports: Path, name: str,
                                                     columns: list[str],
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", name, str(seed_exports / "graph.ttl"), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows, name
    assert all(list(r) == columns for r in rows)


def test_unknown_query_names_the_choices(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "nonsense"]) == 2
    assert "organisations" in capsys.readouterr().err


def test_parallel_and_serial_builds_are_identical(tmp_path: Path) -> None:
    build(SEEDS, tmp_path / "serial", workers=1, use_cache=False)
    monkeypatch_batch = pytest.MonkeyPatch()
    monkeypatch_batch.setattr("kg.settings.BATCH_SIZE", 1)  # one article per task
    try:
        build(SEEDS, tmp_path / "parallel", workers=2, use_cache=False)
    finally:
        monkeypatch_batch.undo()
    assert (tmp_path / "serial" / "graph.nt").read_bytes() == (
        tmp_path / "parallel" / "graph.nt").read_bytes()


def test_rebuild_after_one_new_article_redoes_only_it(tmp_path: Path) -> None:
    """Every stage's cache is hit for the articles already built, and the exports are
    byte for byte those of a build from scratch."""
    corpus, out, fresh = tmp_path / "corpus", tmp_path / "out", tmp_path / "fresh"
    corpus.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for path in seeds[2:4]:
        shutil.copy(path, corpus)
    assert build(corpus, out).report["cache_hits"] == {}
    shutil.copy(seeds[4], corpus)
    again = build(corpus, out).report
    old = {"article": 2, "minhash": 2, "extraction": 2, "story": 2}
    assert again["cache_hits"] == old and again["stories"] == 3
    assert again["validated"] == "1 new story"
    build(corpus, fresh, use_cache=False)
    for name in ("graph.ttl", "graph.trig", "graph.nt", "graph.jsonld", "graph.html",
                 "entities.json"):
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name
    assert len(list((out / ".cache" / "story").iterdir())) == 3


def test_build_refuses_to_write_a_graph_that_breaks_its_shapes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from kg import validating
    from kg.errors import ValidationError

    def broken(graph: Graph) -> validating.ValidationReport:
        return validating.ValidationReport(False, ["<x> kg:kind: an event needs a kind"])

    monkeypatch.setattr(validating, "validate", broken)
    with pytest.raises(ValidationError, match="an event needs a kind"):
        build(SEEDS, tmp_path)
    assert not (tmp_path / "graph.ttl").exists()
    assert not list(tmp_path.rglob("story/*"))  # nor cached as if it had passed


def test_seed_build_conforms_to_the_shapes(seed_exports: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(seed_exports / "graph.ttl")]) == 0
    assert capsys.readouterr().out.strip() == "conforms"


def test_large_build_path_gives_the_same_graph(seed_exports: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Past the size limits Oxigraph writes, a sample is validated and the page is capped;
    the triples are the same."""
    monkeypatch.setattr(exporting, "LARGE_GRAPH_TRIPLES", 100)
    monkeypatch.setattr("kg.settings.VALIDATE_MAX_TRIPLES", 100)
    monkeypatch.setattr("kg.settings.HTML_MAX_NODES", 10)
    result = build(SEEDS, tmp_path, use_cache=False)
    assert (tmp_path / "graph.nt").read_bytes() == (seed_exports / "graph.nt").read_bytes()
    assert result.report["validated"].startswith("sample of")
    for name, fmt in (("graph.ttl", "turtle"), ("graph.jsonld", "json-ld")):
        assert len(Graph().parse(tmp_path / name, format=fmt)) == result.report["triples"]
    page = (tmp_path / "graph.html").stat().st_size
    assert 0 < page < (seed_exports / "graph.html").stat().st_size


def test_a_story_is_redone_when_its_entities_resolve_differently(
        seed_build: BuildResult) -> None:
    """A cached story is keyed on the corpus-wide names its entities resolved to: a new
    article that renames one of them must not leave the old name in the story's RDF."""
    corpus = copy.deepcopy(seed_build.corpus)
    story = stories(corpus)[0]
    entity = corpus.entities[story.entities[sorted(story.entities)[0]].key]
    before = story.key
    entity.name = f"{entity.name} (renamed)"
    renamed = stories(corpus)[0]
    assert renamed.key != before
    assert any("(renamed)" in line for line in story_lines(renamed))


def test_the_cache_keeps_only_what_the_last_build_used(tmp_path: Path) -> None:
    corpus, out = tmp_path / "corpus", tmp_path / "out"
    corpus.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for path in seeds[2:]:
        shutil.copy(path, corpus)
    build(corpus, out)
    stages = ("article", "minhash", "extraction", "story")
    assert [len(list((out / ".cache" / s).iterdir())) for s in stages] == [3, 3, 3, 3]
    (corpus / seeds[2].name).unlink()
    assert build(corpus, out).report["cache_hits"] == dict.fromkeys(stages, 2)
    assert [len(list((out / ".cache" / s).iterdir())) for s in stages] == [2, 2, 2, 2]
