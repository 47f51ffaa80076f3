"""Windowing: an article far longer than any news story is read in bounded parts.

Resolving and most extractors compare each mention, quote or speech verb with
the article's others, which costs nothing for a story of a few thousand
characters but grows with the square of its length: a 1 MB article took
minutes. An article longer than `settings.EXTRACT_WINDOW_CHARS` is read as
consecutive windows cut at line ends, each extracted on its own and the facts
pooled, so its cost grows in proportion to its length.

Each window is read as an article of its own, and the offsets of its evidence
moved by the window's start. An actor named in full in one window and only by
surname or acronym in a later one is not joined to it: a price only such long
texts pay.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from kg import settings
from kg.extraction.registry import extract_article
from kg.model import Article, Entity, Evidence, Extraction
from kg.nlp import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

_FACTS = ("roles", "quotes", "events", "relations", "deficits")


def windows(text: str, size: int) -> list[tuple[int, int]]:
    """[start, end) spans covering `text`, each at most `size` long, cut after a line
    break in its second half where there is one."""
    out: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        end = text.rfind("\n", start + size // 2, start + size) + 1 or start + size
        out.append((start, end))
        start = end
    out.append((start, len(text)))
    return out


def extract_bounded(article: Article, spans: list[Span],
                    parses: dict[int, Doc] | None = None) -> Extraction:
    """`extract_article`, window by window when the article is longer than one window."""
    text = article.text
    if len(text) <= settings.EXTRACT_WINDOW_CHARS:
        return extract_article(article, spans, parses)
    out = Extraction(article)
    entities: dict[str, Entity] = {}
    for lo, hi in windows(text, settings.EXTRACT_WINDOW_CHARS):
        inside = {at - lo: doc for at, doc in (parses or {}).items()
                  if lo <= at and at + len(doc.text) <= hi}
        x = extract_article(replace(article, text=text[lo:hi]),
                            [(a - lo, b - lo, label) for a, b, label in spans
                             if lo <= a and b <= hi], inside)
        _shift(x, lo)
        for name in _FACTS:
            getattr(out, name).extend(getattr(x, name))
        for entity in x.entities:
            known = entities.setdefault(entity.key, entity)
            if known is not entity:
                known.aliases |= entity.aliases
                known.mentions.extend(entity.mentions)
    out.entities = list(entities.values())
    return out


def _shift(x: Extraction, by: int) -> None:
    """Move every evidence span of a window's extraction by the window's start."""

    def moved(ev: Evidence | None) -> Evidence | None:
        return ev and replace(ev, start=ev.start + by, end=ev.end + by)

    for entity in x.entities:
        entity.mentions = [moved(m) for m in entity.mentions]
    for role in x.roles:
        role.evidence = moved(role.evidence)
        role.organisation_evidence = moved(role.organisation_evidence)
        role.party_evidence = moved(role.party_evidence)
    for event in x.events:
        event.evidence = moved(event.evidence)
        for participant in event.participants:
            participant.evidence = moved(participant.evidence)
    for fact in (*x.quotes, *x.relations, *x.deficits):
        fact.evidence = moved(fact.evidence)
    for relation in x.relations:
        relation.support = moved(relation.support)
