"""The quality gate: gold scores on the seeds, on renamed copies, on our own articles
and on the real corpus (`tests/dev/`: 30 articles from other areas and outlets).

Floors only rise. Renamed copies (other people, places, boards, outlets, sums and
years, weekdays kept by a 28-year shift) catch any rule that works only because
of the seeds' exact names.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.evaluating import Score, evaluate, format_misses, overall, score
from kg.pipeline import build
from tests.conftest import GOLD, ROOT, SEEDS

OWN = ROOT / "tests" / "corpus"
DEV = ROOT / "tests" / "dev"

FLOORS = {  # question: (recall, precision)
    "entities": (0.95, 0.9),
    "entity types": (0.95, 0.9),
    "people and roles": (1.0, 0.9),
    "parties": (1.0, 0.75),
    "quotes": (1.0, 0.9),
    "events": (0.9, 0.75),
    "timeline": (0.9, 0.8),
    "funding": (1.0, 1.0),
    "relations": (0.95, 0.5),
}

RENAMES = [
    ("Suffolk and North East Essex", "Wessex and South Marsh"), ("SNEE", "WASM"),
    ("Norfolk and Waveney", "Fenland and Brill"), ("Suffolk", "Westshire"),
    ("Gordon Jones", "Alan Pike"), ("Mr Jones", "Mr Pike"), ("Penny Otton", "Mary Hale"),
    ("Jack Abbott", "Tom Reeve"), ("Sarah-Jane Smedmor", "Anne-Marie Colby"),
    ("Ipswich Star", "Daleford Gazette"), ("Bury St Edmunds", "Kingsbridge"),
    ("£1million", "£3million"), ("£4.4m", "£2.7m"), ("1000000", "3000000"),
    ("4400000", "2700000"),
]


def rename(text: str) -> str:
    for old, new in RENAMES:
        text = text.replace(old, new)
    return re.sub(r"\b20(\d\d)\b", lambda m: str(2000 + int(m.group(1)) - 28), text)


def scores_of(gold: Path, graph: Path) -> dict[str, Score]:
    return {s.question: s for s in evaluate(gold, graph)}


@pytest.fixture(scope="module")
def seed_scores(seed_exports: Path) -> dict[str, Score]:
    return scores_of(GOLD, seed_exports / "graph.ttl")


@pytest.mark.parametrize("question", sorted(FLOORS))
def test_seed_scores_stay_above_their_floors(seed_scores: dict[str, Score],
                                             question: str) -> None:
    recall, precision = FLOORS[question]
    score = seed_scores[question]
    assert score.recall >= recall, f"{question} recall {score.recall:.2f}"
    assert score.precision >= precision, f"{question} precision {score.precision:.2f}"


@pytest.fixture(scope="module")
def renamed_scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Score]:
    root = tmp_path_factory.mktemp("renamed")
    (root / "seeds").mkdir()
    (root / "gold").mkdir()
    for path in SEEDS.glob("*.txt"):
        (root / "seeds" / path.name).write_text(rename(path.read_text(encoding="utf-8")),
                                                encoding="utf-8")
    for path in GOLD.glob("*.json"):
        (root / "gold" / path.name).write_text(rename(path.read_text(encoding="utf-8")),
                                               encoding="utf-8")
    build(root / "seeds", root / "out")
    return scores_of(root / "gold", root / "out" / "graph.ttl")


@pytest.mark.parametrize("question", sorted(FLOORS))
def test_renamed_copies_score_like_the_seeds(seed_scores: dict[str, Score],
                                             renamed_scores: dict[str, Score],
                                             question: str) -> None:
    slack = 0.05 if question.startswith("entit") else 0.1
    assert renamed_scores[question].recall >= seed_scores[question].recall - slack
    assert renamed_scores[question].precision >= seed_scores[question].precision - slack


def test_the_renamed_text_really_is_renamed() -> None:
    text = rename((SEEDS / "002_b87e7eb918b3626c.txt").read_text(encoding="utf-8"))
    assert "Suffolk" not in text and "Jones" not in text and "2016" not in text
    assert "Alan Pike" in text and "January 1988" in text


@pytest.fixture(scope="module")
def own_scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Score]:
    out = tmp_path_factory.mktemp("own")
    build(OWN / "articles", out)
    return scores_of(OWN / "gold", out / "graph.ttl")


@pytest.mark.parametrize("question", sorted(FLOORS))
def test_articles_about_other_areas_score_like_the_seeds(seed_scores: dict[str, Score],
                                                         own_scores: dict[str, Score],
                                                         question: str) -> None:
    """Two local-news articles written for the tests: other councils, people and years."""
    slack = 0.05 if question.startswith("entit") else 0.1
    assert own_scores[question].recall >= min(seed_scores[question].recall - slack,
                                              FLOORS[question][0])
    assert own_scores[question].precision >= min(seed_scores[question].precision - slack,
                                                 FLOORS[question][1])


DEV_FLOORS = {  # question: (recall, precision) on the real corpus, as the code now reads it
    "entities": (0.96, 0.97),
    "entity types": (0.97, 0.97),
    "people and roles": (0.97, 0.97),
    "parties": (0.95, 0.95),
    "quotes": (0.95, 0.96),
    "events": (0.85, 0.90),
    "timeline": (0.74, 0.80),
    "funding": (0.95, 0.95),
    "relations": (0.84, 0.92),
}
DEV_OVERALL = 0.92
HELD_OUT = ROOT / "tests" / "heldout"


@pytest.fixture(scope="module")
def dev_scores(tmp_path_factory: pytest.TempPathFactory) -> list[Score]:
    out = tmp_path_factory.mktemp("dev")
    build(DEV / "articles", out, workers=2)
    return evaluate(DEV / "gold", out / "graph.ttl")


@pytest.mark.parametrize("question", sorted(DEV_FLOORS))
def test_real_articles_score_above_their_floors(dev_scores: list[Score], question: str) -> None:
    """Thirty real articles nobody wrote the rules against; `kg eval --misses` shows why."""
    recall, precision = DEV_FLOORS[question]
    s = next(s for s in dev_scores if s.question == question)
    assert s.recall >= recall, f"{question} recall {s.recall:.2f}\n{format_misses([s])}"
    assert s.precision >= precision, f"{question} precision {s.precision:.2f}\n{format_misses([s])}"


def test_real_articles_overall_score(dev_scores: list[Score]) -> None:
    assert overall(dev_scores) >= DEV_OVERALL


def test_scoring_follows_the_independent_scorer() -> None:
    """Aliases, honorifics, half credit for a date at lower precision, global quotes."""
    gold = [{"article": "a.txt",
             "entities": [{"name": "Westmoor Council", "type": "LocalAuthority",
                           "aliases": ["the council"]},
                          {"name": "Ada Marsh", "type": "Person"}],
             "people": [{"person": "Ada Marsh", "role": "leader of the council",
                         "organisation": "Westmoor Council", "party": None}],
             "quotes": [{"speaker": "Ada Marsh", "quote_start": "We are sorry"}],
             "events": [{"kind": "revisit", "date": "2025-03-04",
                         "participants": ["Westmoor Council"]}],
             "funding": [], "relations": []}]
    answers = {
        "organisations": [{"organisation": "Westmoor Borough", "type": "LocalAuthority",
                           "aliases": "Westmoor"}],
        "people": [{"person": "Cllr Ada Marsh", "role": "council leader",
                    "organisation": "Westmoor Borough", "party": ""}],
        "quotes": [{"speaker": "Ada Marsh", "quote": "“We are sorry, truly.”",
                    "article": "a.txt"},
                   {"speaker": "Ada Marsh", "quote": "Something else", "article": "a.txt"}],
        "events": [{"date": "2025-03", "kind": "inspection", "label": "",
                    "participants": "Westmoor", "article": "a.txt"}],
        "funding": [], "relations": []}
    by = {s.question: s for s in score(answers, gold)}
    assert by["entities"].recall == 0.5  # "Westmoor Borough" is no gold name or alias
    assert by["people and roles"].found == 0  # its organisation does not match
    answers["organisations"][0]["organisation"] = "Westmoor Council"
    answers["people"][0]["organisation"] = "Westmoor Council"
    by = {s.question: s for s in score(answers, gold)}
    assert (by["entities"].recall, by["entities"].precision) == (1.0, 1.0)
    assert by["people and roles"].recall == 1.0  # honorific dropped, half the words agree
    assert (by["quotes"].recall, by["quotes"].precision) == (1.0, 0.5)
    assert by["events"].found == 0  # "Westmoor" is not a name of the council in the gold
    answers["events"][0]["participants"] = "Westmoor Council"
    by = {s.question: s for s in score(answers, gold)}
    assert by["events"].found == 0.5 and by["timeline"].found == 0.5
    assert "a.txt\n  unexpected  quotes: Ada Marsh: Something else" in format_misses(
        list(by.values()))


@pytest.fixture(scope="module")
def held_out_scores(tmp_path_factory: pytest.TempPathFactory) -> list[Score]:
    out = tmp_path_factory.mktemp("heldout")
    build(HELD_OUT / "articles", out)
    return evaluate(HELD_OUT / "gold", out / "graph.ttl")


def test_articles_written_before_the_rules_score_near_the_real_corpus(
        dev_scores: list[Score], held_out_scores: list[Score]) -> None:
    """Our own held-out articles (`tests/heldout/`, each batch read before any rule was
    written from it) score within 0.1 of the real corpus overall, as unseen real articles
    must."""
    assert overall(held_out_scores) >= overall(dev_scores) - 0.1, format_misses(held_out_scores)
