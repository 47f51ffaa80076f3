"""Both serialisation routes (rdflib for small graphs, Oxigraph past the threshold) must
write exports that parse, with rdflib and with Oxigraph, to exactly the dataset's triples
and quads: awkward literals included."""

from __future__ import annotations

import json
from decimal import Decimal

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef, namespace

from kg import exporting
from kg.modelling import to_dataset, union
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
    Literal("4400000.00", datatype=namespace.XSD.decimal),
    Literal("true", datatype=namespace.XSD.boolean),
    Literal("377", datatype=namespace.XSD.integer),
    Literal("007"),
    Literal(""),
]
MODES = {"rdflib": 10**12, "oxigraph": 0}
RDFLIB_FORMATS = {"graph.ttl": "turtle", "graph.nt": "nt", "graph.jsonld": "json-ld"}
OX_FORMATS = {"graph.ttl": ox.RdfFormat.TURTLE, "graph.nt": ox.RdfFormat.N_TRIPLES,
              "graph.jsonld": ox.RdfFormat.JSON_LD}


def same(term: object) -> object:
    """A term as compared: rdflib's Turtle writer rewrites decimals ("1000000.00" becomes
    1000000.0, the same value), so decimals compare by value; everything else exactly."""
    if isinstance(term, Literal) and term.datatype == namespace.XSD.decimal:
        return Decimal(str(term))
    if isinstance(term, ox.Literal) and term.datatype.value == str(namespace.XSD.decimal):
        return Decimal(term.value)
    return term


def rdflib_set(statements) -> set[tuple]:
    return {tuple(same(t) for t in st) for st in statements}


def ox_set(statements, triples: bool) -> set[tuple]:
    return {tuple(same(t) for t in (q.triple if triples else q)) for q in statements}


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    """The seeds' dataset plus a graph of literals that break naive escaping, and some
    statements in the default graph (N-Quads lines without a graph name)."""
    ds = to_dataset(build_corpus(SEEDS))
    g = ds.graph(URIRef(EX + "graph"))
    for i, literal in enumerate(AWKWARD):
        g.add((URIRef(f"{EX}thing/{i}"), URIRef(EX + "value"), literal))
    g.add((URIRef(EX + "place/ynys-môn"), URIRef(EX + "label"), Literal("Ynys Môn", lang="cy")))
    for literal in (Literal("in the default graph"), Literal("x"), URIRef(EX + "thing/0")):
        ds.add((URIRef(EX + "default"), URIRef(EX + "value"), literal))
    return ds


@pytest.fixture(scope="module", params=list(MODES))
def exports(request: pytest.FixtureRequest, dataset: Dataset) -> dict[str, bytes]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(exporting, "LARGE_GRAPH_TRIPLES", MODES[request.param])
        return exporting.serialise(dataset)


def test_route_follows_the_threshold(dataset: Dataset,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(exporting, "LARGE_GRAPH_TRIPLES", 10**12)
    assert exporting.serialise(dataset)["graph.ttl"].startswith(b"PREFIX")  # longturtle
    monkeypatch.setattr(exporting, "LARGE_GRAPH_TRIPLES", 0)
    assert exporting.serialise(dataset)["graph.ttl"].startswith(b"@prefix")  # Oxigraph


@pytest.mark.parametrize("name", list(RDFLIB_FORMATS))
def test_triples_parse_back_with_rdflib(exports: dict[str, bytes], dataset: Dataset,
                                        name: str) -> None:
    parsed = Graph().parse(data=exports[name], format=RDFLIB_FORMATS[name])
    assert rdflib_set(parsed) == rdflib_set(union(dataset))


@pytest.mark.parametrize("name", list(OX_FORMATS))
def test_triples_parse_back_with_oxigraph(exports: dict[str, bytes], dataset: Dataset,
                                          name: str) -> None:
    expected = ox.parse(union(dataset).serialize(format="nt", encoding="utf-8"),
                        format=ox.RdfFormat.N_TRIPLES)
    parsed = ox.parse(exports[name], format=OX_FORMATS[name])
    assert ox_set(parsed, triples=True) == ox_set(expected, triples=True)


def test_trig_keeps_every_quad(exports: dict[str, bytes], dataset: Dataset) -> None:
    parsed = Dataset()
    parsed.parse(data=exports["graph.trig"], format="trig")
    everything = (None, None, None, None)
    assert rdflib_set(parsed.quads(everything)) == rdflib_set(dataset.quads(everything))
    ox_expected = ox.parse(dataset.serialize(format="nquads", encoding="utf-8"),
                           format=ox.RdfFormat.N_QUADS)
    ox_parsed = ox.parse(exports["graph.trig"], format=ox.RdfFormat.TRIG)
    assert ox_set(ox_parsed, triples=False) == ox_set(ox_expected, triples=False)


def test_ntriples_sorted_and_repeatable(exports: dict[str, bytes], dataset: Dataset) -> None:
    lines = exports["graph.nt"].decode("utf-8").splitlines()
    assert lines == sorted(set(lines))
    mode = "oxigraph" if exports["graph.ttl"].startswith(b"@prefix") else "rdflib"
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(exporting, "LARGE_GRAPH_TRIPLES", MODES[mode])
        assert exporting.serialise(dataset)["graph.nt"] == exports["graph.nt"]


def test_jsonld_has_the_project_context(exports: dict[str, bytes]) -> None:
    doc = json.loads(exports["graph.jsonld"])
    assert doc["@context"]["kg"] == "https://w3id.org/sendkg/ns#"
    assert doc["@graph"]
