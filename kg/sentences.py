"""Segmenting: split cleaned text into sentences with character spans.

A rule splitter, not spaCy's: the small pipeline's sentence model merges
paragraphs and quoted speech, and every fact's evidence must be one readable
sentence. A sentence never crosses a line break; honorifics do not end one.
"""

from __future__ import annotations

import re
from functools import cache

from kg.data import load
from kg.model import Sentence

_END = re.compile(r"[.!?…]+[\"”’']*(?=\s+[\"“‘'(\[]?[A-Z0-9£])")


@cache
def _no_break_words() -> frozenset[str]:
    actors = load("actors.json")
    return frozenset(w.lower() for w in [*actors["person_titles"], "St", "No", "Co", "Ltd", "vs"])


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
    if end > start:
        out.append(Sentence(text[start:end], start, end))
