"""The four exports agree (issue 15): graph.ttl, graph.nt, the union of graph.trig and
graph.jsonld state the same triples, each once, with every literal in the same lexical
form, so `sameTerm` and `STR()` answer alike whichever file a tool reads. Awkward
literals survive every syntax, read back by rdflib and by Oxigraph."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef, namespace
from rdflib.compare import isomorphic

from kg import exporting
from kg.modelling import nt_text, to_dataset, union
from kg.pipeline import build_corpus
from tests.conftest import SEEDS

EX = "https://w3id.org/sendkg/id/test/"
AWKWARD = [
    Literal('she said "no" twice'),
    Literal("back\\slash and a trailing \\"),
    Literal("a > b, <not an IRI>"),
    Literal("line one\nline two\r\nand\ta tab"),
    Literal("Ynys Môn, Gwynedd’s naïve café, Łódź, 日本語, 👍"),
    Literal("Caerdydd", lang="cy"),
    Literal("colour", lang="en-GB"),
    Literal("2024-01-30", datatype=namespace.XSD.date),
    Literal("2024-01", datatype=namespace.XSD.gYearMonth),
    Literal("4400000", datatype=namespace.XSD.decimal),
    Literal("0.9", datatype=namespace.XSD.decimal),
    Literal("true", datatype=namespace.XSD.boolean),
    Literal("377", datatype=namespace.XSD.integer),
    Literal("007"),
    Literal(""),
]
FILES = {"graph.ttl": ox.RdfFormat.TURTLE, "graph.nt": ox.RdfFormat.N_TRIPLES,
         "graph.trig": ox.RdfFormat.TRIG, "graph.jsonld": ox.RdfFormat.JSON_LD}
RDFLIB = {"graph.ttl": "turtle", "graph.nt": "nt", "graph.jsonld": "json-ld"}


def stated(data: bytes | Path, fmt: ox.RdfFormat) -> list[str]:
    """Every triple a file states, as N-Triples text, as often as it states it (TriG:
    the union of its graphs, so a triple of two graphs counts once)."""
    kwargs = {"path": str(data)} if isinstance(data, Path) else {"input": data}
    quads = ox.parse(format=fmt, **kwargs)
    if fmt == ox.RdfFormat.TRIG:
        return sorted({str(q.triple) for q in quads})
    return sorted(str(q.triple) for q in quads)


def nquads(ds: Dataset) -> list[str]:
    """A dataset as the canonical lines modelling writes (terms escaped by Oxigraph)."""
    return sorted(f"{nt_text(s)} {nt_text(p)} {nt_text(o)} {nt_text(g)} ."
                  for s, p, o, g in ds.quads((None, None, None, None)))


def write_joined(folder: Path, chunks: list[exporting.Chunks]) -> None:
    """graph.trig and graph.nt as a build writes them, a story's chunks at a time."""
    writer = exporting.ExportWriter(folder, exporting.story_chunks([]))
    for c in chunks:
        writer.add(c)
    writer.finish()


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    """The seeds' dataset plus a graph of literals that break naive escaping."""
    ds = to_dataset(build_corpus(SEEDS))
    g = ds.graph(URIRef(EX + "graph"))
    for i, literal in enumerate(AWKWARD):
        g.add((URIRef(f"{EX}thing/{i}"), URIRef(EX + "value"), literal))
    g.add((URIRef(EX + "place/ynys-môn"), URIRef(EX + "label"), Literal("Ynys Môn", lang="cy")))
    return ds


