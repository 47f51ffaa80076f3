"""Every extracted statement can be checked against the text it came from."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph

from kg.cli import main
from kg.evaluating import norm
from kg.pipeline import build, to_article
from kg.querying import load_query, run_query
from kg.reading import read_file
from tests.conftest import ROOT


def unsupported(graph: Path) -> list[str]:
    """Statements whose evidence sentences never name one of the actors they link."""
    rows = run_query(load_query("evidence"), graph)[1]
    entities = run_query(load_query("entities"), graph)[1]
    forms = {e["entity"]: {e["entity"], *filter(None, e["aliases"].split(" | "))}
             for e in entities}
    sentences: dict[tuple[str, str, str], list[str]] = {}
    for r in rows:
        sentences.setdefault((r["subject"], r["predicate"], r["object"]), []).append(r["sentence"])
    bad = []
    for (s, p, o), said in sentences.items():
        text = norm(" ".join(said))
        for name in (s, o):
            if name in forms and not any(norm(f) in text or norm(f.split()[-1]) in text
                                         for f in forms[name]):
                bad.append(f"{s} {p} {o}: {name!r} not in {said}")
    return bad


def test_every_statement_names_its_actors_in_its_evidence(seed_exports: Path) -> None:
    assert unsupported(seed_exports / "graph.ttl") == []


def test_evidence_holds_on_articles_about_other_areas(tmp_path: Path) -> None:
    build(ROOT / "tests" / "corpus" / "articles", tmp_path)
    assert unsupported(tmp_path / "graph.ttl") == []


def test_every_fact_row_has_a_sentence_from_its_article(seed_exports: Path) -> None:
    """Spans index the cleaned text (page furniture removed), as the sentences do."""
    rows = run_query(load_query("evidence"), seed_exports / "graph.ttl")[1]
    texts = {p.name: " ".join(to_article(read_file(p)).text.split())
             for p in (ROOT / "seeds").glob("*.txt")}
    assert rows
    for r in rows:
        assert " ".join(r["sentence"].split()) in texts[r["article"]], r


def test_explain_lists_the_mentions_merged_into_a_person(seed_exports: Path,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    assert main(["explain", "Mr Jones", "--out", str(seed_exports)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Gordon Jones (Person, person/gordon-jones)")
    assert "Cllr Gordon Jones" in out and "Mr Jones" in out
    assert "resolve/surname" in out


AWKWARD = (
    'Cllr Zoë Ó Briain-Łukasz, chair of the Daleford <Parents> \\ "Carers" Forum, said: '
    '"We are — frankly — appalled."\n\n'
    "Daleford Borough Council was inspected by Ofsted in March 2023.\n"
)


def test_awkward_names_survive_every_export(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "odd name's <file>.txt").write_text(AWKWARD, encoding="utf-8")
    build(corpus, tmp_path / "out")
    out = tmp_path / "out"
    for name, rdflib_format, ox_format in (
        ("graph.ttl", "turtle", ox.RdfFormat.TURTLE),
        ("graph.nt", "nt", ox.RdfFormat.N_TRIPLES),
        ("graph.jsonld", "json-ld", ox.RdfFormat.JSON_LD),
    ):
        g = Graph().parse(out / name, format=rdflib_format)
        assert len(g) == len(list(ox.parse(path=str(out / name), format=ox_format))), name
        labels = {str(o) for o in g.objects()}
        assert "Zoë Ó Briain-Łukasz" in labels, name
        assert any('"Zed"' in label or "<Parents>" in label or "\\" in label
                   for label in labels), name
    ds = Dataset()
    ds.parse(out / "graph.trig", format="trig")
    assert len(list(ox.parse(path=str(out / "graph.trig"), format=ox.RdfFormat.TRIG))) == len(
        list(ds.quads((None, None, None, None))))
