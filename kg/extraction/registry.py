"""Registry: every extractor, and running them over one article.

`extract_article` is a pure function of an article's text, its metadata and
the NER spans (and parses) of that text, so it can run in any worker process
(or a cluster engine) and give the same result as a serial build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from kg.extraction.context import Context
from kg.model import Article, Extraction
from kg.nlp import Span
from kg.recognising import find_acronyms, recognise
from kg.resolving import resolve_article
from kg.sentences import split_sentences

if TYPE_CHECKING:
    from spacy.tokens import Doc


@dataclass(frozen=True)
class Extractor:
    """An extractor, the part of `Extraction` it fills, and its versioned name.

    The name (e.g. "quotes/1") is each module's `EXTRACTOR` and is recorded in the
    provenance of every statement it produces; bump it when its output changes.
    """

    name: str
    produces: str
    run: Callable[[Context], list]


def registry() -> list[Extractor]:
    """Every extractor, in the order they run; imported lazily to keep start-up cheap."""
    from kg.extraction import deficits, events, quotes, relations, roles

    return [
        Extractor(roles.EXTRACTOR, "roles", roles.extract),
        Extractor(relations.EXTRACTOR, "relations", relations.extract),
        Extractor(quotes.EXTRACTOR, "quotes", quotes.extract),
        Extractor(events.EXTRACTOR, "events", events.extract),
        Extractor(deficits.EXTRACTOR, "deficits", deficits.extract),
    ]


def needs_parse(text: str) -> bool:
    """Does any extractor read the parse of this sentence? A build parses only those;
    an extractor asking for another sentence's parse gets it made on demand."""
    return any(wants(text) for wants in _parse_wanted())


@cache
def _parse_wanted() -> tuple[Callable[[str], bool], ...]:
    """The extractors' own `needs_parse`, looked up once (this runs for every sentence)."""
    from kg.extraction import events, quotes, roles

    return quotes.needs_parse, events.needs_parse, roles.needs_parse


def extract_article(article: Article, spans: list[Span],
                    parses: dict[int, Doc] | None = None) -> Extraction:
    """Recognise, resolve and relate everything in one cleaned article, given its NER
    spans and (from a build) its sentences' parses, which are otherwise made on demand."""
    sentences = split_sentences(article.text)
    mentions = recognise(article.text, spans, article.outlet)
    resolved = resolve_article(
        article.name, article.text, sentences, mentions, find_acronyms(article.text),
        article.outlet,
    )
    ctx = Context(article, sentences, resolved, dict(parses or {}))
    result = Extraction(article)
    for extractor in registry():
        ctx.found[extractor.produces] = extractor.run(ctx)
        getattr(result, extractor.produces).extend(ctx.found[extractor.produces])
    # after the extractors, which may file an actor named in words no mention covers
    result.entities = list(resolved.entities.values())
    return result
