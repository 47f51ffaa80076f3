"""Segmenting: split cleaned text into sentences with character spans.

A rule splitter, not spaCy's: the small pipeline's sentence model merges
paragraphs and quoted speech, and every fact's evidence must be one readable
sentence. A sentence never crosses a line break; honorifics do not end one.

A "sentence" with no full stop can be a whole page, and every extractor,
evidence node and page tooltip costs in proportion to its sentence's (or its
paragraph's) length. So a build cuts an article's lines longer than
`settings.SENTENCE_MAX_CHARS` at a sentence end or a space (`bound_lines`), and a
sentence longer than that, which has no space to cut at, is cut into pieces.
"""

from __future__ import annotations

import re
from functools import cache

from kg import settings
from kg.data import load
from kg.model import Sentence

_END = re.compile(r"[.!?…]+[\"”’']*(?=\s+[\"“‘'(\[]?[A-Z0-9£])")


@cache
def _no_break_words() -> frozenset[str]:
    actors = load("actors.json")
    return frozenset(w.lower() for w in [*actors["person_titles"], "St", "No", "Co", "Ltd", "vs"])


_SENTENCE_BREAK = re.compile(r"[.!?…]+[\"”’')\]]* ")


def bound_lines(text: str) -> str:
    """`text` with each line longer than `settings.SENTENCE_MAX_CHARS` broken where a space
    was: after the last sentence end in the line's second half, else at its last space.
    Every offset stays valid, as only spaces become line breaks."""
    limit = settings.SENTENCE_MAX_CHARS
    if all(len(line) <= limit for line in text.split("\n")):
        return text
    chars = list(text)
    start = 0
    for line in text.split("\n"):
        at, end = start, start + len(line)
        while end - at > limit:
            lo, hi = at + limit // 2, at + limit + 1
            ends = [m.end() - 1 for m in _SENTENCE_BREAK.finditer(text, lo, hi)]
            cut = ends[-1] if ends else text.rfind(" ", lo, hi)
            if cut < 0:
                break  # no space to break at: split_sentences cuts the run instead
            chars[cut] = "\n"
            at = cut + 1
        start = end + 1
    return "".join(chars)


def split_sentences(text: str) -> list[Sentence]:
    """Sentences of `text` in order; spans index into `text`."""
    out: list[Sentence] = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        body = line.group()
        cut = 0
        for end in _END.finditer(body):
            word = re.search(r"(\w+)\W*$", body[cut : end.start() + 1])
            if word and word.group(1).lower() in _no_break_words() and body[end.start()] == ".":
                continue
            if word and len(word.group(1)) == 1 and word.group(1).isupper():
                continue  # an initial, as in "J. Smith"
            _add(out, text, start + cut, start + end.end())
            cut = end.end()
        _add(out, text, start + cut, start + len(body))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start > settings.SENTENCE_MAX_CHARS:
        for at, piece in bounded(start, text[start:end]):
            _add(out, text, at, at + len(piece))
    elif end > start:
        out.append(Sentence(text[start:end], start, end))


def bounded(start: int, text: str) -> list[tuple[int, str]]:
    """`text`, starting at offset `start`, as (offset, piece) pairs of at most
    `settings.SENTENCE_MAX_CHARS` characters each, cut after a space where there is one
    in the piece's second half."""
    out = []
    limit = settings.SENTENCE_MAX_CHARS
    while len(text) > limit:
        cut = text.rfind(" ", limit // 2, limit) + 1 or limit
        out.append((start, text[:cut]))
        start, text = start + cut, text[cut:]
    out.append((start, text))
    return out
