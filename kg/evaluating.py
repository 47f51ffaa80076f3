"""Evaluating: score the named queries' answers against gold answers.

Gold files (one JSON per article, see `tests/gold/`) hold what a careful reader
finds. Actors are compared by name through both sides' aliases; entities and
people are scored over the corpus, everything with an `article` column per
article. Each question gets recall and precision.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.querying import Rows, load_query, run_query


@dataclass
class Score:
    question: str
    gold: int
    predicted: int
    found: int
    correct: int

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0


def norm(text: str) -> str:
    text = text.casefold().replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"^(the|a|an)\s+", "", text.strip())
    return " ".join(re.findall(r"[\w']+", text))


class Names:
    """Which surface forms name the same actor, from gold and predicted alias lists."""

    def __init__(self, gold_entities: Iterable[dict], predicted: Rows) -> None:
        self.gold: dict[str, set[str]] = {}
        for e in gold_entities:
            self.gold.setdefault(norm(e["name"]), set()).update(
                norm(a) for a in [e["name"], *e.get("aliases", [])])
        self.pred: dict[str, set[str]] = {}
        for row in predicted:
            forms = {norm(row["entity"]), *(norm(a) for a in row["aliases"].split(" | ") if a)}
            self.pred.setdefault(norm(row["entity"]), set()).update(forms)

    def same(self, predicted: str, gold: str) -> bool:
        p, g = norm(predicted), norm(gold)
        p_forms = self.pred.get(p, {p})
        g_forms = self.gold.get(g, {g})
        return bool(p_forms & g_forms)

    def any_same(self, predicted: str, golds: Iterable[str]) -> bool:
        return any(self.same(predicted, g) for g in golds)


def _score(question: str, gold: list, pred: list, match: Callable[[object, object], bool]) -> Score:
    found = sum(1 for g in gold if any(match(p, g) for p in pred))
    correct = sum(1 for p in pred if any(match(p, g) for g in gold))
    return Score(question, len(gold), len(pred), found, correct)


def _split(cell: str) -> list[str]:
    return [v for v in cell.split(" | ") if v]


def _role_match(predicted: str, gold: str) -> bool:
    p, g = set(norm(predicted).split()), set(norm(gold).split())
    return not g or (bool(p) and len(p & g) / len(g) >= 0.5)


def load_gold(folder: Path) -> list[dict]:
    files = sorted(folder.glob("*.json"))
    if not files:
        from kg.errors import KGError

        raise KGError(f"no gold files (*.json) in {folder}")
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


def evaluate(gold_dir: Path, graph_file: Path) -> list[Score]:
    """Score every question; the graph must have been built from the gold's articles."""
    golds = load_gold(gold_dir)

    def rows(name: str) -> Rows:
        return run_query(load_query(name), graph_file)[1]

    entities = rows("entities")
    names = Names((e for g in golds for e in g["entities"]), entities)
    gold_entities = {norm(e["name"]): e for g in golds for e in g["entities"]}
    scores = [
        _score("entities", list(gold_entities.values()), entities,
               lambda p, g: names.same(p["entity"], g["name"])),
        _score("entity types", list(gold_entities.values()), entities,
               lambda p, g: names.same(p["entity"], g["name"]) and p["type"] == g["type"]),
    ]
    gold_people = [p for g in golds for p in g["people"]]
    people = [r for r in rows("people") if r["role"] or r["organisation"] or r["party"]]
    scores.append(_score("people and roles", gold_people, people, lambda p, g: (
        names.same(p["person"], g["person"])
        and _role_match(p["role"], g["role"])
        and (not g["organisation"] or names.same(p["organisation"], g["organisation"]))
        and (not g["party"] or names.same(p["party"], g["party"]))
    )))

    def per_article(question: str, query: str, key: str, match: Callable[[dict, dict], bool],
                    dated_only: bool = False) -> Score:
        predicted = [r for r in rows(query) if r.get("date") or not dated_only]
        total = Score(question, 0, 0, 0, 0)
        for g in golds:
            mine = [r for r in predicted if g["article"] in _split(r["article"])]
            wanted = [x for x in g.get(key, []) if x.get("date") or not dated_only]
            s = _score(question, wanted, mine, match)
            total.gold += s.gold
            total.predicted += s.predicted
            total.found += s.found
            total.correct += s.correct
        return total

    scores.append(per_article("quotes", "quotes", "quotes", lambda p, g: (
        names.same(p["speaker"], g["speaker"]) and norm(g["quote_start"]) in norm(p["quote"])
    )))

    def event_match(p: dict, g: dict) -> bool:
        return p["kind"] == g["kind"] and any(
            names.any_same(who, g["participants"]) for who in _split(p["participants"]))

    scores.append(per_article("events", "events", "events", event_match))
    scores.append(per_article("timeline", "events", "events", lambda p, g: (
        event_match(p, g) and p["date"] == g["date"]), dated_only=True))
    scores.append(per_article("funding", "funding", "funding", lambda p, g: (
        abs(float(p["amount_gbp"] or 0) - float(g["amount_gbp"])) < 0.5
        and names.same(p["funder"], g["funder"]) and p["period"] == g["period"]
    )))
    scores.append(per_article("relations", "relations", "relations", lambda p, g: (
        p["relation"] == g["relation"] and names.same(p["subject"], g["subject"])
        and names.same(p["object"], g["object"])
    )))
    return scores


def format_scores(scores: list[Score]) -> str:
    lines = [f"{'question':<18}{'gold':>6}{'found':>7}{'pred':>6}{'recall':>8}{'precision':>11}"]
    for s in scores:
        lines.append(f"{s.question:<18}{s.gold:>6}{s.found:>7}{s.predicted:>6}"
                     f"{s.recall:>8.2f}{s.precision:>11.2f}")
    return "\n".join(lines)
