"""Money: find sums in pounds in a sentence and normalise them.

Regexes are built once from `kg/data/money_words.json`, so new multipliers,
qualifiers or period phrases are data, not code. A mention's span covers its
qualifier ("more than") and the sum, never the period ("a year"), which is read
from the words after the sum, then before it. Choices made:
- periods outside the model's vocabulary ("a month") give "unknown", so that a
  later "a year" is not read for them;
- a range written as one sum ("£5-10m", "£5-£10m") is reported at its lower bound,
  the multiplier applying to both ends;
- only sums written with "£" are read: "5 million pounds" is rare in news copy;
- a sum stated as a deficit, overspend or gap is told apart from money given
  (`split_sums`): a deficit is not funding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

from kg.data import load
from kg.model import Money

_NUMBER = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_WORD = r"[\w'’]+"


@dataclass(frozen=True)
class MoneyMention:
    """A sum of money: its character span in the input text (qualifier included) and value."""

    start: int
    end: int
    value: Money


@dataclass(frozen=True)
class _Rules:
    sum: re.Pattern[str]
    after: re.Pattern[str]
    before: re.Pattern[str]
    periods: list[str]
    multipliers: dict[str, int]


def _alt(phrases: Iterable[str]) -> str:
    """Alternation of phrases, longest first; words join on spaces or hyphens, N is any word."""
    ordered = sorted(set(phrases), key=len, reverse=True)
    return "|".join(
        r"[\s-]+".join(_WORD if w == "N" else re.escape(w) for w in p.split()) for p in ordered
    )


@cache
def _rules() -> _Rules:
    data = load("money_words.json")
    periods = list(data["periods"])
    window = data["window_words"]

    def groups(side: str) -> str:
        """One named group per period (p0, p1, ...) so `lastgroup` says which matched."""
        return "|".join(
            rf"(?P<p{i}>{_alt(data['periods'][p][side])})"
            for i, p in enumerate(periods)
            if data["periods"][p][side]
        )

    return _Rules(
        sum=re.compile(
            rf"(?:(?<![\w])(?P<qual>(?i:{_alt(data['qualifiers'])}))\s+)?£\s?(?P<num>{_NUMBER})"
            rf"(?:\s?[-–]\s?£?(?P<high>{_NUMBER}))?"
            rf"(?:\s?(?P<mult>(?i:{_alt(data['multipliers'])})))?(?![\w])"
        ),
        after=re.compile(
            rf"(?i:(?:[\s-]+{_WORD}){{0,{window}}}?[\s-]+(?:{groups('after')})(?![\w])"
            rf"(?!\s+(?:{_alt(data['not_after_period'])})\b))"
        ),
        before=re.compile(
            rf"(?i:(?<![\w])(?:{groups('before')})(?:[\s-]+{_WORD}){{0,{window}}}[\s-]*)$"
        ),
        periods=periods,
        multipliers={k.lower(): v for k, v in data["multipliers"].items()},
    )


def _period(text: str, start: int, end: int) -> str:
    """The period named right after the sum, else right before it, else "unknown"."""
    rules = _rules()
    found = rules.after.match(text, end) or rules.before.search(text, max(0, start - 80), start)
    return rules.periods[int(found.lastgroup[1:])] if found and found.lastgroup else "unknown"


def find_money(text: str) -> list[MoneyMention]:
    """Every sum in pounds in `text`, in order, with amount, period and qualifier."""
    rules = _rules()
    out: list[MoneyMention] = []
    for m in rules.sum.finditer(text):
        amount = Decimal(m["num"].replace(",", ""))
        if m["mult"]:
            amount *= rules.multipliers[m["mult"].lower()]
        qualifier = " ".join(m["qual"].lower().split()) if m["qual"] else None
        money = Money(m.group(), float(amount), _period(text, m.start(), m.end()), qualifier)
        out.append(MoneyMention(m.start(), m.end(), money))
    return out


@cache
def _deficit_rules() -> tuple[re.Pattern[str], re.Pattern[str], int, int, int]:
    spec = load("money_words.json")["deficit_cues"]
    given = _alt(spec["given_after"])  # "deficit support funding" is money given
    return (re.compile(rf"(?<![\w-])(?:{_alt(spec['words'])})(?![\w-])(?!\s+(?:{given})\b)",
                       re.IGNORECASE),
            re.compile(rf"(?<![\w-])(?:{_alt(spec['continuations'])})(?![\w-])", re.IGNORECASE),
            spec["lead_words"], spec["by_lead_words"], spec["tail_words"])


_RELATIVE = re.compile(r"\s*(?:which|that)\b", re.IGNORECASE)


@cache
def _stated_as() -> re.Pattern[str]:
    """A verb that states what a sum is the amount of ("the deficit ... stands at £46m")."""
    verbs = load("money_words.json")["deficit_cues"]["amount_verbs"]
    return re.compile(rf"(?<![\w-])(?:{_alt(verbs)})\s*$", re.IGNORECASE)


def split_sums(text: str) -> tuple[list[MoneyMention], list[tuple[MoneyMention, str]]]:
    """The sums of a sentence as (money given, deficits with the word that says so).

    A sum with a deficit word just before or after it ("a £5m deficit", "an overspend
    of £5m", "£5m in the red"), or a sum "by" which a clause with one says how much
    ("expects to overspend its care budget by £5m") or a clause with one states
    ("the deficit on its high-needs block stands at £5m"), is a deficit, and so is one the
    last deficit grows to ("rising to £8m"), which keeps that deficit's word.
    """
    words, grows, lead_n, by_n, tail_n = _deficit_rules()
    given: list[MoneyMention] = []
    deficits: list[tuple[MoneyMention, str]] = []
    last: str | None = None
    for money in find_money(text):
        before = text[: money.start].split()
        lead = " ".join(before[-(by_n if before[-1:] == ["by"] else lead_n):])
        if _stated_as().search(text, 0, money.start):  # the clause's subject says what it is
            clauses = re.split(r"[,;:]", text[: money.start])
            lead = clauses[-1]
            if _RELATIVE.match(lead):  # "its deficit, which stood at £61m": the antecedent's
                lead = " ".join(clauses[-2:])
        tail = " ".join(text[money.end :].split()[:tail_n])
        cue = words.search(f"{lead} | {tail}")
        word = cue.group().lower() if cue else (last if last and grows.search(lead) else None)
        if word:
            deficits.append((money, word))
        else:
            given.append(money)
        last = word
    return given, deficits
