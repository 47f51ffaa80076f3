"""Deficits, overspends and budget gaps: facts of their own, never funding."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extraction.registry import extract_article
from kg.model import Article
from kg.money import split_sums
from kg.nlp import entity_spans
from kg.pipeline import build
from kg.querying import load_query, run_query

STORY = """Westmoor faces SEND budget crisis

Published: 2 June 2031

Westmoor Borough Council is forecasting an overspend of £9.5m on its high needs budget \
this year, rising to £12m next year.

The Department for Education will give the council £4m a year to create more special \
school places.

A £3m deficit at Harbridge City Council has also grown.
"""


@pytest.mark.parametrize(("text", "given", "deficits"), [
    ("The council has a £5m deficit.", [], [(5_000_000, "deficit")]),
    ("An overspend of £2.5m, rising to £3m by March.", [],
     [(2_500_000, "overspend"), (3_000_000, "overspend")]),
    ("The DfE will pay £20m, up from £15m last year.", [20_000_000, 15_000_000], []),
    ("It is £7m in the red but got a £1m grant.", [1_000_000], [(7_000_000, "in the red")]),
    ("The trust overspent its agency staffing budget last year by £4.1m.", [],
     [(4_100_000, "overspent")]),
    ("The school was given extra help by the trust and by £2m from the DfE.", [2_000_000], []),
    ("Its cumulative deficit on the high-needs block of its schools grant stands at £46m.", [],
     [(46_000_000, "deficit")]),
    ("The grant to the council totals £3m, and its deficit now stands at £9m.", [3_000_000],
     [(9_000_000, "deficit")]),
    ("The DfE will pay £30m to clear its high needs deficit, which stood at £52m in March.",
     [30_000_000], [(52_000_000, "deficit")]),
    ("Its deficit - the gap between what it spends and the grant it gets - reached £8.4m in "
     "March, up £3m in a year.", [], [(8_400_000, "deficit"), (3_000_000, "deficit")]),
    ("The deficit on its Dedicated Schools Grant is forecast to hit £31.5m by next April.", [],
     [(31_500_000, "deficit")]),
])
def test_sums_owed_or_missing_are_told_from_money_given(text: str, given: list, deficits: list
                                                        ) -> None:
    grants, owed = split_sums(text)
    assert [m.value.amount_gbp for m in grants] == given
    assert [(m.value.amount_gbp, word) for m, word in owed] == deficits


def test_a_deficit_belongs_to_its_body_and_is_dated() -> None:
    article = Article("own.txt", STORY.split("\n", 4)[-1], "x", published="2031-06-02")
    x = extract_article(article, next(entity_spans([article.text])))
    names = {e.key: e.name for e in x.entities}
    found = {(names.get(d.body), d.money.amount_gbp, d.word, d.date and d.date.iso)
             for d in x.deficits}
    assert found == {("Westmoor Borough Council", 9_500_000, "overspend", "2031"),
                     ("Westmoor Borough Council", 12_000_000, "overspend", "2032"),
                     ("Harbridge City Council", 3_000_000, "deficit", None)}
    assert all(d.evidence.extractor == "deficits/1" for d in x.deficits)
    assert not [e for e in x.events if e.money and e.money.amount_gbp in (9.5e6, 12e6, 3e6)]


def test_the_deficits_query_lists_them_and_funding_does_not(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "westmoor.txt").write_text(STORY, encoding="utf-8")
    build(tmp_path / "in", tmp_path / "out")  # the build's SHACL check covers kg:Deficit
    graph = tmp_path / "out" / "graph.ttl"
    for engine in ("rdflib", "oxigraph"):
        rows = run_query(load_query("deficits"), graph, engine)[1]
        assert {(r["body"], r["amount_gbp"], r["shortfall"]) for r in rows} == {
            ("Westmoor Borough Council", "9500000", "overspend"),
            ("Westmoor Borough Council", "12000000", "overspend"),
            ("Harbridge City Council", "3000000", "deficit")}
        funding = run_query(load_query("funding"), graph, engine)[1]
        assert [r["amount_gbp"] for r in funding] == ["4000000"]
