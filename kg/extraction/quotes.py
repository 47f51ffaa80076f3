"""Quotes: direct and reported speech with its speaker resolved.

Direct speech in straight or curly double quotes, across sentences and across
paragraphs (a paragraph that opens a quote without closing it continues into
the next); the speaker is the named actor beside the speech verb, a pronoun
or "the spokesman" pointing back, an organisation's unnamed spokesperson, or a
document ("the report adds") standing for the body last named. Reported speech
in single quotes after a speech verb is a quote of that sentence's speaker.
"""

from __future__ import annotations

import re
from functools import cache

from kg.data import load
from kg.extraction.context import Context
from kg.extraction.voice import voice
from kg.model import Quote, Sentence

EXTRACTOR = "quotes/1"
PERSON = "Person"
_DOUBLE = re.compile(r"[“\"]([^“”\"]+)(?:[”\"]|$)", re.MULTILINE)
_SINGLE = re.compile(r"(?:(?<![\w])'([^'\n]+?)'(?![\w])|‘([^‘\n]+?)’(?![a-z]))")


@cache
def _data() -> dict:
    return load("speech.json")


@cache
def _verb() -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(_data()["verbs"]) + r")\b", re.IGNORECASE)


def _paragraph(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


class _Speakers:
    """Remembers who spoke last, for pronouns, 'the spokesman' and continued quotes."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.last: str | None = None
        self.spokes = self._spokespeople()

    def _spokespeople(self) -> list[tuple[int, str]]:
        """(position, organisation) of every 'a spokesman from ORG' in the article."""
        out = []
        for m in re.finditer(_data()["spokesperson"], self.ctx.article.text, re.IGNORECASE):
            orgs = [k for mm, k in self.ctx.resolved.links
                    if 0 <= mm.start - m.end() <= 4 and self.ctx.type(k) != PERSON]
            if orgs:
                out.append((m.start(), orgs[0]))
        return out

    def spokes_before(self, pos: int) -> str | None:
        keys = [k for p, k in self.spokes if p < pos]
        return keys[-1] if keys else None

    def mentions(self, start: int, end: int) -> list[tuple[int, str]]:
        """Actors that can speak: people and organisations, not places."""
        return [(m.start, k) for m, k in self.ctx.resolved.in_span(start, end)
                if self.ctx.type(k) != "Place"]

    def last_before(self, pos: int, person: bool | None) -> str | None:
        keys = [k for m, k in self.ctx.resolved.links if m.end <= pos
                and (person is None or (self.ctx.type(k) == PERSON) == person)]
        return keys[-1] if keys else None

    def attribute(self, clause_start: int, clause_end: int, quote_start: int,
                  near: int) -> tuple[str, str] | None:
        """Speaker in a clause holding a speech verb: (key, how) or None."""
        clause = self.ctx.article.text[clause_start:clause_end]
        if not _verb().search(clause):
            return None
        found = self.mentions(clause_start, clause_end)
        if re.search(_data()["spokesperson"], clause, re.IGNORECASE):
            key = self.spokes_before(clause_end)
            if key:
                return key, "spokesperson"
        people = [k for _, k in found if self.ctx.type(k) == PERSON]
        if people:
            return min(people, key=lambda k: abs(self._pos(k, found) - near)), "named"
        back = re.search(_data()["spokesperson_back"], clause, re.IGNORECASE)
        if back and self.spokes_before(clause_start + back.start()):
            return self.spokes_before(clause_start + back.start()), "spokesperson"
        words = {w.lower() for w in re.findall(r"\w+", clause)}
        if words & set(_data()["person_pronouns"]):
            key = self.last_before(quote_start, person=True)
            key = key or (self.last if self.last and self.ctx.type(self.last) == PERSON else None)
            return (key, "pronoun") if key else None
        if any(d in clause.lower() for d in _data()["documents"]):
            key = self.last_before(quote_start, person=False)
            return (key, "document") if key else None
        if found:
            return found[0][1], "named"
        return None

    @staticmethod
    def _pos(key: str, found: list[tuple[int, str]]) -> int:
        return next(s for s, k in found if k == key)


def _direct(ctx: Context, speakers: _Speakers) -> list[Quote]:
    text = ctx.article.text
    out: list[Quote] = []
    open_quote = False
    for m in _DOUBLE.finditer(text):
        words = m.group(1).split()
        p_start, p_end = _paragraph(text, m.start())
        continued = m.start() == p_start and open_quote
        open_quote = m.group().rstrip()[-1:] not in "”\""
        if len(words) < _data()["min_direct_words"]:
            continue
        before = max(p_start, text.rfind("”", p_start, m.start()) + 1)
        after_end = _sentence_end(text, m.end(), p_end)
        who = speakers.attribute(m.end(), after_end, m.start(), m.end()) or speakers.attribute(
            before, m.start(), m.start(), m.start())
        if who is None and (continued or m.start() == p_start) and speakers.last:
            who = (speakers.last, "continued")
        if who is None:
            continue
        speakers.last = who[0]
        start = _antecedent(ctx, who[0], p_start, p_end)
        sentence = Sentence(text[start:p_end], start, p_end)
        out.append(Quote(who[0], m.group(1).strip().rstrip(","), ctx.evidence(
            sentence, f"{EXTRACTOR}:{who[1]}", 0.9 if who[1] == "named" else 0.7)))
    return out


def _antecedent(ctx: Context, speaker: str, p_start: int, p_end: int) -> int:
    """Where the evidence starts: the paragraph, or earlier, from the sentence that names
    a speaker the paragraph only points to ("he said", a continued quote)."""
    if ctx.resolved.in_span(p_start, p_end) and any(
            k == speaker for _, k in ctx.resolved.in_span(p_start, p_end)):
        return p_start
    before = [m.start for m, k in ctx.resolved.links if k == speaker and m.start < p_start]
    if not before:
        return p_start
    return next((s.start for s in ctx.sentences if s.start <= before[-1] < s.end), p_start)


def _sentence_end(text: str, start: int, limit: int) -> int:
    m = re.search(r"[.!?](?=\s|$)", text[start:limit])
    return start + m.end() if m else limit


def _reported(ctx: Context) -> list[Quote]:
    out = []
    for sentence in ctx.sentences:
        for m in _SINGLE.finditer(sentence.text):
            words = (m.group(1) or m.group(2)).strip(" ,.")
            if " " not in words:
                continue
            lead = sentence.text[: m.start()]
            if not _verb().search(lead):
                continue
            lead_end = sentence.start + m.start()
            people = [k for _, k in ctx.resolved.in_span(sentence.start, lead_end)
                      if ctx.type(k) == PERSON]
            if people:
                evidence = ctx.evidence(sentence, f"{EXTRACTOR}:reported", 0.7)
                out.append(Quote(people[-1], words, evidence, reported=True))
    return out


def _voiced(ctx: Context) -> list[Quote]:
    """Paragraphs outside quotation marks that open with "We": the article's own voice."""
    speaker = voice(ctx)
    if speaker is None:
        return []
    opener = re.compile(rf"^(?:{'|'.join(_data()['voice']['openers'])})\b")
    out = []
    for sentence in ctx.sentences:
        at_line_start = sentence.start == 0 or ctx.article.text[sentence.start - 1] == "\n"
        if at_line_start and opener.match(sentence.text):
            start = next(s.start for s in ctx.sentences
                         if any(k == speaker for _, k in ctx.resolved.in_span(s.start, s.end)))
            passage = Sentence(ctx.article.text[start : sentence.end], start, sentence.end)
            evidence = ctx.evidence(passage, f"{EXTRACTOR}:voice", 0.6)
            out.append(Quote(speaker, sentence.text, evidence))
    return out


def extract(ctx: Context) -> list[Quote]:
    return _direct(ctx, _Speakers(ctx)) + _reported(ctx) + _voiced(ctx)
