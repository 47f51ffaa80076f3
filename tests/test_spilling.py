"""Extractions spilled to disk between stages (issue 14): what comes back is what went
in, pointed at the corpus's merged actors; nothing is left on disk; entities.json, written
actor by actor from mentions sorted on disk, lists each mention once, in order."""

from __future__ import annotations

import json
from pathlib import Path

from kg.extraction.registry import extract_article
from kg.model import Article, Extraction
from kg.nlp import entity_spans
from kg.pipeline import build
from kg.spilling import Spill
from tests.conftest import SEEDS

TEXT = ("Westmoor Borough Council (WBC) was told to improve. Council leader Sam Patel said "
        "WBC was sorry. Ofsted will return in June, Mr Patel said.")


def extract(name: str, text: str) -> Extraction:
    return extract_article(Article(name, text, "0" * 64), next(entity_spans([text])))


def test_a_spilled_extraction_comes_back_the_same_and_re_keyed(tmp_path: Path) -> None:
    first, second = extract("a.txt", TEXT), extract("b.txt", TEXT.replace("Sam", "Sami"))
    spill = Spill(tmp_path)
    outlines = [spill.add(x) for x in (first, second)]
    assert len(spill) == 2 and spill[0] == first and spill[1] == second
    assert [o.facts["roles"] for o in outlines] == [len(first.roles), len(second.roles)]
    assert all(not e.mentions for o in outlines for e in o.entities)  # held without them
    assert outlines[0].mentions == {e.key: len(e.mentions) for e in first.entities}
    person = next(r.person for r in first.roles if r.role)
    spill.mapping = {person: "person/someone-else"}
    assert {r.person for r in spill[0].roles} == {"person/someone-else"}
    assert [e.key for e in spill[0].entities] == [e.key for e in first.entities]
    assert list(tmp_path.iterdir()) == []  # anonymous files: nothing to clean up


def test_entities_json_lists_each_mention_once_in_order(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(SEEDS, out, use_cache=False)
    assert not [p for p in out.rglob("*") if "mentions" in p.name or "spill" in p.name]
    table = json.loads((out / "entities.json").read_text(encoding="utf-8"))
    assert list(table) == sorted(table) and len(table) > 20
    for entity in table.values():
        rows = [(m["article"], m["start"], m["extractor"], m["sentence"])
                for m in entity["mentions"]]
        assert rows == sorted(set(rows)) and rows, entity["name"]
