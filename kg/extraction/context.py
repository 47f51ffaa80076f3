"""Context: what every extractor reads about one article.

Kept apart from the registry so that extractors and the registry can both
import it without a cycle.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from kg.cleaning import macro
from kg.dating import DateMention, find_dates
from kg.model import Article, DateValue, Entity, Evidence, Sentence
from kg.nlp import parse
from kg.resolving import Resolved, entity_key

if TYPE_CHECKING:
    from collections.abc import Callable

    from spacy.tokens import Doc


#: A line that is a year alone, as a timeline heads each year's entries.
_YEAR_HEADING = re.compile(r"^[ \t]*((?:19|20)\d\d):?[ \t]*$", re.MULTILINE)
#: What ends a timeline entry's date label: "5 June: ...", "March 2024 – ...".
_LABEL_END = re.compile(r"\s*[:–—-]\s")


@dataclass
class Context:
    """The article, its sentences, its resolved actors, and their parses on demand."""

    article: Article
    sentences: list[Sentence]
    resolved: Resolved
    _parses: dict[int, Doc] = field(default_factory=dict, repr=False)
    #: What the extractors run so far have produced, by the part of `Extraction` they
    #: fill ("quotes"): a later one reads who said a sentence from it.
    found: dict[str, list] = field(default_factory=dict, repr=False)

    def evidence(self, sentence: Sentence, extractor: str, confidence: float = 0.9) -> Evidence:
        return Evidence(self.article.name, sentence.text, sentence.start, sentence.end,
                        extractor, confidence)

    def name(self, key: str) -> str:
        return self.resolved.entities[key].name

    def type(self, key: str) -> str:
        return self.resolved.entities[key].type

    def ranked(self, fits: Callable[[str], bool]) -> list[str]:
        """The actors whose type `fits`, the most often named first (the first named on
        a tie): an article's own council, care board or government department."""
        counts = Counter(k for _, k in self.resolved.links if fits(self.type(k)))
        return [k for k, _ in counts.most_common()]

    @cached_property
    def _starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    @cached_property
    def _year_headings(self) -> list[tuple[int, int]]:
        return [(m.start(), int(m[1])) for m in _YEAR_HEADING.finditer(self.article.text)]

    def dates(self, sentence: Sentence) -> list[DateMention]:
        """The dates `sentence` states, a month or day without a year in the year of the
        last heading above it that is a year alone (a timeline's "2024", then "5 June:
        ..."), else in the publication's."""
        heading = [y for at, y in self._year_headings if at < sentence.start]
        return find_dates(sentence.text, self.article.published,
                          heading[-1] if heading else None)

    def entry_dates(self, sentence: Sentence) -> list[DateMention]:
        """The date that labels the timeline entry `sentence` goes on in ("5 June: The
        director resigns. Her deputy is named interim director."), placed at its start;
        none when `sentence` opens its line or the line opens with no date and colon."""
        line = self.article.text.rfind("\n", 0, sentence.start) + 1
        if line == sentence.start:
            return []
        head = self.article.text[line:sentence.start]
        year = [y for at, y in self._year_headings if at < line]
        label = next(iter(find_dates(head, self.article.published, year[-1] if year else None)),
                     None)
        if label is None or label.start or not _LABEL_END.match(head, label.end):
            return []
        return [replace(label, start=0, end=0)]

    @cached_property
    def _live_entries(self) -> list[re.Match[str]]:
        """A live page's entries, each opening with the time it was posted ("9.02pm –"); not
        a recording's chapter marks, which count from 00:00."""
        opening = re.compile(rf"^[ \t]*({macro('TIME').pattern})[ \t]*[–—-][ \t]", re.MULTILINE)
        entries = list(opening.finditer(self.article.text))
        hours = [int(hour[0]) for m in entries if (hour := re.match(r"\d+", m[1]))]
        if hours and (hours[0] == 0 or max(hours) > 23):
            return []  # a recording's chapter marks ("00:00 – Introduction", "41:15 – ...")
        return entries if len(entries) > 1 else []

    def posted_on(self, sentence: Sentence) -> list[DateMention]:
        """The publication day, for a sentence in a live page's timed entry: what the entry
        tells happened that day ("9.02pm – Amendment defeated. The amendment falls")."""
        entry = [m for m in self._live_entries if m.start() <= sentence.start]
        published = self.article.published
        if not entry or not published:
            return []
        return [DateMention(0, 0, DateValue(entry[-1][1], published[:10], False))]

    def before(self, sentence: Sentence) -> Sentence | None:
        """The sentence before `sentence`, where "it", "its" or "she" look for whom they
        stand for (None for the first)."""
        i = bisect_right(self._starts, sentence.start) - 1
        return self.sentences[i - 1] if i > 0 else None

    def sentence_at(self, offset: int) -> Sentence:
        """The sentence holding the article offset `offset`."""
        return self.sentences[max(bisect_right(self._starts, offset) - 1, 0)]

    def named_in(self, sentence: Sentence, fits: Callable[[str], bool]) -> list[str]:
        """The actors `sentence` names whose type `fits`, in text order (a sentence's
        first is usually its subject)."""
        return [k for _, k in self.resolved.in_span(sentence.start, sentence.end)
                if fits(self.type(k))]

    def most_named(self, kind: str) -> str | None:
        """The actor of `kind` the article names most often (the first named on a tie)."""
        return next(iter(self.ranked(lambda t: t == kind)), None)

    def doer(self, sentence: Sentence, offset: int) -> str | None:
        """The actor that does what the verb at `offset` says: the verb's subject (the
        noun a relative "who" stands for), or, where that is a pronoun or missing, the
        subject of the verb it is joined to or reported by ("X said it had issued a notice
        and appointed Y": X appointed)."""
        doc = self.parse(sentence)
        at = offset - sentence.start
        token = next((t for t in doc if t.idx <= at < t.idx + len(t)), None)
        while token is not None:
            subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
            if subject is not None and subject.tag_ == "WP" and token.dep_ == "relcl":
                subject = token.head  # "Ann Lee, who ...": Ann Lee
                while subject.dep_ == "appos":  # "Ann Lee, a teacher who ...": Ann Lee
                    subject = subject.head
            if subject is not None and subject.pos_ != "PRON":
                start = sentence.start + subject.left_edge.idx
                end = sentence.start + subject.right_edge.idx + len(subject.right_edge)
                at = sentence.start + subject.idx
                named = sorted(self.resolved.in_span(start, end),  # the head's own first
                               key=lambda mk: not mk[0].start <= at < mk[0].end)
                return named[0][1] if named else None
            token = token.head if token.dep_ in ("conj", "ccomp") else None
        return None

    def parse(self, sentence: Sentence) -> Doc:
        """The parse of one sentence (tags, lemmas, dependencies, entities): the build's
        own from `kg.nlp.analyse`, else made the first time an extractor asks. Token
        offsets in the Doc are relative to `sentence.start`.
        """
        doc = self._parses.get(sentence.start)
        if doc is None:
            doc = self._parses[sentence.start] = parse(sentence.text)
        return doc

    def actor(self, name: str, kind: str, sentence: Sentence, extractor: str) -> str:
        """The key of the actor `name`, filed from `sentence` when no mention named it.

        A party tag ("(Con)") or a ward after it names an actor in words the
        recogniser does not take for a name; the extractor that reads them files it.
        """
        key = entity_key(name, kind)
        entity = self.resolved.entities.get(key)
        if entity is None:
            entity = self.resolved.entities[key] = Entity(key, name, kind)
            entity.mentions.append(self.evidence(sentence, extractor))
        return key
