"""Evaluating: score the named queries' answers against gold answers.

Gold files (one JSON per article, see `tests/gold/` and `tests/dev/gold/`) hold
what a careful reader finds. The matching follows the project's independent
scorer (`../shared/eval/cq_eval.py`), so `kg eval` and the outside measurement
give the same figures:

- actors are compared by normalised name through the gold's aliases (and, for
  organisations, the graph's own aliases);
- a role matches when half the content words of the two posts agree and the
  organisation is the gold's (if it names one);
- a quote matches when the gold's first words open the graph's quote, or lie in it;
- an event matches on kind (an inspection and a revisit count alike), date
  (half credit when one is a prefix of the other) and one shared participant;
- the timeline asks only whether each dated gold event has that date in the graph; its
  precision judges a dated event only where the article's gold dates one of its kind.

Every miss and every unexpected answer is kept with its article, so
`kg eval --misses` shows what fails and why.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import KGError
from kg.querying import Rows, load_query, run_query

HONORIFICS = frozenset({"the", "cllr", "councillor", "mr", "mrs", "ms", "miss", "dr", "sir",
                        "dame", "professor", "prof"})
STOP = frozenset({"the", "of", "and", "for", "a", "an", "in", "to", "s", "at", "on"})
ORG_TYPES = frozenset({"LocalAuthority", "IntegratedCareBoard", "ClinicalCommissioningGroup",
                       "Regulator", "GovernmentBody", "NHSBody", "PoliticalParty",
                       "ParentCarerGroup", "NewsOutlet", "School", "Organisation"})
KIND_GROUP = {"inspection": "inspection", "revisit": "inspection",
              "monitoring-inspection": "inspection"}
#: Questions whose hits count towards the overall score (types and timeline refine others).
OVERALL = ("entities", "people and roles", "parties", "quotes", "events", "funding",
           "relations")


@dataclass
class Score:
    """Recall over the gold answers and precision over the graph's, with what failed."""

    question: str
    gold: int = 0
    found: float = 0.0
    predicted: int = 0
    correct: int = 0
    missed: list[tuple[str, str]] = field(default_factory=list)  # (article, answer)
    unexpected: list[tuple[str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0


def norm(text: str) -> str:
    """A name as compared: no brackets, possessives, punctuation or leading honorifics."""
    text = unicodedata.normalize("NFKC", text or "").replace("’", "'").replace("‘", "'")
    text = re.sub(r"\([^)]*\)", " ", text).casefold()
    words = re.sub(r"[^\w]+", " ", re.sub(r"'s\b", "", text)).split()
    while words and words[0] in HONORIFICS:
        words = words[1:]
    return " ".join(words)


def content_words(text: str) -> set[str]:
    """The words of a post or party that carry meaning (honorifics kept: 'councillor')."""
    text = unicodedata.normalize("NFKC", text or "").replace("’", "'").casefold()
    return {w for w in re.sub(r"[^\w]+", " ", re.sub(r"'s\b", "", text)).split()
            if w not in STOP}


def cells(value: str | None) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


class Names:
    """Which gold actor each surface form names, from the gold's names and aliases."""

    def __init__(self, gold_entities: Iterable[dict]) -> None:
        self.forms: dict[str, set[str]] = {}
        for e in gold_entities:
            for form in [e["name"], *e.get("aliases", [])]:
                if norm(form):
                    self.forms.setdefault(norm(form), set()).add(e["name"])

    def canon(self, surface: str) -> set[str]:
        return self.forms.get(norm(surface), set())

    def same(self, predicted: str, gold: str) -> bool:
        return norm(predicted) == norm(gold) or gold in self.canon(predicted)

    def any_same(self, predicted: Iterable[str], golds: Iterable[str]) -> bool:
        golds = list(golds)
        return any(self.same(p, g) for p in predicted for g in golds)


def _roles_agree(predicted: str, gold: str) -> bool:
    p, g = content_words(predicted), content_words(gold)
    return bool(p and g) and len(p & g) / len(p | g) >= 0.5


def _date_credit(predicted: str, gold: str | None) -> float:
    if not gold:
        return 1.0
    if not predicted:
        return 0.0
    if predicted == gold:
        return 1.0
    return 0.5 if predicted.startswith(gold) or gold.startswith(predicted) else 0.0


def _kind(kind: str) -> str:
    return KIND_GROUP.get(kind, kind)


def _amount(value: str) -> float | None:
    try:
        return float(str(value).replace(",", ""))
    except ValueError:
        return None


def load_gold(folder: Path) -> list[dict]:
    files = sorted(folder.glob("*.json"))
    if not files:
        raise KGError(f"no gold files (*.json) in {folder}")
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


def _of(golds: list[dict], key: str) -> list[tuple[str, dict]]:
    return [(g["article"], x) for g in golds for x in g.get(key, [])]


def score(answers: dict[str, Rows], golds: list[dict]) -> list[Score]:
    """Score the named queries' rows (`answers[name]`) against the gold files."""
    names = Names(e for g in golds for e in g.get("entities", []))
    wanted = {}
    for article, e in _of(golds, "entities"):
        if e["type"] in ORG_TYPES or e["type"] == "Person":
            wanted.setdefault(e["name"], (article, e))
    people = answers["people"]
    actors = [(r["organisation"], cells(r["aliases"]), r["type"], "")
              for r in answers["organisations"]]
    actors += [(r["person"], [], "Person", "") for r in people]

    def names_it(actor: tuple, gold: str) -> bool:
        return names.same(actor[0], gold) or any(names.same(a, gold) for a in actor[1])

    entities, types = Score("entities"), Score("entity types")
    for gold_name, (article, e) in wanted.items():
        rows = [a for a in actors if names_it(a, gold_name)]
        entities.gold += 1
        entities.found += bool(rows)
        if not rows:
            entities.missed.append((article, gold_name))
            continue
        types.gold += 1
        types.found += any(t == e["type"] for _, _, t, _ in rows)
        if not any(t == e["type"] for _, _, t, _ in rows):
            types.missed.append((article, f"{gold_name}: {e['type']}"))
    distinct = {}
    for actor in actors:
        distinct.setdefault(norm(actor[0]), actor)
    for name, aliases, _, _ in distinct.values():
        entities.predicted += 1
        if names.canon(name) or any(names.canon(a) for a in aliases):
            entities.correct += 1
        else:
            entities.unexpected.append(("", name))
    types.predicted, types.correct = types.gold, int(types.found)  # of the entities found

    roles, parties = Score("people and roles"), Score("parties")
    gold_people = _of(golds, "people")
    for article, p in gold_people:
        rows = [r for r in people if names.same(r["person"], p["person"])]
        if p.get("role"):
            roles.gold += 1
            ok = any(_roles_agree(r["role"], p["role"]) and (
                not p.get("organisation") or names.same(r["organisation"], p["organisation"]))
                for r in rows)
            roles.found += ok
            if not ok:
                roles.missed.append((article, f"{p['person']}: {p['role']} @ "
                                              f"{p.get('organisation') or '-'}"))
        if p.get("party"):
            parties.gold += 1
            ok = any(names.same(r["party"], p["party"])
                     or content_words(r["party"]) == content_words(p["party"])
                     for r in rows if r["party"])
            parties.found += ok
            if not ok:
                parties.missed.append((article, f"{p['person']}: {p['party']}"))
    for r in people:
        if r["role"]:
            roles.predicted += 1
            if any(names.same(r["person"], p["person"]) and p.get("role")
                   and _roles_agree(r["role"], p["role"]) for _, p in gold_people):
                roles.correct += 1
            else:
                roles.unexpected.append(("", f"{r['person']}: {r['role']} @ "
                                             f"{r['organisation'] or '-'}"))
    for r in people:
        if r["party"]:
            parties.predicted += 1
            if any(names.same(r["person"], p["person"]) and p.get("party")
                   and names.same(r["party"], p["party"]) for _, p in gold_people):
                parties.correct += 1
            else:
                parties.unexpected.append(("", f"{r['person']}: {r['party']}"))

    return [entities, types, roles, parties, _quotes(answers["quotes"], golds, names),
            *_events(answers["events"], golds, names, set(wanted)),
            _funding(answers["funding"], golds, names),
            _relations(answers["relations"], golds, names)]


def _quotes(rows: Rows, golds: list[dict], names: Names) -> Score:
    s = Score("quotes")
    gold = _of(golds, "quotes")
    bodies = [(norm(r["quote"]), cells(r["speaker"])) for r in rows]
    for article, q in gold:
        start, speakers = norm(q["quote_start"]), cells(q["speaker"])
        ok = bool(start) and any(
            (start in body or difflib.SequenceMatcher(None, start, body[:len(start)]).ratio()
             > 0.85) and names.any_same(who, speakers) for body, who in bodies)
        s.gold += 1
        s.found += ok
        if not ok:
            s.missed.append((article, f"{q['speaker']}: {q['quote_start']}"))
    for r, (body, who) in zip(rows, bodies, strict=True):
        s.predicted += 1
        if any(norm(q["quote_start"]) and (norm(q["quote_start"]) in body
                                           or body[:40] in norm(q["quote_start"]))
               and names.any_same(who, cells(q["speaker"])) for _, q in gold):
            s.correct += 1
        else:
            s.unexpected.append((r["article"], f"{r['speaker']}: {r['quote'][:80]}"))
    return s


def _events(rows: Rows, golds: list[dict], names: Names, actors: set[str]) -> list[Score]:
    events, timeline = Score("events"), Score("timeline")
    gold = _of(golds, "events")
    for article, e in gold:
        best = 0.0
        parts = [p for p in e.get("participants", []) if p in actors]
        for r in rows:
            if _kind(r["kind"]) != _kind(e["kind"]):
                continue
            credit = _date_credit(r["date"], e.get("date"))
            if credit and (not parts or names.any_same(cells(r["participants"]), parts)):
                best = max(best, credit)
        events.gold += 1
        events.found += best
        if best < 1:
            events.missed.append((article, f"{e['kind']} {e.get('date') or '-'}: "
                                           f"{e.get('description', '')[:90]}"))
        if e.get("date"):
            dated = max((_date_credit(r["date"], e["date"]) for r in rows
                         if _kind(r["kind"]) == _kind(e["kind"])), default=0.0)
            timeline.gold += 1
            timeline.found += dated
            if dated < 1:
                timeline.missed.append((article, f"{e['kind']} {e['date']}"))
    for r in rows:
        events.predicted += 1
        if any(_kind(r["kind"]) == _kind(e["kind"]) and (
                not e.get("participants")
                or names.any_same(cells(r["participants"]), e["participants"]))
               for _, e in gold):
            events.correct += 1
        else:
            events.unexpected.append((r["article"], f"{r['kind']} {r['date'] or '-'}: "
                                                    f"{r['participants']}"))
    for r in rows:  # judged only where the article's gold dates an event of that kind
        dated = [e["date"] for article, e in gold if article in cells(r["article"])
                 and _kind(e["kind"]) == _kind(r["kind"]) and e.get("date")]
        if r["date"] and dated:
            timeline.predicted += 1
            if any(_date_credit(r["date"], d) > 0 for d in dated):
                timeline.correct += 1
            else:
                timeline.unexpected.append((r["article"], f"{r['kind']} {r['date']}"))
    return [events, timeline]


def _paired(question: str, gold: list[tuple[str, dict]], rows: Rows,
            agree: Callable[[dict, dict], bool], said: Callable[[dict], str],
            shown: Callable[[dict], str]) -> Score:
    """Recall and precision where a graph row answers a gold item when `agree` says so;
    `said` and `shown` word a missed gold item and an unexpected row."""
    s = Score(question)
    for article, g in gold:
        ok = any(agree(r, g) for r in rows)
        s.gold += 1
        s.found += ok
        if not ok:
            s.missed.append((article, said(g)))
    for r in rows:
        s.predicted += 1
        if any(agree(r, g) for _, g in gold):
            s.correct += 1
        else:
            s.unexpected.append((r["article"], shown(r)))
    return s


def _funding(rows: Rows, golds: list[dict], names: Names) -> Score:
    def agree(r: dict, f: dict) -> bool:
        amount = _amount(r["amount_gbp"])
        return (amount is not None and abs(amount - f["amount_gbp"]) <= 0.01 * f["amount_gbp"]
                and names.same(r["funder"], f["funder"]))

    return _paired("funding", _of(golds, "funding"), rows, agree,
                   lambda f: f"{f['funder']} £{f['amount_gbp']:,.0f}",
                   lambda r: f"{r['funder'] or '-'} £{r['amount_gbp']}")


def _relations(rows: Rows, golds: list[dict], names: Names) -> Score:
    def agree(r: dict, g: dict) -> bool:
        return (r["relation"] == g["relation"] and names.same(r["subject"], g["subject"])
                and names.same(r["object"], g["object"]))

    def link(r: dict) -> str:
        return f"{r['subject']} {r['relation']} {r['object']}"

    gold = [(a, r) for a, r in _of(golds, "relations") if r["relation"] != "other"]
    return _paired("relations", gold, [r for r in rows if r["relation"] != "other"], agree,
                   link, link)


QUERIES = ("organisations", "people", "quotes", "events", "funding", "relations")


def evaluate(gold_dir: Path, graph_file: Path) -> list[Score]:
    """Score every question; the graph must have been built from the gold's articles."""
    golds = load_gold(gold_dir)
    answers = {q: run_query(load_query(q), graph_file, "oxigraph")[1] for q in QUERIES}
    return score(answers, golds)


def overall(scores: list[Score]) -> float:
    """Share of all gold answers found, as the independent scorer's last line counts it."""
    counted = [s for s in scores if s.question in OVERALL]
    return sum(s.found for s in counted) / max(1, sum(s.gold for s in counted))


def format_scores(scores: list[Score]) -> str:
    lines = [f"{'question':<18}{'gold':>6}{'found':>7}{'pred':>6}{'recall':>8}{'precision':>11}"]
    for s in scores:
        lines.append(f"{s.question:<18}{s.gold:>6}{s.found:>7g}{s.predicted:>6}"
                     f"{s.recall:>8.2f}{s.precision:>11.2f}")
    lines.append(f"{'all questions':<18}{'':>27}{overall(scores):>8.2f}")
    return "\n".join(lines)


def format_misses(scores: list[Score]) -> str:
    """Per article, every missed and every unexpected answer, question by question."""
    by_article: dict[str, list[str]] = {}
    for s in scores:
        for article, text in s.missed:
            by_article.setdefault(article, []).append(f"  missed      {s.question}: {text}")
        for article, text in s.unexpected:
            for a in cells(article) or ["(whole corpus)"]:
                by_article.setdefault(a, []).append(f"  unexpected  {s.question}: {text}")
    return "\n".join(f"{article}\n" + "\n".join(lines)
                     for article, lines in sorted(by_article.items()))
