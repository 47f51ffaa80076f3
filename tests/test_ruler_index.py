"""The indexed attribute ruler tags exactly as spaCy's own: same POS, morphology and
lemmas, token for token."""

from __future__ import annotations

import spacy
from spacy.language import Language

from kg.nlp import pipeline_name
from kg.ruler_index import RulerIndex, index_attribute_ruler
from kg.sentences import split_sentences
from tests.conftest import SEEDS

# Text of our own in several registers: contractions, dialect spellings the ruler's
# exceptions name, existential "there", determiners as pronouns, doubled spaces.
OWN = [
    "I ain't gonna sign it, y'all, said the councillor who'd chaired the panel.",
    "Let's be clear: nothin' doin' until they've seen the figures, c'mon.",
    "There is a plan, and there were ten of them; that which she did was  odd.",
    "Those who can't wait are the ones it hurts, so we'll meet again in May.",
    "Had the board known, it would've acted; whether it will is another matter.",
]


def _pipelines() -> tuple[Language, Language]:
    plain = spacy.load(pipeline_name(), exclude=["senter"])
    indexed = spacy.load(pipeline_name(), exclude=["senter"])
    index_attribute_ruler(indexed)
    return plain, indexed


def test_indexed_ruler_tags_every_token_as_spacys_does() -> None:
    plain, indexed = _pipelines()
    assert isinstance(indexed.get_pipe("attribute_ruler").match, RulerIndex)
    texts = OWN + [s.text for p in sorted(SEEDS.glob("*.txt"))
                   for s in split_sentences(p.read_text(encoding="utf-8"))]

    def seen(nlp: Language) -> list[tuple[str, ...]]:
        return [(t.text, t.pos_, t.tag_, t.dep_, str(t.morph), t.lemma_)
                for doc in nlp.pipe(texts) for t in doc]

    expected, got = seen(plain), seen(indexed)
    assert len(expected) > 2_000
    assert got == expected


def test_a_pattern_the_index_cannot_read_keeps_spacys_matcher() -> None:
    _, indexed = _pipelines()
    ruler = indexed.get_pipe("attribute_ruler")
    ruler.add([[{"LOWER": "very", "OP": "+"}, {"POS": "ADJ"}]], {"TAG": "RB"})
    del ruler.match  # back to the class's own
    index_attribute_ruler(indexed)
    assert not isinstance(ruler.match, RulerIndex)
    assert [t.tag_ for t in indexed("It was very very good.")][2:4] == ["RB", "RB"]
