"""Relations: organisational links between actors named in one sentence.

A trigger phrase ("led by", "is accountable to", "which represents") joins the
actor right before it to the run of actors right after it ("A, B and C"); both
sides must be actor mentions with nothing but auxiliaries between, so "the
service, run by X" yields a link only when "the service" is itself an actor.
Triggers and their relations are data (`kg/data/relations.json`). Posts held
by people (worksFor, memberOf of a party) come from `kg.extraction.roles`, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

from kg.data import load
from kg.extraction.context import Context
from kg.extraction.roles import Masked
from kg.model import Evidence, Relation

EXTRACTOR = "relations/1"
PERSON = "Person"


@dataclass(frozen=True)
class _Pattern:
    trigger: re.Pattern[str]
    forward: tuple[str, ...]
    backward: tuple[str, ...]
    left_list: bool
    subject_type: str | None


@cache
def _data() -> dict:
    return load("relations.json")


@cache
def _patterns() -> list[_Pattern]:
    return [
        _Pattern(
            re.compile(r"(?<![\w-])" + p["trigger"].replace(" ", r"\s+") + r"(?![\w-])",
                       re.IGNORECASE),
            tuple(p.get("forward", [])),
            tuple(p.get("backward", [])),
            p.get("left_list", False),
            p.get("subject_type"),
        )
        for p in _data()["patterns"]
    ]


@cache
def _gaps() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    d = _data()
    return (re.compile(d["gap_before"], re.IGNORECASE), re.compile(d["gap_after"], re.IGNORECASE),
            re.compile(d["separator"], re.IGNORECASE))


def _run_before(mk: Masked, spans: list[tuple[int, int]], pos: int, many: bool) -> list[int]:
    """Starts of the mentions ending just before `pos` (one, or the whole joined run)."""
    before, _, separator = _gaps()
    run: list[int] = []
    for start, end in reversed(spans):
        if end > pos:
            continue
        gap = mk.text[end:pos]
        if not (before if not run else separator).fullmatch(gap):
            break
        run.append(start)
        if not many:
            break
        pos = start
    return run


def _run_after(mk: Masked, spans: list[tuple[int, int]], pos: int) -> list[int]:
    """Starts of the run of mentions joined by ',', 'and', '&' right after `pos`."""
    _, after, separator = _gaps()
    run: list[int] = []
    for start, end in spans:
        if start < pos:
            continue
        if not (after if not run else separator).fullmatch(mk.text[pos:start]):
            break
        run.append(start)
        pos = end
    return run


def extract(ctx: Context) -> list[Relation]:
    """Every trigger-phrase link in the article, once per (subject, relation, object)."""
    skip = set(_data()["skip_types"])
    not_for_people = set(_data()["not_for_people"])
    out: dict[tuple[str, str, str], Relation] = {}

    def add(subject: str, relation: str, obj: str, pattern: _Pattern, evidence: Evidence) -> None:
        kind = ctx.type(subject)
        if subject == obj or kind in skip or ctx.type(obj) in skip:
            return
        if (kind == PERSON and relation in not_for_people) or (
            pattern.subject_type and kind != pattern.subject_type
        ):
            return
        out.setdefault((subject, relation, obj), Relation(subject, relation, obj, evidence))

    for sentence in ctx.sentences:
        mk = Masked.of(ctx, sentence)
        if len(mk.at) < 2:
            continue
        spans = sorted((p, p + m.end - m.start) for p, (m, _) in mk.at.items())
        for pattern in _patterns():
            for hit in pattern.trigger.finditer(mk.text):
                left = [mk.key(p) for p in _run_before(mk, spans, hit.start(), pattern.left_list)]
                right = [mk.key(p) for p in _run_after(mk, spans, hit.end())]
                evidence = ctx.evidence(sentence, EXTRACTOR)
                for a in left:
                    for b in right:
                        for rel in pattern.forward:
                            add(a, rel, b, pattern, evidence)
                        for rel in pattern.backward:
                            add(b, rel, a, pattern, evidence)
    _by_definition(ctx, out)
    return list(out.values())


def _by_definition(ctx: Context, out: dict[tuple[str, str, str], Relation]) -> None:
    """Members of a body that exists by definition, when the article names both.

    The evidence cites the sentence naming the body and the one naming the member.
    """
    for spec in _data()["by_definition"]["bodies"]:
        bodies = [e for e in ctx.resolved.entities.values()
                  if e.name.lower().endswith(spec["name_ends"]) and e.mentions]
        for body in bodies:
            for member in ctx.resolved.entities.values():
                key = (member.key, spec["relation"], body.key)
                if member.type in spec["members"] and member.mentions and key not in out:
                    evidence = replace(body.mentions[0], extractor=f"{EXTRACTOR}:definition",
                                       confidence=0.6)
                    support = replace(member.mentions[0], extractor=f"{EXTRACTOR}:definition",
                                      confidence=0.6)
                    out[key] = Relation(member.key, spec["relation"], body.key, evidence,
                                        support)
