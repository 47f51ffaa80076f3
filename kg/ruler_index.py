"""The English pipeline's attribute ruler, matched by looking its patterns up.

spaCy's `attribute_ruler` maps each token's tag (and a few words and
dependencies) to its POS and morphology, which the lemmatizer and our
extractors read. It runs its ~180 patterns through a `Matcher` that tries every
pattern at every token: about a sixth of the time of the tagger, parser and
lemmatizer on news copy. Which patterns can start at a token depends only on the
few attributes their first tokens test (tag, word, dependency, whether it is
space), so that is worked out once per distinct combination and remembered; only
the rest of a longer pattern is checked at the token.

The matches are the Matcher's, in its order, and spaCy's own `set_annotations`
applies them: a pipeline whose ruler has a pattern this index cannot read keeps
spaCy's Matcher.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from contextlib import suppress
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc, Token

#: Token attributes a pattern may test, as read off a token.
_READ: dict[str, Callable[[Token], Any]] = {
    "TAG": lambda t: t.tag_, "LOWER": lambda t: t.lower_, "DEP": lambda t: t.dep_,
    "ORTH": lambda t: t.text, "TEXT": lambda t: t.text, "POS": lambda t: t.pos_,
    "IS_SPACE": lambda t: t.is_space,
}

#: Distinct token signatures remembered at once (a few MB).
_REMEMBERED = 50_000

Test = Callable[["Token"], bool]


class _Unreadable(Exception):
    """A pattern this index does not read: spaCy's Matcher keeps it."""


def _test(attr: str, want: Any) -> Test:
    if attr not in _READ:
        raise _Unreadable(attr)
    read = _READ[attr]
    if not isinstance(want, dict):
        return lambda t: read(t) == want
    if len(want) != 1:
        raise _Unreadable(want)
    [(op, value)] = want.items()
    if op == "IN":
        chosen = frozenset(value)
        return lambda t: read(t) in chosen
    if op == "NOT_IN":
        barred = frozenset(value)
        return lambda t: read(t) not in barred
    if op == "REGEX":
        search = re.compile(value).search
        return lambda t: bool(search(read(t)))
    raise _Unreadable(op)


class _Pattern:
    """One pattern: a test per token, and the attributes its first token's tests read."""

    def __init__(self, key: int, label: int, tokens: list[dict[str, Any]]) -> None:
        if not tokens:
            raise _Unreadable(tokens)
        self.key, self.label, self.width = key, label, len(tokens)
        self.reads = set(tokens[0])
        self.tests = [[_test(attr, want) for attr, want in token.items()] for token in tokens]

    def starts(self, token: Token) -> bool:
        return all(test(token) for test in self.tests[0])

    def ends(self, doc: Doc, at: int) -> bool:
        """Whether the tokens after the first match too, the first being at `at`."""
        if at + self.width > len(doc):
            return False
        return all(test(doc[at + i]) for i in range(1, self.width) for test in self.tests[i])


class RulerIndex:
    """`AttributeRuler.match`, remembering which patterns' first token a token's
    attributes satisfy instead of trying every pattern at every token."""

    def __init__(self, ruler: AttributeRuler) -> None:
        strings = ruler.vocab.strings
        self.patterns = [_Pattern(key, strings[str(key)], tokens)
                         for key in range(len(ruler.attrs))
                         for tokens in ruler.matcher.get(strings[str(key)])[1]]
        self.reads = [_READ[a] for a in sorted({a for p in self.patterns for a in p.reads})]
        self.starting: dict[tuple, list[_Pattern]] = {}

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        found: set[tuple[int, int, int, int]] = set()
        for at, token in enumerate(doc):
            seen = tuple(read(token) for read in self.reads)
            starting = self.starting.get(seen)
            if starting is None:
                if len(self.starting) == _REMEMBERED:  # a new vocabulary's worth: start again
                    self.starting.clear()
                starting = self.starting[seen] = [p for p in self.patterns if p.starts(token)]
            found.update((p.key, p.label, at, at + p.width) for p in starting
                         if p.width == 1 or p.ends(doc, at))
        return sorted(found)


def index_attribute_ruler(nlp: Language) -> None:
    """Match the pipeline's attribute ruler through `RulerIndex`, where it can read
    every pattern of it."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    with suppress(_Unreadable):
        ruler.match = RulerIndex(ruler)
