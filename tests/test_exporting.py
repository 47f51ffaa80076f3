"""Both export routes (rdflib's Turtle and JSON-LD for small graphs, Oxigraph's story
chunks joined past the threshold) must write files that parse, with rdflib and with
Oxigraph, to exactly the dataset's triples and quads: awkward literals included."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef, namespace

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
    Literal("4400000.00", datatype=namespace.XSD.decimal),
    Literal("true", datatype=namespace.XSD.boolean),
    Literal("377", datatype=namespace.XSD.integer),
    Literal("007"),
    Literal(""),
]
MODES = ["rdflib", "oxigraph"]
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


def nquads(ds: Dataset) -> list[str]:
    """A dataset as the canonical lines modelling writes (terms escaped by Oxigraph)."""
    return sorted(f"{nt_text(s)} {nt_text(p)} {nt_text(o)} {nt_text(g)} ."
                  for s, p, o, g in ds.quads((None, None, None, None)))


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    """The seeds' dataset plus a graph of literals that break naive escaping."""
    ds = to_dataset(build_corpus(SEEDS))
    g = ds.graph(URIRef(EX + "graph"))
    for i, literal in enumerate(AWKWARD):
        g.add((URIRef(f"{EX}thing/{i}"), URIRef(EX + "value"), literal))
    g.add((URIRef(EX + "place/ynys-môn"), URIRef(EX + "label"), Literal("Ynys Môn", lang="cy")))
    return ds


def export(ds: Dataset, mode: str, out: Path) -> dict[str, bytes]:
    """Write the exports the way a build does: a chunk per graph (here standing in for
    stories), joined; on the rdflib route its Turtle and JSON-LD replace Oxigraph's."""
    lines = nquads(ds)
    graphs = sorted({line.rsplit(" ", 2)[-2] for line in lines})
    chunks = [exporting.story_chunks([x for x in lines if x.rsplit(" ", 2)[-2] == g])
              for g in graphs]
    files: dict = exporting.joined_exports(exporting.story_chunks([]), chunks)
    if mode == "rdflib":
        files.update(exporting.readable(exporting.trig_dataset(files["graph.trig"])))
    exporting.write_exports(out, files)
    return {name: (out / name).read_bytes() for name in files}


@pytest.fixture(scope="module", params=MODES)
def exports(request: pytest.FixtureRequest, dataset: Dataset,
            tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    return export(dataset, request.param, tmp_path_factory.mktemp(request.param))


def test_routes_differ_only_in_syntax(dataset: Dataset, tmp_path: Path) -> None:
    assert export(dataset, "rdflib", tmp_path / "a")["graph.ttl"].startswith(b"PREFIX")
    assert export(dataset, "oxigraph", tmp_path / "b")["graph.ttl"].startswith(b"@prefix")


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


def test_ntriples_sorted_without_repeats(exports: dict[str, bytes]) -> None:
    lines = exports["graph.nt"].decode("utf-8").splitlines()
    assert lines == sorted(set(lines))
    assert len(lines) > 3000


def test_ntriples_sorted_the_same_without_a_sort_program(
        exports: dict[str, bytes], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chunks = exporting.SortedLines([exports["graph.nt"], b"<a:x> <a:y> <a:z> .\n",
                                    exports["graph.nt"][:5000].rpartition(b"\n")[0] + b"\n"])
    exporting.sort_lines(tmp_path / "with.nt", chunks)
    monkeypatch.setattr(exporting.shutil, "which", lambda name: None)
    exporting.sort_lines(tmp_path / "without.nt", chunks)
    assert (tmp_path / "with.nt").read_bytes() == (tmp_path / "without.nt").read_bytes()
    assert exporting.line_count(tmp_path / "with.nt") == exports["graph.nt"].count(b"\n") + 1


def test_jsonld_has_the_project_context(exports: dict[str, bytes]) -> None:
    doc = json.loads(exports["graph.jsonld"])
    assert doc["@context"]["kg"] == "https://w3id.org/sendkg/ns#"
    assert doc["@graph"]


def test_a_triple_two_stories_share_is_one_triple(tmp_path: Path) -> None:
    line = f"<{EX}a> <{EX}p> \"x\" <{EX}g1> ."
    first = exporting.story_chunks([line])
    second = exporting.story_chunks([line.replace("g1>", "g2>")])
    files = exporting.joined_exports(exporting.story_chunks([]), [first, second])
    exporting.write_exports(tmp_path, files)
    for name, fmt in RDFLIB_FORMATS.items():
        assert len(Graph().parse(tmp_path / name, format=fmt)) == 1
    assert len(list(ox.parse(path=tmp_path / "graph.trig", format=ox.RdfFormat.TRIG))) == 2