@pytest.fixture(scope="module")
def exports(dataset: Dataset, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The exports written as a build writes them: a chunk per graph (standing in for
    stories), joined, then Turtle and JSON-LD from the sorted N-Triples."""
    out = tmp_path_factory.mktemp("exports")
    lines = nquads(dataset)
    graphs = sorted({line.rsplit(" ", 2)[-2] for line in lines})
    chunks = [exporting.story_chunks([x for x in lines if x.rsplit(" ", 2)[-2] == g])
              for g in graphs]
    write_joined(out, chunks)
    exporting.write_from_ntriples(out)
    return {name: (out / name).read_bytes() for name in FILES}


# --- the four exports of a build agree ------------------------------------------------------

def test_the_four_exports_of_a_build_are_isomorphic(seed_exports: Path) -> None:
    triples = {name: stated(seed_exports / name, fmt) for name, fmt in FILES.items()}
    assert triples["graph.nt"] and all(t == triples["graph.nt"] for t in triples.values())
    graphs = {name: Graph().parse(seed_exports / name, format=fmt)
              for name, fmt in RDFLIB.items()}
    trig = Dataset()
    trig.parse(seed_exports / "graph.trig", format="trig")
    graphs["graph.trig"] = union(trig)
    assert all(isomorphic(g, graphs["graph.nt"]) for g in graphs.values())


def test_no_export_states_a_triple_twice(seed_exports: Path, tmp_path: Path) -> None:
    for name, fmt in FILES.items():
        found = stated(seed_exports / name, fmt)
        assert len(found) == len(set(found)), name
    line = f"<{EX}a> <{EX}p> \"x\" <{EX}g1> ."  # a triple two stories share
    first = exporting.story_chunks([line])
    second = exporting.story_chunks([line.replace("g1>", "g2>")])
    write_joined(tmp_path, [first, second])
    exporting.write_from_ntriples(tmp_path)
    for name, fmt in FILES.items():
        assert len(stated(tmp_path / name, fmt)) == 1, name
    assert len(list(ox.parse(path=tmp_path / "graph.trig", format=ox.RdfFormat.TRIG))) == 2


@pytest.mark.parametrize("name", list(FILES))
def test_a_sum_of_money_is_the_same_literal_in_every_export(seed_exports: Path, name: str
                                                            ) -> None:
    """Money is an xsd:decimal in its canonical XSD 1.1 form everywhere ("1000000", not
    rdflib's Turtle 1000000.0), so sameTerm and STR() do not depend on the file a tool
    reads (rdflib, as Jena, keeps each literal's lexical form; Oxigraph normalises)."""
    data = Dataset(default_union=True)
    data.parse(seed_exports / name, format={**RDFLIB, "graph.trig": "trig"}[name])
    rows = data.query('PREFIX schema: <https://schema.org/> SELECT ?text ?same WHERE { '
                      '?f schema:value ?v FILTER(isNumeric(?v)) BIND(STR(?v) AS ?text) '
                      'BIND(sameTerm(?v, "1000000"^^<http://www.w3.org/2001/XMLSchema#decimal>)'
                      ' AS ?same) } ORDER BY ?text')
    assert [(str(text), same.toPython()) for text, same in rows] == [
        ("1000000", True), ("4400000", False)]


def test_every_decimal_is_in_its_canonical_form(seed_exports: Path) -> None:
    decimal = "http://www.w3.org/2001/XMLSchema#decimal"
    for name, fmt in FILES.items():
        values = {q.object.value for q in ox.parse(path=seed_exports / name, format=fmt)
                  if isinstance(q.object, ox.Literal) and q.object.datatype.value == decimal}
        assert {"1000000", "4400000", "0.9"} <= values, name
        assert all(v == format(Decimal(v).normalize(), "f") for v in values), name


# --- every syntax carries awkward literals ----------------------------------------------------

@pytest.mark.parametrize("name", list(FILES))
def test_awkward_literals_parse_back_exactly(exports: dict[str, bytes], dataset: Dataset,
                                             name: str) -> None:
    expected = sorted({str(q.triple) for q in ox.parse(
        "\n".join(nquads(dataset)).encode(), format=ox.RdfFormat.N_QUADS)})
    assert stated(exports[name], FILES[name]) == expected


@pytest.mark.parametrize("name", list(RDFLIB))
def test_rdflib_reads_the_same_graph(exports: dict[str, bytes], dataset: Dataset,
                                     name: str) -> None:
    # a set, not `isomorphic`: that tells "en-GB" from Oxigraph's "en-gb", which RDF does not
    assert set(Graph().parse(data=exports[name], format=RDFLIB[name])) == set(union(dataset))


def test_trig_keeps_every_quad(exports: dict[str, bytes], dataset: Dataset) -> None:
    parsed = Dataset()
    parsed.parse(data=exports["graph.trig"], format="trig")
    everything = (None, None, None, None)
    assert set(parsed.quads(everything)) == set(dataset.quads(everything))


def test_ntriples_sorted_without_repeats(exports: dict[str, bytes]) -> None:
    lines = exports["graph.nt"].decode("utf-8").splitlines()
    assert lines == sorted(set(lines))
    assert len(lines) > 3000


def test_ntriples_sorted_the_same_without_a_sort_program(
        exports: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    unsorted = tmp_path / "unsorted.nt"
    unsorted.write_bytes(b"".join([exports["graph.nt"], b"<a:x> <a:y> <a:z> .\n",
                                   exports["graph.nt"][:5000].rpartition(b"\n")[0] + b"\n"]))
    exporting.sort_lines(tmp_path / "with.nt", unsorted)
    monkeypatch.setattr(exporting.shutil, "which", lambda name: None)
    exporting.sort_lines(tmp_path / "without.nt", unsorted)
    assert (tmp_path / "with.nt").read_bytes() == (tmp_path / "without.nt").read_bytes()
    assert exporting.line_count(tmp_path / "with.nt") == exports["graph.nt"].count(b"\n") + 1


def test_jsonld_has_the_project_context(exports: dict[str, bytes]) -> None:
    doc = json.loads(exports["graph.jsonld"])
    assert doc["@context"]["kg"] == "https://w3id.org/sendkg/ns#"
    assert doc["@graph"]
