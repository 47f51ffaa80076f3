"""SHACL validation: the hand-written model graph conforms, and each broken copy is caught
with a line that names the node at fault."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import RDFS, SKOS, Graph, Literal, Namespace, URIRef
from rdflib.namespace import ORG

from kg.validating import validate, validate_file
from kg.vocab import KG

FIXTURE = Path(__file__).parent / "fixtures" / "valid_graph.ttl"
ID = Namespace("https://w3id.org/sendkg/id/")
KIND = Namespace("https://w3id.org/sendkg/kind/")
SCHEMA = Namespace("https://schema.org/")

EVENT = ID["event/2023-11-inspection"]
FUNDING = ID["funding/c1bd34fafbe82dc9"]
EVIDENCE = ID["evidence/e1"]
QUOTE = ID["quote/91ac000000000000"]
PERSON = ID["person/rachel-hood"]
MEMBERSHIP = ID["membership/3f2a9c0000000000"]


def _fixture() -> Graph:
    return Graph().parse(FIXTURE, format="turtle")


def _no_kind(g: Graph) -> None:
    g.remove((EVENT, KG.kind, None))


def _plain_string_date(g: Graph) -> None:
    g.remove((EVENT, KG.date, None))
    g.add((EVENT, KG.date, Literal("2023-11")))


def _no_currency(g: Graph) -> None:
    g.remove((FUNDING, SCHEMA.currency, None))


def _no_sentence(g: Graph) -> None:
    g.remove((EVIDENCE, KG.sentence, None))


def _no_speaker(g: Graph) -> None:
    g.remove((QUOTE, KG.speaker, None))


def _no_name(g: Graph) -> None:
    g.remove((PERSON, SKOS.prefLabel, None))
    g.remove((PERSON, RDFS.label, None))


def _kind_outside_scheme(g: Graph) -> None:
    g.set((EVENT, KG.kind, KIND["party"]))


def _no_event_evidence(g: Graph) -> None:
    g.remove((EVENT, KG.evidence, None))


def _negative_sum(g: Graph) -> None:
    g.set((FUNDING, SCHEMA.value, Literal(Decimal("-5.00"))))


def _member_not_a_person(g: Graph) -> None:
    g.set((MEMBERSHIP, ORG.member, ID["org/ofsted"]))


BREAKAGES: list[tuple[Callable[[Graph], None], URIRef, str]] = [
    (_no_kind, EVENT, "kg:kind"),
    (_plain_string_date, EVENT, "kg:date"),
    (_no_currency, FUNDING, "schema:currency"),
    (_no_sentence, EVIDENCE, "kg:sentence"),
    (_no_speaker, QUOTE, "kg:speaker"),
    (_no_name, PERSON, "rdfs:label"),
    (_kind_outside_scheme, EVENT, "kg:kind"),
    (_no_event_evidence, EVENT, "kg:evidence"),
    (_negative_sum, FUNDING, "schema:value"),
    (_member_not_a_person, MEMBERSHIP, "org:member"),
]


def test_model_graph_conforms() -> None:
    report = validate_file(FIXTURE)
    assert report.conforms, report.violations
    assert report.violations == []


@pytest.mark.parametrize(
    ("breakage", "focus", "path"), BREAKAGES, ids=[b[0].__name__.strip("_") for b in BREAKAGES]
)
def test_broken_copy_is_reported(
    breakage: Callable[[Graph], None], focus: URIRef, path: str
) -> None:
    g = _fixture()
    breakage(g)
    report = validate(g)
    assert not report.conforms
    assert any(line.startswith(f"<{focus}> {path}: ") for line in report.violations), (
        report.violations
    )


def test_validate_leaves_the_graph_alone() -> None:
    """The ontology is mixed into a copy, not into the caller's graph."""
    g = _fixture()
    before = len(g)
    validate(g)
    assert len(g) == before


def test_dataset_is_validated_as_the_union_of_its_graphs(tmp_path: Path) -> None:
    """Each article graph alone lacks the others' sources; the TriG export as a whole conforms."""
    g = _fixture()
    trig = tmp_path / "graph.trig"
    trig.write_text(
        "\n".join(
            f"<https://w3id.org/sendkg/id/g{i}> {{ {s.n3()} {p.n3()} {o.n3()} . }}"
            for i, (s, p, o) in enumerate(g)
        ),
        encoding="utf-8",
    )
    assert validate_file(trig).conforms
