"""The ontology and kg/vocab.py name the same terms, and the Turtle files parse everywhere."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import OWL, RDF, RDFS, Graph, URIRef

from kg import __version__
from kg.vocab import KG

KG_DIR = Path(__file__).resolve().parent.parent / "kg"
ONTOLOGY = KG_DIR / "ontology.ttl"
SHAPES = KG_DIR / "shapes.ttl"
DECLARED_AS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def _vocab_terms() -> set[URIRef]:
    return {KG[name] for name in KG.__annotations__}


@pytest.mark.parametrize("term", sorted(_vocab_terms()), ids=str)
def test_vocab_term_is_declared_with_label_and_comment(ontology: Graph, term: URIRef) -> None:
    assert set(ontology.objects(term, RDF.type)) & set(DECLARED_AS), f"{term} not declared"
    assert ontology.value(term, RDFS.label) is not None, f"{term} has no rdfs:label"
    assert ontology.value(term, RDFS.comment) is not None, f"{term} has no rdfs:comment"


def test_ontology_declares_no_term_outside_vocab(ontology: Graph) -> None:
    declared = {
        s
        for s in ontology.subjects(RDF.type, None)
        if isinstance(s, URIRef) and s.startswith(str(KG._NS))
    }
    assert declared - _vocab_terms() == set()


def test_ontology_version_is_the_package_version(ontology: Graph) -> None:
    header = URIRef(str(KG._NS).rstrip("#"))
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert str(ontology.value(header, OWL.versionInfo)) == __version__


def test_ontology_parses_alike_in_rdflib_and_pyoxigraph(ontology: Graph) -> None:
    quads = list(pyoxigraph.parse(path=str(ONTOLOGY), format=pyoxigraph.RdfFormat.TURTLE))
    assert len(quads) == len(ontology) > 0


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not installed")
def test_ontology_parses_alike_in_rapper(ontology: Graph) -> None:
    done = subprocess.run(
        ["rapper", "-i", "turtle", "-c", str(ONTOLOGY)],
        capture_output=True, text=True, check=True,
    )
    assert f"returned {len(ontology)} triples" in done.stderr


def test_shapes_parse() -> None:
    assert len(Graph().parse(SHAPES, format="turtle")) > 0


STORY = """Westshire SEND services under scrutiny

Ofsted inspects Westshire County Council and Westshire Integrated Care Board.

Westshire County Council is accountable to the Department for Education.

Councillor Jane Smith, who represents Eastfield, said parents had waited too long.

John Brown, a spokesman for Westshire County Council, said the council would respond.

Westshire Integrated Care Board commissions Westshire Community Health NHS Trust.

Pupils at Eastfield Primary School waited two years for assessments.
"""


def test_terms_the_seeds_never_need_are_made_when_the_text_says_so(tmp_path: Path) -> None:
    """Six of the terms a seeds build never states (issue 15) are kept: the extractors make
    each from the words that say it."""
    from kg.pipeline import build

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "westshire.txt").write_text(STORY, encoding="utf-8")
    build(tmp_path / "in", tmp_path / "out")
    nt = (tmp_path / "out" / "graph.nt").read_text(encoding="utf-8")
    for term in ("School", "represents", "inspects", "accountableTo", "spokespersonFor",
                 "commissions"):
        assert f"<{KG[term]}>" in nt, term


def test_related_to_is_the_parent_of_every_relation_and_never_stated(
        ontology: Graph, seed_exports: Path) -> None:
    """The seventh, kg:relatedTo, is the relations' super-property, for a query or a
    reasoner over the graph and the ontology."""
    relations = ("partOf", "memberOf", "leads", "represents", "inspects", "accountableTo",
                 "worksFor", "spokespersonFor", "commissions")
    for name in relations:
        assert KG.relatedTo in ontology.transitive_objects(KG[name], RDFS.subPropertyOf), name
    assert f"<{KG.relatedTo}>" not in (seed_exports / "graph.nt").read_text(encoding="utf-8")
