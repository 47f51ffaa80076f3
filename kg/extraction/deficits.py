"""Deficits: a body's deficit, overspend or budget gap as a fact of its own.

A council's high-needs deficit is news about its finances, not money anyone gave,
so it never becomes funding (`kg.money.split_sums` tells the two apart). Its body
is the organisation the sentence names last before the sum (or the one it is
"at"), else the article's council or the body it is mostly about; its date is the
nearest one the sentence states.
"""

from __future__ import annotations

import re

from kg.extraction.context import Context
from kg.model import Deficit, Sentence
from kg.money import split_sums

EXTRACTOR = "deficits/1"
_NOT_BODIES = ("Person", "Place", "NewsOutlet", "PoliticalParty", "Regulator")
#: What lies between a sum and the body it belongs to when that body follows it.
_OWNER = re.compile(r"\s+(?:[\w-]+\s+){0,3}?(?:at|of|for|in)\s+(?:the\s+)?", re.IGNORECASE)


def _body(ctx: Context, sentence: Sentence, start: int, end: int) -> str | None:
    """The organisation named last before the sum, one the sum is "at", "of" or "for"
    ("a £5m deficit at Westmoor Council"), else the body the article is mostly about."""
    orgs = [(m.start, k) for m, k in ctx.resolved.in_span(sentence.start, sentence.end)
            if ctx.type(k) not in _NOT_BODIES]
    before = [k for at, k in orgs if at < start]
    if before:
        return before[-1]
    text = ctx.article.text
    after = [k for at, k in orgs if at >= end and _OWNER.fullmatch(text[end:at])]
    if after:
        return after[0]
    return ctx.most_named("LocalAuthority") or next(
        iter(ctx.ranked(lambda t: t not in _NOT_BODIES)), None)


def extract(ctx: Context) -> list[Deficit]:
    out = []
    for sentence in ctx.sentences:
        deficits = split_sums(sentence.text)[1]
        if not deficits:
            continue
        dates = [d for d in ctx.dates(sentence) if d.value.iso]
        for money, word in deficits:
            near = min(dates, key=lambda d: abs(d.start - money.start), default=None)
            body = _body(ctx, sentence, sentence.start + money.start,
                         sentence.start + money.end)
            out.append(Deficit(body, money.value,
                               word, ctx.evidence(sentence, EXTRACTOR),
                               near.value if near else None))
    return out
