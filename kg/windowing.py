"""Windowing: an article far longer than any news story is read in bounded parts.

Resolving and most extractors compare each mention, quote or speech verb with
the article's others, which costs nothing for a story of a few thousand
characters but grows with the square of its length: a 1 MB article took
minutes. An article longer than `settings.EXTRACT_WINDOW_CHARS` is read as
consecutive windows cut at line ends, each extracted on its own (on any worker:
a build spreads one long article's windows over them) and the facts pooled, so
its cost grows in proportion to its length.

Each window is read as an article of its own, and the offsets of its evidence
moved by the window's start. An actor named in full in one window and only by
surname or acronym in a later one is not joined to it: a price only such long
texts pay.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
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


@dataclass(frozen=True)
class Piece:
    """What one worker extracts at once: a whole article, or one window of a long one
    (`article` then holds the window's text, which starts at `at` in the whole)."""

    article: Article
    at: int = 0


def pieces(article: Article) -> list[Piece]:
    """The article whole, or its windows when it is longer than one, so a very long
    article's windows are read on every worker, not all on one."""
    text = article.text
    if len(text) <= settings.EXTRACT_WINDOW_CHARS:
        return [Piece(article)]
    return [Piece(replace(article, text=text[lo:hi]), lo)
            for lo, hi in windows(text, settings.EXTRACT_WINDOW_CHARS)]


def extract_piece(piece: Piece, spans: list[Span], parses: dict[int, Doc] | None = None
                  ) -> Extraction:
    """`extract_article` over one piece, its evidence at the piece's place in the article."""
    x = extract_article(piece.article, spans, parses)
    if piece.at:
        _shift(x, piece.at)
    return x


def assembled(articles: Iterable[Article], parts: Iterable[Extraction]
              ) -> Iterator[Extraction]:
    """Per article, in order, its extraction: its pieces' (`parts`, in the order of
    `pieces`) pooled into one, with entities of the same key merged."""
    parts = iter(parts)
    for article in articles:
        chunk = [next(parts) for _ in windows(article.text, settings.EXTRACT_WINDOW_CHARS)]
        if len(chunk) == 1:
            yield chunk[0]
            continue
        out = Extraction(article)
        entities: dict[str, Entity] = {}
        for x in chunk:
            for name in _FACTS:
                getattr(out, name).extend(getattr(x, name))
            for entity in x.entities:
                known = entities.setdefault(entity.key, entity)
                if known is not entity:
                    known.aliases |= entity.aliases
                    known.mentions.extend(entity.mentions)
        out.entities = list(entities.values())
        yield out


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
